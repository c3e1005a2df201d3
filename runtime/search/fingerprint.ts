/**
 * State fingerprints: 64 or 96 bits, hashed or exact.
 *
 * `Fingerprinter` is the `StateWriter` the explorers hand to `Model.encode`: it folds the canonical int
 * stream into 32-bit lanes with different mixing functions (a murmur3-style lane, an xxHash32-style
 * lane and, at 96 bits, a third with its own multipliers), so the lanes behave like one 64- or 96-bit
 * hash. The chance that two of n distinct states collide (which would silently prune a state, as in
 * TLC) is about n²/2^(bits+1): for 10^8 states 2.7·10^-4 at 64 bits, 6·10^-14 at 96.
 *
 * Exact mode: a state whose packed form fits in the key (64 bits; 96 in the 96-bit mode) is not hashed
 * but permuted (`permute`, `permute96`: Feistel networks, hence bijections): distinct states always
 * get distinct keys, so the store is an exact set (no hash compaction) while the slot bits stay as
 * well mixed as a hash's.
 *
 * Nothing is allocated per state: one instance is reset and reused, and the result is read from the
 * `h1`/`h2`/`h3` fields after `finish()`.
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
// Lane c (96-bit mode): multipliers of xxHash64/Murmur2 origin, unrelated to the two lanes above.
const C1 = 0x27d4eb2f;
const C2 = 0x165667b1;
const C3 = 0x7feb352d;
// Arbitrary, distinct seeds so that the lanes start apart.
const SEED_A = 0x2f6b_1d03;
const SEED_B = 0x5bd1_e995;
const SEED_C = 0x6a09_e667;
// Written before the two halves of an int that does not fit in 32 bits, so [wide v] differs from [lo, hi].
const WIDE_TAG = 0x7e57_ab1e;

/** Round keys of `permute` (hex digits of π: any distinct values do). */
const FEISTEL_KEYS = Int32Array.of(0x243f6a89, 0x85a308d3, 0x13198a2f, 0x03707345);

/** murmur3's 32-bit finalizer: the round function of both Feistel permutations (small enough to be inlined). */
function fmix32(v: number): number {
  let x = v;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, P3);
  return x ^ (x >>> 16);
}

/**
 * `Fingerprinter.permute` as a function writing its two lanes (int32) to `out[at]`, `out[at + 1]`:
 * the batched packed path (packed-batch.ts) keys its successors with it straight into an array.
 */
export function permuteInto(out: Int32Array, at: number, w0: number, w1: number): void {
  let l = w0 | 0;
  let r = w1 | 0;
  for (let k = 0; k < 4; k++) {
    const t = l ^ fmix32(r ^ (FEISTEL_KEYS[k] as number));
    l = r;
    r = t;
  }
  out[at] = l;
  out[at + 1] = r;
}

const PERMUTED = new Int32Array(2);

/** Bits of a packed state that are stored as the fingerprint itself (exact mode). */
export const EXACT_BITS = 64;

/** Key widths of the visited table: two or three 32-bit lanes. */
export type FingerprintBits = 64 | 96;

/**
 * Run size (the state bound, `maxStates`) from which `"auto"` picks 96-bit keys: a 64-bit collision
 * somewhere among 10^8 states is 2.7·10^-4 likely, 0.03 at 10^9; 96 bits keep it below 10^-11.
 */
export const WIDE_FINGERPRINT_STATES = 1e8;

/** What a search was asked for (`check --fingerprint`): a width, or `"auto"` (see `fingerprintMode`). */
export type FingerprintRequest = FingerprintBits | "auto";

/** The keys a visited table stores: their width, and whether they are exact (a bijection of the state). */
export interface FingerprintMode {
  readonly bits: FingerprintBits;
  readonly exact: boolean;
}

/**
 * Whether `fingerprintInto` gives `model`'s states exact 64-bit fingerprints (a bijection of the
 * packed state): the model packs into at most 64 bits and the search does not fingerprint orbits.
 */
export function exactFingerprints<S>(model: Model<S>, canonical = false): boolean {
  if (canonical && model.symmetry?.usable === true) return false;
  const w = model.pack !== undefined ? packedWidth(model) : -1;
  return w >= 0 && w <= EXACT_BITS;
}

/**
 * The keys a search of `model` stores. A packed state of at most 64 bits is always its own key
 * (exact, and the narrowest). Otherwise `request` picks the width (`"auto"`: 96 bits when `maxStates`
 * or `expectedStates` reaches `WIDE_FINGERPRINT_STATES`, else 64), and at 96 bits a packed state of at most 96 bits is
 * exact too. `canonical`: the search fingerprints symmetry orbits (never exact).
 */
export function fingerprintMode<S>(
  model: Model<S>,
  canonical: boolean,
  request: FingerprintRequest = "auto",
  maxStates = Infinity,
  expectedStates = 0,
): FingerprintMode {
  const orbits = canonical && model.symmetry?.usable === true;
  const w = model.pack !== undefined && !orbits ? packedWidth(model) : -1;
  if (w >= 0 && w <= EXACT_BITS) return { bits: 64, exact: true };
  const large = (maxStates !== Infinity && maxStates >= WIDE_FINGERPRINT_STATES) || expectedStates >= WIDE_FINGERPRINT_STATES;
  const bits: FingerprintBits = request === "auto" ? (large ? 96 : 64) : request;
  return { bits, exact: bits === 96 && w >= 0 && w <= 96 };
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

/**
 * Folds an int stream into a 64-bit fingerprint held as two 32-bit lanes (`h1`, `h2`), or a 96-bit
 * one (`h3` too) when built with `bits` 96. At 64 bits `h3` stays 0. Lanes 1 and 2 are the same in
 * both widths (lane 3 is computed beside them), so a 96-bit key extends the 64-bit one.
 */
export class Fingerprinter implements StateWriter {
  private a = SEED_A;
  private b = SEED_B;
  private c = SEED_C;
  private n = 0;
  /** Lane 1 of the last finished fingerprint (unsigned; the visited table's home slot). */
  h1 = 0;
  /** Lane 2 of the last finished fingerprint (unsigned). */
  h2 = 0;
  /** Lane 3 of the last finished fingerprint (unsigned; 0 at 64 bits). */
  h3 = 0;
  /** Scratch for the packed form of the state being fingerprinted (see `fingerprintInto`). */
  readonly packed = new BitWriter();
  /** True at 96 bits (lane 3 is computed). */
  readonly wide: boolean;

  constructor(readonly bits: FingerprintBits = 64) {
    this.wide = bits === 96;
  }

  /** Starts a new fingerprint. */
  reset(): void {
    this.a = SEED_A;
    this.b = SEED_B;
    this.c = SEED_C;
    this.n = 0;
  }

  /** Adds one value of the canonical encoding. */
  int(v: number): void {
    const k = v | 0;
    if (k === v) this.mix(k);
    else this.wideInt(v);
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
    if (!this.wide) return;
    let c = (this.c ^ Math.imul(this.n, C2)) | 0;
    c ^= c >>> 16;
    c = Math.imul(c, C3);
    c ^= c >>> 15;
    c = Math.imul(c, C1);
    c ^= c >>> 16;
    this.h3 = c >>> 0;
  }

  /**
   * Sets `h1`/`h2` to a bijective mix of the 64-bit value (w0, w1): four Feistel rounds, each
   * `(l, r) → (r, l ^ f(r))`, invertible whatever `f` is; `f` is murmur3's finalizer with a per-round key.
   */
  permute(w0: number, w1: number): void {
    permuteInto(PERMUTED, 0, w0, w1);
    this.h1 = (PERMUTED[0] as number) >>> 0;
    this.h2 = (PERMUTED[1] as number) >>> 0;
    this.h3 = 0;
  }

  /**
   * Sets `h1`/`h2`/`h3` to a bijective mix of the 96-bit value (w0, w1, w2): six rounds of the
   * generalised Feistel step `(a, b, c) → (b, c, a ^ f(b, c))`, invertible whatever `f` is (a is
   * recovered as the output's last word ^ f of its first two); after three rounds every word depends on
   * all three inputs.
   */
  permute96(w0: number, w1: number, w2: number): void {
    let a = w0 | 0;
    let b = w1 | 0;
    let c = w2 | 0;
    for (let k = 0; k < 6; k++) {
      const t = a ^ fmix32(b ^ Math.imul(c ^ (FEISTEL_KEYS[k & 3] as number), C1) ^ k);
      a = b;
      b = c;
      c = t;
    }
    this.h1 = a >>> 0;
    this.h2 = b >>> 0;
    this.h3 = c >>> 0;
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
    if (this.wide) {
      let c = this.c ^ Math.imul((k << 16) | (k >>> 16), C3);
      c = (c << 11) | (c >>> 21);
      this.c = (Math.imul(c, C2) + C1) | 0;
    }
    this.n++;
  }

  /** Integers beyond int32 (and, defensively, non-integers) are written as a tag plus two words. */
  private wideInt(v: number): void {
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
 * Fingerprints one state with `fp` (result in `fp.h1`, `fp.h2`, and `fp.h3` at 96 bits). `canonical` uses the model's
 * symmetry-canonical encoding (the same states as a search with `symmetry: true` stored). Otherwise a
 * model with a packed layout is fingerprinted from its packed words (a few words instead of one int per
 * field; permuted, not hashed, when they fit in 64 bits, or 96 with a 96-bit `fp`: see `fingerprintMode`), which are left in
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
    if (fp.wide && width <= 96) {
      fp.permute96(n > 0 ? (words[0] as number) : 0, n > 1 ? (words[1] as number) : 0, n > 2 ? (words[2] as number) : 0);
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

/** The fingerprint of one state as a 16- (or 24-) hex-digit string (for tests and debugging; allocates). */
export function fingerprintHex<S>(model: Model<S>, s: S, bits: FingerprintBits = 64): string {
  const fp = new Fingerprinter(bits);
  fingerprintInto(model, s, fp);
  const hex = (x: number): string => x.toString(16).padStart(8, "0");
  return (bits === 96 ? hex(fp.h3) : "") + hex(fp.h2) + hex(fp.h1);
}
