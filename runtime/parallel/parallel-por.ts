/**
 * Partial-order reduction on the parallel BFS's workers (parallel-worker.ts): each worker expands the
 * states of its range with the sequential search's stubborn sets (runtime/reduce/por.ts, and bfs.ts
 * `expandReduced`), so the reduced graph — states, parents, depth, verdict, counterexample — and the
 * reduction's statistics are the sequential POR search's for every worker count.
 *
 * - Ample sets: `PorEngine.candidates` at the state, over all its successors in `successors` order
 *   (generated first, so a failing step fails before anything is inserted, as in bfs.ts), tried
 *   smallest first; none passes, or none is proper: the state is expanded fully.
 * - Cycle proviso (S3, BFS form): a candidate is taken only when none of its successors is on a finished
 *   level (≤ d, d the level being expanded). Which states those are is settled before level d + 1 is
 *   built, and the shared table tells them apart without inserting: a finished state's entry is below
 *   the table's `base`, one of the level being built is numbered from `base` up whoever inserted it
 *   (shared-table.ts `finished`). So a worker decides the proviso with `find` alone, and the answer depends neither on which
 *   worker inserted what into level d + 1 first nor on when: it is the sequential search's answer
 *   ("new, or already on the next level").
 * - The guard (reduce/guard.ts) decides at its checkpoints — the `sample`·2^k-th counted expansion in
 *   sequential order — from the counts up to there, and after a stop every later state takes the plain
 *   path. In the prefix every worker expands the whole level in order and decides inline, as the
 *   sequential search does. After the split, a level in which a checkpoint may fall (the counts so far
 *   plus the level's size reach it) is expanded in two passes: a planning pass computes every state's
 *   ample set and counts without inserting anything (the proviso only reads finished levels), the
 *   workers publish their counts, each finds the checkpoints within its range and whether the guard stops
 *   there, and the second pass inserts the planned successors up to the stop and everything after it.
 *   Other levels take one pass.
 * - Statistics: each worker counts its range; the levels' counts are summed at the barriers. After a
 *   violation the sequential search stops at the first state whose expansion meets one
 *   (parallel-order.ts), so the last level's counts are cut there: the worker holding that state reports
 *   its counts up to it (taken when it met the violation), the workers before it their whole range.
 */
import { SpecError, type Model, type Transition } from "../contract/model.js";
import { isEvaluationStopped } from "../contract/budget.js";
import { PorEngine, porUnsupported } from "../reduce/por.js";
import type { PorGuardOptions, PorStats } from "../reduce/guard.js";
import type { Explorer, VisitedSet } from "../search/explore.js";
import { NONE, levelCutoff } from "./parallel-order.js";
import {
  STOP,
  S_POR_FULL,
  S_POR_GENERATED,
  S_POR_PROVISO,
  S_POR_PRUNED,
  S_POR_REDUCED,
  S_POR_STOP_AT,
  S_POR_STOP_SEQ,
  barrier,
  statLane,
} from "./parallel-control.js";

/** The reduction's counts (`PorStats` without the guard's stop). */
export type PorCounts = Omit<PorStats, "stoppedAfter">;
type Counts = { -readonly [K in keyof PorCounts]: number };

const zero = (): Counts => ({ reducedStates: 0, fullStates: 0, provisoFailures: 0, generated: 0, pruned: 0 });
const expansions = (c: PorCounts): number => c.reducedStates + c.fullStates;

export function addCounts(a: Counts, b: PorCounts): void {
  a.reducedStates += b.reducedStates;
  a.fullStates += b.fullStates;
  a.provisoFailures += b.provisoFailures;
  a.generated += b.generated;
  a.pruned += b.pruned;
}

/** What a worker's reduction reports: parallel.ts adds the workers' `own` to `base` (the same in every worker). */
export interface WorkerPorReport {
  /** Every level searched, or every level before the last one when a violation stopped the search there. */
  readonly base: PorCounts;
  /** This worker's part of the last level up to the violation (zeros without one). */
  readonly own: PorCounts;
  readonly stoppedAfter?: number;
}

/** What the reduction needs of its worker. */
export interface PorHost {
  readonly ex: Explorer<unknown, VisitedSet>;
  readonly ctrl: Int32Array;
  readonly n: number;
  readonly id: number;
  /** Whether the state with fingerprint (h1, h2) is on a finished level (see the header). */
  finished(h1: number, h2: number): boolean;
  /** Inserts `s`, successor `j` of the state being expanded (the worker's `discovered`). */
  admit(s: unknown, j: number): void;
  /** Whether this worker counts generated successors and fired steps (the worker's `counting`). */
  counting(): boolean;
}

/** The reduction of a worker asked for it (`opts`: WorkerData `por`), or undefined when off or the model does not allow it (as in bfs.ts). */
export function workerPorOf(model: Model<unknown>, opts: { readonly guard: PorGuardOptions | false } | undefined, host: PorHost): WorkerPor | undefined {
  return opts !== undefined && porUnsupported(model) === undefined ? new WorkerPor(model, opts.guard, host) : undefined;
}

/** A planned state (second pass): not planned (STOP came first), no successors or a failing step, reduced, full. */
const UNPLANNED = 0;
const UNCOUNTED = 1;
const REDUCED = 2;
const FULL = 3;

/** The reduction of one worker (see the header). */
export class WorkerPor {
  private readonly engine: PorEngine<unknown>;
  private readonly minPruned: number;
  /** The guard's next checkpoint (an expansion count; -1: it never decides). */
  private nextCheck: number;
  /** Sequence number of the state after whose expansion the guard stopped the reduction (NONE: it has not). */
  private stopSeq = NONE;
  private stopAt = 0;
  /** Counts of the levels done (all workers). */
  private readonly done = zero();
  /** This worker's counts on the level being built, and at its first violation there (`snapSeq`: that state). */
  private run = zero();
  private snap: Counts | undefined;
  private snapSeq = NONE;
  /** The part of the last level this worker reports after a violation; the first violation's state. */
  private own = zero();
  private violSeq = NONE;
  /** The level being built: expanded by every worker (prefix), where this worker's range starts, its size. */
  private prefix = true;
  private first = 0;
  private count = 0;
  private began = false;
  private level = 0;
  /** The level is planned (two passes); per state of the range: its kind, proviso failures, successors, kept, ample mask. */
  private planned = false;
  private kind = new Uint8Array(0);
  private prov = new Int32Array(0);
  private gen = new Int32Array(0);
  private kept = new Int32Array(0);
  private masks = new Uint8Array(0);
  private readonly units: number;
  private readonly buf: Transition<unknown>[] = [];
  private readonly collect = (t: Transition<unknown>): void => void this.buf.push(t);
  /** Fingerprints of the successors, two lanes each, computed on demand by `choose`. */
  private fps = new Int32Array(64);
  private lastProviso = 0;

  constructor(
    private readonly model: Model<unknown>,
    guard: PorGuardOptions | false,
    private readonly host: PorHost,
  ) {
    this.engine = new PorEngine(model);
    // As bfs.ts: `porGuard: false` never decides.
    const g = guard === false ? { sample: -1, minPruned: 0 } : guard;
    this.nextCheck = g.sample;
    this.minPruned = g.minPruned;
    this.units = model.instances.length + 1;
  }

  /** Whether the state with sequence number `seq` is expanded along an ample set (else fully, on the plain path). */
  reduces(seq: number): boolean {
    return seq <= this.stopSeq;
  }

  /**
   * Starts level `level` (the one being built): this worker expands `count` states from sequence number
   * `first` (`state(i)` gives the i-th without taking it), `total` in all. Plans it first when a guard
   * checkpoint may fall in it after the split (every worker calls this: the decision and the barriers are
   * common).
   */
  beginLevel(level: number, prefix: boolean, first: number, count: number, total: number, state: (i: number) => unknown): void {
    this.level = level;
    this.prefix = prefix;
    this.first = first;
    this.count = count;
    this.began = true;
    this.planned = false;
    this.run = zero();
    this.snap = undefined;
    this.snapSeq = NONE;
    if (prefix || this.stopSeq !== NONE || this.nextCheck <= 0 || expansions(this.done) + total < this.nextCheck) return;
    this.plan(state);
  }

  /**
   * Expands `s` (sequence number `seq`, for which `reduces` holds) along an ample set, or fully: inserts
   * the successors through the host and returns how many `s` has (0: a deadlock candidate). A failing
   * step throws before anything is inserted or counted, as in bfs.ts.
   */
  expand(s: unknown, seq: number): number {
    if (this.planned) return this.applyPlan(s, seq - this.first);
    const buf = this.successors(s);
    const n = buf.length;
    if (n === 0) return 0;
    const mask = this.choose(s);
    const kept = mask === undefined ? n : this.keptBy(mask);
    this.add(mask !== undefined, n, kept, this.lastProviso);
    if (this.prefix) this.decide(seq);
    this.insert(mask);
    return n;
  }

  /** The worker met a violation expanding the state `seq` (or among its successors). */
  violation(seq: number): void {
    if (!this.began || this.snap !== undefined) return;
    this.snap = { ...this.run };
    this.snapSeq = seq;
  }

  /** Publishes this worker's counts for the level (at every settle of it). */
  publish(level: number): void {
    const { ctrl, n, id } = this.host;
    const r = this.run;
    ctrl[statLane(n, level, id, S_POR_REDUCED)] = r.reducedStates;
    ctrl[statLane(n, level, id, S_POR_FULL)] = r.fullStates;
    ctrl[statLane(n, level, id, S_POR_PROVISO)] = r.provisoFailures;
    ctrl[statLane(n, level, id, S_POR_GENERATED)] = r.generated;
    ctrl[statLane(n, level, id, S_POR_PRUNED)] = r.pruned;
  }

  /**
   * After the level's last barrier: adds its counts (all workers'), or, when a violation stops the
   * search on it (`stopped`), keeps this worker's part up to the first violation in sequential order.
   */
  levelDone(stopped: boolean): void {
    if (!this.began) return;
    this.began = false;
    const { ctrl, n, id } = this.host;
    const level = this.level;
    if (!stopped) {
      addCounts(this.done, this.prefix ? this.run : this.sum(level));
      return;
    }
    this.violSeq = levelCutoff(ctrl, n, level)[0];
    // In the prefix every worker holds the whole level: worker 0 reports it.
    if (this.prefix && id !== 0) return;
    if (this.snap !== undefined) {
      if (this.snapSeq === this.violSeq) this.own = this.snap;
    } else if (this.first + this.count - 1 < this.violSeq) this.own = this.run;
  }

  report(): WorkerPorReport {
    // A stop after the violation's state: the sequential search never got there.
    const stopped = this.stopSeq !== NONE && this.stopSeq <= this.violSeq;
    return { base: { ...this.done }, own: { ...this.own }, ...(stopped ? { stoppedAfter: this.stopAt } : {}) };
  }

  /** The level's counts over all workers (published at settle). */
  private sum(level: number): Counts {
    const { ctrl, n } = this.host;
    const c = zero();
    for (let w = 0; w < n; w++) {
      c.reducedStates += ctrl[statLane(n, level, w, S_POR_REDUCED)] as number;
      c.fullStates += ctrl[statLane(n, level, w, S_POR_FULL)] as number;
      c.provisoFailures += ctrl[statLane(n, level, w, S_POR_PROVISO)] as number;
      c.generated += ctrl[statLane(n, level, w, S_POR_GENERATED)] as number;
      c.pruned += ctrl[statLane(n, level, w, S_POR_PRUNED)] as number;
    }
    return c;
  }

  /** All successors of `s` in `buf`, counted as generated (a failing step throws first, counting nothing). */
  private successors(s: unknown): Transition<unknown>[] {
    const buf = this.buf;
    buf.length = 0;
    this.model.successors(s, this.collect);
    if (this.host.counting()) {
      const ex = this.host.ex;
      ex.generated += buf.length;
      for (const t of buf) ex.fired[t.step]++;
    }
    return buf;
  }

  private unitOf(t: Transition<unknown>): number {
    return t.instance < 0 ? this.model.instances.length : t.instance;
  }

  /**
   * The first candidate ample set (smallest first) whose successors pass the cycle proviso, or undefined
   * (expand fully); `lastProviso`: the candidates the proviso rejected (bfs.ts `expandReduced`).
   */
  private choose(s: unknown): Uint8Array | undefined {
    const buf = this.buf;
    const n = buf.length;
    const { ex } = this.host;
    if (this.fps.length < 2 * n) this.fps = new Int32Array(4 * n);
    const fps = this.fps;
    let hashed = 0;
    this.lastProviso = 0;
    for (const mask of this.engine.candidates(s, buf)) {
      let ok = true;
      for (let j = 0; j < n && ok; j++) {
        if (mask[this.unitOf(buf[j] as Transition<unknown>)] !== 1) continue;
        for (; hashed <= j; hashed++) {
          ex.fingerprint((buf[hashed] as Transition<unknown>).state);
          fps[2 * hashed] = ex.fp.h1;
          fps[2 * hashed + 1] = ex.fp.h2;
        }
        if (this.host.finished(fps[2 * j] as number, fps[2 * j + 1] as number)) ok = false;
      }
      if (ok) return mask;
      this.lastProviso++;
    }
    return undefined;
  }

  private keptBy(mask: Uint8Array): number {
    let kept = 0;
    for (const t of this.buf) if (mask[this.unitOf(t)] === 1) kept++;
    return kept;
  }

  private add(reduced: boolean, generated: number, kept: number, proviso: number): void {
    const r = this.run;
    if (reduced) r.reducedStates++;
    else r.fullStates++;
    r.generated += generated;
    r.pruned += generated - kept;
    r.provisoFailures += proviso;
  }

  /** The guard's decision after an expansion in the prefix (guard.ts `decide`; `run` is the whole level there). */
  private decide(seq: number): void {
    const n = expansions(this.done) + expansions(this.run);
    if (n !== this.nextCheck || this.stopSeq !== NONE) return;
    if (this.done.pruned + this.run.pruned < this.minPruned * (this.done.generated + this.run.generated)) {
      this.stopSeq = seq;
      this.stopAt = n;
    } else this.nextCheck *= 2;
  }

  /** Inserts the successors in `buf` that `mask` keeps (all of them without one), in order. */
  private insert(mask: Uint8Array | undefined): void {
    const buf = this.buf;
    for (let j = 0; j < buf.length; j++) {
      const t = buf[j] as Transition<unknown>;
      if (mask !== undefined && mask[this.unitOf(t)] !== 1) continue;
      this.host.admit(t.state, j);
    }
    buf.length = 0;
  }

  /**
   * The planning pass and the guard's checkpoints of a level after the split (see the header): every
   * worker plans its range, publishes the counts and meets the others; each then looks for a failing
   * checkpoint in its range; the first in sequential order stops the reduction.
   */
  private plan(state: (i: number) => unknown): void {
    const { ctrl, n, id } = this.host;
    const count = this.count;
    if (this.kind.length < count) {
      const size = Math.max(count, 2 * this.kind.length);
      this.kind = new Uint8Array(size);
      this.prov = new Int32Array(size);
      this.gen = new Int32Array(size);
      this.kept = new Int32Array(size);
      this.masks = new Uint8Array(size * this.units);
    }
    this.kind.fill(UNPLANNED, 0, count);
    for (let i = 0; i < count && Atomics.load(ctrl, STOP) === 0; i++) {
      if (!this.planOne(state(i), i)) break;
    }
    this.publish(this.level);
    barrier(ctrl, n);
    const before = { ...this.done };
    const level = zero();
    for (let w = 0; w < n; w++) {
      const c = this.laneCounts(w);
      addCounts(level, c);
      if (w < id) addCounts(before, c);
    }
    let c = this.nextCheck;
    while (c <= expansions(before)) c *= 2;
    let stopSeq = NONE;
    let stopAt = 0;
    for (let i = 0; i < count && stopSeq === NONE; i++) {
      const k = this.kind[i] as number;
      if (k !== REDUCED && k !== FULL) continue;
      if (k === REDUCED) before.reducedStates++;
      else before.fullStates++;
      before.generated += this.gen[i] as number;
      before.pruned += (this.gen[i] as number) - (this.kept[i] as number);
      if (expansions(before) !== c) continue;
      if (before.pruned < this.minPruned * before.generated) [stopSeq, stopAt] = [this.first + i, c];
      else c *= 2;
    }
    ctrl[statLane(n, this.level, id, S_POR_STOP_SEQ)] = stopSeq;
    ctrl[statLane(n, this.level, id, S_POR_STOP_AT)] = stopAt;
    barrier(ctrl, n);
    for (let w = 0; w < n; w++) {
      const seq = ctrl[statLane(n, this.level, w, S_POR_STOP_SEQ)] as number;
      if (seq < this.stopSeq) [this.stopSeq, this.stopAt] = [seq, ctrl[statLane(n, this.level, w, S_POR_STOP_AT)] as number];
    }
    const total = expansions(this.done) + expansions(level);
    if (this.stopSeq === NONE) while (this.nextCheck <= total) this.nextCheck *= 2;
    this.run = zero();
    this.planned = true;
  }

  private laneCounts(w: number): Counts {
    const { ctrl, n } = this.host;
    const at = (f: number): number => ctrl[statLane(n, this.level, w, f)] as number;
    return {
      reducedStates: at(S_POR_REDUCED),
      fullStates: at(S_POR_FULL),
      provisoFailures: at(S_POR_PROVISO),
      generated: at(S_POR_GENERATED),
      pruned: at(S_POR_PRUNED),
    };
  }

  /** Plans state `i` of the range (first pass: nothing inserted); false when the search is stopping. */
  private planOne(s: unknown, i: number): boolean {
    const buf = this.buf;
    buf.length = 0;
    let mask: Uint8Array | undefined;
    try {
      this.model.successors(s, this.collect);
      if (buf.length === 0) {
        this.kind[i] = UNCOUNTED;
        return true;
      }
      mask = this.choose(s);
    } catch (e) {
      // Stopped inside an evaluation (STOP is set): the rest stays unplanned.
      if (isEvaluationStopped(e)) return false;
      if (!(e instanceof SpecError)) throw e;
      // The second pass meets the same failure and reports it.
      this.kind[i] = UNCOUNTED;
      return true;
    }
    const n = buf.length;
    const kept = mask === undefined ? n : this.keptBy(mask);
    this.kind[i] = mask === undefined ? FULL : REDUCED;
    this.prov[i] = this.lastProviso;
    this.gen[i] = n;
    this.kept[i] = kept;
    if (mask !== undefined) {
      this.masks.fill(0, i * this.units, (i + 1) * this.units);
      this.masks.set(mask, i * this.units);
    }
    this.add(mask !== undefined, n, kept, this.lastProviso);
    buf.length = 0;
    return true;
  }

  /** Second pass: expands state `i` of the range as planned (the successors again, then the planned ones inserted). */
  private applyPlan(s: unknown, i: number): number {
    const buf = this.successors(s);
    const n = buf.length;
    const k = this.kind[i] as number;
    if (n === 0 || k === UNCOUNTED) {
      buf.length = 0;
      return n;
    }
    if (k === UNPLANNED) {
      // Not planned (the search is stopping): fully, uncounted.
      this.insert(undefined);
      return n;
    }
    this.add(k === REDUCED, n, this.kept[i] as number, this.prov[i] as number);
    if (k === REDUCED) this.insert(this.masks.subarray(i * this.units, (i + 1) * this.units));
    else this.insert(undefined);
    return n;
  }
}
