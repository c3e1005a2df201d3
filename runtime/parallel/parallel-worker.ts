/**
 * One worker of the parallel BFS (see parallel.ts). Loaded with tsx so it can import the generated
 * model (TypeScript).
 *
 * Levels are synchronous. While the levels are small (the *prefix*, below `prefixStates` states) every
 * worker expands the whole level redundantly and keeps every new state, so all workers hold the same
 * frontier in the same order; the first level at least that large is split by position (state i goes
 * to worker i mod n), which balances the work exactly at the split. From then on each worker expands
 * its own states and keeps the successors it inserts first ("whoever discovers keeps"): nothing is
 * sent per state, and states cross threads only when a worker's share drifts above the mean
 * (parallel-balance.ts). The prefix also covers models whose levels stay small: they are then checked
 * by every worker redundantly, no slower than sequentially.
 *
 * Levels are kept as in the sequential search (runtime/search/frontier.ts): when the model packs, as packed
 * words in a typed array (copied from the fingerprinter right after fingerprinting, unpacked when
 * expanded), so millions of frontier states cost a few words each and nothing to the garbage
 * collector, and a donation is a transferred word range; otherwise as state objects (structured-cloned
 * when donated).
 *
 * SPEC2TS_PAR_DEBUG=1 logs each barrier round and growth to stderr.
 */
import { parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { initialStates, SpecError, type Model, type Transition } from "../contract/model.js";
import { Explorer, type VisitedSet } from "../search/explore.js";
import { INSERTED, SharedTable, growTable } from "./shared-table.js";
import {
  COUNT,
  PAUSE,
  STOP,
  S_CAND,
  S_INSERTED,
  S_NEXT,
  S_PAUSE,
  S_STOPPED,
  barrier,
  barrierWait,
  checkAbort,
  statLane,
  stopCode,
} from "./parallel-control.js";
import { Peers } from "./parallel-peers.js";
import { balancePlan, type Move } from "./parallel-balance.js";
import { better, type Candidate, type WorkerData, type WorkerReport } from "./parallel-protocol.js";
import { BitReader, packedWidth } from "../contract/packed.js";
import { verifyModuleHash } from "./module-hash.js";
import { budget, isEvaluationStopped } from "../contract/budget.js";
import { HEAP_LIMIT_FRACTION } from "../search/limits.js";
import { getHeapStatistics } from "node:v8";

/** Load above which the table grows at a level boundary (with room for the next level). */
const MAX_LOAD = 0.75;
/** Load at which a worker interrupts the level to grow the table. */
const EMERGENCY_LOAD = 0.85;
/**
 * Drift of the busiest worker above the mean that triggers moving states (see parallel-balance.ts):
 * small for packed levels (moving a state copies a few words), large for object levels (cloning).
 */
const BALANCE_TOLERANCE_PACKED = 0.02;
const BALANCE_TOLERANCE_OBJECTS = 0.1;
/** Table growth factor. */
const GROWTH = 4;
/** New states counted locally before being added to the shared COUNT. */
const FLUSH = 64;

/** Fingerprints already kept on the level being built (prefix only: every worker keeps every new state). */
class LevelSet {
  private m = new Map<number, number | number[]>();
  /** Adds (h1, h2); false when already present. */
  add(h1: number, h2: number): boolean {
    const v = this.m.get(h1);
    if (v === undefined) {
      this.m.set(h1, h2);
      return true;
    }
    if (typeof v === "number") {
      if (v === h2) return false;
      this.m.set(h1, [v, h2]);
      return true;
    }
    if (v.includes(h2)) return false;
    v.push(h2);
    return true;
  }
  clear(): void {
    this.m.clear();
  }
}

/** A growable Int32 list reused across levels (fingerprints of the frontier). */
class IntList {
  a = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = x;
  }
}

const data = workerData as WorkerData;
const port = parentPort!;
const { id, n } = data;
const ctrl = new Int32Array(data.ctrl);
// The module must be the one the main thread verified: same bytes before and after this import.
verifyModuleHash(data.modulePath, data.moduleHash, "before a worker loaded it");
const mod = (await import(pathToFileURL(data.modulePath).href)) as { createModel(w: string): Model<unknown> };
verifyModuleHash(data.modulePath, data.moduleHash, "after a worker loaded it");
const model = mod.createModel(data.workload);
const noStore: VisitedSet = { size: 0, bytes: 0 };
const ex = new Explorer<unknown, VisitedSet>(model, "bfs", {}, noStore);
// The main thread stops a worker busy inside one evaluation through the STOP word (runtime/contract/budget.ts).
budget.stopFlag = ctrl;
budget.stopIndex = STOP;
type S = unknown;
/** Words per packed state, or 0 when the model does not pack (levels then hold state objects). */
const WIDTH = packedWidth(model) < 0 ? 0 : Math.max(1, Math.ceil(packedWidth(model) / 32));
const reader = new BitReader();

/**
 * One level's states in order, with their fingerprints: packed words (`WIDTH` per state, unpacked when
 * expanded) when the model packs, else state objects. Reused across levels, so a packed level's
 * buffer is allocated (and its pages faulted in) only while levels still grow.
 */
class Frontier {
  objs: (S | undefined)[] = [];
  words = new Int32Array(WIDTH * 1024);
  readonly h1 = new IntList();
  readonly h2 = new IntList();
  length = 0;

  clear(): void {
    this.objs = [];
    this.length = 0;
    this.h1.length = 0;
    this.h2.length = 0;
  }

  private room(states: number): void {
    const need = (this.length + states) * WIDTH;
    if (need <= this.words.length) return;
    const w = new Int32Array(Math.max(need, this.words.length * 2));
    w.set(this.words.subarray(0, this.length * WIDTH));
    this.words = w;
  }

  /** Appends `s`, whose packed words are in `src` from word `at` (the fingerprinter's, when packed). */
  push(s: S, src: Int32Array, at: number, h1: number, h2: number): void {
    if (WIDTH === 0) this.objs.push(s);
    else {
      this.room(1);
      const w = this.words;
      let o = this.length * WIDTH;
      for (let k = 0; k < WIDTH; k++) w[o++] = src[at + k] as number;
    }
    this.h1.push(h1);
    this.h2.push(h2);
    this.length++;
  }

  /** State `i`, each index taken once (an object level drops its reference so it can be collected). */
  take(i: number): S {
    if (WIDTH === 0) {
      const s = this.objs[i];
      this.objs[i] = undefined;
      return s;
    }
    reader.reset(this.words, i * WIDTH);
    return model.unpack!(reader);
  }

  /** Removes the last `count` states, as a message (packed words and fingerprints are transferable). */
  popTail(count: number): { states: S[] | null; words: Int32Array | null; h1: Int32Array; h2: Int32Array } {
    const end = this.length;
    const h1 = this.h1.a.slice(end - count, end);
    const h2 = this.h2.a.slice(end - count, end);
    const states = WIDTH === 0 ? this.objs.splice(end - count, count) : null;
    const words = WIDTH === 0 ? null : this.words.slice((end - count) * WIDTH, end * WIDTH);
    this.length -= count;
    this.h1.length -= count;
    this.h2.length -= count;
    return { states, words, h1, h2 };
  }

  /** Appends states popped from another worker's frontier. */
  append(m: { states: readonly S[] | null; words: Int32Array | null; h1: Int32Array; h2: Int32Array }): void {
    const count = m.h1.length;
    if (WIDTH !== 0) {
      this.room(count);
      this.words.set(m.words!, this.length * WIDTH);
    }
    for (let k = 0; k < count; k++) {
      if (WIDTH === 0) this.objs.push(m.states![k]);
      this.h1.push(m.h1[k] as number);
      this.h2.push(m.h2[k] as number);
    }
    this.length += count;
  }

  /** Copies state `i` of `from` (its words or object and fingerprint) onto the end. */
  copyFrom(from: Frontier, i: number): void {
    this.push(WIDTH === 0 ? from.objs[i] : undefined, from.words, i * WIDTH, from.h1.a[i] as number, from.h2.a[i] as number);
  }
}

import { writeSync } from "node:fs";
const DEBUG = process.env["SPEC2TS_PAR_DEBUG"] === "1";
const dbg = (m: string): void => void (DEBUG && writeSync(2, `[w${id}] ${m}\n`));
const peers = new Peers(data.ports, () => checkAbort(ctrl));
let table = new SharedTable(data.table);
const maxSlots = SharedTable.maxSlots(data.maxTableBytes);
let donated = 0;
let received = 0;
let emergency = emergencyCount(table.slots);
let growths = 0;
let growSeconds = 0;

function emergencyCount(slots: number): number {
  return Math.max(slots >>> 1, Math.floor(slots * EMERGENCY_LOAD) - n * FLUSH);
}

// The level being built: states kept for it and their fingerprints.
let next = new Frontier();
let nextLevel = 2;
let prefix = true;
const seen = new LevelSet();
let counting = id === 0;
let inserted = 0;
let unflushed = 0;
let expansions = 0;
function heapNearLimit(): boolean {
  const h = getHeapStatistics();
  return h.used_heap_size > HEAP_LIMIT_FRACTION * h.heap_size_limit;
}
/** A finite --max-states: count each insertion at once instead of every FLUSH (see `discovered`). */
const EXACT = data.maxStates !== Infinity;
let cand: Candidate | undefined;
let parentH1 = 0;
let parentH2 = 0;
let emitted = 0;

function offer(c: Candidate): void {
  if (better(c, cand)) cand = c;
}

function flush(): void {
  if (unflushed === 0) return;
  const total = Atomics.add(ctrl, COUNT, unflushed) + unflushed;
  unflushed = 0;
  if (total >= data.maxStates) Atomics.compareExchange(ctrl, STOP, 0, stopCode("maxStates"));
  if (total >= emergency) Atomics.store(ctrl, PAUSE, 1);
}

/** A state kept for the next level: check its invariants. */
function keep(s: S, h1: number, h2: number, initial: boolean): void {
  // `s` was the last state fingerprinted: its packed words are still in the fingerprinter.
  next.push(s, ex.fp.packed.words, 0, h1, h2);
  if (model.invariants.length === 0 && !initial) return;
  const v = ex.checkState(s, initial);
  if (v !== undefined) offer({ rank: 1, h1, h2, violation: v });
}

/** Inserts a discovered state; keeps it when this worker inserted it (or, in the prefix, first sees it on this level). */
function discovered(s: S, level: number, p1: number, p2: number): void {
  // Stopping (a limit, an interrupt): nothing more is stored — in particular not into a table whose
  // growth the memory cap refused.
  if (Atomics.load(ctrl, STOP) !== 0) return;
  if (ex.constrained) {
    // TLC's CONSTRAINT: a state outside is checked, never inserted nor expanded.
    const v = ex.outsideViolation(s);
    if (v !== "inside") {
      if (v !== undefined) {
        ex.fingerprint(s);
        offer({ rank: 1, h1: ex.fp.h1, h2: ex.fp.h2, outside: level > 1 ? { parent: [p1, p2] } : {}, violation: v });
      }
      return;
    }
  }
  ex.fingerprint(s);
  const h1 = ex.fp.h1;
  const h2 = ex.fp.h2;
  const r = table.insert(h1, h2, level, p1, p2);
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
    keep(s, h1, h2, level === 1);
  } else if (prefix && r === level && seen.add(h1, h2)) keep(s, h1, h2, level === 1);
}

const onSucc = (t: Transition<S>): void => {
  emitted++;
  if (counting) {
    ex.generated++;
    ex.fired[t.step]++;
  }
  discovered(t.state, nextLevel, parentH1, parentH2);
};

/** Expands one state of the current level. */
function expand(s: S, h1: number, h2: number): void {
  parentH1 = h1;
  parentH2 = h2;
  emitted = 0;
  try {
    model.successors(s, onSucc);
  } catch (e) {
    // Stopped inside an evaluation: STOP is set, and the level loop stops after this state.
    if (isEvaluationStopped(e)) return;
    if (!(e instanceof SpecError)) throw e;
    offer({ rank: 0, h1, h2, violation: ex.specError(e) });
    return;
  }
  if (emitted === 0 && ex.isDeadlock(s)) offer({ rank: 0, h1, h2, violation: ex.deadlock() });
}

/**
 * Grows the table (every worker calls this after the same barrier). Worker 0 decides and allocates the
 * new buffer and sends it (or nothing) to the others, so they cannot disagree; each copies a slice of the
 * old slots; nobody inserts meanwhile. `urgent`: the table reached its emergency load mid-level, so a
 * table that cannot grow stops the search; at a level boundary (growing ahead) it just stays as it is.
 */
function grow(needed: number, urgent: boolean): void {
  const old = table;
  dbg(`grow from ${old.slots}${urgent ? " (urgent)" : ""}`);
  const t0 = performance.now();
  if (id === 0) {
    // Quadrupling: copying is the dear part of growing (0.9 s of each worker's time on N5K10 when
    // doubling from 2^16 slots, 0.5 s quadrupling). The price is memory: the table ends at a load of
    // 0.19-0.75 instead of 0.375-0.75 (see docs/cli.md for bytes per state). Near the buffer limit
    // or the memory cap (it holds for the whole process, issue 14 item 8) it grows less: down to 2×.
    const cap = data.maxMemoryBytes;
    const g = growTable(old, needed, {
      factor: GROWTH,
      maxLoad: MAX_LOAD,
      maxBytes: data.maxTableBytes ?? Infinity,
      freeBytes: cap === undefined ? Infinity : cap - process.memoryUsage.rss(),
    });
    if ("table" in g) table = g.table;
    else if (urgent) Atomics.compareExchange(ctrl, STOP, 0, stopCode(g.limit));
    for (let w = 1; w < n; w++) peers.send(w, { kind: "table", sab: table === old ? undefined : table.sab });
  }
  barrier(ctrl, n);
  if (id !== 0) {
    const sab = peers.receive(0, "table").sab;
    if (sab !== undefined) table = new SharedTable(sab);
  }
  const t1 = performance.now();
  const per = Math.ceil(old.slots / n);
  if (table !== old) old.copyRange(table, Math.min(old.slots, id * per), Math.min(old.slots, (id + 1) * per));
  // Everyone read PAUSE before the first barrier and nobody inserts until the next: clear it here.
  if (id === 0) Atomics.store(ctrl, PAUSE, 0);
  const t2 = performance.now();
  barrier(ctrl, n);
  // With SPEC2TS_PAR_DEBUG=1: on N5K10 the last growth (to 2^24 slots) copies 3.1M entries in ~0.6 s
  // per worker, about a third of it first-touch page faults of the new 335 MB buffer.
  dbg(
    `${table === old ? "kept" : "grew to"} ${table.slots}: allocate+handover ${(t1 - t0).toFixed(0)} ms, copy ${(t2 - t1).toFixed(0)} ms, wait ${(performance.now() - t2).toFixed(0)} ms`,
  );
  emergency = emergencyCount(table.slots);
  if (table !== old) growths++;
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
  ctrl[statLane(n, level, id, S_PAUSE)] = Atomics.load(ctrl, PAUSE);
  barrier(ctrl, n);
  let pause = false;
  for (let w = 0; w < n; w++) pause ||= ctrl[statLane(n, level, w, S_PAUSE)] !== 0;
  if (!pause) return true;
  grow(Atomics.load(ctrl, COUNT), true);
  return false;
}

/** Sends the last `count` states of the level to worker `to` (packed words move without cloning). */
function donate(cur: Frontier, to: number, count: number): void {
  const m = cur.popTail(count);
  const transfer: ArrayBuffer[] = [m.h1.buffer as ArrayBuffer, m.h2.buffer as ArrayBuffer];
  if (m.words !== null) transfer.push(m.words.buffer as ArrayBuffer);
  peers.send(to, { kind: "states", ...m }, transfer);
  donated += count;
}

/**
 * Expands `cur` (building level `level`), then the states donated by the workers in `incoming` (taken
 * once this worker's own are done, so the donors' cloning overlaps with its own work); returns whether
 * STOP was seen.
 */
function expandLevel(level: number, cur: Frontier, incoming: Move[]): boolean {
  let pos = 0;
  let stopped = false;
  do {
    for (;;) {
      if (pos === cur.length && incoming.length > 0 && !stopped) {
        const m = peers.receive(incoming.shift()!.from, "states");
        cur.append(m);
        received += m.h1.length;
      }
      if (pos === cur.length || stopped) break;
      const i = pos++;
      expand(cur.take(i), cur.h1.a[i] as number, cur.h2.a[i] as number);
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
  const expanded: number[] = [];
  let spare = new Frontier();
  let spareSplit = new Frontier();
  // Level 1: every worker computes the initial states (prefix).
  try {
    for (const s of initialStates(model)) discovered(s, 1, 0, 0);
  } catch (e) {
    if (isEvaluationStopped(e)) {
      // STOP is set: the first level expanded stops at once (every worker still meets the barriers).
    } else {
      if (!(e instanceof SpecError)) throw e;
      offer({ rank: 0, h1: 0, h2: 0, init: true, violation: ex.specError(e) });
    }
  }
  // A STOP that lands while the workers compute the initial states makes some skip them: in the prefix
  // their levels then differ, so they must all see that they stopped (else one waits at a barrier alone).
  while (!settle(1, Atomics.load(ctrl, STOP) !== 0));
  for (let level = 1; ; level++) {
    let total = 0;
    let all = 0;
    let anyCand = false;
    let anyStop = false;
    const counts: number[] = [];
    for (let w = 0; w < n; w++) {
      counts.push(ctrl[statLane(n, level, w, S_NEXT)] as number);
      total += ctrl[statLane(n, level, w, S_NEXT)] as number;
      all += ctrl[statLane(n, level, w, S_INSERTED)] as number;
      anyCand ||= ctrl[statLane(n, level, w, S_CAND)] === 1;
      anyStop ||= ctrl[statLane(n, level, w, S_STOPPED)] === 1;
    }
    // In the prefix every worker holds the whole level.
    if (prefix) total = next.length;
    if (total > 0) depth = level;
    queue = Math.max(queue, total);
    if (anyCand || anyStop) break;
    // Like the sequential search, reaching maxStates is a limit even when nothing is left to expand.
    if (all >= data.maxStates) {
      Atomics.compareExchange(ctrl, STOP, 0, stopCode("maxStates"));
      break;
    }
    if (total === 0) {
      complete = true;
      break;
    }
    let cur = next;
    if (prefix && total >= data.prefixStates) {
      // Split: state i goes to worker i mod n (all workers hold the same level in the same order).
      prefix = false;
      counting = true;
      const mine = spareSplit;
      for (let i = id; i < cur.length; i += n) mine.copyFrom(cur, i);
      cur.clear();
      spareSplit = cur;
      cur = mine;
    }
    const want = all + data.growAhead * total;
    // A table already at its largest is left to fill up to the emergency load (every worker sees the same size).
    if (want > table.slots * MAX_LOAD && table.slots < maxSlots) grow(want, false);
    const moves = !prefix && data.balance ? balancePlan(counts, WIDTH > 0 ? BALANCE_TOLERANCE_PACKED : BALANCE_TOLERANCE_OBJECTS, data.balanceMinMove) : [];
    for (const m of moves) if (m.from === id) donate(cur, m.to, m.count);
    const incoming = moves.filter((m) => m.to === id);
    if (!prefix) expanded.push(cur.length + incoming.reduce((a, m) => a + m.count, 0));
    // The buffers of the level before are free again.
    next = spare;
    next.clear();
    seen.clear();
    nextLevel = level + 1;
    expandLevel(level + 1, cur, incoming);
    spare = cur;
  }
  return {
    t: "done",
    cand,
    complete,
    inserted,
    generated: ex.generated,
    fired: Array.from(ex.fired),
    depth,
    queue,
    expanded,
    ...(id === 0 ? { table: table.sab } : {}),
    growths,
    waitSeconds: barrierWait.seconds,
    growSeconds,
    donated,
    received,
  };
}

port.postMessage({ t: "loaded" });
port.postMessage(run());
