/**
 * The partitioned parallel search's stores (runtime/parallel/owned-table.ts, owned-columns.ts): a worker's
 * table numbers keys densely in insertion order and finds them again after every growth (also from a
 * snapshot, as the main thread does), stops with storeLimit at its cap leaving what it holds intact;
 * the columns give back every parent link and owner written, across checkpoints, deltas, escapes and
 * owner fields of every width.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OwnedTable, findOwned } from "../../runtime/parallel/owned-table.js";
import { Columns, createColumns, ownerBits, ownerOf } from "../../runtime/parallel/owned-columns.js";
import { GrowingArray } from "../../runtime/parallel/growing-buffer.js";
import { EvaluationStopped } from "../../runtime/contract/budget.js";
import { SeenCache } from "../../runtime/parallel/seen-cache.js";

/** Keys with shared lanes: same h1 and different h2, same h2 and different h1 (tags and homes collide). */
function keys(count: number, seed: number): [number, number][] {
  const out: [number, number][] = [];
  let x = seed | 0;
  const next = (): number => (x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6b43a9b5) | 0);
  for (let i = 0; i < count; i++) {
    const a = next();
    const b = next();
    out.push([a, b], [a, b ^ 1], [a ^ 1, b]);
  }
  return out;
}

describe("OwnedTable", () => {
  it("numbers keys in insertion order and finds them after every growth", () => {
    const t = new OwnedTable(GrowingArray.create(64), 16);
    const ks = keys(3000, 7);
    ks.forEach(([a, b], e) => expect(t.insert(a, b)).toBe(e));
    expect(t.size).toBe(ks.length);
    // 9,000 keys from 16 slots, doubling at load 0.8: 10 growths.
    expect(t.growths).toBe(10);
    ks.forEach(([a, b], e) => {
      expect(t.insert(a, b)).toBe(-1 - e);
      expect(findOwned(t.snapshot(), a, b)).toBe(e);
    });
    expect(t.find(12345, 678)).toBe(-1);
    expect(t.size).toBe(ks.length);
  });

  it("stops with storeLimit at its cap, keeping every key it holds", () => {
    // 64 slots at most: doubling stops there, then it fills to load 0.9 (57 keys).
    const t = new OwnedTable(GrowingArray.create(64), 16, 64 * 4);
    const ks = keys(40, 3);
    let stopped: unknown;
    let held = 0;
    for (const [a, b] of ks) {
      try {
        t.insert(a, b);
        held++;
      } catch (e) {
        stopped = e;
        break;
      }
    }
    expect(stopped).toBeInstanceOf(EvaluationStopped);
    expect((stopped as EvaluationStopped).limit).toBe("storeLimit");
    expect(held).toBe(57);
    expect(t.size).toBe(57);
    ks.slice(0, held).forEach(([a, b], e) => expect(t.find(a, b)).toBe(e));
  });
});

describe("owned columns", () => {
  it("give back every parent and owner written, for 1 to 5 workers", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 600 }), fc.nat()), { minLength: 1, maxLength: 400 }),
        fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 20 }),
        (n, steps, runs) => {
          // Parents: monotone with jumps (some past a delta), −1 for the first states; runs of states written by rotating workers.
          const parents: number[] = [];
          let p = -1;
          for (const [jump, o] of steps) {
            p = parents.length < 3 ? -1 : p + (jump > 500 ? jump * 3 : jump % 7);
            parents.push(p);
            void o;
          }
          const owners = steps.map(([, o]) => o % n);
          const cols = new Columns(createColumns(), n);
          cols.ensure(parents.length);
          const escapes = new Map<number, number>();
          let seq = 0;
          for (let r = 0; seq < parents.length; r++) {
            const end = Math.min(parents.length, seq + (runs[r % runs.length] as number));
            // A run's first state: its predecessor was written by another worker (NaN).
            let prev = NaN;
            for (; seq < end; seq++) {
              if (!cols.set(seq, parents[seq]!, prev, owners[seq]!)) escapes.set(seq, parents[seq]!);
              prev = parents[seq]!;
            }
          }
          const reader = new Columns(cols.buffers, n);
          parents.forEach((q, s) => {
            expect(reader.parent(s, escapes)).toBe(q);
            expect(reader.owner(s)).toBe(owners[s]);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it("owner fields never straddle a word; owners cover 0 … n − 1", () => {
    expect([1, 2, 3, 4, 5, 16, 17].map(ownerBits)).toEqual([0, 1, 2, 2, 4, 4, 8]);
    for (const n of [1, 2, 3, 7]) {
      const seen = new Set<number>();
      for (let i = 0; i < 4000; i++) seen.add(ownerOf(Math.imul(i, 0x9e3779b9), n));
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, k) => k));
    }
  });
});

describe("SeenCache", () => {
  it("answers seen only for a key added and not replaced since; never for the empty entry's (0, 0, 0)", () => {
    const c = new SeenCache(4);
    expect(c.has(0, 0, 0)).toBe(false);
    c.add(0, 0, 0);
    expect(c.has(0, 0, 0)).toBe(false);
    c.add(5, 7, 0);
    expect(c.has(5, 7, 0)).toBe(true);
    expect(c.has(5, 7, 1)).toBe(false);
    expect(c.has(5, 8, 0)).toBe(false);
    // Same entry (low bits of lane 1): the newer key replaces the older.
    c.add(5 + 16, 9, 0);
    expect(c.has(5 + 16, 9, 0)).toBe(true);
    expect(c.has(5, 7, 0)).toBe(false);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer(), fc.integer(), fc.integer()), { maxLength: 200 }), (ks) => {
        const cache = new SeenCache(3);
        const added = new Set<string>();
        for (const [a, b, d] of ks) {
          // Seen implies added before (what makes skipping a lookup exact).
          if (cache.has(a | 0, b | 0, d | 0)) expect(added.has(`${a | 0},${b | 0},${d | 0}`)).toBe(true);
          cache.add(a | 0, b | 0, d | 0);
          added.add(`${a | 0},${b | 0},${d | 0}`);
        }
      }),
    );
  });
});
