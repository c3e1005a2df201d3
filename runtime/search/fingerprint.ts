/**
 * 64-bit state fingerprints.
 *
 * `Fingerprinter` is the `StateWriter` the explorers hand to `Model.encode`: it folds the canonical int
 * stream into two 32-bit lanes with two different mixing functions (a murmur3-style lane and an
 * xxHash32-style lane, different seeds and multipliers), so the pair behaves like one 64-bit hash. Two
 * distinct states collide with probability about 2^-64 per pair: for 10^8 states the chance of any
 * collision (which would silently prune a state, as in TLC) is about 3·10^-4.
 *
 * Exact mode: a state whose packed form fits in 64 bits is not hashed but permuted (`permute`, a
 * Feistel network, hence a bijection): distinct states always get distinct fingerprints, so the store
 * is an exact set (no hash compaction) while the slot bits stay as well mixed as a hash's.
 *
 * Nothing is allocated per state: one instance is reset and reused, and the result is read from the
 * `h1`/`h2` fields after `finish()`.
 */
import type { Model, StateWriter } from "../contract/model.js";
import { BitWriter, packedWidth } from "../contract/packed.js";

// murmur3 x86_32 block constants.
const M1 = 0xcc9e2d51;
const M2 = 0x1b873593;
const M3 = 0xe6546b64;
// xxHash32 primes.
const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
// Arbitrary, distinct seeds so that the two lanes start apart.
const SEED_A = 0x2f6b_1d03;
const SEED_B = 0x5bd1_e995;
// Written before the two halves of an int that does not fit in 32 bits, so [wide v] differs from [lo, hi].
const WIDE_TAG = 0x7e57_ab1e;

/** Round keys of `permute` (hex digits of π: any distinct values do). */
const FEISTEL_KEYS = Int32Array.of(0x243f6a89, 0x85a308d3, 0x13198a2f, 0x03707345);

/** Bits of a packed state that are stored as the fingerprint itself (exact mode). */
export const EXACT_BITS = 64;

/**
 * Whether `fingerprintInto` gives `model`'s states exact fingerprints (a bijection of the packed
 * state): the model packs into at most 64 bits and the search does not fingerprint orbits.
 */
export function exactFingerprints<S>(model: Model<S>, canonical = false): boolean {
  if (canonical && model.symmetry?.usable === true) return false;
  const w = model.pack !== undefined ? packedWidth(model) : -1;
  return w >= 0 && w <= EXACT_BITS;
}

/** What the visited set guarantees: exact, or the estimated chance that hash compaction merged two states. */
export interface FingerprintInfo {
  /** States are stored exactly (a packed state of at most 64 bits is its own fingerprint): no collision is possible. */
  readonly exact: boolean;
  /** Fingerprint width in bits. */
  readonly bits: number;
  /**
   * Estimated probability that two of the stored states share a fingerprint (one of them then was
   * never explored): n(n−1)/2^(bits+1), the birthday bound for a uniform hash, so optimistic, like
   * TLC's "calculated" figure; 0 when exact.
   */
  readonly collisionProbability: number;
}

/** `FingerprintInfo` for a visited set of `states` entries. */
export function fingerprintInfo(states: number, exact: boolean, bits = 64): FingerprintInfo {
  return { exact, bits, collisionProbability: exact || states < 2 ? 0 : Math.min(1, (states * (states - 1)) / 2 ** (bits + 1)) };
}

/** Scratch view for the bit pattern of non-integer numbers (spec values never are; kept total anyway). */
const F64 = new Float64Array(1);
const F64_WORDS = new Int32Array(F64.buffer);

/** Folds an int stream into a 64-bit fingerprint held as two 32-bit lanes (`h1`, `h2`). */
export class Fingerprinter implements StateWriter {
  private a = SEED_A;
  private b = SEED_B;
  private n = 0;
  /** Low lane of the last finished fingerprint (unsigned). */
  h1 = 0;
  /** High lane of the last finished fingerprint (unsigned). */
  h2 = 0;
  /** Scratch for the packed form of the state being fingerprinted (see `fingerprintInto`). */
  readonly packed = new BitWriter();

  /** Starts a new fingerprint. */
  reset(): void {
    this.a = SEED_A;
    this.b = SEED_B;
    this.n = 0;
  }

  /** Adds one value of the canonical encoding. */
  int(v: number): void {
    const k = v | 0;
    if (k === v) this.mix(k);
    else this.wide(v);
  }

  /** Completes the fingerprint into `h1`/`h2`; the stream length is folded in so prefixes differ. */
  finish(): void {
    let a = this.a ^ this.n;
    a ^= a >>> 16;
    a = Math.imul(a, 0x85ebca6b);
    a ^= a >>> 13;
    a = Math.imul(a, P3);
    a ^= a >>> 16;
    let b = (this.b + Math.imul(this.n, P1)) | 0;
    b ^= b >>> 15;
    b = Math.imul(b, P2);
    b ^= b >>> 13;
    b = Math.imul(b, P3);
    b ^= b >>> 16;
    this.h1 = a >>> 0;
    this.h2 = b >>> 0;
  }

  /**
   * Sets `h1`/`h2` to a bijective mix of the 64-bit value (w0, w1): four Feistel rounds, each
   * `(l, r) → (r, l ^ f(r))`, invertible whatever `f` is; `f` is murmur3's finalizer with a per-round key.
   */
  permute(w0: number, w1: number): void {
    let l = w0 | 0;
    let r = w1 | 0;
    for (let k = 0; k < 4; k++) {
      let x = r ^ (FEISTEL_KEYS[k] as number);
      x ^= x >>> 16;
      x = Math.imul(x, 0x85ebca6b);
      x ^= x >>> 13;
      x = Math.imul(x, P3);
      x ^= x >>> 16;
      const t = l ^ x;
      l = r;
      r = t;
    }
    this.h1 = l >>> 0;
    this.h2 = r >>> 0;
  }

  private mix(k: number): void {
    let x = Math.imul(k, M1);
    x = (x << 15) | (x >>> 17);
    x = Math.imul(x, M2);
    let a = this.a ^ x;
    a = (a << 13) | (a >>> 19);
    this.a = (Math.imul(a, 5) + M3) | 0;
    let b = (this.b + Math.imul(k, P2)) | 0;
    b = (b << 13) | (b >>> 19);
    this.b = Math.imul(b, P1);
    this.n++;
  }

  /** Integers beyond int32 (and, defensively, non-integers) are written as a tag plus two words. */
  private wide(v: number): void {
    this.mix(WIDE_TAG);
    if (Number.isInteger(v)) {
      this.mix(v >>> 0);
      this.mix(Math.floor(v / 4294967296) | 0);
    } else {
      F64[0] = v;
      this.mix(F64_WORDS[0] as number);
      this.mix(F64_WORDS[1] as number);
    }
  }
}

/**
 * Fingerprints one state with `fp` (result in `fp.h1`, `fp.h2`). `canonical` uses the model's
 * symmetry-canonical encoding (the same states as a search with `symmetry: true` stored). Otherwise a
 * model with a packed layout is fingerprinted from its packed words (a few words instead of one int per
 * field; permuted, not hashed, when they fit in 64 bits: see `exactFingerprints`), which are left in
 * `fp.packed` for a caller that stores them. Every explorer fingerprints
 * through here (or through `Explorer.fingerprint`, which does the same), so one model always gets the
 * same fingerprints.
 */
export function fingerprintInto<S>(model: Model<S>, s: S, fp: Fingerprinter, canonical = false): void {
  if (canonical && model.symmetry?.usable === true) {
    fp.reset();
    model.symmetry.encodeCanonical(s, fp);
    fp.finish();
    return;
  }
  const width = model.pack !== undefined ? packedWidth(model) : -1;
  if (model.pack !== undefined && width >= 0) {
    const w = fp.packed;
    w.begin();
    model.pack(s, w);
    const n = w.end();
    const words = w.words;
    if (width <= EXACT_BITS) {
      fp.permute(n > 0 ? (words[0] as number) : 0, n > 1 ? (words[1] as number) : 0);
      return;
    }
    fp.reset();
    for (let i = 0; i < n; i++) fp.int(words[i] as number);
    fp.finish();
    return;
  }
  fp.reset();
  model.encode(s, fp);
  fp.finish();
}

/** The fingerprint of one state as a 16-hex-digit string (for tests and debugging; allocates). */
export function fingerprintHex<S>(model: Model<S>, s: S): string {
  const fp = new Fingerprinter();
  fingerprintInto(model, s, fp);
  return fp.h2.toString(16).padStart(8, "0") + fp.h1.toString(16).padStart(8, "0");
}
