/** The parallel search's table (runtime/parallel/shared-table.ts), driven from one thread: ords, final entries, parent links, growth. */
import { describe, expect, it } from "vitest";
import { INSERTED, LOWERED, MAX_SLOTS, OLDER, ORD_INIT, SAME_LEVEL, SharedTable } from "../../runtime/parallel/shared-table.js";
import { finalizeLevel, findSlots } from "../../runtime/parallel/parallel-finalize.js";
import { IntList, WorkerLevel } from "../../runtime/parallel/parallel-frontier.js";
import type { Model } from "../../runtime/contract/model.js";

function table(slots: number, level = 4096): { t: SharedTable; ctrl: Int32Array } {
  const ctrl = new Int32Array(new SharedArrayBuffer(16));
  return { t: new SharedTable(SharedTable.buffers(slots, 1, undefined, level), { ctrl, counter: 0, pause: 1, margin: 4 }), ctrl };
}

/** A level list of object states (the table tests need only its fingerprint, ord and slot columns). */
function levelOf(rows: readonly (readonly [number, number, number, number, number])[]): WorkerLevel {
  const l = new WorkerLevel({} as Model<unknown>, 0);
  for (const [h1, h2, ord, ent, slot] of rows) l.push(undefined, new Int32Array(0), 0, h1, h2, ord, 0, ent, slot);
  return l;
}

/** Ends a level as the workers do: final entries from `base`, the claim counter and the table's level after them. */
function finish(t: SharedTable, ctrl: Int32Array, rows: readonly (readonly [number, number, number])[], escapes: IntList, moved = false): number[] {
  const ents: number[] = [];
  const level = levelOf(
    rows.map(([h1, h2, ord]) => {
      const e = t.find(h1, h2);
      ents.push(e);
      return [h1, h2, ord, e, moved ? -1 : t.slotOf(e, h1, h2)] as const;
    }),
  );
  if (moved) findSlots(t, level);
  const base = t.base;
  finalizeLevel(t, level, base, escapes);
  t.ords.fill(0);
  ctrl[0] = base + rows.length;
  t.startLevel(base + rows.length);
  return ents;
}

function escapeMap(escapes: IntList): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < escapes.length; i += 2) m.set(escapes.a[i]!, escapes.a[i + 1]!);
  return m;
}

/**
 * Rebuilds new table `u`'s slots from entries [0, `claimed`) as `n` workers of a growth do, one phase after
 * the other (parallel-worker.ts `grow`): each sorts its share (`skipSort`: that worker's sort is left out),
 * then fills its region, then the probes that left the regions. `words`: where the sorted words go ("old
 * slots": the slot table `u` replaces, `oldSlots`, as the workers do when it has room), or "none": no
 * transient buffers (the engine refused them). Returns the entries deferred.
 */
function rebuild(
  u: SharedTable,
  claimed: number,
  n: number,
  o: { skipSort?: number; words?: "new" | "old slots" | "none"; oldSlots?: SharedArrayBuffer } = {},
): number {
  const scratch = o.words === "none" ? null : SharedTable.rehashScratch(u.slots, claimed, n, o.words === "old slots" ? o.oldSlots : undefined);
  if (o.words === "old slots") expect(scratch!.words).toBe(o.oldSlots);
  const deferred = Array.from({ length: n }, (): number[] => []);
  if (scratch !== null) for (let w = 0; w < n; w++) if (w !== o.skipSort) u.rehashSort(w, n, claimed, scratch);
  for (let w = 0; w < n; w++) u.rehashRegion(w, n, claimed, scratch, deferred[w]!);
  for (let w = 0; w < n; w++) u.rehashDeferred(deferred[w]!);
  return deferred.reduce((a, d) => a + d.length, 0);
}

const key1 = (k: number): number => Math.imul(k ^ 0x5bd1e995, 0x9e3779b1);
const key2 = (k: number): number => Math.imul((k + 0x27d4eb2d) ^ (k >>> 3), 0x85ebca77);

/**
 * A table of 2¹⁶ slots with 20,000 final entries and a level of 20,000 (every 7th unused: its ord reset
 * to 0, as when an insert loses its slot), plus at each of `edges` (slots of a table of `grown` slots) 12
 * keys whose home is the slot just before it, half final, half of the level; and a new table of `grown`
 * slots to rebuild. `used`: the keys with their entries; `unused`: the keys of unused entries.
 */
function grownTable(grown: number, edges: readonly number[]) {
  const { t, ctrl } = table(1 << 16, 1 << 16);
  const cluster = (j: number): [number, number][] =>
    edges.map((edge) => [Math.ceil(((edge - 1) * 2 ** 32) / grown) + j, j * 0x01000001 + edge] as [number, number]).map(([h1, h2]) => [h1 | 0, h2 | 0]);
  const finals: [number, number, number][] = [];
  for (let k = 0; k < 20_000; k++) finals.push([key1(k), key2(k), ORD_INIT]);
  for (let j = 0; j < 6; j++) for (const [h1, h2] of cluster(j)) finals.push([h1, h2, ORD_INIT]);
  let inserted = 0;
  for (const [h1, h2, ord] of finals) if (t.insert(h1, h2, ord) === INSERTED) inserted++;
  finish(t, ctrl, finals, new IntList());
  // Final entries are numbered in the order of the rows.
  const used = finals.map(([h1, h2], s) => [h1, h2, s] as const);
  const unused: [number, number][] = [];
  const level: [number, number][] = [];
  for (let k = 20_000; k < 40_000; k++) level.push([key1(k), key2(k)]);
  for (let j = 6; j < 12; j++) level.push(...cluster(j));
  level.forEach(([h1, h2], k) => {
    if (t.insert(h1, h2, k + 2) === INSERTED) inserted++;
    if (k % 7 === 6) {
      t.ords[t.at - t.base] = 0;
      unused.push([h1, h2]);
    } else used.push([h1, h2, t.at] as const);
  });
  expect(inserted).toBe(finals.length + level.length);
  const u = new SharedTable(SharedTable.buffers(grown, 1, t.buffers), undefined, t.block);
  u.base = t.base;
  // Claimed: up to the end of the last block (unused entries past the last insert, ords 0).
  return { u, oldSlots: t.buffers.slots, used, unused, claimed: ctrl[0]! };
}

/** Every used key is found at its entry, no unused one is, and the slots in use are exactly the used entries. */
function expectRebuilt(u: SharedTable, used: readonly (readonly [number, number, number])[], unused: readonly [number, number][]): void {
  for (const [h1, h2, e] of used) if (u.find(h1, h2) !== e) expect(u.find(h1, h2)).toBe(e);
  for (const [h1, h2] of unused) if (u.find(h1, h2) !== -1) expect(u.find(h1, h2)).toBe(-1);
  expect(u.slotArr.reduce((c, v) => c + (v !== 0 ? 1 : 0), 0)).toBe(used.length);
}

describe("SharedTable", () => {
  it("keeps the smallest ord of the level being built, numbers finished levels in sequential order and tells them apart", () => {
    const { t, ctrl } = table(1024);
    const escapes = new IntList();
    // Level 1: two initial states, inserted in the opposite order of their sequence numbers.
    expect(t.insert(3, 4, ORD_INIT)).toBe(INSERTED);
    expect(t.insert(1, 2, ORD_INIT)).toBe(INSERTED);
    expect(t.insert(1, 2, ORD_INIT)).toBe(SAME_LEVEL);
    finish(
      t,
      ctrl,
      [
        [1, 2, ORD_INIT],
        [3, 4, ORD_INIT],
      ],
      escapes,
    );
    expect([t.find(1, 2), t.find(3, 4)]).toEqual([0, 1]);
    // Level 2 (entries from 2): found from sequence number 1 (ord 3), then from 0 (ord 2), then from 1 again.
    expect(t.insert(1, 2, 3)).toBe(OLDER);
    expect(t.insert(5, 6, 3)).toBe(INSERTED);
    const e = t.at;
    expect(e).toBeGreaterThanOrEqual(2);
    expect(t.insert(5, 6, 2)).toBe(LOWERED);
    expect(t.prev).toBe(3);
    expect(t.insert(5, 6, 3)).toBe(SAME_LEVEL);
    // The parent choice: the smallest ord stays, whatever the order of the inserts.
    expect(t.ord(e)).toBe(2);
    expect(t.insert(7, 8, 3)).toBe(INSERTED);
    finish(
      t,
      ctrl,
      [
        [5, 6, t.ord(e)],
        [7, 8, 3],
      ],
      escapes,
    );
    expect(t.insert(5, 6, 100)).toBe(OLDER);
    expect([t.find(5, 6), t.find(7, 8), t.find(5, 7)]).toEqual([2, 3, -1]);
    expect([t.h1(3), t.h2(3)]).toEqual([7, 8]);
    const m = escapeMap(escapes);
    expect([0, 1, 2, 3].map((s) => t.parent(s, m))).toEqual([-1, -1, 0, 1]);
  });

  it("stores parent links as deltas, checkpoints and escapes", () => {
    const { t, ctrl } = table(4096, 8192);
    const escapes = new IntList();
    const rows: [number, number, number][] = [];
    const parents: number[] = [];
    // 300 states whose parents rise by 0, 1, 2, then jump by 300 every 50 (escapes), across 64-entry checkpoints.
    let p = 0;
    for (let s = 0; s < 300; s++) {
      p += s % 50 === 49 ? 300 : s % 3;
      parents.push(p);
      rows.push([s * 7919 + 1, s, p + 2]);
      expect(t.insert(s * 7919 + 1, s, p + 2)).toBe(INSERTED);
    }
    finish(t, ctrl, rows, escapes);
    expect(escapes.length).toBeGreaterThan(0);
    const m = escapeMap(escapes);
    for (let s = 0; s < 300; s++) expect(t.parent(s, m)).toBe(parents[s]);
    // Without its escapes a link cannot be read.
    expect(() => t.parent(299, new Map())).toThrow(/missing parent/);
  });

  it("rebuilds a larger slot table from the keys, keeping final entries and the level being built", () => {
    const K = 0x7fffff00;
    const { t, ctrl } = table(64);
    const escapes = new IntList();
    const finals: [number, number, number][] = [];
    for (let k = 0; k < 20; k++) {
      // Home slots collide (same high bits of h1: the middle slot) and tags differ: the probing and tag
      // paths both run, and in the larger table the first worker's region ends there.
      expect(t.insert(K + k, k * 0x01000001, ORD_INIT)).toBe(INSERTED);
      finals.push([K + k, k * 0x01000001, ORD_INIT]);
    }
    finish(t, ctrl, finals, escapes);
    const level: [number, number, number][] = [];
    for (let k = 20; k < 40; k++) {
      expect(t.insert(K + k, k * 0x01000001, k + 2)).toBe(INSERTED);
      level.push([K + k, k * 0x01000001, k + 2]);
    }
    ctrl[0] = t.base + 20;
    const u = new SharedTable(SharedTable.buffers(200, 1, t.buffers), undefined, t.block);
    u.base = t.base;
    // Two workers' shares, regions, then the probes that left them.
    expect(rebuild(u, 40, 2)).toBeGreaterThan(0);
    expect(u.slots).toBe(200);
    for (const [h1, h2] of finals) expect(u.find(h1, h2)).toBe(t.find(h1, h2));
    for (const [h1, h2, ord] of level) {
      const e = u.find(h1, h2);
      expect(e).toBeGreaterThanOrEqual(20);
      expect(u.ord(e)).toBe(ord);
    }
    // The level finished after the growth: its slots are searched again, then rewritten.
    finish(u, ctrl, level, escapes, true);
    for (let k = 0; k < 40; k++) expect(u.find(K + k, k * 0x01000001)).toBe(k);
    expect(u.bytes).toBe(SharedTable.bytesFor(200, 1));
  });

  it("rebuilds a growth from 1, 2 or 3 workers' shares of the entries, skipping unused entries, with or without its transient buffers", () => {
    // 200,000 slots: 4 buckets (the last one short), cut by the regions of 2 and 3 workers; keys collide
    // before each region's end (deferred probes) and before the table's (wrapping around).
    for (const n of [1, 2, 3])
      for (const words of ["new", "old slots", "none"] as const) {
        const edges = [...Array.from({ length: n - 1 }, (_, w) => Math.floor((200_000 * (w + 1)) / n)), 200_000];
        const { u, oldSlots, used, unused, claimed } = grownTable(200_000, edges);
        expect(claimed).toBeGreaterThan(u.base + 20_000);
        expect(rebuild(u, claimed, n, { words, oldSlots })).toBeGreaterThan(0);
        expectRebuilt(u, used, unused);
      }
  });

  it("reads each entry in exactly one worker's share: without one worker's sort, exactly its share is missing", () => {
    const { u, used, claimed } = grownTable(200_000, [66_666, 133_333, 200_000]);
    rebuild(u, claimed, 3, { skipSort: 1 });
    const [a, b] = [Math.floor(claimed / 3), Math.floor((2 * claimed) / 3)];
    const inShare = used.filter(([, , e]) => e >= a && e < b);
    expect(inShare.length).toBeGreaterThan(10_000);
    for (const [h1, h2, e] of used) {
      const found = u.find(h1, h2);
      if (found !== (e >= a && e < b ? -1 : e)) expect([e, found]).toEqual([e, e >= a && e < b ? -1 : e]);
    }
  });

  it("counts at least the bytes the rebuild allocates under the memory cap (not the old slots it reuses)", () => {
    const old = new SharedArrayBuffer(4000);
    for (const slots of [16, 200_000, MAX_SLOTS])
      for (const workers of [1, 2, 8]) {
        const fresh = SharedTable.rehashScratch(slots, 1000, workers)!;
        expect(fresh.words.byteLength + fresh.rest.byteLength).toBeLessThanOrEqual(SharedTable.rehashBytes(1000, workers));
        const reused = SharedTable.rehashScratch(slots, 1000, workers, old)!;
        expect(reused.words).toBe(old);
        expect(reused.rest.byteLength).toBeLessThanOrEqual(SharedTable.rehashBytes(1000, workers, old.byteLength));
        // Old slots too small for the words: a new buffer, counted.
        expect(SharedTable.rehashScratch(slots, 1001, workers, old)!.words).not.toBe(old);
        expect(SharedTable.rehashBytes(1001, workers, old.byteLength)).toBe(SharedTable.rehashBytes(1001, workers));
      }
  });
});
