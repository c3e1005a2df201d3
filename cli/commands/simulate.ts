/**
 * `spec2ts simulate FILE`: random runs of one workload (or each in turn), driven by a seeded PRNG so
 * that `--seed` reproduces them exactly. Exit codes as for `check`: a run never proves `holds`, so 0
 * only means no violation was found; a spec with temporal properties, which simulation does not check,
 * exits 3 when no violation was found (its properties are "not checked").
 */
import { randomInt } from "node:crypto";
import { judgeRun, simulateAsync, traceModel, type CheckResult, type Model, type RunVerdict } from "../../runtime/index.js";
import { withInterrupt } from "../interrupt.js";
import { loadSpec, selectWorkloads } from "../load.js";
import { CliError, type ExitCode } from "../exit.js";
import { eprintln, out, println } from "../output.js";
import { PROGRESS_INTERVAL_MS, ProgressLine } from "../progress.js";
import { requireSpecFile } from "../specs.js";
import { checkJson, jsonDocument, exitCodeOf } from "./check.js";
import { checkTraceOutputs, printCoverage, perWorkload, renderHuman, renderMermaid, writeEmittedTest, writeItf, type TraceFormat } from "../traces.js";

export interface SimulateOptions {
  /** `--force`: let `--itf` / `--emit-test` replace a file spec2ts did not write. */
  readonly force?: boolean;
  readonly workload?: string;
  readonly seed?: number;
  readonly runs: number;
  readonly depth: number;
  readonly json?: boolean;
  readonly full?: boolean;
  /** `--show-ghosts`: print the `ghost` variables in traces too. */
  readonly showGhosts?: boolean;
  readonly format?: TraceFormat;
  readonly itf?: string;
  readonly emitTest?: string;
  readonly coverage?: boolean;
}

/** Runs the command; returns the exit code. */
export async function simulateCommand(fileArg: string, opts: SimulateOptions): Promise<ExitCode> {
  const file = requireSpecFile(fileArg);
  const { spec, modelDir } = await loadSpec(file);
  const mermaid = opts.format === "mermaid" && !opts.json;
  const names = selectWorkloads(spec, file, opts.workload);
  if (names.length === 0) throw new CliError(`${file} declares no workload to simulate`);
  checkTraceOutputs(opts, names, [file]);
  const seed = opts.seed ?? drawSeed();
  if (!opts.json) (mermaid ? eprintln : println)(out.dim(`seed ${seed} (rerun with --seed ${seed})`));
  const outcomes: { model: Model<unknown>; result: CheckResult<unknown>; run: RunVerdict<unknown> }[] = [];
  await withInterrupt(async (signal) => {
    for (const name of names) {
      const model = spec.createModel(name);
      const progress = new ProgressLine(process.stderr.isTTY === true && !opts.json, `${spec.name}/${name}`);
      if (!opts.json && !mermaid) println(`${outcomes.length > 0 ? "\n" : ""}${out.bold(`${spec.name} / ${name}`)}${out.dim(` (${file}, simulation)`)}`);
      let result: CheckResult<unknown>;
      try {
        result = await simulateAsync(model, {
          seed,
          runs: opts.runs,
          maxDepth: opts.depth,
          signal,
          onProgress: progress.update,
          progressIntervalMs: PROGRESS_INTERVAL_MS,
        });
      } finally {
        progress.clear();
      }
      // Random runs are finite: the temporal properties are reported as not checked, never as holding.
      const run = judgeRun(model, result, undefined, "simulation does not check temporal properties (use check)");
      outcomes.push({ model, result, run });
      const shown = traceModel(model, { showGhosts: opts.showGhosts === true });
      if (mermaid) println(`${outcomes.length > 1 ? "\n" : ""}${renderMermaid(spec.name, shown, result)}`);
      else if (!opts.json) {
        const text = renderHuman(shown, result, opts);
        const color = result.verdict === "violated" ? out.red : result.verdict === "incomplete" ? out.yellow : out.green;
        const [first, ...rest] = text.split("\n");
        println([color(first ?? ""), ...rest].join("\n"));
        if (run.properties.length > 0)
          println(
            out.yellow(
              `Not checked: temporal propert${run.properties.length > 1 ? "ies" : "y"} ${run.properties.map((p) => p.property).join(", ")} (simulation does not check temporal properties; use check)`,
            ),
          );
        if (result.verdict === "violated")
          eprintln(out.dim(`reproduce: spec2ts simulate ${file} --workload ${name} --seed ${seed} --runs ${opts.runs} --depth ${opts.depth}`));
      }
      if (opts.coverage === true && !opts.json) printCoverage(model, result);
      const several = names.length > 1;
      if (opts.itf !== undefined) {
        const written = writeItf(perWorkload(opts.itf, name, several), model, result, file);
        if (written !== undefined && !opts.json) eprintln(out.dim(`wrote the counterexample as ITF to ${written}`));
      }
      if (opts.emitTest !== undefined) {
        const written = writeEmittedTest(perWorkload(opts.emitTest, name, several), model, result, spec.name, file, modelDir);
        if (written !== undefined && !opts.json) eprintln(out.dim(`wrote a test pinning the counterexample to ${written}`));
      }
      if (result.limit === "interrupted") break;
    }
  });
  if (opts.json) {
    const json = outcomes.map(({ model, result, run }) => checkJson(model, result, run));
    println(JSON.stringify(jsonDocument(json), null, 2));
  }
  return exitCodeOf(outcomes.map((o) => ({ verdict: o.run.verdict, limit: o.result.limit })));
}

/** A fresh uint32 seed, shown to the user so the run can be repeated. */
function drawSeed(): number {
  return randomInt(0x100000000);
}
