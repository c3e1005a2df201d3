/**
 * Liveness checking: temporal properties under weak and strong fairness, on the explicit state graph.
 *
 * Semantics are TLA+'s. A behaviour is an infinite sequence of states; it may stutter (repeat a state)
 * at any point, and forever, unless fairness forbids it: stuttering forever in a state where some
 * fairness constraint is enabled violates that constraint. A constraint is *enabled* in a state when
 * some transition labelled with one of its steps (and its instance) leaves the state, and *taken* by
 * such a transition. WF: if eventually always enabled, then taken infinitely often. SF: if enabled
 * infinitely often, then taken infinitely often. As in TLA+ (`WF_vars(A)` is about `<<A>>_vars`), a
 * transition back to the same state is a stutter: it neither enables nor takes a constraint.
 *
 * Supported forms (P, Q state predicates): `P` (initial states), `always P` (a safety property: a
 * reachable ¬P state is a violation, reported with a shortest finite trace), `always (P => always Q)`
 * (safety too: no state reachable from a P state falsifies Q; with Q = P, "P is stable"),
 * `eventually P`, `P leadsto Q` (= always (P => eventually Q)), `always eventually P`,
 * `eventually always P`, and `forall x in D: F` of any of them (one check per value of D; the
 * violation names the value).
 *
 * Fairness constraints are those of the model; a per-binding one (`FairnessConstraint.each`) becomes
 * one constraint per binding of its parameters seen on the graph's edges (`\A x: WF(A(x))`), as TLC
 * treats each conjunct of a `\A` of WFs as its own fairness condition.
 *
 * Each liveness form reduces to: is there a fair cycle, reachable in a subgraph of allowed states, that
 * (for `eventually always`) visits an accepting state? We compute the SCCs of the allowed subgraph
 * (iterative Tarjan) and test each one: it is fair when every WF constraint is taken inside it or
 * disabled somewhere in it, and every SF constraint is taken inside it or enabled nowhere in it. A WF
 * failure discards the component; an SF failure removes the states where that constraint is enabled
 * and the remainder's SCCs are tested again (the Emerson–Lei refinement). A single state with no
 * internal edge counts as a component too: its "cycle" is stuttering, fair exactly when no constraint is
 * enabled there — terminal and deadlocked states, and states where only unfair steps are enabled.
 *
 * A violation is a lasso: a prefix from an initial state to the loop state, and a cycle of real
 * transitions back to it (empty when the behaviour stutters there forever). The cycle is built greedily
 * inside the component to meet every fairness obligation (take the constraint or pass a state where it
 * is disabled), so the lasso itself is a fair behaviour; `validateLasso` re-checks all of it.
 */
import type { FairnessConstraint, LivenessInfo, Model, TemporalFormula, TemporalProperty, Transition, Value } from "../contract/model.js";
import { formatValue } from "../search/format.js";
import { fingerprintHex } from "../search/fingerprint.js";
import { replayPath, type StepPick } from "../search/replay.js";
import { buildStateGraph, GraphRecorder, type GraphStats, type StateGraph } from "./graph.js";
import type { SearchObserver } from "../search/observer.js";
import type { Limit, SearchOptions, TraceStep, Verdict } from "../search/result.js";

/** A model with liveness information. */
export type LiveModel<S> = Model<S> & LivenessInfo<S>;

/** The normalised shape of a property. */
export type PropertyForm =
  "initial" | "always" | "implies-always" | "always-implies-always" | "eventually" | "leadsto" | "always-eventually" | "eventually-always";

/** An infinite counterexample: `prefix` (initial state … loop state) then `cycle` back to the loop state. */
export interface Lasso<S> {
  /** From an initial state to the loop state (its last entry), as real transitions. */
  readonly prefix: readonly TraceStep<S>[];
  /** Transitions from the loop state back to it; empty when the behaviour stutters there forever. */
  readonly cycle: readonly TraceStep<S>[];
  /** The 1-based `index` of the loop state (= prefix.length): the cycle's last state equals it. */
  readonly loopIndex: number;
  /** True when the cycle is stuttering (no process or action can be made to move fairly). */
  readonly stutter: boolean;
}

export interface LivenessStats extends GraphStats {
  /** SCCs examined, refinements included. */
  readonly components: number;
  /** Strong-fairness refinements (components split after removing SF-enabled states). */
  readonly refinements: number;
  /** Seconds of the SCC analysis (graph build excluded). */
  readonly analysisSeconds: number;
}

export interface LivenessResult<S> {
  readonly verdict: Verdict;
  readonly property: string;
  readonly form?: PropertyForm;
  /**
   * For a quantified property (`forall x in D: …`): the value(s) of the violated (or incomplete)
   * instance, e.g. `{ c: 2 }`; absent otherwise.
   */
  readonly binding?: { readonly [name: string]: Value };
  /** One line: what was found. */
  readonly message: string;
  /** Liveness violations. */
  readonly lasso?: Lasso<S>;
  /** Safety violations (`always P`, initial-state predicates): a shortest finite trace to a ¬P state. */
  readonly trace?: readonly TraceStep<S>[];
  /** Why the result is incomplete (a limit), or an error (spec_error while building, unsupported formula). */
  readonly limit?: Limit;
  readonly error?: string;
  readonly stats: LivenessStats;
}

export interface LivenessOptions<S> extends SearchOptions {
  /** Reuse a graph built with `buildPropertyGraph` (so several properties share one exploration). */
  readonly graph?: PropertyGraph<S>;
}

type Pred<S> = (s: S) => boolean;

interface Shape<S> {
  readonly form: PropertyForm;
  readonly p: Pred<S>;
  readonly pText: string;
  readonly q?: Pred<S>;
  readonly qText?: string;
}

/** Normalises a formula to one of the supported forms, or returns an error message. */
export function classify<S>(f: TemporalFormula<S>): Shape<S> | string {
  const strip = (x: TemporalFormula<S>): TemporalFormula<S> => {
    // always always X = always X; eventually eventually X = eventually X;
    // always eventually always X = eventually always X; eventually always eventually X = always eventually X.
    for (;;) {
      if ((x.kind === "always" || x.kind === "eventually") && x.arg.kind === x.kind) x = x.arg;
      else if (x.kind === "always" && x.arg.kind === "eventually" && x.arg.arg.kind === "always") x = x.arg;
      else if (x.kind === "eventually" && x.arg.kind === "always" && x.arg.arg.kind === "eventually") x = x.arg;
      else if (x.kind === "always" && x.arg.kind === "leadsto") x = x.arg;
      else return x;
    }
  };
  const g = strip(f);
  const st = (x: TemporalFormula<S>): x is Extract<TemporalFormula<S>, { kind: "state" }> => x.kind === "state";
  if (st(g)) return { form: "initial", p: g.holds, pText: g.text };
  // P => always Q (initially), always (P => always Q) (from every P state on).
  const impliesAlways = (x: TemporalFormula<S>): Shape<S> | undefined => {
    if (x.kind !== "implies" || !st(x.left)) return undefined;
    const r = strip(x.right);
    if (r.kind === "always" && st(r.arg)) return { form: "implies-always", p: x.left.holds, pText: x.left.text, q: r.arg.holds, qText: r.arg.text };
    return undefined;
  };
  const ia = impliesAlways(g);
  if (ia !== undefined) return ia;
  if (g.kind === "always") {
    const inner = impliesAlways(g.arg);
    if (inner !== undefined) return { ...inner, form: "always-implies-always" };
  }
  if (g.kind === "always" && st(g.arg)) return { form: "always", p: g.arg.holds, pText: g.arg.text };
  if (g.kind === "eventually" && st(g.arg)) return { form: "eventually", p: g.arg.holds, pText: g.arg.text };
  if (g.kind === "always" && g.arg.kind === "eventually" && st(g.arg.arg)) {
    return { form: "always-eventually", p: g.arg.arg.holds, pText: g.arg.arg.text };
  }
  if (g.kind === "eventually" && g.arg.kind === "always" && st(g.arg.arg)) {
    return { form: "eventually-always", p: g.arg.arg.holds, pText: g.arg.arg.text };
  }
  if (g.kind === "leadsto") {
    // P leadsto eventually Q = P leadsto Q.
    let r = g.right;
    while (r.kind === "eventually") r = r.arg;
    if (st(g.left) && st(r)) return { form: "leadsto", p: g.left.holds, pText: g.left.text, q: r.holds, qText: r.text };
  }
  if (g.kind === "forall") return `a quantified formula is supported only as the whole property: ${formulaText(f)}`;
  return `unsupported temporal formula ${formulaText(f)} (supported: P, always P, always (P => always Q), eventually P, P leadsto Q, always eventually P, eventually always P, and forall x in S: any of them)`;
}

/** A property of a safety form: its violations are finite traces. */
export interface SafetyForm<S> {
  readonly form: "initial" | "always" | "implies-always" | "always-implies-always";
  /** The predicate the trace's last state falsifies. */
  readonly holds: Pred<S>;
  readonly text: string;
  /** For `(always) (P => always Q)`: P, which some state of the trace (the first, for `implies-always`) satisfies. */
  readonly from?: Pred<S>;
  readonly fromText?: string;
}

/**
 * The safety form of a property (`P`: every initial state; `always P`: every reachable state;
 * `always (P => always Q)`: every state reachable from a P state), whose violations are finite traces;
 * undefined for the liveness forms. For a quantified property, that of the instance for `binding`
 * (by default the first instance).
 */
export function safetyForm<S>(prop: TemporalProperty<S>, binding?: { readonly [name: string]: Value }): SafetyForm<S> | undefined {
  const insts = propertyInstances(prop);
  const inst = binding === undefined ? insts[0] : insts.find((i) => sameBinding(i.binding, binding));
  if (inst === undefined) return undefined;
  const shape = classify(inst.formula);
  if (typeof shape === "string") return undefined;
  if (shape.form === "initial" || shape.form === "always") return { form: shape.form, holds: shape.p, text: shape.pText };
  if (shape.form === "implies-always" || shape.form === "always-implies-always") {
    return { form: shape.form, holds: shape.q as Pred<S>, text: shape.qText ?? "", from: shape.p, fromText: shape.pText };
  }
  return undefined;
}

/**
 * What is wrong with `trace` as a counterexample to a safety-form property (empty: it is one). For a
 * quantified property it must violate some instance.
 */
export function safetyTraceProblems<S>(prop: TemporalProperty<S>, trace: readonly TraceStep<S>[]): string[] {
  let first: string[] | undefined;
  for (const inst of propertyInstances(prop)) {
    const form = safetyForm(prop, inst.binding);
    const problems: string[] = [];
    const last = (trace[trace.length - 1] as TraceStep<S>).state;
    if (form === undefined) problems.push(`${prop.name} is not of a safety form (P, always P, always (P => always Q))`);
    else if ((form.form === "initial" || form.form === "implies-always") && form.from === undefined && trace.length !== 1)
      problems.push(`${prop.name} is about initial states, but the trace has ${trace.length} states`);
    else if (form.holds(last)) problems.push(`the last state of the trace satisfies ${form.text}`);
    else if (form.from !== undefined) {
      const from = form.from;
      const ok = form.form === "implies-always" ? from((trace[0] as TraceStep<S>).state) : trace.some((t) => from(t.state));
      if (!ok) problems.push(`no state of the trace satisfies ${form.fromText ?? "P"}${form.form === "implies-always" ? " initially" : ""}`);
    }
    if (problems.length === 0) return [];
    first ??= problems;
  }
  return first ?? [`${prop.name} has no instance (its domain is empty)`];
}

/** One instance of a property: the formula for one value of each `forall` binder (none: the property). */
export interface PropertyInstance<S> {
  readonly binding: { readonly [name: string]: Value };
  readonly formula: TemporalFormula<S>;
}

const instanceCache = new WeakMap<object, readonly unknown[]>();

/**
 * The instances of a property: `forall x in D: F` is one instance per value of D (nested `forall`s
 * multiply), anything else is itself. Computed once per property object, so the predicates of an
 * instance are the same functions each time (the graph labels are keyed by them).
 */
export function propertyInstances<S>(prop: TemporalProperty<S>): readonly PropertyInstance<S>[] {
  const hit = instanceCache.get(prop);
  if (hit !== undefined) return hit as readonly PropertyInstance<S>[];
  const out: PropertyInstance<S>[] = [];
  const walk = (f: TemporalFormula<S>, binding: { readonly [name: string]: Value }): void => {
    if (f.kind !== "forall") {
      out.push({ binding, formula: f });
      return;
    }
    for (const v of f.values()) walk(f.body(v), { ...binding, [f.name]: v });
  };
  walk(prop.formula, {});
  instanceCache.set(prop, out);
  return out;
}

/** `c = 2, r = 1` */
export function bindingText(b: { readonly [name: string]: Value }): string {
  return Object.entries(b)
    .map(([k, v]) => `${k} = ${formatValue(v)}`)
    .join(", ");
}

function sameBinding(a: { readonly [name: string]: Value }, b: { readonly [name: string]: Value }): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => k in b && formatValue(a[k] as Value) === formatValue(b[k] as Value));
}

/** The formula as written (approximately). */
export function formulaText<S>(f: TemporalFormula<S>): string {
  switch (f.kind) {
    case "state":
      return f.text;
    case "always":
      return `always ${formulaText(f.arg)}`;
    case "eventually":
      return `eventually ${formulaText(f.arg)}`;
    case "leadsto":
      return `${formulaText(f.left)} leadsto ${formulaText(f.right)}`;
    case "implies":
      return `(${formulaText(f.left)} => ${formulaText(f.right)})`;
    case "forall":
      return `forall ${f.name} in ${f.domain}: …`;
  }
}

/** One binding of a per-binding fairness constraint seen on the graph (an edge tag). */
export interface FairBinding {
  /** Index of the constraint in `model.fairness`. */
  readonly constraint: number;
  /** `x = 1, y = "a"` */
  readonly text: string;
}

/** A state graph labelled with the predicates of a set of properties. */
export interface PropertyGraph<S> {
  readonly graph: StateGraph<S>;
  /** Label index of each predicate function. */
  readonly labelOf: Map<Pred<S>, number>;
  /**
   * The bindings of the model's per-binding fairness constraints, indexed by edge tag
   * (`graph.edgeTag`): each is a fairness constraint of its own.
   */
  readonly bindings: readonly FairBinding[];
}

/**
 * The tagger for per-binding fairness: a transition of a step under an `each` constraint gets the
 * tag of its binding (interned into `bindings`), any other -1. Undefined when there is no such constraint.
 */
function bindingTagger<S>(fairness: readonly FairnessConstraint[], bindings: FairBinding[]): ((t: Transition<S>) => number) | undefined {
  const eachOf = new Map<number, number>();
  fairness.forEach((c, ci) => {
    if (c.each !== undefined) for (const st of c.steps) eachOf.set(st, ci);
  });
  if (eachOf.size === 0) return undefined;
  const tags = new Map<string, number>();
  return (t) => {
    const ci = eachOf.get(t.step);
    if (ci === undefined) return -1;
    const c = fairness[ci] as FairnessConstraint;
    if (c.instance >= 0 && c.instance !== t.instance) return -1;
    const text = (c.each as readonly string[])
      .map((n) => `${n} = ${t.picks !== undefined && n in t.picks ? formatValue(t.picks[n] as Value) : "?"}`)
      .join(", ");
    const key = `${ci}\u0000${text}`;
    let tag = tags.get(key);
    if (tag === undefined) {
      tag = bindings.length;
      tags.set(key, tag);
      bindings.push({ constraint: ci, text });
    }
    return tag;
  };
}

/** The labels (the atoms of `properties`) and edge tags (per-binding fairness) a property graph is built with. */
function propertyLabelling<S>(
  model: LiveModel<S>,
  properties: readonly TemporalProperty<S>[],
): { preds: Pred<S>[]; labelOf: Map<Pred<S>, number>; bindings: FairBinding[]; tagOf: ((t: Transition<S>) => number) | undefined } {
  const labelOf = new Map<Pred<S>, number>();
  const preds: Pred<S>[] = [];
  for (const p of properties) {
    let insts: readonly PropertyInstance<S>[];
    try {
      insts = propertyInstances(p);
    } catch {
      continue; // reported by checkLiveness
    }
    for (const inst of insts) {
      const sh = classify(inst.formula);
      if (typeof sh === "string") continue;
      for (const x of [sh.p, sh.q]) {
        if (x !== undefined && !labelOf.has(x)) {
          labelOf.set(x, preds.length);
          preds.push(x);
        }
      }
    }
  }
  const bindings: FairBinding[] = [];
  const tagOf = bindingTagger<S>(model.fairness, bindings);
  return { preds, labelOf, bindings, tagOf };
}

/** Builds one graph labelled with the atoms of all `properties` (default: the model's). */
export function buildPropertyGraph<S>(
  model: LiveModel<S>,
  opts: SearchOptions = {},
  properties: readonly TemporalProperty<S>[] = model.properties,
): PropertyGraph<S> {
  const { preds, labelOf, bindings, tagOf } = propertyLabelling(model, properties);
  return { graph: buildStateGraph(model, { ...opts, labels: preds, ...(tagOf !== undefined ? { tagOf } : {}) }), labelOf, bindings };
}

/** A property graph recorded during the safety search: attach `observer` to it, then ask `graph()`. */
export interface PropertyGraphRecording<S> {
  readonly observer: SearchObserver<S>;
  /** The graph of every model property, when the observed search explored the whole state space. */
  graph(): PropertyGraph<S> | undefined;
}

/** Records the graph `buildPropertyGraph(model)` would build, from the search it is attached to. */
export function recordPropertyGraph<S>(model: LiveModel<S>): PropertyGraphRecording<S> {
  const { preds, labelOf, bindings, tagOf } = propertyLabelling(model, model.properties);
  const rec = new GraphRecorder(model, { labels: preds, ...(tagOf !== undefined ? { tagOf } : {}) });
  return {
    observer: rec,
    graph: () => {
      const graph = rec.graph();
      return graph !== undefined ? { graph, labelOf, bindings } : undefined;
    },
  };
}

/** Checks all the model's properties on one shared state graph. */
export function checkAllProperties<S>(model: LiveModel<S>, opts: LivenessOptions<S> = {}): LivenessResult<S>[] {
  const pg = opts.graph ?? buildPropertyGraph(model, opts);
  return model.properties.map((p) => checkLiveness(model, p, { ...opts, graph: pg }));
}

/**
 * Checks one temporal property (by value or by name) under the model's fairness. A quantified
 * property (`forall x in D: F`) is checked per value of D: it holds when every instance does, and is
 * violated by the first violated instance, whose value is `binding` (and named in the message).
 */
export function checkLiveness<S>(model: LiveModel<S>, property: TemporalProperty<S> | string, opts: LivenessOptions<S> = {}): LivenessResult<S> {
  const prop = typeof property === "string" ? model.properties.find((p) => p.name === property) : property;
  if (prop === undefined) throw new Error(`no property named ${String(property)}`);
  if (prop.formula.kind !== "forall") return checkInstance(model, prop, prop.formula, prop.name, opts);
  const t0 = performance.now();
  let insts: readonly PropertyInstance<S>[];
  try {
    insts = propertyInstances(prop);
  } catch (e) {
    const msg = `${prop.name}: evaluating the domain of ${formulaText(prop.formula)} failed: ${e instanceof Error ? e.message : String(e)}`;
    const zero = { states: 0, edges: 0, seconds: 0, bytes: 0, depth: 0, components: 0, refinements: 0, analysisSeconds: 0 };
    return { property: prop.name, verdict: "incomplete", message: msg, error: msg, stats: zero };
  }
  const pg = opts.graph ?? buildPropertyGraph(model, opts, [prop]);
  const results = insts.map((inst) => ({
    inst,
    r: checkInstance(model, prop, inst.formula, `${prop.name} (for ${bindingText(inst.binding)})`, { ...opts, graph: pg }),
  }));
  const stats = (r: LivenessResult<S>): LivenessStats => ({
    ...r.stats,
    components: results.reduce((a, x) => a + x.r.stats.components, 0),
    refinements: results.reduce((a, x) => a + x.r.stats.refinements, 0),
    analysisSeconds: (performance.now() - t0) / 1000 - (opts.graph ? 0 : pg.graph.seconds),
  });
  const bad = results.find((x) => x.r.verdict === "violated") ?? results.find((x) => x.r.verdict === "incomplete");
  if (bad !== undefined) return { ...bad.r, binding: bad.inst.binding, stats: stats(bad.r) };
  if (results.length === 0) {
    const g = pg.graph;
    const r0: LivenessResult<S> = {
      property: prop.name,
      verdict: "holds",
      message: `${prop.name} holds (its domain ${prop.formula.domain} is empty)`,
      stats: { ...g.stats(), components: 0, refinements: 0, analysisSeconds: 0 },
    };
    return r0;
  }
  const first = (results[0] as { r: LivenessResult<S> }).r;
  return {
    property: prop.name,
    verdict: "holds",
    ...(first.form !== undefined ? { form: first.form } : {}),
    message: `${prop.name} holds for each of the ${results.length} value${results.length === 1 ? "" : "s"} of ${bindingNames(prop.formula)} (${describeInstance(insts[0] as PropertyInstance<S>)})`,
    stats: stats(first),
  };
}

function bindingNames<S>(f: TemporalFormula<S>): string {
  const names: string[] = [];
  for (let x = f; x.kind === "forall";) {
    names.push(x.name);
    const vs = x.values();
    if (vs.length === 0) break;
    x = x.body(vs[0] as Value);
  }
  return names.join(", ");
}

function describeInstance<S>(inst: PropertyInstance<S>): string {
  const sh = classify(inst.formula);
  return typeof sh === "string" ? formulaText(inst.formula) : `${describeForm(sh)}, e.g. for ${bindingText(inst.binding)}`;
}

function checkInstance<S>(
  model: LiveModel<S>,
  prop: TemporalProperty<S>,
  formula: TemporalFormula<S>,
  displayName: string,
  opts: LivenessOptions<S>,
): LivenessResult<S> {
  const shape = classify(formula);
  const t0 = performance.now();
  const pg = opts.graph ?? buildPropertyGraph(model, opts, [prop]);
  const g = pg.graph;
  const base = { property: prop.name };
  const mkStats = (components = 0, refinements = 0): LivenessStats => ({
    ...g.stats(),
    components,
    refinements,
    analysisSeconds: (performance.now() - t0) / 1000 - (opts.graph ? 0 : g.seconds),
  });
  if (typeof shape === "string") return { ...base, verdict: "incomplete", message: shape, error: shape, stats: mkStats() };
  const form = shape.form;
  if (g.error !== undefined) {
    return {
      ...base,
      form,
      verdict: "incomplete",
      message: `the state graph could not be built: ${g.error.message}`,
      error: g.error.message,
      stats: mkStats(),
    };
  }
  const labelP = pg.labelOf.get(shape.p);
  const labelQ = shape.q !== undefined ? pg.labelOf.get(shape.q) : undefined;
  if (labelP === undefined || (shape.q !== undefined && labelQ === undefined)) {
    throw new Error(`property ${prop.name}: the graph was not built with its predicates (use buildPropertyGraph)`);
  }
  const P = g.labels[labelP] as Uint8Array;
  const Q = labelQ !== undefined ? (g.labels[labelQ] as Uint8Array) : undefined;
  const n = g.size;
  const incomplete = (what: string): LivenessResult<S> => ({
    ...base,
    form,
    verdict: "incomplete",
    message: `no violation of ${displayName} found ${what}, but the state graph is incomplete (${g.limit ?? "limit"})`,
    ...(g.limit !== undefined ? { limit: g.limit } : {}),
    stats: mkStats(),
  });

  // Safety forms: a shortest trace to a bad state (state indices are in BFS order).
  if (form === "initial" || form === "always") {
    const limitTo = form === "initial" ? g.initial.length : n;
    for (let k = 0; k < limitTo; k++) {
      const v = form === "initial" ? (g.initial[k] as number) : k;
      if (P[v] === 0) {
        return {
          ...base,
          form,
          verdict: "violated",
          message:
            form === "initial"
              ? `${displayName} is false in an initial state`
              : `${displayName} (safety: always ${shape.pText}) is violated: a reachable state falsifies ${shape.pText}`,
          trace: g.traceTo(v),
          stats: mkStats(),
        };
      }
    }
    if (!g.complete && form === "always") return incomplete("among the states explored");
    return { ...base, form, verdict: "holds", message: `${displayName} holds`, stats: mkStats() };
  }

  // (always) (P => always Q): a path from a P state (an initial one, without `always`) to a ¬Q state.
  if (form === "implies-always" || form === "always-implies-always") {
    const Qa = Q as Uint8Array;
    const parentEdge = new Int32Array(n).fill(-1);
    const root = new Int32Array(n).fill(-1);
    const queue: number[] = [];
    const starts = form === "implies-always" ? Array.from(g.initial) : Array.from({ length: n }, (_, v) => v);
    for (const v of starts) {
      if (P[v] === 1 && root[v] === -1) {
        root[v] = v;
        queue.push(v);
      }
    }
    for (let qh = 0; qh < queue.length; qh++) {
      const v = queue[qh] as number;
      if (Qa[v] === 0) {
        const edges: number[] = [];
        for (let x = v; parentEdge[x] !== -1; x = g.edgeSource(parentEdge[x] as number)) edges.push(parentEdge[x] as number);
        edges.reverse();
        const trace = g.replay(g.traceTo(root[v] as number), edges);
        return {
          ...base,
          form,
          verdict: "violated",
          message: `${displayName} (safety: ${describeForm(shape)}) is violated: ${trace.length === 1 ? `a state satisfies ${shape.pText} and falsifies ${shape.qText ?? ""}` : `after a state satisfying ${shape.pText} (state ${g.depth[root[v] as number]}), a state falsifies ${shape.qText ?? ""}`}`,
          trace,
          stats: mkStats(),
        };
      }
      for (let e = g.edgeBegin(v), end = g.edgeEnd(v); e < end; e++) {
        const w = g.edgeTo[e] as number;
        if (root[w] === -1) {
          root[w] = root[v] as number;
          parentEdge[w] = e;
          queue.push(w);
        }
      }
    }
    if (!g.complete) return incomplete("among the states explored");
    return { ...base, form, verdict: "holds", message: `${displayName} holds (${describeForm(shape)})`, stats: mkStats() };
  }

  // Liveness forms: allowed states, sources, optional acceptance.
  const allowed = new Uint8Array(n);
  let accept: Uint8Array | undefined;
  const sources: number[] = [];
  for (let v = 0; v < n; v++) {
    if (!g.isExpanded(v)) continue; // unknown edges: cannot be part of a proven lasso
    switch (form) {
      case "eventually":
      case "always-eventually":
        allowed[v] = P[v] === 0 ? 1 : 0;
        break;
      case "leadsto":
        allowed[v] = (Q as Uint8Array)[v] === 0 ? 1 : 0;
        break;
      case "eventually-always":
        allowed[v] = 1;
        break;
    }
  }
  if (form === "eventually") {
    for (const v of g.initial) if (allowed[v]) sources.push(v);
  } else if (form === "leadsto") {
    for (let v = 0; v < n; v++) if (allowed[v] && P[v] === 1) sources.push(v);
  } else {
    for (let v = 0; v < n; v++) if (allowed[v]) sources.push(v);
  }
  if (form === "eventually-always") {
    accept = new Uint8Array(n);
    for (let v = 0; v < n; v++) accept[v] = P[v] === 0 ? 1 : 0;
  }

  if (pg.bindings === undefined || (g.edgeTag === undefined && model.fairness.some((c) => c.each !== undefined))) {
    throw new Error(`property ${prop.name}: the graph was not built with the per-binding fairness tags (use buildPropertyGraph)`);
  }
  const finder = new FairCycleFinder(g, model.fairness, pg.bindings);
  const found = finder.find(allowed, sources, accept);
  const stats = mkStats(finder.components, finder.refinements);
  if (found === undefined) {
    if (!g.complete) return { ...incomplete("in the explored part"), stats };
    return { ...base, form, verdict: "holds", message: `${displayName} holds (${describeForm(shape)})`, stats };
  }
  const lasso = finder.lasso(found);
  const what =
    form === "eventually"
      ? `a fair behaviour never reaches ${shape.pText}`
      : form === "leadsto"
        ? `a fair behaviour reaches ${shape.pText} and then never ${shape.qText}`
        : form === "always-eventually"
          ? `a fair behaviour eventually stays in ¬(${shape.pText}) forever`
          : `a fair behaviour falsifies ${shape.pText} infinitely often`;
  return {
    ...base,
    form,
    verdict: "violated",
    message: `${displayName} is violated: ${what}${lasso.stutter ? ` (it stutters forever in state ${lasso.loopIndex})` : ` (cycle of ${lasso.cycle.length} step(s) back to state ${lasso.loopIndex})`}`,
    lasso,
    stats: { ...stats, analysisSeconds: (performance.now() - t0) / 1000 - (opts.graph ? 0 : g.seconds) },
  };
}

function describeForm<S>(sh: Shape<S>): string {
  switch (sh.form) {
    case "initial":
      return sh.pText;
    case "always":
      return `always ${sh.pText}`;
    case "implies-always":
      return `${sh.pText} => always ${sh.qText ?? ""}`;
    case "always-implies-always":
      return `always (${sh.pText} => always ${sh.qText ?? ""})`;
    case "eventually":
      return `eventually ${sh.pText}`;
    case "leadsto":
      return `${sh.pText} leadsto ${sh.qText ?? ""}`;
    case "always-eventually":
      return `always eventually ${sh.pText}`;
    case "eventually-always":
      return `eventually always ${sh.pText}`;
  }
}

/** A fair component found, with how to reach it. */
interface Found {
  /** The component's states. */
  readonly comp: Int32Array;
  /** The state of the component where the cycle starts. */
  readonly entry: number;
  /** Edges from a source to the entry (within the allowed subgraph). */
  readonly pathEdges: readonly number[];
  /** The source the path starts from. */
  readonly root: number;
  readonly accept: Uint8Array | undefined;
}

/** SCC analysis of an allowed subgraph under fairness. */
class FairCycleFinder<S> {
  components = 0;
  refinements = 0;
  private readonly n: number;
  private readonly K: number;
  /** Per (step, instance+1): the constraint ids matching an edge, as a list head into `matchList`. */
  private readonly matchStart: Int32Array;
  private readonly matchList: Int32Array;
  private readonly width: number;
  private readonly strong: Uint8Array;
  // Scratch.
  private readonly member: Int32Array;
  private token = 0;
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly stack: Int32Array;
  private readonly cs: Int32Array;
  private readonly ci: Int32Array;

  /** Per edge: the constraint id of its per-binding fairness (F + tag), or -1 (from `g.edgeTag`). */
  private readonly edgeTag: Int32Array | undefined;
  /** Number of model constraints; constraint F + t is binding t of a per-binding one. */
  private readonly F: number;

  constructor(
    private readonly g: StateGraph<S>,
    fairness: readonly FairnessConstraint[],
    bindings: readonly FairBinding[],
  ) {
    const n = (this.n = g.size);
    // Constraints 0..F-1 are the model's (a per-binding one matches no edge itself: its bindings
    // F.. are the real constraints, so it is trivially met); F + t is binding t.
    this.F = fairness.length;
    this.K = fairness.length + bindings.length;
    this.edgeTag = g.edgeTag;
    const width = (this.width = g.model.instances.length + 1);
    const nSteps = g.model.steps.length;
    const lists: number[][] = Array.from({ length: nSteps * width }, () => []);
    fairness.forEach((c, ci) => {
      if (c.each !== undefined) return;
      for (const st of c.steps) {
        if (st < 0 || st >= nSteps) continue;
        if (c.instance >= 0) (lists[st * width + c.instance + 1] as number[]).push(ci);
        else for (let i = 0; i < width; i++) (lists[st * width + i] as number[]).push(ci);
      }
    });
    this.matchStart = new Int32Array(lists.length + 1);
    let total = 0;
    lists.forEach((l, i) => {
      this.matchStart[i] = total;
      total += l.length;
    });
    this.matchStart[lists.length] = total;
    this.matchList = new Int32Array(total);
    let k = 0;
    for (const l of lists) for (const x of l) this.matchList[k++] = x;
    this.strong = Uint8Array.from([...fairness.map((c) => c.kind), ...bindings.map((b) => (fairness[b.constraint] as FairnessConstraint).kind)], (k) =>
      k === "strong" ? 1 : 0,
    );
    this.member = new Int32Array(n);
    this.index = new Int32Array(n);
    this.low = new Int32Array(n);
    this.onStack = new Uint8Array(n);
    this.stack = new Int32Array(n);
    this.cs = new Int32Array(n);
    this.ci = new Int32Array(n);
  }

  /** Constraint ids an edge counts for: matchList[matchFrom(e) .. matchTo(e)). */
  private key(e: number): number {
    return this.g.step(e) * this.width + (this.g.edgeInst[e] as number);
  }

  /** The per-binding constraint edge e counts for, or -1. */
  private tagged(e: number): number {
    if (this.edgeTag === undefined) return -1;
    const t = this.edgeTag[e] as number;
    return t < 0 ? -1 : this.F + t;
  }

  /** Marks in `out` the constraints edge e counts for. */
  private mark(e: number, out: Uint8Array): void {
    const k = this.key(e);
    for (let j = this.matchStart[k] as number, je = this.matchStart[k + 1] as number; j < je; j++) out[this.matchList[j] as number] = 1;
    const t = this.tagged(e);
    if (t >= 0) out[t] = 1;
  }

  /**
   * Marks in `out` (length K) the constraints enabled at v. A self-loop (a step that changes nothing)
   * neither enables nor takes a constraint: TLA+'s WF_vars(A) / SF_vars(A) are about `<<A>>_vars`, the
   * A steps that change `vars` — so a PlusCal retry loop `L: if (c) goto L;` that stutters while c holds
   * is not "taking a step" then.
   */
  private enabledAt(v: number, out: Uint8Array): void {
    out.fill(0);
    const g = this.g;
    for (let e = g.edgeBegin(v), end = g.edgeEnd(v); e < end; e++) if (g.edgeTo[e] !== v) this.mark(e, out);
    // Steps whose successors fall outside the workload's state constraints are enabled too (TLC evaluates
    // ENABLED on the state), though the behaviour graph has no edge for them.
    const dropped = g.dropped.get(v);
    if (dropped === undefined) return;
    for (let i = 0; i < dropped.length; i += 3) {
      const k = (dropped[i] as number) * this.width + (dropped[i + 1] as number);
      for (let j = this.matchStart[k] as number, je = this.matchStart[k + 1] as number; j < je; j++) out[this.matchList[j] as number] = 1;
      const tag = dropped[i + 2] as number;
      if (tag >= 0 && this.edgeTag !== undefined) out[this.F + tag] = 1;
    }
  }

  /** Finds a fair component reachable from `sources` inside `allowed`; the closest one. */
  find(allowed: Uint8Array, sources: readonly number[], accept: Uint8Array | undefined): Found | undefined {
    const g = this.g;
    const n = this.n;
    // 1. BFS inside the allowed subgraph from the sources.
    const parentEdge = new Int32Array(n).fill(-1);
    const dist = new Int32Array(n).fill(-1);
    const order = new Int32Array(n);
    const root = new Int32Array(n);
    let qh = 0;
    let qt = 0;
    for (const s of sources) {
      if (dist[s] !== -1) continue;
      dist[s] = 0;
      root[s] = s;
      order[qt++] = s;
    }
    while (qh < qt) {
      const v = order[qh++] as number;
      for (let e = g.edgeBegin(v), end = g.edgeEnd(v); e < end; e++) {
        const w = g.edgeTo[e] as number;
        if (allowed[w] === 1 && dist[w] === -1) {
          dist[w] = (dist[v] as number) + 1;
          parentEdge[w] = e;
          root[w] = root[v] as number;
          order[qt++] = w;
        }
      }
    }
    if (qt === 0) return undefined;
    // 2. SCCs of the reached part, then fairness with SF refinement.
    let best: { comp: Int32Array; entry: number; score: number } | undefined;
    const rootOf = (v: number): number => root[v] as number;
    const consider = (comp: Int32Array): void => {
      // Entry: the member with the smallest score (depth of its source + distance from it).
      let entry = -1;
      let score = Infinity;
      for (const v of comp) {
        const sc = (g.depth[rootOf(v)] as number) + (dist[v] as number);
        if (sc < score) {
          score = sc;
          entry = v;
        }
      }
      if (entry >= 0 && (best === undefined || score < best.score)) best = { comp, entry, score };
    };
    const tok = ++this.token;
    for (let i = 0; i < qt; i++) this.member[order[i] as number] = tok;
    const work: Int32Array[] = [];
    this.tarjan(order.subarray(0, qt), tok, (c) => work.push(c));
    const en = new Uint8Array(this.K);
    const enabledSome = new Uint8Array(this.K);
    const disabledSome = new Uint8Array(this.K);
    const taken = new Uint8Array(this.K);
    while (work.length > 0) {
      const comp = work.pop() as Int32Array;
      this.components++;
      if (accept !== undefined) {
        let any = false;
        for (const v of comp) if (accept[v] === 1) any = true;
        if (!any) continue;
      }
      const ctok = ++this.token;
      for (const v of comp) this.member[v] = ctok;
      enabledSome.fill(0);
      disabledSome.fill(0);
      taken.fill(0);
      for (const v of comp) {
        this.enabledAt(v, en);
        for (let c = 0; c < this.K; c++) {
          if (en[c]) enabledSome[c] = 1;
          else disabledSome[c] = 1;
        }
        for (let e = g.edgeBegin(v), end = g.edgeEnd(v); e < end; e++) {
          if (this.member[g.edgeTo[e] as number] !== ctok || g.edgeTo[e] === v) continue;
          this.mark(e, taken);
        }
      }
      let wfBad = false;
      const sfBad: number[] = [];
      for (let c = 0; c < this.K; c++) {
        if (taken[c]) continue;
        if (this.strong[c]) {
          if (enabledSome[c]) sfBad.push(c);
        } else if (!disabledSome[c]) wfBad = true;
      }
      if (wfBad) continue;
      if (sfBad.length === 0) {
        consider(comp);
        continue;
      }
      // SF refinement: drop the states where a violated SF constraint is enabled.
      this.refinements++;
      const keep: number[] = [];
      for (const v of comp) {
        this.enabledAt(v, en);
        if (!sfBad.some((c) => en[c])) keep.push(v);
      }
      if (keep.length === 0) continue;
      const rtok = ++this.token;
      for (const v of keep) this.member[v] = rtok;
      this.tarjan(Int32Array.from(keep), rtok, (c) => work.push(c));
    }
    if (best === undefined) return undefined;
    const b = best as { comp: Int32Array; entry: number };
    const pathEdges: number[] = [];
    for (let x = b.entry; parentEdge[x] !== -1;) {
      const e = parentEdge[x] as number;
      pathEdges.push(e);
      x = g.edgeSource(e);
    }
    pathEdges.reverse();
    return { comp: b.comp, entry: b.entry, pathEdges, root: rootOf(b.entry), accept };
  }

  /** Iterative Tarjan over `nodes` (all with member === tok), following edges inside the set. */
  private tarjan(nodes: Int32Array, tok: number, emit: (comp: Int32Array) => void): void {
    const g = this.g;
    const { index, low, onStack, stack, cs, ci, member } = this;
    for (const v of nodes) index[v] = -1;
    let counter = 0;
    let sp = 0;
    for (const r of nodes) {
      if (index[r] !== -1) continue;
      let top = 0;
      cs[0] = r;
      ci[0] = g.edgeBegin(r);
      index[r] = low[r] = counter++;
      stack[sp++] = r;
      onStack[r] = 1;
      while (top >= 0) {
        const v = cs[top] as number;
        const e = ci[top] as number;
        if (e < g.edgeEnd(v)) {
          ci[top] = e + 1;
          const w = g.edgeTo[e] as number;
          if (member[w] !== tok) continue;
          if (index[w] === -1) {
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = 1;
            top++;
            cs[top] = w;
            ci[top] = g.edgeBegin(w);
          } else if (onStack[w] === 1 && (index[w] as number) < (low[v] as number)) {
            low[v] = index[w] as number;
          }
        } else {
          top--;
          if (top >= 0) {
            const u = cs[top] as number;
            if ((low[v] as number) < (low[u] as number)) low[u] = low[v] as number;
          }
          if (low[v] === index[v]) {
            let k = sp;
            do {
              k--;
            } while (stack[k] !== v);
            const comp = stack.slice(k, sp);
            for (let j = k; j < sp; j++) onStack[stack[j] as number] = 0;
            sp = k;
            emit(comp);
          }
        }
      }
    }
  }

  /** Builds the lasso for a found component: prefix to the entry, then a fair cycle inside it. */
  lasso(f: Found): Lasso<S> {
    const g = this.g;
    const cycleEdges = this.cycle(f);
    let prefix = g.traceTo(f.root);
    prefix = g.replay(prefix, f.pathEdges);
    const loopIndex = prefix.length;
    const full = g.replay(prefix, cycleEdges);
    return { prefix, cycle: full.slice(prefix.length), loopIndex, stutter: cycleEdges.length === 0 };
  }

  /** Edges of a fair cycle from f.entry back to it inside f.comp (empty: stuttering is fair there). */
  private cycle(f: Found): number[] {
    const g = this.g;
    const K = this.K;
    const tok = ++this.token;
    for (const v of f.comp) this.member[v] = tok;
    const taken = new Uint8Array(K);
    const disabledSeen = new Uint8Array(K);
    const enabledSeen = new Uint8Array(K);
    let acceptSeen = f.accept === undefined;
    const en = new Uint8Array(K);
    const visit = (v: number): void => {
      this.enabledAt(v, en);
      for (let c = 0; c < K; c++) {
        if (en[c]) enabledSeen[c] = 1;
        else disabledSeen[c] = 1;
      }
      if (f.accept !== undefined && f.accept[v] === 1) acceptSeen = true;
    };
    const take = (e: number): void => this.mark(e, taken);
    const unmet = (c: number): boolean => (this.strong[c] ? enabledSeen[c] === 1 && !taken[c] : !taken[c] && !disabledSeen[c]);
    const anyUnmet = (): boolean => {
      if (!acceptSeen) return true;
      for (let c = 0; c < K; c++) if (unmet(c)) return true;
      return false;
    };
    visit(f.entry);
    if (!anyUnmet()) return []; // stuttering at the entry is fair (and accepting)
    const edges: number[] = [];
    let cur = f.entry;
    // BFS scratch: parent edge per state, valid when seen[v] === epoch.
    const n = this.n;
    const parent = new Int32Array(n);
    const seen = new Int32Array(n);
    const queue = new Int32Array(f.comp.length);
    let epoch = 0;
    for (let guard = 0; guard < 4 * K + 8; guard++) {
      const closing = !anyUnmet();
      if (closing && cur === f.entry && edges.length > 0) return edges;
      // BFS inside the component from cur to the nearest state that meets an obligation (or the entry).
      epoch++;
      seen[cur] = epoch;
      parent[cur] = -1;
      let qt = 0;
      queue[qt++] = cur;
      let target = -1;
      let viaEdge = -1;
      const meets = (v: number): number => {
        // Returns -2 if visiting v meets something, an edge id if taking it meets something, -1 otherwise.
        if (closing) return v === f.entry && v !== cur ? -2 : -1;
        if (f.accept !== undefined && !acceptSeen && f.accept[v] === 1 && v !== cur) return -2;
        this.enabledAt(v, en);
        for (let c = 0; c < K; c++) if (!this.strong[c] && unmet(c) && !en[c]) return -2;
        for (let e = g.edgeBegin(v), end = g.edgeEnd(v); e < end; e++) {
          if (this.member[g.edgeTo[e] as number] !== tok || g.edgeTo[e] === v) continue;
          const k = this.key(e);
          for (let j = this.matchStart[k] as number, je = this.matchStart[k + 1] as number; j < je; j++) {
            if (unmet(this.matchList[j] as number)) return e;
          }
          const t = this.tagged(e);
          if (t >= 0 && unmet(t)) return e;
        }
        return -1;
      };
      for (let qh = 0; qh < qt && target < 0; qh++) {
        const v = queue[qh] as number;
        const m = meets(v);
        if (m !== -1) {
          target = v;
          viaEdge = m >= 0 ? m : -1;
          break;
        }
        for (let e = g.edgeBegin(v), end = g.edgeEnd(v); e < end; e++) {
          const w = g.edgeTo[e] as number;
          if (this.member[w] !== tok || seen[w] === epoch) continue;
          seen[w] = epoch;
          parent[w] = e;
          queue[qt++] = w;
        }
      }
      if (target < 0) {
        // The component is strongly connected and fair, so a target always exists.
        throw new Error("liveness: no fair cycle could be built inside a fair component (internal error)");
      }
      const path: number[] = [];
      for (let x = target; parent[x] !== -1;) {
        const e = parent[x] as number;
        path.push(e);
        x = g.edgeSource(e);
      }
      path.reverse();
      for (const e of path) {
        edges.push(e);
        take(e);
        visit(g.edgeTo[e] as number);
      }
      cur = target;
      if (viaEdge >= 0) {
        edges.push(viaEdge);
        take(viaEdge);
        cur = g.edgeTo[viaEdge] as number;
        visit(cur);
      }
    }
    throw new Error("liveness: fair cycle construction did not converge (internal error)");
  }
}

/**
 * Re-checks a liveness counterexample against the model: every step is a real transition, the prefix
 * starts in an initial state, the cycle returns to the loop state, the cycle is fair (for every WF
 * constraint: taken in the cycle or disabled in one of its states; for every SF constraint: taken, or
 * disabled in all its states; stuttering: no constraint enabled in the loop state), and the property is
 * false along the lasso. Returns the problems (empty when it is a genuine fair counterexample).
 */
export function validateLasso<S>(model: LiveModel<S>, property: TemporalProperty<S>, lasso: Lasso<S>, binding?: { readonly [name: string]: Value }): string[] {
  if (property.formula.kind === "forall") {
    // The lasso must violate the instance for `binding` (by default: some instance).
    let first: string[] | undefined;
    for (const inst of propertyInstances(property)) {
      if (binding !== undefined && !sameBinding(inst.binding, binding)) continue;
      const p = validateLasso(model, { ...property, formula: inst.formula }, lasso);
      if (p.length === 0) return [];
      first ??= p.map((x) => `for ${bindingText(inst.binding)}: ${x}`);
    }
    return first ?? [`${property.name} has no instance for ${binding !== undefined ? bindingText(binding) : "any value"}`];
  }
  const problems: string[] = [];
  const fp = (s: S): string => fingerprintHex(model, s);
  const shape = classify(property.formula);
  if (typeof shape === "string") return [shape];
  const { prefix, cycle } = lasso;
  if (prefix.length === 0) return ["empty prefix"];
  const inits = new Set(model.init().map(fp));
  if (!inits.has(fp((prefix[0] as TraceStep<S>).state))) problems.push("the prefix does not start in an initial state");
  const all = [...prefix, ...cycle];
  for (let k = 1; k < all.length; k++) {
    const prev = (all[k - 1] as TraceStep<S>).state;
    const cur = all[k] as TraceStep<S>;
    // Pairwise (each step from the lasso's own state), so every broken step is reported, not only the first.
    const pick: StepPick<S> = { kind: "state", state: cur.state, step: cur.step?.id ?? -1, instance: cur.instance ?? -1 };
    const r = replayPath(model, { kind: "at", from: { index: k, state: prev } }, [pick], { strict: true });
    if (!r.ok && r.error.kind === "threw") throw r.error.error;
    if (!r.ok) problems.push(`step ${k + 1} of the lasso is not a transition of the model`);
    if (cur.index !== k + 1) problems.push(`step ${k + 1} has index ${cur.index}`);
  }
  if (lasso.loopIndex !== prefix.length) problems.push(`loopIndex ${lasso.loopIndex} is not the last prefix state ${prefix.length}`);
  const loop = (prefix[prefix.length - 1] as TraceStep<S>).state;
  if (cycle.length > 0 && fp((cycle[cycle.length - 1] as TraceStep<S>).state) !== fp(loop)) problems.push("the cycle does not return to the loop state");
  if (lasso.stutter !== (cycle.length === 0)) problems.push("stutter flag inconsistent with the cycle");
  // Fairness of the cycle.
  const cycStates = cycle.length === 0 ? [loop] : cycle.map((c) => c.state);
  // A per-binding constraint (`each`) is one constraint per binding of its parameters: the bindings
  // that matter are those enabled in some cycle state (one never enabled there is met trivially).
  const bindingOf = (c: FairnessConstraint, picks: { readonly [name: string]: Value } | undefined): string =>
    c.each === undefined ? "" : c.each.map((n) => `${n} = ${picks !== undefined && n in picks ? formatValue(picks[n] as Value) : "?"}`).join(", ");
  // Steps that change nothing (self-loops) are stuttering: they neither enable nor take (`<<A>>_vars`).
  const succs = cycStates.map((s) => {
    const ts: Transition<S>[] = [];
    const from = fp(s);
    model.successors(s, (t) => {
      if (fp(t.state) !== from) ts.push(t);
    });
    return ts;
  });
  const moves = cycle.filter((t, i) => fp(t.state) !== fp(i === 0 ? loop : (cycle[i - 1] as TraceStep<S>).state));
  model.fairness.forEach((c) => {
    const steps = new Set(c.steps);
    const matches = (step: number, inst: number): boolean => steps.has(step) && (c.instance < 0 || c.instance === inst);
    const keys = new Set<string>();
    for (const ts of succs) for (const t of ts) if (matches(t.step, t.instance)) keys.add(bindingOf(c, t.picks));
    if (keys.size === 0) keys.add(bindingOf(c, undefined));
    for (const key of keys) {
      const enabled = succs.map((ts) => ts.some((t) => matches(t.step, t.instance) && bindingOf(c, t.picks) === key));
      const taken = moves.some((t) => t.step !== undefined && matches(t.step.id, t.instance ?? -1) && bindingOf(c, t.picks) === key);
      if (taken) continue;
      const name = c.each === undefined ? c.name : `${c.name}(${key})`;
      if (c.kind === "weak" && enabled.every((x) => x)) problems.push(`the cycle is unfair: WF ${name} is always enabled and never taken`);
      if (c.kind === "strong" && enabled.some((x) => x)) problems.push(`the cycle is unfair: SF ${name} is enabled and never taken`);
    }
  });
  // The property is false along the lasso.
  const P = shape.p;
  switch (shape.form) {
    case "eventually":
      if (all.some((t) => P(t.state))) problems.push(`a state of the lasso satisfies ${shape.pText}`);
      break;
    case "leadsto": {
      const Q = shape.q as Pred<S>;
      // Some state satisfies P and no later state (cycle included) satisfies Q.
      let lastQ = -1;
      all.forEach((t, i) => {
        if (Q(t.state)) lastQ = i;
      });
      if (cycle.some((t) => Q(t.state)) || (cycle.length === 0 && Q(loop))) problems.push(`the cycle satisfies ${shape.qText ?? "Q"}`);
      else if (!all.some((t, i) => i > lastQ && P(t.state))) problems.push(`no ${shape.pText} state is followed by ¬(${shape.qText ?? "Q"}) forever`);
      break;
    }
    case "always-eventually":
      if (cycStates.some((s) => P(s))) problems.push(`the cycle visits ${shape.pText}`);
      break;
    case "eventually-always":
      if (cycStates.every((s) => P(s))) problems.push(`the cycle never falsifies ${shape.pText}`);
      break;
    default:
      problems.push(`${shape.form} is not a liveness form`);
  }
  return problems;
}

/** A lasso as text, TLC style: states numbered, "Back to state N" (or stuttering) at the end. */
export function formatLasso<S>(model: Model<S>, lasso: Lasso<S>): string {
  const lines: string[] = [];
  const show = (t: TraceStep<S>): void => {
    const who = t.instance !== undefined ? `${model.instances[t.instance]?.name ?? t.instance} ` : "";
    const head = t.step ? `${who}${t.step.name} (${t.step.loc})` : "initial state";
    lines.push(`State ${t.index}: ${head}`);
    const v = model.view(t.state);
    for (const [k, x] of Object.entries(v)) lines.push(`  ${k} = ${JSON.stringify(x)}`);
  };
  for (const t of lasso.prefix) show(t);
  for (const t of lasso.cycle) show(t);
  lines.push(lasso.stutter ? `Stuttering forever in state ${lasso.loopIndex}` : `Back to state ${lasso.loopIndex}`);
  return lines.join("\n");
}
