/**
 * One worker of the partitioned parallel BFS (see owned-search.ts): the search of a model that steps
 * packed words, with each key owned by one worker (`ownerOf`) and kept in that worker's private table.
 *
 * A level is built in three phases separated by barriers:
 * 1. **expand**: worker w expands its contiguous range of the level (in sequential order), lists every
 *    successor (its words and owner; where each parent's successors end) and appends its key to the
 *    stream of the key's owner, unless the worker generated that key lately (`seen`: then it is not new);
 * 2. **insert**: each worker inserts the keys of its streams into its table, worker 0's stream first, then
 *    worker 1's, …: so it meets them in the sequential search's order, and a key is new exactly when this
 *    is its first discovery in that order (its sequential parent); it writes one result byte per key;
 * 3. **assign**: each worker walks its list again with the results: the new states, in order, get the
 *    next sequence numbers (after the new states of the workers before it), their words go to the next
 *    level at that place, their parent link and owner into the columns (owned-columns.ts), and their
 *    invariants are checked.
 *
 * No atomic operation, lock or cache line is shared per transition (only one per new state: the owner
 * bits), no table is shared, and nothing is renumbered: the insert is the sequential search's, on half
 * the keys. Violations are found and cut exactly as in parallel-worker.ts (parallel-order.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { initialStates, SpecError } from "../contract/model.js";
import { OwnedTable } from "./owned-table.js";
import { SeenCache } from "./seen-cache.js";
import { isEvaluationStopped } from "../contract/budget.js";
import { BitReader, BitWriter, packedWidth } from "../contract/packed.js";
import { startWorker } from "./worker-start.js";
import { workerStepsOf } from "./packed-worker-steps.js";
import { BATCH_STATES, WorkerBatch } from "./worker-batch.js";
import { COUNT, STOP, S_CAND, S_INSERTED, S_KEPT, S_STOPPED, barrier, barrierWait, heapNearLimit, statLane, stopCode } from "./parallel-control.js";
import { better, type Candidate, type WorkerReport } from "./parallel-protocol.js";
import { FirstCandidates, levelCutoff, rankAtMost } from "./parallel-order.js";
import { IntList } from "./parallel-frontier.js";
import { GrowingArray, GrowingArrayFull } from "./growing-buffer.js";
import { Columns, ownerOf } from "./owned-columns.js";
import { brokenLane, paceLane, streamLane, tallyLane, type OwnedReport, type OwnedWorkerData } from "./owned-protocol.js";

/** Keys read ahead in the table before they are inserted (their home slots' misses overlap). */
const AHEAD = 256;

const data = workerData as OwnedWorkerData;
const port = parentPort!;
const { id, n } = data;
const { model, ex, ctrl } = await startWorker(data, false);
const BITS = packedWidth(model);
const WIDTH = Math.max(1, Math.ceil(BITS / 32));
const stepsOrUndefined = workerStepsOf(model, { ...(data.stepCode !== undefined ? { stepCode: data.stepCode } : {}), symmetry: false, por: false });
if (stepsOrUndefined === undefined) throw new Error("parallel BFS: the partitioned search needs the packed step code");
const steps = stepsOrUndefined;
const batch = new WorkerBatch(steps, WIDTH);
const reader = new BitReader();
const writer = new BitWriter();

const table = new OwnedTable(GrowingArray.create(1 << 16), data.initialSlots, data.maxTableBytes);
const lanes = new Int32Array(data.owned.lanes);
const cap = data.maxBufferBytes;
const streams = Array.from({ length: n }, (_, o) => new GrowingArray(data.owned.streams[id * n + o]!, Int32Array, 1.5, cap));
const inStreams = Array.from({ length: n }, (_, e) => new GrowingArray(data.owned.streams[e * n + id]!, Int32Array, 1.5, cap));
const inResults = Array.from({ length: n }, (_, e) => new GrowingArray(data.owned.results[e * n + id]!, Uint8Array, 1.5, cap));
const outResults = Array.from({ length: n }, (_, o) => new GrowingArray(data.owned.results[id * n + o]!, Uint8Array, 1.5, cap));
const levels = [new GrowingArray(data.owned.levels[0], Int32Array, 1.25, cap), new GrowingArray(data.owned.levels[1], Int32Array, 1.25, cap)] as const;
const columns = new Columns(data.owned.columns, n, cap);

/**
 * This worker's successors on the level being built, in sequential order (the expand phase's list): their
 * words and owners, and where each expanded state's successors end (so a successor's parent and index
 * among the parent's successors are found by walking `ends`).
 */
class Successors {
  words = new Int32Array(WIDTH * 4096);
  owner = new Uint8Array(4096);
  length = 0;
  /** `ends.a[p]`: successors of expanded states 0 … p (state p's are `ends[p − 1]` … `ends[p]`). */
  readonly ends = new IntList();
  /** Sequence number of expanded state 0; −1: the initial states (one parent, none). */
  first = 0;

  reset(first: number): void {
    this.length = 0;
    this.ends.length = 0;
    this.first = first;
  }

  /** Sequence number of expanded state `p` (−1 for the initial states' pseudo-parent). */
  parentOf(p: number): number {
    return this.first < 0 ? -1 : this.first + p;
  }

  /** Index of the expanded state whose successors include successor `c` (binary search of `ends`). */
  parentIndex(c: number): number {
    let lo = 0;
    let hi = this.ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ends.a[mid] as number) > c) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  push(src: Int32Array, off: number, owner: number): void {
    const k = this.length;
    if (k === this.owner.length) this.grow();
    const w = this.words;
    for (let i = 0, o = k * WIDTH; i < WIDTH; i++) w[o + i] = src[off + i] as number;
    this.owner[k] = owner;
    this.length = k + 1;
  }

  /** The state being expanded has no more successors. */
  endParent(): void {
    this.ends.push(this.length);
  }

  private grow(): void {
    const m = this.owner.length * 2;
    const words = new Int32Array(m * WIDTH);
    words.set(this.words);
    this.words = words;
    const owner = new Uint8Array(m);
    owner.set(this.owner);
    this.owner = owner;
  }
}

const succ = new Successors();
/**
 * The keys this worker generated lately (seen-cache.ts): one found there was generated
 * before, on this level or an earlier one, so it is not new whoever owns it (its owner inserted it, or
 * will before this one in sequential order), and it is not sent.
 */
const seen = new SeenCache(15);
/** The owner field of a successor generated before (`seen`). */
const SEEN_BEFORE = 255;
/** Keys appended to each owner's stream this level. */
const streamLen = new Int32Array(n);
/** Indices (into `succ`) of the new states this worker numbered on the level being built. */
const kept = new IntList();
const escapes = new IntList();
const firsts = new FirstCandidates();
let cand: Candidate | undefined;
let inserted = 0;
let expansions = 0;
/** What the read-ahead loads gave (kept, so that they are not optimized away). */
let readAhead = 0;

function offer(c: Candidate): void {
  if (better(c, cand)) cand = c;
  firsts.note(c);
}

function stopWith(limit: Parameters<typeof stopCode>[0]): void {
  Atomics.compareExchange(ctrl, STOP, 0, stopCode(limit));
}

/** Appends a successor: to the list, and its key to its owner's stream. */
function emit(src: Int32Array, off: number, h1: number, h2: number): void {
  if (seen.has(h1, h2, 0)) {
    // Generated before (on this level or an earlier one): not new, whoever owns it; its owner need not look.
    succ.push(src, off, SEEN_BEFORE);
    return;
  }
  // Its owner inserts it before any later level (or the search stops).
  seen.add(h1, h2, 0);
  const o = ownerOf(h2, n);
  const s = streams[o]!;
  const at = 2 * (streamLen[o] as number);
  let v = s.view;
  if (at + 2 > v.length) v = s.ensure(at + 2);
  v[at] = h1;
  v[at + 1] = h2;
  streamLen[o]!++;
  succ.push(src, off, o);
}

/** Phase 1 for level 1: worker 0 emits the initial states (packed as the step code would). */
function expandInitial(): boolean {
  if (id !== 0) return false;
  try {
    for (const s of initialStates(model)) {
      writer.begin();
      model.pack!(s, writer);
      writer.end();
      steps.fingerprint(ex.fp, writer.words, 0);
      emit(writer.words, 0, ex.fp.h1 | 0, ex.fp.h2 | 0);
    }
  } catch (e) {
    if (isEvaluationStopped(e)) return true;
    if (!(e instanceof SpecError)) throw e;
    offer({ rank: 0, seq: -1, j: 0, h1: 0, h2: 0, init: true, violation: ex.specError(e) });
  } finally {
    succ.endParent();
  }
  return false;
}

/**
 * Where each worker's range of a level of `size` states starts (and the last one ends), from the pace of
 * every worker on the level before: the ranges must stay contiguous and in worker order, but the states
 * late in a level often have more successors than the early ones (on mutexN the second worker took 8%
 * longer on equal ranges), so each worker gets a share in proportion to the states per second it
 * expanded last time, within half and one and a half times an even share. Every worker computes the same
 * cuts from the same published numbers.
 */
function cutsFor(level: number, size: number): number[] {
  const rates: number[] = [];
  let total = 0;
  for (let w = 0; w < n; w++) {
    const states = lanes[paceLane(n, level - 1, w, 0)] as number;
    const micros = lanes[paceLane(n, level - 1, w, 1)] as number;
    const r = level > 2 && states >= 1024 && micros > 0 ? states / micros : 1;
    rates.push(r);
    total += r;
  }
  const cuts = [0];
  let acc = 0;
  for (let w = 0; w < n; w++) {
    acc += Math.min(1.5 / n, Math.max(0.5 / n, (rates[w] as number) / total));
    cuts.push(w + 1 === n ? size : Math.min(size, Math.floor(size * acc)));
  }
  return cuts;
}

/** Phase 1: expands states [lo, hi) of the level (`size` states numbered from `base`); true when it saw STOP. */
function expand(cur: Int32Array, base: number, lo: number, hi: number): boolean {
  for (let i = lo; i < hi;) {
    if (Atomics.load(ctrl, STOP) !== 0) return true;
    const count = Math.min(BATCH_STATES, hi - i);
    batch.fill(cur, i, count, ex.fp, undefined);
    const b = batch;
    for (let s = 0; s < b.states; s++) {
      const seq = base + i + s;
      const start = s === 0 ? 0 : (b.ends[s - 1] as number);
      const end = b.ends[s] as number;
      for (let k = start; k < end; k++) {
        ex.generated++;
        ex.fired[b.steps[k] as number]++;
        emit(b.words, k * WIDTH, b.h1[k] as number, b.h2[k] as number);
      }
      succ.endParent();
      const off = (i + s) * WIDTH;
      if (s === b.states - 1 && (b.stopped || b.error !== undefined)) {
        if (b.error !== undefined) offer({ rank: 0, seq, j: end - start, ...keyOf(cur, off), violation: ex.specError(b.error) });
        break;
      }
      if (end === start && model.checkDeadlock && ex.isDeadlock(unpack(cur, off))) {
        offer({ rank: 0, seq, j: 0, ...keyOf(cur, off), violation: ex.deadlock() });
      }
    }
    if (b.stopped) return true;
    i += b.states;
    expansions += b.states;
    // This thread's heap near its V8 limit would abort the whole process: stop first (issue 14 item 8).
    if ((expansions & 1023) < b.states && heapNearLimit()) stopWith("maxMemory");
  }
  return false;
}

function unpack(words: Int32Array, off: number): unknown {
  reader.reset(words, off);
  return model.unpack!(reader);
}

/** The key lanes of the state at `words[off…]` (a candidate's: its key is not kept in the lists). */
function keyOf(words: Int32Array, off: number): { readonly h1: number; readonly h2: number } {
  steps.fingerprint(ex.fp, words, off);
  return { h1: ex.fp.h1 | 0, h2: ex.fp.h2 | 0 };
}

/** Phase 2: inserts the streams this worker owns, worker 0's first (sequential order); publishes the tallies. */
function insert(level: number): void {
  for (let e = 0; e < n; e++) {
    const len = lanes[streamLane(n, level, e, id)] as number;
    const keys = inStreams[e]!.refresh();
    const res = inResults[e]!.ensure(len);
    let news = 0;
    let k = 0;
    try {
      for (; k < len;) {
        const stop = Math.min(len, k + AHEAD);
        // The home slots read ahead (a second round reading the keys they point to measured slower).
        let sink = readAhead;
        for (let a = k; a < stop; a++) sink ^= table.peekSlot(keys[2 * a] as number);
        readAhead = sink;
        for (; k < stop; k++) {
          const r = table.insert(keys[2 * k] as number, keys[2 * k + 1] as number);
          if (r >= 0) {
            res[k] = 1;
            news++;
          } else res[k] = 0;
        }
      }
    } catch (err) {
      // The table could not grow (its largest size, or memory): the search stops; the keys not inserted count as old.
      if (!isEvaluationStopped(err)) throw err;
      stopWith(err.limit);
      for (; k < len; k++) res[k] = 0;
    }
    lanes[tallyLane(n, level, e, id)] = news;
  }
}

/**
 * Phase 3: numbers this worker's new states (those below `maxStates`; the rest are not kept), writes
 * them to the next level and the columns, checks their invariants.
 */
function assign(level: number, nextBase: number, next: GrowingArray<Int32Array>): number {
  let before = 0;
  let mine = 0;
  for (let e = 0; e < n; e++) {
    let news = 0;
    for (let o = 0; o < n; o++) news += lanes[tallyLane(n, level, e, o)] as number;
    if (e < id) before += news;
    if (e === id) mine = news;
  }
  const first = nextBase + before;
  const last = Math.min(first + mine, data.maxStates);
  kept.length = 0;
  if (last <= first) return 0;
  const words = next.ensure((last - nextBase) * WIDTH);
  columns.ensure(last);
  const results = outResults.map((r) => r.refresh());
  const cursor = new Int32Array(n);
  let seq = first;
  let prev = NaN;
  const checkAll = model.invariants.length > 0;
  const ends = succ.ends.a;
  // The expanded state whose successors are being walked, and where they start.
  let p = 0;
  let from = 0;
  for (let c = 0; c < succ.length && seq < last; c++) {
    while (c >= (ends[p] as number)) from = ends[p++] as number;
    const o = succ.owner[c] as number;
    if (o === SEEN_BEFORE || (results[o] as Uint8Array)[cursor[o]!++] !== 1) continue;
    const off = c * WIDTH;
    const at = (seq - nextBase) * WIDTH;
    for (let i = 0; i < WIDTH; i++) words[at + i] = succ.words[off + i] as number;
    const parent = succ.parentOf(p);
    if (!columns.set(seq, parent, prev, o)) {
      escapes.push(seq);
      escapes.push(parent);
    }
    prev = parent;
    kept.push(c);
    seq++;
    const initial = parent === -1;
    if (!checkAll && !initial) continue;
    try {
      if (!initial && steps.invariantsHold(succ.words, off)) continue;
      const v = ex.checkState(unpack(succ.words, off), initial);
      if (v !== undefined) offer({ rank: 1, seq: parent, j: c - from, ...keyOf(succ.words, off), violation: v });
    } catch (e) {
      if (!isEvaluationStopped(e)) throw e;
      // STOP is set (a limit inside an invariant): the level ends, the search stops.
    }
  }
  return seq - first;
}

/** States of this worker's part of the level the sequential search stores before it stops at the level's first violation. */
function cutCount(level: number): number {
  const [cs, cj] = levelCutoff(ctrl, n, level);
  let count = 0;
  for (let i = 0; i < kept.length; i++) {
    const c = kept.a[i] as number;
    const p = succ.parentIndex(c);
    const from = p === 0 ? 0 : (succ.ends.a[p - 1] as number);
    if (rankAtMost(succ.parentOf(p), c - from, cs, cj)) count++;
  }
  return count;
}

/** Phases begun so far: a phase's failure goes to lane `phase & 1`, which no worker writes again before every worker has read it. */
let phase = 0;

/**
 * Runs a phase. A buffer that cannot grow (a stream, a level or a column past 4 GiB: `storeLimit`; memory
 * the engine refuses: `maxMemory`) stops the search instead of failing the worker, and marks the phase
 * broken: the level's lists are incomplete, so every worker abandons it after the phase's barrier
 * (`broken`), candidates included (the result is incomplete with that limit). True when the phase saw STOP.
 */
function guarded(run: () => boolean | void): boolean {
  try {
    return run() === true;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    stopWith(e instanceof GrowingArrayFull ? "storeLimit" : "maxMemory");
    Atomics.store(lanes, brokenLane(n, phase), 1);
    return true;
  }
}

/**
 * After a phase's barrier: whether a worker's phase failed. Every worker reads the phase's own lane (a
 * worker already in the next phase writes the other one), so they all agree.
 */
function broken(): boolean {
  const failed = Atomics.load(lanes, brokenLane(n, phase)) !== 0;
  phase++;
  if (failed) cand = undefined;
  return failed;
}

function run(): WorkerReport & { readonly owned: OwnedReport } {
  let depth = 0;
  let queue = 0;
  let complete = false;
  let insertedBefore = 0;
  let cut = 0;
  let lastLevel = 1;
  /** The level being expanded: its first sequence number and size. */
  let base = 0;
  let size = 0;
  const starts: number[] = [];
  const bases: number[] = [0];
  for (let level = 1; ; level++) {
    const nextBase = level === 1 ? 0 : base + size;
    // Phase 1.
    const cuts = level === 1 ? [] : cutsFor(level, size);
    const [lo, hi] = level === 1 ? [0, 0] : [cuts[id] as number, cuts[id + 1] as number];
    succ.reset(level === 1 ? -1 : base + lo);
    streamLen.fill(0);
    const t1 = performance.now();
    const stoppedHere = guarded(() => (level === 1 ? expandInitial() : expand(levels[(level - 1) & 1].refresh(), base, lo, hi)));
    lanes[paceLane(n, level, id, 0)] = hi - lo;
    lanes[paceLane(n, level, id, 1)] = Math.round((performance.now() - t1) * 1000);
    for (let o = 0; o < n; o++) lanes[streamLane(n, level, id, o)] = streamLen[o] as number;
    barrier(ctrl, n);
    if (broken()) break;
    // Phase 2.
    starts.push(table.size);
    guarded(() => insert(level));
    barrier(ctrl, n);
    if (broken()) break;
    // Phase 3.
    insertedBefore = inserted;
    let mine = 0;
    guarded(() => void (mine = assign(level, nextBase, levels[level & 1])));
    inserted += mine;
    if (mine > 0) Atomics.add(ctrl, COUNT, mine);
    ctrl[statLane(n, level, id, S_KEPT)] = mine;
    ctrl[statLane(n, level, id, S_INSERTED)] = inserted;
    ctrl[statLane(n, level, id, S_STOPPED)] = stoppedHere || Atomics.load(ctrl, STOP) !== 0 ? 1 : 0;
    ctrl[statLane(n, level, id, S_CAND)] = cand !== undefined ? 1 : 0;
    firsts.publish(ctrl, n, level, id);
    barrier(ctrl, n);
    if (broken()) break;
    lastLevel = level;
    let total = 0;
    let anyCand = false;
    let anyStop = false;
    for (let w = 0; w < n; w++) {
      total += ctrl[statLane(n, level, w, S_KEPT)] as number;
      anyCand ||= ctrl[statLane(n, level, w, S_CAND)] === 1;
      anyStop ||= ctrl[statLane(n, level, w, S_STOPPED)] === 1;
    }
    bases.push(nextBase + total);
    if (total > 0) depth = level;
    if (anyCand) {
      cut = cutCount(level);
      break;
    }
    if (anyStop) break;
    if (nextBase + total >= data.maxStates) {
      stopWith("maxStates");
      break;
    }
    if (total === 0) {
      complete = true;
      break;
    }
    queue = Math.max(queue, total);
    base = nextBase;
    size = total;
  }
  return {
    t: "done",
    cand,
    complete,
    inserted,
    insertedBefore,
    cut,
    lastLevel,
    symmetry: false,
    stepCode: "packed",
    generated: ex.generated,
    fired: Array.from(ex.fired),
    depth,
    queue,
    expanded: [],
    escapes: escapes.a.slice(0, escapes.length),
    growths: table.growths,
    waitSeconds: barrierWait.seconds,
    growSeconds: 0,
    donated: 0,
    received: 0,
    owned: { table: table.snapshot(), tableBytes: table.bytes, starts, bases },
  };
}

port.postMessage({ t: "loaded" });
const t0 = performance.now();
const report = run();
if (process.env["SPEC2TS_PAR_DEBUG"] === "1")
  process.stderr.write(
    `[w${id}] ${(performance.now() - t0).toFixed(0)} ms, ${(barrierWait.seconds * 1000).toFixed(0)} ms of it at barriers; numbered ${inserted} states, owns ${table.size}\n`,
  );
port.postMessage(report, [report.owned.table.slots.buffer as ArrayBuffer]);
