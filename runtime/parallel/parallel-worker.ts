/**
 * One worker of the parallel BFS (see parallel.ts). Loaded with tsx so it can import the generated
 * model (TypeScript).
 *
 * Levels are synchronous and kept in the sequential search's order (parallel-order.ts). While the levels
 * are small (the *prefix*, below `prefixStates` states) every worker expands the whole level redundantly
 * and keeps every new state, so all workers hold the same frontier in the same order; the first level
 * at least that large is cut into n contiguous ranges, worker w taking the w-th. From then on each
 * worker expands its range in order and keeps the successors it finds first in sequential order (the
 * shared table's `ord` says who that is): nothing is sent per state, and states cross threads only when
 * a worker's share drifts above the mean, as a neighbour's head or tail (parallel-balance.ts). The prefix
 * also covers models whose levels stay small: they are then checked by every worker redundantly, no
 * slower than sequentially.
 *
 * A level ends in two barriers: at the first the workers publish what they kept and found (settle);
 * between the two each drops the states another worker found earlier in sequential order (only when
 * one did: the others count such takeovers for it), and at the second they publish what is left, from
 * which all of them take the same decisions (stop, grow, rebalance).
 *
 * SPEC2TS_PAR_DEBUG=1 logs each barrier round and growth to stderr.
 */
import { parentPort, workerData } from "node:worker_threads";
import { writeSync } from "node:fs";
import { initialStates, SpecError, type Transition } from "../contract/model.js";
import { INSERTED, LOWERED, MAX_ORD, ORD_INIT, SAME_LEVEL, SharedTable, entryMargin, type RehashScratch } from "./shared-table.js";
import { deferredEntries, plannedGrowth } from "./parallel-grow.js";
import { endLevel } from "./parallel-finalize.js";
import {
  COUNT,
  ENTRIES,
  PAUSE,
  STOP,
  S_CAND,
  S_INSERTED,
  S_KEPT,
  S_NEXT,
  S_PAUSE,
  S_STOPPED,
  barrier,
  barrierWait,
  checkAbort,
  heapNearLimit,
  statLane,
  stopCode,
} from "./parallel-control.js";
import { Peers } from "./parallel-peers.js";
import { rebalance } from "./parallel-arrange.js";
import { better, type Candidate, type WorkerData, type WorkerReport } from "./parallel-protocol.js";
import { FirstCandidates, levelCutoff, rankAtMost } from "./parallel-order.js";
import { IntList, LevelSet, WorkerLevel } from "./parallel-frontier.js";
import { BitReader, BitWriter, packedWidth } from "../contract/packed.js";
import { startWorker } from "./worker-start.js";
import { isEvaluationStopped } from "../contract/budget.js";
import { workerStepsOf } from "./packed-worker-steps.js";
import { BATCH_STATES, WorkerBatch } from "./worker-batch.js";
import { workerPorOf } from "./parallel-por.js";

/**
 * Load above which the table grows at a level boundary (with room for the next level). Its 4-byte slots
 * (16 to a cache line) probe cheaply at this load, and growing by 1.3× keeps it above 0.65.
 */
const MAX_LOAD = 0.85;
/** Load at which a worker interrupts the level to grow the table. */
const EMERGENCY_LOAD = 0.92;
/**
 * Drift of the busiest worker above the mean that triggers moving states (see parallel-balance.ts):
 * small for packed levels (moving a state copies a few words), large for object levels (cloning).
 */
const BALANCE_TOLERANCE_PACKED = 0.02;
const BALANCE_TOLERANCE_OBJECTS = 0.1;
/** Slot table growth factor below `DOUBLE_BELOW` slots (shared-table.ts: larger tables grow by 1.3×). */
const GROWTH = 2;
/** Entries left when the workers add a segment (mid-level, they pause for it): room for a few states' successors per worker. */
const ENTRY_MARGIN = 1 << 16;
/** New states counted locally before being added to the shared COUNT. */
const FLUSH = 64;

const data = workerData as WorkerData;
const port = parentPort!;
const { id, n } = data;
const { model, ex, ctrl } = await startWorker(data, data.symmetry);
type S = unknown;
/** Words per packed state, or 0 when the model does not pack (levels then hold state objects). */
const WIDTH = packedWidth(model) < 0 ? 0 : Math.max(1, Math.ceil(packedWidth(model) / 32));
/**
 * The step code on packed words, when the run may use it (the sequential search's decision:
 * packed-worker-steps.ts): the level's words are stepped in place, and a state object is made only to
 * judge an invariant the model does not check on words, to look for a deadlock, or to trace.
 */
const steps =
  WIDTH > 0
    ? workerStepsOf(model, { ...(data.stepCode !== undefined ? { stepCode: data.stepCode } : {}), symmetry: data.symmetry, por: data.por !== undefined })
    : undefined;
/** Successors of the packed states being expanded, generated and read ahead (worker-batch.ts); `batchAt`: the first state of the batch, -1 when it is stale. */
const batch = steps !== undefined ? new WorkerBatch(steps, WIDTH) : undefined;
let batchAt = -1;
/** The words of the packed successor being admitted: `succWords` from `succOff`. */
let [succWords, succOff]: [Int32Array<ArrayBufferLike>, number] = [new Int32Array(0), 0];
/** Packs a state kept under symmetry reduction (its canonical fingerprint packs nothing of the state itself). */
const writer = new BitWriter();
const reader = new BitReader();
/** Level buffers not in use: reused, so a packed level's buffer is allocated (and its pages faulted in) only while levels grow. */
const pool: WorkerLevel[] = [];
const takeLevel = (): WorkerLevel => pool.pop() ?? new WorkerLevel(model, WIDTH);
function releaseLevel(l: WorkerLevel): void {
  l.clear();
  pool.push(l);
}

const DEBUG = process.env["SPEC2TS_PAR_DEBUG"] === "1";
const dbg = (m: string): void => void (DEBUG && writeSync(2, `[w${id}] ${m}\n`));
const peers = new Peers(data.ports, () => checkAbort(ctrl));
const claims = { ctrl, counter: ENTRIES, pause: PAUSE, margin: ENTRY_MARGIN };
let table = new SharedTable(data.table, claims);
const maxSlots = SharedTable.maxSlots(data.maxTableBytes);
let donated = 0;
let received = 0;
let emergency = emergencyCount(table.slots);
let growths = 0;
let growSeconds = 0;
/** The slot table changed during the level being built (the slots its inserts recorded moved). */
let slotsMoved = false;
/** Parent links of final entries that do not fit a delta: (entry, parent) pairs (shared-table.ts). */
const escapes = new IntList();

function emergencyCount(slots: number): number {
  return Math.max(slots >>> 1, Math.floor(slots * EMERGENCY_LOAD) - n * FLUSH);
}

// The level being built: this worker's part of it, in sequential order.
let next = takeLevel();
let prefix = true;
const seen = new LevelSet();
let counting = id === 0;
let inserted = 0;
let unflushed = 0;
let expansions = 0;
/** A finite --max-states: count each insertion at once instead of every FLUSH (see `discovered`). */
const EXACT = data.maxStates !== Infinity;
let cand: Candidate | undefined;
// This worker's first invariant violation and first step error or deadlock, in sequential order (parallel-order.ts).
const firsts = new FirstCandidates();
/** Sequence number of the first state of the level being expanded, and where the workers' ranges of it start. */
let base = 0;
let cuts: readonly number[] = [0];
/** The state being expanded: its sequence number, fingerprint, and successors emitted so far. */
let parentSeq = -1;
let parentH1 = 0;
let parentH2 = 0;
let emitted = 0;

/** Partial-order reduction (parallel-por.ts), when asked for and the model allows it (as in bfs.ts). */
const por = workerPorOf(model, data.por, {
  ex,
  ctrl,
  n,
  id,
  finished: (h1, h2) => table.finished(h1, h2),
  admit: (s, j) => discovered(s, j, false),
  counting: () => counting,
});

function offer(c: Candidate): void {
  por?.violation(c.seq);
  if (better(c, cand)) cand = c;
  firsts.note(c);
}

function flush(): void {
  if (unflushed === 0) return;
  const total = Atomics.add(ctrl, COUNT, unflushed) + unflushed;
  unflushed = 0;
  if (total >= data.maxStates) Atomics.compareExchange(ctrl, STOP, 0, stopCode("maxStates"));
  if (total >= emergency) Atomics.store(ctrl, PAUSE, 1);
}

/**
 * A state kept for the next level (table entry `ent`), found with ord `ord` as successor `j`: check its
 * invariants. `s` is undefined for a successor of the packed step code: its words are `succWords` at `succOff`.
 */
function keep(s: S | undefined, h1: number, h2: number, ord: number, j: number, ent: number): void {
  // `s` was the last state fingerprinted: its packed words are still in the fingerprinter (unless the
  // fingerprint was a symmetry-canonical one). As in the sequential search, the level keeps the state
  // itself, not its orbit's representative.
  let words = s === undefined ? succWords : ex.fp.packed.words;
  const off = s === undefined ? succOff : 0;
  if (s !== undefined && ex.symmetry !== undefined && WIDTH > 0) {
    writer.begin();
    model.pack!(s, writer);
    writer.end();
    words = writer.words;
  }
  next.push(s, words, off, h1, h2, ord, j, ent, table.slotAt);
  if (model.invariants.length === 0 && ord !== ORD_INIT) return;
  if (s === undefined && steps!.invariantsHold(words, off)) return;
  const v = ex.checkState(s ?? unpackNext(), ord === ORD_INIT);
  if (v !== undefined) offer({ rank: 1, seq: ord - 2, j, h1, h2, violation: v });
}

/** The packed successor being admitted as a state object (to judge it). */
function unpackNext(): S {
  reader.reset(succWords, succOff);
  return model.unpack!(reader);
}

/**
 * Inserts a discovered state, successor `j` of the state being expanded (of `init()` when `initial`);
 * keeps it when this worker is the first to find it in sequential order (in the prefix: when it first
 * sees it on this level).
 */
function discovered(s: S, j: number, initial: boolean): void {
  // Stopping (a limit, an interrupt): nothing more is stored — in particular not into a table whose
  // growth the memory cap refused.
  if (Atomics.load(ctrl, STOP) !== 0) return;
  const ord = initial ? ORD_INIT : parentSeq + 2;
  if (ex.constrained) {
    // TLC's CONSTRAINT: a state outside is checked, never inserted nor expanded.
    const v = ex.outsideViolation(s);
    if (v !== "inside") {
      if (v !== undefined) {
        ex.fingerprint(s);
        offer({ rank: 1, seq: ord - 2, j, h1: ex.fp.h1, h2: ex.fp.h2, outside: initial ? {} : { parent: [parentH1, parentH2] }, violation: v });
      }
      return;
    }
  }
  ex.fingerprint(s);
  admit(s, ex.fp.h1, ex.fp.h2, ord, j);
}

/** Inserts a discovered state's fingerprint and keeps the state when it is this worker's (see `discovered`). */
function admit(s: S | undefined, h1: number, h2: number, ord: number, j: number): void {
  const r = table.insert(h1, h2, ord);
  const ent = table.at;
  if (r === INSERTED) {
    if (EXACT) {
      // With --max-states the count is claimed per state, so the search stops at the limit exactly
      // (issue 14 item 11): a state inserted past it is neither counted nor kept (its fingerprint stays
      // in the table, unexpanded, like the states the sequential search never stores).
      const before = Atomics.add(ctrl, COUNT, 1);
      if (before + 1 >= data.maxStates) Atomics.compareExchange(ctrl, STOP, 0, stopCode("maxStates"));
      if (before + 1 >= emergency) Atomics.store(ctrl, PAUSE, 1);
      if (before >= data.maxStates) return;
      inserted++;
    } else {
      inserted++;
      if (++unflushed === FLUSH) flush();
    }
    if (prefix) seen.add(h1, h2);
    keep(s, h1, h2, ord, j, ent);
  } else if (prefix) {
    // Every worker expands the whole level in the same order, so none can find a state earlier than another.
    if ((r === SAME_LEVEL || r === LOWERED) && seen.add(h1, h2)) keep(s, h1, h2, ord, j, ent);
  } else if (r === LOWERED) {
    // Found earlier in sequential order than by the worker that kept it: this worker keeps it now (the other drops it at the level's end).
    keep(s, h1, h2, ord, j, ent);
  }
}

const onSucc = (t: Transition<S>): void => {
  const j = emitted++;
  if (counting) {
    ex.generated++;
    ex.fired[t.step]++;
  }
  discovered(t.state, j, false);
};

/** Expands one state of the current level, the one with sequence number `seq`. */
function expand(s: S, seq: number, h1: number, h2: number): void {
  parentSeq = seq;
  parentH1 = h1;
  parentH2 = h2;
  emitted = 0;
  try {
    if (por?.reduces(seq) === true) emitted = por.expand(s, seq);
    else model.successors(s, onSucc);
  } catch (e) {
    // Stopped inside an evaluation: STOP is set, and the level loop stops after this state.
    if (isEvaluationStopped(e)) return;
    if (!(e instanceof SpecError)) throw e;
    offer({ rank: 0, seq, j: emitted, h1, h2, violation: ex.specError(e) });
    return;
  }
  if (emitted === 0 && ex.isDeadlock(s)) offer({ rank: 0, seq, j: 0, h1, h2, violation: ex.deadlock() });
}

/**
 * `expand` on the packed words of state `i` of `cur` (the step code on words; see `steps`), its successors
 * taken from the batch generated ahead (worker-batch.ts), each one admitted as `discovered` would.
 */
function expandPacked(cur: WorkerLevel, i: number, seq: number, h1: number, h2: number): void {
  const b = batch!;
  if (batchAt < 0 || i < batchAt || i >= batchAt + b.states) {
    b.fill(cur.words, i, Math.min(BATCH_STATES, cur.length - i), ex.fp, table);
    batchAt = i;
  }
  parentSeq = seq;
  parentH1 = h1;
  parentH2 = h2;
  emitted = 0;
  const at = i - batchAt;
  succWords = b.words;
  try {
    for (let k = at === 0 ? 0 : (b.ends[at - 1] as number), end = b.ends[at] as number; k < end; k++) {
      const j = emitted++;
      if (counting) {
        ex.generated++;
        ex.fired[b.steps[k] as number]++;
      }
      // Stopping: nothing more is stored (see `discovered`).
      if (Atomics.load(ctrl, STOP) !== 0) continue;
      succOff = k * WIDTH;
      admit(undefined, b.h1[k] as number, b.h2[k] as number, parentSeq + 2, j);
    }
  } catch (e) {
    // An invariant judged on a successor was stopped or failed, as in `expand`.
    if (isEvaluationStopped(e)) return;
    if (!(e instanceof SpecError)) throw e;
    offer({ rank: 0, seq, j: emitted, h1, h2, violation: ex.specError(e) });
    return;
  }
  if (at === b.states - 1 && (b.stopped || b.error !== undefined)) {
    if (b.error !== undefined) offer({ rank: 0, seq, j: emitted, h1, h2, violation: ex.specError(b.error) });
    return;
  }
  if (emitted === 0 && model.checkDeadlock && ex.isDeadlock(cur.take(i))) offer({ rank: 0, seq, j: 0, h1, h2, violation: ex.deadlock() });
}

/**
 * Grows the table (every worker calls this after the same barrier) to hold `needed` states: a larger slot
 * table when the slots are too full, key segments and ords for the claims until the next growth point.
 * Worker 0 decides and allocates and sends the new buffers (or nothing) to the others, so they cannot
 * disagree; after a slot growth each rebuilds the new slots from a slice of the entries; nobody inserts
 * meanwhile. `urgent`: mid-level (a worker reached the emergency load or the end of the entries), so a
 * table that cannot grow stops the search; at a level boundary (growing ahead) it just stays as it is.
 */
function grow(needed: number, urgent: boolean): void {
  const old = table;
  dbg(`grow from ${old.slots} slots, ${old.capacity} entries${urgent ? " (urgent)" : ""}`);
  const t0 = performance.now();
  // Nobody claims entries between the barriers of a growth: every worker reads the same count.
  const claimed = Atomics.load(ctrl, ENTRIES);
  let scratch: RehashScratch | null = null;
  if (id === 0) {
    const g = plannedGrowth(old, {
      needed,
      claimed,
      workers: n,
      maxLoad: MAX_LOAD,
      factor: GROWTH,
      margin: ENTRY_MARGIN,
      ...(data.maxTableBytes !== undefined ? { maxTableBytes: data.maxTableBytes } : {}),
      ...(data.maxMemoryBytes !== undefined ? { maxMemoryBytes: data.maxMemoryBytes } : {}),
    });
    const buffers = g.buffers;
    if (g.limit !== undefined && urgent) Atomics.compareExchange(ctrl, STOP, 0, stopCode(g.limit));
    scratch = g.scratch ?? null;
    if (buffers !== undefined) table = old.grown(buffers, claims);
    for (let w = 1; w < n; w++) peers.send(w, { kind: "table", buffers, scratch });
  }
  barrier(ctrl, n);
  if (id !== 0) {
    const m = peers.receive(0, "table");
    scratch = m.scratch;
    if (m.buffers !== undefined) table = old.grown(m.buffers, claims);
  }
  const t1 = performance.now();
  // Everyone read PAUSE before the first barrier and nobody inserts until the last: clear it here.
  if (id === 0) Atomics.store(ctrl, PAUSE, 0);
  if (table.slots !== old.slots) {
    // Each worker sorts its share of the entries by bucket; then (every share sorted) fills its region
    // of the slots from every worker's buckets; then (every region written) the probes that left them.
    deferredEntries.length = 0;
    if (scratch !== null) {
      table.rehashSort(id, n, claimed, scratch);
      barrier(ctrl, n);
    }
    table.rehashRegion(id, n, claimed, scratch, deferredEntries);
    barrier(ctrl, n);
    table.rehashDeferred(deferredEntries);
  }
  const t2 = performance.now();
  barrier(ctrl, n);
  dbg(
    `${table === old ? "kept" : "now"} ${table.slots} slots, ${table.capacity} entries: allocate+handover ${(t1 - t0).toFixed(0)} ms, rehash ${(t2 - t1).toFixed(0)} ms, wait ${(performance.now() - t2).toFixed(0)} ms`,
  );
  emergency = emergencyCount(table.slots);
  if (table.slots !== old.slots) {
    growths++;
    slotsMoved = true;
  }
  growSeconds += (performance.now() - t0) / 1000;
}

/**
 * Publishes this worker's numbers for the level being built and meets the others. False when a worker
 * asked for the table to grow (it has grown now, and the level goes on); true when the level is over.
 */
function settle(level: number, stopped: boolean): boolean {
  flush();
  dbg(`settle level ${level} next ${next.length} pause ${Atomics.load(ctrl, PAUSE)} count ${Atomics.load(ctrl, COUNT)}`);
  ctrl[statLane(n, level, id, S_NEXT)] = next.length;
  ctrl[statLane(n, level, id, S_INSERTED)] = inserted;
  // STOP as this worker sees it now, too: `discovered` drops states once STOP is set, so a worker that
  // dropped some must say so, or in the prefix (where each worker counts its own copy of the level) the
  // workers could disagree on whether the level is empty, part at a barrier and wait for ever.
  ctrl[statLane(n, level, id, S_STOPPED)] = stopped || Atomics.load(ctrl, STOP) !== 0 ? 1 : 0;
  ctrl[statLane(n, level, id, S_CAND)] = cand !== undefined ? 1 : 0;
  firsts.publish(ctrl, n, level, id);
  ctrl[statLane(n, level, id, S_PAUSE)] = Atomics.load(ctrl, PAUSE);
  por?.publish(level);
  barrier(ctrl, n);
  let pause = false;
  for (let w = 0; w < n; w++) pause ||= ctrl[statLane(n, level, w, S_PAUSE)] !== 0;
  if (!pause) return true;
  grow(Atomics.load(ctrl, COUNT), true);
  return false;
}

/** After the level's last settle (parallel-finalize.ts `endLevel`): the states of `next` left become final entries. */
function finishLevel(level: number, levelBase: number): void {
  endLevel({ id, n, ctrl, table, escapes, prefix, slotsMoved }, next, level, levelBase);
  slotsMoved = false;
}

/** States of `next` the sequential search stores before it stops at the violation found on this level (parallel-order.ts). */
function cutCount(level: number): number {
  const [cs, cj] = levelCutoff(ctrl, n, level);
  // In the prefix every worker holds the whole level: worker 0 counts it.
  if (prefix && id !== 0) return 0;
  let count = 0;
  for (let i = 0; i < next.length; i++) if (rankAtMost((next.ords.a[i] as number) - 2, next.js.a[i] as number, cs, cj)) count++;
  return count;
}

/**
 * This worker's range of the level just built, in sequential order: its own part, minus what the plan
 * gives to other workers, plus what it gives to this one (parallel-balance.ts). Sets `cuts`.
 */
function arrange(level: number, total: number): WorkerLevel {
  const cur = next;
  if (prefix) {
    if (total < data.prefixStates) {
      cuts = [0, total];
      return cur;
    }
    // Split: worker w takes the w-th of n contiguous ranges (all workers hold the same level in the same order).
    prefix = false;
    counting = true;
    cuts = Array.from({ length: n + 1 }, (_, w) => Math.floor((total * w) / n));
    const mine = takeLevel();
    mine.appendRange(cur, cuts[id]!, cuts[id + 1]!);
    return mine;
  }
  const counts: number[] = [];
  for (let w = 0; w < n; w++) counts.push(ctrl[statLane(n, level, w, S_KEPT)] as number);
  const tolerance = WIDTH > 0 ? BALANCE_TOLERANCE_PACKED : BALANCE_TOLERANCE_OBJECTS;
  const r = rebalance(id, counts, cur, { balance: data.balance, tolerance, minMove: data.balanceMinMove }, peers, takeLevel);
  cuts = r.cuts;
  donated += r.donated;
  received += r.received;
  return r.mine;
}

/** Expands `cur` (building level `level`); returns whether STOP was seen. */
function expandLevel(level: number, cur: WorkerLevel): boolean {
  const first = base + cuts[prefix ? 0 : id]!;
  let pos = 0;
  let stopped = false;
  // A new level: the batch of the last one is stale.
  batchAt = -1;
  do {
    while (pos < cur.length && !stopped) {
      const i = pos++;
      if (steps !== undefined) expandPacked(cur, i, first + i, cur.h1.a[i] as number, cur.h2.a[i] as number);
      else expand(cur.take(i), first + i, cur.h1.a[i] as number, cur.h2.a[i] as number);
      // This thread's heap near its V8 limit would abort the whole process: stop first (issue 14 item 8).
      if ((++expansions & 1023) === 0 && heapNearLimit()) Atomics.compareExchange(ctrl, STOP, 0, stopCode("maxMemory"));
      if ((Atomics.load(ctrl, PAUSE) | Atomics.load(ctrl, STOP)) !== 0) {
        if (Atomics.load(ctrl, STOP) !== 0) stopped = true;
        if (Atomics.load(ctrl, PAUSE) !== 0) break;
      }
    }
  } while (!settle(level, stopped));
  return stopped;
}

function run(): WorkerReport {
  let depth = 0;
  let queue = 0;
  let complete = false;
  let insertedBefore = 0;
  let cut = 0;
  let lastLevel = 1;
  /** States in the level being expanded (all workers). */
  let expandedTotal = 0;
  const expanded: number[] = [];
  let expanding: WorkerLevel | undefined;
  // Level 1: every worker computes the initial states (prefix).
  try {
    let j = 0;
    for (const s of initialStates(model)) discovered(s, j++, true);
  } catch (e) {
    if (isEvaluationStopped(e)) {
      // STOP is set: the first level expanded stops at once (every worker still meets the barriers).
    } else {
      if (!(e instanceof SpecError)) throw e;
      offer({ rank: 0, seq: -1, j: 0, h1: 0, h2: 0, init: true, violation: ex.specError(e) });
    }
  }
  // A STOP that lands while the workers compute the initial states makes some skip them: in the prefix
  // their levels then differ, so they must all see that they stopped (else one waits at a barrier alone).
  while (!settle(1, Atomics.load(ctrl, STOP) !== 0));
  for (let level = 1; ; level++) {
    const levelBase = level === 1 ? 0 : base + expandedTotal;
    finishLevel(level, levelBase);
    lastLevel = level;
    let total = 0;
    let all = 0;
    let anyCand = false;
    let anyStop = false;
    for (let w = 0; w < n; w++) {
      total += ctrl[statLane(n, level, w, S_KEPT)] as number;
      all += ctrl[statLane(n, level, w, S_INSERTED)] as number;
      anyCand ||= ctrl[statLane(n, level, w, S_CAND)] === 1;
      anyStop ||= ctrl[statLane(n, level, w, S_STOPPED)] === 1;
    }
    por?.levelDone(anyCand);
    // In the prefix every worker holds the whole level.
    if (prefix) total = next.length;
    if (total > 0) depth = level;
    if (anyCand) {
      cut = cutCount(level);
      break;
    }
    if (anyStop) break;
    // Like the sequential search, reaching maxStates is a limit even when nothing is left to expand.
    if (all >= data.maxStates) {
      Atomics.compareExchange(ctrl, STOP, 0, stopCode("maxStates"));
      break;
    }
    if (total === 0) {
      complete = true;
      break;
    }
    if (levelBase + total + 2 >= MAX_ORD) {
      Atomics.compareExchange(ctrl, STOP, 0, stopCode("storeLimit"));
      break;
    }
    queue = Math.max(queue, total);
    base = levelBase;
    expandedTotal = total;
    const cur = arrange(level, total);
    const want = all + data.growAhead * total;
    // A table already at its largest is left to fill up to the emergency load (every worker sees the same size).
    if ((want > table.slots * MAX_LOAD && table.slots < maxSlots) || want + entryMargin(table.slots, ENTRY_MARGIN) > table.capacity) grow(want, false);
    if (!prefix) expanded.push(cur.length);
    // The buffers of the level before are free again.
    if (next !== cur) releaseLevel(next);
    if (expanding !== undefined) releaseLevel(expanding);
    next = takeLevel();
    seen.clear();
    // The slots this level's inserts record stay valid until a growth during the level.
    slotsMoved = false;
    insertedBefore = inserted;
    por?.beginLevel(level + 1, prefix, base + cuts[prefix ? 0 : id]!, cur.length, total, (i) => cur.peek(i));
    expandLevel(level + 1, cur);
    expanding = cur;
  }
  return {
    t: "done",
    cand,
    complete,
    inserted,
    insertedBefore,
    cut,
    lastLevel,
    symmetry: ex.symmetry !== undefined,
    stepCode: steps !== undefined ? "packed" : "object",
    generated: ex.generated,
    fired: Array.from(ex.fired),
    depth,
    queue,
    expanded,
    ...(id === 0 ? { table: table.buffers, final: table.base } : {}),
    escapes: escapes.a.slice(0, escapes.length),
    growths,
    waitSeconds: barrierWait.seconds,
    growSeconds,
    donated,
    received,
    ...(por !== undefined ? { por: por.report() } : {}),
  };
}

port.postMessage({ t: "loaded" });
port.postMessage(run());
