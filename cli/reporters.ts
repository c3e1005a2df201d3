/**
 * Machine-readable reports of `spec2ts test` (`--reporter junit|tap|json`): one test case per workload
 * (its `expect` against the checker's verdict), and one per spec that does not compile. The formats
 * are documented in docs/cli.md ("Reports for CI").
 *
 * - JUnit XML: valid per the common (Jenkins xunit junit-10.xsd) schema: `<testsuites>` with one
 *   `<testsuite>` per spec file, one `<testcase>` per workload; a workload whose verdict is not its
 *   expectation has a `<failure>`, one whose expectation is unknown (a limit, a property not checked)
 *   and a spec that does not compile have an `<error>`.
 * - TAP version 13: `ok` / `not ok` per workload, a YAML block with the details of each `not ok`.
 * - JSON: `{ "format": "spec2ts-test", "version": 1, summary, workloads, errors }`.
 */
import * as os from "node:os";

/** One workload's outcome. */
export interface WorkloadRecord {
  /** The spec file (display path). */
  readonly file: string;
  /** The spec's name (`spec Name`). */
  readonly spec: string;
  readonly workload: string;
  /** The expectation, in the language's words (`holds`, `violates Inv`, …). */
  readonly expected: string;
  /** The verdict in the same words (`incomplete (maxSeconds)` when the search stopped). */
  readonly actual: string;
  /** `ok`: as expected; `failed`: not; `unknown`: could not be judged (a limit, a property not checked). */
  readonly status: "ok" | "failed" | "unknown";
  readonly states: number;
  readonly depth: number;
  readonly seconds: number;
  /** Why the status is not `ok` (empty when it is). */
  readonly problems: readonly string[];
  /** The failure report as the table prints it (no colours), when not `ok`. */
  readonly details?: string;
}

/** A spec that could not be loaded. */
export interface SpecErrorRecord {
  readonly file: string;
  /** An internal error (a bug in spec2ts) rather than errors in the spec. */
  readonly internal: boolean;
  /** The diagnostics or the error message (no colours). */
  readonly details: string;
}

/** A whole run. */
export interface TestReport {
  readonly workloads: readonly WorkloadRecord[];
  readonly errors: readonly SpecErrorRecord[];
  /** Specs loaded (those with errors not counted). */
  readonly specs: number;
  readonly interrupted: boolean;
  readonly seconds: number;
  /** When the run started. */
  readonly started: Date;
  readonly exitCode: number;
}

export type ReporterName = "junit" | "tap" | "json";
export const REPORTERS: readonly ReporterName[] = ["junit", "tap", "json"];

export function renderReport(name: ReporterName, r: TestReport): string {
  return name === "junit" ? junit(r) : name === "tap" ? tap(r) : json(r);
}

/** Removes ANSI colour codes. */
export function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-9;]*m/g, "");
}

// ---- JSON

function json(r: TestReport): string {
  const count = (s: WorkloadRecord["status"]): number => r.workloads.filter((w) => w.status === s).length;
  return (
    JSON.stringify(
      {
        format: "spec2ts-test",
        version: 1,
        summary: {
          workloads: r.workloads.length,
          specs: r.specs,
          ok: count("ok"),
          failed: count("failed"),
          unknown: count("unknown"),
          specErrors: r.errors.length,
          interrupted: r.interrupted,
          seconds: round(r.seconds),
          exitCode: r.exitCode,
        },
        workloads: r.workloads.map((w) => ({
          file: w.file,
          spec: w.spec,
          workload: w.workload,
          expected: w.expected,
          actual: w.actual,
          status: w.status,
          states: w.states,
          depth: w.depth,
          seconds: round(w.seconds),
          problems: w.problems,
        })),
        errors: r.errors.map((e) => ({ file: e.file, internal: e.internal, details: e.details })),
      },
      null,
      2,
    ) + "\n"
  );
}

function round(s: number): number {
  return Math.round(s * 1000) / 1000;
}

// ---- TAP 13

function tap(r: TestReport): string {
  const lines = ["TAP version 13", `1..${r.errors.length + r.workloads.length}`];
  let n = 0;
  for (const e of r.errors) {
    lines.push(`not ok ${++n} - ${tapText(e.file)}: the spec does not compile`);
    lines.push(
      ...yamlBlock([
        ["severity", e.internal ? "internal error" : "error"],
        ["details", e.details],
      ]),
    );
  }
  for (const w of r.workloads) {
    const title = `${tapText(w.file)} / ${tapText(w.workload)}`;
    if (w.status === "ok") {
      lines.push(`ok ${++n} - ${title}: ${tapText(w.actual)} (${w.states} states, ${w.seconds.toFixed(2)} s)`);
      continue;
    }
    lines.push(`not ok ${++n} - ${title}: ${w.status === "unknown" ? "expectation unknown" : "not as expected"}`);
    lines.push(
      ...yamlBlock([
        ["expected", w.expected],
        ["actual", w.actual],
        ["states", String(w.states)],
        ["depth", String(w.depth)],
        ["seconds", w.seconds.toFixed(2)],
        ["problems", w.problems.join("\n")],
        ...(w.details !== undefined ? ([["details", w.details]] as [string, string][]) : []),
      ]),
    );
  }
  if (r.interrupted) lines.push("Bail out! Interrupted: the remaining workloads were not checked.");
  return lines.join("\n") + "\n";
}

/** A TAP description: `#` would start a directive, a newline would end the line. */
function tapText(s: string): string {
  return s.replace(/[\r\n]+/g, " ").replace(/#/g, "\\#");
}

/** A TAP 13 YAML diagnostic block (indented two spaces); multi-line values as literal blocks. */
function yamlBlock(fields: readonly (readonly [string, string])[]): string[] {
  const out = ["  ---"];
  for (const [k, v] of fields) {
    if (v.includes("\n") || v === "" || /^[\s>|&*!%@`'"{[\-?:,#]|: | #|\s$/.test(v)) {
      if (v === "") out.push(`  ${k}: ""`);
      else out.push(`  ${k}: |-`, ...v.split("\n").map((l) => `    ${l}`.trimEnd()));
    } else out.push(`  ${k}: ${v}`);
  }
  out.push("  ...");
  return out;
}

// ---- JUnit XML

function junit(r: TestReport): string {
  const timestamp = r.started.toISOString().replace(/\.\d+Z$/, "");
  const hostname = os.hostname() || "localhost";
  const files = [...new Set([...r.errors.map((e) => e.file), ...r.workloads.map((w) => w.file)])];
  const failures = r.workloads.filter((w) => w.status === "failed").length;
  const errors = r.workloads.filter((w) => w.status === "unknown").length + r.errors.length;
  const total = r.workloads.length + r.errors.length;
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="spec2ts test" tests="${total}" failures="${failures}" errors="${errors}" time="${r.seconds.toFixed(3)}">`,
  ];
  files.forEach((file, id) => {
    const ws = r.workloads.filter((w) => w.file === file);
    const es = r.errors.filter((e) => e.file === file);
    const name = ws[0]?.spec ?? file;
    const time = ws.reduce((t, w) => t + w.seconds, 0);
    out.push(
      `  <testsuite name="${attr(file)}" tests="${ws.length + es.length}" failures="${ws.filter((w) => w.status === "failed").length}" errors="${ws.filter((w) => w.status === "unknown").length + es.length}" skipped="0" time="${time.toFixed(3)}" timestamp="${timestamp}" hostname="${attr(hostname)}" id="${id}" package="${attr(name)}" file="${attr(file)}">`,
    );
    for (const e of es) {
      out.push(`    <testcase name="compile" classname="${attr(file)}" time="0.000">`);
      out.push(
        `      <error message="${attr(e.internal ? "internal error in spec2ts" : "the spec does not compile")}" type="${e.internal ? "InternalError" : "SpecError"}">${text(e.details)}</error>`,
      );
      out.push(`    </testcase>`);
    }
    for (const w of ws) {
      const head = `    <testcase name="${attr(`workload ${w.workload}`)}" classname="${attr(`${w.spec} (${w.file})`)}" time="${w.seconds.toFixed(3)}"`;
      if (w.status === "ok") {
        out.push(`${head}/>`);
        continue;
      }
      const message = `expected ${w.expected}, got ${w.actual}`;
      const body = text([...w.problems, ...(w.details !== undefined ? ["", w.details] : [])].join("\n"));
      const tag = w.status === "failed" ? "failure" : "error";
      out.push(
        `${head}>`,
        `      <${tag} message="${attr(message)}" type="${w.status === "failed" ? "NotAsExpected" : "ExpectationUnknown"}">${body}</${tag}>`,
        `    </testcase>`,
      );
    }
    out.push(`  </testsuite>`);
  });
  out.push(`</testsuites>`);
  return out.join("\n") + "\n";
}

/** Characters XML 1.0 cannot hold at all (control characters other than tab, newline, return; lone surrogates). */
function xmlSafe(s: string): string {
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

function text(s: string): string {
  return xmlSafe(stripAnsi(s)).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(s: string): string {
  return text(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
