/**
 * Comparing a check result with a workload's `expect` clause (used by `spec2ts test` and the generated
 * vitest files). An `incomplete` result never matches: a search stopped by a limit proves nothing.
 */
import type { Expectation } from "../contract/model.js";
import type { CheckResult, Violation } from "./result.js";

/** Whether the result is what the workload expects, with a one-line explanation either way. */
export function matchesExpectation<S>(result: CheckResult<S>, expect: Expectation): { ok: boolean; description: string } {
  const want = describeExpectation(expect);
  if (result.verdict === "incomplete") {
    return { ok: false, description: `expected ${want}, but the search stopped early (${result.limit ?? "limit"})` };
  }
  const v = result.violation;
  const got = v === undefined ? "no violation" : describeViolation(v);
  const ok = v === undefined ? expect.kind === "holds" : violationMatches(v, expect);
  if (ok && v === undefined && !result.complete) {
    const why = result.mode === "simulate" ? "simulation" : "depth-bounded search";
    return { ok, description: `expected ${want}: no violation found (${why}, not exhaustive)` };
  }
  return { ok, description: ok ? `expected ${want}: got ${got}` : `expected ${want}, got ${got}` };
}

function violationMatches(v: Violation, e: Expectation): boolean {
  switch (e.kind) {
    case "holds":
      return false;
    case "violates":
      // `violates refinement`: a step (or initial state) that is not one of the refined spec.
      if (v.kind === "refinement") return e.property === "refinement";
      return (v.kind === "invariant" || v.kind === "property") && v.property === e.property;
    case "deadlock":
      return v.kind === "deadlock";
    case "assertion":
      // The SpecError message may decorate the spec's text ("assertion failed: …"), so containment.
      return v.kind === "assertion" && (e.message === undefined || v.message.includes(e.message));
    case "lock_error":
      return v.kind === "lock_error";
    case "spec_error":
      return v.kind === "spec_error";
    default:
      return assertNever(e);
  }
}

/** `violates Inv`, `assertion "msg"`, … as written in a spec. */
export function describeExpectation(e: Expectation): string {
  switch (e.kind) {
    case "holds":
      return "holds";
    case "violates":
      return `violates ${e.property}`;
    case "deadlock":
      return "deadlock";
    case "assertion":
      return e.message === undefined ? "assertion" : `assertion ${JSON.stringify(e.message)}`;
    case "lock_error":
      return "lock_error";
    case "spec_error":
      return "spec_error";
    default:
      return assertNever(e);
  }
}

/** A short description of a violation: `invariant Inv violated`, `assertion "msg"`, … */
export function describeViolation(v: Violation): string {
  switch (v.kind) {
    case "invariant":
      return `invariant ${v.property ?? "?"} violated`;
    case "property":
      return `property ${v.property ?? "?"} violated`;
    case "deadlock":
      return "deadlock";
    case "assertion":
      return `assertion failure ${JSON.stringify(v.message)}`;
    case "lock_error":
      return `lock_error (${v.message})`;
    case "spec_error":
      return `spec_error (${v.message})`;
    case "refinement":
      return `refinement of ${v.refinement?.abstract ?? "the abstract spec"} violated`;
    default:
      return assertNever(v.kind);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
