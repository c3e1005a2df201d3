/**
 * The step code on packed words (runtime/contract/packed-steps.ts) as the parallel workers use it.
 *
 * The sequential search decides whether a run steps packed words (runtime/search/packed-path.ts); the
 * workers take the same decision with the same options, so a parallel run steps what a sequential one
 * would, and fingerprint the words as the object path fingerprints the states they pack (same table
 * contents, same traces). This module is the only place in runtime/parallel that touches `PackedSteps`,
 * so a change of its shape is adapted here once.
 */
import type { Model } from "../contract/model.js";
import type { PackedSteps } from "../contract/packed-steps.js";
import type { Fingerprinter } from "../search/fingerprint.js";
import { fingerprintWords, packedPathOf, type PackedPathOptions } from "../search/packed-path.js";
import { packedWidth } from "../contract/packed.js";

/** What a worker needs of the packed step code. */
export interface WorkerSteps {
  /**
   * Calls `report(step)` for each successor of the state at `src[off…]` (its words in `next`, valid
   * during the call), in `Model.successors` order; throws the SpecError `successors` would.
   */
  successors(src: Int32Array, off: number, report: (step: number) => void): void;
  /** The successor being reported. */
  readonly next: Int32Array;
  /** Fingerprints the state at `words[off…]` into `fp` as `fp.fingerprint` would its unpacked state. */
  fingerprint(fp: Fingerprinter, words: Int32Array, off: number): void;
  /** True when the words are known to satisfy every invariant (false: check the unpacked state). */
  invariantsHold(words: Int32Array, off: number): boolean;
}

/** The packed step code a worker runs, or undefined when it steps state objects (the sequential search's decision). */
export function workerStepsOf(model: Model<unknown>, opts: PackedPathOptions): WorkerSteps | undefined {
  const p: PackedSteps | undefined = packedPathOf(model, opts);
  if (p === undefined) return undefined;
  const bits = packedWidth(model);
  const holds = p.invariantsHold?.bind(p);
  return {
    successors: (src, off, report) => p.successors(src, off, report),
    get next() {
      return p.next;
    },
    fingerprint: (fp, words, off) => fingerprintWords(fp, words, off, bits),
    invariantsHold: holds === undefined ? () => false : holds,
  };
}
