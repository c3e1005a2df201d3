/**
 * One verdict for everything a run checked. A run has two parts: the safety search (invariants,
 * assertions, deadlock, lock and spec errors: a `CheckResult`) and the temporal properties, checked
 * afterwards on the state graph (`LivenessResult`s), or not checked for a reason (`--por`, `--dfs`,
 * `--no-liveness`, a safety violation that ended the search first, a search cut short by a limit).
 *
 * The verdict covers both parts: `violated` when either found a violation, else `incomplete` when
 * anything was not (fully) checked, else `holds`; so nothing unchecked is ever reported as holding.
 * The workload's `expect` is judged against all of it, and is `unknown` (never met) when what it
 * depends on was not checked: `expect holds` depends on every property, `expect violates P` on P.
 */
import { describeViolation, matchesExpectation } from "../search/expect.js";
import type { Model } from "../contract/model.js";
import { bindingText, safetyForm, type LiveModel, type LivenessResult } from "../analyses/liveness.js";
import { violationKey, type CheckResult, type Verdict } from "../search/result.js";
import { judgeWorkload } from "./testing.js";
import { refinementOf } from "../contract/refinement.js";
// A cycle of function references only (checkWorkload judges with judgeRun): nothing runs at load time.
import { checkWorkloadSync } from "./check-workload.js";

/** A property's own result; `not checked` says why in `message`. */
export type PropertyVerdict = Verdict | "not checked";

export interface PropertyOutcome<S> {
  readonly property: string;
  readonly verdict: PropertyVerdict;
  /** What was found, or why the property was not checked. */
  readonly message: string;
  /** The property check's result, when it ran. */
  readonly result?: LivenessResult<S>;
  /**
   * A violated property of a safety form (`always X`, or `X` on the initial states) as a check result:
   * violation kind `property` and the shortest finite trace, printable, exportable and replayable
   * like any safety counterexample.
   */
  readonly counterexample?: CheckResult<S>;
}

/** Whether the outcome is what the workload's `expect` says. */
export type ExpectationStatus = "met" | "not met" | "unknown";

export interface RunVerdict<S> {
  /** Everything together: `violated` > `incomplete` (something not checked or cut short) > `holds`. */
  readonly verdict: Verdict;
  /** The safety search's own verdict. */
  readonly safety: Verdict;
  /** One entry per temporal property of the model, in declaration order (empty when it has none). */
  readonly properties: readonly PropertyOutcome<S>[];
  readonly expectation: ExpectationStatus;
  /** Why the expectation is not met, or unknown (empty when met). */
  readonly problems: readonly string[];
}

/** The model's temporal properties (none when it declares none). */
export function propertiesOf<S>(model: Model<S>): LiveModel<S>["properties"] {
  const props = (model as Partial<LiveModel<S>>).properties;
  return Array.isArray(props) ? props : [];
}

/** Why the properties were not checked when the caller gives no reason: the safety search decided it. */
function defaultSkipReason<S>(result: CheckResult<S>): string {
  if (result.verdict === "violated" && result.violations !== undefined)
    return result.complete ? "not requested" : `the safety search did not finish (${result.limit ?? "limit"})`;
  if (result.verdict === "violated") return "the search stopped at the safety violation";
  if (result.verdict === "incomplete") return `the safety search did not finish (${result.limit ?? "limit"})`;
  if (!result.complete) return "the search was not exhaustive";
  return "not requested";
}

/**
 * Judges one workload's run. `checked` holds the property results when the properties were checked
 * (on the complete graph or as far as a limit allowed); otherwise `skipped` says why not.
 */
export function judgeRun<S>(model: Model<S>, result: CheckResult<S>, checked: readonly LivenessResult<S>[] | undefined, skipped?: string): RunVerdict<S> {
  const reason = skipped ?? defaultSkipReason(result);
  const properties = propertiesOf(model).map((p): PropertyOutcome<S> => {
    const r = checked?.find((x) => x.property === p.name);
    if (r === undefined) return { property: p.name, verdict: "not checked", message: reason };
    const cex = r.verdict === "violated" && r.trace !== undefined && r.trace.length > 0 ? propertyCounterexample(p, r, result) : undefined;
    return { property: p.name, verdict: r.verdict, message: r.message, result: r, ...(cex ? { counterexample: cex } : {}) };
  });
  const anyViolated = result.verdict === "violated" || properties.some((p) => p.verdict === "violated");
  const anyOpen = result.verdict === "incomplete" || depthBounded(result) || properties.some((p) => p.verdict === "incomplete" || p.verdict === "not checked");
  const verdict: Verdict = anyViolated ? "violated" : anyOpen ? "incomplete" : "holds";
  return { verdict, safety: result.verdict, properties, ...judgeExpectation(model, result, checked, properties) };
}

/** A DFS that found nothing but stopped at its depth bound with states left unexplored (issue 14 item 14). */
function depthBounded<S>(result: CheckResult<S>): boolean {
  return result.mode === "dfs" && result.verdict === "holds" && !result.complete;
}

function judgeExpectation<S>(
  model: Model<S>,
  result: CheckResult<S>,
  checked: readonly LivenessResult<S>[] | undefined,
  properties: readonly PropertyOutcome<S>[],
): { expectation: ExpectationStatus; problems: readonly string[] } {
  const exp = model.expect;
  if (result.verdict === "incomplete") return { expectation: "unknown", problems: [matchesExpectation(result, exp).description] };
  if (depthBounded(result))
    return {
      expectation: "unknown",
      problems: [`the DFS depth bound left ${result.stats.cutOff ?? "some"} states unexplored, so no violation up to that depth proves nothing beyond it`],
    };
  // A safety violation decides an expectation that is not about a temporal property without them (as
  // when the search stops there): a `continue` run that also checked them is judged the same way.
  const aboutProperty = exp.kind === "violates" && properties.some((p) => p.property === exp.property);
  const problems = judgeWorkload(model, result, result.verdict === "violated" && !aboutProperty ? [] : (checked ?? []));
  // A safety violation decides `holds` and `violates P` (TLC reports it first too); so does a violated
  // property for `holds`. Otherwise an expectation resting on an unchecked property is unknown.
  const decided = result.verdict === "violated" || (exp.kind === "holds" && properties.some((p) => p.verdict === "violated"));
  const needed = exp.kind === "holds" ? properties : exp.kind === "violates" ? properties.filter((p) => p.property === exp.property) : [];
  const open = decided ? [] : needed.filter((p) => p.verdict === "not checked" || p.verdict === "incomplete");
  if (open.length > 0) {
    return {
      expectation: "unknown",
      problems: open.map((p) => `property ${p.property} ${p.verdict === "not checked" ? "was not checked" : "is incomplete"}: ${p.message}`),
    };
  }
  return { expectation: problems.length === 0 ? "met" : "not met", problems };
}

/** A violated safety-form property as a check result with kind `property` and its finite trace. */
function propertyCounterexample<S>(prop: LiveModel<S>["properties"][number], r: LivenessResult<S>, base: CheckResult<S>): CheckResult<S> | undefined {
  const form = safetyForm(prop, r.binding);
  if (form === undefined || r.trace === undefined) return undefined;
  const forB = r.binding !== undefined ? ` (for ${bindingText(r.binding)})` : "";
  const message =
    form.form === "always"
      ? `always ${form.text}${forB}, but ${form.text} is false here`
      : form.form === "initial"
        ? `${form.text} is false in this initial state${forB}`
        : `${form.form === "always-implies-always" ? "always " : ""}(${form.fromText ?? ""} => always ${form.text})${forB}, but ${form.text} is false here`;
  return {
    ...base,
    verdict: "violated",
    complete: false,
    violation: { kind: "property", property: prop.name, message, loc: prop.loc },
    trace: r.trace,
  };
}

export interface TestOutcome<S> {
  readonly result: CheckResult<S>;
  /** Empty when the expectation is met (and every counterexample replays). */
  readonly problems: readonly string[];
  readonly summary: string;
  /** When the properties were checked: one result per property (absent otherwise). */
  readonly liveness?: readonly LivenessResult<S>[];
  /** The verdict over safety and every property, and the expectation judged against it. */
  readonly run: RunVerdict<S>;
}

/**
 * What generated vitest files call: checks one workload exhaustively (BFS), then its temporal
 * properties under the model's fairness when its verdict depends on them, and judges the `expect`.
 * An expectation that is unknown (a property it depends on was not checked) is a problem, never a pass.
 */
export function checkWorkloadForTest<S>(model: Model<S>): TestOutcome<S> {
  // Exact state counts, as `spec2ts test` reports them: no symmetry reduction.
  const { result, liveness, run } = checkWorkloadSync(model, { symmetry: false });
  const problems = run.expectation === "unknown" ? run.problems.map((p) => `expectation unknown: ${p}`) : run.problems;
  let what = result.violation ? describeViolation(result.violation) : result.verdict;
  if (run.properties.length > 0) {
    const bad = run.properties.filter((p) => p.verdict !== "holds").map((p) => `${p.property} ${p.verdict}`);
    what += `; properties: ${bad.length ? bad.join(", ") : `all ${run.properties.length} hold`}`;
  }
  return {
    result,
    problems,
    summary: `${model.spec}/${model.workload}: ${what} (verdict ${run.verdict}); ${result.stats.distinctStates} distinct states, depth ${result.stats.depth}`,
    ...(liveness ? { liveness } : {}),
    run,
  };
}

/** One row of a per-property report: an invariant, a temporal property, deadlock, or a failing statement. */
export interface PropertyRow {
  /** `invariant`, `property` (temporal), `deadlock`, or the error kind of a failing statement. */
  readonly kind: "invariant" | "property" | "deadlock" | "refinement" | "assertion" | "lock_error" | "spec_error" | "errors";
  /** The invariant or property name; `deadlock`; for a failing statement its location. */
  readonly name: string;
  readonly verdict: PropertyVerdict;
  /** States in the counterexample (a lasso: prefix and cycle) when violated. */
  readonly traceLength?: number;
  /** Why not checked, or what was found. */
  readonly message: string;
}

/**
 * Every invariant, temporal property, deadlock, and each assertion / lock / spec error found, with its
 * own verdict: the per-property report of `spec2ts test --per-property` and `check --continue`. Needs
 * a `continue` search (`result.violations`): a search that stopped at its first violation decided
 * nothing about the others, so they are `not checked`. An invariant holds only when the search
 * explored every reachable state.
 */
export function propertyRows<S>(model: Model<S>, result: CheckResult<S>, run: RunVerdict<S>): PropertyRow[] {
  const found = result.violations ?? (result.violation !== undefined ? [{ violation: result.violation, trace: result.trace ?? [] }] : []);
  const decided = result.complete && (result.violations !== undefined || result.verdict === "holds");
  const open =
    result.verdict === "incomplete" || (result.violations !== undefined && !result.complete)
      ? `the search did not finish (${result.limit ?? "limit"})`
      : result.mode !== "bfs" && !result.complete
        ? "the search was not exhaustive"
        : "the search stopped at the first violation (use --continue)";
  const rows: PropertyRow[] = [];
  const byKey = new Map(found.map((f) => [violationKey(f.violation), f] as const));
  for (const inv of model.invariants) {
    const f = byKey.get(`invariant:${inv.name}`);
    if (f !== undefined) rows.push({ kind: "invariant", name: inv.name, verdict: "violated", traceLength: f.trace.length, message: f.violation.message });
    else
      rows.push(
        decided
          ? { kind: "invariant", name: inv.name, verdict: "holds", message: "holds in every reachable state" }
          : { kind: "invariant", name: inv.name, verdict: "not checked", message: open },
      );
  }
  for (const p of run.properties) {
    const len = p.counterexample?.trace?.length ?? (p.result?.lasso ? p.result.lasso.prefix.length + p.result.lasso.cycle.length : p.result?.trace?.length);
    rows.push({
      kind: "property",
      name: p.property,
      verdict: p.verdict,
      ...(p.verdict === "violated" && len !== undefined ? { traceLength: len } : {}),
      message: p.message,
    });
  }
  const dl = byKey.get("deadlock");
  if (!model.checkDeadlock) rows.push({ kind: "deadlock", name: "deadlock", verdict: "not checked", message: "check deadlock = false" });
  else if (dl !== undefined)
    rows.push({ kind: "deadlock", name: "deadlock", verdict: "violated", traceLength: dl.trace.length, message: dl.violation.message });
  else
    rows.push(
      decided
        ? { kind: "deadlock", name: "deadlock", verdict: "holds", message: "no reachable state is a deadlock" }
        : { kind: "deadlock", name: "deadlock", verdict: "not checked", message: open },
    );
  const ref = refinementOf(model);
  if (ref !== undefined) {
    const broken = found.filter((f) => f.violation.kind === "refinement");
    for (const f of broken)
      rows.push({
        kind: "refinement",
        name: f.violation.loc !== undefined ? `${ref.spec} (${f.violation.loc})` : ref.spec,
        verdict: "violated",
        traceLength: f.trace.length,
        message: f.violation.message,
      });
    if (broken.length === 0) {
      rows.push(
        decided
          ? { kind: "refinement", name: ref.spec, verdict: "holds", message: "every initial state and step maps to the abstract spec (its safety part)" }
          : { kind: "refinement", name: ref.spec, verdict: "not checked", message: open },
      );
    }
  }
  const errors = found.filter((f) => f.violation.kind === "assertion" || f.violation.kind === "lock_error" || f.violation.kind === "spec_error");
  for (const f of errors) {
    const v = f.violation;
    rows.push({
      kind: v.kind as PropertyRow["kind"],
      name: v.property !== undefined ? `${v.property} (${v.loc ?? "?"})` : (v.loc ?? "?"),
      verdict: "violated",
      traceLength: f.trace.length,
      message: v.message,
    });
  }
  if (errors.length === 0) {
    rows.push(
      decided
        ? { kind: "errors", name: "assertions, lock and run-time errors", verdict: "holds", message: "no step fails in any reachable state" }
        : { kind: "errors", name: "assertions, lock and run-time errors", verdict: "not checked", message: open },
    );
  }
  return rows;
}
