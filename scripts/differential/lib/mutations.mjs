// Mutations of a signed credential. `kind` says what the mutation is meant to
// do: "changing" alters what the document means (the reference should then
// reject it), "preserving" only alters how it is written (the reference should
// still accept it), "either" depends on the context (an array swap is a change
// inside a list and nothing elsewhere). The reference's verdict decides each
// case in the end; the kind is reported beside it.
//
// To add a mutation: append {name, kind, apply(doc, rng, meta)} to MUTATIONS.
// `apply` edits `doc` (a tree with RawNumbers, `proof` included) and returns
// true, or returns a string (the file text, for mutations of the JSON text
// itself), or false when it has nothing to act on in this document.

import {RawNumber, serialize} from './json.mjs';

const NS = 'https://example.org/diff#';
const isObject = v => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawNumber);
const isKeyword = k => k.startsWith('@');
const TYPE_KEYS = new Set(['@type', 'type']);

/**
 * Every place in the document body: {parent, key, value, inContext, inJson,
 * depth}, for the credential's members except `proof`, and (inContext) inside
 * its @context. inJson marks the inside of a JSON literal.
 */
function places(doc, meta) {
  const out = [];
  const jsonTerms = new Set(meta.jsonTerms ?? []);
  const generatedTerms = new Set(meta.terms ?? []);
  const visit = (parent, key, value, flags) => {
    flags = {...flags, generated: flags.generated ||
      (typeof key === 'string' && (generatedTerms.has(key) || key.startsWith('dfx:')))};
    out.push({parent, key, value, ...flags});
    const inJson = flags.inJson || (!flags.inContext && typeof key === 'string' && jsonTerms.has(key)) ||
      (isObject(parent) && parent['@type'] === '@json' && key === '@value');
    const next = {...flags, inJson, depth: flags.depth + 1};
    if(Array.isArray(value)) {
      value.forEach((v, i) => visit(value, i, v, next));
    } else if(isObject(value)) {
      for(const [k, v] of Object.entries(value)) {
        visit(value, k, v, {...next, inContext: flags.inContext || (!inJson && k === '@context')});
      }
    }
  };
  for(const [k, v] of Object.entries(doc)) {
    if(k !== 'proof') {
      visit(doc, k, v, {inContext: k === '@context', inJson: false, depth: 0, generated: false});
    }
  }
  return out;
}

const body = (doc, meta) => places(doc, meta).filter(p => !p.inContext);
const nodeLike = p => isObject(p.value) && !('@value' in p.value) && !('@list' in p.value) && !('@set' in p.value);

function changeLeaf(value, rng) {
  if(typeof value === 'string') {
    if(value.length && rng.chance(0.5)) {
      const i = rng.int(value.length);
      const c = value.charCodeAt(i);
      const next = c >= 0x61 && c < 0x7a ? String.fromCharCode(c + 1) : 'q';
      return value.slice(0, i) + next + value.slice(i + 1);
    }
    return `${value}X`;
  }
  if(value instanceof RawNumber) {
    return new RawNumber(value.text === '0' ? '1' : value.text.startsWith('-') ? value.text.slice(1) : `-${value.text}`);
  }
  if(typeof value === 'boolean') {
    return !value;
  }
  return 'changed';
}

function appendContext(doc, context) {
  doc['@context'] = [...[doc['@context']].flat(), context];
}

// Keys used for members of node objects, for the context mutations.
function memberKeys(doc, meta) {
  const keys = new Set();
  for(const p of body(doc, meta)) {
    if(!p.inJson && typeof p.key === 'string' && !isKeyword(p.key) && isObject(p.parent) &&
      !['id', 'type', 'proof'].includes(p.key) && !p.key.includes(':')) {
      keys.add(p.key);
    }
  }
  return [...keys].sort();
}

function shuffleKeysDeep(value, rng) {
  if(Array.isArray(value)) {
    return value.map(v => shuffleKeysDeep(v, rng));
  }
  if(isObject(value)) {
    const out = {};
    for(const k of rng.shuffle(Object.keys(value))) {
      out[k] = shuffleKeysDeep(value[k], rng);
    }
    return out;
  }
  return value;
}

// Replaces a key in place, keeping the member order.
function renameKey(object, from, to) {
  const entries = Object.entries(object).map(([k, v]) => [k === from ? to : k, v]);
  for(const k of Object.keys(object)) {
    delete object[k];
  }
  for(const [k, v] of entries) {
    object[k] = v;
  }
}

export const MUTATIONS = [
  {
    name: 'change-value', kind: 'changing',
    apply(doc, rng, meta) {
      const leaves = body(doc, meta).filter(p => !isObject(p.value) && !Array.isArray(p.value) && p.value !== null &&
        p.key !== '@context');
      if(!leaves.length) {
        return false;
      }
      const p = rng.pick(leaves);
      p.parent[p.key] = changeLeaf(p.value, rng);
      return true;
    },
  },
  {
    name: 'change-context-iri', kind: 'changing',
    apply(doc, rng, meta) {
      const iris = places(doc, meta).filter(p => p.inContext && typeof p.value === 'string' &&
        (p.value.startsWith(NS) || p.value.startsWith('https://example.org/')));
      if(!iris.length) {
        return false;
      }
      const p = rng.pick(iris);
      p.parent[p.key] = `${p.value}-changed`;
      return true;
    },
  },
  {
    name: 'add-member', kind: 'changing',
    apply(doc, rng, meta) {
      const nodes = body(doc, meta).filter(p => nodeLike(p) && !p.inJson);
      if(!nodes.length) {
        return false;
      }
      const p = rng.pick(nodes);
      const key = rng.weighted([[5, () => rng.pick(meta.terms.length ? meta.terms : ['dfx:added'])],
        [3, () => 'dfx:added'], [2, () => 'addedUndefinedTerm']])();
      if(key in p.value) {
        return false;
      }
      p.value[key] = `added${rng.int(100)}`;
      return true;
    },
  },
  {
    name: 'drop-member', kind: 'changing',
    apply(doc, rng, meta) {
      const members = body(doc, meta).filter(p => isObject(p.parent) && p.key !== '@context' && p.depth > 0);
      if(!members.length) {
        return false;
      }
      const p = rng.pick(members);
      delete p.parent[p.key];
      return true;
    },
  },
  {
    name: 'swap-members', kind: 'changing',
    apply(doc, rng, meta) {
      const objects = body(doc, meta).filter(p => isObject(p.value) && !p.inJson);
      const candidates = objects.filter(p => Object.keys(p.value).filter(k => !isKeyword(k)).length >= 2);
      if(!candidates.length) {
        return false;
      }
      const o = rng.pick(candidates).value;
      const [a, b] = rng.sample(Object.keys(o).filter(k => !isKeyword(k)), 2);
      if(serialize(o[a]) === serialize(o[b])) {
        return false;
      }
      [o[a], o[b]] = [o[b], o[a]];
      return true;
    },
  },
  {
    name: 'swap-array-elements', kind: 'either',
    apply(doc, rng, meta) {
      const arrays = body(doc, meta).filter(p => Array.isArray(p.value) && p.value.length >= 2);
      if(!arrays.length) {
        return false;
      }
      const array = rng.pick(arrays).value;
      const i = rng.int(array.length);
      const j = (i + 1 + rng.int(array.length - 1)) % array.length;
      if(serialize(array[i]) === serialize(array[j])) {
        return false;
      }
      [array[i], array[j]] = [array[j], array[i]];
      return true;
    },
  },
  {
    name: 'list-to-set', kind: 'changing',
    apply(doc, rng, meta) {
      const lists = body(doc, meta).filter(p => isObject(p.value) && '@list' in p.value && !p.inJson);
      if(!lists.length) {
        return false;
      }
      renameKey(rng.pick(lists).value, '@list', '@set');
      return true;
    },
  },
  {
    name: 'flatten-nested-array', kind: 'changing',
    apply(doc, rng, meta) {
      const arrays = body(doc, meta).filter(p => Array.isArray(p.value) && p.value.some(Array.isArray));
      if(!arrays.length) {
        return false;
      }
      const p = rng.pick(arrays);
      p.parent[p.key] = p.value.flatMap(v => (Array.isArray(v) ? v : [v]));
      return true;
    },
  },
  {
    name: 'wrap-in-array', kind: 'either',
    apply(doc, rng, meta) {
      const values = body(doc, meta).filter(p => p.generated && !isKeyword(String(p.key)) &&
        !Array.isArray(p.value) && !p.inJson && p.value !== null);
      if(!values.length) {
        return false;
      }
      const p = rng.pick(values);
      p.parent[p.key] = [p.value];
      return true;
    },
  },
  {
    name: 'alias-to-index', kind: 'changing',
    apply(doc, rng, meta) {
      const keys = memberKeys(doc, meta);
      if(!keys.length) {
        return false;
      }
      appendContext(doc, {[rng.pick(keys)]: '@index'});
      return true;
    },
  },
  {
    name: 'remap-term', kind: 'changing',
    apply(doc, rng, meta) {
      const keys = memberKeys(doc, meta);
      if(!keys.length) {
        return false;
      }
      const key = rng.pick(keys);
      appendContext(doc, {[key]: `https://example.org/remapped#${encodeURIComponent(key)}`});
      return true;
    },
  },
  {
    // A date the issuer never signed, aliased to @index so it is not in the
    // graph: the proof still verifies; the verifier must not use the date.
    name: 'spoof-date-via-index', kind: 'preserving',
    apply(doc, rng, meta) {
      const member = meta.version === 'vc2' ? rng.pick(['expirationDate', 'validUntil']) :
        rng.pick(['validUntil', 'expirationDate']);
      if(member in doc) {
        return false;
      }
      doc[member] = '2020-01-01T00:00:00Z';
      appendContext(doc, {[member]: '@index'});
      return true;
    },
  },
  {
    name: 'move-into-child', kind: 'changing',
    apply(doc, rng, meta) {
      const pairs = [];
      for(const p of body(doc, meta).filter(x => nodeLike(x) && !x.inJson)) {
        const members = Object.keys(p.value).filter(k => !isKeyword(k) && !['id', 'type'].includes(k));
        for(const child of members.filter(k => nodeLike({value: p.value[k]}) && isObject(p.value[k]))) {
          for(const m of members.filter(k => k !== child && !(k in p.value[child]))) {
            pairs.push([p.value, child, m]);
          }
        }
      }
      if(!pairs.length) {
        return false;
      }
      const [node, child, m] = rng.pick(pairs);
      node[child][m] = node[m];
      delete node[m];
      return true;
    },
  },
  {
    name: 'change-type', kind: 'changing',
    apply(doc, rng, meta) {
      const types = body(doc, meta).filter(p => TYPE_KEYS.has(String(p.key)) && isObject(p.parent) &&
        !('@value' in p.parent) && !p.inJson && p.depth > 0);
      if(!types.length) {
        return false;
      }
      const p = rng.pick(types);
      const other = rng.pick([...(meta.typeTerms ?? []), 'dfx:OtherType']);
      if(Array.isArray(p.value)) {
        p.value[rng.int(p.value.length)] = other;
      } else {
        p.parent[p.key] = other;
      }
      return true;
    },
  },
  {
    // The inverse of flatten: elements grouped into a nested array, which is
    // a list of lists inside @list and nothing new elsewhere.
    name: 'nest-array-elements', kind: 'either',
    apply(doc, rng, meta) {
      const arrays = body(doc, meta).filter(p => Array.isArray(p.value) && p.value.length >= 1 && !p.inJson &&
        p.generated);
      const lists = body(doc, meta).filter(p => isObject(p.value) && Array.isArray(p.value['@list']) && !p.inJson)
        .map(p => ({parent: p.value, key: '@list', value: p.value['@list']}));
      const all = [...arrays, ...lists].filter(p => p.value.length >= 1);
      if(!all.length) {
        return false;
      }
      const p = rng.pick(all);
      const i = rng.int(p.value.length);
      const n = rng.range(1, Math.min(2, p.value.length - i));
      const copy = p.value.slice();
      copy.splice(i, n, copy.slice(i, i + n));
      p.parent[p.key] = copy;
      return true;
    },
  },
  {
    name: 'unwrap-single-array', kind: 'either',
    apply(doc, rng, meta) {
      const arrays = body(doc, meta).filter(p => Array.isArray(p.value) && p.value.length === 1 && p.generated &&
        !isKeyword(String(p.key)) && !p.inJson);
      if(!arrays.length) {
        return false;
      }
      const p = rng.pick(arrays);
      p.parent[p.key] = p.value[0];
      return true;
    },
  },
  {
    // @index is not in the graph on a node object; on a value object it also
    // makes jsonld.js revert a type-scoped context.
    name: 'add-index', kind: 'either',
    apply(doc, rng, meta) {
      const objects = body(doc, meta).filter(p => isObject(p.value) && !p.inJson && p.generated &&
        !('@index' in p.value) && !('@list' in p.value && Object.keys(p.value).length > 1));
      if(!objects.length) {
        return false;
      }
      rng.pick(objects).value['@index'] = `idx${rng.int(10)}`;
      return true;
    },
  },
  {
    name: 'add-empty-context', kind: 'either',
    apply(doc, rng, meta) {
      const objects = body(doc, meta).filter(p => isObject(p.value) && !p.inJson && p.generated &&
        !('@context' in p.value) && !('@list' in p.value) && !('@set' in p.value));
      if(!objects.length) {
        return false;
      }
      const o = rng.pick(objects).value;
      const entries = Object.entries(o);
      for(const k of Object.keys(o)) {
        delete o[k];
      }
      Object.assign(o, {'@context': rng.pick([{}, []])}, Object.fromEntries(entries));
      return true;
    },
  },
  {
    name: 'merge-node-ids', kind: 'changing',
    apply(doc, rng, meta) {
      const ids = body(doc, meta).filter(p => (p.key === '@id' || p.key === 'id') && typeof p.value === 'string' &&
        isObject(p.parent) && !p.inJson && p.generated);
      const distinct = [...new Set(ids.map(p => p.value))];
      if(distinct.length < 2) {
        return false;
      }
      const [a, b] = rng.sample(distinct, 2);
      for(const p of ids.filter(x => x.value === a)) {
        p.parent[p.key] = b;
      }
      return true;
    },
  },
  {
    // A member renamed to another term: a map key (language, index, @id,
    // @type maps) or a property.
    name: 'rename-key', kind: 'changing',
    apply(doc, rng, meta) {
      const keys = body(doc, meta).filter(p => isObject(p.parent) && typeof p.key === 'string' && !p.inJson &&
        p.generated && p.key !== '@context' && !(p.key.startsWith('@') && p.key !== '@none'));
      if(!keys.length) {
        return false;
      }
      const p = rng.pick(keys);
      const to = rng.pick([...(meta.typeTerms ?? []), ...(meta.terms ?? []), 'en', 'fr', '@none', 'dfx:renamed',
        `${p.key}2`]);
      if(to in p.parent) {
        return false;
      }
      renameKey(p.parent, p.key, to);
      return true;
    },
  },
  {
    // A keyword entry of a term definition or context removed or flipped:
    // @direction, @language, @type, @container, @propagate, @protected,
    // @prefix, @index, @nest, @vocab, @base.
    name: 'change-context-keyword', kind: 'changing',
    apply(doc, rng, meta) {
      const entries = places(doc, meta).filter(p => p.inContext && isObject(p.parent) && typeof p.key === 'string' &&
        ['@direction', '@language', '@type', '@container', '@propagate', '@protected', '@prefix', '@index', '@nest',
          '@vocab', '@base'].includes(p.key));
      if(!entries.length) {
        return false;
      }
      const p = rng.pick(entries);
      const flips = {'ltr': 'rtl', 'rtl': 'ltr', 'true': false, 'false': true};
      if(rng.chance(0.5) && String(p.value) in flips) {
        p.parent[p.key] = flips[String(p.value)];
      } else if(p.key === '@language' && typeof p.value === 'string' && rng.chance(0.5)) {
        p.parent[p.key] = p.value === 'de' ? 'fr' : 'de';
      } else {
        delete p.parent[p.key];
      }
      return true;
    },
  },
  {
    // A type term renamed everywhere (its definition, @type values, @type map
    // keys), its definition unchanged: nothing changes but the order in which
    // type-scoped contexts apply (lexicographic by UTF-16 code units), which
    // decides the winner between contexts defining the same term.
    name: 'rename-type-term', kind: 'either',
    apply(doc, rng, meta) {
      const all = places(doc, meta);
      const defined = [...new Set(all.filter(p => p.inContext && isObject(p.parent) && typeof p.key === 'string' &&
        (meta.typeTerms ?? []).includes(p.key)).map(p => p.key))];
      if(!defined.length) {
        return false;
      }
      const from = rng.pick(defined);
      // Same counter, another second character (code points, not UTF-16 units).
      const to = `T${rng.pick(['\u{E000}', '\u{1F600}', '\u{FFFD}', '\u{10000}', 'A', 'z', '\u{FF21}'])}` +
        Array.from(from).slice(2).join('');
      if(to === from || all.some(p => p.key === to)) {
        return false;
      }
      for(const p of all) {
        if(typeof p.key === 'string' && p.key === from && isObject(p.parent) && !p.inJson) {
          renameKey(p.parent, from, to);
        } else if(p.value === from && !p.inJson && (TYPE_KEYS.has(String(p.key)) ||
          (Array.isArray(p.parent) && all.some(q => q.value === p.parent && TYPE_KEYS.has(String(q.key)))))) {
          p.parent[p.key] = to;
        }
      }
      return true;
    },
  },
  {
    // A term the document uses gets a definition in one of its scoped
    // contexts (type-scoped, property-scoped or embedded): a change exactly
    // where that context is in force (included nodes, @id and @type maps,
    // nested nodes under @propagate...), nothing elsewhere.
    name: 'define-term-in-scoped-context', kind: 'either',
    apply(doc, rng, meta) {
      const scoped = places(doc, meta).filter(p => p.inContext && p.key === '@context' && isObject(p.value));
      const embedded = body(doc, meta).filter(p => p.key === '@context' && isObject(p.value) && !p.inJson);
      const contexts = [...scoped, ...embedded].map(p => p.value);
      const terms = (meta.terms ?? []).filter(t => !t.startsWith('T'));
      if(!contexts.length || !terms.length) {
        return false;
      }
      const context = rng.pick(contexts);
      const term = rng.pick(terms);
      if(term in context) {
        return false;
      }
      context[term] = `${NS}${encodeURIComponent(term)}-scope-added`;
      return true;
    },
  },
  {
    // The scheme of an IRI the document uses, defined as a term mapped to a
    // blank node identifier ({"urn": "_:x"}). jsonld.js does not use such a
    // term as a prefix ("urn:a" stays an IRI), so this changes nothing there;
    // a processor that does would read "_:xa".
    name: 'define-blank-prefix', kind: 'either',
    apply(doc, rng, meta) {
      const schemes = new Set();
      for(const p of body(doc, meta)) {
        if(!p.inJson && typeof p.value === 'string' && (p.key === '@id' || p.key === 'id' || TYPE_KEYS.has(String(p.key)))) {
          const m = p.value.match(/^([a-z][a-z0-9]*):(?!\/\/)/);
          if(m && !['dfx', 'dxs'].includes(m[1]) && !(meta.terms ?? []).includes(m[1])) {
            schemes.add(m[1]);
          }
        }
      }
      if(!schemes.size) {
        return false;
      }
      appendContext(doc, {[rng.pick([...schemes].sort())]: `_:${rng.pick(['x', 'p'])}`});
      return true;
    },
  },
  {
    // The reverse: a blank node identifier "_:b12" written as "bnp:12" with
    // {"bnp": "_:b"}: for jsonld.js an IRI with the scheme "bnp", a change.
    name: 'blank-id-as-compact-iri', kind: 'changing',
    apply(doc, rng, meta) {
      const ids = body(doc, meta).filter(p => (p.key === '@id' || p.key === 'id') && typeof p.value === 'string' &&
        /^_:[a-z]+[0-9]+$/.test(p.value) && !p.inJson && isObject(p.parent));
      if(!ids.length) {
        return false;
      }
      const chosen = rng.pick(ids).value;
      const [, label, rest] = chosen.match(/^_:([a-z]+?)([0-9]+)$/);
      const term = `bnp${label}`;
      appendContext(doc, {[term]: `_:${label}`});
      for(const p of ids.filter(x => x.value === chosen)) {
        p.parent[p.key] = `${term}:${rest}`;
      }
      return true;
    },
  },
  {
    // @language or @direction added to a term definition or to a context
    // object: strings it governs change, unless the term is typed.
    name: 'add-language-or-direction', kind: 'either',
    apply(doc, rng, meta) {
      const targets = [
        ...places(doc, meta).filter(p => p.inContext && isObject(p.value) && isObject(p.parent) &&
          typeof p.value['@id'] === 'string' && !('@reverse' in p.value)),
        ...places(doc, meta).filter(p => p.key === '@context' && isObject(p.value) && p.depth > 0 && !p.inJson),
      ].map(p => p.value);
      if(!targets.length) {
        return false;
      }
      const target = rng.pick(targets);
      const [key, value] = rng.pick([['@language', 'de'], ['@direction', 'rtl'], ['@direction', 'ltr']]);
      if(key in target) {
        return false;
      }
      target[key] = value;
      return true;
    },
  },
  {
    name: 'reorder-keys', kind: 'preserving',
    apply(doc, rng) {
      const shuffled = shuffleKeysDeep(doc, rng);
      for(const k of Object.keys(doc)) {
        delete doc[k];
      }
      Object.assign(doc, shuffled);
      return true;
    },
  },
  {
    name: 'reorder-types', kind: 'preserving',
    apply(doc, rng, meta) {
      const arrays = places(doc, meta).filter(p => TYPE_KEYS.has(String(p.key)) && Array.isArray(p.value) &&
        p.value.length >= 2 && !p.inContext && !p.inJson);
      if(!arrays.length) {
        return false;
      }
      for(const p of arrays) {
        p.parent[p.key] = p.value.slice().reverse();
      }
      return true;
    },
  },
  {
    name: 'into-nest', kind: 'preserving',
    apply(doc, rng, meta) {
      const candidates = [];
      for(const p of body(doc, meta).filter(x => nodeLike(x) && !x.inJson && x.depth > 0)) {
        const generated = p.generated ? Object.keys(p.value) : Object.keys(p.value).filter(k => (meta.terms ?? []).includes(k));
        for(const k of generated.filter(key => !isKeyword(key) && !['id', 'type'].includes(key))) {
          candidates.push([p.value, k]);
        }
      }
      if(!candidates.length) {
        return false;
      }
      const [node, k] = rng.pick(candidates);
      if('@nest' in node) {
        return false;
      }
      const value = node[k];
      delete node[k];
      node['@nest'] = {[k]: value};
      return true;
    },
  },
  {
    name: 'out-of-nest', kind: 'preserving',
    apply(doc, rng, meta) {
      const aliases = new Set(['@nest', ...(meta.nestAliases ?? [])]);
      const nests = body(doc, meta).filter(p => aliases.has(String(p.key)) && isObject(p.value) && isObject(p.parent));
      if(!nests.length) {
        return false;
      }
      const p = rng.pick(nests);
      if(Object.keys(p.value).some(k => k in p.parent)) {
        return false;
      }
      delete p.parent[p.key];
      Object.assign(p.parent, p.value);
      return true;
    },
  },
  {
    name: 'expand-compact-iri', kind: 'preserving',
    apply(doc, rng, meta) {
      const keys = body(doc, meta).filter(p => isObject(p.parent) && !p.inJson && typeof p.key === 'string' &&
        p.key.startsWith('dfx:'));
      const ids = body(doc, meta).filter(p => !p.inJson && (p.key === '@id' || p.key === 'id') &&
        typeof p.value === 'string' && p.value.startsWith('dfx:'));
      const all = [...keys.map(p => ['key', p]), ...ids.map(p => ['id', p])];
      if(!all.length) {
        return false;
      }
      const [what, p] = rng.pick(all);
      if(what === 'key') {
        renameKey(p.parent, p.key, NS + p.key.slice(4));
      } else {
        p.parent[p.key] = NS + p.value.slice(4);
      }
      return true;
    },
  },
  {
    name: 'keyword-for-alias', kind: 'preserving',
    apply(doc, rng, meta) {
      const members = body(doc, meta).filter(p => isObject(p.parent) && !p.inJson && p.generated &&
        (p.key === 'id' || p.key === 'type') && !(`@${p.key}` in p.parent));
      if(!members.length) {
        return false;
      }
      const p = rng.pick(members);
      renameKey(p.parent, p.key, `@${p.key}`);
      return true;
    },
  },
  {
    name: 'escape-non-ascii', kind: 'preserving',
    apply(doc) {
      return serialize(doc, {escapeNonAscii: true});
    },
  },
  {
    name: 'minify', kind: 'preserving',
    apply(doc) {
      return serialize(doc, {compact: true});
    },
  },
];

/**
 * Applies a mutation to `doc` (edited in place).
 *
 * @returns {string|null} The mutated file text, or null if it did not apply.
 */
export function applyMutation(mutation, doc, rng, meta) {
  const result = mutation.apply(doc, rng, meta);
  if(result === false) {
    return null;
  }
  return typeof result === 'string' ? result : serialize(doc);
}
