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
import type { FairnessConstraint, TemporalFormula, TemporalProperty, Transition, Value } from "../contract/model.js";
import { formatValue } from "../search/format.js";
import { buildStateGraph, GraphRecorder, type GraphStats, type StateGraph } from "./graph.js";
import type { SearchObserver } from "../search/observer.js";
import type { Limit, SearchOptions, TraceStep, Verdict } from "../search/result.js";
import { bindingText, classify, formulaText, propertyInstances, type Pred, type PropertyForm, type PropertyInstance, type Shape } from "./temporal-forms.js";
import type { Lasso, LiveModel } from "./lasso.js";
import { FairCycleFinder, type FairBinding } from "./fair-cycle.js";

// The checker's public surface includes its parts' (temporal-forms.ts, lasso.ts, fair-cycle.ts): callers import it from here.
export { bindingText, classify, formulaText, propertyInstances, safetyForm, safetyTraceProblems } from "./temporal-forms.js";
export type { PropertyForm, PropertyInstance, SafetyForm } from "./temporal-forms.js";
export { formatLasso, validateLasso } from "./lasso.js";
export type { Lasso, LiveModel } from "./lasso.js";
export type { FairBinding } from "./fair-cycle.js";

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
