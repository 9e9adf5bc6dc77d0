// A small seeded PRNG (sfc32, seeded through splitmix32), so a seed gives the
// same credentials on every machine and Node.js version. Each generated case
// gets its own stream, derived from (seed, case index, label), so adding a
// feature or a mutation changes only the cases that use it, and any case can
// be regenerated alone.

function splitmix32(state) {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

// FNV-1a over the UTF-16 code units of a label.
function hashLabel(label) {
  let h = 0x811c9dc5;
  for(let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  /**
   * @param {number} seed - A 32-bit unsigned seed.
   * @param {...(number|string)} path - Sub-stream labels (case index, purpose).
   */
  constructor(seed, ...path) {
    let s = seed >>> 0;
    for(const part of path) {
      s = (splitmix32(s ^ (typeof part === 'number' ? part >>> 0 : hashLabel(part)))()) >>> 0;
    }
    const init = splitmix32(s);
    this.a = init();
    this.b = init();
    this.c = init();
    this.d = init();
    for(let i = 0; i < 12; i++) {
      this.next();
    }
  }

  /** A uniform 32-bit unsigned integer. */
  next() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, n). */
  int(n) {
    if(!(n > 0)) {
      throw new Error(`Rng.int(${n})`);
    }
    return this.next() % n;
  }

  /** An integer in [lo, hi]. */
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p) {
    return this.next() < p * 0x100000000;
  }

  pick(items) {
    return items[this.int(items.length)];
  }

  /** Picks by weight: entries are [weight, value]. */
  weighted(entries) {
    const total = entries.reduce((sum, [w]) => sum + w, 0);
    let r = this.int(total);
    for(const [w, value] of entries) {
      if(r < w) {
        return value;
      }
      r -= w;
    }
    return entries[entries.length - 1][1];
  }

  /** A shuffled copy. */
  shuffle(items) {
    const out = items.slice();
    for(let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** k distinct items. */
  sample(items, k) {
    return this.shuffle(items).slice(0, k);
  }
}
