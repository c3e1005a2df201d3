/**
 * Helpers for the checker tests: run the front end (link + check, exactly as `checkFile` does) on
 * in-memory files, and look at the diagnostic codes.
 */
import * as path from "node:path";
import { checkSpec } from "../../generator/check/check.js";
import type { CheckedSpec } from "../../generator/check/checked.js";
import { linkSpec } from "../../generator/check/link.js";
import { hasErrors, type Diagnostic } from "../../generator/diagnostics/diagnostic.js";

/** Virtual directory that in-memory specs live in. */
const ROOT = path.resolve("/virtual-specs");

export interface Result {
  readonly diagnostics: readonly Diagnostic[];
  readonly checked?: CheckedSpec;
  /** All codes, in report order. */
  readonly codes: readonly string[];
  /** Error codes only, sorted and deduplicated. */
  readonly errors: readonly string[];
  /** Warning codes only, sorted and deduplicated. */
  readonly warnings: readonly string[];
}

/** Checks `files[main]` (a single string is `main.tspec`); other entries are files it may extend. */
export function check(files: string | Record<string, string>, main = "main.tspec"): Result {
  const fs = typeof files === "string" ? { [main]: files } : files;
  const byPath = new Map(Object.entries(fs).map(([k, v]) => [path.resolve(ROOT, k), v] as const));
  const readFile = (p: string): string => {
    const t = byPath.get(path.resolve(p));
    if (t === undefined) throw new Error(`ENOENT: ${p}`);
    return t;
  };
  const linked = linkSpec(path.resolve(ROOT, main), readFile);
  let diagnostics: readonly Diagnostic[] = linked.diagnostics;
  let checked: CheckedSpec | undefined;
  if (linked.spec && !hasErrors(linked.diagnostics)) {
    const r = checkSpec(linked.spec);
    diagnostics = [...diagnostics, ...r.diagnostics];
    checked = r.checked;
  }
  const codes = diagnostics.map((d) => d.code);
  const uniq = (sev: string): string[] => [...new Set(diagnostics.filter((d) => d.severity === sev).map((d) => d.code))].sort();
  return { diagnostics, codes, errors: uniq("error"), warnings: uniq("warning"), ...(checked ? { checked } : {}) };
}

/** Error codes of `spec T` + `body` (sorted, unique). */
export function errors(body: string): readonly string[] {
  return check(`spec T\n${body}\n`).errors;
}

/** Warning codes of `spec T` + `body`. */
export function warnings(body: string): readonly string[] {
  return check(`spec T\n${body}\n`).warnings;
}

/** The checked spec of `spec T` + `body`; fails (throws with the messages) on any error. */
export function ok(body: string | Record<string, string>): CheckedSpec {
  const r = check(typeof body === "string" ? `spec T\n${body}\n` : body);
  const errs = r.diagnostics.filter((d) => d.severity === "error");
  if (errs.length > 0 || !r.checked) {
    throw new Error(`expected no errors, got:\n${errs.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`).join("\n")}`);
  }
  return r.checked;
}

/** A process that keeps specs from warning "no processes" (W103). */
export const PROC = `
process Main[self in 1..2] {
  Start: skip;
}
`;
