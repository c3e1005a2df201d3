/**
 * The end of a level in the parallel BFS (parallel-worker.ts): the states each worker kept become final
 * entries of the shared table, numbered in sequential order (shared-table.ts).
 *
 * Worker w's kept states are the sequence numbers `first … first + length - 1` of the level (its range,
 * parallel-order.ts). Each one's slot (recorded by the insert that kept it, or found again after a
 * growth moved it) is repointed from its claim-order entry to its sequence number, its key is written
 * there, and its parent (the ord it was kept with, minus 2) is stored as a delta. The slots are found
 * before any is rewritten (a barrier between, when they must be searched): a rewritten slot word
 * `tag | seq + 1` can equal another state's old word `tag | entry + 1`.
 */
import { ORD_INIT, type SharedTable } from "./shared-table.js";
import { ENTRIES, S_KEPT, barrier, statLane } from "./parallel-control.js";
import type { IntList, WorkerLevel } from "./parallel-frontier.js";

/**
 * Searches the slots of `level`'s states again (their recorded slots moved with a growth during the
 * level), into `level.slot`.
 */
export function findSlots(table: SharedTable, level: WorkerLevel): void {
  for (let i = 0; i < level.length; i++) level.slot.a[i] = table.slotOf(level.ent.a[i] as number, level.h1.a[i] as number, level.h2.a[i] as number);
}

/**
 * Makes `level`'s states final entries `first`, `first + 1`, …: slot, key and parent link. Parent links
 * that do not fit a delta are appended to `escapes` as (entry, parent) pairs.
 */
export function finalizeLevel(table: SharedTable, level: WorkerLevel, first: number, escapes: IntList): void {
  let prev = NaN;
  for (let i = 0; i < level.length; i++) {
    const seq = first + i;
    table.finalize(level.slot.a[i] as number, level.h1.a[i] as number, level.h2.a[i] as number, seq);
    const ord = level.ords.a[i] as number;
    const parent = ord === ORD_INIT ? -1 : ord - 2;
    if (!table.setParent(seq, parent, prev)) {
      escapes.push(seq);
      escapes.push(parent);
    }
    prev = parent;
  }
}

/** What `endLevel` needs of the worker. */
export interface LevelEnd {
  readonly id: number;
  readonly n: number;
  readonly ctrl: Int32Array;
  readonly table: SharedTable;
  readonly escapes: IntList;
  /** Every worker holds the whole level (parallel-worker.ts): worker 0 makes it final. */
  readonly prefix: boolean;
  /** The table grew during the level (every worker knows it: all of them meet the extra barrier or none). */
  readonly slotsMoved: boolean;
}

/**
 * After the level's last settle: drops the states of `next` that another worker found earlier in
 * sequential order (their entry's ord is smaller now; they are that worker's), publishes how many are
 * left and meets the others; then makes the states left final entries from `levelBase` on, in
 * sequential order, and starts the next level's entries after them.
 */
export function endLevel(w: LevelEnd, next: WorkerLevel, level: number, levelBase: number): void {
  const { id, n, ctrl, table, prefix } = w;
  if (!prefix) next.retain((i) => table.ord(next.ent.a[i] as number) === next.ords.a[i]);
  ctrl[statLane(n, level, id, S_KEPT)] = next.length;
  barrier(ctrl, n);
  const mine = !prefix || id === 0;
  let first = levelBase;
  let total = next.length;
  if (!prefix) {
    total = 0;
    for (let v = 0; v < n; v++) {
      const kept = ctrl[statLane(n, level, v, S_KEPT)] as number;
      if (v < id) first += kept;
      total += kept;
    }
  }
  if (w.slotsMoved) {
    if (mine) findSlots(table, next);
    barrier(ctrl, n);
  }
  if (mine) finalizeLevel(table, next, first, w.escapes);
  if (id === 0) {
    // Nobody claims or reads the level's ords until the barrier: clear them for the next level.
    table.ords.fill(0, 0, Math.min(table.ords.length, Atomics.load(ctrl, ENTRIES) - table.base));
    Atomics.store(ctrl, ENTRIES, levelBase + total);
  }
  barrier(ctrl, n);
  table.startLevel(levelBase + total);
}
