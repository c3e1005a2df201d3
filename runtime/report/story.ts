/**
 * A counterexample as a story: per step, who moved, which label (and spec line), which shared
 * variables and which of the mover's own variables changed, which procedures were called or returned
 * from, and which locks changed hands. The swimlane and Mermaid renderers draw from this.
 *
 * Instance variables are recognised by their `Instance.` prefix in `Model.view`; `pc` changes are left
 * out (the next label shows them); lock ownership comes from `locksHeld` (LivenessInfo) when the model
 * has it, else from rwlock-shaped values, and the lock variables' own changes are then left out.
 */
import type { Model, Value } from "../contract/model.js";
import type { CheckResult, TraceStep } from "../search/result.js";
import { changeText, diffViews, formatValue, valueAlong, type Change } from "../search/format.js";
import type { ViewType } from "../contract/view-type.js";

export { changeText };
import { countPreemptions } from "../analyses/preemption.js";

export interface LockEvent {
  readonly instance: number;
  /** The lock's variable name, e.g. `lock`. */
  readonly lock: string;
  /** `read`/`write` for an rwlock. */
  readonly mode?: string;
  readonly kind: "takes" | "drops";
}

export interface StoryStep<S> {
  /** 1-based, as in the trace. */
  readonly index: number;
  readonly trace: TraceStep<S>;
  /** pid of the mover, -1 for an action, undefined for the initial state. */
  readonly mover?: number;
  /** Step name (`refresh.B4`), or `init`. */
  readonly label: string;
  /** `:284`, or `base.tspec:284` when the trace's steps come from several files. */
  readonly line: string;
  /** `fail = false, x = 2`, or "". */
  readonly picks: string;
  /** Changed shared variables (locks with an event this step left out). */
  readonly globals: readonly Change[];
  /** Changed instance variables by pid, paths without the `Instance.` prefix, no `pc`, no frames appearing/disappearing. */
  readonly locals: ReadonlyMap<number, readonly Change[]>;
  readonly calls: readonly { readonly instance: number; readonly proc: string; readonly kind: "calls" | "returns from" }[];
  readonly locks: readonly LockEvent[];
  /** The previous mover could still have moved. */
  readonly preemption: boolean;
}

export interface Story<S> {
  readonly steps: readonly StoryStep<S>[];
  /** The file all step lines refer to, when there is only one. */
  readonly file?: string;
  /** Lanes: the instances that move in the trace (in pid order), then -1 when an action moves. */
  readonly lanes: readonly number[];
  /**
   * Initial values of the variables that change later in the trace (at the paths shown, or at the
   * deepest part of such a path that exists initially: `net = {}` for a set that starts empty), pcs
   * and locks excluded.
   */
  readonly initial: readonly { readonly path: string; readonly value: Value; readonly type?: ViewType }[];
  readonly preemptions: number;
  /** Lock variable names seen in the trace. */
  readonly lockNames: readonly string[];
}

type View = { readonly [name: string]: Value };

interface LockInfo<S> {
  locksHeld(s: S, pid: number): readonly string[];
}

export function hasLocksHeld<S>(m: Model<S>): m is Model<S> & LockInfo<S> {
  return typeof (m as Partial<LockInfo<S>>).locksHeld === "function";
}

/**
 * Builds the story of a result's trace (or of any trace: a liveness lasso passes its prefix and cycle
 * as one trace, without a violation).
 */
export function buildStory<S>(model: Model<S>, result: Pick<CheckResult<S>, "trace" | "violation">): Story<S> {
  const trace = result.trace ?? [];
  const files = new Set<string>();
  for (const t of trace) if (t.step !== undefined) files.add(fileOf(t.step.loc));
  if (result.violation?.step !== undefined) files.add(fileOf(result.violation.step.loc));
  const file = files.size === 1 ? [...files][0] : undefined;
  const names = model.instances.map((i) => i.name);
  const lockNames = new Set<string>();
  const steps: StoryStep<S>[] = [];
  const types = model.viewTypes;
  const first = trace[0] !== undefined ? model.view(trace[0].state) : undefined;
  const initial = new Map<string, { path: string; value: Value; type?: ViewType; order: readonly number[] }>();
  // The value of the changed path in the initial state (not before the step: an earlier step may have
  // changed an enclosing value), at the deepest part of the path that exists there; one entry per path,
  // none under a path already listed.
  const noteInitial = (c: Change): void => {
    if (first === undefined || c.trail === undefined) return;
    const at = valueAlong(first, c.trail);
    if (at === undefined || initial.has(at.path)) return;
    for (const s of c.trail.slice(0, at.depth)) if (initial.has(s.path)) return;
    for (const k of [...initial.keys()]) if (k.startsWith(`${at.path}.`) || k.startsWith(`${at.path}[`)) initial.delete(k);
    initial.set(at.path, { path: at.path, value: at.value, ...(at.type !== undefined ? { type: at.type } : {}), order: at.order });
  };
  let prev: View | undefined;
  let prevState: S | undefined;
  let prevMover: number | undefined;
  for (const t of trace) {
    const view = model.view(t.state);
    const mover = t.step === undefined ? undefined : (t.instance ?? -1);
    const locks: LockEvent[] = [];
    const globals: Change[] = [];
    const locals = new Map<number, Change[]>();
    const calls: { instance: number; proc: string; kind: "calls" | "returns from" }[] = [];
    let preemption = false;
    if (prev !== undefined && prevState !== undefined) {
      if (hasLocksHeld(model)) {
        for (let pid = 0; pid < names.length; pid++) {
          const a = model.locksHeld(prevState, pid);
          const b = model.locksHeld(t.state, pid);
          for (const l of b) if (!a.includes(l)) locks.push({ instance: pid, ...splitLock(l), kind: "takes" });
          for (const l of a) if (!b.includes(l)) locks.push({ instance: pid, ...splitLock(l), kind: "drops" });
        }
      }
      const changes = diffViews(prev, view, types);
      if (!hasLocksHeld(model)) locks.push(...rwlockEvents(changes, names));
      for (const e of locks) lockNames.add(e.lock);
      const lockVars = new Set(locks.map((e) => e.lock));
      for (const c of changes) {
        const root = rootOf(c.path);
        if (lockVars.has(root)) continue;
        const owner = ownerOf(c.path, names);
        if (owner === undefined) {
          globals.push(c);
          noteInitial(c);
          continue;
        }
        const rest = c.path.slice((names[owner] as string).length + 1);
        if (rest === "pc") continue;
        if (!rest.includes(".") && !rest.includes("[") && isFrame(c)) {
          calls.push({ instance: owner, proc: rest, kind: c.before === undefined ? "calls" : "returns from" });
          continue;
        }
        let list = locals.get(owner);
        if (list === undefined) locals.set(owner, (list = []));
        list.push({ ...c, path: rest });
        // Not a procedure frame's variables: frames come and go with calls.
        if (!isFrameVar(c, rest, types)) noteInitial(c);
      }
      if (prevMover !== undefined && mover !== undefined && mover !== prevMover) {
        model.successors(prevState, (x) => {
          if ((x.instance ?? -1) === prevMover) preemption = true;
        });
      }
    }
    steps.push({
      index: t.index,
      trace: t,
      ...(mover !== undefined ? { mover } : {}),
      label: t.step?.name ?? "init",
      line: t.step !== undefined ? lineOf(t.step.loc, file) : "",
      picks: picksText(t.picks, t.step?.picks),
      globals,
      locals,
      calls,
      locks,
      preemption,
    });
    prev = view;
    prevState = t.state;
    if (mover !== undefined) prevMover = mover;
  }
  const lanes: number[] = [];
  const movers = new Set<number>();
  for (const s of steps) if (s.mover !== undefined) movers.add(s.mover);
  const v = result.violation;
  if (v?.step !== undefined) movers.add(v.instance ?? -1);
  for (let pid = 0; pid < names.length; pid++) if (movers.has(pid)) lanes.push(pid);
  if (movers.has(-1)) lanes.push(-1);
  if (lanes.length === 0 && names.length > 0) lanes.push(0);
  return {
    steps,
    ...(file !== undefined ? { file } : {}),
    lanes,
    // In the initial state's order: variables as the view lists them, fields in declaration order.
    initial: [...initial.values()]
      .sort((a, b) => compareOrder(a.order, b.order))
      .map(({ path, value, type }) => ({ path, value, ...(type !== undefined ? { type } : {}) })),
    preemptions: countPreemptions(model, trace),
    lockNames: [...lockNames],
  };
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** A change inside a procedure frame (`rest`: its path after the instance's name). */
function isFrameVar(c: Change, rest: string, types: { readonly [name: string]: ViewType } | undefined): boolean {
  const root = c.trail?.[0]?.path;
  if (types !== undefined && root !== undefined && Object.hasOwn(types, root)) return types[root]?.kind === "frame";
  return rest.includes(".");
}

/** A procedure frame appearing or disappearing (a record value on one side, absent on the other). */
function isFrame(c: Change): boolean {
  const v = c.before === undefined ? c.after : c.after === undefined ? c.before : undefined;
  return v !== undefined && v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `lock (write)` → lock, write. */
function splitLock(text: string): { lock: string; mode?: string } {
  const m = /^(.*) \((read|write)\)$/.exec(text);
  return m !== null ? { lock: m[1] as string, mode: m[2] as string } : { lock: text };
}

/** Without `locksHeld`: ownership changes of rwlock-shaped values `{writer, readers}`. */
function rwlockEvents(changes: readonly Change[], names: readonly string[]): LockEvent[] {
  const out: LockEvent[] = [];
  const pidOf = (v: Value | undefined): number => (typeof v === "string" ? names.indexOf(v) : -1);
  for (const c of changes) {
    const m = /^(.*)\.(writer|readers)$/.exec(c.path);
    if (m === null) continue;
    const lock = m[1] as string;
    if (m[2] === "writer") {
      if (pidOf(c.before) >= 0) out.push({ instance: pidOf(c.before), lock, mode: "write", kind: "drops" });
      if (pidOf(c.after) >= 0) out.push({ instance: pidOf(c.after), lock, mode: "write", kind: "takes" });
    } else {
      const a = Array.isArray(c.before) ? (c.before as Value[]) : [];
      const b = Array.isArray(c.after) ? (c.after as Value[]) : [];
      for (const r of b) if (!a.includes(r) && pidOf(r) >= 0) out.push({ instance: pidOf(r), lock, mode: "read", kind: "takes" });
      for (const r of a) if (!b.includes(r) && pidOf(r) >= 0) out.push({ instance: pidOf(r), lock, mode: "read", kind: "drops" });
    }
  }
  return out;
}

/** The variable a path is about: `gup[1]` → gup, `lock.writer` → lock. */
export function rootOf(path: string): string {
  const m = /^[^.[]*/.exec(path);
  return m !== null ? m[0] : path;
}

/** The pid whose variable `path` is (`Refresher[1].n`), if any; longest instance name wins. */
function ownerOf(path: string, names: readonly string[]): number | undefined {
  let best: number | undefined;
  for (let pid = 0; pid < names.length; pid++) {
    const n = names[pid] as string;
    if (path.startsWith(`${n}.`) && (best === undefined || n.length > (names[best] as string).length)) best = pid;
  }
  return best;
}

function fileOf(loc: string): string {
  const m = /^(.*?):\d+(:\d+)?$/.exec(loc);
  return m !== null ? (m[1] as string) : loc;
}

function lineOf(loc: string, file: string | undefined): string {
  const m = /^(.*?):(\d+)(:\d+)?$/.exec(loc);
  if (m === null) return loc;
  if (file !== undefined) return `:${m[2]}`;
  const base = (m[1] as string).split("/").pop() as string;
  return `${base}:${m[2]}`;
}

/** `x = 1, y = {2}`: the values a step chose, as traces print them (by name where `types` has names). */
export function picksText(p: { readonly [name: string]: Value } | undefined, types?: { readonly [name: string]: ViewType }): string {
  if (p === undefined) return "";
  return Object.entries(p)
    .map(([k, v]) => `${k} = ${formatValue(v, types?.[k])}`)
    .join(", ");
}

/** `lock (write)` etc. in words: `Refresher[1] takes lock (write)`. */
export function lockEventText(e: LockEvent, names: readonly string[]): string {
  const who = names[e.instance] ?? `pid ${e.instance}`;
  return `${who} ${e.kind} ${e.lock}${e.mode !== undefined ? ` (${e.mode})` : ""}`;
}
