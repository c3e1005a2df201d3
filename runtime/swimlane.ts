/**
 * The swimlane view of a counterexample: one column per process instance that moves (plus one for
 * actions), one row per step with the label and its spec line in the mover's column, and under each
 * row what the step did — lock ownership in words, procedure calls, then the variables that changed.
 * The initial state shows only the variables that change later (all of them with `full`). Steps marked
 * `*` preempt a process that could still have moved.
 */
import type { Model, Value } from "./model.js";
import type { CheckResult } from "./result.js";
import { describeFailure, formatStats, formatValue, formatVerdict } from "./format.js";
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
  const names = model.instances.map((i) => i.name);
  const laneName = (pid: number): string => (pid < 0 ? "(actions)" : (names[pid] ?? `pid ${pid}`));
  const cell = (s: StoryStep<S>): string => `${s.label} ${s.line}`.trimEnd();
  const digits = String(story.steps.length + 1).length;
  const numW = digits + 1;
  const widths = story.lanes.map((pid) => Math.max(laneName(pid).length, ...story.steps.filter((s) => s.mover === pid).map((s) => cell(s).length)));
  const starts: number[] = [];
  let col = numW + 2;
  for (const w of widths) {
    starts.push(col);
    col += w + 2;
  }
  const total = col - 2;
  if (total > width) return undefined;
  const out: string[] = [];
  const n = story.steps.length;
  const file = story.file !== undefined ? `; lines of ${story.file}` : "";
  const marked = story.preemptions > 0 ? " (marked *)" : "";
  out.push(`Counterexample: ${n} state${n === 1 ? "" : "s"}, ${story.preemptions} preemption${story.preemptions === 1 ? "" : "s"}${marked}${file}`);
  out.push(...initialLines(model, result, story, width, opts.full === true));
  out.push(pad("", numW + 2) + story.lanes.map((pid, i) => pad(laneName(pid), widths[i] as number)).join("  ").trimEnd());
  out.push(pad("", numW + 2) + widths.map((w) => "─".repeat(w)).join("  "));
  const minDetail = opts.minDetail ?? 40;
  for (const s of story.steps) {
    if (s.mover === undefined) continue;
    const lane = story.lanes.indexOf(s.mover);
    const start = starts[lane] as number;
    const num = pad(String(s.index), digits, true) + (s.preemption ? "*" : " ");
    out.push((num + pad("", start - numW) + cell(s)).trimEnd());
    const indent = width - (start + 2) >= minDetail ? start + 2 : numW + 2;
    out.push(...wrap(details(s, names), indent, width));
  }
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
  return out.join("\n");
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

function initialLines<S>(model: Model<S>, result: CheckResult<S>, story: Story<S>, width: number, full: boolean): string[] {
  const first = result.trace?.[0];
  if (first === undefined) return [];
  let parts: string[];
  let head: string;
  if (full) {
    head = "Initial state:";
    parts = Object.entries(model.view(first.state)).map(([k, v]) => `${k} = ${formatValue(v as Value)}`);
  } else {
    head = "Initially (variables that change):";
    parts = story.initial.map((x) => `${x.path} = ${formatValue(x.value)}`);
    if (parts.length === 0) return [];
  }
  const body = wrap(parts, 2, width, ", ");
  // Short enough: on the heading line.
  if (body.length === 1 && head.length + 1 + (body[0] as string).trimStart().length <= width) return [`${head} ${(body[0] as string).trimStart()}`];
  return [head, ...body];
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
