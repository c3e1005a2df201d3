/**
 * `spec2ts check FILE`: exhaustive BFS (or depth-bounded DFS with `--dfs`) of one workload or of every
 * workload in turn. Prints the verdict, statistics, the counterexample and whether the verdict is what
 * the workload expects; or, with `--json`, one JSON document `{ "version": 1, "workloads": [...] }`
 * with an object per workload (docs/schema/check-json.schema.json).
 */
import {
  checkWorkload,
  describeExpectation,
  describeViolation,
  propertyRows,
  MAX_PERMUTATIONS,
  resultToJson,
  symmetryApplies,
  tuneHeapForSearch,
  type CheckResult,
  type Model,
  type RunVerdict,
  type WorkloadPlan,
  type WorkloadReport,
  planNotes,
  planProblems,
  PLAN_OPTION_NAMES,
  type OptionNames,
  propertiesOf,
  traceModel,
} from "../../runtime/index.js";
import { fingerprintMode, type FingerprintRequest } from "../../runtime/search/fingerprint.js";
import { refinementOf } from "../../runtime/contract/refinement.js";
import { CliError, EXIT, type ExitCode } from "../exit.js";
import { defaultMaxMemoryMb } from "../options.js";
import { withInterrupt } from "../interrupt.js";
import { loadSpec, selectWorkloads } from "../load.js";
import { eprintln, int, out, println } from "../output.js";
import { PROGRESS_INTERVAL_MS, ProgressLine } from "../progress.js";
import { requireSpecFile } from "../specs.js";
import {
  livenessJson,
  livenessLines,
  livenessMermaid,
  overallVerdictLine,
  propertiesSkippedBy,
  splitsVerdict,
  writePropertyItf,
  type LivenessRun,
} from "../liveness.js";
import { decidePor, porJson, porLine, porOutcome, type PorOutcome } from "../por.js";
import { asSingle, perViolation, propertyTableLines, violationLabel } from "../per-property.js";
import { deadlockLines, lockOrderReport, type LockOrderReport } from "../locks.js";
import { defaultWorkers, SEQUENTIAL_BUDGET, moduleHashOf, withModelFile } from "../parallel.js";
import {
  checkTraceOutputs,
  printCoverage,
  perWorkload,
  renderHuman,
  renderMermaid,
  writeEmittedTest,
  writeHtml,
  writeItf,
  type TraceFormat,
} from "../traces.js";

export interface CheckOptions {
  /** `--force`: let `--itf` / `--emit-test` replace a file spec2ts did not write. */
  readonly force?: boolean;
  readonly workload?: string;
  readonly json?: boolean;
  readonly maxStates?: number;
  readonly maxSeconds?: number;
  readonly maxMemory?: number;
  readonly dfs?: boolean;
  readonly depth?: number;
  readonly full?: boolean;
  /** `--show-ghosts`: print the `ghost` variables in traces too. */
  readonly showGhosts?: boolean;
  readonly quiet?: boolean;
  /** `--format`: swimlane (default), list or mermaid. */
  readonly format?: TraceFormat;
  /** `--no-min-preemptions` sets this to false. */
  readonly minPreemptions?: boolean;
  /** `--itf FILE`: write the counterexample as ITF JSON. */
  readonly itf?: string;
  /** `--html FILE`: write the counterexample as a self-contained web page. */
  readonly html?: string;
  /** `--emit-test FILE`: write a vitest file pinning the counterexample. */
  readonly emitTest?: string;
  /** `--coverage`: print how often each step fired. */
  readonly coverage?: boolean;
  /** `--no-liveness` sets this to false: skip the temporal properties. */
  readonly liveness?: boolean;
  /**
   * `--por` true: force partial-order reduction (refused where unsound; the temporal properties are
   * then not checked); `--no-por` false; unset: on where sound for everything the run checks
   * (cli/por.ts, runtime/reduce/decision.ts).
   */
  readonly por?: boolean;
  /** `--no-lock-order` sets this to false: skip the lock-order (lockdep) analysis. */
  readonly lockOrder?: boolean;
  /**
   * `--symmetry` / `--no-symmetry`: symmetry reduction. Unset means on for specs that declare
   * something `symmetric` (that is what the declaration is for); `--no-symmetry` gives exact counts.
   */
  readonly symmetry?: boolean;
  /** `--object-steps`: never the step code on packed words (runtime/search/packed-path.ts). */
  readonly objectSteps?: boolean;
  /** `--workers N`: worker threads for a BFS that outgrows the sequential budget (default: the cores). */
  readonly workers?: number;
  /** `--fingerprint auto|64|96`: key width of the visited set (see docs/performance.md "Fingerprints and collisions"). */
  readonly fingerprint?: "auto" | "64" | "96";
  /** `--expected-states N`: pre-size the sequential visited table (and count as the run's size for `--fingerprint auto`). */
  readonly expectedStates?: number;
  /** `--continue`: TLC's -continue; every violation once, each with a shortest trace (BFS). */
  readonly continue?: boolean;
  /** `--expect`: the exit code says whether each workload gave its expected verdict (expectExitCode). */
  readonly expect?: boolean;
}

/** One workload's outcome, for JSON output and exit codes. */
interface Outcome {
  readonly model: Model<unknown>;
  readonly result: CheckResult<unknown>;
  readonly live?: LivenessRun;
  /** The verdict over safety and every property, and the expectation judged against it. */
  readonly run: RunVerdict<unknown>;
  readonly locks?: LockOrderReport;
  /** The search ran under symmetry reduction. */
  readonly symmetry: boolean;
  /** Worker threads that ran the safety search (1: sequential). */
  readonly workers: number;
  /** What partial-order reduction did. */
  readonly por: PorOutcome;
}

/** The plan options as this command's flags, for the plan's problems and notes. */
function flagNames(opts: CheckOptions): OptionNames {
  return {
    ...PLAN_OPTION_NAMES,
    dfs: "--dfs",
    maxDepth: "--depth",
    maxStates: "--max-states",
    maxSeconds: "--max-seconds",
    maxMemoryBytes: "--max-memory",
    expectedStates: "--expected-states",
    symmetry: "--symmetry",
    por: "--por",
    porForced: "--por",
    continue: "--continue",
    workers: opts.workers !== undefined ? `--workers ${opts.workers}` : "--workers",
  };
}

/** `--fingerprint`'s value as a search option (absent: "auto"). */
function fingerprintRequest(v: CheckOptions["fingerprint"]): FingerprintRequest {
  return v === "64" ? 64 : v === "96" ? 96 : "auto";
}

/** Runs the command; returns the exit code. */
export async function checkCommand(fileArg: string, opts: CheckOptions): Promise<ExitCode> {
  // The flags as plan options: the combinations checkWorkload refuses are refused here, in the flags' names.
  const problem = planProblems({
    search: opts.dfs === true ? "dfs" : "bfs",
    ...(opts.depth !== undefined ? { maxDepth: opts.depth } : {}),
    ...(opts.symmetry !== undefined ? { symmetry: opts.symmetry } : {}),
    ...(opts.por === true ? { por: true, porForced: true } : {}),
    continue: opts.continue === true,
  })[0];
  if (problem !== undefined) throw new CliError(problem.text(flagNames(opts)));
  const file = requireSpecFile(fileArg);
  const { spec, modelDir, modelFile } = await loadSpec(file, { limits: { maxSeconds: opts.maxSeconds, maxMemoryMb: opts.maxMemory ?? defaultMaxMemoryMb() } });
  const names = selectWorkloads(spec, file, opts.workload);
  if (names.length === 0) throw new CliError(`${file} declares no workload to check`);
  checkTraceOutputs(opts, names, [file]);
  tuneHeapForSearch();
  const outcomes: Outcome[] = [];
  await withInterrupt(async (signal) => {
    for (const name of names) {
      const model = spec.createModel(name);
      const progress = new ProgressLine(process.stderr.isTTY === true && !opts.quiet && !opts.json, `${spec.name}/${name}`);
      const search = {
        ...(opts.maxStates !== undefined ? { maxStates: opts.maxStates } : {}),
        fingerprint: fingerprintRequest(opts.fingerprint),
        ...(opts.expectedStates !== undefined ? { expectedStates: opts.expectedStates } : {}),
        ...(opts.maxSeconds !== undefined ? { maxSeconds: opts.maxSeconds } : {}),
        maxMemoryBytes: (opts.maxMemory ?? defaultMaxMemoryMb()) * 1024 * 1024,
        signal,
        onProgress: progress.update,
        progressIntervalMs: PROGRESS_INTERVAL_MS,
        ...(opts.objectSteps === true ? { stepCode: "object" as const } : {}),
      };
      const mermaid = opts.format === "mermaid" && !opts.json;
      const symmetry = symmetryApplies(model, opts);
      // Fairness-based properties are not preserved by the reduction, and need the full graph: not
      // checked with --por or --dfs (reported as such, never as holding).
      const skipped = propertiesSkippedBy(opts);
      // On by default where sound for everything this run checks; --por where unsound is an error.
      const decision = decidePor(model, opts, { symmetry, properties: skipped === undefined && propertiesOf(model).length > 0 });
      if (!opts.json && !mermaid) printHeader(spec.name, name, file, opts, names.length > 1 && outcomes.length > 0);
      if (!opts.json && !mermaid) printSymmetry(model, symmetry, opts);
      // 96-bit keys are a sequential-store feature: the parallel search keeps 64-bit fingerprints.
      const keys = fingerprintMode(model, symmetry, fingerprintRequest(opts.fingerprint), opts.maxStates, opts.expectedStates);
      if (keys.bits === 96 && !opts.dfs && defaultWorkers(opts.workers) > 1 && opts.continue !== true && opts.quiet !== true && !opts.json)
        eprintln(out.yellow(`note: 96-bit fingerprints keep the search on 1 thread (the parallel search stores 64-bit ones)`));
      const plan: WorkloadPlan = {
        ...search,
        search: opts.dfs === true ? "dfs" : "bfs",
        ...(opts.depth !== undefined ? { maxDepth: opts.depth } : {}),
        ...(opts.symmetry !== undefined ? { symmetry: opts.symmetry } : {}),
        por: decision.on,
        porForced: decision.on && decision.forced,
        continue: opts.continue === true,
        ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
        parallel: { modelFile, moduleHash: moduleHashOf(modelFile) },
        properties: skipped === undefined ? "check" : { notChecked: skipped },
        lockOrder: opts.lockOrder !== false,
        minPreemptions: opts.minPreemptions !== false,
      };
      for (const note of planNotes(plan)) eprintln(out.yellow(`note: ${note.text(flagNames(opts))}`));
      let report: WorkloadReport<unknown>;
      try {
        report = await withModelFile(modelFile, () => checkWorkload(model, plan));
      } finally {
        progress.clear();
      }
      const { result, run, workers } = report;
      const live = report.liveness !== undefined ? { results: report.liveness } : undefined;
      const locks = lockOrderReport(model, report.lockOrder);
      const porReport = porOutcome(decision, result);
      outcomes.push({ model, result, symmetry, workers, run, por: porReport, ...(live ? { live } : {}), ...(locks ? { locks } : {}) });
      // What the traces print: without the ghost variables unless --show-ghosts (JSON and ITF keep them).
      const shown = traceModel(model, { showGhosts: opts.showGhosts === true });
      if (mermaid) {
        const overall = splitsVerdict(run, result) ? overallVerdictLine(run, result) : undefined;
        println(`${outcomes.length > 1 ? "\n" : ""}${renderMermaid(spec.name, shown, result, overall)}${livenessMermaid(shown, run)}`);
      } else if (!opts.json) {
        println(out.dim(porLine(porReport, result)));
        printHuman(shown, result, opts, run);
        if (result.violations !== undefined) printContinued(shown, result, opts, run);
        if (workers > 1 && opts.quiet !== true)
          println(
            out.dim(
              `Searched with ${workers} worker threads${stepCodeText(result)} (the sequential search passed ${int(SEQUENTIAL_BUDGET)} states and was restarted on the workers).`,
            ),
          );
        for (const w of locks?.warnings ?? []) eprintln(out.yellow(w));
      }
      if (opts.coverage === true && !opts.json) printCoverage(model, result);
      const several = names.length > 1;
      if (opts.itf !== undefined) {
        const target = perWorkload(opts.itf, name, several);
        if (result.violations !== undefined && result.violations.length > 0) {
          // --continue: one file per violation, named after it (trace.XBelow8.itf.json, trace.deadlock.itf.json, …).
          const used = new Set<string>();
          for (const f of result.violations) {
            let label = violationLabel(f);
            for (let k = 2; used.has(label); k++) label = `${violationLabel(f)}-${k}`;
            used.add(label);
            const w = writeItf(perViolation(target, label), model, asSingle(result, f), file);
            if (w !== undefined && !opts.json) eprintln(out.dim(`wrote the counterexample for ${describeViolation(f.violation)} as ITF to ${w}`));
          }
        }
        const written = result.violations !== undefined && result.violations.length > 0 ? undefined : writeItf(target, model, result, file);
        if (written !== undefined && !opts.json) eprintln(out.dim(`wrote the counterexample as ITF to ${written}`));
        // No safety counterexample: a violated property's (a finite trace, or a lasso with the ITF `loop` field).
        const prop = written === undefined ? writePropertyItf(target, model, run, file) : undefined;
        if (prop !== undefined && !opts.json) {
          const others = prop.others > 0 ? ` (the first of ${prop.others + 1} violated properties)` : "";
          eprintln(
            out.dim(
              `wrote the ${prop.lasso ? "lasso" : "counterexample"} violating ${prop.property}${others} as ITF${prop.lasso ? " (with loop)" : ""} to ${prop.file}`,
            ),
          );
        }
      }
      if (opts.html !== undefined) {
        const written = writeHtml(perWorkload(opts.html, name, several), shown, result, run, spec.name);
        if (!opts.json)
          eprintln(
            out.dim(written !== undefined ? `wrote the counterexample as a web page to ${written}` : `--html: ${name} has no counterexample; nothing written`),
          );
      }
      if (opts.emitTest !== undefined) {
        const written = writeEmittedTest(perWorkload(opts.emitTest, name, several), model, result, spec.name, file, modelDir);
        if (written !== undefined && !opts.json) eprintln(out.dim(`wrote a test pinning the counterexample to ${written}`));
      }
      if (result.limit === "interrupted") break;
    }
  });
  if (opts.json) {
    const json = outcomes.map(({ model, result, run, locks, symmetry, workers, por }) => ({
      ...checkJson(model, result, run),
      workers,
      por: porJson(por),
      ...(locks ? { lockOrderInversions: locks.json } : {}),
      ...(symmetry && model.symmetry
        ? { symmetry: { types: model.symmetry.types.map((t) => ({ name: t.name, size: t.size })), permutations: model.symmetry.size } }
        : {}),
    }));
    println(JSON.stringify(jsonDocument(json), null, 2));
  }
  if (opts.expect === true) {
    const code = expectExitCode(outcomes.map((o) => ({ expectation: o.run.expectation, limit: o.result.limit })));
    // On stderr with --json (stdout holds only the JSON), else on stdout after the verdicts.
    (opts.json === true ? eprintln : println)(
      expectSummary(
        outcomes.map((o) => ({ workload: o.model.workload, expectation: o.run.expectation })),
        names.length,
        code,
      ),
    );
    return code;
  }
  return exitCodeOf(outcomes.map((o) => ({ verdict: o.run.verdict, limit: o.result.limit })));
}

/** `--continue`: the other violations' counterexamples, then the per-property table. */
function printContinued(model: Model<unknown>, result: CheckResult<unknown>, opts: CheckOptions, run: RunVerdict<unknown>): void {
  const all = result.violations ?? [];
  if (result.limit !== undefined)
    println(
      out.yellow(
        `\nThe search stopped (${result.limit}) before exploring every state: the violations below are those found so far, and what was not found is not checked.`,
      ),
    );
  if (all.length > 1) {
    println(out.bold(`\n${all.length} distinct violations (each once, with a shortest counterexample; the first is shown above):`));
    all.forEach((f, i) => println(`  ${i + 1}. ${describeViolation(f.violation)} (${f.trace.length} state${f.trace.length === 1 ? "" : "s"})`));
    if (opts.quiet !== true) {
      all.slice(1).forEach((f, i) => {
        println(out.bold(`\nViolation ${i + 2} of ${all.length}: ${describeViolation(f.violation)}`));
        const text = renderHuman(model, asSingle(result, f), opts).split("\n");
        // The verdict line is the list's and the statistics are above; the rest is the counterexample.
        println(text.slice(/distinct states/.test(text[1] ?? "") ? 2 : 1).join("\n"));
      });
    }
  }
  println(out.bold("\nPer property:"));
  println(propertyTableLines(model, result, run, "  ").join("\n"));
}

/**
 * `--expect`: 3 when interrupted; else 1 when any workload's verdict is not its `expect`; else 3 when
 * any cannot be judged (a limit, a property not checked); else 0 (every workload as expected, an
 * expected violation included).
 */
export function expectExitCode(
  results: readonly { readonly expectation: RunVerdict<unknown>["expectation"]; readonly limit?: CheckResult<unknown>["limit"] }[],
): ExitCode {
  if (results.some((r) => r.limit === "interrupted")) return EXIT.incomplete;
  if (results.some((r) => r.expectation === "not met")) return EXIT.failed;
  if (results.some((r) => r.expectation === "unknown")) return EXIT.incomplete;
  return EXIT.ok;
}

/** The line `--expect` ends with: which workloads were not as expected, and the exit code. */
function expectSummary(
  rs: readonly { readonly workload: string; readonly expectation: RunVerdict<unknown>["expectation"] }[],
  selected: number,
  code: ExitCode,
): string {
  const not = rs.filter((r) => r.expectation === "not met").map((r) => r.workload);
  const unknown = rs.filter((r) => r.expectation === "unknown").map((r) => r.workload);
  const unchecked = selected - rs.length;
  const parts = [
    ...(not.length > 0 ? [`NOT as expected: ${not.join(", ")}`] : []),
    ...(unknown.length > 0 ? [`unknown: ${unknown.join(", ")}`] : []),
    ...(unchecked > 0 ? [`${unchecked} not checked (interrupted)`] : []),
  ];
  const all = rs.length === 1 ? "the workload" : `all ${rs.length} workloads`;
  const text = parts.length === 0 ? `as expected: ${all} (exit 0)` : `${parts.join("; ")} (exit ${code})`;
  const paint = code === EXIT.ok ? out.green : code === EXIT.failed ? out.red : out.yellow;
  return paint(`--expect: ${text}`);
}

function printHeader(spec: string, workload: string, file: string, opts: CheckOptions, gap: boolean): void {
  if (gap) println();
  const mode = opts.dfs ? `DFS${opts.depth !== undefined ? `, depth ≤ ${opts.depth}` : ""}` : "BFS";
  println(out.bold(`${spec} / ${workload}`) + out.dim(` (${file}, ${mode})`));
}

/** Says whether (and over what) symmetry reduction applies: its state counts are of orbits. */
function printSymmetry(model: Model<unknown>, on: boolean, opts: CheckOptions): void {
  const g = model.symmetry;
  if (g === undefined) {
    if (opts.symmetry === true) println(out.dim("Symmetry: the spec declares nothing symmetric; exploring every state"));
    return;
  }
  const types = g.types.map((t) => `${t.name} (${t.size} value${t.size === 1 ? "" : "s"})`).join(", ");
  if (on)
    println(
      out.dim(
        `Symmetry: reduced over ${types}, ${g.size} permutation${g.size === 1 ? "" : "s"}; states are counted per orbit (--no-symmetry for exact counts)`,
      ),
    );
  else if (!g.usable && opts.symmetry !== false && opts.por !== true)
    println(out.yellow(`Symmetry: off: ${types} give ${g.size} permutations per state, more than ${MAX_PERMUTATIONS}; every state counted`));
  else println(out.dim(`Symmetry: off${opts.por === true ? " (not combined with --por)" : ""}; every state counted`));
}

function printHuman(model: Model<unknown>, result: CheckResult<unknown>, opts: CheckOptions, run: RunVerdict<unknown>): void {
  const paint = (v: string): ((s: string) => string) => (v === "holds" ? out.green : v === "violated" ? out.red : out.yellow);
  const text = renderHuman(model, result, opts);
  const [first, ...rest] = text.split("\n");
  // With properties, the search's verdict is the safety part of the answer and a `Verdict:` line covers
  // everything; a safety violation that ended the run before any property keeps its own `Verdict:` line.
  const props = run.properties;
  const split = splitsVerdict(run, result);
  const head = split ? (first ?? "").replace(/^Verdict:/, "Safety:") : (first ?? "");
  println([paint(result.verdict)(head), ...rest].join("\n"));
  if (split) println(paint(run.verdict)(overallVerdictLine(run, result)));
  const refines = refinementLine(model, result);
  if (refines !== undefined) println(refines);
  const waits = deadlockLines(model, result);
  if (waits.length) println(waits.join("\n"));
  if (props.length > 0)
    println(
      livenessLines(model, run, { ...(opts.format !== undefined ? { format: opts.format } : {}), full: opts.full === true, quiet: opts.quiet === true }).join(
        "\n",
      ),
    );
  const mark = run.expectation === "met" ? out.green("as expected") : run.expectation === "unknown" ? out.yellow("unknown") : out.red("NOT as expected");
  println(`Expectation: ${mark} (${run.expectation === "met" ? `expected ${describeExpectation(model.expect)}` : run.problems.join("; ")})`);
  if (result.limit === "interrupted") eprintln(out.yellow("Interrupted: the statistics above are for the part explored."));
}

/** What the workers stepped (runtime/parallel/packed-worker-steps.ts), for the line saying they ran. */
function stepCodeText(result: CheckResult<unknown>): string {
  if (result.stepCode === undefined) return "";
  return result.stepCode === "packed" ? " on the step code on packed words" : " on the step methods on state objects";
}

/** Version of the `--json` document's shape (docs/schema/check-json.schema.json); raised on incompatible changes. */
export const JSON_VERSION = 1;

/** The `--json` document: always one object, whatever the number of workloads. */
export function jsonDocument(workloads: readonly object[]): { readonly version: number; readonly workloads: readonly object[] } {
  return { version: JSON_VERSION, workloads };
}

/**
 * What was checked of a `refines` declaration: the safety part (initial states and steps) on what the
 * search explored; the abstract spec's fairness (the liveness part of its Spec) never.
 */
export function refinementStatus(
  model: Model<unknown>,
  result: CheckResult<unknown>,
):
  | {
      readonly abstract: string;
      readonly safety: "holds" | "violated" | "no violation in the part explored";
      readonly liveness: "not checked" | "none declared";
    }
  | undefined {
  const r = refinementOf(model);
  if (r === undefined) return undefined;
  const safety = result.violation?.kind === "refinement" ? "violated" : result.complete ? "holds" : "no violation in the part explored";
  return { abstract: r.spec, safety, liveness: r.hasFairness ? "not checked" : "none declared" };
}

function refinementLine(model: Model<unknown>, result: CheckResult<unknown>): string | undefined {
  const st = refinementStatus(model, result);
  const r = refinementOf(model);
  if (st === undefined || r === undefined) return undefined;
  const live =
    st.liveness === "not checked"
      ? `; the liveness part (${st.abstract}'s fairness) is not checked`
      : ` (${st.abstract} declares no fairness: its Spec is all safety)`;
  switch (st.safety) {
    case "holds":
      return out.dim(
        `Refinement of ${st.abstract} (${r.loc}): safety part holds — every initial state and every step maps to an initial state, a step of ${st.abstract} or a stutter${live}`,
      );
    case "violated":
      return out.dim(`Refinement of ${st.abstract}: violated (above)${live}`);
    default:
      return out.yellow(`Refinement of ${st.abstract}: no violation in the part explored, but the search did not finish${live}`);
  }
}

/**
 * `resultToJson` plus what the CLI knows: `verdict` over everything checked (the safety search's own
 * is `safety`), search mode, completeness, limit, every property's result and the expectation.
 */
export function checkJson(model: Model<unknown>, result: CheckResult<unknown>, run: RunVerdict<unknown>): object {
  return {
    ...resultToJson(model, result),
    verdict: run.verdict,
    safety: result.verdict,
    mode: result.mode,
    complete: result.complete,
    ...(result.limit !== undefined ? { limit: result.limit } : {}),
    ...(result.seed !== undefined ? { seed: result.seed } : {}),
    ...(result.maxDepth !== undefined ? { maxDepth: result.maxDepth } : {}),
    ...(run.properties.length > 0 ? { properties: livenessJson(model, run) } : {}),
    ...(result.violations !== undefined
      ? {
          violations: result.violations.map((f) => {
            const j = resultToJson(model, asSingle(result, f)) as { violation?: object; trace?: unknown };
            return { ...j.violation, traceLength: f.trace.length, trace: j.trace };
          }),
          perProperty: propertyRows(model, result, run),
        }
      : {}),
    ...(refinementStatus(model, result) !== undefined ? { refinement: refinementStatus(model, result) } : {}),
    expected: describeExpectation(model.expect),
    asExpected: run.expectation === "met",
    expectation: run.expectation,
    ...(run.expectation !== "met" ? { problems: run.problems } : {}),
  };
}

/**
/**
 * 3 when interrupted; else 1 when any workload's verdict (safety and properties) is violated; else 3
 * when any is incomplete (a limit, a property not checked, or a DFS depth bound that left states
 * unexplored — issue 14 item 14: "holds up to depth D" proves nothing, so CI must not read it as 0); else 0.
 */
export function exitCodeOf(
  results: readonly { readonly verdict: CheckResult<unknown>["verdict"]; readonly limit?: CheckResult<unknown>["limit"] }[],
): ExitCode {
  if (results.some((r) => r.limit === "interrupted")) return EXIT.incomplete;
  if (results.some((r) => r.verdict === "violated")) return EXIT.failed;
  if (results.some((r) => r.verdict === "incomplete")) return EXIT.incomplete;
  return EXIT.ok;
}
