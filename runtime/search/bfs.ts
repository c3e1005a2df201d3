/**
 * Exhaustive breadth-first search.
 *
 * The frontier is two arrays of state objects, the level being expanded and the next one; the store
 * (`CompactStore`) holds only fingerprints and compact parent links. States get store indices in
 * discovery order, so a level occupies a contiguous index range and the index of `cur[i]` is
 * `curBase + i` — no per-state index or depth is kept — and parent indices never decrease, which is what
 * makes the parent links one byte per state. Invariants are checked when a state is first discovered,
 * in discovery order, so the first violation found is at minimal depth and its reconstructed trace is a
 * shortest counterexample (without partial-order reduction). Deadlocks and step errors are found when a
 * state is expanded, also in BFS order.
 *
 * With `por: true` (see por.ts) each state is expanded along a stubborn set computed for it: the
 * enabled transitions of a set of instances closed under dependence with the other instances' possible
 * futures and containing every instance that may still change what the invariants read, provided all
 * its successors are new (cycle proviso). Verdicts are preserved for safety (invariants, assertions,
 * lock and spec errors, deadlocks); state counts and depth shrink, and traces are shortest only within
 * the reduced graph. Its guard (reduce/guard.ts) stops the reduction when its first expansions pruned
 * too little to pay, and the search goes on along the plain path (still sound: see there).
 */
import { SpecError, type Model, type Transition } from "../contract/model.js";
import { Explorer, replayTrace, runAsync, runSync, type Search } from "./explore.js";
import { CompactStore } from "./store.js";
import { PorEngine, porUnsupported } from "../reduce/por.js";
import { PorGuard, POR_GUARD, type PorGuardOptions, type PorStats } from "../reduce/guard.js";
import { violationKey, type BfsOptions, type CheckResult, type FoundViolation, type TraceStep, type Violation } from "./result.js";
import { newLevel, type Level, type PackedStateLevel } from "./frontier.js";
import { packedPathOf } from "./packed-path.js";
import { BATCH_STATES, PackedBatch } from "./packed-batch.js";
import { BitReader, packedWidth } from "../contract/packed.js";
import { toTraceStep } from "./trace.js";
import type { SearchObserver } from "./observer.js";

/** BFS options: the shared limits plus reductions. */
export interface BfsCheckOptions<S = unknown> extends BfsOptions {
  /**
   * Partial-order reduction (safety only; see por.ts). Default false: the default search keeps exact
   * distinct-state counts and shortest counterexamples, which the exactness tests and TLC comparisons
   * rely on. It is sound whenever it is on (a model without the information it needs is searched fully).
   */
  readonly por?: boolean;
  /**
   * With `por`: when the reduced search finds a violation, search again without POR (it stops at its
   * first violation, which is no deeper than the reduced one) and report that run, so the counterexample
   * is a shortest one, as without POR. Default true; false keeps the reduced search's own trace (real,
   * but possibly longer).
   */
  readonly porShortest?: boolean;
  /**
   * With `por`: the adaptive guard (reduce/guard.ts) that stops the reduction when its first
   * expansions pruned too little to pay. Default `POR_GUARD`; false never stops it.
   */
  readonly porGuard?: PorGuardOptions | false;
  /**
   * TLC's -continue: do not stop at a violation. Every distinct violation (see `violationKey`) is
   * recorded once, the first time it is found, which in BFS order gives it a shortest trace; a state
   * whose step fails (assertion, lock or spec error) is not expanded, one that violates an invariant
   * is. The result lists them all in `violations` and counts every reachable state. Not combined with
   * `por` (ignored then).
   */
  readonly continue?: boolean;
  /**
   * Listeners that see every state and transition of this one search (see observer.ts): the analyses
   * that need the whole graph record it here instead of exploring again. Not called under an active
   * partial-order reduction (a reduced graph is not the state space), so they never get `finish(true)`
   * then.
   */
  readonly observers?: readonly SearchObserver<S>[];
}

export type { PorStats } from "../reduce/guard.js";

/** Exhaustive BFS; a violation's trace is a shortest one (without POR). */
export function checkBfs<S>(model: Model<S>, opts: BfsCheckOptions<S> = {}): CheckResult<S> {
  const r = runSync(new BfsSearch(model, opts));
  return rerunForShortest(r, opts) ? rederived(r, runSync(new BfsSearch(model, unobserved({ ...opts, por: false })))) : r;
}

/** `checkBfs` yielding to the event loop every `sliceMs` (so an AbortSignal wired to Ctrl-C works). */
export async function checkBfsAsync<S>(model: Model<S>, opts: BfsCheckOptions<S> = {}, sliceMs?: number): Promise<CheckResult<S>> {
  const r = await runAsync(new BfsSearch(model, opts), sliceMs);
  return rerunForShortest(r, opts) ? rederived(r, await runAsync(new BfsSearch(model, unobserved({ ...opts, por: false })), sliceMs)) : r;
}

/** The shortest-trace re-run stops at its violation: its observers would only see a second, partial search. */
function unobserved<S>(opts: BfsCheckOptions<S>): BfsCheckOptions<S> {
  const { observers: _, ...rest } = opts;
  return rest;
}

/** The plain re-run's result, saying what the reduced search found first (its `por` report). */
function rederived<S>(reduced: CheckResult<S>, plain: CheckResult<S>): CheckResult<S> {
  return reduced.por === undefined ? plain : { ...plain, por: { ...reduced.por, rederived: true } };
}

/** A violation found with POR, to be re-derived as a shortest counterexample (see `porShortest`). */
function rerunForShortest<S>(r: CheckResult<S>, opts: BfsCheckOptions<S>): boolean {
  return opts.por === true && opts.continue !== true && opts.porShortest !== false && r.verdict === "violated";
}

/** The BFS loop, resumable between watchdog slices. */
export class BfsSearch<S> implements Search<S> {
  readonly explorer: Explorer<S, CompactStore>;
  private cur: Level<S>;
  private pos = 0;
  /** Store index of cur[0]. */
  private curBase = 0;
  private next: Level<S>;
  private started = false;
  private done = false;
  private complete = false;
  /** Store index of the violating state, or of the state whose expansion failed. */
  private failIdx = -1;
  private parentIdx = -1;
  /** A violating state outside the constraints (not stored): the trace ends in it, after `failIdx`. */
  private failTail: { readonly state: S; readonly t?: Transition<S> } | undefined;
  private emitted = 0;
  /** Bound once so that expanding a state allocates no closure. */
  private readonly onSuccessor = (t: Transition<S>): void => this.successor(t);
  private readonly por: PorEngine<S> | undefined;
  private readonly buf: Transition<S>[] = [];
  private readonly onCollect = (t: Transition<S>): void => {
    this.buf.push(t);
  };
  /** POR: the successors' keys, three lanes each (`key` reads one out). */
  private fpBuf = new Uint32Array(96);
  private readonly key = { h1: 0, h2: 0, h3: 0 };
  /** `continue` mode: violations are recorded here and the search goes on. */
  private readonly cont: boolean;
  private readonly found: {
    readonly violation: Violation;
    readonly idx: number;
    readonly tail?: { readonly state: S; readonly t?: Transition<S> };
    readonly length: number;
  }[] = [];
  private readonly foundKeys = new Set<string>();
  /** The level being expanded (initial states: 1). */
  private levelNo = 1;
  /** Counts what the reduction does and stops it when it does not pay (undefined: POR not requested). */
  private readonly guard: PorGuard | undefined;
  /** The observers of this search (undefined: none, or POR is reducing it). */
  private readonly obs: readonly SearchObserver<S>[] | undefined;
  /** The state being expanded (what observers' `transition` gets as the source). */
  private curState: S | undefined;
  /** Step code on packed words and its successor buffers, when this run uses it (packed-path.ts decides). */
  private readonly batch: PackedBatch | undefined;
  /** The packed step code's invariant check, bound (undefined: none, or not compiled). */
  private readonly packedInvariants: ((src: Int32Array, off: number) => boolean) | undefined;
  private readonly reader = new BitReader();

  constructor(
    readonly model: Model<S>,
    opts: BfsCheckOptions<S>,
  ) {
    this.explorer = new Explorer(
      model,
      "bfs",
      opts,
      (mode) =>
        new CompactStore({
          mode,
          ...(opts.expectedStates !== undefined ? { expectedStates: opts.expectedStates } : {}),
          ...(opts.storeLimits !== undefined ? { limits: opts.storeLimits } : {}),
        }),
    );
    this.cur = newLevel(model);
    this.next = this.cur.fresh();
    if (opts.por === true && opts.continue !== true && porUnsupported(model) === undefined) {
      this.por = new PorEngine(model);
      this.guard = new PorGuard(opts.porGuard === false ? { sample: -1, minPruned: 0 } : (opts.porGuard ?? POR_GUARD));
    }
    this.cont = opts.continue === true;
    this.obs = opts.observers !== undefined && opts.observers.length > 0 && this.por === undefined ? opts.observers : undefined;
    const packed = packedPathOf(model, opts);
    this.batch = packed !== undefined ? new PackedBatch(packed, packedWidth(model)) : undefined;
    this.packedInvariants = packed?.invariantsHold?.bind(packed);
  }

  /** Partial-order reduction statistics (zeros when POR is off or cannot apply). */
  get porStats(): PorStats {
    return this.guard?.stats ?? { reducedStates: 0, fullStates: 0, provisoFailures: 0, generated: 0, pruned: 0 };
  }

  advance(): boolean {
    if (this.done) return true;
    if (!this.started) {
      this.started = true;
      if (this.init()) return this.finish();
    }
    const ex = this.explorer;
    const model = this.model;
    const dog = ex.watchdog;
    const por = this.por;
    for (;;) {
      if (this.pos === this.cur.length) {
        if (this.next.length === 0) {
          this.complete = true;
          return this.finish();
        }
        this.curBase += this.cur.length;
        this.levelNo++;
        const expanded = this.cur;
        this.cur = this.next;
        this.next = expanded.recycle();
        this.pos = 0;
        if (this.cur.length > ex.queue) ex.queue = this.cur.length;
      }
      if (this.batch !== undefined) {
        const r = this.expandBatch(this.batch);
        if (r !== undefined) return r;
        continue;
      }
      const i = this.pos++;
      // An object level releases expanded states as it goes: a large level would otherwise stay alive until it ends.
      const s = this.cur.take(i);
      this.parentIdx = this.curBase + i;
      this.emitted = 0;
      const obs = this.obs;
      if (obs !== undefined) {
        this.curState = s;
        for (const o of obs) o.expanding?.(this.parentIdx, s);
      }
      if (this.cont) {
        this.expandContinuing(s);
        if (ex.overStates()) return this.finish();
        if (dog.tick()) {
          const r = ex.poll();
          if (r === "stop") return this.finish();
          if (r === "yield") return false;
        }
        continue;
      }
      const before = ex.violation;
      try {
        // Once the guard has stopped the reduction, the plain path (reduce/guard.ts: still sound).
        if (por === undefined || !(this.guard as PorGuard).active) model.successors(s, this.onSuccessor);
        else this.expandReduced(s, por);
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        // A failing step of `s` ends a trace at `s`: shorter than an invariant violation found among
        // the successors of `s` in this same expansion, so it wins.
        if (ex.violation === undefined || ex.violation !== before) {
          ex.violation = ex.specError(e);
          this.failIdx = this.parentIdx;
          this.failTail = undefined;
        }
      }
      if (ex.violation !== undefined) {
        // Found among the successors (an invariant): a trace one state longer than `s`'s level.
        if (this.failIdx > this.parentIdx || this.failTail?.t !== undefined) this.preferShorterFailure();
        return this.finish();
      }
      if (this.emitted === 0 && ex.isDeadlock(s)) {
        ex.violation = ex.deadlock();
        this.failIdx = this.parentIdx;
        return this.finish();
      }
      if (obs !== undefined) for (const o of obs) o.expanded?.(this.parentIdx);
      if (ex.overStates()) return this.finish();
      if (dog.tick()) {
        const r = ex.poll();
        if (r === "stop") return this.finish();
        if (r === "yield") return false;
      }
    }
  }

  /**
   * Expands a batch of states of the current level on their packed words (see packed-path.ts and
   * packed-batch.ts): the object path's expansion, state by state and successor by successor in the
   * same order, without state objects. Returns what `advance` returns when the search ends or yields,
   * undefined to go on.
   */
  private expandBatch(b: PackedBatch): boolean | undefined {
    const ex = this.explorer;
    const cur = this.cur as PackedStateLevel<S>;
    b.fill(cur.words, this.pos, Math.min(BATCH_STATES, cur.length - this.pos), ex.fp, ex.store);
    let k = 0;
    for (let j = 0; j < b.states; j++) {
      const i = this.pos++;
      this.parentIdx = this.curBase + i;
      const end = b.ends[j] as number;
      const emitted = end - k;
      for (; k < end && ex.violation === undefined; k++) this.packedSuccessor(b, k);
      k = end;
      if (j === b.states - 1 && b.error !== undefined) {
        // As in `advance`: a failing step of this state beats an invariant violated by one of its successors.
        ex.violation = ex.specError(b.error);
        this.failIdx = this.parentIdx;
        this.failTail = undefined;
      }
      if (ex.violation !== undefined) {
        if (this.failIdx > this.parentIdx) this.preferShorterFailure();
        return this.finish();
      }
      if (emitted === 0 && this.model.checkDeadlock && ex.isDeadlock(cur.take(i))) {
        ex.violation = ex.deadlock();
        this.failIdx = this.parentIdx;
        return this.finish();
      }
      if (ex.overStates()) return this.finish();
      if (ex.watchdog.tick()) {
        const r = ex.poll();
        if (r === "stop") return this.finish();
        if (r === "yield") return false;
      }
    }
    return undefined;
  }

  /** Successor `k` of the batch on the packed path: `successor` + `discovered` on its words and key. */
  private packedSuccessor(b: PackedBatch, k: number): void {
    const ex = this.explorer;
    ex.generated++;
    ex.fired[b.steps[k] as number]++;
    if (ex.atCapacity()) return;
    const keys = b.keys;
    const idx = ex.store.insertLanes(keys[3 * k] as number, keys[3 * k + 1] as number, keys[3 * k + 2] as number, this.parentIdx);
    if (idx < 0) return;
    const next = this.next as PackedStateLevel<S>;
    const off = k * next.width;
    next.pushFrom(b.words, off);
    if (next.length === 1) ex.depth++;
    if (this.model.invariants.length === 0 || this.packedInvariants?.(b.words, off) === true) return;
    this.reader.reset(b.words, off);
    const v = ex.checkState((this.model.unpack as (r: BitReader) => S)(this.reader));
    if (v !== undefined) {
      ex.violation = v;
      this.failIdx = idx;
    }
  }

  /**
   * An invariant violated by a successor of a level-d state gives a trace of d + 1 states, but a step
   * error or a deadlock of a state later in level d gives one of d: expanding the rest of the level
   * (successors are generated for their errors only, nothing is stored) keeps the reported
   * counterexample a shortest one whatever its kind — as the parallel search, which finishes the level
   * and ranks step errors and deadlocks first.
   */
  private preferShorterFailure(): void {
    const ex = this.explorer;
    let count = 0;
    const counted = (): void => {
      count++;
    };
    while (this.pos < this.cur.length) {
      const i = this.pos++;
      const s = this.cur.take(i);
      count = 0;
      try {
        this.model.successors(s, counted);
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        ex.violation = ex.specError(e);
        this.failIdx = this.curBase + i;
        this.failTail = undefined;
        return;
      }
      if (count === 0 && ex.isDeadlock(s)) {
        ex.violation = ex.deadlock();
        this.failIdx = this.curBase + i;
        this.failTail = undefined;
        return;
      }
    }
  }

  result(): CheckResult<S> {
    const ex = this.explorer;
    ex.stop();
    if (this.cont) return this.continuedResult();
    const trace = ex.violation !== undefined ? this.trace() : undefined;
    const r: CheckResult<S> = { ...ex.result(trace, this.complete), stepCode: this.batch !== undefined ? "packed" : "object" };
    return this.guard !== undefined ? { ...r, por: { stats: this.guard.stats } } : r;
  }

  /**
   * `continue` mode: expands `s` only when all its steps run (a failing step is recorded and `s` is not
   * expanded: its successors are collected first, then committed), records a deadlock.
   */
  private expandContinuing(s: S): void {
    const ex = this.explorer;
    const buf = this.buf;
    buf.length = 0;
    try {
      this.model.successors(s, this.onCollect);
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      buf.length = 0;
      this.record(ex.specError(e), this.parentIdx, undefined, this.levelNo);
      return;
    }
    const n = buf.length;
    for (let k = 0; k < n; k++) this.successor(buf[k] as Transition<S>);
    buf.length = 0;
    if (n === 0 && ex.isDeadlock(s)) this.record(ex.deadlock(), this.parentIdx, undefined, this.levelNo);
    else if (this.obs !== undefined) for (const o of this.obs) o.expanded?.(this.parentIdx);
  }

  /** `continue` mode: keeps the first occurrence of each distinct violation (a shortest one, in BFS order). */
  private record(v: Violation, idx: number, tail: { readonly state: S; readonly t?: Transition<S> } | undefined, length: number): void {
    const key = violationKey(v);
    if (this.foundKeys.has(key)) return;
    this.foundKeys.add(key);
    this.found.push({ violation: v, idx, ...(tail !== undefined ? { tail } : {}), length });
  }

  /** The result of a `continue` search: every violation with its trace, shortest first. */
  private continuedResult(): CheckResult<S> {
    const ex = this.explorer;
    if (this.found.length === 0) return { ...ex.result(undefined, this.complete), violations: [] };
    const canonical = ex.symmetry !== undefined;
    const violations: FoundViolation<S>[] = this.found
      .map((f, order) => ({ f, order }))
      .sort((a, b) => a.f.length - b.f.length || a.order - b.order)
      .map(({ f }) => {
        let trace: TraceStep<S>[];
        if (f.tail !== undefined && f.tail.t === undefined) trace = [{ index: 1, state: f.tail.state }];
        else if (f.idx < 0) trace = [];
        else {
          trace = replayTrace(this.model, ex.store, f.idx, canonical);
          if (f.tail?.t !== undefined) trace.push(toTraceStep(trace.length + 1, f.tail.t, this.model.steps));
        }
        return { violation: f.violation, trace };
      });
    const first = violations[0] as FoundViolation<S>;
    ex.violation = first.violation;
    // A limit that stopped the search is kept: the violations found so far are real, the rest undecided.
    return { ...ex.result(first.trace, false), complete: this.complete, violations, ...(ex.limit !== undefined ? { limit: ex.limit } : {}) };
  }

  private trace(): TraceStep<S>[] {
    const tail = this.failTail;
    if (tail !== undefined) {
      // A state outside the constraints: not stored, so the trace is its parent's plus the state itself.
      if (tail.t === undefined) return [{ index: 1, state: tail.state }];
      const head = replayTrace(this.model, this.explorer.store, this.failIdx, this.explorer.symmetry !== undefined);
      return [...head, toTraceStep(head.length + 1, tail.t, this.model.steps)];
    }
    // A SpecError in init() has no state to show.
    return this.failIdx < 0 ? [] : replayTrace(this.model, this.explorer.store, this.failIdx, this.explorer.symmetry !== undefined);
  }

  /** Discovers the initial states (level 1); true when the search is already over. */
  private init(): boolean {
    const ex = this.explorer;
    if (this.obs !== undefined) for (const o of this.obs) o.start?.(ex.store);
    const inits = ex.start();
    if (inits === undefined) return true;
    const level = this.cur.fresh();
    for (const s of inits) {
      if (ex.atCapacity()) break;
      if (ex.constrained && this.outside(s, undefined)) {
        if (ex.violation !== undefined) return true;
        continue;
      }
      ex.fingerprint(s);
      const idx = ex.store.insert(ex.fp, -1);
      if (idx < 0) continue;
      level.push(s, ex.symmetry === undefined ? ex.fp.packed : undefined);
      ex.depth = 1;
      if (this.obs !== undefined) for (const o of this.obs) o.discovered?.(idx, s, 1);
      if (this.cont) {
        for (const v of ex.checkAll(s, true)) this.record(v, idx, undefined, 1);
        continue;
      }
      const v = ex.checkState(s, true);
      if (v !== undefined) {
        ex.violation = v;
        this.failIdx = idx;
        return true;
      }
    }
    this.cur = level;
    ex.queue = level.length;
    return ex.overStates();
  }

  /** Per successor: count, fingerprint, insert, and check invariants if new. */
  private successor(t: Transition<S>): void {
    const ex = this.explorer;
    if (ex.violation !== undefined) return;
    this.emitted++;
    ex.generated++;
    ex.fired[t.step]++;
    if (ex.atCapacity()) return;
    const obs = this.obs;
    if (ex.constrained && this.outside(t.state, t)) {
      if (obs !== undefined) for (const o of obs) o.transition?.(this.parentIdx, this.curState as S, t, -1);
      return;
    }
    ex.fingerprint(t.state);
    // One probe: the new entry's index, or -1 - the index of the known state.
    const idx = ex.store.insert(ex.fp, this.parentIdx);
    this.discovered(t.state, idx, true);
    if (obs === undefined) return;
    const dst = idx >= 0 ? idx : -1 - idx;
    for (const o of obs) o.transition?.(this.parentIdx, this.curState as S, t, dst);
  }

  /**
   * TLC's CONSTRAINT: true when `state` (an initial state, or the successor `t` of the state being
   * expanded) is outside the workload's constraints. It is then checked against the invariants (a
   * violation's trace ends in it) but neither counted, stored nor expanded. A SpecError evaluating a
   * constraint is a violation too (and the state is outside).
   */
  private outside(state: S, t: Transition<S> | undefined): boolean {
    const ex = this.explorer;
    const m = ex.inModel(state);
    if (m === true) return false;
    if (this.cont) {
      const tail = { state, ...(t !== undefined ? { t } : {}) };
      const length = t === undefined ? 1 : this.levelNo + 1;
      for (const v of m === false ? ex.checkAll(state) : [m]) this.record(v, t === undefined ? -1 : this.parentIdx, tail, length);
      return true;
    }
    const v = m === false ? ex.checkState(state) : m;
    if (v !== undefined) {
      ex.violation = v;
      this.failIdx = t === undefined ? -1 : this.parentIdx;
      this.failTail = { state, ...(t !== undefined ? { t } : {}) };
    }
    return true;
  }

  /**
   * `fingerprinted`: `state` was the last state fingerprinted, so its packed words are at hand (unless
   * the fingerprint was a symmetry-canonical one, which packs nothing).
   */
  private discovered(state: S, idx: number, fingerprinted = false): void {
    if (idx < 0) return;
    const ex = this.explorer;
    this.next.push(state, fingerprinted && ex.symmetry === undefined ? ex.fp.packed : undefined);
    // The first state of a level makes the search one level deeper.
    if (this.next.length === 1) ex.depth++;
    if (this.obs !== undefined) for (const o of this.obs) o.discovered?.(idx, state, this.levelNo + 1);
    if (ex.model.invariants.length === 0) return;
    if (this.cont) {
      for (const v of ex.checkAll(state)) this.record(v, idx, undefined, this.levelNo + 1);
      return;
    }
    const v = ex.checkState(state);
    if (v !== undefined) {
      ex.violation = v;
      this.failIdx = idx;
    }
  }

  /**
   * Expands `s` along an ample set when one exists (see por.ts), else fully. All successors are
   * generated first (so any failing step of `s` raises here, as without POR, and coverage counts every
   * enabled step), then the candidate stubborn sets are tried smallest first against the cycle proviso.
   */
  private expandReduced(s: S, por: PorEngine<S>): void {
    const ex = this.explorer;
    const buf = this.buf;
    buf.length = 0;
    this.model.successors(s, this.onCollect);
    const n = buf.length;
    this.emitted = n;
    ex.generated += n;
    for (let k = 0; k < n; k++) ex.fired[(buf[k] as Transition<S>).step]++;
    if (n === 0) return;
    if (this.fpBuf.length < 3 * n) this.fpBuf = new Uint32Array(6 * n);
    const fps = this.fpBuf;
    const store = ex.store;
    const key = this.key;
    const keyOf = (j: number): typeof key => {
      key.h1 = fps[3 * j] as number;
      key.h2 = fps[3 * j + 1] as number;
      key.h3 = fps[3 * j + 2] as number;
      return key;
    };
    const unitOf = (t: Transition<S>): number => (t.instance < 0 ? this.model.instances.length : t.instance);
    // Fingerprints are computed once per successor, on demand.
    let hashed = 0;
    const hash = (j: number): void => {
      for (; hashed <= j; hashed++) {
        ex.fingerprint((buf[hashed] as Transition<S>).state);
        fps[3 * hashed] = ex.fp.h1;
        fps[3 * hashed + 1] = ex.fp.h2;
        fps[3 * hashed + 2] = ex.fp.h3;
      }
    };
    // Store indices from here on belong to the next level (levels are contiguous in discovery order).
    const nextBase = this.curBase + this.cur.length;
    for (const mask of por.candidates(s, buf)) {
      let ok = true;
      // Cycle proviso: every ample successor is new or already on the next level, so a reduced
      // expansion only adds edges from level d to level d + 1 and every cycle has a full expansion.
      for (let j = 0; j < n && ok; j++) {
        if (mask[unitOf(buf[j] as Transition<S>)] !== 1) continue;
        hash(j);
        const idx = store.find(keyOf(j));
        if (idx >= 0 && idx < nextBase) ok = false;
      }
      if (!ok) {
        this.guard?.provisoFailure();
        continue;
      }
      let kept = 0;
      for (let j = 0; j < n; j++) if (mask[unitOf(buf[j] as Transition<S>)] === 1) kept++;
      this.guard?.reducedExpansion(n, kept);
      for (let j = 0; j < n; j++) {
        if (mask[unitOf(buf[j] as Transition<S>)] !== 1) continue;
        if (ex.atCapacity()) break;
        this.discovered((buf[j] as Transition<S>).state, store.insert(keyOf(j), this.parentIdx));
        if (ex.violation !== undefined) break;
      }
      buf.length = 0;
      return;
    }
    this.guard?.fullExpansion(n);
    hash(n - 1);
    for (let j = 0; j < n; j++) {
      if (ex.atCapacity()) break;
      this.discovered((buf[j] as Transition<S>).state, store.insert(keyOf(j), this.parentIdx));
      if (ex.violation !== undefined) break;
    }
    buf.length = 0;
  }

  private finish(): true {
    this.done = true;
    const ex = this.explorer;
    ex.stop();
    if (this.obs !== undefined) {
      const whole = this.complete && ex.violation === undefined && ex.limit === undefined && this.found.length === 0;
      for (const o of this.obs) o.finish?.(whole);
    }
    return true;
  }
}
