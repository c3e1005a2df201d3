/**
 * A small seeded PRNG for simulation: xoshiro128** (Blackman & Vigna), state seeded from one uint32 by
 * splitmix32. Deterministic across platforms (32-bit integer arithmetic only), so a seed reproduces a
 * simulation exactly.
 */

/** Seeded xoshiro128** generator. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads one seed over the 128-bit state (which must not be all zeros).
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** The next uniformly distributed uint32. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result >>> 0;
  }

  /** A uniform integer in 0..n-1 (n ≥ 1), unbiased (rejection sampling). */
  int(n: number): number {
    if (n <= 1) return 0;
    // Largest multiple of n below 2^32: values at or above it would bias the low results.
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const r = this.nextUint32();
      if (r < limit) return r % n;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A fresh random seed (for when the user gives none; it is reported so the run can be repeated). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296) >>> 0;
}
