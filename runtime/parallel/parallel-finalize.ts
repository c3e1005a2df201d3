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
