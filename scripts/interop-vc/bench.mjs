// Verifications per second of the Digital Bazaar libraries on the fixtures,
// one proof type at a time, for comparison with Rosette's criterion benchmark.
//
// Usage: node bench.mjs [--fixtures DIR] [--rounds N] [--iterations N] [--warmup N] [--json]
//
// Each credential is verified one at a time in this single process, exactly as
// verify.mjs does it (verifyCredential with the suites and the offline
// document loader, including did:key resolution; jose for the VC-JWTs). After
// --warmup verifications, --rounds rounds of --iterations verifications are
// timed with process.hrtime.bigint(); the time per verification of a round is
// its total divided by the iterations, and the report gives the median over
// the rounds (with the fastest and slowest round) and the ops/s of the median.
// Every verification must succeed, or the run stops: timing failures would
// measure the wrong thing.

import {readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {offlineDocumentLoader, readCredential, verifyDataIntegrity, verifyVcJwt} from './verify.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

// Time used for the validity checks: inside every fixture's validity window.
const AT = new Date('2025-06-01T00:00:00Z');

const CASES = [
  {proof: 'eddsa-rdfc-2022', file: 'ob3-vc2-eddsa-rdfc-2022.json'},
  {proof: 'Ed25519Signature2020', file: 'ob3-vc1-ed25519-2020.json'},
  {proof: 'eddsa-jcs-2022', file: 'suites/ob3-vc2-eddsa-jcs-2022.json'},
  {proof: 'ecdsa-rdfc-2019', file: 'suites/ob3-vc2-ecdsa-rdfc-2019.json'},
  {proof: 'VC-JWT EdDSA (jose)', file: 'ob3-vc2-jwt-eddsa.jwt'},
  {proof: 'VC-JWT ES256 (jose)', file: 'ob3-vc2-jwt-es256.jws'},
];

function parseArgs(argv) {
  const args = {
    fixtures: path.resolve(here, '..', '..', 'tests', 'fixtures'),
    rounds: 7,
    iterations: 50,
    warmup: 50,
    json: false,
  };
  const positive = (name, value) => {
    const n = Number(value);
    if(!Number.isInteger(n) || n < 1) {
      throw new Error(`${name} ${value}: expected a positive integer`);
    }
    return n;
  };
  for(let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if(arg === '--json') {
      args.json = true;
    } else if(arg === '--fixtures') {
      args.fixtures = path.resolve(argv[++i]);
    } else if(['--rounds', '--iterations', '--warmup'].includes(arg)) {
      args[arg.slice(2)] = positive(arg, argv[++i]);
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  return args;
}

const median = sorted => {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function benchOne({proof, file}, args) {
  const full = path.join(args.fixtures, file);
  const read = readCredential(full);
  const options = {documentLoader: offlineDocumentLoader(), now: AT};
  let verifyOnce;
  if(read.kind === 'data-integrity') {
    // A fresh copy each time, as a verifier receiving the bytes would have.
    const text = readFileSync(full, 'utf8');
    verifyOnce = () => verifyDataIntegrity(JSON.parse(text), options);
  } else if(read.kind === 'vc-jwt') {
    verifyOnce = () => verifyVcJwt(read.token, options);
  } else {
    throw new Error(`${file} is not a signed credential`);
  }
  const checked = async () => {
    const result = await verifyOnce();
    if(!result.verified) {
      throw new Error(`${file} did not verify: ${result.error}`);
    }
  };
  for(let i = 0; i < args.warmup; i++) {
    await checked();
  }
  const perRoundNs = [];
  for(let r = 0; r < args.rounds; r++) {
    const start = process.hrtime.bigint();
    for(let i = 0; i < args.iterations; i++) {
      await checked();
    }
    perRoundNs.push(Number(process.hrtime.bigint() - start) / args.iterations);
  }
  perRoundNs.sort((a, b) => a - b);
  const medianNs = median(perRoundNs);
  return {
    proof,
    file,
    medianMs: medianNs / 1e6,
    fastestRoundMs: perRoundNs[0] / 1e6,
    slowestRoundMs: perRoundNs[perRoundNs.length - 1] / 1e6,
    opsPerSecond: 1e9 / medianNs,
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const results = [];
  for(const c of CASES) {
    results.push(await benchOne(c, args));
  }
  const environment = {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    rounds: args.rounds,
    iterations: args.iterations,
    warmup: args.warmup,
  };
  if(args.json) {
    process.stdout.write(JSON.stringify({environment, results}, null, 2) + '\n');
    return;
  }
  console.log(`Digital Bazaar libraries, one verification at a time (Node ${environment.node}, ${environment.cpu})`);
  console.log(`${args.rounds} rounds of ${args.iterations} after ${args.warmup} warm-up verifications; ` +
    'median time per verification over the rounds\n');
  const header = ['proof', 'median ms', 'ops/s', 'fastest round ms', 'slowest round ms', 'fixture'];
  const rows = results.map(r => [r.proof, r.medianMs.toFixed(3), r.opsPerSecond.toFixed(0),
    r.fastestRoundMs.toFixed(3), r.slowestRoundMs.toFixed(3), r.file]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(row => row[i].length)));
  const line = cells => cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
    .join('  ');
  console.log(line(header));
  console.log(widths.map(w => '-'.repeat(w)).join('  '));
  for(const row of rows) {
    console.log(line(row));
  }
}

main().catch(e => {
  console.error(`bench.mjs: ${e.message}`);
  process.exit(1);
});
