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
 * the reduced graph.
 */
import { SpecError, type Model, type Transition } from "./model.js";
import { Explorer, replayTrace, runAsync, runSync, type Search } from "./explore.js";
import { CompactStore } from "./store.js";
import { PorEngine, porUnsupported } from "./por.js";
import type { BfsOptions, CheckResult, TraceStep } from "./result.js";
import { newLevel, type Level } from "./frontier.js";

/** BFS options: the shared limits plus reductions. */
export interface BfsCheckOptions extends BfsOptions {
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
}

/** What partial-order reduction did during one search. */
export interface PorStats {
  /** States expanded along an ample set. */
  readonly reducedStates: number;
  /** States expanded fully (no proper stubborn set, or the cycle proviso failed for every candidate). */
  readonly fullStates: number;
  /** Ample candidates rejected by the cycle proviso. */
  readonly provisoFailures: number;
}

/** Exhaustive BFS; a violation's trace is a shortest one (without POR). */
export function checkBfs<S>(model: Model<S>, opts: BfsCheckOptions = {}): CheckResult<S> {
  const r = runSync(new BfsSearch(model, opts));
  return rerunForShortest(r, opts) ? runSync(new BfsSearch(model, { ...opts, por: false })) : r;
}

/** `checkBfs` yielding to the event loop every `sliceMs` (so an AbortSignal wired to Ctrl-C works). */
export async function checkBfsAsync<S>(model: Model<S>, opts: BfsCheckOptions = {}, sliceMs?: number): Promise<CheckResult<S>> {
  const r = await runAsync(new BfsSearch(model, opts), sliceMs);
  return rerunForShortest(r, opts) ? runAsync(new BfsSearch(model, { ...opts, por: false }), sliceMs) : r;
}

/** A violation found with POR, to be re-derived as a shortest counterexample (see `porShortest`). */
function rerunForShortest<S>(r: CheckResult<S>, opts: BfsCheckOptions): boolean {
  return opts.por === true && opts.porShortest !== false && r.verdict === "violated";
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
  private emitted = 0;
  /** Bound once so that expanding a state allocates no closure. */
  private readonly onSuccessor = (t: Transition<S>): void => this.successor(t);
  private readonly por: PorEngine<S> | undefined;
  private readonly buf: Transition<S>[] = [];
  private readonly onCollect = (t: Transition<S>): void => {
    this.buf.push(t);
  };
  private fpBuf = new Uint32Array(64);
  private reduced = 0;
  private full = 0;
  private proviso = 0;

  constructor(
    readonly model: Model<S>,
    opts: BfsCheckOptions,
  ) {
    this.explorer = new Explorer(model, "bfs", opts, new CompactStore());
    this.cur = newLevel(model);
    this.next = this.cur.fresh();
    if (opts.por === true && porUnsupported(model) === undefined) this.por = new PorEngine(model);
  }

  /** Partial-order reduction statistics (zeros when POR is off or cannot apply). */
  get porStats(): PorStats {
    return { reducedStates: this.reduced, fullStates: this.full, provisoFailures: this.proviso };
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
        this.cur = this.next;
        this.next = this.cur.fresh();
        this.pos = 0;
        if (this.cur.length > ex.queue) ex.queue = this.cur.length;
      }
      const i = this.pos++;
      // An object level releases expanded states as it goes: a large level would otherwise stay alive until it ends.
      const s = this.cur.take(i);
      this.parentIdx = this.curBase + i;
      this.emitted = 0;
      const before = ex.violation;
      try {
        if (por === undefined) model.successors(s, this.onSuccessor);
        else this.expandReduced(s, por);
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        // A failing step of `s` ends a trace at `s`: shorter than an invariant violation found among
        // the successors of `s` in this same expansion, so it wins.
        if (ex.violation === undefined || ex.violation !== before) {
          ex.violation = ex.specError(e);
          this.failIdx = this.parentIdx;
        }
      }
      if (ex.violation !== undefined) {
        // Found among the successors (an invariant): a trace one state longer than `s`'s level.
        if (this.failIdx > this.parentIdx) this.preferShorterFailure();
        return this.finish();
      }
      if (this.emitted === 0 && ex.isDeadlock(s)) {
        ex.violation = ex.deadlock();
        this.failIdx = this.parentIdx;
        return this.finish();
      }
      if (ex.overStates()) return this.finish();
      if (dog.tick()) {
        const r = ex.poll();
        if (r === "stop") return this.finish();
        if (r === "yield") return false;
      }
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
        return;
      }
      if (count === 0 && ex.isDeadlock(s)) {
        ex.violation = ex.deadlock();
        this.failIdx = this.curBase + i;
        return;
      }
    }
  }

  result(): CheckResult<S> {
    const ex = this.explorer;
    ex.stop();
    const trace = ex.violation !== undefined ? this.trace() : undefined;
    return ex.result(trace, this.complete);
  }

  private trace(): TraceStep<S>[] {
    // A SpecError in init() has no state to show.
    return this.failIdx < 0 ? [] : replayTrace(this.model, this.explorer.store, this.failIdx, this.explorer.symmetry !== undefined);
  }

  /** Discovers the initial states (level 1); true when the search is already over. */
  private init(): boolean {
    const ex = this.explorer;
    const inits = ex.start();
    if (inits === undefined) return true;
    const level = this.cur.fresh();
    for (const s of inits) {
      if (ex.atCapacity()) break;
      ex.fingerprint(s);
      const idx = ex.store.insert(ex.fp.h1, ex.fp.h2, -1);
      if (idx < 0) continue;
      level.push(s, ex.symmetry === undefined ? ex.fp.packed : undefined);
      ex.depth = 1;
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
    ex.fingerprint(t.state);
    this.discovered(t.state, ex.store.insert(ex.fp.h1, ex.fp.h2, this.parentIdx), true);
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
    if (ex.model.invariants.length === 0) return;
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
    if (this.fpBuf.length < 2 * n) this.fpBuf = new Uint32Array(4 * n);
    const fps = this.fpBuf;
    const store = ex.store;
    const unitOf = (t: Transition<S>): number => (t.instance < 0 ? this.model.instances.length : t.instance);
    // Fingerprints are computed once per successor, on demand.
    let hashed = 0;
    const hash = (j: number): void => {
      for (; hashed <= j; hashed++) {
        ex.fingerprint((buf[hashed] as Transition<S>).state);
        fps[2 * hashed] = ex.fp.h1;
        fps[2 * hashed + 1] = ex.fp.h2;
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
        const idx = store.find(fps[2 * j] as number, fps[2 * j + 1] as number);
        if (idx >= 0 && idx < nextBase) ok = false;
      }
      if (!ok) {
        this.proviso++;
        continue;
      }
      this.reduced++;
      for (let j = 0; j < n; j++) {
        if (mask[unitOf(buf[j] as Transition<S>)] !== 1) continue;
        if (ex.atCapacity()) break;
        this.discovered((buf[j] as Transition<S>).state, store.insert(fps[2 * j] as number, fps[2 * j + 1] as number, this.parentIdx));
        if (ex.violation !== undefined) break;
      }
      buf.length = 0;
      return;
    }
    this.full++;
    hash(n - 1);
    for (let j = 0; j < n; j++) {
      if (ex.atCapacity()) break;
      this.discovered((buf[j] as Transition<S>).state, store.insert(fps[2 * j] as number, fps[2 * j + 1] as number, this.parentIdx));
      if (ex.violation !== undefined) break;
    }
    buf.length = 0;
  }

  private finish(): true {
    this.done = true;
    this.explorer.stop();
    return true;
  }
}
