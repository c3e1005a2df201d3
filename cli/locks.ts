/**
 * Lock diagnostics in `check`: the wait-for cycle of a deadlock ("A holds x, waits for y held by B"),
 * and lockdep-style lock-order inversions (lock A held while taking B somewhere, B held while taking
 * A elsewhere), reported as warnings with an example trace per edge even when no deadlock happened.
 */
import {
  analyzeLockOrder,
  explainDeadlock,
  mayHoldLocks,
  type CheckResult,
  type LivenessInfo,
  type LockOrderResult,
  type Model,
  type TraceStep,
} from "../runtime/index.js";

/** Above this many states the lock-order analysis is skipped (its separate pass re-explores the graph). */
export const LOCK_ORDER_MAX_STATES = 1_000_000;

/** "Wait-for" lines for a deadlock counterexample (empty for other verdicts). */
export function deadlockLines(model: Model<unknown>, result: CheckResult<unknown>): string[] {
  if (result.violation?.kind !== "deadlock" || !result.trace?.length) return [];
  const last = result.trace[result.trace.length - 1] as TraceStep<unknown>;
  const lines = explainDeadlock(model, last.state);
  return lines.length ? ["Wait-for:", ...lines.map((l) => `  ${l}`)] : [];
}

function hasLocks(model: Model<unknown>): model is Model<unknown> & Pick<LivenessInfo<unknown>, "locksHeld"> {
  return typeof (model as Partial<LivenessInfo<unknown>>).locksHeld === "function";
}

export interface LockOrderReport {
  readonly warnings: readonly string[];
  readonly json: readonly object[];
}

function stepText(model: Model<unknown>, t: TraceStep<unknown>): string {
  const who = t.instance !== undefined && t.instance >= 0 ? `${model.instances[t.instance]?.name ?? t.instance} ` : "";
  return t.step ? `${who}${t.step.name}` : "init";
}

/** Lock-order inversions of the workload, or undefined when not applicable. */
export function lockOrderReport(
  model: Model<unknown>,
  result: CheckResult<unknown>,
  opts: { enabled: boolean; signal?: AbortSignal; recorded?: LockOrderResult<unknown> | undefined },
): LockOrderReport | undefined {
  if (!opts.enabled || !hasLocks(model) || result.stats.distinctStates > LOCK_ORDER_MAX_STATES) return undefined;
  // No variable holds a lock: no inversion is possible (and the search recorded nothing: one-pass.ts).
  if (!mayHoldLocks(model)) return { warnings: [], json: [] };
  // Recorded by the safety search when it explored everything (recordAnalyses); else a pass of its own.
  const r = opts.recorded ?? analyzeLockOrder(model, { maxStates: LOCK_ORDER_MAX_STATES, ...(opts.signal ? { signal: opts.signal } : {}) });
  const warnings: string[] = [];
  const json: object[] = [];
  for (const inv of r.inversions) {
    warnings.push(`warning: ${inv.message}`);
    inv.examples.forEach((ex, i) => {
      const from = inv.cycle[i] ?? "?";
      const to = inv.cycle[(i + 1) % inv.cycle.length] ?? "?";
      warnings.push(`  ${from} held while taking ${to}: ${ex.map((t) => stepText(model, t)).join(" → ")}`);
    });
    json.push({ cycle: inv.cycle, mayDeadlock: inv.mayDeadlock, message: inv.message, examples: inv.examples.map((ex) => ex.map((t) => stepText(model, t))) });
  }
  return { warnings, json };
}
