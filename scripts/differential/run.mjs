// The differential test: generated credentials (lib/cases.mjs), signed and
// verified by the Digital Bazaar stack (jsonld.js 9, rdf-canonize 5), mutated,
// and verified by `rosette verify --offline --json` in batches. Every
// disagreement is written to OUT/disagreements/<class>/ with the reasons of
// both sides, and a table of counts per feature group and per mutation to
// OUT/summary.txt (also printed).
//
// Classes of a file:
//   agree             both accept, or both do not
//   false-accept      Rosette "valid", the reference rejects: always a failure
//   false-reject      Rosette invalid/expired/..., the reference accepts: a failure
//   unknown           Rosette "unknown" where the reference decided: a failure
//                     unless its reason is listed in allowed-unknown.json
//   unknown-allowed   such an unknown, with a listed reason
//   crash             rosette verify failed on the file (exit status above 2,
//                     a panic): a failure
// A case whose credential the reference refuses to sign (safe mode or invalid
// JSON-LD) is signed without safe mode or with its last inline contexts left
// out (cases.mjs): the reference rejects those files, so Rosette must not say
// "valid".
//
// Usage: node run.mjs ROSETTE_BIN [--seed N] [--count N] [--from N] [--mutants N]
//                     [--batch N] [--out DIR] [--report-only] [--keep]
//   --report-only  disagreements are reported but do not make the exit status
//                  non-zero (a broken harness still does)
//   --keep         keep every generated file (OUT/cases/), not only disagreements
// Exit status: 0 no failure, 1 failures, 2 usage or harness error.

import {spawnSync} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {parseArgs} from './lib/args.mjs';
import {AT, buildCase} from './lib/cases.mjs';
import {FEATURES} from './lib/features.mjs';
import {MUTATIONS} from './lib/mutations.mjs';
import {referenceVerify} from './lib/reference.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

function fail(message) {
  console.error(`differential: ${message}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs(process.argv.slice(2), {seed: 20250601, count: 600, from: 0, mutants: 4, batch: 100,
    out: path.join(here, 'out'), reportOnly: false, keep: false});
} catch(e) {
  fail(e.message);
}
const rosetteBin = args._[0] ?? process.env.ROSETTE_BIN;
if(!rosetteBin) {
  fail('usage: node run.mjs ROSETTE_BIN [--seed N] [--count N] [--out DIR] [--report-only] [--keep]');
}
const allowed = JSON.parse(readFileSync(path.join(here, 'allowed-unknown.json'), 'utf8')).allowed
  .map(a => ({...a, pattern: new RegExp(a.detail)}));

// Each feature's targeted mutations must exist (a typo would silently target nothing).
const mutationNames = new Set(MUTATIONS.map(m => m.name));
for(const f of FEATURES) {
  const unknown = (f.mutations ?? []).filter(m => !mutationNames.has(m));
  if(unknown.length) {
    fail(`feature ${f.name} names unknown mutations: ${unknown.join(', ')}`);
  }
}

const out = path.resolve(args.out);
rmSync(path.join(out, 'disagreements'), {recursive: true, force: true});
rmSync(path.join(out, 'cases'), {recursive: true, force: true});
mkdirSync(out, {recursive: true});
const work = mkdtempSync(path.join(os.tmpdir(), 'rosette-differential-'));
process.on('exit', () => rmSync(work, {recursive: true, force: true}));
const home = path.join(work, 'home');

// -- Rosette ------------------------------------------------------------------

function rosetteRun(files) {
  return spawnSync(rosetteBin, ['verify', '--offline', '--json', '--at', AT, ...files], {
    env: {...process.env, ROSETTE_HOME: home}, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  });
}

// Exit status 1/2 only says the worst verdict; above 2 the command failed. A
// failed batch is run again file by file, so a file that makes Rosette crash
// (a panic is exit 101) is a "crash" of its own and the others still count.
function rosetteVerify(files) {
  let run = rosetteRun(files);
  if(run.error && run.error.code !== 'E2BIG') {
    fail(`cannot run ${rosetteBin}: ${run.error.message}`);
  }
  if(run.error || run.status === null || run.status > 2) {
    const byInput = new Map();
    for(const file of files) {
      run = rosetteRun([file]);
      if(run.error || run.status === null || run.status > 2) {
        byInput.set(file, {verdict: 'crash', checks: [],
          error: `exit ${run.status}${run.signal ? ` (${run.signal})` : ''}: ${(run.stderr ?? '').trim().slice(0, 500)}`});
      } else {
        for(const [k, v] of parseReports(run.stdout)) {
          byInput.set(k, v);
        }
      }
    }
    return byInput;
  }
  return parseReports(run.stdout);
}

function parseReports(stdout) {
  const byInput = new Map();
  for(const line of stdout.split('\n').filter(l => l.trim())) {
    const parsed = JSON.parse(line);
    byInput.set(parsed.input, parsed.report ?? {verdict: 'error', checks: [], error: parsed.error ?? line});
  }
  return byInput;
}

function rosetteSummary(report) {
  const proof = report.checks?.find(c => c.id === 'proof');
  const failing = (report.checks ?? []).filter(c => c.outcome === 'failed' || c.outcome === 'unknown');
  return {
    verdict: report.verdict,
    proof: proof ? {outcome: proof.outcome, reason: proof.reason, detail: proof.detail} : null,
    why: failing.map(c => `${c.id}: ${c.detail}${c.reason ? ` [${c.reason}]` : ''}`).join(' | ') ||
      (report.error ? String(report.error) : ''),
  };
}

function classify(ref, ros) {
  if(ros.verdict === 'crash') {
    return 'crash';
  }
  if(ros.verdict === 'unknown') {
    const unknownChecks = ros.proof && ros.proof.outcome === 'unknown' ? [ros.proof] : [];
    const ok = unknownChecks.length && unknownChecks.every(c => allowed.some(a => a.reason === c.reason &&
      a.pattern.test(c.detail)));
    return ok ? 'unknown-allowed' : 'unknown';
  }
  const rosetteValid = ros.verdict === 'valid';
  if(rosetteValid && !ref.verified) {
    return 'false-accept';
  }
  if(!rosetteValid && ref.verified) {
    return 'false-reject';
  }
  return 'agree';
}

const FAILURES = new Set(['false-accept', 'false-reject', 'unknown', 'crash', 'missing']);

// -- Tally --------------------------------------------------------------------

const COLUMNS = ['cases', 'files', 'refValid', 'refInvalid', 'agree', 'false-accept', 'false-reject', 'unknown',
  'unknown-allowed', 'crash'];
const emptyRow = () => Object.fromEntries(COLUMNS.map(c => [c, 0]));
const byGroup = new Map();
const byFeature = new Map();
const byMutation = new Map();
const totals = emptyRow();
let refusedCases = 0;
let unsignedCases = 0;
let baseCases = 0;
let baseRefValid = 0;
const disagreements = [];

function bump(map, key, field, n = 1) {
  if(!map.has(key)) {
    map.set(key, emptyRow());
  }
  map.get(key)[field] += n;
}

// -- Run ----------------------------------------------------------------------

const started = Date.now();
const end = args.from + args.count;
for(let start = args.from; start < end; start += args.batch) {
  const batchDir = args.keep ? path.join(out, 'cases') : path.join(work, 'batch');
  rmSync(path.join(work, 'batch'), {recursive: true, force: true});
  mkdirSync(batchDir, {recursive: true});
  const entries = [];
  for(let i = start; i < Math.min(end, start + args.batch); i++) {
    const c = await buildCase(args.seed, i, {mutants: args.mutants});
    const groups = [...new Set(c.features.map(f => f.group))];
    const labels = groups.length ? groups : ['(plain)'];
    const names = c.features.length ? c.features.map(f => f.name) : ['(plain)'];
    baseCases++;
    if(c.refused) {
      refusedCases++;
    }
    if(!c.files.length) {
      unsignedCases++;
    }
    labels.forEach(g => bump(byGroup, g, 'cases'));
    names.forEach(n => bump(byFeature, n, 'cases'));
    for(const f of c.files) {
      const file = path.join(batchDir, `${c.id}-${f.variant}.json`);
      writeFileSync(file, f.text);
      const ref = await referenceVerify(f.text);
      if(f.variant === 'base' && ref.verified) {
        baseRefValid++;
      }
      entries.push({caseId: c.id, file, variant: f.variant, mutation: f.mutation, kind: f.kind, version: c.version,
        features: names, groups: labels, refused: c.refused, ref});
    }
  }
  if(entries.length) {
    const reports = rosetteVerify(entries.map(e => e.file));
    for(const e of entries) {
      const report = reports.get(e.file);
      const ros = report ? rosetteSummary(report) : {verdict: 'missing', proof: null, why: 'no report from rosette'};
      const cls = report ? classify(e.ref, ros) : 'missing';
      const rows = [...e.groups.map(g => [byGroup, g]), ...e.features.map(n => [byFeature, n]),
        [byMutation, e.mutation ?? '(none: as signed)']];
      for(const [map, key] of rows) {
        bump(map, key, 'files');
        bump(map, key, e.ref.verified ? 'refValid' : 'refInvalid');
        bump(map, key, cls === 'missing' ? 'unknown' : cls);
      }
      totals.files++;
      totals[e.ref.verified ? 'refValid' : 'refInvalid']++;
      totals[cls === 'missing' ? 'unknown' : cls]++;
      if(cls !== 'agree') {
        const dir = path.join(out, 'disagreements', cls);
        mkdirSync(dir, {recursive: true});
        const name = path.basename(e.file);
        copyFileSync(e.file, path.join(dir, name));
        const record = {
          file: path.join(dir, name), class: cls, case: e.caseId, variant: e.variant, mutation: e.mutation,
          mutationKind: e.kind, version: e.version, features: e.features, groups: e.groups,
          referenceRefusedToSign: e.refused, reference: e.ref, rosette: ros,
          bytes: readFileSync(e.file).length,
        };
        writeFileSync(path.join(dir, name.replace(/\.json$/, '.why.json')), JSON.stringify(record, null, 2) + '\n');
        disagreements.push(record);
      }
    }
  }
  process.stderr.write(`  ${Math.min(end, start + args.batch) - args.from}/${args.count} cases, ` +
    `${totals.files} files, ${disagreements.length} disagreements\n`);
}
totals.cases = baseCases;

// -- Report -------------------------------------------------------------------

function table(title, map, order) {
  const keys = order ?? [...map.keys()].sort();
  const rows = keys.filter(k => map.has(k)).map(k => [k, ...COLUMNS.map(c => String(map.get(k)[c]))]);
  rows.push(['total', ...COLUMNS.map(c => String(totals[c]))]);
  const head = [title, ...COLUMNS];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = r => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  return [line(head), widths.map(w => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const groupOrder = [...new Set(FEATURES.map(f => f.group)), '(plain)'];
const failures = disagreements.filter(d => FAILURES.has(d.class));
const text = [
  `Differential test: Rosette (${rosetteBin}) vs the Digital Bazaar stack (jsonld.js, rdf-canonize)`,
  `seed ${args.seed}, cases ${args.from}..${end - 1} (${baseCases}), ${args.mutants} mutants each, as of ${AT}, ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s`,
  `reference: ${baseRefValid} of ${baseCases} credentials as signed verify; ${refusedCases} refused in safe mode ` +
    `(${unsignedCases} could not be signed at all)`,
  '',
  table('feature group', byGroup, groupOrder),
  '',
  table('feature', byFeature, [...FEATURES.map(f => f.name), '(plain)']),
  '',
  table('mutation', byMutation, ['(none: as signed)', ...MUTATIONS.map(m => m.name)]),
  '',
  `${totals.agree} of ${totals.files} files agree; false accepts ${totals['false-accept']}, false rejects ` +
    `${totals['false-reject']}, unknown ${totals.unknown} (allowed ${totals['unknown-allowed']}), crashes ${totals.crash}`,
  disagreements.length ? `details: ${path.join(out, 'disagreements')}/<class>/*.why.json` : '',
].join('\n');
writeFileSync(path.join(out, 'summary.txt'), text + '\n');
writeFileSync(path.join(out, 'summary.json'), JSON.stringify({
  seed: args.seed, from: args.from, count: args.count, mutants: args.mutants, at: AT, totals,
  groups: Object.fromEntries(byGroup), features: Object.fromEntries(byFeature),
  mutations: Object.fromEntries(byMutation), disagreements: disagreements.map(d => ({...d, file: path.relative(out, d.file)})),
}, null, 2) + '\n');
console.log(text);

// A harness that generates nothing the reference accepts tests nothing.
if(baseCases >= 20 && baseRefValid < baseCases / 2) {
  fail(`only ${baseRefValid} of ${baseCases} generated credentials verify with the reference: the generator is broken`);
}
if(baseCases >= 200) {
  const missing = FEATURES.filter(f => !byFeature.has(f.name)).map(f => f.name);
  if(missing.length) {
    fail(`features never generated in ${baseCases} cases: ${missing.join(', ')}`);
  }
}
if(failures.length) {
  console.log(`\n${failures.length} disagreement(s) with the reference` +
    (args.reportOnly ? ' (reported only: --report-only)' : ''));
  process.exit(args.reportOnly ? 0 : 1);
}
