/**
 * The evaluation budget (issue 14 item 7): a single state's evaluation — an invariant quantifying over
 * a huge domain, nested quantifiers, defs that call each other exponentially often — can run for hours
 * without ever returning to the explorer's loop, where the watchdog (limits.ts) checks the time limit
 * and Ctrl-C. The generated code therefore calls `tick$()` once per quantifier iteration and per def
 * call (the packed step code charges each loop's iterations at its start instead: values.ts `loopHi$`):
 * a decrement of a counter, and only every `POLL_EVERY` ticks a poll that checks
 *
 * - the search's deadline (`--max-seconds`), throwing `EvaluationStopped("maxSeconds")`;
 * - a stop flag in a SharedArrayBuffer (parallel workers: the main thread cannot interrupt a busy
 *   worker otherwise), throwing `EvaluationStopped("interrupted")`;
 * - whether the explorer has not polled for `STUCK_MS`: one evaluation is then stuck, the event loop
 *   cannot run the Ctrl-C handler, and `onStuck` (set by the CLI) lets the default signal action apply
 *   so that Ctrl-C and SIGTERM stop the process at once; `onUnstuck` undoes it when the explorer polls.
 *
 * The explorer drivers (explore.ts `runSync`/`runAsync`, the parallel worker) catch `EvaluationStopped`
 * and end the search with that limit and the statistics so far (exit 3 in the CLI).
 *
 * The state lives on `globalThis` under a registered symbol: a generated model may import its own copy
 * of the runtime, and its ticks must reach the explorer's budget.
 */

/** Ticks between polls: a poll costs a clock read (~50 ns), a tick a decrement. */
export const POLL_EVERY = 1 << 14;
/** An explorer silent for this long means one evaluation is stuck (see `onStuck`). */
export const STUCK_MS = 1000;

export interface EvaluationBudget {
  /** Ticks left before the next poll. */
  n: number;
  /** performance.now() at which the search must stop (Infinity: no time limit). */
  deadline: number;
  /** A word that some other thread sets non-zero to stop the search (parallel workers). */
  stopFlag: Int32Array | undefined;
  stopIndex: number;
  /** performance.now() of the explorer's last poll. */
  lastProgress: number;
  /** True while `onStuck` is in effect. */
  stuck: boolean;
  /** A search is running (between `startEvaluationBudget` and `endEvaluationBudget`): only then can it be stuck. */
  active: boolean;
  onStuck: (() => void) | undefined;
  onUnstuck: (() => void) | undefined;
}

const KEY = Symbol.for("spec2ts.evaluationBudget");

function shared(): EvaluationBudget {
  const g = globalThis as unknown as Record<symbol, EvaluationBudget | undefined>;
  return (g[KEY] ??= {
    n: POLL_EVERY,
    deadline: Infinity,
    stopFlag: undefined,
    stopIndex: 0,
    lastProgress: performance.now(),
    stuck: false,
    active: false,
    onStuck: undefined,
    onUnstuck: undefined,
  });
}

/** The process-wide (per thread) budget. */
export const budget: EvaluationBudget = shared();

/** Why an `EvaluationStopped` stopped the search. */
export type StoppedLimit = "maxSeconds" | "interrupted" | "maxMemory" | "storeLimit";

/**
 * Thrown out of an evaluation when the search must stop; `limit` is why. Recognised by name. The
 * visited-state stores (store.ts) throw it too, from inside a successor callback, when they cannot hold
 * one more state (`storeLimit`) or a growth allocation fails (`maxMemory`): the same unwinding through
 * the model's code ends the search with the statistics so far.
 */
export class EvaluationStopped extends Error {
  constructor(
    readonly limit: StoppedLimit,
    message = limit === "maxSeconds" ? "the time limit was reached while evaluating a state" : "interrupted while evaluating a state",
  ) {
    super(message);
    this.name = "EvaluationStopped";
  }
}

/** True for an `EvaluationStopped` from any copy of the runtime. */
export function isEvaluationStopped(e: unknown): e is EvaluationStopped {
  return e instanceof Error && e.name === "EvaluationStopped";
}

/** One unit of evaluation work (a quantifier iteration, a def call). Called by generated code. */
export function tick$(): void {
  if (--budget.n < 0) pollEvaluation();
}

/** The poll behind `tick$`; exported for tests. */
export function pollEvaluation(): void {
  const b = budget;
  b.n = POLL_EVERY;
  const now = performance.now();
  if (now >= b.deadline) throw new EvaluationStopped("maxSeconds");
  if (b.stopFlag !== undefined && Atomics.load(b.stopFlag, b.stopIndex) !== 0) throw new EvaluationStopped("interrupted");
  if (b.active && !b.stuck && b.onStuck !== undefined && now - b.lastProgress > STUCK_MS) {
    b.stuck = true;
    b.onStuck();
  }
}

/** Called by the explorer's watchdog when it polls: the evaluation is not stuck. */
export function evaluationProgress(now: number): void {
  const b = budget;
  b.lastProgress = now;
  if (b.stuck) {
    b.stuck = false;
    b.onUnstuck?.();
  }
}

/** Sets the deadline of the search starting now (`maxSeconds` undefined: none). */
export function startEvaluationBudget(maxSeconds: number | undefined, now = performance.now()): void {
  budget.deadline = maxSeconds === undefined ? Infinity : now + maxSeconds * 1000;
  budget.n = POLL_EVERY;
  budget.active = true;
  evaluationProgress(now);
}

/** Clears the deadline when a search ends (later evaluations — traces, reports — are not limited). */
export function endEvaluationBudget(): void {
  budget.deadline = Infinity;
  budget.active = false;
  evaluationProgress(performance.now());
}
