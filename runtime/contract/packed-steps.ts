/**
 * Step code on packed words (capability; issue 18 item 2).
 *
 * A generated model whose spec packs (packed.ts) also gets `packed.ts` next to its `model.ts`: the same
 * steps compiled a second time, reading guards and writing updates as bit fields of the packed state
 * words instead of building state objects. `model.ts` stays the documented, readable form; the packed
 * form is an optimisation the sequential BFS takes when nothing in the run needs state objects
 * (runtime/search/packed-path.ts decides), and the law "packed ≡ readable" — the same successors, with
 * the same step and instance, in the same order, and the same spec errors — is checked by a
 * differential test over every shipped spec (test/emit/packed-steps.test.ts).
 *
 * A step the generator cannot compile to words (a construct outside the scalar core: sets, sequences,
 * locks, choices…) is still reported by the packed form, in its place in the order: it unpacks the
 * state once, runs the readable step and packs its successors. The generated file says which steps
 * do that, and why.
 *
 * The helpers below are what the generated code reads and writes fields with. Field positions depend
 * on the workload's constants, so the generated code computes them once per model.
 */
import { SpecError } from "./model.js";

/** Step code on packed words: the successors of a packed state, as packed words. */
export interface PackedSteps {
  /** Words of one packed state (`⌈packedBits / 32⌉`, at least 1). */
  readonly width: number;
  /** The successor being reported: words `0 … width-1`, valid during a `report` call only. */
  readonly next: Int32Array;
  /**
   * Reports each successor of the state at `src[off … off+width)` through `report(step, instance)`
   * (its words in `next`), in the order and with the step and instance `Model.successors` gives
   * them; throws the SpecError `successors` would, attributed the same way.
   */
  successors(src: Int32Array, off: number, report: (step: number, instance: number) => void): void;
  /**
   * True when every invariant holds in the state at `src[off…]`. False means "not known to hold":
   * the explorer then checks the unpacked state (which also gives the violation its message).
   * Absent when some invariant is not compiled to words.
   */
  invariantsHold?(src: Int32Array, off: number): boolean;
  /** The steps that run the readable step code (unpack, step, pack), each with the reason: for tests and docs. */
  readonly fallbacks: readonly { readonly step: number; readonly reason: string }[];
}

/** The capability: a model that can hand out its packed step code (one instance per search). */
export interface HasPackedSteps {
  /** A new packed step code object for this model and workload (it owns scratch buffers: one per search). */
  packedSteps(): PackedSteps | undefined;
}

const MASKS = Int32Array.from({ length: 33 }, (_, b) => (b >= 32 ? -1 : (1 << b) - 1));

/** The `bits`-bit field (bits ≤ 31) at bit `pos` of the state starting at word `off` of `w`. */
export function getBits(w: Int32Array, off: number, pos: number, bits: number): number {
  if (bits === 0) return 0;
  const i = off + (pos >>> 5);
  const sh = pos & 31;
  let v = (w[i] as number) >>> sh;
  if (sh + bits > 32) v |= (w[i + 1] as number) << (32 - sh);
  return v & (MASKS[bits] as number);
}

/**
 * Writes `v` (0 ≤ v < 2^bits) into the `bits`-bit field at bit `pos` of the state at word 0 of `w`. A
 * value that does not fit is a bug in the generated code (values are range-checked when assigned),
 * so it is refused, as `BitWriter.put` refuses it.
 */
export function setBits(w: Int32Array, pos: number, bits: number, v: number): void {
  if (v >>> bits !== 0 || bits > 31) throw new RangeError(`packed state: ${v} does not fit in ${bits} bits`);
  if (bits === 0) return;
  const i = pos >>> 5;
  const sh = pos & 31;
  const m = MASKS[bits] as number;
  w[i] = ((w[i] as number) & ~(m << sh)) | (v << sh);
  if (sh + bits > 32) {
    const hi = sh + bits - 32;
    const mh = MASKS[hi] as number;
    w[i + 1] = ((w[i + 1] as number) & ~mh) | (v >>> (32 - sh));
  }
}

/** Copies the `width` words of the state at `src[off…]` into `dst[0…]` (the draft of a successor). */
export function copyWords(dst: Int32Array, src: Int32Array, off: number, width: number): void {
  for (let k = 0; k < width; k++) dst[k] = src[off + k] as number;
}

/** A map key's ordinal checked as `mapGet` checks it (same error, same location): the ordinal. */
export function keyAt$(ord: number, n: number, loc: string): number {
  if (ord < 0 || ord >= n || !Number.isInteger(ord)) throw new SpecError("spec_error", "map lookup with a key outside the map's domain", loc);
  return ord;
}

/** A map key's ordinal checked as `arrayWith` checks it (same error, same location): the ordinal. */
export function updateKeyAt$(ord: number, n: number, loc: string): number {
  if (ord < 0 || ord >= n || !Number.isInteger(ord)) throw new SpecError("spec_error", "update with a key/index outside the domain", loc);
  return ord;
}

/** Bit positions of the fields of one workload's packed state, filled in field order (pack order). */
export class FieldPositions {
  private pos = 0;
  /** Reserves `bits` bits and returns their start. */
  take(bits: number): number {
    const p = this.pos;
    this.pos += bits;
    return p;
  }
  /** Bits reserved so far. */
  get bits(): number {
    return this.pos;
  }
}
