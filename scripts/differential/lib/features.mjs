// The JSON-LD features the generator puts into credentials: one entry per
// keyword, container or scoped-context form that a verifier's JSON-LD
// processor has to get exactly right. Each credential carries one to three of
// them on top of a plain Open Badges 3.0 credential (cases.mjs).
//
// To add a case: append an entry {name, group, issue, mutations, build(g)} to
// FEATURES (`mutations`: names in mutations.mjs most likely to matter here;
// cases.mjs picks among them more often than among all).
// `build` defines terms (g.def, g.scoped contexts) and places members
// (g.place) with the helpers of the Builder in cases.mjs; it draws every choice
// from g.rng so a seed gives the same document. `group` is the row of the
// report table; `issue` the group number in issue 10, section 1 (0: none).
// Features use plain literals (g.simple) so a disagreement is attributable to
// the feature; the exotic values live in the `literal` group.

import {RawNumber} from './json.mjs';

// Type names whose order differs between UTF-16 code units (what jsonld.js
// sorts by) and code points: an astral character is a surrogate pair
// (0xD800-0xDFFF), below U+E000..U+FFFF in UTF-16 but above them as a code
// point.
const ORDER_SENSITIVE = [
  'T\u{E000}', 'T\u{1F600}', 'T\u{FFFD}', 'T\u{10000}', 'T\u{FF21}', 'T\u{1D11E}', 'T\u{F8FF}', 'TZ', 'T\u{E9}',
];

const DIRECTIONS = ['ltr', 'rtl'];
const LANGUAGES = ['en', 'ar', 'de-CH', 'he', 'EN-us', 'zh-Hant'];

/** Builds a node object with some plain members using `terms`. */
function smallNode(g, terms, {id = g.rng.chance(0.4)} = {}) {
  const node = {};
  if(id) {
    node['@id'] = g.nodeId();
  }
  for(const t of terms) {
    node[t] = g.simple();
  }
  return node;
}

export const FEATURES = [
  // -- @list ----------------------------------------------------------------
  {
    name: 'list-explicit-nested', group: 'list', issue: 1,
    mutations: ['nest-array-elements', 'flatten-nested-array', 'list-to-set', 'swap-array-elements'],
    build(g) {
      const t = g.term('lst');
      g.def(t, g.iri(t));
      const item = depth => g.rng.weighted([
        [4, () => g.simple()],
        [depth < 2 ? 3 : 0, () => Array.from({length: g.rng.int(4)}, () => item(depth + 1))],
        [depth < 2 ? 1 : 0, () => ({'@list': Array.from({length: g.rng.int(3)}, () => item(depth + 1))})],
      ])();
      // Half of them without a nested array, for the mutations to nest one.
      const flat = g.rng.chance(0.5);
      const items = Array.from({length: g.rng.range(flat ? 2 : 1, 4)}, () => (flat ? g.simple() : item(0)));
      if(!flat && !items.some(Array.isArray)) {
        items.splice(g.rng.int(items.length + 1), 0, [g.simple(), g.simple()]);
      }
      g.place(t, {'@list': items});
    },
  },
  {
    name: 'list-container', group: 'list', issue: 1,
    mutations: ['nest-array-elements', 'flatten-nested-array', 'unwrap-single-array', 'wrap-in-array'],
    build(g) {
      const t = g.term('lc');
      g.def(t, {'@id': g.iri(t), '@container': '@list'});
      const value = g.rng.weighted([
        [3, () => [g.simple(), [g.simple(), g.simple()], g.simple()]],
        [2, () => [[g.simple()], [], [[g.simple()]]]],
        [1, () => g.simple()],
        [1, () => []],
        [1, () => ({'@list': [g.simple(), [g.simple()]]})],
      ])();
      g.place(t, value);
    },
  },
  {
    name: 'list-of-nodes', group: 'list', issue: 1,
    mutations: ['swap-array-elements', 'nest-array-elements', 'merge-node-ids'],
    build(g) {
      const t = g.term('ln');
      const q = g.term('q');
      g.def(t, {'@id': g.iri(t), '@container': '@list'});
      g.def(q, g.iri(q));
      g.place(t, Array.from({length: g.rng.range(2, 4)}, () => smallNode(g, [q])));
    },
  },

  // -- @set -----------------------------------------------------------------
  {
    name: 'set-container-duplicates', group: 'set', issue: 0,
    mutations: ['swap-array-elements', 'wrap-in-array', 'unwrap-single-array'],
    build(g) {
      const t = g.term('set');
      g.def(t, g.rng.chance(0.5) ? {'@id': g.iri(t), '@container': '@set'} : g.iri(t));
      const v = g.simple();
      const values = g.rng.weighted([
        [3, () => [v, g.simple(), v]],
        [2, () => ({'@set': [v, v, g.simple()]})],
        [1, () => ({'@set': []})],
        [1, () => [{'@value': v}, v]],
        [1, () => [{'@id': 'dfx:same'}, {'@id': 'dfx:same'}]],
      ])();
      g.place(t, values);
    },
  },

  // -- @index -----------------------------------------------------------------
  {
    name: 'index-container', group: 'index', issue: 0,
    mutations: ['rename-key', 'add-index', 'alias-to-index'],
    build(g) {
      const t = g.term('ix');
      const q = g.term('q');
      const asId = g.rng.chance(0.3);
      g.def(t, {'@id': g.iri(t), '@container': g.rng.chance(0.5) ? '@index' : ['@index', '@set'],
        ...(asId ? {'@type': '@id'} : {})});
      g.def(q, g.iri(q));
      const map = {};
      for(const key of g.rng.sample(['a', 'b', 'Zed', 'k\u{1F600}', 'k\u{E000}', '@none', ''], g.rng.range(1, 3))) {
        map[key] = asId ? g.rng.pick(['dfx:one', 'https://example.org/two', ['dfx:three', 'dfx:four']]) :
          g.rng.weighted([[3, () => g.simple()], [2, () => smallNode(g, [q])], [1, () => [g.simple(), g.simple()]]])();
      }
      g.place(t, map);
    },
  },
  {
    name: 'index-property-valued', group: 'index', issue: 0,
    mutations: ['rename-key', 'change-context-keyword', 'add-index'],
    build(g) {
      const t = g.term('pix');
      const p = g.term('ipr');
      const q = g.term('q');
      const pType = g.rng.pick([null, '@id', '@vocab']);
      g.def(p, pType ? {'@id': g.iri(p), '@type': pType} : g.iri(p));
      g.def(q, g.iri(q));
      g.def(t, {'@id': g.iri(t), '@container': '@index', '@index': p});
      const map = {};
      const keys = pType === '@id' ? ['dfx:alpha', 'https://example.org/k', '@none', 'dfx:beta'] :
        ['alpha', 'dfx:beta', 'gamma', '@none', 'https://example.org/k'];
      for(const key of g.rng.sample(keys, g.rng.range(1, 3))) {
        map[key] = g.rng.chance(0.3) ? [smallNode(g, [q]), smallNode(g, [q])] :
          g.rng.chance(0.2) ? {...smallNode(g, [q]), [p]: g.simple()} : smallNode(g, [q]);
      }
      g.place(t, map);
    },
  },
  {
    name: 'index-on-objects', group: 'index', issue: 0,
    mutations: ['add-index', 'alias-to-index', 'change-value'],
    build(g) {
      const t = g.term('io');
      const q = g.term('q');
      g.def(t, g.iri(t));
      g.def(q, g.iri(q));
      g.place(t, [
        {'@value': g.simple(), '@index': g.word()},
        {'@index': g.word(), [q]: g.simple()},
        ...(g.rng.chance(0.5) ? [{'@list': [g.simple()], '@index': g.word()}] : []),
      ]);
    },
  },

  // -- @id maps ---------------------------------------------------------------
  {
    name: 'id-map', group: 'id-map', issue: 5,
    mutations: ['rename-key', 'add-empty-context', 'move-into-child', 'change-context-iri', 'define-term-in-scoped-context'],
    build(g) {
      const m = g.term('idm');
      const q = g.term('q');
      const keys = g.rng.sample(['dfx:n1', 'https://example.org/n/2', '_:b1', '@none', 'dfx:n\u{1F600}'],
        g.rng.range(1, 3));
      const map = {};
      for(const k of keys) {
        map[k] = g.rng.chance(0.2) ? [smallNode(g, [q], {id: false})] : smallNode(g, [q], {id: false});
      }
      if(g.rng.chance(0.5)) {
        // Inside a node whose type brings a scoped context that defines the
        // map and its members: the map's values keep that context.
        const T = g.typeTerm();
        g.def(q, g.iri(`${q}-outer`));
        const scoped = {[m]: {'@id': g.iri(m), '@container': '@id'}};
        if(g.rng.chance(0.5)) {
          scoped[q] = g.iri(`${q}-scoped`);
        }
        g.def(T, {'@id': g.iri(T), '@context': scoped});
        g.place(g.term('host'), {'@type': T, [m]: map}, {defineHost: true});
      } else {
        g.def(m, {'@id': g.iri(m), '@container': g.rng.chance(0.5) ? '@id' : ['@id', '@set']});
        g.def(q, g.iri(q));
        g.place(m, map);
      }
    },
  },

  // -- @type maps -------------------------------------------------------------
  {
    name: 'type-map-scoped', group: 'type-map', issue: 4,
    mutations: ['rename-key', 'move-into-child', 'add-member', 'change-type', 'rename-type-term', 'change-context-keyword', 'define-term-in-scoped-context'],
    build(g) {
      const m = g.term('tym');
      const q = g.term('q');
      const r = g.term('r');
      const sub = g.term('sub');
      g.def(q, g.iri(`${q}-outer`));
      g.def(sub, g.iri(sub));
      const valueType = g.rng.pick([null, '@id', '@vocab']);
      g.def(m, {'@id': g.iri(m), '@container': '@type', ...(valueType ? {'@type': valueType} : {})});
      if(g.rng.chance(0.5)) {
        g.def(r, g.iri(`${r}-outer`));
      }
      const types = g.rng.sample(ORDER_SENSITIVE, g.rng.range(1, 3)).map(base => g.typeTerm(base));
      const map = {};
      types.forEach((T, i) => {
        const scoped = {[q]: g.iri(`${q}-${i}`)};
        if(i === 0) {
          scoped[r] = g.iri(r);
        }
        if(g.rng.chance(0.3)) {
          scoped['@propagate'] = true;
        }
        g.def(T, {'@id': g.iri(`T${i}`), '@context': scoped});
        const node = {[q]: g.simple()};
        if(i > 0 && g.rng.chance(0.5)) {
          node[r] = g.simple(); // defined by an earlier key's context only
        }
        if(g.rng.chance(0.5)) {
          node[sub] = {[q]: g.simple()};
        }
        if(g.rng.chance(0.3)) {
          const U = g.typeTerm();
          g.def(U, {'@id': g.iri(U), '@context': {[q]: g.iri(`${q}-own`)}});
          node['@type'] = U;
        }
        map[T] = valueType && g.rng.chance(0.3) ? g.rng.pick(['dfx:ref', 'https://example.org/ref']) : node;
      });
      if(g.rng.chance(0.2)) {
        map['@none'] = {[q]: g.simple()};
      }
      g.place(m, map);
    },
  },

  // -- languages and directions -----------------------------------------------
  {
    name: 'language-map', group: 'language', issue: 9,
    mutations: ['rename-key', 'change-context-keyword', 'add-language-or-direction'],
    build(g) {
      const t = g.term('lm');
      const def = {'@id': g.iri(t), '@container': g.rng.chance(0.7) ? '@language' : ['@language', '@set']};
      if(g.rng.chance(0.5)) {
        def['@direction'] = g.rng.pick([...DIRECTIONS, null]);
      }
      if(g.rng.chance(0.5)) {
        def['@context'] = {'@direction': g.rng.pick(DIRECTIONS), ...(g.rng.chance(0.3) ? {'@language': 'fr'} : {})};
      }
      g.def(t, def);
      const map = {};
      for(const lang of g.rng.sample([...LANGUAGES, '@none'], g.rng.range(1, 3))) {
        map[lang] = g.rng.weighted([[4, () => g.word()], [1, () => [g.word(), g.word()]], [1, () => null]])();
      }
      g.place(t, map, {contextDirection: g.rng.chance(0.3) ? g.rng.pick(DIRECTIONS) : undefined});
    },
  },
  {
    name: 'term-language-direction', group: 'language', issue: 8,
    mutations: ['change-context-keyword', 'add-index', 'add-language-or-direction'],
    build(g) {
      const members = {};
      const n = g.rng.range(1, 3);
      for(let i = 0; i < n; i++) {
        const t = g.term('ld');
        const def = {'@id': g.iri(t)};
        const shape = g.rng.pick(['none', 'typed-dir', 'dir', 'lang', 'lang-dir', 'null-lang']);
        if(shape === 'none') {
          def['@type'] = '@none';
        } else if(shape === 'typed-dir') {
          def['@type'] = g.rng.pick(['dfx:dt', 'dxs:string']);
          def['@direction'] = g.rng.pick(DIRECTIONS);
        } else if(shape === 'dir') {
          def['@direction'] = g.rng.pick([...DIRECTIONS, null]);
        } else if(shape === 'lang') {
          def['@language'] = g.rng.pick(LANGUAGES);
        } else if(shape === 'lang-dir') {
          def['@language'] = g.rng.pick(LANGUAGES);
          def['@direction'] = g.rng.pick(DIRECTIONS);
        } else {
          def['@language'] = null;
        }
        g.def(t, def);
        members[t] = g.rng.weighted([
          [4, () => g.word()],
          [1, () => ({'@value': g.word(), '@language': g.rng.pick(LANGUAGES)})],
          [1, () => ({'@value': g.word(), '@direction': g.rng.pick(DIRECTIONS)})],
          [1, () => new RawNumber('7')],
        ])();
      }
      // Context-level language and direction, in an embedded context so only
      // this node (and what it nests) sees them.
      const node = {...members};
      if(g.rng.chance(0.7)) {
        const ctx = {};
        if(g.rng.chance(0.7)) {
          ctx['@language'] = g.rng.pick(LANGUAGES);
        }
        if(g.rng.chance(0.7)) {
          ctx['@direction'] = g.rng.pick(DIRECTIONS);
        }
        node['@context'] = ctx;
      }
      const holder = g.term('ldh');
      g.def(holder, g.iri(holder));
      g.place(holder, node);
    },
  },
  {
    name: 'value-object-direction', group: 'language', issue: 8,
    mutations: ['change-value', 'rename-key', 'add-index', 'add-language-or-direction'],
    build(g) {
      const t = g.term('vd');
      g.def(t, g.iri(t));
      g.place(t, g.rng.sample([
        {'@value': g.word(), '@direction': g.rng.pick(DIRECTIONS)},
        {'@value': g.word(), '@language': g.rng.pick(LANGUAGES), '@direction': g.rng.pick(DIRECTIONS)},
        {'@value': g.word(), '@language': g.rng.pick(LANGUAGES)},
      ], g.rng.range(1, 3)));
    },
  },

  // -- @graph -----------------------------------------------------------------
  {
    name: 'graph-container', group: 'graph', issue: 0,
    mutations: ['rename-key', 'change-context-keyword', 'into-nest'],
    build(g) {
      const t = g.term('gr');
      const q = g.term('q');
      g.def(q, g.iri(q));
      const container = g.rng.pick([['@graph'], ['@graph', '@id'], ['@graph', '@index'], ['@graph', '@set'],
        ['@graph', '@id', '@set'], ['@graph', '@index', '@set']]);
      g.def(t, {'@id': g.iri(t), '@container': container.length === 1 ? container[0] : container});
      let value;
      if(container.includes('@id')) {
        value = {};
        for(const k of g.rng.sample(['dfx:g1', 'https://example.org/g/2', '@none'], g.rng.range(1, 2))) {
          value[k] = smallNode(g, [q]);
        }
      } else if(container.includes('@index')) {
        value = {};
        for(const k of g.rng.sample(['i1', 'i2', '@none'], g.rng.range(1, 2))) {
          value[k] = smallNode(g, [q]);
        }
      } else {
        value = g.rng.chance(0.7) ? smallNode(g, [q]) : [smallNode(g, [q]), smallNode(g, [q])];
      }
      g.place(t, value);
    },
  },
  {
    name: 'graph-explicit', group: 'graph', issue: 0,
    mutations: ['add-index', 'merge-node-ids'],
    build(g) {
      const t = g.term('ge');
      const q = g.term('q');
      g.def(t, g.iri(t));
      g.def(q, g.iri(q));
      const value = {'@graph': [smallNode(g, [q]), smallNode(g, [q])]};
      if(g.rng.chance(0.6)) {
        value['@id'] = g.nodeId();
      }
      if(g.rng.chance(0.3)) {
        value['@index'] = g.word();
      }
      g.place(t, value);
    },
  },

  // -- @included --------------------------------------------------------------
  {
    name: 'included', group: 'included', issue: 6,
    mutations: ['move-into-child', 'change-context-iri', 'rename-key', 'define-term-in-scoped-context'],
    build(g) {
      const p = g.term('inc');
      const q = g.term('q');
      const q2 = g.term('q');
      g.def(q, g.iri(q));
      const alias = g.rng.chance(0.3) ? g.term('incl') : '@included';
      if(alias !== '@included') {
        g.def(alias, '@included');
      }
      if(g.rng.chance(0.6)) {
        // The property's scoped context defines what the included nodes use.
        const scoped = g.rng.chance(0.6) ? {[q2]: g.iri(`${q2}-scoped`), [q]: g.iri(`${q}-scoped`)} :
          {[g.term('other')]: g.iri('other')};
        g.def(p, {'@id': g.iri(p), '@context': scoped});
        if(!(q2 in scoped) || g.rng.chance(0.5)) {
          g.def(q2, g.iri(`${q2}-outer`));
        }
      } else {
        g.def(p, g.iri(p));
        g.def(q2, g.iri(q2));
      }
      const included = [{'@id': g.nodeId(true), [q2]: g.simple()}];
      if(g.rng.chance(0.5)) {
        included.push({[q]: g.simple(), [alias]: {[q2]: g.simple()}});
      }
      g.place(p, {[q]: g.simple(), [alias]: included.length === 1 && g.rng.chance(0.5) ? included[0] : included});
    },
  },

  // -- @nest ------------------------------------------------------------------
  {
    name: 'nest', group: 'nest', issue: 0,
    mutations: ['into-nest', 'out-of-nest', 'move-into-child'],
    build(g) {
      const nest = g.term('nst');
      const q = g.term('q');
      const r = g.term('r');
      g.def(nest, '@nest');
      g.meta.nestAliases.push(nest);
      g.def(q, {'@id': g.iri(q), '@nest': nest});
      g.def(r, g.iri(r));
      const inner = {[q]: g.simple(), [r]: g.simple()};
      const value = g.rng.weighted([
        [3, () => ({[nest]: inner})],
        [1, () => ({[nest]: [inner, {[r]: g.simple()}]})],
        [1, () => ({'@nest': inner})],
        [1, () => ({[nest]: {[nest]: inner}})],
        [1, () => ({[q]: g.simple(), [nest]: {[r]: g.simple()}})],
      ])();
      const holder = g.term('nh');
      g.def(holder, g.iri(holder));
      g.place(holder, value);
    },
  },

  // -- @json ------------------------------------------------------------------
  {
    name: 'json-literal', group: 'json', issue: 0,
    mutations: ['reorder-keys', 'escape-non-ascii', 'change-value'],
    build(g) {
      const t = g.term('js');
      g.def(t, {'@id': g.iri(t), '@type': '@json'});
      const jsonValue = depth => g.rng.weighted([
        [3, () => g.exoticString()],
        [3, () => g.number()],
        [1, () => g.rng.chance(0.5)],
        [1, () => null],
        [depth < 2 ? 2 : 0, () => Array.from({length: g.rng.int(3)}, () => jsonValue(depth + 1))],
        [depth < 2 ? 3 : 0, () => {
          const o = {};
          for(const k of g.rng.sample(['b', 'a', '\u{E000}', '\u{1F600}', 'id', '@value', '10', '9', 'é'],
            g.rng.range(0, 4))) {
            o[k] = jsonValue(depth + 1);
          }
          return o;
        }],
      ])();
      const v = jsonValue(0);
      g.meta.jsonTerms.push(t);
      g.place(t, g.rng.chance(0.2) ? {'@value': v, '@type': '@json'} : v);
    },
  },

  // -- @reverse ---------------------------------------------------------------
  {
    name: 'reverse', group: 'reverse', issue: 0,
    mutations: ['merge-node-ids', 'change-value', 'rename-key'],
    build(g) {
      const rv = g.term('rev');
      const q = g.term('q');
      const p = g.term('fwd');
      g.def(q, g.iri(q));
      g.def(p, g.iri(p));
      if(g.rng.chance(0.6)) {
        g.def(rv, {'@reverse': g.iri(p), ...(g.rng.chance(0.3) ? {'@container': '@set'} : {})});
        g.place(rv, g.rng.chance(0.5) ? smallNode(g, [q], {id: true}) : [smallNode(g, [q]), smallNode(g, [q])]);
      } else {
        const holder = g.term('rh');
        g.def(holder, g.iri(holder));
        g.place(holder, {'@id': g.nodeId(), [q]: g.simple(), '@reverse': {[p]: smallNode(g, [q], {id: true})}});
      }
    },
  },

  // -- IRIs: @vocab, @base, prefixes, compact IRIs ----------------------------
  {
    name: 'vocab-base', group: 'iri', issue: 0,
    mutations: ['change-context-keyword', 'change-value'],
    build(g) {
      const ctx = {};
      const useBase = g.rng.chance(0.7);
      if(useBase) {
        ctx['@base'] = g.rng.pick(['https://example.org/base/dir/', 'https://example.org/base/file?x=1#f',
          'https://example.org/']);
      }
      ctx['@vocab'] = useBase ? g.rng.pick(['https://example.org/vocab#', '', '#', 'rel/']) :
        'https://example.org/vocab/';
      const undefinedTerm = `u${g.word()}`;
      const node = {'@context': ctx, [undefinedTerm]: g.simple()};
      if(useBase) {
        node['@id'] = g.rng.pick(['a', '../b', '?q=1', '#frag', '', './c/d', '//example.com/x']);
        if(g.rng.chance(0.5)) {
          node['@type'] = g.rng.pick(['RelType', 'dfx:Abs', '#Hash']);
        }
      }
      if(g.rng.chance(0.4)) {
        node[`w${g.word()}`] = {'@id': g.rng.pick(['rel/x', 'dfx:y', '#z']), [undefinedTerm]: g.simple()};
      }
      const holder = g.term('vb');
      g.def(holder, g.iri(holder));
      g.place(holder, node);
    },
  },
  {
    name: 'prefix-forms', group: 'iri', issue: 0,
    mutations: ['expand-compact-iri', 'change-context-keyword', 'define-blank-prefix'],
    build(g) {
      const pf = g.term('pf');
      const shape = g.rng.pick(['prefix-true', 'prefix-false', 'gen-delim', 'no-delim']);
      if(shape === 'prefix-true') {
        g.def(pf, {'@id': 'https://example.org/pfx/x', '@prefix': true});
      } else if(shape === 'prefix-false') {
        g.def(pf, {'@id': 'https://example.org/pfx/', '@prefix': false});
      } else if(shape === 'gen-delim') {
        g.def(pf, 'https://example.org/pfx/');
      } else {
        g.def(pf, 'https://example.org/pfx-');
      }
      const holder = g.term('ph');
      g.def(holder, g.iri(holder));
      const node = {'@id': `${pf}:node`, [`${pf}:prop`]: g.simple()};
      if(g.rng.chance(0.5)) {
        node['@type'] = `${pf}:Type`;
      }
      if(g.rng.chance(0.5)) {
        node['dfx:compact'] = {'@id': 'dfx:target'};
        node['https://example.org/diff#full'] = g.simple();
      }
      g.place(holder, node);
    },
  },
  {
    name: 'iri-special-characters', group: 'iri', issue: 0,
    mutations: ['change-value', 'escape-non-ascii'],
    build(g) {
      const t = g.term('sc');
      const odd = () => g.rng.pick(['https://example.org/a|b', 'https://example.org/c^d', 'https://example.org/{e}',
        'https://example.org/f?g={h}|i^j', 'urn:x:k|l', 'https://example.org/\u{1F600}/\u{E000}']);
      g.def(t, g.rng.chance(0.3) ? {'@id': odd(), '@type': '@id'} : {'@id': g.iri(t), '@type': '@id'});
      const holder = g.term('sch');
      g.def(holder, g.iri(holder));
      const node = {'@id': odd(), [t]: g.rng.chance(0.5) ? odd() : [odd(), odd()]};
      if(g.rng.chance(0.4)) {
        node['@type'] = odd();
      }
      g.place(holder, node);
    },
  },

  // -- blank-node terms used as prefixes ----------------------------------------
  {
    name: 'bnode-prefix', group: 'bnode-prefix', issue: 2,
    mutations: ['merge-node-ids', 'change-value', 'rename-key', 'define-blank-prefix', 'blank-id-as-compact-iri'],
    build(g) {
      const bn = g.term('bn');
      g.def(bn, `_:${g.rng.pick(['x', 'b', 'node'])}`);
      const q = g.term('q');
      g.def(q, g.iri(q));
      const t = g.term('bnr');
      g.def(t, g.iri(t));
      // Half the cases write blank node identifiers themselves ("_:b7"), for
      // the mutation that rewrites them with a blank-node prefix.
      const literal = g.rng.chance(0.5);
      const shared = literal ? `_:b${++g.n}` : `${bn}:${g.rng.pick(['a', 'same'])}`;
      const other = literal ? `_:b${++g.n}` : `${bn}:other`;
      const members = [
        {'@id': shared, [q]: g.simple()},
        {'@id': g.rng.chance(0.5) ? shared : other, [q]: g.simple()},
      ];
      if(g.rng.chance(0.4)) {
        members[0]['@type'] = `${bn}:T`;
      }
      if(g.rng.chance(0.2)) {
        members[1][`${bn}:p`] = g.simple();
      }
      g.place(t, members);
    },
  },

  // -- scoped contexts ----------------------------------------------------------
  {
    name: 'type-scoped', group: 'scoped', issue: 0,
    mutations: ['change-context-keyword', 'move-into-child', 'add-empty-context', 'define-term-in-scoped-context'],
    build(g) {
      const T = g.typeTerm();
      const q = g.term('q');
      const sub = g.term('sub');
      g.def(q, g.iri(`${q}-outer`));
      g.def(sub, g.iri(sub));
      const scoped = {[q]: g.iri(`${q}-scoped`)};
      const propagate = g.rng.pick([undefined, true, false]);
      if(propagate !== undefined) {
        scoped['@propagate'] = propagate;
      }
      if(g.rng.chance(0.3)) {
        scoped['@protected'] = true;
      }
      g.def(T, {'@id': g.iri(T), '@context': scoped});
      const node = {'@type': T, [q]: g.simple(), [sub]: {[q]: g.simple()}};
      if(g.rng.chance(0.4)) {
        node[sub][sub] = {[q]: g.simple()};
      }
      g.place(g.term('tsh'), node, {defineHost: true});
    },
  },
  {
    name: 'type-scoped-order', group: 'scoped', issue: 7,
    mutations: ['reorder-types', 'change-type', 'change-context-iri', 'rename-type-term'],
    build(g) {
      const q = g.term('q');
      g.def(q, g.iri(`${q}-outer`));
      const types = g.rng.sample(ORDER_SENSITIVE, g.rng.range(2, 4)).map(base => g.typeTerm(base));
      types.forEach((T, i) => {
        g.def(T, {'@id': g.iri(`ord${i}`), '@context': {[q]: g.iri(`${q}-by-${i}`)}});
      });
      // Order-insensitive names half the time: fine as signed, so renaming a
      // type term (a mutation) can expose the order a processor applies.
      if(g.rng.chance(0.5)) {
        types.forEach((T, i) => {
          const plain = g.typeTerm(`T${'ABCDEFG'[i]}`);
          g.ctx[plain] = g.ctx[T];
          delete g.ctx[T];
          g.typeTerms.splice(g.typeTerms.indexOf(T), 1);
          g.terms.splice(g.terms.indexOf(T), 1, plain);
          types[i] = plain;
        });
      }
      const typeKey = g.rng.chance(0.7) ? '@type' : 'type';
      g.place(g.term('ordh'), {[typeKey]: g.rng.shuffle(types), [q]: g.simple()}, {defineHost: true});
    },
  },
  {
    name: 'property-scoped', group: 'scoped', issue: 0,
    mutations: ['move-into-child', 'change-context-keyword', 'change-context-iri', 'define-term-in-scoped-context'],
    build(g) {
      const p = g.term('ps');
      const q = g.term('q');
      const sub = g.term('sub');
      g.def(q, g.iri(`${q}-outer`));
      g.def(sub, g.iri(sub));
      const scoped = {[q]: g.iri(`${q}-scoped`)};
      if(g.rng.chance(0.4)) {
        scoped['@propagate'] = false;
      }
      if(g.rng.chance(0.3)) {
        scoped['@vocab'] = 'https://example.org/scoped-vocab#';
      }
      g.def(p, {'@id': g.iri(p), '@context': scoped});
      g.place(p, {[q]: g.simple(), [sub]: {[q]: g.simple(), ...(g.rng.chance(0.4) ? {[sub]: {[q]: g.simple()}} : {})}});
    },
  },
  {
    name: 'protected-terms', group: 'scoped', issue: 0,
    mutations: ['remap-term', 'change-context-keyword', 'alias-to-index'],
    build(g) {
      const t = g.term('prot');
      const p = g.term('ovr');
      const ctx = {'@protected': true, [t]: g.iri(t)};
      g.extraContext(ctx);
      const shape = g.rng.pick(['same', 'property-override', 'embedded-override', 'redefine']);
      const value = {[t]: g.simple()};
      if(shape === 'same') {
        g.extraContext({[t]: g.iri(t)});
      } else if(shape === 'property-override') {
        g.def(p, {'@id': g.iri(p), '@context': {[t]: g.iri(`${t}-overridden`)}});
        value[p] = {[t]: g.simple()};
      } else if(shape === 'embedded-override') {
        value[p] = {'@context': {[t]: g.iri(`${t}-embedded`)}, [t]: g.simple()};
        g.def(p, g.iri(p));
      } else {
        g.extraContext({[t]: g.iri(`${t}-redefined`)});
      }
      const holder = g.term('prh');
      g.def(holder, g.iri(holder));
      g.place(holder, value);
    },
  },
  {
    name: 'embedded-context', group: 'scoped', issue: 0,
    mutations: ['add-empty-context', 'change-context-iri', 'move-into-child', 'define-term-in-scoped-context'],
    build(g) {
      const q = g.term('q');
      g.def(q, g.iri(`${q}-outer`));
      const holder = g.term('ech');
      g.def(holder, g.iri(holder));
      const ctx = g.rng.weighted([
        [3, () => ({[q]: g.iri(`${q}-embedded`)})],
        [1, () => [{[q]: g.iri(`${q}-first`)}, {[q]: g.iri(`${q}-second`)}]],
        [1, () => ({[q]: {'@id': g.iri(q), '@type': 'dxs:integer'}})],
        [1, () => ({'@propagate': false, [q]: g.iri(`${q}-local`)})],
      ])();
      const node = {'@context': ctx, [q]: g.simple()};
      if(g.rng.chance(0.5)) {
        const sub = g.term('sub');
        g.def(sub, g.iri(sub));
        node[sub] = {[q]: g.simple()};
      }
      g.place(holder, node);
    },
  },

  // -- value objects and the type-scoped context --------------------------------
  {
    name: 'value-object-scoped', group: 'value-object', issue: 3,
    mutations: ['add-index', 'add-empty-context', 'drop-member', 'define-term-in-scoped-context'],
    build(g) {
      const T = g.typeTerm();
      const p = g.term('vop');
      const dt = g.term('dt');
      const px = g.term('px');
      g.def(p, g.iri(p));
      g.def(dt, g.iri(`${dt}-outer`));
      g.def(px, 'https://example.org/outer-prefix/');
      g.def(T, {'@id': g.iri(T), '@context': {[dt]: g.iri(`${dt}-scoped`), [px]: 'https://example.org/scoped-prefix/'}});
      // Shapes that keep the type-scoped context (at most two keys, no
      // @context) and shapes that revert it; half the cases only the first.
      const keeps = [{'@value': g.word(), '@type': dt}, {'@id': `${px}:ref`}, {'@value': g.word(), '@type': `${px}:T`}];
      const values = g.rng.chance(0.5) ? g.rng.sample(keeps, g.rng.range(1, 2)) : g.rng.sample([
        {'@value': g.word(), '@type': dt},
        {'@value': g.word(), '@type': dt, '@index': g.word()},
        {'@context': {}, '@value': g.word(), '@type': dt},
        {'@value': g.word(), '@language': 'en', '@index': g.word()},
        {'@id': `${px}:ref`},
        {'@id': `${px}:ref2`, '@index': g.word()},
        {'@value': g.word(), '@type': `${px}:T`, '@index': g.word()},
      ], g.rng.range(1, 3));
      g.place(g.term('voh'), {'@type': T, [p]: values.length === 1 ? values[0] : values}, {defineHost: true});
    },
  },
  {
    name: 'value-object-extra-keys', group: 'value-object', issue: 3,
    mutations: ['add-index', 'drop-member', 'add-empty-context'],
    build(g) {
      const t = g.term('vx');
      g.def(t, g.iri(t));
      g.place(t, g.rng.pick([
        {'@value': g.simple(), '@index': g.word(), '@language': 'en'},
        {'@value': g.word(), '@type': 'dxs:token', '@index': g.word()},
        {'@value': g.word(), '@context': {}},
        {'@value': g.word(), '@language': 'en', '@direction': 'rtl', '@index': g.word()},
        {'@value': g.word(), '@type': '@json'},
      ]));
    },
  },

  // -- literals: null, empty, numbers, booleans, strings ------------------------
  {
    name: 'literal-values', group: 'literal', issue: 0,
    mutations: ['change-value', 'escape-non-ascii', 'swap-array-elements'],
    build(g) {
      for(let i = g.rng.range(1, 3); i > 0; i--) {
        const t = g.term('lit');
        g.def(t, g.iri(t));
        g.place(t, g.rng.weighted([
          [3, () => g.number()],
          [3, () => g.exoticString()],
          [1, () => g.rng.chance(0.5)],
          [1, () => null],
          [1, () => []],
          [1, () => ''],
          [1, () => ({})],
          [1, () => [null, g.simple()]],
          [1, () => ({'@value': null})],
          [2, () => [g.exoticString(), g.exoticString(), g.exoticString()]],
          // Two values whose order differs between code points and UTF-16
          // code units, so their N-Quads lines sort differently.
          [2, () => g.rng.shuffle([`v\u{F8FF}${g.word()}`, `v\u{1F600}${g.word()}`, `v\u{FFFD}`, `v\u{10000}`])],
        ])());
      }
    },
  },
  {
    name: 'literal-typed', group: 'literal', issue: 0,
    mutations: ['change-value', 'change-context-keyword'],
    build(g) {
      const t = g.term('typ');
      const type = g.rng.pick(['dxs:integer', 'dxs:double', 'dxs:boolean', 'dxs:decimal', 'dxs:string', 'dfx:custom']);
      g.def(t, {'@id': g.iri(t), '@type': type});
      g.place(t, g.rng.weighted([
        [3, () => g.number()],
        [1, () => g.rng.chance(0.5)],
        [2, () => g.word()],
        [1, () => ({'@value': g.number(), '@type': g.rng.pick(['dxs:integer', 'dxs:double', 'dfx:num'])})],
      ])());
    },
  },
];
