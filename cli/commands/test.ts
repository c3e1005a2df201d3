/**
 * `spec2ts test [FILES…]`: every workload of every spec, exhaustive BFS, compared with its `expect`.
 * A counterexample is also replayed through the model (runtime `validateTrace`). Prints one table row
 * per workload as it finishes, then the failures in detail. Exit 0 only when every workload gives its
 * expected verdict; 2 when a spec has errors; 3 when interrupted.
 */
import {
  checkBfsAsync,
  describeExpectation,
  formatVerdict,
  judgeWorkload,
  tuneHeapForSearch,
  type LivenessResult,
  type CheckResult,
  type Expectation,
  type Model,
} from "../../runtime/index.js";
import { CliError, EXIT, type ExitCode } from "../exit.js";
import { withInterrupt } from "../interrupt.js";
import { loadSpec, type LoadedSpec } from "../load.js";
import { eprintln, err, int, out, println } from "../output.js";
import { PROGRESS_INTERVAL_MS, ProgressLine } from "../progress.js";
import { resolveSpecs } from "../specs.js";
import { runLiveness } from "../liveness.js";

export interface TestOptions {
  readonly maxSeconds?: number;
}

interface Row {
  readonly spec: string;
  readonly workload: string;
  readonly expected: string;
  actual: string;
  states: string;
  depth: string;
  seconds: string;
  ok: boolean;
}

const HEADERS = ["spec", "workload", "expected", "actual", "states", "depth", "seconds", ""] as const;
/** Numeric columns are right-aligned. */
const RIGHT = new Set([4, 5, 6]);

/** Runs the command; returns the exit code. */
export async function testCommand(args: readonly string[], opts: TestOptions): Promise<ExitCode> {
  const started = performance.now();
  const files = resolveSpecs(args);
  if (files.length === 0) throw new CliError(`no .tspec files found in ${args.length > 0 ? args.join(", ") : "specs/"}`);
  const loaded: { file: string; spec: LoadedSpec; models: Model<unknown>[] }[] = [];
  const broken: string[] = [];
  for (const file of files) {
    try {
      const { spec } = await loadSpec(file);
      loaded.push({ file, spec, models: spec.workloads.map((w) => spec.createModel(w)) });
    } catch (e) {
      if (!(e instanceof CliError && e.reported)) throw e;
      broken.push(file);
    }
  }
  tuneHeapForSearch();
  const widths = columnWidths(loaded.flatMap(({ file, models }) => models.map((m) => ({ file, model: m }))));
  println(out.bold(formatRow([...HEADERS], widths)));
  const failures: string[] = [];
  let passed = 0;
  let total = 0;
  let interrupted = false;
  await withInterrupt(async (signal) => {
    for (const { file, spec, models } of loaded) {
      for (const model of models) {
        const progress = new ProgressLine(process.stderr.isTTY === true, `${spec.name}/${model.workload}`);
        let result: CheckResult<unknown>;
        try {
          result = await checkBfsAsync(model, {
            signal,
            onProgress: progress.update,
            progressIntervalMs: PROGRESS_INTERVAL_MS,
            ...(opts.maxSeconds !== undefined ? { maxSeconds: opts.maxSeconds } : {}),
          });
        } finally {
          progress.clear();
        }
        if (result.limit === "interrupted") {
          interrupted = true;
          return;
        }
        total++;
        const live = runLiveness(model, result, { enabled: true, signal, ...(opts.maxSeconds !== undefined ? { maxSeconds: opts.maxSeconds } : {}) });
        const problems = judgeWorkload(model, result, live?.results);
        const ok = problems.length === 0;
        if (ok) passed++;
        else failures.push(failureReport(file, model, result, problems));
        const row = [
          file,
          model.workload,
          describeExpectation(model.expect),
          actualOf(result, live?.results),
          int(result.stats.distinctStates),
          String(result.stats.depth),
          result.stats.seconds.toFixed(2),
          ok ? out.green("ok") : out.red("FAIL"),
        ];
        println(formatRow(row, widths));
      }
    }
  });
  for (const f of failures) println(`\n${f}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const failed = total - passed;
  const summary =
    `${total} workload${total === 1 ? "" : "s"} in ${loaded.length} spec${loaded.length === 1 ? "" : "s"}: ` +
    `${passed} ok, ${failed} failed` +
    (broken.length > 0 ? `, ${broken.length} spec${broken.length === 1 ? "" : "s"} with errors` : "") +
    ` (${seconds} s)`;
  println();
  println(failed === 0 && broken.length === 0 && !interrupted ? out.green(summary) : out.red(summary));
  if (interrupted) {
    eprintln(err.yellow("Interrupted: the remaining workloads were not checked."));
    return EXIT.incomplete;
  }
  if (broken.length > 0) return EXIT.usage;
  return failed > 0 ? EXIT.failed : EXIT.ok;
}

/** The verdict in the vocabulary of `expect`: `holds`, `violates Inv`, `deadlock`, … */
function actualOf(r: CheckResult<unknown>, live?: readonly LivenessResult<unknown>[]): string {
  if (r.verdict === "incomplete") return `incomplete (${r.limit ?? "limit"})`;
  const v = r.violation;
  const broken = live?.filter((l) => l.verdict !== "holds").map((l) => (l.verdict === "violated" ? `violates ${l.property}` : `${l.property} ${l.verdict}`));
  if (v === undefined) return broken && broken.length ? broken.join(", ") : "holds";
  const e: Expectation =
    v.kind === "invariant" ? { kind: "violates", property: v.property ?? "?" } : v.kind === "assertion" ? { kind: "assertion" } : { kind: v.kind };
  return describeExpectation(e);
}

function failureReport(file: string, model: Model<unknown>, result: CheckResult<unknown>, problems: readonly string[]): string {
  const head = out.red(out.bold(`FAIL ${file} / ${model.workload}`));
  const rerun = out.dim(`  see the counterexample with: spec2ts check ${file} --workload ${model.workload}`);
  return [head, ...problems.map((p) => `  ${p}`), `  ${formatVerdict(result)}`, ...(result.violation ? [rerun] : [])].join("\n");
}

function columnWidths(rows: readonly { file: string; model: Model<unknown> }[]): number[] {
  const w = HEADERS.map((h) => h.length);
  const grow = (i: number, s: string): void => void (w[i] = Math.max(w[i] ?? 0, s.length));
  for (const { file, model } of rows) {
    grow(0, file);
    grow(1, model.workload);
    grow(2, describeExpectation(model.expect));
    grow(3, "holds");
    for (const inv of model.invariants) grow(3, `violates ${inv.name}`);
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
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, "").length;
}
