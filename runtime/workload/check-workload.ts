/**
 * The check-a-workload pipeline, once (issue 17 item 1): `checkWorkload(model, plan)` runs the safety
 * search (BFS, sequential then parallel past a budget, or DFS), gives each counterexample the fewest
 * preemptions, checks the temporal properties on the graph the search recorded (or on their own),
 * judges the workload's `expect` over all of it, and runs the lock-order analysis. `spec2ts check`,
 * `spec2ts test` and the generated vitest files (through `checkWorkloadForTest`) all call it; what they
 * print stays in cli/ and runtime/report. It only computes.
 */
import type { LivenessInfo, Model } from "../contract/model.js";
import { refinementOf } from "../contract/refinement.js";
import { checkBfs } from "../search/bfs.js";
import { checkDfs, checkDfsAsync } from "../search/dfs.js";
import type { CheckResult, SearchOptions, Stats } from "../search/result.js";
import { fingerprintMode, type FingerprintRequest } from "../search/fingerprint.js";
import { checkAllProperties, type LivenessResult } from "../analyses/liveness.js";
import { analyzeLockOrder, type LockModel, type LockOrderResult } from "../analyses/lockorder.js";
import { minimizePreemptions, minimizePreemptionsEach, type PreemptionResult } from "../analyses/preemption.js";
import { recordAnalyses, type Recordings } from "./one-pass.js";
import { defaultWorkers, searchSafety } from "./safety.js";
import { mayHoldLocks } from "../contract/capabilities.js";
import { wantsLiveness } from "./testing.js";
import { judgeRun, type RunVerdict } from "./verdict.js";
import { assertValidPlan } from "./plan.js";

/** Above this many states the lock-order analysis is skipped (its separate pass re-explores the graph). */
export const LOCK_ORDER_MAX_STATES = 1_000_000;

/** What to check of one workload, and how. Every field is optional; the defaults are the generated tests'. */
export interface WorkloadPlan {
  /** `bfs` (default: exhaustive, shortest counterexamples) or `dfs` (bounded by `maxDepth`). */
  readonly search?: "bfs" | "dfs";
  /** DFS only: the longest path explored, in states. */
  readonly maxDepth?: number;
  readonly maxStates?: number;
  readonly maxSeconds?: number;
  readonly maxMemoryBytes?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (stats: Stats) => void;
  readonly progressIntervalMs?: number;
  /** Key width of the visited set (`check --fingerprint`); default `"auto"`. */
  readonly fingerprint?: FingerprintRequest;
  /** Distinct states the run is expected to reach (`check --expected-states`): BFS sizes its table for them. */
  readonly expectedStates?: number;
  /** Which step code the sequential BFS runs (`check --object-steps`: `"object"`); default `"auto"`. */
  readonly stepCode?: SearchOptions["stepCode"];
  /** Symmetry reduction: undefined means on when the model declares something symmetric (see `symmetryApplies`). */
  readonly symmetry?: boolean;
  /** Partial-order reduction (BFS; safety only), as decided by `porDecision`. */
  readonly por?: boolean;
  /** The reduction was asked for (`--por`): no adaptive guard. */
  readonly porForced?: boolean;
  /** TLC's -continue: every distinct violation once, each with a shortest trace (BFS). */
  readonly continue?: boolean;
  /** Worker threads for a BFS that outgrows the sequential budget (needs `parallel`); default 1. */
  readonly workers?: number;
  /** What a parallel restart needs: the model's module, which the workers import. */
  readonly parallel?: { readonly modelFile: string; readonly budget?: number; readonly moduleHash?: () => string | undefined };
  /** Check the temporal properties when the verdict needs them (default), or not, saying why. */
  readonly properties?: "check" | { readonly notChecked: string };
  /** Run the lock-order (lockdep) analysis; default false. */
  readonly lockOrder?: boolean;
  /** Give each BFS counterexample the fewest preemptions among the shortest; default false. */
  readonly minPreemptions?: boolean;
}

/** How an analysis after the safety search got its graph. */
export type AnalysisSource = "recorded" | "own pass" | "not run";

/** Everything `checkWorkload` computed for one workload. */
export interface WorkloadReport<S> {
  readonly model: Model<S>;
  /** The safety search's result (counterexamples with the fewest preemptions when asked). */
  readonly result: CheckResult<S>;
  /** The verdict over safety and every property, and the expectation judged against it. */
  readonly run: RunVerdict<S>;
  /** When the properties were checked: one result per property. */
  readonly liveness?: readonly LivenessResult<S>[];
  /** When the lock-order analysis ran. */
  readonly lockOrder?: LockOrderResult<S>;
  /** The search reduced by symmetry. */
  readonly symmetry: boolean;
  /** Worker threads that ran the safety search (1: sequential). */
  readonly workers: number;
  /** Where the properties' and the lock-order analysis's graphs came from. */
  readonly analyses: { readonly properties: AnalysisSource; readonly lockOrder: AnalysisSource };
}

/**
 * Whether the search reduces by symmetry: asked for (or not refused: on by default when the spec
 * declares something symmetric, which is what the declaration is for), a group small enough to
 * enumerate, never with POR (the combination is not established as sound here) and never for a
 * refinement (checked on the concrete transitions of every state).
 */
export function symmetryApplies<S>(model: Model<S>, plan: Pick<WorkloadPlan, "symmetry" | "por">): boolean {
  return plan.symmetry !== false && plan.por !== true && model.symmetry?.usable === true && refinementOf(model) === undefined;
}

/** The keys the run's visited set stores (`fingerprintMode` of the plan's request and size). */
export function keysOf<S>(model: Model<S>, plan: WorkloadPlan, symmetry: boolean): ReturnType<typeof fingerprintMode> {
  return fingerprintMode(model, symmetry, plan.fingerprint ?? "auto", plan.maxStates, plan.expectedStates);
}

/** Checks one workload: safety search, properties, expectation, lock order. An invalid plan (plan.ts) throws `InvalidPlanError`. */
export async function checkWorkload<S>(model: Model<S>, plan: WorkloadPlan = {}): Promise<WorkloadReport<S>> {
  assertValidPlan(plan);
  const p = prepare(model, plan);
  let result: CheckResult<S>;
  let workers = 1;
  if (plan.search === "dfs") result = await checkDfsAsync(model, p.dfs);
  else
    ({ result, workers } = await searchSafety(model, p.search, {
      // The workers canonicalise under symmetry as the sequential search does, but their shared table
      // stores 64-bit fingerprints: a run that needs 96-bit keys stays sequential.
      // `plan.workers`, else the cores: past the sequential budget two workers beat one on both parallel
      // searches (docs/performance.md, "Parallel search").
      workers: keysOf(model, plan, p.symmetry).bits === 96 || plan.parallel === undefined ? 1 : defaultWorkers(plan.workers),
      por: plan.por === true,
      porForced: plan.porForced === true,
      continue: plan.continue === true,
      observers: p.recordings.observers,
      ...(plan.parallel !== undefined ? { modelFile: plan.parallel.modelFile } : {}),
      ...(plan.parallel?.budget !== undefined ? { budget: plan.parallel.budget } : {}),
      ...(plan.parallel?.moduleHash !== undefined ? { moduleHash: plan.parallel.moduleHash } : {}),
    }));
  const report = analyse(model, plan, p, result, workers);
  return report;
}

/** `checkWorkload` without a parallel restart or yielding to the event loop (the generated tests'). */
export function checkWorkloadSync<S>(model: Model<S>, plan: Omit<WorkloadPlan, "parallel" | "workers"> = {}): WorkloadReport<S> {
  assertValidPlan(plan);
  const p = prepare(model, plan);
  const result =
    plan.search === "dfs"
      ? checkDfs(model, p.dfs)
      : checkBfs(model, {
          ...p.search,
          ...(plan.por === true ? { por: true } : {}),
          ...(plan.porForced === true ? { porGuard: false as const } : {}),
          ...(plan.continue === true ? { continue: true } : {}),
          observers: p.recordings.observers,
        });
  return analyse(model, plan, p, result, 1);
}

interface Prepared<S> {
  readonly symmetry: boolean;
  readonly search: SearchOptions;
  readonly dfs: SearchOptions & { readonly maxDepth?: number };
  readonly recordings: Recordings<S>;
  /** Why the properties are not checked (undefined: checked when the verdict needs them). */
  readonly skipped: string | undefined;
}

function prepare<S>(model: Model<S>, plan: WorkloadPlan): Prepared<S> {
  const symmetry = symmetryApplies(model, plan);
  const search: SearchOptions = {
    ...(plan.maxStates !== undefined ? { maxStates: plan.maxStates } : {}),
    ...(plan.maxSeconds !== undefined ? { maxSeconds: plan.maxSeconds } : {}),
    ...(plan.maxMemoryBytes !== undefined ? { maxMemoryBytes: plan.maxMemoryBytes } : {}),
    ...(plan.signal !== undefined ? { signal: plan.signal } : {}),
    ...(plan.onProgress !== undefined ? { onProgress: plan.onProgress } : {}),
    ...(plan.progressIntervalMs !== undefined ? { progressIntervalMs: plan.progressIntervalMs } : {}),
    ...(plan.fingerprint !== undefined ? { fingerprint: plan.fingerprint } : {}),
    ...(plan.expectedStates !== undefined ? { expectedStates: plan.expectedStates } : {}),
    ...(plan.stepCode !== undefined ? { stepCode: plan.stepCode } : {}),
    ...(symmetry ? { symmetry: true } : {}),
  };
  const skipped = plan.properties === undefined || plan.properties === "check" ? undefined : plan.properties.notChecked;
  // The BFS records what the properties and the lock-order analysis need (one pass, issue 17);
  // `recordAnalyses` attaches no recorder that the reductions would make unsound (see `analyse`).
  const recordings = recordAnalyses(model, {
    liveness: skipped === undefined,
    lockOrder: plan.lockOrder === true,
    lockOrderMaxStates: LOCK_ORDER_MAX_STATES,
    symmetry,
    por: plan.por === true,
  });
  return { symmetry, search, dfs: { ...search, ...(plan.maxDepth !== undefined ? { maxDepth: plan.maxDepth } : {}) }, recordings, skipped };
}

/**
 * Everything after the safety search. The one decision about separate passes is here: the properties'
 * graph and the lock-order graph are taken from the safety search's recordings when it explored the
 * whole unreduced state space, and explored again on their own otherwise, because the analyses are
 * defined on the full graph and a recording is only that graph when:
 * - the search did not stop early (a violation, a limit: the recording is partial);
 * - no symmetry reduction (one state per orbit; soundness on the quotient is not established here);
 * - no partial-order reduction (the reduced graph is not the state space);
 * - no parallel restart (the workers record nothing yet);
 * - the recorder could hold it (the liveness recorder gives up past its 16-bit step/instance columns).
 * The recorders know the last three conditions themselves (they answer undefined); `recordAnalyses`
 * attaches none under a reduction. So "recorded or own pass" is: whatever the recorders answer, else a pass.
 */
function analyse<S>(model: Model<S>, plan: WorkloadPlan, p: Prepared<S>, safety: CheckResult<S>, workers: number): WorkloadReport<S> {
  const result = plan.minPreemptions === true ? fewestPreemptionsEach(model, safety) : safety;
  let properties: AnalysisSource = "not run";
  let liveness: readonly LivenessResult<S>[] | undefined;
  if (p.skipped === undefined && wantsLiveness(model, result)) {
    const graph = workers === 1 ? p.recordings.properties() : undefined;
    properties = graph !== undefined ? "recorded" : "own pass";
    liveness = checkAllProperties(model, {
      ...(graph !== undefined ? { graph } : {}),
      ...(plan.maxSeconds !== undefined ? { maxSeconds: plan.maxSeconds } : {}),
      ...(plan.maxStates !== undefined ? { maxStates: plan.maxStates } : {}),
      ...(plan.signal !== undefined ? { signal: plan.signal } : {}),
    });
  }
  const run = judgeRun(model, result, liveness, p.skipped);
  let lockSource: AnalysisSource = "not run";
  let lockOrder: LockOrderResult<S> | undefined;
  // Not after a DFS (not exhaustive) nor a search cut short; above the cap it is not worth a pass.
  if (
    plan.lockOrder === true &&
    plan.search !== "dfs" &&
    result.verdict !== "incomplete" &&
    hasLocks(model) &&
    result.stats.distinctStates <= LOCK_ORDER_MAX_STATES
  ) {
    const recorded = workers === 1 ? p.recordings.lockOrder() : undefined;
    lockSource = recorded !== undefined ? "recorded" : mayHoldLocks(model) ? "own pass" : "not run";
    // No variable can hold a lock: no inversion is possible, and the search recorded nothing (one-pass.ts).
    if (!mayHoldLocks(model)) lockOrder = { edges: [], inversions: [], complete: true, states: result.stats.distinctStates, transitions: 0, seconds: 0 };
    else lockOrder = recorded ?? analyzeLockOrder(model, { maxStates: LOCK_ORDER_MAX_STATES, ...(plan.signal !== undefined ? { signal: plan.signal } : {}) });
  }
  return {
    model,
    result,
    run,
    ...(liveness !== undefined ? { liveness } : {}),
    ...(lockOrder !== undefined ? { lockOrder } : {}),
    symmetry: p.symmetry,
    workers,
    analyses: { properties, lockOrder: lockSource },
  };
}

function hasLocks<S>(model: Model<S>): model is LockModel<S> {
  return typeof (model as Partial<LivenessInfo<S>>).locksHeld === "function";
}

/** A BFS counterexample with the fewest preemptions among the shortest (other results unchanged). */
export function withFewestPreemptions<S>(model: Model<S>, result: CheckResult<S>): CheckResult<S> {
  if (result.mode !== "bfs" || result.violation === undefined || result.trace === undefined) return result;
  return minimizePreemptions(model, result).result;
}

/**
 * A `continue` result with each violation's trace given the fewest preemptions (the first is `violation`):
 * one layered pass answers them all (`minimizePreemptionsEach`).
 */
function fewestPreemptionsEach<S>(model: Model<S>, result: CheckResult<S>): CheckResult<S> {
  const all = result.violations;
  if (all === undefined || all.length === 0) return withFewestPreemptions(model, result);
  const { violations: _all, ...rest } = result;
  void _all;
  // Only a BFS trace is a shortest one (as in `withFewestPreemptions`); other traces stay as found.
  const each: readonly (PreemptionResult<S> | undefined)[] =
    result.mode === "bfs"
      ? minimizePreemptionsEach(
          model,
          all.map((f) => ({ ...rest, verdict: "violated" as const, violation: f.violation, trace: f.trace })),
        )
      : [];
  const violations = all.map((f, i) => ({ violation: f.violation, trace: each[i]?.result.trace ?? f.trace }));
  const first = violations[0] as (typeof violations)[number];
  return { ...result, violation: first.violation, trace: first.trace, violations };
}
