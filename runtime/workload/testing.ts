/**
 * Comparing a workload's outcome with its `expect`, and re-executing counterexamples through the model
 * (each step must be a real transition, and the last state must show the violation), so a passing
 * test proves the reported trace. `verdict.ts` combines this with the properties' results.
 */
import { refinementOf } from "../contract/refinement.js";
import { replayPath, type StepPick } from "../search/replay.js";
import { describeViolation, matchesExpectation } from "../search/expect.js";
import { SpecError, type Model } from "../contract/model.js";
import type { CheckResult, TraceStep } from "../search/result.js";
import { safetyTraceProblems, validateLasso, type LiveModel, type LivenessResult } from "../analyses/liveness.js";

/** Re-executes a counterexample; returns what is wrong with it (empty when it is a real behaviour). */
export function validateTrace<S>(model: Model<S>, result: CheckResult<S>): string[] {
  const trace = result.trace;
  const v = result.violation;
  if (!trace || trace.length === 0 || !v) return ["a violation was reported without a trace"];
  const problems: string[] = [];
  const first = trace[0] as TraceStep<S>;
  // Each step must be a transition of the model to the recorded state (compared by `encode`, not by the
  // packed fingerprint the search used, so a packing bug cannot hide here).
  const picks = trace
    .slice(1)
    .map((t): StepPick<S> => ({ kind: "state", state: t.state, step: t.step?.id ?? -1, ...(t.instance !== undefined ? { instance: t.instance } : {}) }));
  let r = replayPath(model, { kind: "state", state: first.state }, picks);
  if (!r.ok && r.error.kind === "no-initial") {
    problems.push("the trace does not start in an initial state");
    r = replayPath(model, { kind: "at", from: { index: 1, state: first.state } }, picks);
  }
  if (!r.ok) {
    const e = r.error;
    if (e.kind === "threw") {
      // Another step of the state may fail after the recorded one was produced; only a miss is a problem.
      if (!(e.error instanceof SpecError)) throw e.error;
      problems.push(`step ${e.at} could not be replayed: another step of state ${e.at - 1} raised "${e.error.message}"`);
    }
    if (e.kind !== "no-initial") problems.push(`step ${e.at} of the trace is not a transition of the model`);
  }
  const last = (trace[trace.length - 1] as { state: S }).state;
  if (v.kind === "invariant") {
    const inv = model.invariants.find((i) => i.name === v.property);
    if (!inv) problems.push(`no invariant named ${v.property}`);
    else if (inv.holds(last)) problems.push(`the last state of the trace satisfies ${v.property}`);
  } else if (v.kind === "property") {
    const prop = hasProperties(model) ? model.properties.find((p) => p.name === v.property) : undefined;
    if (prop === undefined) problems.push(`no property named ${v.property}`);
    else problems.push(...safetyTraceProblems(prop, trace));
  } else if (v.kind === "refinement" && v.step === undefined) {
    // An initial state that maps outside the abstract spec's initial states: re-checked independently.
    const r = refinementOf(model);
    if (r === undefined) problems.push("the model checks no refinement");
    else if (trace.length !== 1) problems.push(`a refinement violation by an initial state has a trace of ${trace.length} states`);
    else if (r.initialViolation(last) === undefined) problems.push("the initial state of the trace maps to an initial state of the abstract spec");
  } else if (v.kind === "deadlock") {
    let any = false;
    model.successors(last, () => (any = true));
    if (any || model.done(last)) problems.push("the last state of the trace is not a deadlock");
  } else if (v.kind === "spec_error" && v.property !== undefined && v.step === undefined) {
    // Raised while evaluating an invariant on the last state (explore.ts), not by a step.
    const inv = model.invariants.find((i) => i.name === v.property);
    if (!inv) problems.push(`no invariant named ${v.property}`);
    else {
      try {
        inv.holds(last);
        problems.push(`evaluating ${v.property} on the last state of the trace raises no spec_error`);
      } catch (e) {
        if (!(e instanceof SpecError) || e.errorKind !== "spec_error") problems.push(`evaluating ${v.property} on the last state raised ${String(e)}`);
      }
    }
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

function hasProperties<S>(model: Model<S>): model is LiveModel<S> {
  const m = model as Partial<LiveModel<S>>;
  return Array.isArray(m.properties) && m.properties.length > 0 && Array.isArray(m.fairness);
}

/** True when the workload's verdict also depends on its temporal properties (checked after the safety search). */
export function wantsLiveness<S>(model: Model<S>, result: CheckResult<S>): model is Model<S> & LiveModel<S> {
  if (!hasProperties(model)) return false;
  const exp = model.expect;
  const expectsProperty = exp.kind === "violates" && model.properties.some((p) => p.name === exp.property);
  // A `continue` search that explored everything decides the properties too, whatever it found.
  return expectsProperty || ((result.verdict === "holds" || result.violations !== undefined) && result.complete);
}

/**
 * Everything wrong with a workload's outcome against its `expect` (empty when it matches): the safety
 * verdict, a counterexample that does not replay, and — when `liveness` is given — the temporal
 * properties (`holds` needs all of them to hold; `violates P` for a property P needs a valid lasso).
 */
export function judgeWorkload<S>(model: Model<S>, result: CheckResult<S>, liveness?: readonly LivenessResult<S>[]): string[] {
  const exp = model.expect;
  const expectsProperty = exp.kind === "violates" && hasProperties(model) && model.properties.some((p) => p.name === exp.property);
  const problems: string[] = [];
  if (expectsProperty) {
    // The safety search must find nothing (TLC reports a deadlock or an invariant first, too).
    if (result.verdict === "violated" && result.violation) {
      problems.push(`expected violates ${exp.property} (a temporal property), got ${describeViolation(result.violation)}`);
      problems.push(...validateTrace(model, result));
    } else if (result.verdict === "incomplete") {
      problems.push(`expected violates ${exp.property}, but the search stopped early (${result.limit ?? "limit"})`);
    } else if (!liveness) {
      problems.push(`expected violates ${exp.property}, but the temporal properties were not checked`);
    }
  } else {
    const m = matchesExpectation(result, exp);
    if (!m.ok) problems.push(m.description);
    if (result.verdict === "violated") problems.push(...validateTrace(model, result));
  }
  if (liveness && hasProperties(model)) {
    for (const r of liveness) {
      const prop = model.properties.find((p) => p.name === r.property);
      if (expectsProperty && r.property !== (exp as { property: string }).property) continue;
      if (r.verdict === "incomplete") problems.push(`property ${r.property}: ${r.message}`);
      else if (expectsProperty && r.verdict === "holds") problems.push(`expected violates ${r.property}, but it holds under the model's fairness`);
      else if (!expectsProperty && r.verdict === "violated") problems.push(`expected holds, got ${r.message}`);
      if (r.verdict === "violated" && prop) {
        if (r.lasso) problems.push(...validateLasso(model, prop, r.lasso, r.binding).map((p) => `property ${r.property}: ${p}`));
        else if (!r.trace || r.trace.length === 0) problems.push(`property ${r.property}: a violation was reported without a counterexample`);
      }
    }
  }
  return problems;
}
