/**
 * Counterexample output shared by `check` and `simulate`: the human formats (swimlanes, the numbered
 * list, Mermaid), the fewest-preemptions pass, the files written on request (`--itf`, `--emit-test`)
 * and the step coverage report (`--coverage`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  formatMermaid,
  formatResult,
  formatResultSwimlane,
  formatVerdict,
  withFewestPreemptions as fewestPreemptions,
  pinTrace,
  traceToItf,
  stringifyItf,
  type CheckResult,
  type Model,
  type RunVerdict,
} from "../runtime/index.js";
import { describeFailure, traceNotes } from "../runtime/search/format.js";
import { tracePageData, type TracePageData } from "../runtime/report/page-data.js";
import { renderTracePage } from "../runtime/report/trace-page.js";
import { lineCommentText, stringLiteral } from "../generator/emit/escape.js";
import { writeFileAtomic } from "./atomic-write.js";
import { checkOutputTarget } from "./output-paths.js";
import { eprintln, int, out, println } from "./output.js";
import { relativeSpecifier, runtimeImportOptions } from "./paths.js";

/** `--format`: how the counterexample is printed. */
export type TraceFormat = "swimlane" | "list" | "mermaid";
export const TRACE_FORMATS: readonly TraceFormat[] = ["swimlane", "list", "mermaid"];

/** Options of the trace output flags. */
export interface TraceOutputOptions {
  readonly format?: TraceFormat;
  readonly full?: boolean;
  readonly quiet?: boolean;
}

/** The width to lay swimlanes out in: the terminal's, else `COLUMNS`, else 100. */
export function outputWidth(): number {
  const cols = process.stdout.isTTY === true ? process.stdout.columns : undefined;
  if (cols !== undefined && cols > 0) return cols;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : 100;
}

/** Verdict, statistics and counterexample as text in the chosen human format (not mermaid). */
export function renderHuman(model: Model<unknown>, result: CheckResult<unknown>, opts: TraceOutputOptions): string {
  if (opts.quiet === true) return formatVerdict(result);
  const full = opts.full === true;
  if (opts.format !== "list") {
    const lanes = formatResultSwimlane(model, result, { width: outputWidth(), full });
    if (lanes !== undefined) return lanes;
  }
  return formatResult(model, result, { full });
}

/**
 * A markdown section for `--format mermaid`: heading, verdict and the fenced `sequenceDiagram`. With
 * `overall` (the verdict over safety and the temporal properties), the search's line reads `Safety:`.
 */
export function renderMermaid(specName: string, model: Model<unknown>, result: CheckResult<unknown>, overall?: string): string {
  const verdict = overall === undefined ? [formatVerdict(result)] : [formatVerdict(result).replace(/^Verdict:/, "Safety:"), overall];
  const lines = [`### ${specName} / ${model.workload}`, "", ...verdict];
  if (result.violation !== undefined && result.trace !== undefined) lines.push("", formatMermaid(model, result, { fence: true }));
  return lines.join("\n");
}

/** The fewest-preemptions pass for a BFS counterexample (other results unchanged). */
export function withFewestPreemptions(model: Model<unknown>, result: CheckResult<unknown>, enabled: boolean): CheckResult<unknown> {
  return enabled ? fewestPreemptions(model, result) : result;
}

/** `trace.itf.json` → `trace.WORKLOAD.itf.json` when several workloads write files. */
export function perWorkload(file: string, workload: string, several: boolean): string {
  if (!several) return file;
  const m = /^(.*?)((\.itf)?\.json|\.test\.ts|\.ts|\.html)?$/.exec(file);
  const stem = m?.[1] ?? file;
  return `${stem}.${workload}${m?.[2] ?? ""}`;
}

/** Writes the counterexample as ITF JSON; returns the file written, or undefined when there is no trace. */
export function writeItf(file: string, model: Model<unknown>, result: CheckResult<unknown>, specFile: string): string | undefined {
  if (result.violation === undefined || result.trace === undefined) return undefined;
  const doc = traceToItf(model, result, { source: specFile, spec: model.spec });
  writeFile(file, stringifyItf(doc));
  return file;
}

/** How a file written into `dir` imports the runtime: this package's by a relative path, others by `spec2ts/runtime`. */
function runtimeImportOf(dir: string): string {
  const r = runtimeImportOptions(dir);
  return "runtimeImport" in r ? r.runtimeImport : relativeSpecifier(dir, path.resolve(r.runtimeDir, "index.js"));
}

/**
 * Writes a vitest file that replays the counterexample through the model and expects the violation.
 * The model is imported by a relative path from `modelDir` (generated/… when the spec's generated code
 * is current, else the cache).
 */
export function writeEmittedTest(
  file: string,
  model: Model<unknown>,
  result: CheckResult<unknown>,
  specName: string,
  specFile: string,
  modelDir: string,
): string | undefined {
  if (result.violation === undefined || result.trace === undefined) return undefined;
  const dir = path.dirname(path.resolve(file));
  const rel = (p: string): string => {
    const r = path.relative(dir, path.resolve(p)).split(path.sep).join("/");
    return r.startsWith(".") ? r : `./${r}`;
  };
  const pinned = pinTrace(model, result);
  const v = result.violation;
  const what = v.kind === "invariant" ? `violates ${v.property ?? "?"}` : v.kind === "deadlock" ? "deadlocks" : `raises ${v.kind}`;
  const text = [
    `// Pinned by \`spec2ts check --emit-test\` from ${lineCommentText(specFile)}, workload ${model.workload}: a counterexample`,
    `// (${result.trace.length} states) replayed step by step through the generated model. It passes while the spec`,
    `// still ${what} along this schedule; regenerate it (or delete it) once the bug is fixed.`,
    `import { describe, expect, it } from "vitest";`,
    `import { replayPinned, type PinnedTrace } from ${stringLiteral(runtimeImportOf(dir))};`,
    `import { createModel } from ${stringLiteral(rel(path.join(modelDir, "model.js")))};`,
    ``,
    `const counterexample: PinnedTrace = {`,
    `  steps: [`,
    ...pinned.steps.map((s) => `    ${jsLiteral(s)},`),
    `  ],`,
    `  violation: ${jsLiteral(pinned.violation)},`,
    `};`,
    ``,
    `describe(${stringLiteral(`${specName} / ${model.workload}: pinned counterexample`)}, () => {`,
    `  it(${stringLiteral(`still ${what} after ${pinned.steps.length} steps`)}, () => {`,
    `    const { problems } = replayPinned(createModel(${stringLiteral(model.workload)}), counterexample);`,
    `    expect(problems).toEqual([]);`,
    `  });`,
    `});`,
    ``,
  ].join("\n");
  writeFile(file, text);
  return file;
}

/**
 * `--html FILE`: the counterexample (or, without one, the first violated temporal property's trace or
 * lasso) as a self-contained web page; undefined when there is nothing to show.
 */
export function writeHtml(file: string, model: Model<unknown>, result: CheckResult<unknown>, run: RunVerdict<unknown>, specName: string): string | undefined {
  const title = `${specName} / ${model.workload}`;
  const readSource = (f: string): string | undefined => {
    try {
      return fs.readFileSync(f, "utf8");
    } catch {
      return undefined;
    }
  };
  let data: TracePageData | undefined;
  if (result.violation !== undefined && result.trace !== undefined) {
    data = tracePageData(model, {
      title,
      verdict: formatVerdict(result).replace(/^Verdict: /, ""),
      failure: [...describeFailure(model, result.violation, result.trace), ...traceNotes(model, result.trace)],
      trace: result.trace,
      readSource,
    });
  } else {
    const p = run.properties.find((x) => x.counterexample !== undefined || x.result?.lasso !== undefined);
    const lasso = p?.result?.lasso;
    if (p?.counterexample?.trace !== undefined) {
      data = tracePageData(model, {
        title,
        verdict: `property ${p.property} violated`,
        failure: [p.message, ...traceNotes(model, p.counterexample.trace)],
        trace: p.counterexample.trace,
        readSource,
      });
    } else if (p !== undefined && lasso !== undefined) {
      const trace = [...lasso.prefix, ...lasso.cycle];
      data = tracePageData(model, {
        title,
        verdict: `property ${p.property} violated (lasso)`,
        failure: [
          p.message,
          lasso.stutter ? "The behaviour stops at the last state and stays there forever." : `The cycle returns to state ${lasso.loopIndex}.`,
          ...traceNotes(model, trace),
        ],
        trace,
        cycleFrom: lasso.prefix.length,
        loopIndex: lasso.loopIndex,
        readSource,
      });
    }
  }
  if (data === undefined) return undefined;
  writeFile(file, renderTracePage(data));
  return file;
}

/** `--coverage`: every step with its fire count; never-fired steps flagged. */
/** Prints the coverage report (`--coverage`): counts on stdout, never-fired steps as warnings on stderr. */
export function printCoverage(model: Model<unknown>, result: CheckResult<unknown>): void {
  const c = coverageLines(model, result);
  println(c.lines.join("\n"));
  for (const w of c.warnings) eprintln(out.yellow(w));
}

export function coverageLines(model: Model<unknown>, result: CheckResult<unknown>): { lines: string[]; warnings: string[] } {
  const counts = result.coverage.counts;
  const nameW = Math.max(4, ...model.steps.map((s) => stepLabel(s).length));
  const countW = Math.max(5, ...counts.map((c) => int(c).length));
  const running = new Set(model.instances.map((i) => i.process));
  // A label of a process the workload does not run cannot fire: not worth a warning.
  const absent = (s: { readonly process?: string }): boolean => s.process !== undefined && !running.has(s.process);
  const stopped = result.complete ? "" : result.verdict === "violated" ? ", up to the violation" : ", search not exhaustive";
  const lines = [`Coverage (${model.steps.length} steps; times each fired${stopped}):`];
  model.steps.forEach((s, i) => {
    const c = counts[i] ?? 0;
    const note = c > 0 ? "" : absent(s) ? "  (process not in this workload)" : "  never fired";
    lines.push(`  ${int(c).padStart(countW)}  ${stepLabel(s).padEnd(nameW)}  ${s.loc}${note}`);
  });
  const warnings = result.coverage.neverFired.filter((s) => !absent(s)).map((s) => `warning: step ${stepLabel(s)} (${s.loc}) never fired`);
  return { lines, warnings };
}

function stepLabel(s: { readonly name: string; readonly process?: string }): string {
  return s.process !== undefined ? `${s.process}.${s.name}` : s.name;
}

/** `{ process: "P[1]", step: "B4" }`: JSON with identifier keys unquoted (as prettier would print it). */
function jsLiteral(v: unknown): string {
  if (typeof v === "string") return stringLiteral(v);
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(jsLiteral).join(", ")}]`;
  const entries = Object.entries(v as Record<string, unknown>).map(
    ([k, x]) => `${/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : stringLiteral(k)}: ${jsLiteral(x)}`,
  );
  return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
}

/**
 * Refuses (CliError, exit 2) `--itf` / `--emit-test` targets that would replace a spec, an input or a
 * file spec2ts did not write (unless `--force`); called before the search, so nothing runs in vain.
 */
export function checkTraceOutputs(
  opts: { readonly itf?: string; readonly emitTest?: string; readonly html?: string; readonly force?: boolean },
  workloads: readonly string[],
  inputs: readonly string[],
): void {
  const several = workloads.length > 1;
  for (const w of workloads) {
    if (opts.html !== undefined) checkOutputTarget(perWorkload(opts.html, w, several), "html", "--html", inputs, opts.force === true);
    if (opts.itf !== undefined) checkOutputTarget(perWorkload(opts.itf, w, several), "itf", "--itf", inputs, opts.force === true);
    if (opts.emitTest !== undefined) checkOutputTarget(perWorkload(opts.emitTest, w, several), "emit-test", "--emit-test", inputs, opts.force === true);
  }
}

/** Writes a file atomically (creating its directory); an IoError (exit 2) when it cannot. */
export function writeOutputFile(file: string, text: string): void {
  writeFile(file, text);
}

function writeFile(file: string, text: string): void {
  writeFileAtomic(file, text);
}
