/**
 * What the parallel-search tests compare between a parallel run and the sequential search it must equal
 * (parallel.test.ts, parallel-packed.test.ts, parallel-sequential.test.ts, parallel-por.test.ts).
 */
import { expect } from "vitest";
import type { Model } from "../../runtime/contract/model.js";
import type { CheckResult } from "../../runtime/search/result.js";

/** A counterexample as data: each step's name, instance, picks and the state's view. */
export function traceKey(model: Model<unknown>, r: Pick<CheckResult<unknown>, "trace">): string {
  return JSON.stringify((r.trace ?? []).map((t) => [t.step?.name, t.instance, t.picks, model.view(t.state)]));
}

/**
 * `r` found what `seq` found: verdict, violation, the same counterexample, distinct states, depth and
 * largest level; for a holding workload also the states generated. `what` names the run in failures.
 */
export function expectSameSearch(model: Model<unknown>, r: CheckResult<unknown>, seq: CheckResult<unknown>, what: string): void {
  expect(r.verdict, what).toBe(seq.verdict);
  expect(r.violation?.kind, what).toBe(seq.violation?.kind);
  expect(r.violation?.property, what).toBe(seq.violation?.property);
  expect(traceKey(model, r), what).toBe(traceKey(model, seq));
  expect(r.stats.distinctStates, what).toBe(seq.stats.distinctStates);
  expect(r.stats.depth, what).toBe(seq.stats.depth);
  expect(r.stats.queue, what).toBe(seq.stats.queue);
  if (seq.verdict === "holds") expect(r.stats.statesGenerated, what).toBe(seq.stats.statesGenerated);
}
