/**
 * Lock-order analysis, in the spirit of Linux lockdep: over every explored transition, an instance
 * that acquires lock B (B appears in `locksHeld(t, pid)` but not in `locksHeld(s, pid)`) while holding
 * lock A in s adds the edge A → B to the lock-order graph. (Acquisition is part of an atomic step that
 * is disabled while B is unavailable, so the instance really waits for B while holding A.) A cycle in
 * that graph — A → B → A, or longer — is an inversion: two instances following the two orders can
 * deadlock, and it is reported even when the explored schedules never actually deadlock.
 *
 * Locks are compared by name without mode (`lock (write)` and `lock (read)` are the same lock `lock`);
 * a cycle whose only link through some lock is read-held/read-acquired on both sides cannot deadlock
 * there and is reported with `mayDeadlock: false`.
 *
 * Each edge keeps one example: a shortest trace to the state the acquisition starts from, plus the
 * acquiring step.
 *
 * The transitions come from a search of their own (`analyzeLockOrder`) or from the safety search, which
 * a `LockOrderRecorder` observes (`check`): the examples are then replayed from the safety store.
 */
import type { LivenessInfo, Model, Transition } from "../contract/model.js";
import { buildStateGraph } from "./graph.js";
import { replayPath, replayTrace, type ParentStore } from "../search/replay.js";
import type { SearchObserver } from "../search/observer.js";
import type { Limit, SearchOptions, TraceStep } from "../search/result.js";

export interface LockOrderEdge<S> {
  /** Held lock (base name). */
  readonly from: string;
  /** Acquired lock (base name). */
  readonly to: string;
  /** As shown by locksHeld, with modes, e.g. `lock (write)` → `refresh_lock`: one entry per variant seen. */
  readonly variants: readonly { readonly held: string; readonly acquired: string }[];
  /** Instances seen taking this edge. */
  readonly instances: readonly string[];
  /** Number of transitions that add the edge. */
  readonly count: number;
  /** Shortest trace to the acquisition: its last step acquires `to` while `from` is held. */
  readonly example: readonly TraceStep<S>[];
}

export interface LockInversion<S> {
  /** The locks around the cycle, e.g. ["a", "b"] for a → b → a. */
  readonly cycle: readonly string[];
  /** One example trace per edge of the cycle (cycle[i] → cycle[i+1]). */
  readonly examples: readonly (readonly TraceStep<S>[])[];
  /** Instances involved, per edge. */
  readonly instances: readonly (readonly string[])[];
  /** False when every way around the cycle only shares a lock in read mode on both sides. */
  readonly mayDeadlock: boolean;
  /** Human-readable warning. */
  readonly message: string;
}

export interface LockOrderResult<S> {
  readonly edges: readonly LockOrderEdge<S>[];
  readonly inversions: readonly LockInversion<S>[];
  /** True when the whole state space was explored. */
  readonly complete: boolean;
  readonly limit?: Limit;
  readonly states: number;
  readonly transitions: number;
  readonly seconds: number;
}

export interface LockOrderOptions extends SearchOptions {
  /** Longest cycle reported, in locks (default 6). */
  readonly maxCycleLength?: number;
  /** Most inversions reported (default 50). */
  readonly maxInversions?: number;
}

function base(x: string): [string, boolean] {
  const m = /^(.*) \((read|write)\)$/.exec(x);
  return m ? [m[1] as string, m[2] === "read"] : [x, false];
}

interface EdgeAcc {
  from: string;
  to: string;
  variants: Map<string, { held: string; acquired: string }>;
  instances: Set<number>;
  count: number;
  src: number;
  dst: number;
  step: number;
  instance: number;
}

/** A model that says which locks each instance holds. */
export type LockModel<S> = Model<S> & Pick<LivenessInfo<S>, "locksHeld">;

/** Where the examples' traces come from: the store of the search that saw the transitions (its `find` says which state an entry is). */
interface TraceSource<S> {
  traceTo(idx: number): TraceStep<S>[];
  readonly store: Pick<ParentStore, "find" | "fingerprint">;
}

/** Accumulates the lock-order edges of the transitions it is shown (one search's, in BFS order). */
class LockOrderEdges<S> {
  readonly acc = new Map<string, EdgeAcc>();
  private readonly heldCache = new Map<number, readonly string[]>();
  private cacheSrc = -1;
  transitions = 0;

  constructor(private readonly model: LockModel<S>) {}

  transition(src: number, s: S, t: Transition<S>, dst: number): void {
    const model = this.model;
    this.transitions++;
    const pid = t.instance;
    if (pid < 0) return;
    if (this.cacheSrc !== src) {
      this.heldCache.clear();
      this.cacheSrc = src;
    }
    let before = this.heldCache.get(pid);
    if (before === undefined) {
      before = model.locksHeld(s, pid);
      this.heldCache.set(pid, before);
    }
    if (before.length === 0) return;
    const after = model.locksHeld(t.state, pid);
    for (const b of after) {
      if (before.includes(b)) continue;
      const [bName] = base(b);
      for (const a of before) {
        const [aName] = base(a);
        if (aName === bName) continue; // upgrade/downgrade of the same lock
        const key = `${aName}\u0000${bName}`;
        let e = this.acc.get(key);
        if (e === undefined) {
          e = { from: aName, to: bName, variants: new Map(), instances: new Set(), count: 0, src, dst, step: t.step, instance: pid };
          this.acc.set(key, e);
        }
        e.count++;
        e.instances.add(pid);
        e.variants.set(`${a}\u0000${b}`, { held: a, acquired: b });
      }
    }
  }
}

/** Builds the lock-order graph over the reachable transitions and reports its cycles. */
export function analyzeLockOrder<S>(model: LockModel<S>, opts: LockOrderOptions = {}): LockOrderResult<S> {
  const edges = new LockOrderEdges(model);
  const g = buildStateGraph(model, {
    ...opts,
    storeEdges: false,
    onTransition: (src, s, t, dst) => edges.transition(src, s, t, dst),
  });
  const source: TraceSource<S> = { traceTo: (i) => g.traceTo(i), store: g.store };
  return {
    ...lockOrderOf(model, edges.acc, source, opts),
    complete: g.complete,
    ...(g.limit !== undefined ? { limit: g.limit } : {}),
    states: g.size,
    transitions: edges.transitions,
    seconds: g.seconds,
  };
}

/**
 * Observes the safety search (see observer.ts) for the lock-order analysis: the result `analyzeLockOrder`
 * would give, without a search of its own. `result()` is undefined unless the search explored the whole
 * state space, or when it passed `maxStates` (the observation stops there, to cost nothing more).
 */
export class LockOrderRecorder<S> implements SearchObserver<S> {
  private readonly edges: LockOrderEdges<S>;
  private store: ParentStore | undefined;
  private whole = false;
  private over = false;
  private readonly t0 = performance.now();
  private seconds = 0;

  constructor(
    private readonly model: LockModel<S>,
    private readonly opts: Pick<LockOrderOptions, "maxCycleLength" | "maxInversions" | "maxStates"> = {},
  ) {
    this.edges = new LockOrderEdges(model);
  }

  start(store: ParentStore): void {
    this.store = store;
  }

  transition(src: number, s: S, t: Transition<S>, dst: number): void {
    // A transition outside the state constraints is no transition of the graph.
    if (dst < 0 || this.over) return;
    if (src >= (this.opts.maxStates ?? Infinity)) {
      this.over = true;
      return;
    }
    this.edges.transition(src, s, t, dst);
  }

  finish(complete: boolean): void {
    this.whole = complete && !this.over;
    this.seconds = (performance.now() - this.t0) / 1000;
  }

  /** The analysis of the observed search, when it was whole. */
  result(): LockOrderResult<S> | undefined {
    const store = this.store;
    if (!this.whole || store === undefined) return undefined;
    const model = this.model;
    const source: TraceSource<S> = { traceTo: (i) => replayTrace(model, store, i), store };
    return {
      ...lockOrderOf(model, this.edges.acc, source, this.opts),
      complete: true,
      states: store.size,
      transitions: this.edges.transitions,
      seconds: this.seconds,
    };
  }
}

/** The edges with their examples, and the inversions (the cycles of the lock-order graph). */
function lockOrderOf<S>(
  model: LockModel<S>,
  acc: Map<string, EdgeAcc>,
  g: TraceSource<S>,
  opts: Pick<LockOrderOptions, "maxCycleLength" | "maxInversions">,
): Pick<LockOrderResult<S>, "edges" | "inversions"> {
  // Example traces: replay to the source, then the acquiring step.
  const examples = new Map<string, TraceStep<S>[]>();
  const exampleOf = (e: EdgeAcc): TraceStep<S>[] => {
    const key = `${e.from}\u0000${e.to}`;
    let ex = examples.get(key);
    if (ex === undefined) {
      ex = traceWithStep(model, g.traceTo(e.src), e.step, e.instance, g.store, e.dst);
      examples.set(key, ex);
    }
    return ex;
  };
  const name = (p: number): string => model.instances[p]?.name ?? `#${p}`;
  const edges: LockOrderEdge<S>[] = [...acc.values()].map((e) => ({
    from: e.from,
    to: e.to,
    variants: [...e.variants.values()],
    instances: [...e.instances].sort((a, b) => a - b).map(name),
    count: e.count,
    example: exampleOf(e),
  }));

  // Elementary cycles, each reported once (starting from its smallest lock name).
  const locks = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const out = new Map<string, LockOrderEdge<S>[]>();
  for (const e of edges) {
    const l = out.get(e.from) ?? [];
    l.push(e);
    out.set(e.from, l);
  }
  const maxLen = opts.maxCycleLength ?? 6;
  const maxInv = opts.maxInversions ?? 50;
  const inversions: LockInversion<S>[] = [];
  for (const start of locks) {
    const path: LockOrderEdge<S>[] = [];
    const onPath = new Set<string>([start]);
    const dfs = (v: string): void => {
      if (inversions.length >= maxInv) return;
      for (const e of out.get(v) ?? []) {
        if (e.to === start) {
          report([...path, e]);
          continue;
        }
        // Only locks greater than the start, so each cycle is found from its smallest lock.
        if (e.to < start || onPath.has(e.to) || path.length + 1 >= maxLen) continue;
        onPath.add(e.to);
        path.push(e);
        dfs(e.to);
        path.pop();
        onPath.delete(e.to);
      }
    };
    const report = (cyc: LockOrderEdge<S>[]): void => {
      const cycle = cyc.map((e) => e.from);
      // At each lock X between edge i (… → X, acquiring X) and edge i+1 (X → …, holding X), a deadlock
      // needs the acquisition and the hold to conflict: not both in read mode.
      let may = true;
      for (let i = 0; i < cyc.length; i++) {
        const inE = cyc[i] as LockOrderEdge<S>;
        const outE = cyc[(i + 1) % cyc.length] as LockOrderEdge<S>;
        const acqAllRead = inE.variants.every((v) => base(v.acquired)[1]);
        const heldAllRead = outE.variants.every((v) => base(v.held)[1]);
        if (acqAllRead && heldAllRead) may = false;
      }
      const desc = cyc.map((e) => `${e.from} → ${e.to} (${e.instances.join(", ")})`).join("; ");
      inversions.push({
        cycle,
        examples: cyc.map((e) => e.example),
        instances: cyc.map((e) => e.instances),
        mayDeadlock: may,
        message: `lock-order inversion ${[...cycle, cycle[0] as string].join(" → ")}: ${desc}${may ? "" : " (read-shared only: cannot deadlock)"}`,
      });
    };
    dfs(start);
  }
  return { edges, inversions };
}

/** `trace` extended by the transition (step, instance) from its last state to the state that is entry `dst` of `store`. */
function traceWithStep<S>(
  model: Model<S>,
  trace: TraceStep<S>[],
  step: number,
  instance: number,
  store: Pick<ParentStore, "find" | "fingerprint">,
  dst: number,
): TraceStep<S>[] {
  const last = trace[trace.length - 1] as TraceStep<S>;
  const r = replayPath(model, { kind: "at", from: last }, [{ kind: "entry", store, index: dst, step, instance }], { strict: true });
  if (!r.ok) {
    if (r.error.kind === "threw") throw r.error.error;
    throw new Error("lock-order example replay failed (nondeterministic model?)");
  }
  return [...trace, r.trace[1] as TraceStep<S>];
}
