/**
 * Exhaustive breadth-first search.
 *
 * The frontier is two arrays of state objects, the level being expanded and the next one; the store
 * holds only fingerprints. States get store indices in discovery order, so a level occupies a
 * contiguous index range and the index of `cur[i]` is `curBase + i` — no per-state index or depth is
 * kept. Invariants are checked when a state is first discovered, in discovery order, so the first
 * violation found is at minimal depth and its reconstructed trace is a shortest counterexample.
 * Deadlocks and step errors are found when a state is expanded, also in BFS order.
 */
import { SpecError, type Model, type Transition } from "./model.js";
import { Explorer, runAsync, runSync, type Search } from "./explore.js";
import { reconstructTrace } from "./trace.js";
import type { BfsOptions, CheckResult, TraceStep } from "./result.js";

/** Exhaustive BFS; a violation's trace is a shortest one. */
export function checkBfs<S>(model: Model<S>, opts: BfsOptions = {}): CheckResult<S> {
  return runSync(new BfsSearch(model, opts));
}

/** `checkBfs` yielding to the event loop every `sliceMs` (so an AbortSignal wired to Ctrl-C works). */
export function checkBfsAsync<S>(model: Model<S>, opts: BfsOptions = {}, sliceMs?: number): Promise<CheckResult<S>> {
  return runAsync(new BfsSearch(model, opts), sliceMs);
}

/** The BFS loop, resumable between watchdog slices. */
export class BfsSearch<S> implements Search<S> {
  readonly explorer: Explorer<S>;
  private cur: (S | undefined)[] = [];
  private pos = 0;
  /** Store index of cur[0]. */
  private curBase = 0;
  private next: S[] = [];
  private started = false;
  private done = false;
  private complete = false;
  /** Store index of the violating state, or of the state whose expansion failed. */
  private failIdx = -1;
  private parentIdx = -1;
  private emitted = 0;
  /** Bound once so that expanding a state allocates no closure. */
  private readonly onSuccessor = (t: Transition<S>): void => this.successor(t);

  constructor(
    readonly model: Model<S>,
    opts: BfsOptions,
  ) {
    this.explorer = new Explorer(model, "bfs", opts);
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
    for (;;) {
      if (this.pos === this.cur.length) {
        if (this.next.length === 0) {
          this.complete = true;
          return this.finish();
        }
        this.curBase += this.cur.length;
        this.cur = this.next;
        this.next = [];
        this.pos = 0;
        if (this.cur.length > ex.queue) ex.queue = this.cur.length;
      }
      const i = this.pos++;
      const s = this.cur[i] as S;
      // Release expanded states as we go: a large level would otherwise stay alive until it ends.
      this.cur[i] = undefined;
      this.parentIdx = this.curBase + i;
      this.emitted = 0;
      try {
        model.successors(s, this.onSuccessor);
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        if (ex.violation === undefined) {
          ex.violation = ex.specError(e);
          this.failIdx = this.parentIdx;
        }
      }
      if (ex.violation !== undefined) return this.finish();
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

  result(): CheckResult<S> {
    const ex = this.explorer;
    ex.stop();
    const trace = ex.violation !== undefined ? this.trace() : undefined;
    return ex.result(trace, this.complete);
  }

  private trace(): TraceStep<S>[] {
    // A SpecError in init() has no state to show.
    return this.failIdx < 0 ? [] : reconstructTrace(this.model, this.explorer.store, this.failIdx);
  }

  /** Discovers the initial states (level 1); true when the search is already over. */
  private init(): boolean {
    const ex = this.explorer;
    const initial = ex.watchdog.initial();
    if (initial !== undefined) {
      ex.limit = initial;
      return true;
    }
    let inits: readonly S[];
    try {
      inits = this.model.init();
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      ex.violation = ex.specError(e);
      return true;
    }
    const level: S[] = [];
    for (const s of inits) {
      ex.fingerprint(s);
      const idx = ex.store.insert(ex.fp.h1, ex.fp.h2, -1, -1, -1);
      if (idx < 0) continue;
      level.push(s);
      ex.depth = 1;
      const v = ex.checkState(s);
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
    ex.fingerprint(t.state);
    const idx = ex.store.insert(ex.fp.h1, ex.fp.h2, this.parentIdx, t.step, t.instance);
    if (idx < 0) return;
    // The first state of a level makes the search one level deeper.
    if (this.next.push(t.state) === 1) ex.depth++;
    if (ex.model.invariants.length === 0) return;
    const v = ex.checkState(t.state);
    if (v !== undefined) {
      ex.violation = v;
      this.failIdx = idx;
    }
  }

  private finish(): true {
    this.done = true;
    this.explorer.stop();
    return true;
  }
}
