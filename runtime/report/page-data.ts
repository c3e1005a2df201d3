/**
 * The data behind the web views of a model (`check --html`, `spec2ts explore`): per state, the full
 * view as display strings, what changed, who moved and where, and the locks each instance holds.
 * Plain JSON, so the pages render it with `textContent` only (spec text never becomes markup).
 */
import { diffViews, formatValue, instanceName } from "../search/format.js";
import type { Model, Transition, Value } from "../contract/model.js";
import type { TraceStep } from "../search/result.js";
import type { ViewTypes } from "../contract/view-type.js";
import { hasLocksHeld, picksText } from "./story.js";

export { picksText };

export interface PageChange {
  readonly path: string;
  /** Absent when the variable appears (a procedure frame, a map entry). */
  readonly before?: string;
  /** Absent when it disappears. */
  readonly after?: string;
}

export interface PageState {
  /** Every variable of `Model.view`, as [path, value] in the view's order. */
  readonly vars: readonly (readonly [string, string])[];
  /** Locks held, per instance name (instances holding none are left out). */
  readonly locks: readonly (readonly [string, readonly string[]])[];
}

export interface PageStep {
  /** 1-based, as in the terminal output. */
  readonly index: number;
  /** Lane index into `lanes`, or -1 for the initial state. */
  readonly lane: number;
  readonly mover?: string;
  /** Label or action name, or `init`. */
  readonly label: string;
  /** `file:line` of the step, or "". */
  readonly loc: string;
  readonly picks: string;
  readonly changes: readonly PageChange[];
  readonly state: PageState;
  /** Part of a lasso's cycle. */
  readonly cycle: boolean;
}

export interface TracePageData {
  readonly title: string;
  readonly verdict: string;
  /** Why the last state is a counterexample (the terminal's closing lines). */
  readonly failure: readonly string[];
  readonly lanes: readonly string[];
  readonly steps: readonly PageStep[];
  /** For a lasso: the index of the state the cycle returns to. */
  readonly loopIndex?: number;
  /** Spec sources by display path, for the source panel. */
  readonly sources: { readonly [file: string]: string };
}

/** The full state for display. */
export function pageState<S>(model: Model<S>, s: S): PageState {
  const view = model.view(s);
  const vars = Object.entries(view).map(([k, v]) => [k, formatValue(v, model.viewTypes?.[k])] as const);
  const locks: (readonly [string, readonly string[]])[] = [];
  if (hasLocksHeld(model)) {
    for (let pid = 0; pid < model.instances.length; pid++) {
      const held = model.locksHeld(s, pid);
      if (held.length > 0) locks.push([instanceName(model, pid), held]);
    }
  }
  return { vars, locks };
}

/** What changed from `before` to `after`, as display strings (with the model's `types`: sets, options and `display` names as the terminal prints them). */
export function pageChanges(before: { readonly [name: string]: Value }, after: { readonly [name: string]: Value }, types?: ViewTypes): PageChange[] {
  return diffViews(before, after, types).map((c) => ({
    path: c.path,
    ...(c.before !== undefined ? { before: formatValue(c.before, c.type) } : {}),
    ...(c.after !== undefined ? { after: formatValue(c.after, c.type) } : {}),
  }));
}

/** The label of a transition as the explorer lists it (`Worker[1] Enter`, `Grant with c = 1`). */
export function transitionTitle<S>(model: Model<S>, t: Transition<S>): { mover?: string; label: string; loc: string; picks: string } {
  const step = model.steps[t.step];
  return {
    ...(t.instance >= 0 ? { mover: instanceName(model, t.instance) } : {}),
    label: step?.name ?? `#${t.step}`,
    loc: step?.loc ?? "",
    picks: picksText(t.picks, step?.picks),
  };
}

export interface TracePageInput<S> {
  readonly title: string;
  readonly verdict: string;
  readonly failure: readonly string[];
  /** The trace (a lasso passes its prefix then its cycle). */
  readonly trace: readonly TraceStep<S>[];
  readonly loopIndex?: number;
  /** Index (0-based) in `trace` where the cycle starts, for a lasso. */
  readonly cycleFrom?: number;
  /** Reads a spec file by display path (undefined when unreadable: the source panel is then empty). */
  readonly readSource?: (file: string) => string | undefined;
}

function fileOfLoc(loc: string): string | undefined {
  const m = /^(.*):\d+$/.exec(loc);
  return m?.[1];
}

/** Builds the page data of a counterexample or a lasso. */
export function tracePageData<S>(model: Model<S>, input: TracePageInput<S>): TracePageData {
  const lanes: string[] = [];
  const laneOf = new Map<number, number>();
  for (const t of input.trace) {
    if (t.step === undefined) continue;
    const who = t.instance ?? -1;
    if (!laneOf.has(who)) laneOf.set(who, -2);
  }
  const movers = [...laneOf.keys()].sort((a, b) => (a === -1 ? 1 : b === -1 ? -1 : a - b));
  for (const who of movers) {
    laneOf.set(who, lanes.length);
    lanes.push(who === -1 ? "(actions)" : instanceName(model, who));
  }
  const steps: PageStep[] = [];
  let prev: { readonly [name: string]: Value } | undefined;
  const files = new Set<string>();
  input.trace.forEach((t, k) => {
    const view = model.view(t.state);
    const who = t.step === undefined ? undefined : (t.instance ?? -1);
    if (t.step !== undefined) {
      const f = fileOfLoc(t.step.loc);
      if (f !== undefined) files.add(f);
    }
    steps.push({
      index: t.index,
      lane: who === undefined ? -1 : (laneOf.get(who) ?? -1),
      ...(who !== undefined && who >= 0 ? { mover: instanceName(model, who) } : {}),
      label: t.step?.name ?? "init",
      loc: t.step?.loc ?? "",
      picks: picksText(t.picks, t.step?.picks),
      changes: prev === undefined ? [] : pageChanges(prev, view, model.viewTypes),
      state: pageState(model, t.state),
      cycle: input.cycleFrom !== undefined && k >= input.cycleFrom,
    });
    prev = view;
  });
  const sources: { [file: string]: string } = {};
  for (const f of files) {
    const text = input.readSource?.(f);
    if (text !== undefined) sources[f] = text;
  }
  return {
    title: input.title,
    verdict: input.verdict,
    failure: input.failure,
    lanes,
    steps,
    ...(input.loopIndex !== undefined ? { loopIndex: input.loopIndex } : {}),
    sources,
  };
}

/**
 * JSON for an inline `<script type="application/json">`: `<`, `>`, `&` and the line separators are
 * escaped, so no spec text can close the script element or start markup.
 */
export function inlineJson(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Text for an HTML text context (the page title). */
export function htmlText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
