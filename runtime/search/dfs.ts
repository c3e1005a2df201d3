/**
 * Depth-first search with an optional depth bound, iterative over an explicit stack of frames (state,
 * store index, the transition that led to it, its successors and the next one to follow).
 *
 * The counterexample is the stack itself (a real path, not necessarily a shortest one), so no replay is
 * needed. With a bound, a visited state reached again along a *shorter* path is explored again (its
 * depth is kept per store entry), otherwise a state first met near the bound would hide everything
 * behind it. Successors of states at the bound are recorded as cut off; the search is `complete` only if
 * every cut-off state was later reached within the bound.
 */
import { SpecError, type Model, type Transition } from "../contract/model.js";
import { Explorer, runAsync, runSync, type Search } from "./explore.js";
import { toTraceStep } from "./trace.js";
import type { CheckResult, DfsOptions, TraceStep } from "./result.js";

/** Depth-first search, bounded by `maxDepth` states per path when given. */
export function checkDfs<S>(model: Model<S>, opts: DfsOptions = {}): CheckResult<S> {
  return runSync(new DfsSearch(model, opts));
}

/** `checkDfs` yielding to the event loop every `sliceMs`. */
export function checkDfsAsync<S>(model: Model<S>, opts: DfsOptions = {}, sliceMs?: number): Promise<CheckResult<S>> {
  return runAsync(new DfsSearch(model, opts), sliceMs);
}

/** The DFS loop, resumable between watchdog slices. */
export class DfsSearch<S> implements Search<S> {
  readonly explorer: Explorer<S>;
  private readonly maxDepth: number;
  private readonly bounded: boolean;
  // The stack, as parallel arrays; frame f is at depth f + 1.
  private sp = 0;
  private readonly states: (S | undefined)[] = [];
  private readonly idxs: number[] = [];
  private readonly via: (Transition<S> | undefined)[] = [];
  private readonly succs: (Transition<S>[] | undefined)[] = [];
  private readonly poss: number[] = [];
  private roots: S[] = [];
  private rootIdxs: number[] = [];
  private rootPos = 0;
  /** Depth at which each store entry was last explored (bounded search only); maxDepth+1 = cut off. */
  private depthOf = new Int32Array(0);
  private cut = 0;
  private started = false;
  private done = false;
  private complete = false;
  private failTrace: TraceStep<S>[] | undefined;
  private collecting: Transition<S>[] = [];
  private readonly onSuccessor = (t: Transition<S>): void => {
    this.collecting.push(t);
  };

  constructor(
    readonly model: Model<S>,
    opts: DfsOptions,
  ) {
    this.explorer = new Explorer(model, "dfs", opts);
    this.maxDepth = Math.max(1, opts.maxDepth ?? Infinity);
    this.bounded = this.maxDepth !== Infinity;
  }

  advance(): boolean {
    if (this.done) return true;
    if (!this.started) {
      this.started = true;
      if (this.init()) return this.finish();
    }
    const ex = this.explorer;
    const model = this.model;
    const store = ex.store;
    const fp = ex.fp;
    for (;;) {
      if (this.sp === 0) {
        if (this.rootPos === this.roots.length) {
          this.complete = this.cut === 0;
          return this.finish();
        }
        const r = this.rootPos++;
        this.push(this.roots[r] as S, this.rootIdxs[r] as number, undefined);
      }
      const f = this.sp - 1;
      let list = this.succs[f];
      if (list === undefined) {
        const s = this.states[f] as S;
        list = [];
        this.collecting = list;
        try {
          model.successors(s, this.onSuccessor);
        } catch (e) {
          if (!(e instanceof SpecError)) throw e;
          ex.violation = ex.specError(e);
          this.failTrace = this.stackTrace(undefined);
          return this.finish();
        }
        ex.generated += list.length;
        for (const t of list) ex.fired[t.step]++;
        if (list.length === 0 && ex.isDeadlock(s)) {
          ex.violation = ex.deadlock();
          this.failTrace = this.stackTrace(undefined);
          return this.finish();
        }
        if (f + 1 >= this.maxDepth) {
          this.cutOff(list, this.idxs[f] as number);
          this.pop();
        } else {
          this.succs[f] = this.unvisited(list, f + 2);
          this.poss[f] = 0;
        }
        if (ex.watchdog.tick()) {
          const r = ex.poll();
          if (r === "stop") return this.finish();
          if (r === "yield") return false;
        }
        continue;
      }
      const pos = this.poss[f] as number;
      if (pos === list.length) {
        this.pop();
        continue;
      }
      this.poss[f] = pos + 1;
      const t = list[pos] as Transition<S>;
      const nd = f + 2;
      if (ex.constrained) {
        // TLC's CONSTRAINT: a successor outside is checked, never stored nor expanded.
        const v = ex.outsideViolation(t.state);
        if (v !== "inside") {
          if (v !== undefined) {
            ex.violation = v;
            this.failTrace = this.stackTrace(t);
            return this.finish();
          }
          continue;
        }
      }
      ex.fingerprint(t.state);
      // One probe: a new entry's index, or -1 - the index of a known state.
      const r = store.insert(fp, this.idxs[f] as number, t.step, t.instance);
      const idx = r >= 0 ? r : -1 - r;
      if (r >= 0) {
        if (this.bounded) this.setDepth(idx, nd);
      } else if (this.bounded && nd < (this.depthOf[idx] as number)) {
        // Reached along a shorter path: explore again, so that the bound does not hide what is behind.
        const old = this.depthOf[idx] as number;
        this.depthOf[idx] = nd;
        store.setParent(idx, this.idxs[f] as number, t.step, t.instance);
        if (old <= this.maxDepth) {
          this.push(t.state, idx, t);
          continue;
        }
        // It was cut off and never checked: it counts (and is checked) from now on.
        this.cut--;
        ex.uncounted--;
      } else {
        continue;
      }
      const v = ex.checkState(t.state);
      if (v !== undefined) {
        ex.violation = v;
        this.failTrace = this.stackTrace(t);
        if (nd > ex.depth) ex.depth = nd;
        return this.finish();
      }
      if (ex.overStates()) return this.finish();
      this.push(t.state, idx, t);
    }
  }

  result(): CheckResult<S> {
    const ex = this.explorer;
    return ex.result(this.failTrace, this.complete, {
      cutOff: this.cut,
      maxDepth: this.maxDepth,
    });
  }

  /** Checks and stacks the initial states as roots; true when the search is already over. */
  private init(): boolean {
    const ex = this.explorer;
    const inits = ex.start();
    if (inits === undefined) {
      if (ex.violation !== undefined) this.failTrace = [];
      return true;
    }
    for (const s of inits) {
      if (ex.atCapacity()) break;
      if (ex.constrained) {
        const v = ex.outsideViolation(s);
        if (v !== "inside") {
          if (v !== undefined) {
            ex.violation = v;
            this.failTrace = [{ index: 1, state: s }];
            return true;
          }
          continue;
        }
      }
      ex.fingerprint(s);
      const idx = ex.store.insert(ex.fp, -1, -1, -1);
      if (idx < 0) continue;
      if (this.bounded) this.setDepth(idx, 1);
      this.roots.push(s);
      this.rootIdxs.push(idx);
      ex.depth = 1;
      const v = ex.checkState(s, true);
      if (v !== undefined) {
        ex.violation = v;
        this.failTrace = [{ index: 1, state: s }];
        return true;
      }
    }
    return ex.overStates();
  }

  /**
   * Drops the successors already visited (at this depth or shallower) before the list is stacked: most
   * successors are duplicates, and a deep stack would otherwise keep all of them alive. They are
   * looked up again when followed, since states get visited in between.
   */
  private unvisited(list: Transition<S>[], depth: number): Transition<S>[] {
    const ex = this.explorer;
    let n = 0;
    for (const t of list) {
      ex.fingerprint(t.state);
      const idx = ex.store.find(ex.fp);
      if (idx < 0 || (this.bounded && depth < (this.depthOf[idx] as number))) list[n++] = t;
    }
    list.length = n;
    return list;
  }

  /** Records the not-yet-seen successors of a state at the bound as cut off (stored, not counted). */
  private cutOff(list: readonly Transition<S>[], parent: number): void {
    const ex = this.explorer;
    for (const t of list) {
      // A state outside the constraints would never be explored: it is not cut off.
      if (ex.constrained && ex.inModel(t.state) !== true) continue;
      ex.fingerprint(t.state);
      const idx = ex.store.insert(ex.fp, parent, t.step, t.instance);
      if (idx < 0) continue;
      this.setDepth(idx, this.maxDepth + 1);
      this.cut++;
      ex.uncounted++;
    }
  }

  private push(s: S, idx: number, t: Transition<S> | undefined): void {
    const f = this.sp++;
    this.states[f] = s;
    this.idxs[f] = idx;
    this.via[f] = t;
    this.succs[f] = undefined;
    this.poss[f] = 0;
    const ex = this.explorer;
    if (this.sp > ex.depth) ex.depth = this.sp;
    if (this.sp > ex.queue) ex.queue = this.sp;
  }

  private pop(): void {
    const f = --this.sp;
    // Drop references so that popped states and their successor lists can be collected.
    this.states[f] = undefined;
    this.via[f] = undefined;
    this.succs[f] = undefined;
  }

  private setDepth(idx: number, d: number): void {
    if (idx >= this.depthOf.length) {
      const grown = new Int32Array(Math.max(1024, this.depthOf.length * 2, idx + 1));
      grown.set(this.depthOf);
      this.depthOf = grown;
    }
    this.depthOf[idx] = d;
  }

  /** The stack as a trace, plus the transition `last` out of the top frame if given. */
  private stackTrace(last: Transition<S> | undefined): TraceStep<S>[] {
    const steps = this.model.steps;
    const trace: TraceStep<S>[] = [];
    for (let f = 0; f < this.sp; f++) {
      const t = this.via[f];
      trace.push(t === undefined ? { index: 1, state: this.states[f] as S } : toTraceStep(f + 1, t, steps));
    }
    if (last !== undefined) trace.push(toTraceStep(this.sp + 1, last, steps));
    return trace;
  }

  private finish(): true {
    this.done = true;
    this.explorer.stop();
    return true;
  }
}
