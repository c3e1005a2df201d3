/**
 * Temporal properties in `check` and `test`: after a complete safety search, the workload's
 * `property` declarations are checked under its fairness on one shared state graph; violations are
 * printed as lassos (prefix, then the cycle that repeats forever, marked) with only the variables
 * that change: as swimlanes (default), a numbered list (`--format list`, or when the lanes do not fit)
 * or Mermaid with the cycle in a `loop` block (`--format mermaid`); `--itf FILE` writes the lasso as
 * ITF with `loop`.
 */
import {
  checkAllProperties,
  diffViews,
  formatValue,
  wantsLiveness,
  type CheckResult,
  type LivenessResult,
  type Model,
  type TraceStep,
} from "../runtime/index.js";
import { lassoToItf, stringifyItf } from "../runtime/itf.js";
import { formatLassoMermaid } from "../runtime/mermaid.js";
import { formatLassoSwimlane } from "../runtime/swimlane.js";
import { outputWidth, writeOutputFile, type TraceFormat } from "./traces.js";

export interface LivenessRun {
  readonly results: readonly LivenessResult<unknown>[];
}

/** Checks the properties when the workload's verdict depends on them (undefined otherwise). */
export function runLiveness(
  model: Model<unknown>,
  result: CheckResult<unknown>,
  opts: { readonly enabled: boolean; readonly maxSeconds?: number; readonly maxStates?: number; readonly signal?: AbortSignal },
): LivenessRun | undefined {
  if (!opts.enabled || !wantsLiveness(model, result)) return undefined;
  const results = checkAllProperties(model, {
    ...(opts.maxSeconds !== undefined ? { maxSeconds: opts.maxSeconds } : {}),
    ...(opts.maxStates !== undefined ? { maxStates: opts.maxStates } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { results };
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

/** Human lines for the property results: one verdict line each, and the lasso of each violation. */
export function livenessLines(model: Model<unknown>, run: LivenessRun, opts: LivenessLinesOptions = {}): string[] {
  const lines: string[] = [];
  for (const r of run.results) {
    lines.push(`Property ${r.property}: ${r.verdict}${r.verdict === "holds" ? "" : ` — ${r.message}`}`);
    const lasso = r.lasso;
    if (!lasso || opts.quiet === true) continue;
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
      const changes = prev ? diffViews(prev, view) : [];
      lines.push(`  ${mark} ${String(t.index).padStart(3)} ${stepLine(model, t)}`);
      if (changes.length) lines.push(`        ${changes.map((c) => `${c.path}: ${formatValue(c.before ?? null)} → ${formatValue(c.after ?? null)}`).join("; ")}`);
      prev = view;
    });
    lines.push(
      lasso.stutter
        ? `    and then stays in state ${lasso.loopIndex} forever (no fair process can move)`
        : `    and then back to state ${lasso.loopIndex} (marked →), forever`,
    );
  }
  return lines;
}

/** JSON form of the property results. */
export function livenessJson(model: Model<unknown>, run: LivenessRun): object[] {
  return run.results.map((r) => ({
    property: r.property,
    verdict: r.verdict,
    message: r.message,
    ...(r.lasso
      ? {
          lasso: {
            loopIndex: r.lasso.loopIndex,
            stutter: r.lasso.stutter,
            states: [...r.lasso.prefix, ...r.lasso.cycle].map((t) => ({
              index: t.index,
              ...(t.instance !== undefined && t.instance >= 0 ? { process: model.instances[t.instance]?.name } : {}),
              action: t.step?.name ?? "init",
              state: model.view(t.state),
            })),
          },
        }
      : {}),
  }));
}

/** `--format mermaid`: per property its verdict, and each lasso as a fenced `sequenceDiagram` with the cycle in a `loop` block. */
export function livenessMermaid(model: Model<unknown>, run: LivenessRun): string {
  const lines: string[] = [];
  for (const r of run.results) {
    lines.push("", `Property ${r.property}: ${r.verdict}${r.verdict === "holds" ? "" : ` — ${r.message}`}`);
    if (r.lasso) lines.push("", formatLassoMermaid(model, r.lasso, { fence: true, message: r.message }));
  }
  return lines.length > 0 ? `\n${lines.join("\n")}` : "";
}

/**
 * `--itf FILE` when no safety counterexample was written: the lasso of the first violated property as
 * ITF with `loop`. Returns the file and the property, or undefined when no property has a lasso.
 */
export function writeLassoItf(file: string, model: Model<unknown>, run: LivenessRun, specFile: string): { file: string; property: string; others: number } | undefined {
  const violated = run.results.filter((r) => r.lasso !== undefined);
  const r = violated[0];
  if (r?.lasso === undefined) return undefined;
  const doc = lassoToItf(model, r.lasso, { source: specFile, spec: model.spec, property: r.property, violation: r.message });
  writeOutputFile(file, stringifyItf(doc));
  return { file, property: r.property, others: violated.length - 1 };
}
