/**
 * What generated vitest files call: check a workload exhaustively, compare with its `expect`, and for
 * a violation re-execute the counterexample through the model (each step must be a real transition,
 * and the last state must show the violation), so a passing test proves the reported trace.
 */
import { checkBfs } from "./bfs.js";
import { Fingerprinter } from "./fingerprint.js";
import { describeViolation, matchesExpectation } from "./expect.js";
import { SpecError, type Model } from "./model.js";
import type { CheckResult } from "./result.js";

export interface TestOutcome<S> {
  readonly result: CheckResult<S>;
  /** Empty when the verdict matches and the trace replays. */
  readonly problems: readonly string[];
  readonly summary: string;
}

function fingerprint<S>(model: Model<S>, s: S): string {
  const f = new Fingerprinter();
  f.reset();
  model.encode(s, f);
  f.finish();
  return `${f.h1}:${f.h2}`;
}

/** Re-executes a counterexample; returns what is wrong with it (empty when it is a real behaviour). */
export function validateTrace<S>(model: Model<S>, result: CheckResult<S>): string[] {
  const trace = result.trace;
  const v = result.violation;
  if (!trace || trace.length === 0 || !v) return ["a violation was reported without a trace"];
  const problems: string[] = [];
  const inits = new Set(model.init().map((s) => fingerprint(model, s)));
  const first = trace[0];
  if (!first || !inits.has(fingerprint(model, first.state))) problems.push("the trace does not start in an initial state");
  for (let k = 1; k < trace.length; k++) {
    const prev = (trace[k - 1] as { state: S }).state;
    const cur = trace[k] as { state: S; step?: { id: number }; instance?: number };
    const want = fingerprint(model, cur.state);
    let found = false;
    model.successors(prev, (t) => {
      if (!found && fingerprint(model, t.state) === want && t.step === cur.step?.id && (cur.instance === undefined || t.instance === cur.instance)) found = true;
    });
    if (!found) {
      problems.push(`step ${k + 1} of the trace is not a transition of the model`);
      break;
    }
  }
  const last = (trace[trace.length - 1] as { state: S }).state;
  if (v.kind === "invariant") {
    const inv = model.invariants.find((i) => i.name === v.property);
    if (!inv) problems.push(`no invariant named ${v.property}`);
    else if (inv.holds(last)) problems.push(`the last state of the trace satisfies ${v.property}`);
  } else if (v.kind === "deadlock") {
    let any = false;
    model.successors(last, () => (any = true));
    if (any || model.done(last)) problems.push("the last state of the trace is not a deadlock");
  } else {
    try {
      model.successors(last, () => undefined);
      problems.push(`the last state of the trace raises no ${v.kind}`);
    } catch (e) {
      if (!(e instanceof SpecError) || e.errorKind !== v.kind) problems.push(`replaying the last step raised ${String(e)}`);
    }
  }
  return problems;
}

/** Checks one workload exhaustively (BFS) against its `expect`, validating any counterexample. */
export function checkWorkloadForTest<S>(model: Model<S>): TestOutcome<S> {
  const result = checkBfs(model, {});
  const m = matchesExpectation(result, model.expect);
  const problems: string[] = [];
  if (!m.ok) problems.push(m.description);
  if (result.verdict === "violated") problems.push(...validateTrace(model, result));
  const what = result.violation ? describeViolation(result.violation) : result.verdict;
  return {
    result,
    problems,
    summary: `${model.spec}/${model.workload}: ${what}; ${result.stats.distinctStates} distinct states, depth ${result.stats.depth}`,
  };
}
