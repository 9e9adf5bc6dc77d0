// One generated case: an Open Badges 3.0 credential (VC 2.0 or VC 1.1, bundled
// context URLs only) with one to three JSON-LD features (features.mjs) in an
// inline context and in its members, signed with eddsa-rdfc-2022 by the
// Digital Bazaar stack, plus mutated copies (mutations.mjs). Everything is
// drawn from Rng(seed, index, ...), so (seed, index) gives byte-identical
// files on every run.
//
// The credentials are otherwise valid for Rosette's whole verdict: the issuer
// is the did:key whose key signs, validFrom is before AT and nothing expires,
// there is no credentialStatus; so the proof decides.

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

import {FEATURES} from './features.mjs';
import {RawNumber, clone, serialize, toPlain} from './json.mjs';
import {documentLoader} from './loader.mjs';
import {MUTATIONS, applyMutation} from './mutations.mjs';
import {Rng} from './prng.mjs';

/** The instant both sides verify "as of". */
export const AT = '2025-06-01T00:00:00Z';
const VALID_FROM = '2025-01-01T00:00:00Z';
const CREATED = '2025-01-01T00:00:00Z';

// TEST-ONLY key seed, published on purpose so anyone can regenerate the cases.
const ISSUER_SEED = '6466662d726f73657474652d646966666572656e7469616c2d69737375657221';

export const NS = 'https://example.org/diff#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

const VC2 = 'https://www.w3.org/ns/credentials/v2';
const VC1 = 'https://www.w3.org/2018/credentials/v1';
const DI2 = 'https://w3id.org/security/data-integrity/v2';
// The bundled Open Badges contexts each VC version signs with (the others
// redefine protected terms of that VC context).
const OB_FOR = {
  [VC2]: ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json'],
  [VC1]: ['https://purl.imsglobal.org/spec/ob/v3p0/context.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    'https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json',
    'https://imsglobal.github.io/openbadges-specification/ob_v3p0.html'],
};

const WORDS = ['alpha', 'Badge', 'delta', 'Echo', 'kilo', 'Lima', 'oscar', 'Sierra', 'tango', 'zulu'];
const NUMBERS = ['0', '1', '-7', '42', '1.0', '-0', '-0.0', '0.1', '1.5', '100.0', '1e3', '1E-7', '2.5e+300',
  '9007199254740993', '12345678901234567890', '-12345678901234567890', '1e21', '123456789012345680000', '0.000001',
  '1e-7', '5e-324', '1.7976931348623157e308', '3.14159265358979323846'];
const STRING_PARTS = ['plain', '\u{1F600}', '\u{1D11E}', '\u{10000}', '\u{E000}', '\u{FFFD}', '\u{FF21}', '\u{F8FF}',
  '\u0001', '\u001f', '\u007f', '\t', '\n', '\r', '"', '\\', '\u2028', '\u00e9', 'e\u0301', '<>', ' ', '\u0000',
  '\u{10FFFF}', '\u200F', '_:b0', '@id'];

/** What build() functions in features.mjs get: the document under construction. */
export class Builder {
  constructor(rng, version) {
    this.rng = rng;
    this.version = version;
    this.n = 0;
    this.ctx = {dfx: NS, dxs: XSD};
    this.extras = [];
    this.terms = [];
    this.typeTerms = [];
    this.meta = {nestAliases: [], jsonTerms: []};
    this.hosts = null; // set by buildCase
    this.placed = null;
  }

  /** A fresh term name (never one the bundled contexts define). */
  term(hint) {
    return `x${hint}${++this.n}`;
  }

  /** A fresh type term: `base` plus a counter (base carries the ordering characters). */
  typeTerm(base = 'T') {
    const t = `${base}${++this.n}`;
    this.typeTerms.push(t);
    return t;
  }

  iri(local) {
    return NS + encodeURIComponent(local);
  }

  /** Defines a term in the credential's main inline context. */
  def(term, definition) {
    this.ctx[term] = definition;
    if(!this.terms.includes(term)) {
      this.terms.push(term);
    }
  }

  /** Appends another inline context after the main one. */
  extraContext(context) {
    this.extras.push(context);
  }

  /**
   * Puts a member into one of the credential's nodes (subject, credential,
   * achievement). `defineHost` defines the key as a plain property first.
   */
  place(key, value, {defineHost = false, contextDirection} = {}) {
    if(defineHost) {
      this.def(key, this.iri(key));
    }
    if(contextDirection) {
      this.ctx['@direction'] = contextDirection;
    }
    const host = this.rng.weighted([[5, this.hosts.subject], [3, this.hosts.credential], [2, this.hosts.achievement]]);
    host[key] = value;
    this.placed = value;
  }

  word() {
    return `${this.rng.pick(WORDS)}${this.rng.int(100)}`;
  }

  /** A plain literal: a word, a small integer or a boolean. */
  simple() {
    return this.rng.weighted([[7, () => this.word()], [2, () => new RawNumber(String(this.rng.int(1000)))],
      [1, () => this.rng.chance(0.5)]])();
  }

  number() {
    return new RawNumber(this.rng.pick(NUMBERS));
  }

  exoticString() {
    return Array.from({length: this.rng.range(1, 4)}, () => this.rng.pick(STRING_PARTS)).join('');
  }

  /** A node identifier: a compact IRI, an absolute IRI or (allowBlank) a blank node. */
  nodeId(allowBlank = false) {
    const k = ++this.n;
    return this.rng.weighted([[3, `dfx:node${k}`], [2, `https://example.org/node/${k}`],
      [allowBlank ? 1 : 0, `_:b${k}`]]);
  }
}

let issuerKeyPromise;
/** The issuer: a did:key and its Multikey signer. */
export function issuerKey() {
  issuerKeyPromise ??= (async () => {
    const seed = Buffer.from(ISSUER_SEED, 'hex');
    const probe = await Ed25519Multikey.generate({seed});
    const did = `did:key:${probe.publicKeyMultibase}`;
    const key = await Ed25519Multikey.generate({seed, controller: did});
    return {did, key};
  })();
  return issuerKeyPromise;
}

function uuid(rng) {
  const hex = Array.from({length: 32}, () => rng.int(16).toString(16)).join('');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** How many features a credential carries. */
function featureCount(rng) {
  return rng.weighted([[1, 0], [11, 1], [6, 2], [3, 3]]);
}

/**
 * Builds the unsigned credential of case (seed, index).
 *
 * @returns {{doc: object, features: object[], version: string, meta: object}}
 */
export function buildCredential(seed, index, did) {
  const rng = new Rng(seed, index, 'credential');
  const version = rng.chance(0.6) ? VC2 : VC1;
  const features = rng.sample(FEATURES, featureCount(rng));
  const achievement = {
    id: `https://example.org/achievements/${rng.int(1000)}`,
    type: ['Achievement'],
    name: `Achievement ${rng.pick(WORDS)}`,
    description: 'Generated by the differential test.',
    criteria: {narrative: 'Generated.'},
  };
  const subject = {type: ['AchievementSubject'], achievement};
  if(rng.chance(0.5)) {
    subject.id = `did:example:${rng.int(100000)}`;
  }
  const credential = {
    '@context': null,
    id: uuid(rng),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `Credential ${rng.pick(WORDS)}`,
    issuer: rng.chance(0.8) ? {id: did, type: ['Profile'], name: 'Differential Test Issuer'} : did,
    [version === VC2 ? 'validFrom' : 'issuanceDate']: VALID_FROM,
    credentialSubject: subject,
  };
  const g = new Builder(new Rng(seed, index, 'features'), version);
  g.hosts = {subject, credential, achievement};
  for(const feature of features) {
    feature.build(g);
  }
  const context = [version, rng.pick(OB_FOR[version])];
  if(version === VC1) {
    context.push(DI2);
  }
  if(features.length) {
    context.push(g.ctx, ...g.extras);
  }
  credential['@context'] = context;
  return {
    doc: credential, version: version === VC2 ? 'vc2' : 'vc1',
    features: features.map(f => ({name: f.name, group: f.group, issue: f.issue, mutations: f.mutations ?? []})),
    meta: {...g.meta, terms: g.terms, typeTerms: g.typeTerms},
  };
}

/**
 * Signs a credential (a tree with RawNumbers) as the Digital Bazaar stack does,
 * in safe mode. If that throws, the reference refuses the document; it is then
 * signed without safe mode (what jsonld.js computes when it drops what safe
 * mode objects to), so Rosette is shown a proof the reference would not make:
 * it must not say "valid". If even that throws, the case has no signed file.
 *
 * @returns {Promise<{proof: object|null, refused: string|null}>}
 */
export async function signCredential(doc) {
  const {key} = await issuerKey();
  const issue = (cryptosuite, credential = doc) => vc.issue({
    credential: toPlain(credential),
    suite: new DataIntegrityProof({signer: key.signer(), cryptosuite, date: CREATED}),
    documentLoader,
  });
  try {
    return {proof: (await issue(eddsaRdfc2022)).proof, refused: null};
  } catch(e) {
    const refused = errorText(e);
    // Without safe mode, and without rdf-canonize's limit on blank-node
    // hashing work (the verifiers keep theirs).
    const unsafe = {...eddsaRdfc2022, canonize: (input, options) =>
      eddsaRdfc2022.canonize(input, {...options, safe: false, maxDeepIterations: Infinity})};
    try {
      return {proof: (await issue(unsafe)).proof, refused};
    } catch {
      // Not even that: sign the document with its last inline contexts left
      // out, so the proof fits the document as a processor that ignored them
      // would read it.
      const context = doc['@context'];
      for(let keep = context.length - 1; keep >= 2; keep--) {
        try {
          const {proof} = await issue(eddsaRdfc2022, {...doc, '@context': context.slice(0, keep)});
          return {proof, refused};
        } catch {
          // try with fewer
        }
      }
      return {proof: null, refused};
    }
  }
}

/** A readable message from a jsonld.js / jsonld-signatures error. */
export function errorText(error) {
  if(!error) {
    return null;
  }
  const first = Array.isArray(error) ? error[0] : error.errors?.[0] ?? error;
  const event = first?.details?.event;
  const why = event ? ` (${event.code}: ${event.message})` : '';
  const code = first?.details?.code && !event ? ` (${first.details.code})` : '';
  return `${first?.message ?? String(first)}${why}${code}`;
}

/**
 * Generates case (seed, index): the signed credential and its mutants, as file
 * texts.
 *
 * @param {object} options - {mutants: how many mutated copies}.
 * @returns {Promise<object>} {id, version, features, refused, files: [{variant, mutation, kind, text}]}
 */
export async function buildCase(seed, index, {mutants = 4} = {}) {
  const {did} = await issuerKey();
  const built = buildCredential(seed, index, did);
  const id = `s${seed}-c${String(index).padStart(6, '0')}`;
  const {proof, refused} = await signCredential(built.doc);
  const out = {id, version: built.version, features: built.features, refused, files: []};
  if(!proof) {
    return out;
  }
  const signed = {...built.doc, proof};
  const baseText = serialize(signed);
  out.files.push({variant: 'base', mutation: null, kind: 'original', text: baseText});
  const seen = new Set([baseText]);
  // Mutations the case's features name come first more often than the others.
  const targeted = MUTATIONS.filter(m => built.features.some(f => f.mutations?.includes(m.name)));
  for(let k = 0; k < mutants; k++) {
    const rng = new Rng(seed, index, 'mutation', k);
    for(let attempt = 0; attempt < 8; attempt++) {
      const mutation = targeted.length && rng.chance(0.6) ? rng.pick(targeted) : rng.pick(MUTATIONS);
      const text = applyMutation(mutation, clone(signed), rng, {...built.meta, version: built.version});
      if(text !== null && !seen.has(text)) {
        seen.add(text);
        out.files.push({variant: `m${k}-${mutation.name}`, mutation: mutation.name, kind: mutation.kind, text});
        break;
      }
    }
  }
  return out;
}
