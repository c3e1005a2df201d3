/**
 * What the main thread and the workers of the partitioned parallel search (owned-worker.ts) share: the
 * buffers, created once by the main thread, and what a worker reports besides `WorkerReport`.
 */
import type { OwnedTableSnapshot } from "./owned-table.js";
import type { ColumnBuffers } from "./owned-columns.js";
import { createColumns } from "./owned-columns.js";
import { GrowingArray } from "./growing-buffer.js";
import type { WorkerBase } from "./parallel-protocol.js";

/** The shared buffers of a partitioned search of `n` workers. */
export interface OwnedBuffers {
  /** `streams[e * n + o]`: the keys (two int32 lanes each) worker e generated that worker o owns, in e's order, this level. */
  readonly streams: readonly SharedArrayBuffer[];
  /** `results[e * n + o]`: one byte per key of that stream, 1 when its owner found it new. */
  readonly results: readonly SharedArrayBuffer[];
  /** The packed words of the level being expanded and of the one being built (by level parity), in sequential order. */
  readonly levels: readonly [SharedArrayBuffer, SharedArrayBuffer];
  /** Per level parity, stream lengths (`STREAM_LEN`) and new-state counts (`TALLY`) for each (e, o), then each worker's pace (`paceLane`). */
  readonly lanes: SharedArrayBuffer;
  readonly columns: ColumnBuffers;
}

const STREAM_LEN = 0;
const TALLY = 1;

/** Lane of (e, o)'s stream length or tally (`kind`) for levels of parity `level & 1`. */
function lane(n: number, level: number, kind: number, e: number, o: number): number {
  return (((level & 1) * 2 + kind) * n + e) * n + o;
}

export const streamLane = (n: number, level: number, e: number, o: number): number => lane(n, level, STREAM_LEN, e, o);
export const tallyLane = (n: number, level: number, e: number, o: number): number => lane(n, level, TALLY, e, o);
/** Lane of worker w's expand phase on levels of parity `level & 1`: the states it expanded (`field` 0) and the microseconds it took (1). */
/** Lane set when a worker's phase failed to grow a buffer (owned-worker.ts `guarded`), by the parity of the phase's number. */
export const brokenLane = (n: number, phase: number): number => 4 * n * n + 4 * n + (phase & 1);
export const paceLane = (n: number, level: number, w: number, field: 0 | 1): number => 4 * n * n + ((level & 1) * n + w) * 2 + field;

export function createOwnedBuffers(n: number): OwnedBuffers {
  const pairs = (bytes: number): SharedArrayBuffer[] => Array.from({ length: n * n }, () => GrowingArray.create(bytes));
  return {
    streams: pairs(1 << 16),
    results: pairs(1 << 14),
    levels: [GrowingArray.create(1 << 16), GrowingArray.create(1 << 16)],
    lanes: new SharedArrayBuffer((4 * n * n + 4 * n + 2) * 4),
    columns: createColumns(),
  };
}

/** What a worker of the partitioned search adds to its report (the main thread rebuilds traces from it). */
export interface OwnedReport {
  /** This worker's table. */
  readonly table: OwnedTableSnapshot;
  readonly tableBytes: number;
  /** `starts[l]`: entries of this worker's table before level l + 1's (level 1: the initial states). */
  readonly starts: readonly number[];
  /** `bases[l]`: sequence number of the first state of level l + 1 (and one more: the end of the last level). */
  readonly bases: readonly number[];
}

export interface OwnedWorkerData extends WorkerBase {
  readonly owned: OwnedBuffers;
  readonly maxStates: number;
  /** Slots of each worker's table to start with (tests start tiny to exercise growth). */
  readonly initialSlots: number;
  /** Largest stream, level or column buffer (bytes); below 4 GiB only in tests (`ParallelOptions.maxBufferBytes`). */
  readonly maxBufferBytes?: number;
  /** Largest table (bytes) of one worker; below the real limit only in tests (`StoreLimits.maxTableBytes`). */
  readonly maxTableBytes?: number;
  /** Which step code to run (`SearchOptions.stepCode`): the main thread chose this search because it is packed. */
  readonly stepCode?: "auto" | "packed" | "object";
}
