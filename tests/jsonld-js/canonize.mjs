// Canonical N-Quads of JSON-LD documents as the Digital Bazaar RDFC suites compute them
// (jsonld.js toRDF in safe mode, rdfDirection "i18n-datatype", no generalized RDF, then
// rdf-canonize RDFC-1.0), with only Rosette's bundled contexts. Used by the Rust test
// `verify::jsonld::tests::agrees_with_jsonld_js` as an independent oracle.
//
// Usage: node canonize.mjs <scripts/fixtures/package.json> <src/verify/contexts>
// stdin: a JSON array of documents; stdout: a JSON array of {"ok": nquads} | {"err": text}.
import {createRequire} from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const [packageJson, contextsDir] = process.argv.slice(2);
const require = createRequire(path.resolve(packageJson));
const jsonld = require('jsonld');
const rdfCanonize = require('rdf-canonize');

const contexts = {};
for (const entry of JSON.parse(fs.readFileSync(path.join(contextsDir, 'manifest.json'), 'utf8'))) {
  contexts[entry.url] = JSON.parse(fs.readFileSync(path.join(contextsDir, entry.file), 'utf8'));
}
const documentLoader = async url => {
  if (contexts[url]) {
    return {contextUrl: null, documentUrl: url, document: contexts[url]};
  }
  throw new Error(`unsupported context ${url}`);
};

const results = [];
for (const document of JSON.parse(fs.readFileSync(0, 'utf8'))) {
  try {
    const dataset = await jsonld.toRDF(document, {
      documentLoader, safe: true, base: null, rdfDirection: 'i18n-datatype', produceGeneralizedRdf: false,
    });
    results.push({ok: await rdfCanonize.canonize(dataset, {algorithm: 'RDFC-1.0', format: 'application/n-quads'})});
  } catch (e) {
    results.push({err: `${e.message} ${JSON.stringify(e.details?.event?.code ?? e.details?.code ?? '')}`});
  }
}
process.stdout.write(JSON.stringify(results));
