/**
 * The per-property report (`check --continue`, `test --per-property`): one row per invariant,
 * temporal property, deadlock and failing statement, with its own verdict and counterexample length,
 * and the files and names used for one counterexample per violation.
 */
import { propertyRows, type CheckResult, type FoundViolation, type Model, type PropertyRow, type RunVerdict } from "../runtime/index.js";
import { out } from "./output.js";

/** A `continue` result narrowed to one of its violations (for rendering and ITF export). */
export function asSingle(result: CheckResult<unknown>, f: FoundViolation<unknown>): CheckResult<unknown> {
  const { violations: _all, ...rest } = result;
  void _all;
  return { ...rest, verdict: "violated", violation: f.violation, trace: f.trace };
}

/** `holds`, `violated (9 states)`, `not checked`: the result cell of a row. */
export function rowResult(r: PropertyRow): string {
  if (r.verdict === "violated") return `violated${r.traceLength !== undefined ? ` (${r.traceLength} state${r.traceLength === 1 ? "" : "s"})` : ""}`;
  return r.verdict;
}

const KIND: Record<PropertyRow["kind"], string> = {
  invariant: "invariant",
  property: "temporal",
  deadlock: "deadlock",
  refinement: "refinement",
  assertion: "assertion",
  lock_error: "lock error",
  spec_error: "spec error",
  errors: "steps",
};

/** The table, indented by `indent`: kind, name, result, and for what was not checked, why. */
export function propertyTableLines(model: Model<unknown>, result: CheckResult<unknown>, run: RunVerdict<unknown>, indent = ""): string[] {
  const rows = propertyRows(model, result, run);
  const cells = rows.map((r) => [KIND[r.kind], r.name, rowResult(r), r.verdict === "not checked" || r.verdict === "incomplete" ? r.message : ""] as const);
  const head = ["kind", "name", "result", ""] as const;
  const w = [0, 1, 2].map((i) => Math.max(head[i]?.length ?? 0, ...cells.map((c) => (c[i] as string).length)));
  const paint = (r: PropertyRow | undefined, s: string): string =>
    r === undefined ? out.bold(s) : r.verdict === "holds" ? out.green(s) : r.verdict === "violated" ? out.red(s) : out.yellow(s);
  const line = (c: readonly string[], r: PropertyRow | undefined): string =>
    `${indent}${(c[0] ?? "").padEnd(w[0] ?? 0)}  ${(c[1] ?? "").padEnd(w[1] ?? 0)}  ${paint(r, (c[2] ?? "").padEnd(w[2] ?? 0))}${c[3] ? `  ${out.dim(c[3])}` : ""}`.trimEnd();
  return [line(head, undefined), ...cells.map((c, i) => line(c, rows[i]))];
}

/** A file-name-safe label for a violation: the invariant or property name, `deadlock`, or kind and line. */
export function violationLabel(f: FoundViolation<unknown>): string {
  const v = f.violation;
  if ((v.kind === "invariant" || v.kind === "property") && v.property !== undefined) return sanitize(v.property);
  if (v.kind === "deadlock") return "deadlock";
  const line = /:(\d+)(?::\d+)?$/.exec(v.loc ?? "")?.[1];
  return sanitize(`${v.kind}${v.property !== undefined ? `-${v.property}` : ""}${line !== undefined ? `-line${line}` : ""}`);
}

function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]+/g, "_");
}

/** `trace.itf.json` → `trace.LABEL.itf.json`: one file per violation of a `--continue` run. */
export function perViolation(file: string, label: string): string {
  const m = /^(.*?)((\.itf)?\.json)?$/.exec(file);
  return `${m?.[1] ?? file}.${label}${m?.[2] ?? ""}`;
}
