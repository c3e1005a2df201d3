/**
 * The visited table behaves as a set (the law every store relies on): after any sequence of inserts,
 * through every growth, `insert` and `find` agree with a `Set` of the keys, and entry numbers are dense
 * in first-insertion order. Checked for each store built on it and for each kind of key: hashed
 * fingerprints, exact ones (permuted packed states), and raw unmixed ones (clustered home slots).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CompactStore, FingerprintStore, VisitedTable } from "../../runtime/search/store.js";
import { Fingerprinter } from "../../runtime/search/fingerprint.js";

interface AnySet {
  readonly size: number;
  insert(h1: number, h2: number): number;
  find(h1: number, h2: number): number;
  h1(i: number): number;
  h2(i: number): number;
}

const tables: readonly (readonly [string, () => AnySet])[] = [
  ["VisitedTable (1.3×)", () => new VisitedTable({ what: "t", initialSlots: 16, maxLoad: 0.8, growth: 1.3 })],
  ["VisitedTable (power of two)", () => new VisitedTable({ what: "t", initialSlots: 16, maxLoad: 0.7, growth: 2, powerOfTwo: true })],
  [
    "FingerprintStore",
    () => {
      const s = new FingerprintStore({ initialCapacity: 16 });
      return {
        get size() {
          return s.size;
        },
        insert: (h1, h2) => s.insert(h1, h2, s.size - 1, 0, 0),
        find: (h1, h2) => s.find(h1, h2),
        h1: (i) => s.h1(i),
        h2: (i) => s.h2(i),
      };
    },
  ],
  [
    "CompactStore",
    () => {
      const s = new CompactStore();
      return {
        get size() {
          return s.size;
        },
        insert: (h1, h2) => s.insert(h1, h2, s.size - 1),
        find: (h1, h2) => s.find(h1, h2),
        h1: (i) => s.h1(i),
        h2: (i) => s.h2(i),
      };
    },
  ],
];

const fp = new Fingerprinter();
const keyKinds: readonly (readonly [string, (a: number, b: number) => [number, number]])[] = [
  ["hashed", (a, b) => [Math.imul(a ^ 0x5bd1e995, 0x9e3779b1) >>> 0, Math.imul(b + a, 0x85ebca77) >>> 0]],
  [
    "exact",
    (a, b) => {
      fp.permute(a, b);
      return [fp.h1, fp.h2];
    },
  ],
  ["raw", (a, b) => [a >>> 0, b >>> 0]],
];

describe("VisitedTable is a set", () => {
  for (const [name, make] of tables) {
    for (const [kind, key] of keyKinds) {
      it(`${name}, ${kind} keys: insert/find agree with a Set through growth`, () => {
        fc.assert(
          fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3 })), { maxLength: 3000 }), (ops) => {
            const t = make();
            const ref = new Map<string, number>();
            for (const [a, b] of ops) {
              const [h1, h2] = key(a, b);
              const k = `${h1}:${h2}`;
              const idx = t.insert(h1, h2);
              if (ref.has(k)) expect(idx).toBe(-1);
              else {
                expect(idx).toBe(ref.size);
                ref.set(k, idx);
              }
            }
            expect(t.size).toBe(ref.size);
            for (const [k, i] of ref) {
              const [h1, h2] = k.split(":").map(Number) as [number, number];
              expect(t.find(h1, h2)).toBe(i);
              expect([t.h1(i), t.h2(i)]).toEqual([h1, h2]);
            }
            // Absent keys are absent.
            const [m1, m2] = key(5000, 9);
            expect(t.find(m1, m2)).toBe(-1);
          }),
          { numRuns: 25 },
        );
      });
    }
  }
});
