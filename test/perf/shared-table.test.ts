/** The parallel search's table (runtime/parallel/shared-table.ts), driven from one thread: ords, parent links, growth. */
import { describe, expect, it } from "vitest";
import { INSERTED, LOWERED, OLDER, ORD_INIT, SAME_LEVEL, SharedTable } from "../../runtime/parallel/shared-table.js";

function table(slots: number): SharedTable {
  const ctrl = new Int32Array(new SharedArrayBuffer(16));
  return new SharedTable(SharedTable.buffers(slots, 1), { ctrl, counter: 0, pause: 1, margin: 4 });
}

describe("SharedTable", () => {
  it("keeps the smallest ord of the level being built and tells older entries apart", () => {
    const t = table(1024);
    expect(t.insert(1, 2, ORD_INIT, ORD_INIT)).toBe(INSERTED);
    const init = t.at;
    expect(t.insert(1, 2, ORD_INIT, ORD_INIT)).toBe(SAME_LEVEL);
    t.setLink(init, -1);
    // Level 2 (lo = 2): found from sequence number 7 (ord 9), then from 3 (ord 5), then from 5 again.
    expect(t.insert(1, 2, 9, 2)).toBe(OLDER);
    expect(t.insert(5, 6, 9, 2)).toBe(INSERTED);
    const e = t.at;
    expect(t.insert(5, 6, 5, 2)).toBe(LOWERED);
    expect(t.prev).toBe(9);
    expect(t.insert(5, 6, 7, 2)).toBe(SAME_LEVEL);
    expect(t.link(e)).toBe(5);
    t.setLink(e, -(init + 2));
    expect(t.insert(5, 6, 100, 50)).toBe(OLDER);
    expect(t.find(5, 6)).toBe(e);
    expect(t.find(5, 7)).toBe(-1);
    expect([t.h1(e), t.h2(e)]).toEqual([5, 6]);
  });

  it("rebuilds a larger slot table from the entries, keeping entry numbers and links", () => {
    const t = table(64);
    const keys: [number, number, number][] = [];
    for (let k = 0; k < 40; k++) {
      // Home slots collide (same low bits of h1) and tags differ: the probing and tag paths both run.
      expect(t.insert(k * 64, k * 0x01000001, k + 2, 2)).toBe(INSERTED);
      keys.push([k * 64, k * 0x01000001, t.at]);
    }
    const u = new SharedTable(SharedTable.buffers(256, 1, t.buffers), undefined, t.block);
    u.rehash(0, 20);
    u.rehash(20, 1000);
    expect(u.slots).toBe(256);
    for (const [h1, h2, e] of keys) {
      expect(u.find(h1, h2)).toBe(e);
      expect(u.link(e)).toBe(t.link(e));
    }
    expect(u.bytes).toBe(SharedTable.bytesFor(256, 1));
  });
});
