// The reference side's document loader: never the network. It serves exactly
// the JSON-LD contexts Rosette bundles (src/verify/contexts/manifest.json and
// the files beside it, so both sides read the same bytes) and did:key
// documents computed locally. Any other URL is refused, as Rosette refuses it.

import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..', '..', '..');
const CONTEXTS_DIR = path.join(REPO_ROOT, 'src', 'verify', 'contexts');

/** The bundled contexts: URL -> parsed document, in manifest order. */
export const BUNDLED_CONTEXTS = (() => {
  const manifest = JSON.parse(readFileSync(path.join(CONTEXTS_DIR, 'manifest.json'), 'utf8'));
  const map = new Map();
  for(const entry of manifest) {
    map.set(entry.url, JSON.parse(readFileSync(path.join(CONTEXTS_DIR, entry.file), 'utf8')));
  }
  return map;
})();

const didKey = didKeyDriver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

/** A jsonld.js document loader over the bundled contexts and did:key. */
export async function documentLoader(url) {
  const answer = document => ({contextUrl: null, documentUrl: url, document});
  if(BUNDLED_CONTEXTS.has(url)) {
    return answer(structuredClone(BUNDLED_CONTEXTS.get(url)));
  }
  if(url.startsWith('did:key:')) {
    return answer(await didKey.get({url}));
  }
  throw new Error(`refusing to load ${url}: offline, only the bundled contexts and did:key`);
}
