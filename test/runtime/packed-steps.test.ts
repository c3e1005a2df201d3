/** The bit-field helpers of the packed step code (runtime/contract/packed-steps.ts) against BitWriter/BitReader. */
import { describe, expect, it } from "vitest";
import { BitReader, BitWriter } from "../../runtime/contract/packed.js";
import { FieldPositions, getBits, setBits } from "../../runtime/contract/packed-steps.js";
import { Fingerprinter, fingerprintInto } from "../../runtime/search/fingerprint.js";
import { fingerprintWords } from "../../runtime/search/packed-path.js";
import type { Model } from "../../runtime/contract/model.js";

/** A deterministic PRNG (xorshift32). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

describe("getBits / setBits", () => {
  it("read and write the fields BitWriter packs, including fields that straddle two words", () => {
    const next = rng(18);
    for (let round = 0; round < 300; round++) {
      const widths = Array.from({ length: 1 + (next() % 12) }, () => next() % 32);
      const values = widths.map((b) => (b === 0 ? 0 : next() & ((1 << b) - 1)));
      const w = new BitWriter();
      w.begin();
      widths.forEach((b, i) => w.put(values[i] as number, b));
      const n = w.end();
      const at = new FieldPositions();
      const pos = widths.map((b) => at.take(b));
      expect(at.bits).toBe(widths.reduce((a, b) => a + b, 0));
      // Reads at an offset (a state inside a level's words).
      const level = new Int32Array(n + 3);
      level.set(w.words.subarray(0, n), 3);
      widths.forEach((b, i) => expect(getBits(level, 3, pos[i] as number, b)).toBe(values[i]));
      // Rewriting every field with new values gives what BitWriter packs for them; neighbours are untouched.
      const fresh = widths.map((b) => (b === 0 ? 0 : next() & ((1 << b) - 1)));
      const d = w.words.slice(0, Math.max(1, n));
      widths.forEach((b, i) => setBits(d, pos[i] as number, b, fresh[i] as number));
      const r = new BitReader();
      r.reset(d, 0);
      widths.forEach((b, i) => expect(r.get(b)).toBe(fresh[i]));
    }
  });

  it("refuses a value that does not fit its field (a generator bug, never a silent merge)", () => {
    const d = new Int32Array(2);
    expect(() => setBits(d, 30, 3, 8)).toThrow(RangeError);
    expect(() => setBits(d, 0, 2, -1)).toThrow(RangeError);
  });
});

describe("fingerprintWords", () => {
  it("gives the fingerprint fingerprintInto gives the state the words pack (exact and hashed widths)", () => {
    for (const bits of [0, 5, 32, 40, 64, 65, 100, 200]) {
      const next = rng(bits + 1);
      const words = Math.ceil(bits / 32);
      const model = {
        packedBits: bits,
        pack(s: readonly number[], w: BitWriter): void {
          let left = bits;
          for (const v of s) {
            const b = Math.min(31, left);
            w.put(v & ((1 << b) - 1), b);
            left -= b;
          }
        },
        unpack: () => [],
      } as unknown as Model<readonly number[]>;
      const parts = Array.from({ length: Math.ceil(bits / 31) }, () => next() & 0x7fffffff);
      const fp = new Fingerprinter();
      fingerprintInto(model, parts, fp);
      const want = [fp.h1, fp.h2];
      const src = new Int32Array(words + 2);
      src.set(fp.packed.words.subarray(0, words), 2);
      const got = new Fingerprinter();
      fingerprintWords(got, src, 2, bits);
      expect([got.h1, got.h2], `${bits} bits`).toEqual(want);
    }
  });
});
