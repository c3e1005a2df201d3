/**
 * Temporal properties in `check` and `test`: after a complete safety search, the workload's
 * `property` declarations are checked under its fairness on one shared state graph (or reported as not
 * checked, with why: `--por`, `--dfs`, `--no-liveness`, a safety violation first). A violated
 * `always X` is a finite trace, printed, exported and replayable like a safety counterexample; the
 * liveness forms' violations are printed as lassos (prefix, then the cycle that repeats forever, marked) with only the variables
 * that change: as swimlanes (default), a numbered list (`--format list`, or when the lanes do not fit)
 * or Mermaid with the cycle in a `loop` block (`--format mermaid`); `--itf FILE` writes the lasso as
 * ITF with `loop`.
 */
import {
  checkAllProperties,
  describeViolation,
  changeText,
  diffViews,
  formatMermaid,
  formatSwimlane,
  formatTrace,
  traceNotes,
  resultToJson,
  traceToItf,
  wantsLiveness,
  type CheckResult,
  type LivenessResult,
  type Model,
  type PropertyGraph,
  type PropertyOutcome,
  type RunVerdict,
  type TraceStep,
} from "../runtime/index.js";
import { lassoToItf, stringifyItf } from "../runtime/report/itf.js";
import { formatLassoMermaid } from "../runtime/report/mermaid.js";
import { formatLassoSwimlane } from "../runtime/report/swimlane.js";
import { outputWidth, writeOutputFile, type TraceFormat } from "./traces.js";

export interface LivenessRun {
  readonly results: readonly LivenessResult<unknown>[];
}

/** Why the properties are not checked in this run, from the flags (undefined: they are checked when needed). */
export function propertiesSkippedBy(opts: { readonly por?: boolean; readonly dfs?: boolean; readonly liveness?: boolean }): string | undefined {
  if (opts.por === true) return "--por (the partial-order reduction does not preserve temporal properties; run without it to check them)";
  if (opts.dfs === true) return "--dfs (temporal properties are checked on the full state graph of a BFS; run without it to check them)";
  if (opts.liveness === false) return "--no-liveness";
  return undefined;
}

/** Checks the properties when the workload's verdict depends on them (undefined otherwise). */
export function runLiveness(
  model: Model<unknown>,
  result: CheckResult<unknown>,
  opts: {
    readonly enabled: boolean;
    readonly maxSeconds?: number;
    readonly maxStates?: number;
    readonly signal?: AbortSignal;
    /** The graph recorded by the safety search (recordAnalyses): no exploration of its own then. */
    readonly graph?: PropertyGraph<unknown> | undefined;
  },
): LivenessRun | undefined {
  if (!opts.enabled || !wantsLiveness(model, result)) return undefined;
  const results = checkAllProperties(model, {
    ...(opts.graph !== undefined ? { graph: opts.graph } : {}),
    ...(opts.maxSeconds !== undefined ? { maxSeconds: opts.maxSeconds } : {}),
    ...(opts.maxStates !== undefined ? { maxStates: opts.maxStates } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { results };
}

/**
 * Whether the output splits the verdict: the search's line reads `Safety:` and `overallVerdictLine`
 * follows. Always with properties, except when a safety violation ended the run before any property
 * was checked: its own `Verdict: violated` line is then the whole answer (the properties are listed
 * as not checked).
 */
export function splitsVerdict(run: RunVerdict<unknown>, result: CheckResult<unknown>): boolean {
  return run.properties.length > 0 && (run.properties.some((p) => p.verdict !== "not checked") || result.verdict !== "violated");
}

/**
 * The `Verdict:` line over safety and the properties (printed when the model has properties; the
 * safety search's own line then reads `Safety:`).
 */
export function overallVerdictLine(run: RunVerdict<unknown>, result: CheckResult<unknown>): string {
  const props = run.properties;
  const named = (ps: readonly PropertyOutcome<unknown>[]): string => `temporal propert${ps.length > 1 ? "ies" : "y"} ${ps.map((p) => p.property).join(", ")}`;
  const violated = props.filter((p) => p.verdict === "violated");
  const open = props.filter((p) => p.verdict === "not checked" || p.verdict === "incomplete");
  const parts: string[] = [];
  if (run.verdict === "violated") {
    if (result.violation !== undefined) parts.push(describeViolation(result.violation));
    if (violated.length > 0) parts.push(`${named(violated)} (under the workload's fairness)`);
    if (open.length > 0) parts.push(`${named(open)} not checked`);
    return `Verdict: violated — ${parts.join("; ")}`;
  }
  if (run.verdict === "incomplete") {
    parts.push(result.verdict === "incomplete" ? "the safety search did not finish" : "safety holds");
    const skipped = open.filter((p) => p.verdict === "not checked");
    const cut = open.filter((p) => p.verdict === "incomplete");
    if (skipped.length > 0) parts.push(`${named(skipped)} not checked`);
    if (cut.length > 0) parts.push(`${named(cut)} incomplete`);
    return `Verdict: incomplete — ${parts.join("; ")}`;
  }
  return `Verdict: holds — safety and ${props.length === 1 ? "the temporal property" : `all ${props.length} temporal properties`}`;
}

function stepLine(model: Model<unknown>, t: TraceStep<unknown>): string {
  const who = t.instance !== undefined && t.instance >= 0 ? `${model.instances[t.instance]?.name ?? t.instance} ` : "";
  return t.step ? `${who}${t.step.name} (${t.step.loc})` : "initial state";
}

/** How `livenessLines` prints lassos. */
export interface LivenessLinesOptions {
  /** `swimlane` (default) or `list`; swimlanes fall back to the list when they do not fit `width`. */
  readonly format?: TraceFormat;
  /** Default: the terminal's (`outputWidth`). */
  readonly width?: number;
  /** Show the whole initial state. */
  readonly full?: boolean;
  /** Verdict lines only, no lassos (`--quiet`). */
  readonly quiet?: boolean;
}

/** Human lines for the property results: one verdict line each, and the counterexample of each violation. */
export function livenessLines(model: Model<unknown>, run: RunVerdict<unknown>, opts: LivenessLinesOptions = {}): string[] {
  const lines: string[] = [];
  for (const p of run.properties) {
    if (p.verdict === "not checked") continue;
    lines.push(`Property ${p.property}: ${p.verdict}${p.verdict === "holds" ? "" : ` — ${p.message}`}`);
    if (opts.quiet === true) continue;
    if (p.counterexample !== undefined) {
      // A safety form (`always X`): a finite trace, printed like the safety search's counterexamples.
      const width = opts.width ?? outputWidth();
      const lanes = opts.format !== "list" ? formatSwimlane(model, p.counterexample, { width, full: opts.full === true }) : undefined;
      lines.push(lanes ?? formatTrace(model, p.counterexample, { full: opts.full === true }));
      continue;
    }
    const lasso = p.result?.lasso;
    if (!lasso) continue;
    if (opts.format !== "list") {
      const lanes = formatLassoSwimlane(model, lasso, { width: opts.width ?? outputWidth(), full: opts.full === true });
      if (lanes !== undefined) {
        lines.push(lanes);
        continue;
      }
    }
    const all = [...lasso.prefix, ...lasso.cycle];
    let prev: { readonly [k: string]: import("../runtime/index.js").Value } | undefined;
    all.forEach((t, k) => {
      const inCycle = k >= lasso.prefix.length;
      const mark = k === lasso.prefix.length - 1 ? "→" : inCycle ? "↻" : " ";
      const view = model.view(t.state);
      const changes = prev ? diffViews(prev, view, model.viewTypes) : [];
      lines.push(`  ${mark} ${String(t.index).padStart(3)} ${stepLine(model, t)}`);
      if (changes.length) lines.push(`        ${changes.map(changeText).join("; ")}`);
      prev = view;
    });
    lines.push(
      lasso.stutter
        ? `    and then stays in state ${lasso.loopIndex} forever (no fair process can move)`
        : `    and then back to state ${lasso.loopIndex} (marked →), forever`,
      ...traceNotes(model, all),
    );
  }
  return [...lines, ...notCheckedLines(run)];
}

/** `Properties A, B: not checked — why`, one line per reason. */
export function notCheckedLines(run: RunVerdict<unknown>): string[] {
  const byReason = new Map<string, string[]>();
  for (const p of run.properties) if (p.verdict === "not checked") byReason.set(p.message, [...(byReason.get(p.message) ?? []), p.property]);
  return [...byReason].map(([why, names]) => `Propert${names.length > 1 ? "ies" : "y"} ${names.join(", ")}: not checked — ${why}`);
}

/** JSON form of the property results: every property, checked or not, with its counterexample. */
export function livenessJson(model: Model<unknown>, run: RunVerdict<unknown>): object[] {
  return run.properties.map((p) => {
    const lasso = p.result?.lasso;
    const cex = p.counterexample !== undefined ? resultToJson(model, p.counterexample) : undefined;
    return {
      property: p.property,
      verdict: p.verdict,
      ...(p.verdict === "not checked" ? { reason: p.message } : { message: p.message }),
      // A quantified property (`forall x in S: …`): the values of the violated instance.
      ...(p.result?.binding !== undefined && p.verdict !== "holds" ? { binding: p.result.binding } : {}),
      ...(cex !== undefined ? { violation: cex.violation, trace: cex.trace } : {}),
      ...(lasso
        ? {
            lasso: {
              loopIndex: lasso.loopIndex,
              stutter: lasso.stutter,
              states: [...lasso.prefix, ...lasso.cycle].map((t) => ({
                index: t.index,
                ...(t.instance !== undefined && t.instance >= 0 ? { process: model.instances[t.instance]?.name } : {}),
                action: t.step?.name ?? "init",
                state: model.view(t.state),
              })),
            },
          }
        : {}),
    };
  });
}

/** `--format mermaid`: per property its verdict, and each counterexample as a fenced `sequenceDiagram` (a lasso's cycle in a `loop` block). */
export function livenessMermaid(model: Model<unknown>, run: RunVerdict<unknown>): string {
  const lines: string[] = [];
  for (const l of notCheckedLines(run)) lines.push("", l);
  for (const p of run.properties) {
    if (p.verdict === "not checked") continue;
    lines.push("", `Property ${p.property}: ${p.verdict}${p.verdict === "holds" ? "" : ` — ${p.message}`}`);
    if (p.counterexample !== undefined) lines.push("", formatMermaid(model, p.counterexample, { fence: true }));
    else if (p.result?.lasso) lines.push("", formatLassoMermaid(model, p.result.lasso, { fence: true, message: p.message }));
  }
  return lines.length > 0 ? `\n${lines.join("\n")}` : "";
}

/**
 * `--itf FILE` when no safety counterexample was written: the counterexample of the first violated
 * property, a finite trace for `always X` or a lasso (ITF with `loop`) for the liveness forms.
 * Returns the file and the property, or undefined when no property has a counterexample.
 */
export function writePropertyItf(
  file: string,
  model: Model<unknown>,
  run: RunVerdict<unknown>,
  specFile: string,
): { file: string; property: string; lasso: boolean; others: number } | undefined {
  const violated = run.properties.filter((p) => p.counterexample !== undefined || p.result?.lasso !== undefined);
  const p = violated[0];
  if (p === undefined) return undefined;
  const meta = { source: specFile, spec: model.spec, property: p.property, violation: p.message };
  const lasso = p.result?.lasso;
  const doc = p.counterexample !== undefined ? traceToItf(model, p.counterexample, meta) : lassoToItf(model, lasso as NonNullable<typeof lasso>, meta);
  writeOutputFile(file, stringifyItf(doc));
  return { file, property: p.property, lasso: p.counterexample === undefined, others: violated.length - 1 };
}
