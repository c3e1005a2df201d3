/**
 * The safety BFS of one workload: sequentially, or with worker threads.
 *
 * Starting the workers costs about half a second each (every worker loads tsx and the model), more
 * than most workloads take in total, so the sequential search always runs first with a budget of
 * `SEQUENTIAL_BUDGET` distinct states. Only when that does not finish (no verdict, no other limit) and
 * more than one worker is allowed does the search restart from scratch on the workers, with the user's
 * limits (time already spent counts against `maxSeconds`). The restart repeats the budget's work,
 * which is small next to a search that outgrows it.
 *
 * The temporal properties and the lock-order analysis are recorded by the sequential search (its
 * `observers`); when the search goes parallel the workers record nothing, and both explore on their
 * own after it (checkWorkload decides). `continue` never goes parallel. Partial-order reduction (on by
 * default, or forced with `--por`) restarts on the workers like any other search: they reduce exactly as
 * the sequential search does, guard included (runtime/parallel/parallel-por.ts), so the result is the
 * one a sequential POR search would give; a violation it finds is re-derived without the reduction by
 * a second parallel search (`checkParallel`'s `porShortest`).
 */
import { availableParallelism } from "node:os";
import type { Model } from "../contract/model.js";
import { checkBfsAsync } from "../search/bfs.js";
import type { SearchObserver } from "../search/observer.js";
import type { CheckResult, SearchOptions } from "../search/result.js";

/** Distinct states the sequential search may reach before the workers take over. */
export const SEQUENTIAL_BUDGET = 300_000;

/** A safety result and the number of worker threads that produced it (1: the sequential search). */
export interface SafetyRun<S> {
  readonly result: CheckResult<S>;
  readonly workers: number;
}

/** `requested` worker threads when given, else the number of cores. */
export function defaultWorkers(requested: number | undefined): number {
  return Math.max(1, Math.floor(requested ?? availableParallelism()));
}

/** How the safety BFS runs. */
export interface SafetyPlan<S> {
  readonly workers: number;
  readonly por: boolean;
  /** The reduction was asked for (`--por`): no guard (sequentially and on the workers). */
  readonly porForced?: boolean;
  /** Distinct states before the parallel restart (default SEQUENTIAL_BUDGET). */
  readonly budget?: number;
  readonly continue?: boolean;
  readonly observers?: readonly SearchObserver<S>[];
  /** The module the workers import (`createModel(workload)`): required for a parallel restart. */
  readonly modelFile?: string;
  /** The hash the workers must find for `modelFile` (asked only when the search restarts on them). */
  readonly moduleHash?: () => string | undefined;
}

/** Exhaustive BFS of `model`, sequential first; on the workers when it outgrows the budget. */
export async function searchSafety<S>(model: Model<S>, search: SearchOptions, opts: SafetyPlan<S>): Promise<SafetyRun<S>> {
  const budget = opts.budget ?? SEQUENTIAL_BUDGET;
  const userMax = search.maxStates ?? Infinity;
  // `continue` runs sequentially: the parallel search keeps one violation candidate per level.
  const parallel = opts.modelFile !== undefined && opts.workers > 1 && opts.continue !== true && userMax > budget;
  const t0 = performance.now();
  const first = await checkBfsAsync(model, {
    ...search,
    ...(parallel ? { maxStates: budget } : {}),
    ...(opts.por ? { por: true } : {}),
    // --por asks for the reduction everywhere: its guard (which stops a reduction that does not pay) is for the default.
    ...(opts.porForced === true ? { porGuard: false as const } : {}),
    ...(opts.continue === true ? { continue: true } : {}),
    ...(opts.observers !== undefined ? { observers: opts.observers } : {}),
  });
  if (!parallel || opts.modelFile === undefined || first.verdict !== "incomplete" || first.limit !== "maxStates") return { result: first, workers: 1 };
  const spent = (performance.now() - t0) / 1000;
  // Issue 14 item 5: the workers import model.ts again; they must get the bytes verified at load time.
  const hash = opts.moduleHash?.();
  // Loaded here, not at start-up: most checks never outgrow the budget (worker_threads and the
  // parallel engine are then not loaded at all).
  const { checkParallel } = await import("../parallel/parallel.js");
  const result = (await checkParallel(opts.modelFile, model.workload, {
    ...search,
    ...(search.maxSeconds !== undefined ? { maxSeconds: Math.max(0, search.maxSeconds - spent) } : {}),
    workers: opts.workers,
    // The search is known to pass the budget: a table sized for it from the start (load ≤ 3/4) saves
    // the workers the first growth steps from the default 2^16 slots.
    initialSlots: presizedSlots(Math.max(budget, search.expectedStates ?? 0)),
    ...(hash !== undefined ? { moduleHash: hash } : {}),
    ...(opts.por ? { por: true } : {}),
    ...(opts.porForced === true ? { porGuard: false as const } : {}),
  })) as CheckResult<unknown> as CheckResult<S>;
  // Stopped (Ctrl-C, a limit) before getting past the sequential start: that start is the better report.
  if (result.verdict === "incomplete" && result.stats.distinctStates < first.stats.distinctStates) {
    return { result: { ...first, ...(result.limit !== undefined ? { limit: result.limit } : {}) }, workers: 1 };
  }
  // The reported time is the whole search's, budget included.
  const seconds = result.stats.seconds + spent;
  return {
    result: { ...result, stats: { ...result.stats, seconds, statesPerSec: seconds > 0 ? result.stats.distinctStates / seconds : 0 } },
    workers: opts.workers,
  };
}

/** The power-of-two slot count that holds `states` at a load of at most 3/4. */
export function presizedSlots(states: number): number {
  let slots = 1 << 16;
  while (slots * 0.75 < states && slots < 2 ** 29) slots *= 2;
  return slots;
}
