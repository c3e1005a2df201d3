/**
 * The swimlane view of a counterexample: one column per process instance that moves (plus one for
 * actions), one row per step with the label and its spec line in the mover's column, and under each
 * row what the step did — lock ownership in words, procedure calls, then the variables that changed.
 * The initial state shows only the variables that change later (all of them with `full`). Steps marked
 * `*` preempt a process that could still have moved. A liveness lasso (`formatLassoSwimlane`) has the
 * prefix rows, a separator where the cycle starts, the cycle rows marked `↻`, and the way back to the
 * loop state (or, when it stutters, that it stays there forever).
 */
import type { Model, Value } from "../contract/model.js";
import type { CheckResult, TraceStep } from "../search/result.js";
import type { Lasso } from "../analyses/liveness.js";
import { describeFailure, formatStats, formatValue, formatVerdict, traceNotes } from "../search/format.js";
import { buildStory, changeText, lockEventText, type Story, type StoryStep } from "./story.js";

export interface SwimlaneOptions {
  /** Terminal width in columns; default 100. */
  readonly width?: number;
  /** Show the whole initial state. */
  readonly full?: boolean;
  /** Narrowest lane area the detail lines may use before they start at the left margin instead; default 40. */
  readonly minDetail?: number;
}

/** Verdict, statistics and the swimlane; `undefined` when the lanes do not fit the width. */
export function formatResultSwimlane<S>(model: Model<S>, result: CheckResult<S>, opts: SwimlaneOptions = {}): string | undefined {
  const lines = [formatVerdict(result), formatStats(result.stats)];
  if (result.violation !== undefined) {
    const lane = formatSwimlane(model, result, opts);
    if (lane === undefined) return undefined;
    lines.push("", lane);
  }
  return lines.join("\n");
}

/** The counterexample as swimlanes, or `undefined` when it does not fit `width`. */
export function formatSwimlane<S>(model: Model<S>, result: CheckResult<S>, opts: SwimlaneOptions = {}): string | undefined {
  const width = opts.width ?? 100;
  const story = buildStory(model, result);
  const grid = layout(model, story, width, 0);
  if (grid === undefined) return undefined;
  const { digits, numW, starts } = grid;
  const out: string[] = [];
  const n = story.steps.length;
  const file = story.file !== undefined ? `; lines of ${story.file}` : "";
  const marked = story.preemptions > 0 ? " (marked *)" : "";
  out.push(`Counterexample: ${n} state${n === 1 ? "" : "s"}, ${story.preemptions} preemption${story.preemptions === 1 ? "" : "s"}${marked}${file}`);
  out.push(...initialLines(model, result.trace?.[0], story, width, opts.full === true));
  out.push(...grid.header);
  for (const s of story.steps) out.push(...rowLines(s, grid, width, opts, ""));
  const v = result.violation;
  if (v?.step !== undefined) {
    // The step that fails (assertion, lock or spec error) in its lane, marked ✗.
    const lane = story.lanes.indexOf(v.instance ?? -1);
    if (lane >= 0) {
      const start = starts[lane] as number;
      const line = story.file !== undefined ? v.step.loc.replace(/^.*?:(\d+)(:\d+)?$/, ":$1") : v.step.loc;
      out.push((pad(String(n + 1), digits, true) + "✗" + pad("", start - numW) + `${v.step.name} ${line}`).trimEnd());
    }
  }
  if (story.preemptions > 0) out.push("(* preemption: the previous mover could still have moved)");
  if (v !== undefined) out.push(...describeFailure(model, v, result.trace ?? []));
  out.push(...traceNotes(model, result.trace ?? []).flatMap((l) => noteLines(l, width)));
  return out.join("\n");
}

/**
 * A liveness counterexample (a lasso) as swimlanes: the prefix rows up to the loop state, a separator,
 * the cycle rows marked `↻`, and a closing line: back in the loop state, forever — or, for a stuttering
 * lasso (empty cycle), that the behaviour stays in the loop state forever because no fair step can
 * move. `undefined` when the lanes do not fit `width`.
 */
export function formatLassoSwimlane<S>(model: Model<S>, lasso: Lasso<S>, opts: SwimlaneOptions = {}): string | undefined {
  const width = opts.width ?? 100;
  const trace = [...lasso.prefix, ...lasso.cycle];
  const story = buildStory(model, { trace });
  // Two more columns than a safety trace: `↻ ` in front of the cycle's state numbers.
  const grid = layout(model, story, width, 2);
  if (grid === undefined) return undefined;
  const out: string[] = [];
  const n = trace.length;
  const k = lasso.loopIndex;
  const file = story.file !== undefined ? `; lines of ${story.file}` : "";
  const pre = story.preemptions > 0 ? `; ${story.preemptions} preemption${story.preemptions === 1 ? "" : "s"} (marked *)` : "";
  const shape = lasso.stutter
    ? `${k === 1 ? "the initial state" : `states 1–${k}`}, then stuck in state ${k} forever`
    : `${k === 1 ? "the initial state" : `states 1–${k}`}, then a cycle of ${lasso.cycle.length} step${lasso.cycle.length === 1 ? "" : "s"} (marked ↻) back to state ${k}, forever`;
  const head = `Lasso: ${shape}${pre}${file}`;
  if (head.length <= width || pre + file === "") out.push(head);
  else
    out.push(
      `Lasso: ${shape}`,
      ...wrap(
        [pre, file].filter((x) => x !== "").map((x) => x.slice(2)),
        2,
        width,
      ),
    );
  out.push(...initialLines(model, trace[0], story, width, opts.full === true));
  const moves = story.steps.some((s) => s.mover !== undefined);
  if (moves) out.push(...grid.header);
  const rule = (text: string): string => {
    const head = `${" ".repeat(grid.numW)}── ${text} `;
    return head + "─".repeat(Math.max(2, Math.min(width, grid.total) - head.length));
  };
  for (const s of story.steps) {
    const inCycle = s.index > k;
    out.push(...rowLines(s, grid, width, opts, inCycle ? "↻" : " "));
    if (s.index === k && !lasso.stutter) out.push(rule(`cycle: repeats forever from state ${k}`));
  }
  if (lasso.stutter) {
    out.push(rule(`stutters: stays in state ${k} forever`));
    const where = pcsText(model, trace[trace.length - 1]);
    out.push(`No fair step can move in state ${k}${where !== "" ? ` (${where})` : ""}.`);
  } else {
    out.push(rule(`back in state ${k} (state ${n} = state ${k}): the cycle repeats forever`));
  }
  if (story.preemptions > 0) out.push("(* preemption: the previous mover could still have moved)");
  out.push(...traceNotes(model, trace).flatMap((l) => noteLines(l, width)));
  return out.join("\n");
}

/** `Worker[1] at Try, Worker[2] at Exit`: where each process is (its `pc`), for a stuttering state. */
function pcsText<S>(model: Model<S>, t: TraceStep<S> | undefined): string {
  if (t === undefined) return "";
  const view = model.view(t.state);
  const parts: string[] = [];
  for (const i of model.instances) {
    const pc = view[`${i.name}.pc`];
    if (pc !== undefined) parts.push(`${i.name} at ${typeof pc === "string" ? pc : formatValue(pc)}`);
  }
  return parts.join(", ");
}

interface Grid {
  readonly names: readonly string[];
  readonly digits: number;
  /** Width of the number column: marks, digits, and the preemption mark. */
  readonly numW: number;
  /** Start column of each lane. */
  readonly starts: readonly number[];
  readonly total: number;
  /** The lane names and their rules. */
  readonly header: readonly string[];
  readonly marks: number;
  readonly lanes: readonly number[];
}

/** Column layout of a story's lanes, or `undefined` when it does not fit `width`. */
function layout<S>(model: Model<S>, story: Story<S>, width: number, marks: number): Grid | undefined {
  const names = model.instances.map((i) => i.name);
  const laneName = (pid: number): string => (pid < 0 ? "(actions)" : (names[pid] ?? `pid ${pid}`));
  const digits = String(story.steps.length + 1).length;
  const numW = marks + digits + 1;
  const widths = story.lanes.map((pid) => Math.max(laneName(pid).length, ...story.steps.filter((s) => s.mover === pid).map((s) => cell(s).length)));
  const starts: number[] = [];
  let col = numW + 2;
  for (const w of widths) {
    starts.push(col);
    col += w + 2;
  }
  const total = col - 2;
  if (total > width) return undefined;
  const header = [
    pad("", numW + 2) +
      story.lanes
        .map((pid, i) => pad(laneName(pid), widths[i] as number))
        .join("  ")
        .trimEnd(),
    pad("", numW + 2) + widths.map((w) => "─".repeat(w)).join("  "),
  ];
  return { names, digits, numW, starts, total, header, marks, lanes: story.lanes };
}

function cell<S>(s: StoryStep<S>): string {
  return `${s.label} ${s.line}`.trimEnd();
}

/** A step's row (number, marks, the label in the mover's lane) and its detail lines; none for the initial state. */
function rowLines<S>(s: StoryStep<S>, grid: Grid, width: number, opts: SwimlaneOptions, mark: string): string[] {
  if (s.mover === undefined) return [];
  const lane = grid.lanes.indexOf(s.mover);
  const start = grid.starts[lane] as number;
  const num = (grid.marks > 0 ? mark.padEnd(grid.marks) : "") + pad(String(s.index), grid.digits, true) + (s.preemption ? "*" : " ");
  const minDetail = opts.minDetail ?? 40;
  const indent = width - (start + 2) >= minDetail ? start + 2 : grid.numW + 2;
  return [(num + pad("", start - grid.numW) + cell(s)).trimEnd(), ...wrap(details(s, grid.names), indent, width)];
}

/** What a step did, in reading order. */
function details<S>(s: StoryStep<S>, names: readonly string[]): string[] {
  const parts: string[] = [];
  if (s.picks !== "") parts.push(`with ${s.picks}`);
  for (const e of s.locks) parts.push(lockEventText(e, names));
  for (const c of s.calls) parts.push(c.instance === s.mover ? `${c.kind} ${c.proc}` : `${names[c.instance]} ${c.kind} ${c.proc}`);
  for (const c of s.globals) parts.push(changeText(c));
  const own = s.mover !== undefined ? s.locals.get(s.mover) : undefined;
  for (const c of own ?? []) parts.push(changeText(c));
  for (const [pid, list] of s.locals) {
    if (pid === s.mover) continue;
    for (const c of list) parts.push(changeText({ ...c, path: `${names[pid]}.${c.path}` }));
  }
  if (parts.length === 0) parts.push("(no variable changed)");
  return parts;
}

function initialLines<S>(model: Model<S>, first: TraceStep<S> | undefined, story: Story<S>, width: number, full: boolean): string[] {
  if (first === undefined) return [];
  let parts: string[];
  let head: string;
  if (full) {
    head = "Initial state:";
    parts = Object.entries(model.view(first.state)).map(([k, v]) => `${k} = ${formatValue(v as Value, model.viewTypes?.[k])}`);
  } else {
    head = "Initially (variables that change):";
    parts = story.initial.map((x) => `${x.path} = ${formatValue(x.value, x.type)}`);
    if (parts.length === 0) return [];
  }
  const body = wrap(parts, 2, width, ", ");
  // Short enough: on the heading line.
  if (body.length === 1 && head.length + 1 + (body[0] as string).trimStart().length <= width) return [`${head} ${(body[0] as string).trimStart()}`];
  return [head, ...body];
}

/** A note under the lanes, word-wrapped (continuation lines indented) so that it is no wider than they are. */
function noteLines(note: string, width: number): string[] {
  if (note.length <= width) return [note];
  return wrap(note.split(" "), 2, width, " ").map((l, i) => (i === 0 ? l.slice(2) : l));
}

/** Joins `parts` with `sep`, wrapping at `width` with every line indented by `indent`. */
function wrap(parts: readonly string[], indent: number, width: number, sep = "; "): string[] {
  const lines: string[] = [];
  const lead = " ".repeat(indent);
  let cur = "";
  for (const p of parts) {
    if (cur === "") cur = p;
    else if (indent + cur.length + sep.length + p.length <= width) cur += sep + p;
    else {
      lines.push(lead + cur + sep.trimEnd());
      cur = p;
    }
  }
  if (cur !== "") lines.push(lead + cur);
  return lines;
}

function pad(s: string, w: number, right = false): string {
  return s.length >= w ? s : right ? " ".repeat(w - s.length) + s : s + " ".repeat(w - s.length);
}
