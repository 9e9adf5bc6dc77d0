// Writes the generated cases to a folder, without verifying anything: the
// signed credential of each case and its mutated copies, one file each, plus
// cases.json (features, mutations, whether the reference refused to sign).
// The same seed and count give byte-identical files.
//
// Usage: node generate.mjs [--seed N] [--count N] [--from N] [--mutants N] --out DIR

import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';

import {buildCase} from './lib/cases.mjs';
import {parseArgs} from './lib/args.mjs';

const args = parseArgs(process.argv.slice(2), {seed: 20250601, count: 20, from: 0, mutants: 4, out: null});
if(!args.out) {
  console.error('usage: node generate.mjs [--seed N] [--count N] [--from N] [--mutants N] --out DIR');
  process.exit(2);
}
mkdirSync(args.out, {recursive: true});
const index = [];
for(let i = args.from; i < args.from + args.count; i++) {
  const c = await buildCase(args.seed, i, {mutants: args.mutants});
  for(const f of c.files) {
    writeFileSync(path.join(args.out, `${c.id}-${f.variant}.json`), f.text);
  }
  index.push({id: c.id, version: c.version, features: c.features.map(x => x.name), refused: c.refused,
    files: c.files.map(f => ({file: `${c.id}-${f.variant}.json`, mutation: f.mutation, kind: f.kind}))});
}
writeFileSync(path.join(args.out, 'cases.json'), JSON.stringify(index, null, 2) + '\n');
console.log(`${index.length} cases, ${index.reduce((n, c) => n + c.files.length, 0)} files in ${args.out}`);
