/**
 * What the visited set guarantees: exact fingerprints (a bijection of the packed state) when a state packs
 * into 64 bits, else the collision probability estimate, and how the report prints either.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Fingerprinter, exactFingerprints, fingerprintInfo } from "../../runtime/search/fingerprint.js";
import { formatFingerprints, formatStats } from "../../runtime/search/format.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { checkDfs } from "../../runtime/search/dfs.js";
import { simulate } from "../../runtime/search/simulate.js";
import { mutexN } from "./models.js";

const KEYS = [0x243f6a89, 0x85a308d3, 0x13198a2f, 0x03707345];

/** The inverse of `Fingerprinter.permute`, written from its definition: it exists, so `permute` is a bijection. */
function unpermute(h1: number, h2: number): [number, number] {
  let l = h1 | 0;
  let r = h2 | 0;
  for (let k = 3; k >= 0; k--) {
    let x = l ^ (KEYS[k] as number);
    x ^= x >>> 16;
    x = Math.imul(x, 0x85ebca6b);
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae3d);
    x ^= x >>> 16;
    const prev = r ^ x;
    r = l;
    l = prev;
  }
  return [l >>> 0, r >>> 0];
}

describe("exact fingerprints", () => {
  it("permute is a bijection of 64-bit values: the inverse recovers every input", () => {
    const fp = new Fingerprinter();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (a, b) => {
        fp.permute(a, b);
        expect(unpermute(fp.h1, fp.h2)).toEqual([a, b]);
      }),
      { numRuns: 2000 },
    );
  });

  it("permute mixes: nearby packed states land far apart (no clustering in the table's slot bits)", () => {
    const fp = new Fingerprinter();
    const highBits = new Set<number>();
    for (let i = 0; i < 4096; i++) {
      fp.permute(i, 0);
      highBits.add(fp.h1 >>> 20);
    }
    // 4096 balls into 4096 bins: about 63% distinct if uniform; a poor mix would collapse them.
    expect(highBits.size).toBeGreaterThan(2400);
  });

  it("exact only when the model packs into ≤ 64 bits and the search does not fingerprint orbits", () => {
    const base = { pack: () => undefined, unpack: () => undefined, packedBits: 40 };
    expect(exactFingerprints(base as never)).toBe(true);
    expect(exactFingerprints({ ...base, packedBits: 64 } as never)).toBe(true);
    expect(exactFingerprints({ ...base, packedBits: 65 } as never)).toBe(false);
    expect(exactFingerprints({ ...base, pack: undefined } as never)).toBe(false);
    expect(exactFingerprints({ ...base, symmetry: { usable: true } } as never, true)).toBe(false);
    expect(exactFingerprints({ ...base, symmetry: { usable: true } } as never, false)).toBe(true);
  });
});

describe("collision probability", () => {
  it("is the birthday bound n(n−1)/2^(bits+1), 0 when exact or below two states", () => {
    expect(fingerprintInfo(3_670_000, false).collisionProbability).toBeCloseTo((3_670_000 * 3_669_999) / 2 ** 65, 20);
    expect(fingerprintInfo(1e8, false).collisionProbability).toBeCloseTo(2.7e-4, 5);
    expect(fingerprintInfo(1e8, false, 128).collisionProbability).toBeLessThan(1e-22);
    expect(fingerprintInfo(1e12, true)).toEqual({ exact: true, bits: 64, collisionProbability: 0 });
    expect(fingerprintInfo(1, false).collisionProbability).toBe(0);
    expect(fingerprintInfo(1e11, false).collisionProbability).toBe(1);
  });

  it("prints one line: exact, or the estimate", () => {
    expect(formatFingerprints(fingerprintInfo(5, true))).toBe("Fingerprints: exact (no hash compaction)");
    expect(formatFingerprints(fingerprintInfo(3_670_000, false))).toBe("Fingerprints: 64-bit, collision probability ≈ 3.7e-7 (calculated, optimistic)");
  });

  it("follows the statistics line of exhaustive searches, not of simulation", () => {
    const m = mutexN(2, 2);
    for (const r of [checkBfs(m), checkDfs(m)]) {
      const lines = formatStats(r.stats).split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe(formatFingerprints(fingerprintInfo(r.stats.distinctStates, false)));
    }
    expect(formatStats(simulate(m, { seed: 1, runs: 2 }).stats)).not.toContain("\n");
  });
});
