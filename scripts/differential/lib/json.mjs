// JSON text with the details the reference and Rosette may read differently:
// a number keeps the exact text it was generated with (RawNumber: "1.0",
// "-0", "1E400", "12345678901234567890"), and strings may be written with
// \u escapes, surrogate pairs included. Every document is built as a tree of
// plain objects, arrays, strings, booleans, null and RawNumber; the reference
// reads it back with JSON.parse, exactly as it reads the file.

export class RawNumber {
  constructor(text) {
    if(!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(text)) {
      throw new Error(`not a JSON number: ${text}`);
    }
    this.text = text;
  }
}

/** A deep copy that keeps RawNumber values. */
export function clone(value) {
  if(Array.isArray(value)) {
    return value.map(clone);
  }
  if(value instanceof RawNumber) {
    return new RawNumber(value.text);
  }
  if(value && typeof value === 'object') {
    const out = {};
    for(const [k, v] of Object.entries(value)) {
      out[k] = clone(v);
    }
    return out;
  }
  return value;
}

const ESCAPES = {'"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'};
const hex4 = code => `\\u${code.toString(16).padStart(4, '0')}`;

/**
 * A JSON string literal.
 *
 * @param {string} s - The string.
 * @param {boolean} escapeNonAscii - Write every non-ASCII UTF-16 code unit as \uXXXX.
 */
export function quote(s, escapeNonAscii = false) {
  let out = '"';
  for(let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    if(ESCAPES[ch]) {
      out += ESCAPES[ch];
    } else if(code < 0x20 || (escapeNonAscii && code > 0x7e)) {
      out += hex4(code);
    } else {
      out += ch;
    }
  }
  return out + '"';
}

/**
 * Serializes a document tree (two-space indentation, keys in insertion order).
 *
 * @param {*} value - The tree.
 * @param {object} [options] - {escapeNonAscii: boolean, compact: boolean}.
 */
export function serialize(value, options = {}) {
  const {escapeNonAscii = false, compact = false} = options;
  const nl = compact ? '' : '\n';
  const write = (v, indent) => {
    const inner = compact ? '' : indent + '  ';
    const sep = compact ? ':' : ': ';
    if(v === null) {
      return 'null';
    }
    if(v instanceof RawNumber) {
      return v.text;
    }
    if(typeof v === 'number') {
      if(!Number.isFinite(v)) {
        throw new Error(`cannot write ${v} as JSON`);
      }
      return Object.is(v, -0) ? '-0' : String(v);
    }
    if(typeof v === 'boolean') {
      return String(v);
    }
    if(typeof v === 'string') {
      return quote(v, escapeNonAscii);
    }
    if(Array.isArray(v)) {
      if(v.length === 0) {
        return '[]';
      }
      return `[${nl}${v.map(x => inner + write(x, inner)).join(`,${nl}`)}${nl}${compact ? '' : indent}]`;
    }
    const entries = Object.entries(v);
    if(entries.length === 0) {
      return '{}';
    }
    return `{${nl}${entries.map(([k, x]) => inner + quote(k, escapeNonAscii) + sep + write(x, inner))
      .join(`,${nl}`)}${nl}${compact ? '' : indent}}`;
  };
  return write(value, '') + '\n';
}

/** What the reference reads from the file: the tree through JSON text. */
export const toPlain = value => JSON.parse(serialize(value));
