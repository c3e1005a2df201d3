/**
 * The visited table behaves as a set (the law every store relies on): after any sequence of inserts,
 * through every growth, `insertOrFind` and `find` agree with a `Map` of the keys, entry numbers are
 * dense in first-insertion order, and a known key gives `-1 - its index` (one probe, the index either
 * way). Checked for each store built on it, at 64 and 96 bits, and for each kind of key: hashed
 * fingerprints, exact ones (permuted packed states), raw unmixed ones, and keys from a deliberately weak
 * hash that puts everything on a few home slots (long probe chains, wrap-around, collisions forced).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CompactStore, FingerprintStore, VisitedTable } from "../../runtime/search/store.js";
import { Fingerprinter, fingerprintMode, type FingerprintBits } from "../../runtime/search/fingerprint.js";
import { maxEntries, maxTableSlots } from "../../runtime/search/visited-table.js";

type Key = readonly [number, number, number];

interface AnySet {
  readonly size: number;
  insertOrFind(k: Key): number;
  find(k: Key): number;
}

const key = (k: Key): { h1: number; h2: number; h3: number } => ({ h1: k[0], h2: k[1], h3: k[2] });

function tables(bits: FingerprintBits): readonly (readonly [string, () => AnySet])[] {
  const mode = { bits, exact: false };
  const table = (t: VisitedTable): AnySet => ({
    get size() {
      return t.size;
    },
    insertOrFind: (k) => t.insertOrFind(k[0] | 0, k[1] | 0, k[2] | 0),
    find: (k) => t.find(k[0] | 0, k[1] | 0, k[2] | 0),
  });
  return [
    ["VisitedTable (1.3×)", () => table(new VisitedTable({ what: "t", bits, initialSlots: 16, maxLoad: 0.8, growth: 1.3 }))],
    ["VisitedTable (power of two)", () => table(new VisitedTable({ what: "t", bits, initialSlots: 16, maxLoad: 0.7, growth: 2, powerOfTwo: true }))],
    [
      "FingerprintStore",
      () => {
        const s = new FingerprintStore({ initialCapacity: 16, mode });
        return {
          get size() {
            return s.size;
          },
          insertOrFind: (k) => s.insert(key(k), s.size - 1, 0, 0),
          find: (k) => s.find(key(k)),
        };
      },
    ],
    [
      "CompactStore",
      () => {
        const s = new CompactStore({ mode });
        return {
          get size() {
            return s.size;
          },
          insertOrFind: (k) => s.insert(key(k), s.size - 1),
          find: (k) => s.find(key(k)),
        };
      },
    ],
  ];
}

const fp64 = new Fingerprinter(64);
const fp96 = new Fingerprinter(96);
/** Key kinds: (a, b) → lanes. `weak` sends every key to one of 4 home slots (lane 1 = 0, 2^30, 2^31, 3·2^30). */
const keyKinds: readonly (readonly [string, (a: number, b: number) => Key])[] = [
  ["hashed", (a, b) => [Math.imul(a ^ 0x5bd1e995, 0x9e3779b1) >>> 0, Math.imul(b + a, 0x85ebca77) >>> 0, Math.imul(a, 0x27d4eb2f) >>> 0]],
  [
    "exact",
    (a, b) => {
      fp64.permute(a, b);
      fp96.permute96(a, b, a ^ b);
      return [fp64.h1, fp64.h2, fp96.h3];
    },
  ],
  ["raw", (a, b) => [a >>> 0, b >>> 0, 0]],
  ["weak", (a, b) => [((a & 3) << 30) >>> 0, a, b]],
];

for (const bits of [64, 96] as const) {
  describe(`VisitedTable is a set (${bits}-bit keys)`, () => {
    for (const [name, make] of tables(bits)) {
      for (const [kind, keyOf] of keyKinds) {
        it(`${name}, ${kind} keys: insertOrFind/find agree with a Map through growth`, () => {
          fc.assert(
            fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3 })), { maxLength: 2000 }), (ops) => {
              const t = make();
              const ref = new Map<string, number>();
              // At 64 bits the third lane is not part of the key.
              const id = (k: Key): string => (bits === 96 ? k.join(":") : `${k[0]}:${k[1]}`);
              for (const [a, b] of ops) {
                const k = keyOf(a, b);
                const idx = t.insertOrFind(k);
                const known = ref.get(id(k));
                if (known !== undefined) expect(idx).toBe(-1 - known);
                else {
                  expect(idx).toBe(ref.size);
                  ref.set(id(k), idx);
                }
              }
              expect(t.size).toBe(ref.size);
              for (const [a, b] of ops) expect(t.find(keyOf(a, b))).toBe(ref.get(id(keyOf(a, b))));
              // Absent keys are absent.
              expect(t.find(keyOf(5000, 9))).toBe(-1);
            }),
            { numRuns: 15 },
          );
        });
      }
    }
  });
}

describe("VisitedTable key width", () => {
  it("64-bit keys ignore lane 3: keys equal in lanes 1–2 collide (the hash-compaction case)", () => {
    const t = new VisitedTable({ what: "t", initialSlots: 16, maxLoad: 0.8, growth: 1.3 });
    expect(t.insertOrFind(7, 8, 1)).toBe(0);
    expect(t.insertOrFind(7, 8, 2)).toBe(-1);
    expect(t.size).toBe(1);
  });

  it("96-bit keys tell apart keys that differ only in lane 3, through growth and with a weak hash", () => {
    const t = new VisitedTable({ what: "t", bits: 96, initialSlots: 16, maxLoad: 0.8, growth: 1.3 });
    // 5000 keys on one home slot, equal in lanes 1 and 2: a 64-bit table would keep one of them.
    for (let i = 0; i < 5000; i++) expect(t.insertOrFind(0, 1, i)).toBe(i);
    for (let i = 0; i < 5000; i++) expect(t.insertOrFind(0, 1, i)).toBe(-1 - i);
    for (let i = 0; i < 5000; i++) expect(t.find(0, 1, i)).toBe(i);
    expect(t.find(0, 1, 5000)).toBe(-1);
    expect(t.slots).toBeGreaterThan(5000 / 0.8);
  });

  it("grows by its factor, keeps the load under maxLoad, and wraps probes at the table's end", () => {
    const t = new VisitedTable({ what: "t", initialSlots: 100, maxLoad: 0.8, growth: 1.3 });
    const sizes: number[] = [];
    // Lane 1 near 2^32: home slots at the very end, so chains wrap to slot 0.
    for (let i = 0; i < 10_000; i++) {
      t.insertOrFind((0xffffffff - (i & 7)) | 0, i, 0);
      if (sizes[sizes.length - 1] !== t.slots) sizes.push(t.slots);
      expect(t.size).toBeLessThanOrEqual(t.slots * 0.8);
    }
    for (let k = 1; k < sizes.length; k++) expect(sizes[k]).toBe(Math.ceil((sizes[k - 1] as number) * 1.3));
    for (let i = 0; i < 10_000; i++) expect(t.find((0xffffffff - (i & 7)) | 0, i, 0)).toBe(i);
    expect(t.bytes).toBe(t.slots * 12);
  });

  it("a 96-bit slot is 16 bytes, a 64-bit slot 12; the largest tables stay within one typed array", () => {
    expect(new VisitedTable({ what: "t", bits: 96, initialSlots: 64, maxLoad: 0.8, growth: 1.3 }).bytes).toBe(64 * 16);
    expect(maxTableSlots(64) * 3).toBeLessThanOrEqual(2 ** 32);
    expect(maxTableSlots(96) * 4).toBeLessThanOrEqual(2 ** 32);
    for (const bits of [64, 96] as const) expect(maxEntries(bits) + 1).toBeLessThan(2 ** 31);
  });
});

describe("exact keys", () => {
  /** Inverse of one round structure of `permute96` is not exported; bijectivity is checked on a dense box instead. */
  it("permute and permute96 are injective on dense boxes of inputs (exact mode stores states, not hashes)", () => {
    const fp = new Fingerprinter(96);
    const seen64 = new Set<string>();
    const seen96 = new Set<string>();
    for (let a = 0; a < 64; a++)
      for (let b = 0; b < 64; b++)
        for (let c = 0; c < 16; c++) {
          fp.permute(a | (c << 28), b);
          seen64.add(`${fp.h1}:${fp.h2}`);
          fp.permute96(a, b, c | (a << 24));
          seen96.add(`${fp.h1}:${fp.h2}:${fp.h3}`);
        }
    expect(seen64.size).toBe(64 * 64 * 16);
    expect(seen96.size).toBe(64 * 64 * 16);
  });

  it("permute96 differs from its input in every lane (the home slot is mixed)", () => {
    const fp = new Fingerprinter(96);
    const lane1 = new Set<number>();
    for (let i = 0; i < 4096; i++) {
      fp.permute96(i, 0, 0);
      lane1.add(fp.h1 >>> 20);
    }
    // 4096 consecutive states spread over (nearly) all 4096 top-12-bit buckets' worth of home slots.
    expect(lane1.size).toBeGreaterThan(2000);
  });

  it("96-bit fingerprints extend the 64-bit ones (lanes 1 and 2 equal) and separate streams in lane 3", () => {
    const a = new Fingerprinter(64);
    const b = new Fingerprinter(96);
    const lane3 = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      for (const f of [a, b]) {
        f.reset();
        f.int(i);
        f.int(-i);
        f.finish();
      }
      expect([b.h1, b.h2]).toEqual([a.h1, a.h2]);
      expect(a.h3).toBe(0);
      lane3.add(b.h3);
    }
    expect(lane3.size).toBe(20_000);
  });
});

describe("pre-sizing and the automatic width", () => {
  it("a CompactStore sized for its expected states never grows while it takes them", () => {
    const s = new CompactStore({ expectedStates: 50_000 });
    const slots = s.slots;
    expect(slots).toBeGreaterThanOrEqual(50_000 / 0.8);
    for (let i = 0; i < 50_000; i++) expect(s.insert({ h1: Math.imul(i, 0x9e3779b1), h2: i, h3: 0 }, i - 1)).toBe(i);
    expect(s.slots).toBe(slots);
  });

  it("auto takes 96 bits when --max-states or --expected-states reaches 10^8, and never for a state that fits in 64 bits", () => {
    const unpacked = { symmetry: undefined } as unknown as Parameters<typeof fingerprintMode>[0];
    expect(fingerprintMode(unpacked, false)).toEqual({ bits: 64, exact: false });
    expect(fingerprintMode(unpacked, false, "auto", 99_999_999)).toEqual({ bits: 64, exact: false });
    expect(fingerprintMode(unpacked, false, "auto", 1e8)).toEqual({ bits: 96, exact: false });
    expect(fingerprintMode(unpacked, false, "auto", Infinity, 2e8)).toEqual({ bits: 96, exact: false });
    expect(fingerprintMode(unpacked, false, 64, 1e9)).toEqual({ bits: 64, exact: false });
    expect(fingerprintMode(unpacked, false, 96)).toEqual({ bits: 96, exact: false });
  });
});
