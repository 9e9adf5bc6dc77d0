// A real HTTPS badge issuer on loopback, for the end-to-end tests of the online faces
// (link verification, "check again online", the network settings).
//
// At start it makes, in a fresh temporary folder:
// - a test certificate authority ("Rosette e2e test CA") and a server certificate for
//   `localhost` and 127.0.0.1 signed by it (with the `openssl` command line; the app trusts the
//   CA only when it is added as an extra trusted CA certificate);
// - an Ed25519 key (node:crypto), published in a did:web DID document at
//   /.well-known/did.json as a Multikey referenced from `assertionMethod`;
// - an Open Badges 3.0 OpenBadgeCredential secured as a VC-JWT (EdDSA) issued by that did:web,
//   whose `credentialStatus` is a BitstringStatusListEntry (revocation) into a status list
//   credential this server also serves, itself a VC-JWT signed with the same key.
//
// Served paths (anything else is 404; every request path is recorded in `requests`):
//   /.well-known/did.json      the DID document           application/did+json
//   /badges/badge.jwt          the badge                  application/jwt
//   /status/revocation.jwt     the status list credential application/jwt
//   /badges/page.html          a web page, not a badge    text/html
//
// The server answers from the event loop of the process that started it: while it must
// answer, wait for child processes asynchronously (execFile, spawn), never with
// execFileSync / spawnSync, or the request hangs until the child gives up.
//
// Node 20+ built-ins only. Importing this module starts nothing; running it directly
// (`node ui/e2e/issuer-server.mjs`) starts an issuer and keeps it up until Ctrl-C.

import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, gzipSync } from 'node:zlib';

/** The subject common name of the test certificate authority. */
export const caName = 'Rosette e2e test CA';

/** The JSON-LD contexts of the badge (the same as the committed VC-JWT fixtures). */
const CONTEXT_VC2 = 'https://www.w3.org/ns/credentials/v2';
const CONTEXT_OB303 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

/** Bitstring Status List v1.0: the minimum number of entries a list must have. */
const STATUS_LIST_ENTRIES = 131072;

const DAY_MS = 24 * 60 * 60 * 1000;

const PATHS = {
  didDocument: '/.well-known/did.json',
  badge: '/badges/badge.jwt',
  statusList: '/status/revocation.jwt',
  page: '/badges/page.html',
};

/**
 * @typedef {object} IssuerOptions
 * @property {string} [recipient]     the recipient's email (default jane.doe@example.org)
 * @property {boolean} [hashedRecipient]  carry the email as a salted sha256 hash, as issuers
 *                                    usually do (default true); false carries it in plain text
 * @property {string} [badgeName]     the achievement name (default "Loopback Networking Basics")
 * @property {string} [issuerName]    the issuer's self-declared name (default "Loopback Test Academy")
 * @property {Date} [validFrom]       the badge's start (default: one day ago)
 * @property {Date | null} [validUntil]  the badge's end (default: in one year; null for none)
 * @property {boolean} [revoked]      whether the badge starts revoked (default false)
 * @property {boolean} [quiet]        do not log openssl's progress (default true)
 */

/**
 * @typedef {object} Issuer
 * @property {string} origin       e.g. https://localhost:43127
 * @property {string} did          e.g. did:web:localhost%3A43127
 * @property {string} badgeUrl     the badge (an OB 3.0 VC-JWT issued by `did`)
 * @property {string} pageUrl      a URL answering text/html (a web page, not a badge)
 * @property {string} statusListUrl  the status list credential the badge points at
 * @property {string} didDocumentUrl  where the DID document is served
 * @property {string} didDocumentJson the DID document as served (JSON text), e.g. to give it to the
 *                                 app as a file
 * @property {string} badgeJwt     the badge as served
 * @property {string} credentialId the badge's id (urn:uuid:…)
 * @property {string} caCertPath   PEM file of the test CA that signed the server certificate
 * @property {string} caName       the CA's subject common name
 * @property {string} caDir        the temporary folder holding the generated files (removed by close())
 * @property {string} recipient    the recipient's email, plain
 * @property {string} badgeName    the achievement name the app shows
 * @property {string} issuerName   the issuer's self-declared name
 * @property {(revoked: boolean) => void} setRevoked  flips the badge's bit in the served status list
 * @property {string[]} requests   every request path served so far, in order (clear it with
 *                                 `requests.length = 0`)
 * @property {() => Promise<void>} close  stops the server and removes caDir
 */

/**
 * Starts an issuer on 127.0.0.1 (a free port) and resolves once it listens.
 * @param {IssuerOptions} [options]
 * @returns {Promise<Issuer>}
 */
export async function startIssuer(options = {}) {
  const recipient = options.recipient ?? 'jane.doe@example.org';
  const hashedRecipient = options.hashedRecipient ?? true;
  const badgeName = options.badgeName ?? 'Loopback Networking Basics';
  const issuerName = options.issuerName ?? 'Loopback Test Academy';
  const now = Date.now();
  const validFrom = options.validFrom ?? new Date(now - DAY_MS);
  const validUntil = options.validUntil === undefined ? new Date(now + 365 * DAY_MS) : options.validUntil;

  const caDir = mkdtempSync(path.join(tmpdir(), 'rosette-e2e-issuer-'));
  try {
    const tls = makeCertificates(caDir, options.quiet ?? true);
    const signingKey = generateKeyPairSync('ed25519');
    /** @type {string[]} */
    const requests = [];
    /** @type {Map<string, {type: string, body: string}>} */
    const documents = new Map();
    const server = createServer({ key: tls.serverKey, cert: tls.serverCert });
    server.on('request', (request, response) => {
      const requested = request.url ?? '/';
      requests.push(requested);
      const pathname = requested.split(/[?#]/, 1)[0];
      const document = documents.get(pathname);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
        response.end('method not allowed\n');
        return;
      }
      if (!document) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('not found\n');
        return;
      }
      response.writeHead(200, {
        'content-type': document.type,
        'content-length': Buffer.byteLength(document.body),
        'cache-control': 'no-store',
      });
      response.end(request.method === 'HEAD' ? undefined : document.body);
    });
    // A client that gives up mid-handshake (an untrusted certificate) is not a server error.
    server.on('tlsClientError', () => {});

    const port = await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });

    const origin = `https://localhost:${port}`;
    const did = `did:web:localhost%3A${port}`;
    const keyId = `${did}#key-1`;
    const badgeUrl = `${origin}${PATHS.badge}`;
    const statusListUrl = `${origin}${PATHS.statusList}`;
    const pageUrl = `${origin}${PATHS.page}`;
    const statusIndex = 1 + (randomBytes(4).readUInt32BE(0) % (STATUS_LIST_ENTRIES - 1));
    const credentialId = `urn:uuid:${randomUUID()}`;

    const jwt = (/** @type {Record<string, unknown>} */ claims) =>
      signJwt({ alg: 'EdDSA', typ: 'JWT', kid: keyId }, claims, signingKey.privateKey);

    const didDocumentJson = JSON.stringify(didDocument(did, keyId, signingKey.publicKey), null, 2);
    documents.set(PATHS.didDocument, { type: 'application/did+json', body: didDocumentJson });

    const credential = badgeCredential({
      credentialId,
      did,
      origin,
      issuerName,
      badgeName,
      recipient,
      hashedRecipient,
      validFrom,
      validUntil,
      statusListUrl,
      statusIndex,
    });
    const badgeJwt = jwt(vcJwtClaims(credential));
    documents.set(PATHS.badge, { type: 'application/jwt', body: badgeJwt });

    /** @param {boolean} revoked */
    const setRevoked = (revoked) => {
      const list = statusListCredential({ did, statusListUrl, revokedIndex: revoked ? statusIndex : null });
      documents.set(PATHS.statusList, { type: 'application/jwt', body: jwt(vcJwtClaims(list)) });
    };
    setRevoked(options.revoked ?? false);

    documents.set(PATHS.page, { type: 'text/html; charset=utf-8', body: webPage(badgeName, issuerName) });

    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      });
      rmSync(caDir, { recursive: true, force: true });
    };

    return {
      origin,
      did,
      badgeUrl,
      pageUrl,
      statusListUrl,
      didDocumentUrl: `${origin}${PATHS.didDocument}`,
      didDocumentJson,
      badgeJwt,
      credentialId,
      caCertPath: tls.caCertPath,
      caName,
      caDir,
      recipient,
      badgeName,
      issuerName,
      setRevoked,
      requests,
      close,
    };
  } catch (error) {
    rmSync(caDir, { recursive: true, force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Certificates

/**
 * Makes the test CA and the server certificate with `openssl ca`, the one openssl 3.0
 * command that takes an explicit start date (so a clock a little behind still accepts
 * them). Keys are EC P-256.
 * @param {string} dir
 * @param {boolean} quiet
 */
function makeCertificates(dir, quiet) {
  const file = (/** @type {string} */ name) => path.join(dir, name);
  const newKey = (/** @type {string} */ name) => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(file(name), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  };
  writeFileSync(file('index.txt'), '');
  // A positive serial (leading byte below 0x80), an even number of hex digits.
  writeFileSync(file('serial'), `1${randomBytes(8).toString('hex').slice(1)}\n`);
  writeFileSync(file('openssl.cnf'), opensslConfig());
  newKey('ca.key');
  newKey('server.key');

  const start = opensslTime(new Date(Date.now() - DAY_MS));
  const end = opensslTime(new Date(Date.now() + 30 * DAY_MS));
  const openssl = (/** @type {string[]} */ args) => {
    try {
      execFileSync('openssl', args, {
        cwd: dir,
        env: { ...process.env, ISSUER_DIR: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const stderr = /** @type {{stderr?: Buffer}} */ (error).stderr?.toString() ?? '';
      throw new Error(`openssl ${args[0]} failed: ${stderr || String(error)}`);
    }
    if (!quiet) console.error(`issuer: openssl ${args.slice(0, 2).join(' ')} done`);
  };
  const config = ['-config', file('openssl.cnf')];
  openssl(['req', '-new', ...config, '-key', file('ca.key'), '-subj', `/CN=${caName}`, '-out', file('ca.csr')]);
  openssl([
    'ca', '-batch', ...config, '-selfsign', '-keyfile', file('ca.key'), '-in', file('ca.csr'),
    '-startdate', start, '-enddate', end, '-extensions', 'test_ca_cert', '-notext', '-out', file('ca.pem'),
  ]);
  openssl([
    'req', '-new', ...config, '-key', file('server.key'), '-subj', '/CN=localhost', '-out', file('server.csr'),
  ]);
  openssl([
    'ca', '-batch', ...config, '-cert', file('ca.pem'), '-keyfile', file('ca.key'), '-in', file('server.csr'),
    '-startdate', start, '-enddate', end, '-extensions', 'test_server_cert', '-notext', '-out', file('server.pem'),
  ]);
  const read = (/** @type {string} */ name) => readFileSync(file(name), 'utf8');
  return { caCertPath: file('ca.pem'), serverKey: read('server.key'), serverCert: read('server.pem') };
}

/** The configuration of the throw-away CA; its folder comes from the environment. */
function opensslConfig() {
  return `# Throw-away CA of the Rosette end-to-end issuer.
[ ca ]
default_ca = test_ca

[ test_ca ]
dir = $ENV::ISSUER_DIR
database = $dir/index.txt
new_certs_dir = $dir
serial = $dir/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no

[ policy_any ]
commonName = supplied

[ req ]
distinguished_name = req_dn
prompt = no

[ req_dn ]
CN = unused

[ test_ca_cert ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ test_server_cert ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
`;
}

/**
 * A time as `openssl ca -startdate` takes it: YYYYMMDDHHMMSSZ.
 * @param {Date} date
 */
function opensslTime(date) {
  return date.toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

// ---------------------------------------------------------------------------------------
// Documents

/**
 * @param {string} did
 * @param {string} keyId
 * @param {import('node:crypto').KeyObject} publicKey
 */
function didDocument(did, keyId, publicKey) {
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [
      { id: keyId, type: 'Multikey', controller: did, publicKeyMultibase: ed25519Multikey(publicKey) },
    ],
    assertionMethod: [keyId],
  };
}

/**
 * Multikey form of an Ed25519 public key: `z` + base58btc(0xed 0x01 + the 32 key bytes).
 * @param {import('node:crypto').KeyObject} publicKey
 */
function ed25519Multikey(publicKey) {
  const jwk = publicKey.export({ format: 'jwk' });
  const raw = Buffer.from(String(jwk.x), 'base64url');
  return `z${base58btc(Buffer.concat([Buffer.from([0xed, 0x01]), raw]))}`;
}

/** @param {Uint8Array} bytes */
function base58btc(bytes) {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (n > 0n) {
    out = alphabet[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
}

/**
 * @param {object} p
 * @param {string} p.credentialId
 * @param {string} p.did
 * @param {string} p.origin
 * @param {string} p.issuerName
 * @param {string} p.badgeName
 * @param {string} p.recipient
 * @param {boolean} p.hashedRecipient
 * @param {Date} p.validFrom
 * @param {Date | null} p.validUntil
 * @param {string} p.statusListUrl
 * @param {number} p.statusIndex
 */
function badgeCredential(p) {
  const salt = randomBytes(8).toString('hex');
  const identity = p.hashedRecipient
    ? {
        type: 'IdentityObject',
        identityHash: `sha256$${createHash('sha256').update(p.recipient + salt).digest('hex')}`,
        identityType: 'emailAddress',
        hashed: true,
        salt,
      }
    : { type: 'IdentityObject', identityHash: p.recipient, identityType: 'emailAddress', hashed: false };
  return {
    '@context': [CONTEXT_VC2, CONTEXT_OB303],
    id: p.credentialId,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: p.badgeName,
    issuer: { id: p.did, type: ['Profile'], name: p.issuerName, url: p.origin },
    validFrom: isoSeconds(p.validFrom),
    ...(p.validUntil ? { validUntil: isoSeconds(p.validUntil) } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [identity],
      achievement: {
        id: `${p.origin}/achievements/loopback-networking`,
        type: ['Achievement'],
        achievementType: 'Badge',
        name: p.badgeName,
        description: 'Awarded by the loopback test issuer of the Rosette end-to-end tests.',
        criteria: { narrative: 'Start the *test issuer* and verify this badge online.' },
        image: { id: pngDataUri([0x2a, 0x7a, 0xb0]), type: 'Image', caption: `The ${p.badgeName} badge` },
      },
    },
    credentialStatus: {
      id: `${p.statusListUrl}#${p.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(p.statusIndex),
      statusListCredential: p.statusListUrl,
    },
  };
}

/**
 * A BitstringStatusListCredential of STATUS_LIST_ENTRIES entries, with at most one bit set.
 * @param {object} p
 * @param {string} p.did
 * @param {string} p.statusListUrl
 * @param {number | null} p.revokedIndex
 */
function statusListCredential({ did, statusListUrl, revokedIndex }) {
  const bits = Buffer.alloc(STATUS_LIST_ENTRIES / 8);
  if (revokedIndex !== null) {
    // Bit 0 is the left-most bit of the first byte.
    bits[revokedIndex >> 3] |= 0x80 >> (revokedIndex & 7);
  }
  return {
    '@context': [CONTEXT_VC2],
    id: statusListUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: did,
    validFrom: isoSeconds(new Date(Date.now() - DAY_MS)),
    credentialSubject: {
      id: `${statusListUrl}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: `u${gzipSync(bits).toString('base64url')}`,
    },
  };
}

/**
 * OB 3.0 VC-JWT claims: the credential's members at the top level, mirrored by the
 * registered claims (iss, jti, sub, nbf, exp).
 * @param {Record<string, any>} credential
 */
function vcJwtClaims(credential) {
  const seconds = (/** @type {string} */ iso) => Math.floor(Date.parse(iso) / 1000);
  const issuer = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
  /** @type {Record<string, unknown>} */
  const claims = { ...credential, iss: issuer, jti: credential.id };
  if (typeof credential.credentialSubject?.id === 'string') claims.sub = credential.credentialSubject.id;
  claims.nbf = seconds(credential.validFrom);
  if (credential.validUntil) claims.exp = seconds(credential.validUntil);
  return claims;
}

/**
 * A compact JWS signed with an Ed25519 key.
 * @param {Record<string, unknown>} header
 * @param {Record<string, unknown>} claims
 * @param {import('node:crypto').KeyObject} privateKey
 */
function signJwt(header, claims, privateKey) {
  const encode = (/** @type {unknown} */ value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode(header)}.${encode(claims)}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

/** @param {Date} date */
function isoSeconds(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * @param {string} badgeName
 * @param {string} issuerName
 */
function webPage(badgeName, issuerName) {
  const escape = (/** @type {string} */ s) =>
    s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escape(badgeName)} | ${escape(issuerName)}</title></head>
<body>
<h1>${escape(badgeName)}</h1>
<p>This is the issuer's web page about the badge, not the badge itself.</p>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------
// A small achievement image

/**
 * A 32×32 PNG of one colour, as a data: URI.
 * @param {[number, number, number]} rgb
 */
function pngDataUri(rgb) {
  const size = 32;
  const row = Buffer.alloc(1 + size * 3);
  for (let x = 0; x < size; x++) row.set(rgb, 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

/**
 * @param {string} type
 * @param {Buffer} data
 */
function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

/** @param {Uint8Array} bytes */
function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------
// Run by hand

/** Whether this file is the program being run (not imported). */
function isMain() {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const issuer = await startIssuer({ quiet: false });
  console.log(`origin      ${issuer.origin}`);
  console.log(`DID         ${issuer.did}`);
  console.log(`badge       ${issuer.badgeUrl}`);
  console.log(`web page    ${issuer.pageUrl}`);
  console.log(`status list ${issuer.statusListUrl}`);
  console.log(`CA cert     ${issuer.caCertPath}  (${issuer.caName})`);
  console.log(`recipient   ${issuer.recipient}`);
  console.log('');
  console.log(`try: rosette verify --ca-cert ${issuer.caCertPath} --allow-private-network ${issuer.badgeUrl}`);
  console.log('Ctrl-C stops the issuer and removes its files.');
  const stop = () => {
    issuer.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
