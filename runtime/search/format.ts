/**
 * Rendering check results: plain text for humans (verdict, statistics, the counterexample as numbered
 * steps showing only the variables that changed) and a stable JSON shape for tools.
 */
import { int } from "./digits.js";
import type { Model, Value } from "../contract/model.js";
import type { CheckResult, Stats, TraceStep, Violation } from "./result.js";
import type { FingerprintInfo } from "./fingerprint.js";
import { describeViolation } from "./expect.js";
import { refinementOf } from "../contract/refinement.js";
import { showViewType, typedEquals, variantCase, type ViewType, type ViewTypes } from "../contract/view-type.js";

/** Options for `formatResult` / `formatTrace`. */
export interface FormatOptions {
  /** Print every state in full instead of the changed variables. */
  readonly full?: boolean;
}

/** One changed variable between two consecutive states. `before`/`after` undefined = absent. */
export interface Change {
  /** Dotted path, e.g. `Refresher[1].pc` or `cnt[2]`. */
  readonly path: string;
  readonly before: Value | undefined;
  readonly after: Value | undefined;
  /** The type of the value at `path`, when the model declares its view types. */
  readonly type?: ViewType;
  /** For a set: the elements the step removed and added (then `changeText` shows only these). */
  readonly removed?: readonly Value[];
  readonly added?: readonly Value[];
  /**
   * How `path` is reached from the view: the variable, then each field, map key or array index, with
   * the path text and type at that point (to find the path's value in another state, e.g. the initial one).
   */
  readonly trail?: readonly TrailStep[];
}

/** One step of a `Change.trail`. */
export interface TrailStep {
  /** A view variable or record field / map key (string), or an array index (number). */
  readonly key: string | number;
  readonly path: string;
  readonly type?: ViewType;
}

/** Verdict line, statistics line and, for a violation, the counterexample. */
export function formatResult<S>(model: Model<S>, result: CheckResult<S>, opts: FormatOptions = {}): string {
  const lines = [formatVerdict(result), formatStats(result.stats)];
  if (result.violation !== undefined) lines.push("", formatTrace(model, result, opts));
  return lines.join("\n");
}

/** `Verdict: …` with what it means (exhaustive or not, which limit stopped the search). */
export function formatVerdict<S>(r: CheckResult<S>): string {
  if (r.verdict === "violated" && r.violation !== undefined) return `Verdict: violated — ${describeViolation(r.violation)}`;
  if (r.verdict === "incomplete") {
    return `Verdict: incomplete — stopped by ${limitText(r.limit)}; no violation in the ${int(r.stats.distinctStates)} states explored`;
  }
  if (r.mode === "simulate") {
    return (
      `Verdict: no violation found in ${int(r.stats.runs ?? 0)} runs ` +
      `(seed ${r.seed ?? "?"}, up to ${r.maxDepth ?? "?"} states each) — simulation is not exhaustive`
    );
  }
  if (!r.complete) {
    return `Verdict: holds up to depth ${r.maxDepth ?? "?"} — not exhaustive: ` + `${int(r.stats.cutOff ?? 0)} states beyond the bound were not explored`;
  }
  // Under a partial-order reduction that pruned something, the states are the reduced graph's, not all the reachable ones.
  if (r.por !== undefined && r.por.stats.pruned > 0 && r.por.rederived !== true)
    return `Verdict: holds — all ${int(r.stats.distinctStates)} states of the reduced graph explored (${r.mode}, partial-order reduction)`;
  return `Verdict: holds — all ${int(r.stats.distinctStates)} reachable states explored (${r.mode})`;
}

/** One line of statistics, then what the visited set guarantees (exhaustive searches). */
export function formatStats(s: Stats): string {
  const line =
    `${int(s.distinctStates)} distinct states, ${int(s.statesGenerated)} transitions, depth ${s.depth}, ` +
    `max queue ${int(s.queue)}, ${s.seconds.toFixed(2)} s ` +
    `(${int(Math.round(s.statesPerSec))} states/s, ${s.bytesPerState.toFixed(1)} bytes/state)`;
  return s.fingerprints === undefined ? line : `${line}\n${formatFingerprints(s.fingerprints)}`;
}

/** `Fingerprints: …`: exact, or the chance that hash compaction left a state unexplored (TLC prints the same estimate). */
export function formatFingerprints(f: FingerprintInfo): string {
  if (f.exact) return f.bits === 64 ? "Fingerprints: exact (no hash compaction)" : `Fingerprints: exact (${f.bits}-bit keys, no hash compaction)`;
  const p = f.collisionProbability === 0 ? "0" : f.collisionProbability.toExponential(1);
  // Past 10^-3 a run this size should store wider keys (sequential: `check --fingerprint 96`).
  const hint = f.bits === 64 && f.collisionProbability > 1e-3 ? "; --fingerprint 96 makes it ~2^-32 of that" : "";
  return `Fingerprints: ${f.bits}-bit, collision probability ≈ ${p} (calculated, optimistic${hint})`;
}

/** The counterexample: numbered steps with the changed variables, then what went wrong. */
export function formatTrace<S>(model: Model<S>, result: CheckResult<S>, opts: FormatOptions = {}): string {
  const v = result.violation;
  const trace = result.trace ?? [];
  const out: string[] = [];
  if (trace.length > 0) out.push(`Counterexample (${trace.length} state${trace.length === 1 ? "" : "s"}):`);
  let prev: { readonly [name: string]: Value } | undefined;
  const types = model.viewTypes;
  for (const t of trace) {
    const view = model.view(t.state);
    out.push(stepHeader(model, t));
    if (prev === undefined || opts.full === true) {
      for (const [name, value] of Object.entries(view)) out.push(`  ${name} = ${formatValue(value, types?.[name])}`);
    } else {
      const changes = diffViews(prev, view, types);
      if (changes.length === 0) out.push("  (no variable changed)");
      for (const c of changes) out.push(`  ${changeText(c)}`);
    }
    prev = view;
  }
  if (v !== undefined) out.push(...describeFailure(model, v, trace));
  out.push(...traceNotes(model, trace));
  return out.join("\n");
}

/** Options for `traceModel`. */
export interface TraceModelOptions {
  /** Show `ghost` variables too (`--show-ghosts`). */
  readonly showGhosts?: boolean;
}

const HIDDEN = Symbol("hiddenGhosts");

/**
 * The model as trace printers should see it: without its `ghost` variables in `view` and `viewTypes`
 * (unless `showGhosts`). Only for printing: the search, `--json` and ITF use the model itself, so ghosts
 * stay part of every state.
 */
export function traceModel<S>(model: Model<S>, opts: TraceModelOptions = {}): Model<S> {
  const ghosts = model.ghosts ?? [];
  if (opts.showGhosts === true || ghosts.length === 0) return model;
  const hidden = new Set(ghosts);
  const keep = <T>(o: { readonly [name: string]: T }): { [name: string]: T } => {
    const out: { [name: string]: T } = {};
    for (const [k, x] of Object.entries(o)) if (!hidden.has(k)) out[k] = x;
    return out;
  };
  const shown = Object.create(model) as Model<S>;
  Object.defineProperty(shown, "view", { value: (s: S) => keep(model.view(s)) });
  if (model.viewTypes !== undefined) Object.defineProperty(shown, "viewTypes", { value: keep(model.viewTypes) });
  Object.defineProperty(shown, HIDDEN, { value: ghosts });
  return shown;
}

/** The ghost variables `traceModel` hid from `model` (none for a model it did not wrap). */
export function hiddenGhosts(model: object): readonly string[] {
  return (model as { readonly [HIDDEN]?: readonly string[] })[HIDDEN] ?? [];
}

/**
 * The lines printed under a trace: `Note: x — …` once for each shown variable with a `note` whose value
 * changes along the trace, and which ghost variables are hidden.
 */
export function traceNotes<S>(model: Model<S>, trace: readonly TraceStep<S>[]): string[] {
  const out: string[] = [];
  const notes = model.notes;
  if (notes !== undefined && trace.length > 1) {
    const views = trace.map((t) => model.view(t.state));
    const first = views[0] as { readonly [name: string]: Value };
    for (const [name, text] of Object.entries(notes)) {
      if (!Object.hasOwn(first, name)) continue;
      if (views.some((w) => !valueEquals(w[name] as Value, first[name] as Value))) out.push(`Note: ${name} — ${text}`);
    }
  }
  const hidden = hiddenGhosts(model);
  if (hidden.length > 0 && trace.length > 0)
    out.push(`(ghost variable${hidden.length === 1 ? "" : "s"} ${hidden.join(", ")} not shown; --show-ghosts shows ${hidden.length === 1 ? "it" : "them"})`);
  return out;
}

/**
 * Why a state without successors is a deadlock. Only a workload that runs processes can terminate
 * (all of them `Done`, PlusCal's `Terminating`); with actions alone every such state is a deadlock.
 */
export function deadlockReason(model: Pick<Model<unknown>, "instances">): string {
  return model.instances.length > 0 ? "no step is enabled and not every process is done" : "no action is enabled (a spec without processes never terminates)";
}

export function describeFailure<S>(model: Model<S>, v: Violation, trace: readonly TraceStep<S>[]): string[] {
  const n = trace.length;
  switch (v.kind) {
    case "invariant":
      return [`Invariant ${v.property ?? "?"}${at(v.loc)} is violated in state ${n}.`];
    case "property":
      return [`Property ${v.property ?? "?"}${at(v.loc)} is violated in state ${n}: ${v.message}.`];
    case "deadlock": {
      const last = trace[n - 1];
      const lines = [`Deadlock in state ${n}: ${deadlockReason(model)}.`];
      const blocked = last !== undefined ? model.blocked?.(last.state) : undefined;
      for (const b of blocked ?? []) lines.push(`  ${instanceName(model, b.instance)}: ${b.reason}`);
      return lines;
    }
    case "assertion":
    case "lock_error":
    case "spec_error": {
      const what = v.kind === "assertion" ? "assertion failed" : v.kind === "lock_error" ? "lock error" : "spec error";
      if (v.step === undefined) {
        const where = v.property !== undefined ? `evaluating invariant ${v.property}` : n === 0 ? "computing the initial states" : `in state ${n}`;
        // The message of an invariant's evaluation error names the invariant already (explore.ts).
        const message = v.message.startsWith(`${where}: `) ? v.message.slice(where.length + 2) : v.message;
        return [`${capitalize(what)} ${where}: ${message}${at(v.loc)}`];
      }
      const who = v.instance !== undefined ? `${instanceName(model, v.instance)} ` : "";
      return [`Step ${n + 1}: ${who}${v.step.name} (${v.step.loc}) fails:`, `  ${what}: ${v.message}${at(v.loc)}`];
    }
    case "refinement":
      return describeRefinement(model, v, n);
    default:
      return [v.message];
  }
}

/**
 * A refinement violation: the step of the implementation (after the trace's last state) or the initial
 * state whose image is not a step (an initial state) of the abstract spec, with the abstract states.
 */
function describeRefinement<S>(model: Model<S>, v: Violation, n: number): string[] {
  const d = v.refinement;
  const abs = d?.abstract ?? "the abstract spec";
  // The abstract states are printed with the abstract model's view types, as the trace prints this
  // model's (enum members bare, `some(v)`, maps `[k |-> v]`); plain when the model is not at hand.
  const types = refinementOf(model)?.abstract.viewTypes;
  const typeOf = (k: string): ViewType | undefined => (types !== undefined && Object.hasOwn(types, k) ? types[k] : undefined);
  const vars = (view: { readonly [name: string]: Value }): string =>
    Object.entries(view)
      .map(([k, x]) => `${k} = ${formatValue(x, typeOf(k))}`)
      .join(", ");
  if (v.step === undefined) {
    const lines = [`Refinement of ${abs} (${d?.loc ?? v.loc ?? "?"}) is violated by initial state ${n}: ${v.message}.`];
    if (d !== undefined) lines.push(`  ${abs} state: ${vars(d.after)}`);
    return lines;
  }
  const who = v.instance !== undefined ? `${instanceName(model, v.instance)} ` : "";
  const lines = [`Step ${n + 1}: ${who}${v.step.name} (${v.step.loc}) is not a step of ${abs} (refinement at ${d?.loc ?? v.loc ?? "?"}):`, `  ${v.message}.`];
  if (d !== undefined) {
    if (d.before !== undefined) lines.push(`  ${abs} before: ${vars(d.before)}`);
    lines.push(`  ${abs} after:  ${vars(d.after)}`);
    if (d.before !== undefined) {
      const changed = diffViews(d.before, d.after, types).map(changeText);
      if (changed.length > 0) lines.push(`  (mapped change: ${changed.join("; ")})`);
    }
  }
  return lines;
}

function stepHeader<S>(model: Model<S>, t: TraceStep<S>): string {
  if (t.step === undefined) return `Step ${t.index}: initial state`;
  const who = t.instance !== undefined ? `${instanceName(model, t.instance)} ` : "";
  const picks =
    t.picks !== undefined && Object.keys(t.picks).length > 0
      ? ` with ${Object.entries(t.picks)
          .map(([k, x]) => `${k} = ${formatValue(x, t.step?.picks?.[k])}`)
          .join(", ")}`
      : "";
  return `Step ${t.index}: ${who}${t.step.name} (${t.step.loc})${picks}`;
}

/**
 * The variables that differ, descending into records, maps and equal-length sequences; with the
 * model's view types, a changed set is one change listing the elements removed and added, sequences
 * are indexed from 1 as in the spec, and map entries are `m[k]` whatever the key type.
 */
export function diffViews(before: { readonly [name: string]: Value }, after: { readonly [name: string]: Value }, types?: ViewTypes): Change[] {
  const out: Change[] = [];
  const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !Object.hasOwn(before, k))];
  for (const k of keys) {
    const type = types !== undefined && Object.hasOwn(types, k) ? types[k] : undefined;
    const root: TrailStep = { key: k, path: k, ...(type !== undefined ? { type } : {}) };
    diffValue([root], Object.hasOwn(before, k) ? before[k] : undefined, Object.hasOwn(after, k) ? after[k] : undefined, type, types !== undefined, out);
  }
  return out;
}

function diffValue(trail: readonly TrailStep[], a: Value | undefined, b: Value | undefined, t: ViewType | undefined, typed: boolean, out: Change[]): void {
  if (a === b) return;
  const path = (trail[trail.length - 1] as TrailStep).path;
  const into = (key: string | number, text: string, x: Value | undefined, y: Value | undefined, et: ViewType | undefined): void =>
    diffValue([...trail, { key, path: text, ...(et !== undefined ? { type: et } : {}) }], x, y, et, typed, out);
  const change = (extra: Partial<Change> = {}): void => {
    out.push({ path, before: a, after: b, ...(t !== undefined ? { type: t } : {}), trail, ...extra });
  };
  if (a === undefined || b === undefined) return change();
  if (t !== undefined) {
    switch (t.kind) {
      case "set": {
        if (typedEquals(a, b, t) || !Array.isArray(a) || !Array.isArray(b)) break;
        const removed = (a as readonly Value[]).filter((x) => !(b as readonly Value[]).some((y) => typedEquals(x, y, t.elem)));
        const added = (b as readonly Value[]).filter((y) => !(a as readonly Value[]).some((x) => typedEquals(x, y, t.elem)));
        return change({ removed, added });
      }
      case "seq":
        if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
          for (let i = 0; i < a.length; i++) into(i, `${path}[${i + 1}]`, a[i] as Value, b[i] as Value, t.elem);
          return;
        }
        break;
      case "map":
        if (isRecord(a) && isRecord(b) && sameKeySet(a, b)) {
          for (const k of Object.keys(a)) into(k, `${path}[${keyText(k, t.key)}]`, a[k], b[k], t.value);
          return;
        }
        break;
      case "record":
      case "frame":
        if (isRecord(a) && isRecord(b) && sameKeySet(a, b)) {
          for (const [f, ft] of t.fields) if (Object.hasOwn(a, f)) into(f, `${path}.${f}`, a[f], b[f], ft);
          return;
        }
        break;
      case "variant": {
        // Within one case the fields change one by one; a change of case is one change of the whole value.
        const c = variantCase(t, a);
        if (c !== undefined && c[1].length > 0 && isRecord(a) && isRecord(b) && a[TAG] === b[TAG] && sameKeySet(a, b)) {
          for (const [f, ft] of c[1]) into(f, `${path}.${f}`, a[f], b[f], ft);
          return;
        }
        break;
      }
      default:
        break;
    }
    if (!typedEquals(a, b, t)) change();
    return;
  }
  if (!typed) {
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      for (let i = 0; i < a.length; i++) into(i, `${path}[${i}]`, a[i] as Value, b[i] as Value, undefined);
      return;
    }
    // Two values of different variant cases differ as a whole (their fields are unrelated).
    if (isRecord(a) && isRecord(b) && sameKeys(a, b) && !(isVariantLike(a) && a[TAG] !== b[TAG])) {
      const map = isMapLike(a);
      for (const k of Object.keys(a)) into(k, map ? `${path}[${k}]` : `${path}.${k}`, a[k], b[k], undefined);
      return;
    }
  }
  if (valueEquals(a, b)) return;
  change();
}

/** `x: 0 → 1`; a set's change as the elements removed and added, `s: −1 +3`. */
export function changeText(c: Change): string {
  if (c.removed !== undefined && c.added !== undefined && c.type?.kind === "set") {
    const et = c.type.elem;
    return `${c.path}: ${[...c.removed.map((x) => `−${formatValue(x, et)}`), ...c.added.map((x) => `+${formatValue(x, et)}`)].join(" ")}`;
  }
  return `${c.path}: ${optValue(c.before, c.type)} → ${optValue(c.after, c.type)}`;
}

/** The value at `trail`'s deepest step that exists in `view` (the path's value in another state). */
export function valueAlong(
  view: { readonly [name: string]: Value },
  trail: readonly TrailStep[],
): { readonly path: string; readonly value: Value; readonly type?: ViewType; readonly depth: number; readonly order: readonly number[] } | undefined {
  let cur: Value | undefined;
  let found: { path: string; value: Value; type?: ViewType; depth: number; order: number[] } | undefined;
  // The position of each key among its holder's (view order, record fields in declaration order).
  const order: number[] = [];
  for (let i = 0; i < trail.length; i++) {
    const s = trail[i] as TrailStep;
    const holder: Value | undefined = i === 0 ? (view as Value) : cur;
    if (holder === null || holder === undefined || typeof holder !== "object") break;
    let next: Value | undefined;
    if (typeof s.key === "number") next = Array.isArray(holder) ? (holder[s.key] as Value | undefined) : undefined;
    else next = !Array.isArray(holder) && Object.hasOwn(holder, s.key) ? (holder as Rec)[s.key] : undefined;
    if (next === undefined) break;
    order.push(typeof s.key === "number" ? s.key : Object.keys(holder).indexOf(s.key));
    cur = next;
    found = { path: s.path, value: next, ...(s.type !== undefined ? { type: s.type } : {}), depth: i, order: [...order] };
  }
  return found;
}

type Rec = { readonly [field: string]: Value };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Whether a display record is a spec `map` rather than a record: models show maps as objects keyed by
 * the spec keys (`{1: 0, 2: 0}`, `{true: …}`, `{"Refresher[1]": …}`), records by field names. A key
 * that is not an identifier (an integer, a pid's name) or is `true`/`false` marks a map; a map keyed
 * by an enum is indistinguishable from a record and is shown with dots.
 */
export function isMapLike(v: Value): boolean {
  if (!isRecord(v) || isVariantLike(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => !IDENT.test(k) || k === "true" || k === "false");
}

/**
 * Whether a display record is a tuple: generated code represents `<<a, b>>` as `{ _1: a, _2: b }`
 * (spec records cannot have such fields), shown back as `<<a, b>>`.
 */
export function isTupleLike(v: Value): boolean {
  if (!isRecord(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k, i) => k === `_${i + 1}`);
}

/** The key holding a variant value's case (no spec field or map key can be `$tag`). */
const TAG = "$tag";

/**
 * Whether a display record is a variant value: generated code represents `Promise { bal: 1 }` as
 * `{ $tag: "Promise", bal: 1 }` (the tag first), shown back as `Promise {bal: 1}`, a bare case as `Abort`.
 */
export function isVariantLike(v: Value): boolean {
  if (!isRecord(v)) return false;
  return Object.keys(v)[0] === TAG && typeof v[TAG] === "string";
}

function isRecord(v: Value): v is Rec {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function sameKeySet(a: Rec, b: Rec): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k));
}

function sameKeys(a: Rec, b: Rec): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/** Structural equality of display values. */
export function valueEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x: Value, i) => valueEquals(x, b[i] as Value));
  }
  if (isRecord(a) && b !== null && isRecord(b)) {
    return sameKeySet(a, b) && Object.keys(a).every((k) => valueEquals(a[k] as Value, b[k] as Value));
  }
  return false;
}

/**
 * A value as in the spec. With its type: sets `{a, b}`, sequences `[a, b]`, tuples `<<a, b>>`, records
 * `{f: v}` in declaration order, maps `[k |-> v]`, options `some(v)`/`none`, strings quoted, enum
 * members and instance names bare. Without (a model that does not declare view types): strings
 * quoted, arrays `[a, b]`, objects `{k: v}`, `null` as none.
 */
export function formatValue(v: Value, t?: ViewType): string {
  if (t !== undefined) return formatTyped(v, t);
  if (v === null) return "none";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map((x: Value) => formatValue(x)).join(", ")}]`;
  if (isTupleLike(v))
    return `<<${Object.values(v as Rec)
      .map((x: Value) => formatValue(x))
      .join(", ")}>>`;
  const rec = v as Rec;
  if (isVariantLike(rec)) {
    const fields = Object.keys(rec).filter((k) => k !== TAG);
    const tag = rec[TAG] as string;
    return fields.length === 0 ? tag : `${tag} {${fields.map((k) => `${k}: ${formatValue(rec[k] as Value)}`).join(", ")}}`;
  }
  return `{${Object.keys(rec)
    .map((k) => `${k}: ${formatValue(rec[k] as Value)}`)
    .join(", ")}}`;
}

/** The `display` name of `v` in type `t`, if the spec gives one (an option naming values prints held values' names bare). */
export function displayName(v: Value, t: ViewType): string | undefined {
  const own = t.display?.find(([x]) => valueEquals(x, v));
  if (own !== undefined) return own[1];
  if (t.kind === "option" && t.display !== undefined && v !== null) return t.elem.display?.find(([x]) => valueEquals(x, v))?.[1];
  return undefined;
}

function formatTyped(v: Value, t: ViewType): string {
  if (t.display !== undefined) {
    const name = displayName(v, t);
    if (name !== undefined) return name;
  }
  switch (t.kind) {
    case "string":
      return typeof v === "string" ? JSON.stringify(v) : formatValue(v);
    case "name":
    case "owner":
      return v === null ? "none" : typeof v === "string" ? v : formatValue(v);
    case "set":
      return Array.isArray(v) ? `{${v.map((x: Value) => formatTyped(x, t.elem)).join(", ")}}` : formatValue(v);
    case "seq":
      return Array.isArray(v) ? `[${v.map((x: Value) => formatTyped(x, t.elem)).join(", ")}]` : formatValue(v);
    case "option":
      return v === null ? "none" : `some(${formatTyped(v, t.elem)})`;
    case "map":
      if (!isRecord(v)) return formatValue(v);
      return `[${Object.keys(v)
        .map((k) => `${keyText(k, t.key)} |-> ${formatTyped(v[k] as Value, t.value)}`)
        .join(", ")}]`;
    case "record":
    case "frame": {
      if (!isRecord(v)) return v === null ? "none" : formatValue(v);
      const known = new Set(t.fields.map(([f]) => f));
      const parts = t.fields.filter(([f]) => Object.hasOwn(v, f)).map(([f, ft]) => `${f}: ${formatTyped(v[f] as Value, ft)}`);
      for (const k of Object.keys(v)) if (!known.has(k)) parts.push(`${k}: ${formatValue(v[k] as Value)}`);
      return `{${parts.join(", ")}}`;
    }
    case "tuple":
      if (!isRecord(v)) return formatValue(v);
      return `<<${t.elems.map((et, i) => formatTyped(v[`_${i + 1}`] as Value, et)).join(", ")}>>`;
    case "variant": {
      const c = variantCase(t, v);
      if (c === undefined || !isRecord(v)) return formatValue(v);
      return c[1].length === 0 ? c[0] : `${c[0]} {${c[1].map(([f, ft]) => `${f}: ${formatTyped(v[f] as Value, ft)}`).join(", ")}}`;
    }
    default:
      return formatValue(v);
  }
}

/** A map key (an object key: `"1"`, `"true"`, a member's name) as printed: its `display` name if the key type gives one. */
function keyText(k: string, t: ViewType): string {
  return t.display?.find(([x]) => String(x) === k)?.[1] ?? k;
}

function optValue(v: Value | undefined, t?: ViewType): string {
  return v === undefined ? "(absent)" : formatValue(v, t);
}

export function instanceName<S>(model: Model<S>, pid: number): string {
  return model.instances[pid]?.name ?? `pid ${pid}`;
}

function at(loc: string | undefined): string {
  return loc !== undefined && loc !== "" ? ` at ${loc}` : "";
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function limitText(l: string | undefined): string {
  switch (l) {
    case "maxStates":
      return "the state limit";
    case "maxSeconds":
      return "the time limit";
    case "maxMemory":
      return "the memory limit";
    case "interrupted":
      return "an interrupt";
    case "storeLimit":
      return "the visited-state store's size limit";
    default:
      return "a limit";
  }
}

/** The JSON form of a result (`spec2ts check --json`). */
export interface JsonResult {
  readonly spec: string;
  readonly workload: string;
  readonly verdict: CheckResult<unknown>["verdict"];
  readonly violation?: {
    readonly kind: Violation["kind"];
    readonly property?: string;
    readonly message: string;
    readonly location?: string;
    readonly action?: string;
    readonly process?: string;
    /** Kind `refinement`: the abstract spec and its states before (absent for an initial state) and after. */
    readonly abstract?: string;
    readonly abstractBefore?: { readonly [name: string]: Value };
    readonly abstractAfter?: { readonly [name: string]: Value };
  };
  readonly stats: {
    readonly distinctStates: number;
    readonly statesGenerated: number;
    readonly depth: number;
    readonly seconds: number;
    readonly fingerprints?: FingerprintInfo;
  };
  /** With a trace: the spec type of each state variable (`set<int>`, `option<name>`, …), which tells sets (sorted arrays) from sequences and `some(v)` (v) from none (null). */
  readonly types?: { readonly [name: string]: string };
  readonly trace?: readonly {
    readonly index: number;
    readonly process?: string;
    /** The step's name, or `init` for the initial state. */
    readonly action: string;
    readonly location?: string;
    readonly state: { readonly [name: string]: Value };
  }[];
}

/** The result as plain JSON data; states are `Model.view` values. */
export function resultToJson<S>(model: Model<S>, r: CheckResult<S>): JsonResult {
  const v = r.violation;
  return {
    spec: model.spec,
    workload: model.workload,
    verdict: r.verdict,
    ...(v !== undefined
      ? {
          violation: {
            kind: v.kind,
            ...(v.property !== undefined ? { property: v.property } : {}),
            message: v.message,
            ...(v.loc !== undefined ? { location: v.loc } : {}),
            ...(v.step !== undefined ? { action: v.step.name } : {}),
            ...(v.instance !== undefined ? { process: instanceName(model, v.instance) } : {}),
            ...(v.refinement !== undefined
              ? {
                  abstract: v.refinement.abstract,
                  ...(v.refinement.before !== undefined ? { abstractBefore: v.refinement.before } : {}),
                  abstractAfter: v.refinement.after,
                }
              : {}),
          },
        }
      : {}),
    stats: {
      distinctStates: r.stats.distinctStates,
      statesGenerated: r.stats.statesGenerated,
      depth: r.stats.depth,
      seconds: r.stats.seconds,
      ...(r.stats.fingerprints !== undefined ? { fingerprints: r.stats.fingerprints } : {}),
    },
    ...(r.trace !== undefined && model.viewTypes !== undefined
      ? { types: Object.fromEntries(Object.entries(model.viewTypes).map(([k, t]) => [k, showViewType(t)])) }
      : {}),
    ...(r.trace !== undefined
      ? {
          trace: r.trace.map((t) => ({
            index: t.index,
            ...(t.instance !== undefined ? { process: instanceName(model, t.instance) } : {}),
            action: t.step?.name ?? "init",
            ...(t.step !== undefined ? { location: t.step.loc } : {}),
            state: model.view(t.state),
          })),
        }
      : {}),
  };
}
