/**
 * What the parallel BFS's table grows to (parallel-worker.ts `grow`): worker 0 decides and allocates, then
 * sends the buffers to the others, so they cannot disagree.
 */
import { SharedTable, entryMargin, growTable, type RehashScratch, type TableBuffers } from "./shared-table.js";

/** A growth point: the states the table must hold and the entry numbers claimed so far. */
export interface GrowthRequest {
  readonly needed: number;
  readonly claimed: number;
  /** Load above which the slots grow; growth factor below `DOUBLE_BELOW` slots. */
  readonly maxLoad: number;
  readonly factor: number;
  /** Workers that rebuild the slots (the transient buffer of the rebuild has a part per worker). */
  readonly workers: number;
  /** Most entries kept free for the claims before all workers pause (`entryMargin`). */
  readonly margin: number;
  /** Largest table (bytes; tests) and the process's memory cap. */
  readonly maxTableBytes?: number;
  readonly maxMemoryBytes?: number;
}

/** What a growth point gives: see `plannedGrowth`. */
export interface PlannedGrowth {
  readonly buffers?: TableBuffers;
  /** With new slots: the transient buffers of their rebuild (`SharedTable.rehashSort`), null when the engine refused them. */
  readonly scratch?: RehashScratch | null;
  readonly limit?: "storeLimit" | "maxMemory";
}

/**
 * New buffers for `old`: more slots when `needed` passes the load limit or the entry numbers their
 * width, else more key segments and ords for the claims until the next growth point (undefined: `old`
 * is enough). `limit` says what refused a growth that was needed (near the buffer limit or the memory
 * cap, which holds for the whole process, issue 14 item 8, the table grows less first).
 */
export function plannedGrowth(old: SharedTable, r: GrowthRequest): PlannedGrowth {
  // The margin of the table after the growth (about `needed` at the load limit, or more).
  const entries = Math.max(r.needed, r.claimed) + 2 * entryMargin(Math.max(old.slots, 2 * Math.ceil(r.needed / r.maxLoad)), r.margin);
  // Ords for the entries of the level being built up to `entries`.
  const level = entries - old.base;
  if (r.needed > old.slots * r.maxLoad || entries > SharedTable.entryLimit(old.slots)) {
    const cap = r.maxMemoryBytes;
    const g = growTable(
      old,
      r.needed,
      entries,
      {
        factor: r.factor,
        maxLoad: r.maxLoad,
        maxBytes: r.maxTableBytes ?? Infinity,
        // The rebuild's transient buffers (shared-table.ts `rehashScratch`).
        freeBytes: cap === undefined ? Infinity : cap - process.memoryUsage.rss() - SharedTable.rehashBytes(r.claimed, r.workers, old.buffers.slots.byteLength),
      },
      level,
    );
    if (!("buffers" in g)) return g;
    // The old slot table holds the rebuild's words: a slot growth always makes a new one.
    const oldSlots = g.buffers.slots !== old.buffers.slots ? old.buffers.slots : undefined;
    return { buffers: g.buffers, scratch: SharedTable.rehashScratch(g.buffers.slots.byteLength / 4, r.claimed, r.workers, oldSlots) };
  }
  if (old.capacity >= Math.min(entries, SharedTable.entryLimit(old.slots))) return {};
  try {
    return { buffers: SharedTable.buffers(old.slots, entries, old.buffers, level) };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return { limit: "maxMemory" };
  }
}

/** Entries a worker's rehash left for after the barrier (`SharedTable.rehashRegion`). */
export const deferredEntries: number[] = [];
