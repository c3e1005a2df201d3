/**
 * Whether a run uses partial-order reduction: on by default exactly where it is sound for everything
 * the run checks, `--por` to force it (refused where it would be unsound), `--no-por` to keep it off.
 *
 * What POR preserves (the proof is in por.ts): the reduced graph reaches a state violating an
 * invariant, a failing step (assertion, lock or spec error) or a deadlock iff the full graph does.
 * Nothing else. So, per thing a run may check:
 *
 * - invariants, assertions, lock and spec errors, deadlock: preserved; a violation's shortest
 *   counterexample is re-derived by a plain search (`checkBfs`'s `porShortest`), so it is the same as
 *   without POR.
 * - temporal properties (liveness, `always` under fairness): not preserved — the reduction may
 *   postpone an instance's steps along a cycle, and fairness and lassos are about every interleaving
 *   (a liveness-preserving reduction needs the stronger cycle proviso C3' and visibility of every
 *   atom of the property, which this engine does not implement). Their graph is recorded by the same
 *   search (one pass), so POR is off when they are checked. Forced with `--por` they are not checked,
 *   and say so (verdict incomplete), as before.
 * - the lock-order analysis (lockdep-style inversions): it collects the edge "A held while taking B"
 *   from every transition, including acquisitions that lead to no deadlock; a stubborn set keeps every
 *   deadlock but not every local acquisition order, so a reduced graph can miss an inversion. Off when
 *   it runs on a model with locks; forced with `--por`, the analysis explores the full graph on its own.
 * - a state constraint: it cuts the graph at states outside it, and the proof commutes transitions
 *   through intermediate states that may lie outside: unsound, refused.
 * - refinement: every transition must be checked against the abstract spec, and a reduced search
 *   skips some: unsound, refused.
 * - symmetry reduction: the combination (a stubborn set computed on a canonical representative,
 *   followed in another member of its orbit) is not established as sound here: symmetry, when on,
 *   wins by default; forcing both is refused.
 * - `--continue` (every violation, each with a shortest trace) and the depth-first search: the engine
 *   reduces only the stopping BFS; refused when forced.
 *
 * The decision is static; whether the reduction pays is decided during the search by the adaptive
 * guard (guard.ts), which falls back to full expansion when it does not.
 */
import type { Model } from "../contract/model.js";
import type { ViewType } from "../contract/view-type.js";
import { refinementOf } from "../contract/refinement.js";
import { porUnsupported } from "./por.js";

/** What a run will check and how (the facts `porDecision` needs). */
export interface PorRunPlan {
  /** `--por`: true, `--no-por`: false, neither: undefined (the default decides). */
  readonly requested?: boolean | undefined;
  /** The search: only the stopping breadth-first search reduces. */
  readonly search: "bfs" | "dfs";
  /** `--continue`. */
  readonly continue?: boolean;
  /** The search reduces by symmetry. */
  readonly symmetry?: boolean;
  /** The workload's temporal properties would be checked (it has some, and they are not skipped). */
  readonly properties?: boolean;
  /** The lock-order analysis would run (when the model has locks: `hasLocks`). */
  readonly lockOrder?: boolean;
}

/** Why POR is off. `refused`: it was forced with `--por` and would be unsound; the caller reports an error. */
export type PorDecision = { readonly on: true; readonly forced: boolean } | { readonly on: false; readonly reason: string; readonly refused?: true };

/** Whether the model has lock variables (a mutex's or an rwlock's owner somewhere in its view types). */
export function hasLocks<S>(model: Model<S>): boolean {
  const types = model.viewTypes;
  // Without view types nothing says there is no lock: assume there may be.
  if (types === undefined) return true;
  return Object.values(types).some(mentionsOwner);
}

function mentionsOwner(t: ViewType): boolean {
  switch (t.kind) {
    case "owner":
      return true;
    case "set":
    case "seq":
    case "option":
      return mentionsOwner(t.elem);
    case "map":
      return mentionsOwner(t.key) || mentionsOwner(t.value);
    case "record":
    case "frame":
      return t.fields.some(([, f]) => mentionsOwner(f));
    case "tuple":
      return t.elems.some(mentionsOwner);
    case "variant":
      return t.cases.some(([, fields]) => fields.some(([, f]) => mentionsOwner(f)));
    case "bool":
    case "int":
    case "string":
    case "name":
      return false;
  }
}

/** The decision for one workload's run (pure: the model's static description and the plan). */
export function porDecision<S>(model: Model<S>, plan: PorRunPlan): PorDecision {
  const forced = plan.requested === true;
  if (plan.requested === false) return { on: false, reason: "--no-por" };
  // Unsound or unsupported combinations: an error when forced, off by default.
  const refuse = (reason: string): PorDecision => (forced ? { on: false, reason, refused: true } : { on: false, reason });
  if (plan.search === "dfs") return refuse("the depth-first search does not reduce (only the breadth-first search does)");
  if (plan.continue === true) return refuse("--continue reports every violation, and a reduced search misses those it does not stop at");
  if (refinementOf(model) !== undefined) return refuse("the spec `refines` another, and every transition must be checked against it");
  if ((model.constraints?.length ?? 0) > 0) return refuse("the workload has a state constraint, which the reduction's argument does not cover");
  if (plan.symmetry === true) return refuse("symmetry reduction is on, and the two together are not established as sound");
  // Sound but not checked when forced (reported as such): the properties and the lock order.
  if (!forced && plan.properties === true) return { on: false, reason: "temporal properties are checked, on the full state graph" };
  if (!forced && plan.lockOrder === true && hasLocks(model))
    return { on: false, reason: "the lock-order analysis needs every interleaving of lock acquisitions (--no-lock-order allows the reduction)" };
  // What the model cannot support (an older model, one process): plain search, forced or not.
  const unsupported = porUnsupported(model);
  if (unsupported !== undefined) return { on: false, reason: unsupported };
  return { on: true, forced };
}
