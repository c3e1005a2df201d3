/**
 * The Informal Trace Format (ITF) of Apalache and Quint: writing a counterexample as ITF JSON, reading
 * ITF back, checking a document against the format's rules, and replaying an ITF trace through a model
 * (trace validation: is this sequence of states — say, logged by an implementation — a behaviour of
 * the spec?).
 *
 * Variables are the model's `view` keys: globals and `Instance.var`. Values: integers
 * `{"#bigint": "…"}`, strings and booleans as themselves, sequences and sets (the display form does
 * not tell them apart) as JSON arrays, maps `{"#map": [[k, v], …]}` (keys decoded back to their display
 * form), records as objects, `none` (and a procedure frame that is not active) as Quint's
 * `{"tag": "None", "value": {"#tup": []}}`. As Quint does with `--mbt`, every state also carries
 * `mbt::actionTaken` (the step name, `init` first) and `mbt::nondetPicks` (the step's picks, each
 * `{"tag": "Some", "value": v}`); its `#meta` has the index, the instance that moved and the location.
 * A liveness lasso (`lassoToItf`) is its prefix and cycle with the top-level `loop`: the index of the
 * loop state, which the cycle's last state repeats.
 *
 * See https://apalache-mc.org/docs/adr/015adr-trace.html.
 */
import { SpecError, type Model, type Value } from "../contract/model.js";
import type { CheckResult, TraceStep } from "../search/result.js";
import type { Lasso } from "../analyses/liveness.js";
import { Fingerprinter, fingerprintInto } from "../search/fingerprint.js";
import { formatValue, valueEquals } from "../search/format.js";
import { describeViolation } from "../search/expect.js";
import { showViewType, typedEquals, type ViewTypes } from "../contract/view-type.js";
import { isObject, itfToTyped, itfToValue, ItfTypeError, ownSet, valueToItf, type ItfValue } from "./itf-value.js";

// The value codec is part of this module's surface (callers import ITF from here).
export { itfToTyped, itfToValue, ItfTypeError, valueToItf, type ItfValue } from "./itf-value.js";

export interface ItfState {
  readonly "#meta"?: { readonly index?: number; readonly [k: string]: unknown };
  readonly [variable: string]: unknown;
}

export interface ItfTrace {
  readonly "#meta"?: { readonly [k: string]: unknown };
  readonly params?: readonly string[];
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
  readonly loop?: number;
}

export const ACTION_TAKEN = "mbt::actionTaken";
export const NONDET_PICKS = "mbt::nondetPicks";

/** The counterexample of `result` as an ITF document. */
export function traceToItf<S>(model: Model<S>, result: CheckResult<S>, meta: { readonly [k: string]: unknown } = {}): ItfTrace {
  const v = result.violation;
  return {
    "#meta": headerMeta(model, v !== undefined ? `counterexample: ${describeViolation(v)}` : "trace", meta),
    ...statesToItf(model, result.trace ?? []),
  };
}

/**
 * A liveness counterexample as an ITF lasso: the states of the prefix (initial state … loop state) and
 * of the cycle, whose last state is the loop state again, with `loop` the 0-based index of the loop
 * state (`lasso.loopIndex - 1`). A stuttering lasso has no cycle: `loop` is then the last state, which
 * the behaviour never leaves.
 */
export function lassoToItf<S>(model: Model<S>, lasso: Lasso<S>, meta: { readonly [k: string]: unknown } = {}): ItfTrace {
  const k = lasso.loopIndex;
  const description = lasso.stutter
    ? `lasso: ${k === 1 ? "state 0" : `states 0..${k - 1}`}, then stuttering in state ${k - 1} forever (no cycle)`
    : `lasso: states 0..${k - 1}, then the cycle ${k}..${k - 1 + lasso.cycle.length} back to state ${k - 1} (loop), forever`;
  return {
    "#meta": headerMeta(model, description, meta),
    ...statesToItf(model, [...lasso.prefix, ...lasso.cycle]),
    loop: k - 1,
  };
}

function headerMeta<S>(model: Model<S>, description: string, meta: { readonly [k: string]: unknown }): { readonly [k: string]: unknown } {
  return {
    format: "ITF",
    "format-description": "https://apalache-mc.org/docs/adr/015adr-trace.html",
    source: model.spec,
    workload: model.workload,
    description,
    "generated-by": "spec2ts",
    ...(model.viewTypes !== undefined ? { types: Object.fromEntries(Object.entries(model.viewTypes).map(([k, t]) => [k, showViewType(t)])) } : {}),
    ...meta,
  };
}

function statesToItf<S>(model: Model<S>, trace: readonly TraceStep<S>[]): { vars: string[]; states: ItfState[] } {
  const views = trace.map((t) => model.view(t.state));
  const types = model.viewTypes;
  const vars: string[] = [];
  const seen = new Set<string>();
  for (const v of views) {
    for (const k of Object.keys(v)) {
      if (seen.has(k)) continue;
      seen.add(k);
      vars.push(k);
    }
  }
  const states: ItfState[] = trace.map((t, i) => {
    const view = views[i] as { readonly [k: string]: Value };
    const s: { [k: string]: unknown } = {
      "#meta": {
        index: i,
        ...(t.instance !== undefined ? { process: model.instances[t.instance]?.name } : {}),
        ...(t.step !== undefined ? { loc: t.step.loc } : {}),
      },
    };
    for (const k of vars) ownSet(s, k, valueToItf(view[k], types?.[k]));
    s[ACTION_TAKEN] = t.step?.name ?? "init";
    const picks: { [k: string]: ItfValue } = {};
    for (const [k, v] of Object.entries(t.picks ?? {})) ownSet(picks, k, { tag: "Some", value: valueToItf(v) });
    s[NONDET_PICKS] = picks;
    return s;
  });
  return { vars: [...vars, ACTION_TAKEN, NONDET_PICKS], states };
}

/**
 * An ITF document as JSON text, one line per variable of each state (compact, diffable, still easy
 * to read), instead of one line per JSON token.
 */
export function stringifyItf(itf: ItfTrace): string {
  const lines = ["{"];
  if (itf["#meta"] !== undefined) lines.push(`  "#meta": ${JSON.stringify(itf["#meta"])},`);
  if (itf.params !== undefined) lines.push(`  "params": ${JSON.stringify(itf.params)},`);
  lines.push(`  "vars": ${JSON.stringify(itf.vars)},`);
  lines.push(`  "states": [`);
  itf.states.forEach((s, i) => {
    const keys = Object.keys(s);
    lines.push("    {");
    keys.forEach((k, j) => lines.push(`      ${JSON.stringify(k)}: ${JSON.stringify(s[k])}${j < keys.length - 1 ? "," : ""}`));
    lines.push(`    }${i < itf.states.length - 1 ? "," : ""}`);
  });
  lines.push(`  ]${itf.loop !== undefined ? "," : ""}`);
  if (itf.loop !== undefined) lines.push(`  "loop": ${itf.loop}`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** The states of an ITF trace as display views (only the spec's variables), with the step and instance names when present. */
export function itfToStates(
  itf: ItfTrace,
  types?: ViewTypes,
  legacy?: Set<string>,
): {
  readonly view: { readonly [name: string]: Value };
  readonly action?: string;
  readonly process?: string;
  readonly picks?: { readonly [name: string]: Value };
}[] {
  return itf.states.map((s, i) => {
    const view: { [k: string]: Value } = {};
    for (const k of itf.vars) {
      if (k.startsWith("mbt::") || !Object.hasOwn(s, k)) continue;
      const t = types !== undefined && Object.hasOwn(types, k) ? types[k] : undefined;
      const v = t !== undefined ? itfToTyped(s[k], t, `states[${i}].${k}`, legacy) : itfToValue(s[k]);
      // An absent procedure frame (None) is absent from the view, as the model shows it.
      if (v !== undefined) ownSet(view, k, v);
      else ownSet(view, k, null);
    }
    const meta = s["#meta"];
    const action = typeof s[ACTION_TAKEN] === "string" ? (s[ACTION_TAKEN] as string) : undefined;
    const raw = s[NONDET_PICKS];
    let picks: { [k: string]: Value } | undefined;
    if (raw !== undefined && raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
      picks = {};
      for (const [k, v] of Object.entries(raw as object)) {
        const val = itfToValue(v);
        if (val !== null) ownSet(picks, k, val);
      }
    }
    const proc = meta !== undefined && typeof meta.process === "string" ? meta.process : undefined;
    return { view, ...(action !== undefined ? { action } : {}), ...(proc !== undefined ? { process: proc } : {}), ...(picks !== undefined ? { picks } : {}) };
  });
}

/** Problems with a JSON document as ITF (empty when it follows the format's rules). */
export function validateItf(doc: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(doc)) return ["the document is not a JSON object"];
  for (const k of Object.keys(doc))
    if (!["#meta", "params", "vars", "states", "loop"].includes(k)) problems.push(`unknown top-level field ${JSON.stringify(k)}`);
  if ("#meta" in doc && !isObject(doc["#meta"])) problems.push("#meta is not an object");
  if ("params" in doc && !isStringArray(doc.params)) problems.push("params is not an array of strings");
  if (!isStringArray(doc.vars)) return [...problems, "vars is missing or not an array of strings"];
  if (new Set(doc.vars).size !== doc.vars.length) problems.push("vars has duplicates");
  if (!Array.isArray(doc.states)) return [...problems, "states is missing or not an array"];
  if ("loop" in doc && (!Number.isInteger(doc.loop) || (doc.loop as number) < 0 || (doc.loop as number) >= doc.states.length))
    problems.push("loop is not a state index");
  const vars = doc.vars;
  doc.states.forEach((s: unknown, i: number) => {
    if (!isObject(s)) {
      problems.push(`states[${i}] is not an object`);
      return;
    }
    if ("#meta" in s) {
      const m = s["#meta"];
      if (!isObject(m)) problems.push(`states[${i}].#meta is not an object`);
      else if ("index" in m && m.index !== i) problems.push(`states[${i}].#meta.index is ${JSON.stringify(m.index)}, not ${i}`);
    }
    for (const k of Object.keys(s)) if (k !== "#meta" && !vars.includes(k)) problems.push(`states[${i}] has ${JSON.stringify(k)}, which is not in vars`);
    for (const v of vars) {
      if (!Object.hasOwn(s, v)) problems.push(`states[${i}] lacks variable ${JSON.stringify(v)}`);
      else problems.push(...valueProblems(s[v], `states[${i}].${v}`));
    }
  });
  return problems;
}

function valueProblems(x: unknown, at: string): string[] {
  if (typeof x === "boolean" || typeof x === "string") return [];
  if (typeof x === "number") return Number.isSafeInteger(x) ? [] : [`${at}: ${x} is not a safe integer (use #bigint)`];
  if (Array.isArray(x)) return x.flatMap((e, i) => valueProblems(e, `${at}[${i}]`));
  if (!isObject(x)) return [`${at}: ${JSON.stringify(x)} is not an ITF value`];
  const keys = Object.keys(x);
  const special = keys.filter((k) => k.startsWith("#"));
  if (special.length > 0) {
    if (keys.length !== 1) return [`${at}: ${special[0]} must be the only field of its object`];
    const k = special[0] as string;
    const v = x[k];
    switch (k) {
      case "#bigint":
        return typeof v === "string" && /^-?\d+$/.test(v) ? [] : [`${at}: #bigint must be a string of decimal digits`];
      case "#tup":
      case "#set":
        return Array.isArray(v) ? v.flatMap((e, i) => valueProblems(e, `${at}.${k}[${i}]`)) : [`${at}: ${k} must be an array`];
      case "#map":
        if (!Array.isArray(v)) return [`${at}: #map must be an array of pairs`];
        return v.flatMap((p, i) =>
          Array.isArray(p) && p.length === 2
            ? [...valueProblems(p[0], `${at}.#map[${i}][0]`), ...valueProblems(p[1], `${at}.#map[${i}][1]`)]
            : [`${at}.#map[${i}] is not a [key, value] pair`],
        );
      case "#unserializable":
        return typeof v === "string" ? [] : [`${at}: #unserializable must be a string`];
      default:
        return [`${at}: unknown ITF tag ${k}`];
    }
  }
  return keys.flatMap((k) => valueProblems(x[k], `${at}.${k}`));
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((e) => typeof e === "string");
}

/** The outcome of replaying an ITF trace through a model. */
export interface ReplayResult {
  readonly ok: boolean;
  /** States of the ITF trace matched (all of them when ok). */
  readonly matched: number;
  /** When not ok: the 0-based ITF state index that no behaviour of the model reaches. */
  readonly divergesAt?: number;
  /** What went wrong, in words (several lines). */
  readonly message: string;
  /** The steps taken, e.g. `Refresher[1] refresh.B0`, one per transition matched. */
  readonly steps: readonly string[];
  /** Pre-ADR-015 forms the trace uses (a set as a list, a bare `some`), read but deprecated. */
  readonly legacy?: readonly string[];
}

/** Options for `replayItf`. */
export interface ReplayOptions {
  /** Also require each transition's step name (`mbt::actionTaken`) and instance (`#meta.process`) when present; default true. */
  readonly matchActions?: boolean;
  /** Most candidate states kept per position (partial states can match many); default 100,000. */
  readonly maxCandidates?: number;
}

/**
 * Re-executes an ITF trace: an initial state whose view agrees with state 0, then from each matching
 * state a successor agreeing with the next ITF state, and so on. A variable missing from an ITF state is
 * unconstrained (logs from an implementation may record only some variables); `None` also matches a
 * variable absent from the view (an inactive procedure frame). With `loop` (a lasso), the cycle must
 * also close: the last state is the same model state as the one matched at `loop` (as `lassoToItf`
 * writes it), or a transition leads from the last state back to it; `loop` at the last state is a
 * stuttering lasso.
 */
export function replayItf<S>(model: Model<S>, itf: ItfTrace, opts: ReplayOptions = {}): ReplayResult {
  const types = model.viewTypes;
  if (types !== undefined) {
    for (const k of itf.vars) {
      if (!k.startsWith("mbt::") && !Object.hasOwn(types, k))
        throw new ItfTypeError("vars", `${JSON.stringify(k)} is not a variable of ${model.spec}/${model.workload}`);
    }
  }
  const legacySeen = new Set<string>();
  const states = itfToStates(itf, types, legacySeen);
  const legacy = legacySeen.size > 0 ? { legacy: [...legacySeen] } : {};
  const agrees = (view: { readonly [k: string]: Value }, want: { readonly [k: string]: Value }): boolean => agreesTyped(view, want, types);
  const closestOf = (cands: readonly { label: string; view: { readonly [k: string]: Value } }[], want: { readonly [k: string]: Value }): string =>
    closestTyped(cands, want, types);
  const matchActions = opts.matchActions ?? true;
  const maxCandidates = opts.maxCandidates ?? 100_000;
  const fp = new Fingerprinter();
  const keyOf = (s: S): string => {
    fingerprintInto(model, s, fp);
    return `${fp.h1}:${fp.h2}`;
  };
  const names = model.instances.map((i) => i.name);
  const loop = itf.loop;
  if (loop !== undefined && (!Number.isInteger(loop) || loop < 0 || loop >= states.length)) {
    return {
      ok: false,
      matched: 0,
      divergesAt: 0,
      message: `loop ${loop} is not the index of a state of the trace (0..${states.length - 1})`,
      steps: [],
      ...legacy,
    };
  }
  if (states.length === 0) return { ok: true, matched: 0, message: "the trace is empty", steps: [], ...legacy };
  const first = states[0] as (typeof states)[number];
  // A candidate: a model state matching the ITF state at this position, the steps that led to it and,
  // for a lasso once past its loop state, the key of the model state matched there.
  type Cand = { state: S; steps: string[]; anchor?: string };
  let cands: Cand[] = [];
  const inits = model.init();
  for (const s of inits) if (agrees(model.view(s), first.view)) cands.push({ state: s, steps: [], ...(loop === 0 ? { anchor: keyOf(s) } : {}) });
  if (cands.length === 0) {
    const closest = closestOf(
      inits.map((s) => ({ label: "initial state", view: model.view(s) })),
      first.view,
    );
    return {
      ok: false,
      matched: 0,
      divergesAt: 0,
      message: `state 0 is not an initial state of ${model.spec}/${model.workload}${closest}`,
      steps: [],
      ...legacy,
    };
  }
  for (let i = 1; i < states.length; i++) {
    const want = states[i] as (typeof states)[number];
    const next: Cand[] = [];
    const seen = new Set<string>();
    const tried: { label: string; view: { readonly [k: string]: Value } }[] = [];
    const errors: string[] = [];
    for (const c of cands) {
      try {
        model.successors(c.state, (t) => {
          const step = model.steps[t.step];
          const who = t.instance >= 0 ? (names[t.instance] ?? `pid ${t.instance}`) : undefined;
          const label = `${who !== undefined ? `${who} ` : ""}${step?.name ?? `#${t.step}`}`;
          if (matchActions && want.action !== undefined && step?.name !== want.action) return;
          if (matchActions && want.process !== undefined && who !== want.process) return;
          const view = model.view(t.state);
          if (!agrees(view, want.view)) {
            if (tried.length < 64) tried.push({ label, view });
            return;
          }
          const key = keyOf(t.state);
          const anchor = i === loop ? key : c.anchor;
          const dedup = anchor !== undefined ? `${key}|${anchor}` : key;
          if (seen.has(dedup) || next.length >= maxCandidates) return;
          seen.add(dedup);
          next.push({ state: t.state, steps: [...c.steps, label], ...(anchor !== undefined ? { anchor } : {}) });
        });
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        errors.push(`${e.errorKind}: ${e.message}${e.loc !== "" ? ` at ${e.loc}` : ""}`);
      }
    }
    if (next.length === 0) {
      const act = want.action !== undefined && matchActions ? `${want.process !== undefined ? `${want.process} ` : ""}${want.action}` : "";
      const cyc = loop !== undefined && i > loop ? `in the cycle ${loop + 1}..${states.length - 1}` : "";
      const what = act !== "" || cyc !== "" ? ` (${[act, cyc].filter((x) => x !== "").join(", ")})` : "";
      const prevSteps = cands[0]?.steps ?? [];
      const lines = [`state ${i}${what} is not reachable from state ${i - 1}: no transition of the model leads to it`];
      if (tried.length > 0) lines.push(`closest successor: ${closestOf(tried, want.view).replace(/^; closest: /, "")}`);
      else if (matchActions && want.action !== undefined) lines.push(`no enabled step matches ${want.process ?? "(any instance)"} ${want.action}`);
      if (errors.length > 0) lines.push(`the step raised ${errors[0]}`);
      return { ok: false, matched: i, divergesAt: i, message: lines.join("\n"), steps: prevSteps, ...legacy };
    }
    cands = next;
  }
  const behaviour = `all ${states.length} states are a behaviour of ${model.spec}/${model.workload}`;
  if (loop === undefined) return { ok: true, matched: states.length, message: behaviour, steps: cands[0]?.steps ?? [], ...legacy };
  const last = states.length - 1;
  if (loop === last) {
    return {
      ok: true,
      matched: states.length,
      message: `${behaviour}, which then stays in state ${loop} forever (a stuttering lasso)`,
      steps: cands[0]?.steps ?? [],
      ...legacy,
    };
  }
  // The cycle must close: its last state is the loop state again (as `check --itf` writes lassos), or
  // (the other convention) a transition leads from the last state back to the loop state.
  const closed = cands.find((c) => c.anchor !== undefined && keyOf(c.state) === c.anchor);
  if (closed !== undefined) {
    return {
      ok: true,
      matched: states.length,
      message: `${behaviour}, and state ${last} is state ${loop} again: a lasso whose cycle (states ${loop + 1}..${last}) repeats forever`,
      steps: closed.steps,
      ...legacy,
    };
  }
  for (const c of cands) {
    let back: string | undefined;
    try {
      model.successors(c.state, (t) => {
        if (back === undefined && c.anchor !== undefined && keyOf(t.state) === c.anchor) {
          const step = model.steps[t.step];
          back = `${t.instance >= 0 ? `${names[t.instance] ?? `pid ${t.instance}`} ` : ""}${step?.name ?? `#${t.step}`}`;
        }
      });
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
    }
    if (back !== undefined) {
      return {
        ok: true,
        matched: states.length,
        message: `${behaviour}, and ${back} leads from state ${last} back to state ${loop}: a lasso whose cycle (states ${loop + 1}..${last}, then ${loop}) repeats forever`,
        steps: [...c.steps, back],
        ...legacy,
      };
    }
  }
  const a = states[loop] as (typeof states)[number];
  const b = states[last] as (typeof states)[number];
  const diffs: string[] = [];
  for (const k of new Set([...Object.keys(a.view), ...Object.keys(b.view)])) {
    const x = Object.hasOwn(a.view, k) ? (a.view[k] as Value) : null;
    const y = Object.hasOwn(b.view, k) ? (b.view[k] as Value) : null;
    const t = types?.[k];
    if (!typedEquals(x, y, t)) diffs.push(`${k} (state ${loop} ${formatValue(x, t)}, state ${last} ${formatValue(y, t)})`);
  }
  const how =
    diffs.length > 0
      ? `state ${last} differs from state ${loop} in ${diffs.slice(0, 5).join(", ")}${diffs.length > 5 ? `, … (${diffs.length} variables)` : ""}`
      : `state ${last} agrees with state ${loop} on the trace's variables but is not the same model state`;
  return {
    ok: false,
    matched: states.length,
    divergesAt: last,
    message: [
      `the cycle does not return to the loop state ${loop}: ${how}`,
      `and no transition of the model leads from state ${last} back to state ${loop}`,
    ].join("\n"),
    steps: cands[0]?.steps ?? [],
    ...legacy,
  };
}

/** Every variable of `want` has the same value in `view` (None ≡ absent; sets in any order). */
function agreesTyped(view: { readonly [k: string]: Value }, want: { readonly [k: string]: Value }, types: ViewTypes | undefined): boolean {
  for (const k of Object.keys(want)) {
    const w = want[k] as Value;
    const v = Object.hasOwn(view, k) ? (view[k] as Value) : null;
    if (!(types !== undefined ? typedEquals(v, w, types[k]) : valueEquals(v, w))) return false;
  }
  return true;
}

/** `; closest: LABEL, which differs in x (trace 1, model 2)`. */
function closestTyped(
  cands: readonly { label: string; view: { readonly [k: string]: Value } }[],
  want: { readonly [k: string]: Value },
  types: ViewTypes | undefined,
): string {
  let best: { label: string; diffs: string[] } | undefined;
  for (const c of cands) {
    const diffs: string[] = [];
    for (const k of Object.keys(want)) {
      const t = types?.[k];
      const v = Object.hasOwn(c.view, k) ? (c.view[k] as Value) : null;
      if (!(types !== undefined ? typedEquals(v, want[k] as Value, t) : valueEquals(v, want[k] as Value)))
        diffs.push(`${k} (trace ${formatValue(want[k] as Value, t)}, model ${formatValue(v, t)})`);
    }
    if (best === undefined || diffs.length < best.diffs.length) best = { label: c.label, diffs };
  }
  if (best === undefined) return "";
  return `; closest: ${best.label}, which differs in ${best.diffs.join(", ")}`;
}
