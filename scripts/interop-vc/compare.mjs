// Compares Rosette's verdicts with the Digital Bazaar libraries' (verify.mjs)
// on the signed credentials in tests/fixtures and on tampered copies made here.
// Called by run.sh; see there for the usage.
//
// The rule: verify.mjs verified=true  <=>  Rosette verdict "valid".
// Both run "as of" the same instant (AT below), before every fixture's
// validUntil/expirationDate, and the fixtures carry no credentialStatus, so
// Rosette's other verdicts (expired, revoked) cannot occur for a genuine
// credential; every verdict other than "valid" counts as "not verified".
// A Rosette "unknown" whose proof check says "unsupported" is a disagreement
// too, printed as UNSUPPORTED so it is easy to tell from a wrong answer.
// A tampered copy that both sides accept is reported as well: agreeing on a
// wrong answer is no success.

import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {readCredential} from './verify.mjs';

const AT = '2025-06-01T00:00:00Z';
const here = path.dirname(fileURLToPath(import.meta.url));

const [rosetteBin, fixturesDir] = process.argv.slice(2);
if(!rosetteBin || !fixturesDir) {
  console.error('usage: node compare.mjs ROSETTE_BIN FIXTURES_DIR');
  process.exit(2);
}

// -- Inputs ------------------------------------------------------------------

// Every file under the fixtures folder except bad/ (malformed on purpose, not
// credentials to compare).
function listFiles(dir) {
  return readdirSync(dir).sort().flatMap(name => {
    const file = path.join(dir, name);
    if(statSync(file).isDirectory()) {
      return name === 'bad' ? [] : listFiles(file);
    }
    return [file];
  });
}
const fixtureFiles = listFiles(fixturesDir);

const credentials = [];
const didDocuments = [];
for(const file of fixtureFiles) {
  const read = readCredential(file);
  if(read.kind) {
    credentials.push({file, ...read});
    continue;
  }
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    if(typeof doc.id === 'string' && doc.id.startsWith('did:') && Array.isArray(doc.verificationMethod)) {
      didDocuments.push(file);
    }
  } catch {
    // neither a credential nor a DID document: not part of this comparison
  }
}
if(credentials.length === 0) {
  console.error(`no signed credentials found in ${fixturesDir}`);
  process.exit(1);
}

// -- Tampered copies ---------------------------------------------------------

const work = mkdtempSync(path.join(os.tmpdir(), 'rosette-interop-vc-'));
process.on('exit', () => rmSync(work, {recursive: true, force: true}));

// Changes one character: the first ASCII letter becomes another letter (case
// kept), so the text stays plausible and only the signature can tell.
function flipOneCharacter(text) {
  const i = text.search(/[A-Za-z]/);
  if(i < 0) {
    return text + '.';
  }
  const c = text[i];
  const next = c === 'z' ? 'a' : c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1);
  return text.slice(0, i) + next + text.slice(i + 1);
}

function flipName(credential) {
  const achievement = credential.credentialSubject?.achievement;
  const holder = achievement?.name !== undefined ? achievement : credential;
  if(typeof holder.name === 'string') {
    holder.name = flipOneCharacter(holder.name);
  } else if(holder.name && typeof holder.name['@value'] === 'string') {
    holder.name['@value'] = flipOneCharacter(holder.name['@value']);
  } else {
    return false;
  }
  return true;
}

// An earlier start, still before AT: only the signature can object.
const OTHER_START = '2025-02-01T08:30:00Z';

function changeStart(credential, jwt) {
  if(credential.validFrom !== undefined) {
    credential.validFrom = OTHER_START;
  } else if(credential.issuanceDate !== undefined) {
    credential.issuanceDate = OTHER_START;
  } else {
    return false;
  }
  if(jwt && credential.nbf !== undefined) {
    credential.nbf = Math.floor(Date.parse(OTHER_START) / 1000);
  }
  return true;
}

// Another party's did:key (the holder of the fixtures): a credential claiming
// to come from it must not verify with the original issuer's proof.
const OTHER_ISSUER = 'did:key:z6Mkp61gZ4Say3SHy4iU9XURfQXiirPscmjdEPWojfUx3w8n';

function swapIssuer(credential, jwt) {
  if(typeof credential.issuer === 'string') {
    credential.issuer = OTHER_ISSUER;
  } else if(credential.issuer && typeof credential.issuer === 'object') {
    credential.issuer = {...credential.issuer, id: OTHER_ISSUER};
  } else {
    return false;
  }
  if(jwt) {
    credential.iss = OTHER_ISSUER;
  }
  return true;
}

// A term no context defines. Under VC 1.1 (no @vocab) JSON-LD would drop it
// silently, so it would sit outside the signature; a verifier must refuse.
function addUndefinedTerm(credential) {
  credential.credentialSubject = {...credential.credentialSubject, favouriteColour: 'green'};
  return true;
}

const isVc1 = credential => [credential['@context']].flat().includes('https://www.w3.org/2018/credentials/v1');

// In a proof set, one proof's signature replaced by a one-character change of
// it: verifyCredential on its own accepts a set when any proof verifies; both
// sides here must require all of them.
function forgeOneProof(credential) {
  if(!Array.isArray(credential.proof) || credential.proof.length < 2) {
    return false;
  }
  const last = credential.proof.length - 1;
  const proof = credential.proof[last];
  credential.proof[last] = {...proof, proofValue: `z${flipOneCharacter(proof.proofValue.slice(1))}`};
  return true;
}

const MUTATIONS = [
  {name: 'name-flipped', apply: (c, jwt) => flipName(c, jwt)},
  {name: 'valid-from-changed', apply: changeStart},
  {name: 'issuer-swapped', apply: swapIssuer},
  {name: 'proof-dropped', dropProof: true},
  {name: 'undefined-term', only: c => isVc1(c), apply: addUndefinedTerm},
  {name: 'one-proof-forged', only: c => Array.isArray(c.proof), apply: forgeOneProof},
];

const cases = [];
for(const cred of credentials) {
  const rel = path.relative(fixturesDir, cred.file);
  const base = rel.replaceAll(path.sep, '--');
  cases.push({label: rel, file: cred.file, tampered: false, kind: cred.kind});
  for(const m of MUTATIONS) {
    const out = path.join(work, `${base.replace(/\.[^.]+$/, '')}--${m.name}${path.extname(base)}`);
    if(cred.kind === 'data-integrity') {
      const copy = structuredClone(cred.credential);
      if(m.only && !m.only(copy)) {
        continue;
      }
      if(m.dropProof) {
        delete copy.proof;
      } else if(!m.apply(copy, false)) {
        continue;
      }
      writeFileSync(out, JSON.stringify(copy, null, 2) + '\n');
    } else {
      const [header, payload, signature] = cred.token.split('.');
      let token;
      if(m.dropProof) {
        token = `${header}.${payload}.`;
      } else {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        if(m.only && !m.only(claims)) {
          continue;
        }
        if(!m.apply(claims, true)) {
          continue;
        }
        token = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
      }
      writeFileSync(out, token);
    }
    cases.push({label: `${rel} / ${m.name}`, file: out, tampered: true, kind: cred.kind});
  }
}

// -- Run both ----------------------------------------------------------------

function jsonLines(text) {
  return text.split('\n').filter(line => line.trim()).map(line => JSON.parse(line));
}

const dbArgs = ['--at', AT];
for(const doc of didDocuments) {
  dbArgs.push('--did-document', doc);
}
const db = spawnSync(process.execPath, [path.join(here, 'verify.mjs'), ...dbArgs, ...cases.map(c => c.file)], {
  encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
});
if(db.status !== 0) {
  console.error(`verify.mjs failed (exit ${db.status}):\n${db.stderr}`);
  process.exit(1);
}
const dbByInput = new Map(jsonLines(db.stdout).map(line => [line.input, line]));

// A fresh portfolio; the DID documents stand for copies fetched earlier.
const home = path.join(work, 'home');
const env = {...process.env, ROSETTE_HOME: home};
if(didDocuments.length) {
  execFileSync(rosetteBin, ['cache', 'import', ...didDocuments], {env, stdio: ['ignore', 'ignore', 'inherit']});
}
// Exit status 1/2 only says the worst verdict; the reports are what counts.
const rosette = spawnSync(rosetteBin, ['verify', '--offline', '--json', '--at', AT, ...cases.map(c => c.file)], {
  env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
});
if(rosette.error || rosette.status > 2) {
  console.error(`rosette verify failed (exit ${rosette.status}): ${rosette.error?.message ?? rosette.stderr}`);
  process.exit(1);
}
const rosetteByInput = new Map(jsonLines(rosette.stdout).map(line => [line.input, line.report]));

// -- Compare -----------------------------------------------------------------

const rows = [];
let disagreements = 0;
for(const c of cases) {
  const d = dbByInput.get(c.file);
  const r = rosetteByInput.get(c.file);
  const row = {case: c.label, db: '?', rosette: '?', result: '', why: ''};
  if(!d || !r) {
    row.result = 'MISSING';
    row.why = !d ? 'no line from verify.mjs' : 'no report from rosette';
    disagreements++;
    rows.push(row);
    continue;
  }
  row.db = d.verified ? 'verified' : 'rejected';
  row.rosette = r.verdict;
  const failing = r.checks.filter(ch => ch.outcome === 'failed' || ch.outcome === 'unknown');
  const unsupported = r.verdict === 'unknown' && r.checks.some(ch => ch.reason === 'unsupported');
  const rosetteValid = r.verdict === 'valid';
  if(unsupported) {
    row.result = 'UNSUPPORTED';
    disagreements++;
  } else if(d.verified !== rosetteValid) {
    row.result = 'DISAGREE';
    disagreements++;
  } else if(c.tampered && d.verified) {
    row.result = 'BOTH ACCEPT';
    disagreements++;
  } else {
    row.result = 'agree';
  }
  if(row.result !== 'agree' || !d.verified) {
    const rosetteWhy = failing.map(ch => `${ch.id}: ${ch.detail}`).join('; ');
    row.why = `DB: ${d.error ?? 'verified'} | Rosette: ${rosetteWhy || 'valid'}`;
  }
  rows.push(row);
}

// -- Report ------------------------------------------------------------------

const width = key => Math.max(key.length, ...rows.map(r => r[key].length));
const cols = ['case', 'db', 'rosette', 'result'];
const widths = Object.fromEntries(cols.map(k => [k, width(k)]));
const line = r => cols.map(k => r[k].padEnd(widths[k])).join('  ');
console.log(`Verification interop: Digital Bazaar libraries (verify.mjs) vs Rosette, as of ${AT}`);
console.log(line({case: 'case', db: 'db', rosette: 'rosette', result: 'result'}));
console.log(cols.map(k => '-'.repeat(widths[k])).join('  '));
for(const r of rows) {
  console.log(line(r));
}
const explained = rows.filter(r => r.result !== 'agree');
if(explained.length) {
  console.log('\nDetails of the cases that did not agree:');
  for(const r of explained) {
    console.log(`- ${r.case} [${r.result}]\n    ${r.why}`);
  }
}
// Untampered fixtures that agree only because neither side could verify them
// (for instance an https issuer whose key is not available offline).
const unverified = rows.filter((r, i) => !cases[i].tampered && r.result === 'agree' && r.db === 'rejected');
if(unverified.length) {
  console.log('\nUntampered credentials neither side verified (they agree, but prove nothing about the proof):');
  for(const r of unverified) {
    console.log(`- ${r.case}\n    ${r.why}`);
  }
}
const agreed = rows.length - disagreements;
const unsupportedCount = rows.filter(r => r.result === 'UNSUPPORTED').length;
console.log(`\n${agreed} of ${rows.length} cases agree` +
  (disagreements ? `; ${disagreements} do not` : '') +
  (unsupportedCount ? ` (${unsupportedCount} UNSUPPORTED: Rosette does not verify that proof yet)` : ''));
process.exit(disagreements ? 1 : 0);
