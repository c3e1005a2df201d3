/**
 * The shared control block of the parallel BFS (an Int32Array over a SharedArrayBuffer) and the barrier
 * the workers meet at between levels. The main thread only writes STOP (limits, Ctrl-C) and reads COUNT
 * (progress); it never takes part in a barrier, so it stays parked in its event loop.
 *
 * Per-level decisions (stop, grow, split the frontier) are taken by every worker from the statistics
 * all of them published before the barrier, so they agree without a leader. Never from a shared flag
 * read after the barrier: a fast worker is already inserting again and may set PAUSE before a slow one
 * reads it, and the two would then disagree about growing (and deadlock in different barriers). The statistics are
 * double-buffered by level parity: a fast worker writing the next level's numbers cannot overwrite the
 * ones a slow worker is still reading (it cannot pass the next barrier before the slow one arrives).
 */

import { getHeapStatistics } from "node:v8";
import { HEAP_LIMIT_FRACTION } from "../search/limits.js";

/** Barrier: workers arrived in the current generation. */
export const ARRIVED = 0;
/** Barrier generation (bumped by the last arrival). */
export const GEN = 1;
/** Why to stop (a StopCode), 0 = keep going. Set by the main thread or by a worker (maxStates). */
export const STOP = 2;
/** A worker asks for the table to grow now (mid-level). */
export const PAUSE = 3;
/** Distinct states inserted so far (workers add in batches; approximate between barriers). */
export const COUNT = 4;
/** Set by the main thread when a worker failed: the others leave their barriers and exit. */
export const ABORT = 5;
/** Entry numbers claimed so far (shared-table.ts: workers claim them in blocks). */
export const ENTRIES = 6;
const STATS = 8;

/** Published per worker and level parity. */
export const S_NEXT = 0; // states this worker keeps for the next level
export const S_INSERTED = 1; // states this worker inserted, cumulative
export const S_STOPPED = 2; // the worker saw STOP during the level
export const S_CAND = 3; // the worker has a violation candidate
export const S_PAUSE = 4; // PAUSE as the worker saw it just before the barrier
export const S_ERR_SEQ = 5; // its first step error or deadlock in sequential order (parallel-order.ts), or NONE
export const S_ERR_J = 6;
export const S_INV_SEQ = 7; // its first invariant violation in sequential order, or NONE
export const S_INV_J = 8;
export const S_KEPT = 9; // states it keeps for the next level once the duplicates are dropped
// Partial-order reduction (parallel-por.ts): what it did on this worker's range of the level (first
// after the planning pass, then at settle), and the first guard checkpoint that fails in that range.
export const S_POR_REDUCED = 10;
export const S_POR_FULL = 11;
export const S_POR_PROVISO = 12;
export const S_POR_GENERATED = 13;
export const S_POR_PRUNED = 14;
export const S_POR_STOP_SEQ = 15; // sequence number of the state at which the guard stops, or NONE
export const S_POR_STOP_AT = 16; // the expansion count it stops after
const STRIDE = 17;

export type StopCode = 1 | 2 | 3 | 4 | 5;
/** STOP's values (code = index + 1); `storeLimit`: the table is full and cannot grow (shared-table.ts). */
export const STOP_LIMITS = ["maxStates", "maxSeconds", "maxMemory", "interrupted", "storeLimit"] as const;
export type StopLimit = (typeof STOP_LIMITS)[number];

export function stopCode(limit: StopLimit): StopCode {
  return (STOP_LIMITS.indexOf(limit) + 1) as StopCode;
}

/** Control block for `n` workers. */
export function createControl(n: number): SharedArrayBuffer {
  return new SharedArrayBuffer((STATS + 2 * n * STRIDE) * 4);
}

/** Lane of statistic `field` of `worker` for levels of parity `parity`. */
export function statLane(n: number, parity: number, worker: number, field: number): number {
  return STATS + ((parity & 1) * n + worker) * STRIDE + field;
}

/**
 * Blocks until all `n` workers have called it. Spins briefly first (workers usually arrive close
 * together, and a futex wake costs tens of microseconds), then sleeps in Atomics.wait.
 */
export function barrier(ctrl: Int32Array, n: number): void {
  const gen = Atomics.load(ctrl, GEN);
  if (Atomics.add(ctrl, ARRIVED, 1) === n - 1) {
    Atomics.store(ctrl, ARRIVED, 0);
    Atomics.add(ctrl, GEN, 1);
    Atomics.notify(ctrl, GEN);
    return;
  }
  const t0 = performance.now();
  for (let spin = 0; spin < 2000 && Atomics.load(ctrl, GEN) === gen; spin++);
  while (Atomics.load(ctrl, GEN) === gen) {
    // A timeout, so that a worker left waiting for a failed one notices ABORT (terminate() cannot
    // interrupt Atomics.wait).
    Atomics.wait(ctrl, GEN, gen, 200);
    checkAbort(ctrl);
  }
  barrierWait.seconds += (performance.now() - t0) / 1000;
}

/** Throws when the main thread has abandoned the search (a worker failed). */
export function checkAbort(ctrl: Int32Array): void {
  if (Atomics.load(ctrl, ABORT) !== 0) throw new Error("parallel BFS: abandoned (another worker failed)");
}

/** Time this thread spent waiting in `barrier` (load balance, for the benchmark). */
export const barrierWait = { seconds: 0 };

/** This thread's heap is near its V8 limit (which would abort the whole process): the worker stops first (issue 14 item 8). */
export function heapNearLimit(): boolean {
  const h = getHeapStatistics();
  return h.used_heap_size > HEAP_LIMIT_FRACTION * h.heap_size_limit;
}
