/**
 * `spec2ts test [FILES…]`: every workload of every spec, exhaustive BFS, then its temporal properties,
 * compared with its `expect`. A counterexample is also replayed through the model (runtime
 * `validateTrace`). Prints one table row per workload as it finishes (and one `error` row per spec
 * that does not compile, every spec being tried), then the failures in detail with the broken specs'
 * diagnostics. Exit 0 only when every workload gives its expected verdict; otherwise 70 when a spec
 * hit an internal error, 2 when a spec has errors, 1 when a workload is not as expected, 3 when an
 * expectation is unknown (a limit, or a property it depends on not checked) or the run was interrupted.
 * `--reporter junit|tap|json` prints a machine-readable report instead of the table (reporters.ts), or
 * writes it to `--output FILE` while the table is printed as usual.
 */
import {
  checkWorkload,
  describeExpectation,
  formatVerdict,
  propertiesOf,
  tuneHeapForSearch,
  type CheckResult,
  type Expectation,
  type Model,
  type RunVerdict,
  type WorkloadReport,
} from "../../runtime/index.js";
import { CliError, EXIT, specErrorMessage, type ExitCode } from "../exit.js";
import { withInterrupt } from "../interrupt.js";
import { loadSpec, type LoadedSpec } from "../load.js";
import { eprintln, err, int, out, println as printTable } from "../output.js";
import { PROGRESS_INTERVAL_MS, ProgressLine } from "../progress.js";
import { resolveSpecs } from "../specs.js";
import { singleLine } from "../terminal.js";
import { defaultMaxMemoryMb } from "../options.js";
import { overallVerdictLine, splitsVerdict } from "../liveness.js";
import { propertyTableLines } from "../per-property.js";
import { renderReport, stripAnsi, type ReporterName, type SpecErrorRecord, type WorkloadRecord } from "../reporters.js";
import { writeFileAtomic } from "../atomic-write.js";

export interface TestOptions {
  readonly maxSeconds?: number;
  /**
   * `--per-property`: search every workload with `continue` (every violation once) and print, under its
   * row, one line per invariant, temporal property, deadlock and failing statement.
   */
  readonly perProperty?: boolean;
  /** `--reporter`: `table` (default) or a machine-readable format. */
  readonly reporter?: "table" | ReporterName;
  /** `--output FILE`: write the report there (the table still goes to stdout). */
  readonly output?: string;
}

const HEADERS = ["spec", "workload", "expected", "actual", "states", "depth", "seconds", ""] as const;
/** Numeric columns are right-aligned. */
const RIGHT = new Set([4, 5, 6]);

/** Runs the command; returns the exit code. */
export async function testCommand(args: readonly string[], opts: TestOptions): Promise<ExitCode> {
  const reporter = opts.reporter === "table" ? undefined : opts.reporter;
  if (opts.output !== undefined && reporter === undefined) throw new CliError("--output writes a report: add --reporter junit, tap or json");
  // The table goes to stdout unless the report does.
  const println: (text?: string) => void = reporter !== undefined && opts.output === undefined ? () => {} : printTable;
  const startedAt = new Date();
  const started = performance.now();
  const records: WorkloadRecord[] = [];
  const files = resolveSpecs(args);
  if (files.length === 0) throw new CliError(`no .tspec files found in ${args.length > 0 ? args.join(", ") : "specs/"}`);
  const loaded: { file: string; spec: LoadedSpec; models: Model<unknown>[] }[] = [];
  // Every spec is tried: one that does not compile (or crashes the generator) is reported, not fatal.
  const broken: Broken[] = [];
  for (const file of files) {
    try {
      const { spec } = await loadSpec(file, { keepErrors: true });
      loaded.push({ file, spec, models: spec.workloads.map((w) => spec.createModel(w)) });
    } catch (e) {
      broken.push(brokenSpec(file, e));
    }
  }
  tuneHeapForSearch();
  const widths = columnWidths(
    loaded.flatMap(({ file, models }) => models.map((m) => ({ file, model: m }))),
    broken,
  );
  println(out.bold(formatRow([...HEADERS], widths)));
  for (const b of broken) println(formatRow([singleLine(b.file), "—", "—", "error", "", "", "", out.red(b.internal ? "INTERNAL ERROR" : "ERROR")], widths));
  const failures: string[] = broken.map(brokenReport);
  let passed = 0;
  let unknown = 0;
  let total = 0;
  let interrupted = false;
  await withInterrupt(async (signal) => {
    for (const { file, spec, models } of loaded) {
      for (const model of models) {
        const progress = new ProgressLine(process.stderr.isTTY === true, `${spec.name}/${model.workload}`);
        let report: WorkloadReport<unknown>;
        try {
          // Exact counts (no symmetry), sequential, the properties checked on the graph the search records.
          report = await checkWorkload(model, {
            symmetry: false,
            signal,
            onProgress: progress.update,
            progressIntervalMs: PROGRESS_INTERVAL_MS,
            ...(opts.maxSeconds !== undefined ? { maxSeconds: opts.maxSeconds } : {}),
            ...(opts.perProperty === true ? { continue: true } : {}),
            maxMemoryBytes: defaultMaxMemoryMb() * 1024 * 1024,
          });
        } finally {
          progress.clear();
        }
        const { result, run } = report;
        if (result.limit === "interrupted") {
          interrupted = true;
          return;
        }
        total++;
        if (run.expectation === "met") passed++;
        else if (run.expectation === "unknown") unknown++;
        const details = run.expectation !== "met" ? failureReport(file, model, result, run, opts.perProperty === true) : undefined;
        if (details !== undefined) failures.push(details);
        records.push({
          file,
          spec: spec.name,
          workload: model.workload,
          expected: describeExpectation(model.expect),
          actual: actualOf(result, run),
          status: run.expectation === "met" ? "ok" : run.expectation === "unknown" ? "unknown" : "failed",
          states: result.stats.distinctStates,
          depth: result.stats.depth,
          seconds: result.stats.seconds,
          problems: run.problems,
          ...(details !== undefined ? { details: stripAnsi(details) } : {}),
        });
        const row = [
          singleLine(file),
          model.workload,
          describeExpectation(model.expect),
          actualOf(result, run),
          int(result.stats.distinctStates),
          String(result.stats.depth),
          result.stats.seconds.toFixed(2),
          run.expectation === "met" ? out.green("ok") : run.expectation === "unknown" ? out.yellow("UNKNOWN") : out.red("FAIL"),
        ];
        println(formatRow(row, widths));
        if (opts.perProperty === true) println(propertyTableLines(model, result, run, "    ").join("\n"));
      }
    }
  });
  for (const f of failures) println(`\n${f}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const failed = total - passed - unknown;
  const summary =
    `${total} workload${total === 1 ? "" : "s"} in ${loaded.length} spec${loaded.length === 1 ? "" : "s"}: ` +
    `${passed} ok, ${failed} failed` +
    (unknown > 0 ? `, ${unknown} unknown` : "") +
    (broken.length > 0 ? `, ${broken.length} spec${broken.length === 1 ? "" : "s"} with errors` : "") +
    ` (${seconds} s)`;
  println();
  println(failed === 0 && unknown === 0 && broken.length === 0 && !interrupted ? out.green(summary) : out.red(summary));
  if (interrupted) eprintln(err.yellow("Interrupted: the remaining workloads were not checked."));
  const code: ExitCode = broken.some((b) => b.internal)
    ? EXIT.internal
    : broken.length > 0
      ? EXIT.usage
      : failed > 0
        ? EXIT.failed
        : interrupted || unknown > 0
          ? EXIT.incomplete
          : EXIT.ok;
  if (reporter !== undefined) {
    const errors: SpecErrorRecord[] = broken.map((b) => ({ file: b.file, internal: b.internal, details: stripAnsi(b.details) }));
    const report = renderReport(reporter, {
      workloads: records,
      errors,
      specs: loaded.length,
      interrupted,
      seconds: (performance.now() - started) / 1000,
      started: startedAt,
      exitCode: code,
    });
    if (opts.output === undefined) process.stdout.write(report);
    else {
      writeFileAtomic(opts.output, report);
      eprintln(out.dim(`wrote the ${reporter} report to ${opts.output}`));
    }
  }
  return code;
}

/** A spec that could not be loaded: its diagnostics, or the message of an internal error. */
interface Broken {
  readonly file: string;
  readonly internal: boolean;
  readonly details: string;
}

function brokenSpec(file: string, e: unknown): Broken {
  const spec = specErrorMessage(e);
  if (spec !== undefined) return { file, internal: false, details: `error: ${spec}` };
  if (e instanceof CliError && e.exitCode !== EXIT.internal) {
    return { file, internal: false, details: e.details ?? (e.reported ? "its diagnostics are printed above" : e.message) };
  }
  const message = e instanceof Error ? e.message : String(e);
  return {
    file,
    internal: true,
    details: `internal error: ${message}\nthis is a bug in spec2ts; please report it with the spec (check it alone, with SPEC2TS_DEBUG=1, for the stack trace)`,
  };
}

function brokenReport(b: Broken): string {
  const head = out.red(out.bold(`${b.internal ? "INTERNAL ERROR" : "ERROR"} ${singleLine(b.file)}: the spec does not compile`));
  return [
    head,
    ...b.details
      .trimEnd()
      .split("\n")
      .map((l) => `  ${l}`),
  ].join("\n");
}

/** The verdict in the vocabulary of `expect`: `holds`, `violates Inv`, `deadlock`, …; what was not checked says so. */
function actualOf(r: CheckResult<unknown>, run: RunVerdict<unknown>): string {
  if (r.verdict === "incomplete") return `incomplete (${r.limit ?? "limit"})`;
  const v = r.violation;
  const bad = run.properties.filter((p) => p.verdict !== "holds" && (v === undefined || p.verdict === "violated"));
  const props = bad.map((p) => (p.verdict === "violated" ? `violates ${p.property}` : `${p.property} ${p.verdict}`));
  if (v === undefined) return props.length ? props.join(", ") : "holds";
  const e: Expectation =
    v.kind === "invariant" || v.kind === "property"
      ? { kind: "violates", property: v.property ?? "?" }
      : v.kind === "refinement"
        ? { kind: "violates", property: "refinement" }
        : v.kind === "assertion"
          ? { kind: "assertion" }
          : { kind: v.kind };
  return [describeExpectation(e), ...props].join(", ");
}

function failureReport(file: string, model: Model<unknown>, result: CheckResult<unknown>, run: RunVerdict<unknown>, continued: boolean): string {
  const head =
    run.expectation === "unknown"
      ? out.yellow(out.bold(`UNKNOWN ${singleLine(file)} / ${model.workload}`))
      : out.red(out.bold(`FAIL ${singleLine(file)} / ${model.workload}`));
  const rerun = out.dim(
    `  see the counterexample${continued ? "s" : ""} with: spec2ts check ${singleLine(file)} --workload ${model.workload}${continued ? " --continue" : ""}`,
  );
  const shown = result.violation !== undefined || run.properties.some((p) => p.verdict === "violated");
  // With properties, the search's line is the safety part; one more line gives the verdict over all of it.
  const verdict = splitsVerdict(run, result)
    ? [formatVerdict(result).replace(/^Verdict:/, "Safety:"), overallVerdictLine(run, result)]
    : [formatVerdict(result)];
  return [head, ...run.problems.map((p) => `  ${p}`), ...verdict.map((l) => `  ${l}`), ...(shown ? [rerun] : [])].join("\n");
}

function columnWidths(rows: readonly { file: string; model: Model<unknown> }[], broken: readonly Broken[]): number[] {
  const w = HEADERS.map((h) => h.length);
  const grow = (i: number, s: string): void => void (w[i] = Math.max(w[i] ?? 0, s.length));
  for (const b of broken) grow(0, singleLine(b.file));
  for (const { file, model } of rows) {
    grow(0, singleLine(file));
    grow(1, model.workload);
    grow(2, describeExpectation(model.expect));
    grow(3, "holds");
    for (const inv of model.invariants) grow(3, `violates ${inv.name}`);
    for (const p of propertiesOf(model)) grow(3, `violates ${p.name}`);
  }
  grow(4, "000,000,000");
  grow(6, "0000.00");
  return w;
}

/** Columns padded to `widths` (ANSI colour codes do not count), separated by two spaces. */
function formatRow(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((c, i) => {
      const pad = " ".repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(c)));
      return i === cells.length - 1 ? c : RIGHT.has(i) ? pad + c : c + pad;
    })
    .join("  ")
    .trimEnd();
}

function visibleLength(s: string): number {
  return s.replace(/\x1b\[[0-9;]*m/g, "").length;
}
