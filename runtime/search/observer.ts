/**
 * Observers of one breadth-first search: what lets the analyses that need more than the safety verdict
 * (the liveness graph, the lock-order graph) ride along the safety search instead of exploring the
 * state space again, as TLC records its behaviour graph during the safety search.
 *
 * The search numbers states in discovery order (the store's indices) and expands them in that order, so
 * an observer sees, for state after state: `expanding`, one `transition` per successor (duplicates and
 * successors outside the state constraints included), then `expanded` once the state's list is complete.
 * `finish(true)` is called only when the search explored every reachable state with no violation and
 * no limit: a recording is the whole state space exactly when it got `finish(true)`. Observers live in
 * the wings above (analyses/); this file only fixes the protocol.
 */
import type { Transition } from "../contract/model.js";
import type { ParentStore } from "./explore.js";

/** A listener attached to one BFS (see `BfsCheckOptions.observers`). */
export interface SearchObserver<S> {
  /** Called once before the first state, with the store whose indices the other calls use. */
  start?(store: ParentStore): void;
  /** State `state` entered the store as index `idx`, at BFS depth `depth` (an initial state is 1). */
  discovered?(idx: number, state: S, depth: number): void;
  /** State `src` is about to be expanded. */
  expanding?(src: number, state: S): void;
  /**
   * A successor `t` of the state `src` being expanded: `dst` is its store index, or -1 when it lies
   * outside the workload's state constraints (not stored; the step is still enabled at `src`).
   */
  transition?(src: number, state: S, t: Transition<S>, dst: number): void;
  /** Every transition of `src` has been reported. */
  expanded?(src: number): void;
  /** The search is over; `complete`: every reachable state was expanded, no violation, no limit. */
  finish?(complete: boolean): void;
}
