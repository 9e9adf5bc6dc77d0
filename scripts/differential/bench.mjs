// Throughput on generated credentials, one core each: how many the reference
// stack signs and verifies per second (this process, pinned by run.sh bench
// with taskset -c 0), and how many `rosette verify --offline` verifies per
// second on the same files (pinned to the same core). Medians over rounds.
//
// Usage: node bench.mjs ROSETTE_BIN [--seed N] [--count N] [--rounds N] [--json]
//   --count: generated credentials (their signed form, which both sides
//   accept or reject alike, and the same count of mutated copies).

import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {parseArgs} from './lib/args.mjs';
import {AT, buildCredential, buildCase, issuerKey, signCredential} from './lib/cases.mjs';
import {referenceVerify} from './lib/reference.mjs';

const args = parseArgs(process.argv.slice(2), {seed: 20250601, count: 200, rounds: 5, json: false});
const rosetteBin = args._[0];
if(!rosetteBin) {
  console.error('usage: node bench.mjs ROSETTE_BIN [--seed N] [--count N] [--rounds N] [--json]');
  process.exit(2);
}
const median = xs => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const work = mkdtempSync(path.join(os.tmpdir(), 'rosette-differential-bench-'));
process.on('exit', () => rmSync(work, {recursive: true, force: true}));

const {did} = await issuerKey();
const docs = [];
const signedFiles = [];
const mutatedFiles = [];
const texts = [];
for(let i = 0; i < args.count; i++) {
  docs.push(buildCredential(args.seed, i, did).doc);
  const c = await buildCase(args.seed, i, {mutants: 1});
  for(const f of c.files) {
    const file = path.join(work, `${c.id}-${f.variant}.json`);
    writeFileSync(file, f.text);
    (f.variant === 'base' ? signedFiles : mutatedFiles).push(file);
    if(f.variant === 'base') {
      texts.push(f.text);
    }
  }
}

async function timeRounds(fn, n) {
  const rates = [];
  for(let r = 0; r < args.rounds; r++) {
    const t0 = process.hrtime.bigint();
    await fn();
    rates.push(n / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return median(rates);
}

const signRate = await timeRounds(async () => {
  for(const doc of docs) {
    await signCredential(doc);
  }
}, docs.length);
const verifyRate = await timeRounds(async () => {
  for(const text of texts) {
    await referenceVerify(text);
  }
}, texts.length);

function rosetteRate(files) {
  return timeRounds(() => {
    const home = mkdtempSync(path.join(work, 'home-'));
    const run = spawnSync('taskset', ['-c', '0', rosetteBin, 'verify', '--offline', '--json', '--at', AT, ...files], {
      env: {...process.env, ROSETTE_HOME: home}, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    });
    if(run.error || run.status > 2) {
      throw new Error(`rosette verify failed: ${run.error?.message ?? run.stderr}`);
    }
  }, files.length);
}
const rosetteSigned = await rosetteRate(signedFiles);
const rosetteAll = await rosetteRate([...signedFiles, ...mutatedFiles]);

const result = {
  credentials: docs.length, rounds: args.rounds,
  referenceSignPerSecond: signRate, referenceVerifyPerSecond: verifyRate,
  rosetteVerifyPerSecond: rosetteSigned, rosetteVerifyMixedPerSecond: rosetteAll,
  rosetteOverReference: rosetteSigned / verifyRate,
};
if(args.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const f = x => x.toFixed(1).padStart(9);
  console.log(`Throughput on ${docs.length} generated credentials (seed ${args.seed}), one core each, ` +
    `median of ${args.rounds} rounds:`);
  console.log(`  reference sign (vc.issue, eddsa-rdfc-2022)       ${f(signRate)} /s`);
  console.log(`  reference verify (vc.verifyCredential)           ${f(verifyRate)} /s`);
  console.log(`  rosette verify --offline, as signed              ${f(rosetteSigned)} /s  ` +
    `(${(rosetteSigned / verifyRate).toFixed(1)}x the reference)`);
  console.log(`  rosette verify --offline, signed + mutated       ${f(rosetteAll)} /s  (process start included)`);
}
