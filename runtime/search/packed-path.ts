/**
 * Whether a search steps packed words (runtime/contract/packed-steps.ts) or state objects, decided in
 * one place, and fingerprinting packed words as `fingerprintInto` fingerprints the state they pack.
 *
 * The packed path is taken only when nothing in the run needs a state object per successor: symmetry
 * (fingerprints of orbits come from objects), partial-order reduction (it inspects transitions),
 * `continue` (collects transitions first), observers (get state objects), state constraints
 * (evaluated on objects), and refinement (checked inside `successors`). Invariants do not exclude
 * it: a new state is unpacked for them unless the model checks them on words. `stepCode: "object"`
 * forces the object path (`--object-steps`, and the tests that check both paths agree).
 *
 * A step the generator could not compile to words runs the readable code inside the packed path
 * (unpack, step, pack), which costs a little more than the object path itself; so by default
 * (`stepCode: "auto"`) the packed path is taken only when at least half the steps are compiled.
 */
import type { Model } from "../contract/model.js";
import { packedStepsOf } from "../contract/capabilities.js";
import type { PackedSteps } from "../contract/packed-steps.js";
import { refinementOf } from "../contract/refinement.js";
import { EXACT_BITS, type Fingerprinter } from "./fingerprint.js";
import { packedWidth } from "../contract/packed.js";

/** What the decision reads of a search's options. */
export interface PackedPathOptions {
  readonly stepCode?: "auto" | "packed" | "object";
  readonly symmetry?: boolean;
  readonly por?: boolean;
  readonly continue?: boolean;
  readonly observers?: readonly unknown[];
}

/** Why a run steps objects, or undefined when it may step packed words. */
export function objectStepsReason<S>(model: Model<S>, opts: PackedPathOptions): string | undefined {
  if (opts.stepCode === "object") return "object steps forced (--object-steps)";
  if (typeof model.packedSteps !== "function") return "the model has no packed step code";
  if (packedWidth(model) < 0) return "this workload's states do not pack";
  if (opts.symmetry === true && model.symmetry?.usable === true) return "symmetry reduction fingerprints orbits of state objects";
  if (opts.por === true) return "partial-order reduction inspects transitions";
  if (opts.continue === true) return "continue mode collects transitions";
  if (opts.observers !== undefined && opts.observers.length > 0) return "observers record state objects";
  if ((model.constraints?.length ?? 0) > 0) return "state constraints are evaluated on state objects";
  if (refinementOf(model) !== undefined) return "refinement is checked on state objects";
  return undefined;
}

/** The packed step code a search uses, or undefined when it steps objects (see `objectStepsReason`). */
export function packedPathOf<S>(model: Model<S>, opts: PackedPathOptions): PackedSteps | undefined {
  if (objectStepsReason(model, opts) !== undefined) return undefined;
  const p = packedStepsOf(model);
  if (p === undefined) return undefined;
  // Mostly fallbacks: the object path is cheaper (see above).
  return opts.stepCode === "packed" || p.fallbacks.length * 2 <= model.steps.length ? p : undefined;
}

/**
 * Fingerprints the packed state at `words[off…]` (`bits` wide) into `fp.h1`/`fp.h2`: the same
 * fingerprint `fingerprintInto` gives the state it packs (a bijection when it fits in 64 bits, else
 * the hash of its words), so both paths store the same fingerprints and traces replay alike.
 */
export function fingerprintWords(fp: Fingerprinter, words: Int32Array, off: number, bits: number): void {
  const n = Math.ceil(bits / 32);
  if (bits <= EXACT_BITS) {
    fp.permute(n > 0 ? (words[off] as number) : 0, n > 1 ? (words[off + 1] as number) : 0);
    return;
  }
  if (fp.wide && bits <= 96) {
    fp.permute96(n > 0 ? (words[off] as number) : 0, n > 1 ? (words[off + 1] as number) : 0, n > 2 ? (words[off + 2] as number) : 0);
    return;
  }
  fp.reset();
  for (let i = 0; i < n; i++) fp.int(words[off + i] as number);
  fp.finish();
}
