/** CompactStore keeps every entry and parent link across growth; ~≤ 16 bytes/state at scale. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CompactStore } from "../../runtime/search/store.js";
import { Fingerprinter } from "../../runtime/search/fingerprint.js";

describe("CompactStore", () => {
  it("keeps entries, indices and arbitrary parent sequences across growth", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(0xffff), fc.nat(3), fc.integer({ min: -1, max: 5000 })), { maxLength: 3000 }), (keys) => {
        const store = new CompactStore();
        const oracle = new Map<string, { idx: number; parent: number }>();
        for (const [h1, h2, parent] of keys) {
          const k = `${h1}:${h2}`;
          const idx = store.insert(h1, h2, parent);
          if (oracle.has(k)) expect(idx).toBe(-1);
          else {
            expect(idx).toBe(oracle.size);
            oracle.set(k, { idx, parent });
          }
        }
        expect(store.size).toBe(oracle.size);
        for (const [k, { idx, parent }] of oracle) {
          const [h1, h2] = k.split(":").map(Number) as [number, number];
          expect(store.find(h1, h2)).toBe(idx);
          expect(store.h1(idx)).toBe(h1);
          expect(store.h2(idx)).toBe(h2);
          expect(store.parent(idx)).toBe(parent);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("stores BFS-like (monotone) parents in about 1 byte and stays under 16 bytes/state", () => {
    const store = new CompactStore();
    const fp = new Fingerprinter();
    const n = 1_500_000;
    for (let i = 0; i < n; i++) {
      fp.reset();
      fp.int(i);
      fp.finish();
      if (store.insert(fp.h1, fp.h2, i < 3 ? -1 : Math.floor(i / 3.5)) < 0) throw new Error(`lost entry ${i}`);
    }
    expect(store.size).toBe(n);
    expect(store.escapes).toBe(0);
    expect(store.parent(n - 1)).toBe(Math.floor((n - 1) / 3.5));
    expect(store.bytes / n).toBeLessThan(16.5);
  });
});
