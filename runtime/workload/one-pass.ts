/**
 * One pass feeds every analysis: the observers a check attaches to its safety BFS so that the liveness
 * graph and the lock-order graph are recorded by that one search instead of two more explorations
 * (issue 17). What is recorded is used only when the search explored the whole state space (it holds,
 * no limit); otherwise — a violation, a limit, the parallel restart past the sequential budget — the
 * recordings give nothing and the analyses explore on their own, exactly as before. Whether to take a
 * recording or run a pass is decided in one place, checkWorkload's `analyse` (check-workload.ts).
 *
 * Not recorded, so still a separate pass when needed:
 * - under symmetry reduction: the safety search stores one state per orbit, and the liveness and
 *   lock-order analyses are defined on the unreduced graph (soundness on the quotient is not
 *   established here), so they keep their own unreduced search;
 * - under partial-order reduction: the reduced graph is not the state space (the properties are not
 *   checked with --por anyway; the lock-order analysis searches on its own);
 * - by the parallel search's workers (the restart past the sequential budget records nothing yet).
 */
import type { LivenessInfo, Model } from "../contract/model.js";
import type { SearchObserver } from "../search/observer.js";
import { mayHoldLocks } from "../contract/capabilities.js";
import { recordPropertyGraph, type LiveModel, type PropertyGraph } from "../analyses/liveness.js";
import { LockOrderRecorder, type LockModel, type LockOrderResult } from "../analyses/lockorder.js";

/** Which analyses the check runs after its safety search, and under which reductions. */
export interface OnePassPlan {
  /** The temporal properties will be checked (when the verdict needs them). */
  readonly liveness: boolean;
  /** The lock-order analysis will run. */
  readonly lockOrder: boolean;
  /** Above this many states the lock-order analysis is not run: nothing is observed past it. */
  readonly lockOrderMaxStates?: number;
  /** The safety search reduces by symmetry. */
  readonly symmetry?: boolean;
  /** The safety search applies partial-order reduction. */
  readonly por?: boolean;
}

/** The recordings of one safety search: attach `observers` to it, then ask. */
export interface Recordings<S> {
  readonly observers: readonly SearchObserver<S>[];
  /** The property graph, when recorded from a search of the whole state space. */
  properties(): PropertyGraph<S> | undefined;
  /** The lock-order analysis, when recorded from a search of the whole state space. */
  lockOrder(): LockOrderResult<S> | undefined;
}

function hasProperties<S>(model: Model<S>): model is LiveModel<S> {
  const m = model as Partial<LiveModel<S>>;
  return Array.isArray(m.properties) && m.properties.length > 0 && Array.isArray(m.fairness);
}

function hasLocks<S>(model: Model<S>): model is LockModel<S> {
  // A model none of whose variables holds a lock has no lock order to record (capabilities.ts).
  return typeof (model as Partial<LivenessInfo<S>>).locksHeld === "function" && mayHoldLocks(model);
}

/** The observers the plan asks for (none that a reduction would make unsound). */
export function recordAnalyses<S>(model: Model<S>, plan: OnePassPlan): Recordings<S> {
  const observers: SearchObserver<S>[] = [];
  const exact = plan.symmetry !== true && plan.por !== true;
  const props = exact && plan.liveness && hasProperties(model) ? recordPropertyGraph(model) : undefined;
  if (props !== undefined) observers.push(props.observer);
  const locks =
    exact && plan.lockOrder && hasLocks(model)
      ? new LockOrderRecorder(model, plan.lockOrderMaxStates !== undefined ? { maxStates: plan.lockOrderMaxStates } : {})
      : undefined;
  if (locks !== undefined) observers.push(locks);
  return {
    observers,
    properties: () => props?.graph(),
    lockOrder: () => locks?.result(),
  };
}
