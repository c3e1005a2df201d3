/**
 * Partial-order reduction in `check`: the decision for one workload's run (runtime/reduce/decision.ts,
 * from the flags and what the run checks), the `Partial-order reduction:` line and the `--json` `por`
 * object. The line never claims states saved: the unreduced count is not computed by a check, so it
 * says how many successors the ample sets left out and whether the state counts are exact (the full
 * graph's, comparable with TLC's) or of the reduced graph.
 */
import { porDecision, POR_GUARD, prunedFraction, type CheckResult, type Model, type PorDecision, type PorStats } from "../runtime/index.js";
import { CliError } from "./exit.js";
import { int } from "./output.js";

/** The flags and facts of a `check` run that decide partial-order reduction. */
export interface PorFlags {
  /** `--por` true, `--no-por` false, neither undefined. */
  readonly por?: boolean | undefined;
  readonly dfs?: boolean;
  readonly continue?: boolean;
  readonly lockOrder?: boolean;
}

/** The decision for `model` in this run; `--por` where it would be unsound is a usage error (exit 2). */
export function decidePor(model: Model<unknown>, flags: PorFlags, facts: { readonly symmetry: boolean; readonly properties: boolean }): PorDecision {
  const d = porDecision(model, {
    requested: flags.por,
    search: flags.dfs === true ? "dfs" : "bfs",
    continue: flags.continue === true,
    symmetry: facts.symmetry,
    properties: facts.properties,
    lockOrder: flags.lockOrder !== false,
  });
  if (!d.on && d.refused === true) throw new CliError(`--por cannot be used on ${model.spec} / ${model.workload}: ${d.reason} (drop --por)`);
  return d;
}

/** What the reduction did, as `check` reports it. */
export interface PorOutcome {
  readonly decision: PorDecision;
  /** The reduced search's statistics (absent: it did not run, or the search went parallel before it was recorded). */
  readonly stats?: PorStats;
  /** The violation was found by the reduced search and re-derived by a plain one. */
  readonly rederived?: boolean;
}

/** The outcome of a run from its decision and result (the workers reduce as the sequential search does). */
export function porOutcome(decision: PorDecision, result: CheckResult<unknown>): PorOutcome {
  if (!decision.on) return { decision };
  if (result.por === undefined) return { decision };
  return { decision, stats: result.por.stats, ...(result.por.rederived === true ? { rederived: true } : {}) };
}

/** Whether the reported state counts are those of the full state graph. */
export function exactCounts(o: PorOutcome): boolean {
  return !o.decision.on || o.stats === undefined || o.rederived === true || o.stats.pruned === 0;
}

const pct = (s: PorStats): string => `${(100 * prunedFraction(s)).toFixed(1)}%`;

/** The `Partial-order reduction:` line (one line; `result` gives the state count it speaks of). */
export function porLine(o: PorOutcome, result: CheckResult<unknown>): string {
  const d = o.decision;
  if (!d.on) return `Partial-order reduction: off (${d.reason})`;
  const s = o.stats;
  const how = d.forced ? "on (--por)" : "on";
  if (s === undefined) return `Partial-order reduction: ${how}, but the search did not reduce`;
  if (o.rederived === true)
    return `Partial-order reduction: ${how} — the reduced search found the violation, re-derived by a plain search (statistics and counterexample are that search's: a shortest counterexample)`;
  if (s.stoppedAfter !== undefined) {
    const exact = s.pruned === 0 ? "nothing pruned, so the counts are exact" : "the counts are of a partly reduced graph (--no-por for exact counts)";
    return `Partial-order reduction: stopped after ${int(s.stoppedAfter)} states (pruned ${pct(s)} of successors, under the ${Math.round(100 * POR_GUARD.minPruned)}% that pays); the rest expanded fully; ${exact}`;
  }
  if (s.pruned === 0) return `Partial-order reduction: ${how}, pruned nothing, so the counts are exact`;
  return `Partial-order reduction: ${how} — ${int(result.stats.distinctStates)} states in the reduced graph, ${pct(s)} of successors pruned (--no-por for exact, TLC-comparable counts)`;
}

/** The `--json` `por` object (docs/schema/check-json.schema.json). */
export function porJson(o: PorOutcome): object {
  const d = o.decision;
  const s = o.stats;
  return {
    on: d.on,
    ...(d.on ? { forced: d.forced } : { reason: d.reason }),
    exactCounts: exactCounts(o),
    ...(s !== undefined
      ? {
          reducedStates: s.reducedStates,
          fullStates: s.fullStates,
          provisoFailures: s.provisoFailures,
          successorsGenerated: s.generated,
          successorsPruned: s.pruned,
          ...(s.stoppedAfter !== undefined ? { stoppedAfter: s.stoppedAfter } : {}),
        }
      : {}),
    ...(o.rederived === true ? { rederived: true } : {}),
  };
}
