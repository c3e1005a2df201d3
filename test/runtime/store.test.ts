/** The fingerprint store keeps every entry through growth and rehash; fingerprints separate streams. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FingerprintStore } from "../../runtime/search/store.js";
import { Fingerprinter } from "../../runtime/search/fingerprint.js";

describe("FingerprintStore", () => {
  it("keeps all entries, with their indices and metadata, across growth and rehash", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(0xffff), fc.nat(3)), { minLength: 0, maxLength: 3000 }),
        fc.integer({ min: 1, max: 64 }),
        (keys, initialCapacity) => {
          // Small lane-1 values and a tiny table force collisions, probing chains and many rehashes.
          const store = new FingerprintStore({ initialCapacity });
          const oracle = new Map<string, number>();
          keys.forEach(([h1, h2], i) => {
            const k = `${h1}:${h2}`;
            const idx = store.insert({ h1, h2, h3: 0 }, i - 1, i % 7, (i % 5) - 1);
            const known = oracle.get(k);
            if (known !== undefined) {
              expect(idx).toBe(-1 - known);
            } else {
              expect(idx).toBe(oracle.size);
              oracle.set(k, idx);
            }
          });
          expect(store.size).toBe(oracle.size);
          for (const [k, idx] of oracle) {
            const [h1, h2] = k.split(":").map(Number) as [number, number];
            expect(store.find({ h1, h2, h3: 0 })).toBe(idx);
            expect(store.insert({ h1, h2, h3: 0 }, 0, 0, 0)).toBe(-1 - idx);
          }
          expect(store.size).toBe(oracle.size);
          expect(store.size).toBeLessThanOrEqual(store.slots * 0.7);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("stores full 32-bit lanes and the parent/step/instance of each entry", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.nat(0xffffffff), fc.nat(0xffffffff)), { selector: ([a, b]) => `${a}:${b}`, maxLength: 2000 }), (fps) => {
        const store = new FingerprintStore({ initialCapacity: 16 });
        fps.forEach(([h1, h2], i) => expect(store.insert({ h1, h2, h3: 0 }, i - 1, i % 300, (i % 40) - 1)).toBe(i));
        fps.forEach(([h1, h2], i) => {
          expect(store.find({ h1, h2, h3: 0 })).toBe(i);
          expect(store.parent(i)).toBe(i - 1);
          expect(store.step(i)).toBe(i % 300);
          expect(store.instance(i)).toBe((i % 40) - 1);
        });
        expect(store.find({ h1: 0x12345678, h2: 0x9abcdef0, h3: 0 })).toBe(fps.some(([a, b]) => a === 0x12345678 && b === 0x9abcdef0) ? 0 : -1);
      }),
      { numRuns: 40 },
    );
  });

  it("grows its table to stay under the load factor and accounts its memory", () => {
    const store = new FingerprintStore({ initialCapacity: 16, maxLoad: 0.5 });
    const fp = new Fingerprinter();
    for (let i = 0; i < 100_000; i++) {
      fp.reset();
      fp.int(i);
      fp.finish();
      store.insert(fp, -1, -1, -1);
    }
    expect(store.size).toBe(100_000);
    expect(store.slots).toBe(262_144);
    // 8 bytes of links per entry (plus ≤ 50% slack) + 12 per slot (index and 64-bit key).
    expect(store.bytes).toBeGreaterThanOrEqual(100_000 * 8 + 262_144 * 12);
    expect(store.bytes).toBeLessThanOrEqual(150_000 * 8 + 262_144 * 12);
  });

  it("rejects step or instance numbers that do not fit", () => {
    const store = new FingerprintStore();
    expect(() => store.insert({ h1: 1, h2: 2, h3: 0 }, -1, 70_000, 0)).toThrow(RangeError);
  });
});

describe("Fingerprinter", () => {
  const hex = (ints: readonly number[]): string => {
    const fp = new Fingerprinter();
    fp.reset();
    for (const v of ints) fp.int(v);
    fp.finish();
    return `${fp.h1}:${fp.h2}`;
  };

  it("is deterministic and separates order, prefixes, signs and wide values", () => {
    expect(hex([1, 2, 3])).toBe(hex([1, 2, 3]));
    const streams = [[], [0], [0, 0], [1, 2], [2, 1], [-1], [4294967295], [2 ** 40], [2 ** 40 + 1], [0.5], [1, 2, 3]];
    const seen = new Set(streams.map(hex));
    expect(seen.size).toBe(streams.length);
  });

  it("has no collisions in either lane among 200k small states", () => {
    const lane1 = new Set<number>();
    const both = new Set<string>();
    const fp = new Fingerprinter();
    for (let a = 0; a < 50; a++) {
      for (let b = 0; b < 50; b++) {
        for (let c = 0; c < 80; c++) {
          fp.reset();
          fp.int(a);
          fp.int(b);
          fp.int(c);
          fp.finish();
          lane1.add(fp.h1);
          both.add(`${fp.h1}:${fp.h2}`);
        }
      }
    }
    expect(both.size).toBe(200_000);
    // 200k values in 2^32: about 5 lane-1 collisions expected by chance; many more means a weak mix.
    expect(lane1.size).toBeGreaterThan(200_000 - 30);
  });

  it("changes both lanes when one input bit flips", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 8 }), fc.nat(31), fc.nat(7), (ints, bit, at) => {
        const i = at % ints.length;
        const flipped = ints.slice();
        flipped[i] = ((flipped[i] as number) ^ (1 << bit)) | 0;
        const [a1, a2] = hex(ints).split(":");
        const [b1, b2] = hex(flipped).split(":");
        expect(a1).not.toBe(b1);
        expect(a2).not.toBe(b2);
      }),
    );
  });
});
