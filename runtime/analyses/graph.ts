/**
 * The explicit reachable state graph, for analyses that need every transition rather than one
 * spanning tree: liveness (SCCs under fairness), lock-order analysis.
 *
 * States are numbered 0, 1, 2, … in BFS discovery order (they are the entries of a FingerprintStore,
 * whose parent links form a shortest-path tree from the initial states). BFS expands states in that
 * same order, so the edges of state i are appended contiguously and kept in CSR form: `edgeStart[i]` ..
 * `edgeStart[i + 1]` index the typed arrays `edgeTo` (Int32), `edgeStep` and `edgeInst` (Uint16, the
 * instance stored +1 so that actions are 0). That is 8 bytes per edge plus the store's ~20–27 bytes per
 * state. State objects are not kept: analyses evaluate their state predicates when a state is
 * discovered (`labels`, one byte per state each) and rebuild traces by replay.
 *
 * When a limit stops the build, states `expanded`..`size-1` were discovered but never expanded: their
 * edges are unknown, and analyses must treat them as such (`isExpanded`).
 *
 * The graph is built either by its own search (`buildStateGraph`) or, what `check` does, recorded during
 * the safety search by a `GraphRecorder` attached to it as an observer: the graph's state indices are
 * then the safety store's, and traces to its states are replayed from that store.
 */
import { SpecError, type Model, type StepDef, type Transition } from "../contract/model.js";
import { Fingerprinter, fingerprintInto } from "../search/fingerprint.js";
import { FingerprintStore, MAX_META } from "../search/store.js";
import { Watchdog } from "../search/limits.js";
import { endEvaluationBudget, isEvaluationStopped } from "../contract/budget.js";
import { reconstructTrace } from "../search/trace.js";
import { replayPath, replayTrace, type ParentStore, type StepPick } from "../search/replay.js";
import type { SearchObserver } from "../search/observer.js";
import type { Limit, SearchOptions, TraceStep, Violation } from "../search/result.js";

export interface GraphOptions<S> extends SearchOptions {
  /** State predicates evaluated once per discovered state; results in `StateGraph.labels`. */
  readonly labels?: readonly ((s: S) => boolean)[];
  /** Keep the edges (default true). Lock-order analysis only needs `onTransition`. */
  readonly storeEdges?: boolean;
  /**
   * A small tag per edge (-1: none), kept in `StateGraph.edgeTag`: liveness tags the edges of
   * per-binding fair actions with their binding (4 more bytes per edge, only when given).
   */
  readonly tagOf?: (t: Transition<S>) => number;
  /** Called for every transition (duplicates included) with the source and target state indices. */
  readonly onTransition?: (src: number, s: S, t: Transition<S>, dst: number) => void;
}

export interface GraphStats {
  readonly states: number;
  readonly edges: number;
  readonly seconds: number;
  /** Bytes of the typed arrays (store, edges, labels). */
  readonly bytes: number;
  /** Number of BFS levels (an initial state is depth 1). */
  readonly depth: number;
}

/** The store whose indices a graph's states are: its own (`buildStateGraph`) or the safety search's (`GraphRecorder`). */
export type GraphStore = ParentStore & { readonly bytes: number };

/** A reachable state graph with every transition. */
export class StateGraph<S> {
  /** Number of states discovered. */
  size = 0;
  /** States 0..expanded-1 have their complete edge lists. */
  expanded = 0;
  /** Indices of the initial states. */
  initial: Int32Array = new Int32Array(0);
  edgeStart: Int32Array = new Int32Array(1024);
  edgeTo: Int32Array = new Int32Array(4096);
  edgeStep: Uint16Array = new Uint16Array(4096);
  edgeInst: Uint16Array = new Uint16Array(4096);
  /** Per edge: the `tagOf` of its transition, when the graph was built with `tagOf`. */
  edgeTag: Int32Array | undefined;
  /** The `tagOf` the graph was built with (replay matches it, so that two transitions to the same state with different tags stay apart). */
  tagOf: ((t: Transition<S>) => number) | undefined;
  edgeCount = 0;
  /**
   * Per state, the transitions to successors outside the workload's state constraints (step, instance,
   * tag triples; the tag as `edgeTag`, -1 without `tagOf`): no edge is stored for them, but the steps are enabled there, as TLC evaluates ENABLED on
   * the state itself whatever the constraint (fairness: see liveness.ts `enabledAt`). Only boundary
   * states have an entry. Instances are stored + 1, as in `edgeInst`.
   */
  readonly dropped = new Map<number, number[]>();
  /** One byte per state per label (1 = the predicate holds). */
  readonly labels: Uint8Array[];
  /** BFS depth of each state (initial = 1). */
  depth: Int32Array = new Int32Array(1024);
  /** True when every reachable state was expanded. */
  complete = false;
  limit?: Limit;
  /** A SpecError raised while expanding a state or evaluating a label (the build stops there). */
  error?: Violation;
  seconds = 0;

  constructor(
    readonly model: Model<S>,
    nLabels: number,
    readonly store: GraphStore = new FingerprintStore(),
  ) {
    this.labels = Array.from({ length: nLabels }, () => new Uint8Array(1024));
  }

  isExpanded(v: number): boolean {
    return v < this.expanded;
  }

  /** First edge of state v (edges of v: edgeBegin(v) .. edgeEnd(v) - 1). */
  edgeBegin(v: number): number {
    return v < this.expanded ? (this.edgeStart[v] as number) : 0;
  }

  edgeEnd(v: number): number {
    return v < this.expanded ? (this.edgeStart[v + 1] as number) : 0;
  }

  /** The step id of edge e. */
  step(e: number): number {
    return this.edgeStep[e] as number;
  }

  /** The instance (pid, or -1 for an action) of edge e. */
  instance(e: number): number {
    return (this.edgeInst[e] as number) - 1;
  }

  /** The source state of edge e (binary search over edgeStart). */
  edgeSource(e: number): number {
    let lo = 0;
    let hi = this.expanded - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.edgeStart[mid] as number) <= e) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  label(k: number, v: number): boolean {
    return (this.labels[k] as Uint8Array)[v] === 1;
  }

  stats(): GraphStats {
    let maxDepth = 0;
    for (let i = 0; i < this.size; i++) if ((this.depth[i] as number) > maxDepth) maxDepth = this.depth[i] as number;
    let bytes =
      this.store.bytes +
      this.edgeStart.byteLength +
      this.edgeTo.byteLength +
      this.edgeStep.byteLength +
      this.edgeInst.byteLength +
      (this.edgeTag?.byteLength ?? 0) +
      this.depth.byteLength;
    for (const l of this.labels) bytes += l.byteLength;
    return { states: this.size, edges: this.edgeCount, seconds: this.seconds, bytes, depth: maxDepth };
  }

  /** A shortest trace from an initial state to state v (replayed through the model). */
  traceTo(v: number): TraceStep<S>[] {
    // A parent store without steps (the safety search's) replays the first successor with the recorded
    // fingerprint: the transition that discovered the state, the one a FingerprintStore records.
    return this.store instanceof FingerprintStore ? reconstructTrace(this.model, this.store, v) : replayTrace(this.model, this.store, v);
  }

  /**
   * Extends `trace` (whose last state is the source of edges[0]) by replaying the given edges; each
   * edge's target must be the source of the next. Indices continue from the trace's.
   */
  replay(trace: TraceStep<S>[], edges: readonly number[]): TraceStep<S>[] {
    const tagOf = this.edgeTag !== undefined ? this.tagOf : undefined;
    const picks = edges.map((e): StepPick<S> => {
      const to = this.edgeTo[e] as number;
      const tag = tagOf !== undefined ? ((this.edgeTag as ArrayLike<number>)[e] as number) : -1;
      return {
        kind: "entry",
        store: this.store,
        index: to,
        step: this.step(e),
        instance: this.instance(e),
        ...(tag >= 0 && tagOf !== undefined ? { accept: (t: Transition<S>) => tagOf(t) === tag } : {}),
      };
    });
    const last = trace[trace.length - 1] as TraceStep<S>;
    // Strict: any error while expanding these states propagates as it is (the search saw none there).
    const r = replayPath(this.model, { kind: "at", from: last }, picks, { strict: true });
    if (!r.ok) {
      if (r.error.kind === "threw") throw r.error.error;
      const step = this.step(edges[r.error.kind === "no-successor" ? r.error.at - last.index - 1 : 0] as number);
      throw new Error(`replay failed: ${this.model.steps[step]?.name ?? step} does not lead to the recorded state (nondeterministic model?)`);
    }
    return [...trace.slice(0, -1), ...r.trace];
  }

  /** Appends edge e (from `src`) to the CSR arrays. */
  pushEdge(to: number, step: number, inst: number, tag = -1): void {
    const k = this.edgeCount;
    if (k === this.edgeTo.length) {
      const cap = Math.ceil(k * 1.5) + 16;
      const a = new Int32Array(cap);
      a.set(this.edgeTo);
      this.edgeTo = a;
      const b = new Uint16Array(cap);
      b.set(this.edgeStep);
      this.edgeStep = b;
      const c = new Uint16Array(cap);
      c.set(this.edgeInst);
      this.edgeInst = c;
      if (this.edgeTag !== undefined) {
        const d = new Int32Array(cap);
        d.set(this.edgeTag);
        this.edgeTag = d;
      }
    }
    this.edgeTo[k] = to;
    this.edgeStep[k] = step;
    this.edgeInst[k] = inst + 1;
    if (this.edgeTag !== undefined) this.edgeTag[k] = tag;
    this.edgeCount = k + 1;
  }

  /** Makes room for state index i in the per-state arrays. */
  ensureState(i: number): void {
    if (i + 1 < this.edgeStart.length && i < this.depth.length) return;
    const cap = Math.ceil((i + 2) * 1.5);
    const es = new Int32Array(cap);
    es.set(this.edgeStart);
    this.edgeStart = es;
    const d = new Int32Array(cap);
    d.set(this.depth);
    this.depth = d;
    for (let k = 0; k < this.labels.length; k++) {
      const l = new Uint8Array(cap);
      l.set(this.labels[k] as Uint8Array);
      this.labels[k] = l;
    }
  }
}

/** Builds the reachable state graph by BFS. */
export function buildStateGraph<S>(model: Model<S>, opts: GraphOptions<S> = {}): StateGraph<S> {
  if (model.steps.length > MAX_META || model.instances.length > MAX_META) {
    throw new RangeError(`model too large: at most ${MAX_META} steps and instances`);
  }
  const preds = opts.labels ?? [];
  const g = new StateGraph(model, preds.length);
  const store = g.store as FingerprintStore;
  const storeEdges = opts.storeEdges ?? true;
  const onTransition = opts.onTransition;
  const tagOf = opts.tagOf;
  if (tagOf !== undefined) {
    g.edgeTag = new Int32Array(g.edgeTo.length);
    g.tagOf = tagOf;
  }
  const dog = new Watchdog(opts);
  const maxStates = opts.maxStates ?? Infinity;
  const fp = new Fingerprinter();
  const stats = () => ({
    distinctStates: g.size,
    statesGenerated: g.edgeCount,
    depth: 0,
    queue: 0,
    seconds: dog.elapsedSeconds(),
    statesPerSec: 0,
    bytesPerState: 0,
    storeBytes: store.bytes,
  });

  /** Records state idx (new): labels and depth. Returns false on a SpecError. */
  const discover = (s: S, idx: number, depth: number): boolean => {
    g.ensureState(idx);
    g.size = idx + 1;
    g.depth[idx] = depth;
    for (let k = 0; k < preds.length; k++) {
      try {
        (g.labels[k] as Uint8Array)[idx] = (preds[k] as (s: S) => boolean)(s) ? 1 : 0;
      } catch (e) {
        if (isEvaluationStopped(e)) {
          g.limit = e.limit;
          return false;
        }
        if (!(e instanceof SpecError)) throw e;
        g.error = { kind: "spec_error", message: `evaluating a property: ${e.message}`, loc: e.loc };
        return false;
      }
    }
    return true;
  };

  const finish = (): StateGraph<S> => {
    endEvaluationBudget();
    g.seconds = dog.elapsedSeconds();
    g.edgeStart[g.expanded] = g.edgeCount;
    return g;
  };

  const initial = dog.initial();
  if (initial !== undefined) {
    g.limit = initial;
    return finish();
  }
  let inits: readonly S[];
  try {
    inits = model.init();
  } catch (e) {
    if (isEvaluationStopped(e)) {
      g.limit = e.limit;
      return finish();
    }
    if (!(e instanceof SpecError)) throw e;
    g.error = { kind: e.errorKind, message: e.message, loc: e.loc };
    return finish();
  }
  let cur: (S | undefined)[] = [];
  const initIdx: number[] = [];
  const constraints = model.constraints ?? [];
  /** True when `s` is inside every state constraint (TLC: only those states enter the behaviour graph). */
  const inModel = (s: S): boolean | undefined => {
    for (const c of constraints) {
      try {
        if (!c.holds(s)) return false;
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        g.error = { kind: "spec_error", message: `evaluating constraint ${c.name}: ${e.message}`, loc: e.loc };
        return undefined;
      }
    }
    return true;
  };
  for (const s of inits) {
    if (constraints.length > 0) {
      const m = inModel(s);
      if (m === undefined) return finish();
      if (!m) continue;
    }
    fingerprintInto(model, s, fp);
    const idx = store.insert(fp, -1, -1, -1);
    if (idx < 0) continue;
    initIdx.push(idx);
    cur.push(s);
    if (!discover(s, idx, 1)) {
      g.initial = Int32Array.from(initIdx);
      return finish();
    }
  }
  g.initial = Int32Array.from(initIdx);
  let next: S[] = [];
  let pos = 0;
  let base = 0;
  let level = 1;
  let src = 0;
  let srcState: S | undefined;
  let failed = false;
  const onSucc = (t: Transition<S>): void => {
    if (failed) return;
    if (constraints.length > 0) {
      const m = inModel(t.state);
      if (m === undefined) {
        failed = true;
        return;
      }
      if (!m) {
        const tag = tagOf !== undefined ? tagOf(t) : -1;
        const d = g.dropped.get(src);
        if (d === undefined) g.dropped.set(src, [t.step, t.instance + 1, tag]);
        else d.push(t.step, t.instance + 1, tag);
        return;
      }
    }
    fingerprintInto(model, t.state, fp);
    // One probe: a new entry's index, or -1 - the index of a known state.
    let dst = store.insert(fp, src, t.step, t.instance);
    if (dst < 0) dst = -1 - dst;
    else {
      next.push(t.state);
      if (!discover(t.state, dst, level + 1)) {
        failed = true;
        return;
      }
    }
    if (storeEdges) g.pushEdge(dst, t.step, t.instance, tagOf !== undefined ? tagOf(t) : -1);
    if (onTransition !== undefined) onTransition(src, srcState as S, t, dst);
  };
  for (;;) {
    if (pos === cur.length) {
      if (next.length === 0) {
        g.complete = true;
        break;
      }
      base += cur.length;
      cur = next;
      next = [];
      pos = 0;
      level++;
    }
    if (g.size >= maxStates && g.size > g.expanded) {
      // Stop discovering: the states found so far stay, unexpanded ones are marked as such.
      g.limit = "maxStates";
      break;
    }
    const i = pos++;
    const s = cur[i] as S;
    cur[i] = undefined;
    src = base + i;
    srcState = s;
    g.edgeStart[src] = g.edgeCount;
    try {
      model.successors(s, onSucc);
    } catch (e) {
      if (!isEvaluationStopped(e)) {
        if (!(e instanceof SpecError)) throw e;
        const step: StepDef | undefined = e.step >= 0 ? model.steps[e.step] : undefined;
        g.error = { kind: e.errorKind, message: e.message, loc: e.loc, ...(step ? { step } : {}), ...(e.instance >= 0 ? { instance: e.instance } : {}) };
      } else g.limit = e.limit;
      failed = true;
    }
    if (failed) {
      // The state's edge list is incomplete: leave it unexpanded.
      g.edgeCount = g.edgeStart[src] as number;
      break;
    }
    g.expanded = src + 1;
    if (dog.tick()) {
      const r = dog.poll(g.size, stats);
      if (r !== "continue" && r !== "yield") {
        g.limit = r;
        break;
      }
    }
  }
  return finish();
}

/** What a `GraphRecorder` records besides the edges. */
export interface RecorderOptions<S> {
  /** State predicates evaluated once per discovered state, as `GraphOptions.labels`. */
  readonly labels?: readonly ((s: S) => boolean)[];
  /** A tag per edge, as `GraphOptions.tagOf`. */
  readonly tagOf?: (t: Transition<S>) => number;
}

/**
 * Records the state graph of the BFS it observes (see observer.ts): the same graph `buildStateGraph`
 * builds — same indices (discovery order), depths, edges in the same order, labels, dropped
 * transitions — without a second exploration. `graph()` gives it only when the search explored the
 * whole state space; otherwise (a violation, a limit, a reduced search) undefined, and the caller builds
 * the graph on its own as before.
 */
export class GraphRecorder<S> implements SearchObserver<S> {
  private g: StateGraph<S> | undefined;
  private readonly preds: readonly ((s: S) => boolean)[];
  private readonly tagOf: ((t: Transition<S>) => number) | undefined;
  private readonly initial: number[] = [];
  /** A label raised an error: the graph ends there, as `buildStateGraph`'s does. */
  private stopped: boolean;
  private whole = false;
  private src = -1;
  private t0 = 0;

  constructor(
    readonly model: Model<S>,
    opts: RecorderOptions<S> = {},
  ) {
    this.preds = opts.labels ?? [];
    this.tagOf = opts.tagOf;
    // Edge steps and instances are 16-bit: a larger model is left to buildStateGraph (which refuses it).
    this.stopped = model.steps.length > MAX_META || model.instances.length > MAX_META;
  }

  /** The recorded graph, when the observed search explored every reachable state. */
  graph(): StateGraph<S> | undefined {
    return this.whole ? this.g : undefined;
  }

  start(store: ParentStore & { readonly bytes?: number }): void {
    const s = store as GraphStore;
    this.g = new StateGraph(this.model, this.preds.length, s);
    if (this.tagOf !== undefined) {
      this.g.edgeTag = new Int32Array(this.g.edgeTo.length);
      this.g.tagOf = this.tagOf;
    }
    this.t0 = performance.now();
  }

  discovered(idx: number, state: S, depth: number): void {
    const g = this.g;
    if (this.stopped || g === undefined) return;
    g.ensureState(idx);
    g.size = idx + 1;
    g.depth[idx] = depth;
    if (depth === 1) this.initial.push(idx);
    const preds = this.preds;
    for (let k = 0; k < preds.length; k++) {
      try {
        (g.labels[k] as Uint8Array)[idx] = (preds[k] as (s: S) => boolean)(state) ? 1 : 0;
      } catch (e) {
        // A stopped evaluation stops the search itself (a limit: nothing recorded is used).
        if (!(e instanceof SpecError) || isEvaluationStopped(e)) throw e;
        g.error = { kind: "spec_error", message: `evaluating a property: ${e.message}`, loc: e.loc };
        // The state being expanded keeps no partial edge list (as buildStateGraph).
        if (this.src >= 0) g.edgeCount = g.edgeStart[this.src] as number;
        this.stopped = true;
        return;
      }
    }
  }

  expanding(src: number): void {
    const g = this.g;
    if (this.stopped || g === undefined) return;
    this.src = src;
    g.edgeStart[src] = g.edgeCount;
  }

  transition(src: number, _state: S, t: Transition<S>, dst: number): void {
    const g = this.g;
    if (this.stopped || g === undefined) return;
    const tag = this.tagOf !== undefined ? this.tagOf(t) : -1;
    if (dst >= 0) {
      g.pushEdge(dst, t.step, t.instance, tag);
      return;
    }
    const d = g.dropped.get(src);
    if (d === undefined) g.dropped.set(src, [t.step, t.instance + 1, tag]);
    else d.push(t.step, t.instance + 1, tag);
  }

  expanded(src: number): void {
    if (this.stopped || this.g === undefined) return;
    this.g.expanded = src + 1;
    this.src = -1;
  }

  finish(complete: boolean): void {
    const g = this.g;
    if (g === undefined) return;
    // Stopped by a label's error: the graph is whole as buildStateGraph's would be (it ends at the error).
    this.whole = complete && (!this.stopped || g.error !== undefined);
    if (!this.stopped) g.complete = complete;
    g.initial = Int32Array.from(this.initial);
    g.seconds = (performance.now() - this.t0) / 1000;
    g.edgeStart[g.expanded] = g.edgeCount;
  }
}
