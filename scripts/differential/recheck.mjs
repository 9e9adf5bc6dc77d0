// Re-checks one saved case: the reference's expanded form, N-Quads and
// canonical N-Quads of the credential (without its proof, as the
// eddsa-rdfc-2022 suite canonicalizes it), the reference's verdict, and
// Rosette's verdict on the same file.
//
// Usage: node recheck.mjs FILE [--rosette BIN] [--json]
//   BIN defaults to ROSETTE_BIN; without either, Rosette's side is skipped.
//   --json prints one JSON object instead of the sections.

import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import jsonld from 'jsonld';
import * as rdfCanonize from 'rdf-canonize';

import {parseArgs} from './lib/args.mjs';
import {AT, errorText} from './lib/cases.mjs';
import {documentLoader} from './lib/loader.mjs';
import {referenceVerify} from './lib/reference.mjs';

const args = parseArgs(process.argv.slice(2), {rosette: process.env.ROSETTE_BIN ?? '', json: false});
const file = args._[0];
if(!file) {
  console.error('usage: node recheck.mjs FILE [--rosette BIN] [--json]');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
const credential = JSON.parse(text);
const {proof, ...document} = credential;

// What the eddsa-rdfc-2022 suite computes (its canonize(): toRDF in safe mode
// with rdfDirection "i18n-datatype", base null, then RDFC-1.0).
const options = {documentLoader, safe: true, base: null};
async function attempt(what, fn) {
  try {
    return {ok: true, value: await fn()};
  } catch(e) {
    return {ok: false, value: `${what} failed: ${errorText(e)}`};
  }
}
const expanded = await attempt('expansion', () => jsonld.expand(document, options));
const dataset = await attempt('toRDF', () => jsonld.toRDF(document, {...options, rdfDirection: 'i18n-datatype',
  produceGeneralizedRdf: false}));
const nquads = dataset.ok ? {ok: true, value: rdfCanonize.NQuads.serialize(dataset.value)} : dataset;
const canonical = dataset.ok ?
  await attempt('canonicalization', () => rdfCanonize.canonize(dataset.value, {algorithm: 'RDFC-1.0'})) : dataset;
const reference = await referenceVerify(text);

let rosette = null;
if(args.rosette) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'rosette-recheck-'));
  const run = spawnSync(args.rosette, ['verify', '--offline', '--json', '--at', AT, file], {
    env: {...process.env, ROSETTE_HOME: home}, encoding: 'utf8',
  });
  rmSync(home, {recursive: true, force: true});
  const line = run.stdout.split('\n').find(l => l.trim());
  const report = line ? JSON.parse(line).report : null;
  rosette = report ? {
    verdict: report.verdict,
    checks: report.checks.filter(c => c.outcome !== 'passed')
      .map(c => `${c.id}: ${c.outcome}${c.reason ? ` [${c.reason}]` : ''}: ${c.detail}`),
  } : {verdict: 'none', checks: [run.stderr.trim() || `exit ${run.status}`]};
}
const why = file.replace(/\.json$/, '.why.json');
const record = existsSync(why) ? JSON.parse(readFileSync(why, 'utf8')) : null;

if(args.json) {
  console.log(JSON.stringify({file, reference, rosette, expanded: expanded.value, nquads: nquads.value,
    canonical: canonical.value, proof, record}, null, 2));
} else {
  const section = (title, body) => console.log(`== ${title}\n${body}\n`);
  if(record) {
    section('case', `${record.case} ${record.variant}; features: ${record.features.join(', ')}; ` +
      `mutation: ${record.mutation ?? 'none'} (${record.mutationKind})`);
  }
  section('reference (jsonld.js expand, safe mode)', expanded.ok ? JSON.stringify(expanded.value, null, 2) : expanded.value);
  section('reference N-Quads (toRDF, rdfDirection i18n-datatype)', nquads.value);
  section('reference canonical N-Quads (RDFC-1.0)', canonical.value);
  section('reference verdict (@digitalbazaar/vc verifyCredential)',
    reference.verified ? 'verified' : `rejected: ${reference.error}`);
  section('Rosette verdict', rosette ? `${rosette.verdict}\n${rosette.checks.map(c => `  ${c}`).join('\n')}` :
    '(not run: set ROSETTE_BIN or pass --rosette BIN)');
}
