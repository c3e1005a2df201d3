/** The parallel search's table (runtime/parallel/shared-table.ts), driven from one thread: ords, final entries, parent links, growth. */
import { describe, expect, it } from "vitest";
import { INSERTED, LOWERED, OLDER, ORD_INIT, SAME_LEVEL, SharedTable } from "../../runtime/parallel/shared-table.js";
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
    // Two workers' regions, then the probes that left them.
    const deferred: number[] = [];
    u.rehashRegion(0, 2, 40, deferred);
    u.rehashRegion(1, 2, 40, deferred);
    expect(deferred.length).toBeGreaterThan(0);
    u.rehashDeferred(deferred);
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
});
