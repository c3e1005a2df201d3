/**
 * Packed states: the bit writer/reader round-trip, and for every spec in specs/ and test/models, every
 * reachable state (up to a bound per workload) packs to exactly `packedBits` bits, unpacks to a state with
 * the same canonical encoding, and packing is injective on the states reached (as many distinct packed
 * vectors as distinct encodings).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BitReader, BitWriter, PackedLevel, bitsFor } from "../../runtime/contract/packed.js";
import type { Model, StateWriter } from "../../runtime/contract/model.js";
import { compileTo } from "../emit/helpers.js";

describe("BitWriter / BitReader", () => {
  it("reads back what was written, in as many words as the bits need", () => {
    const field = fc.integer({ min: 0, max: 31 }).chain((bits) => fc.tuple(fc.constant(bits), fc.integer({ min: 0, max: bits === 0 ? 0 : 2 ** bits - 1 })));
    fc.assert(
      fc.property(fc.array(field, { maxLength: 60 }), (fields) => {
        const w = new BitWriter();
        w.begin();
        for (const [bits, v] of fields) w.put(v, bits);
        const total = fields.reduce((a, [b]) => a + b, 0);
        expect(w.bits).toBe(total);
        const n = w.end();
        expect(n).toBe(Math.ceil(total / 32));
        const r = new BitReader();
        r.reset(w.words, 0);
        for (const [bits, v] of fields) expect(r.get(bits)).toBe(v);
      }),
    );
  });

  it("refuses values that do not fit their width", () => {
    const w = new BitWriter();
    w.begin();
    expect(() => w.put(4, 2)).toThrow(/does not fit/);
    expect(() => w.put(-1, 5)).toThrow(/does not fit/);
    expect(() => w.put(1, 0)).toThrow(/does not fit/);
    w.put(0, 0);
    w.put(3, 2);
  });

  it("bitsFor sizes ranges", () => {
    expect([bitsFor(0, 0), bitsFor(0, 1), bitsFor(1, 3), bitsFor(0, 7), bitsFor(0, 8), bitsFor(-4, 3)]).toEqual([0, 1, 2, 3, 4, 3]);
  });

  it("a packed level keeps states at fixed offsets", () => {
    const level = new PackedLevel(2, 1);
    for (let i = 0; i < 100; i++) level.push(Int32Array.of(i, -i));
    expect(level.length).toBe(100);
    expect([level.words[level.offset(42)], level.words[level.offset(42) + 1]]).toEqual([42, -42]);
  });
});

class Recorder implements StateWriter {
  out: number[] = [];
  int(v: number): void {
    this.out.push(v);
  }
}

function encoding<S>(model: Model<S>, s: S): string {
  const r = new Recorder();
  model.encode(s, r);
  return r.out.join(",");
}

const SPECS = [
  ...fs.readdirSync("specs/examples").map((f) => `specs/examples/${f}`),
  ...fs.readdirSync("specs/pfncache").map((f) => `specs/pfncache/${f}`),
  ...fs.readdirSync("test/models").map((f) => `test/models/${f}`),
  "test/fixtures/packed/kitchen.tspec",
].filter((f) => f.endsWith(".tspec"));

/** States visited per workload (BFS order). */
const BOUND = 3000;

describe("generated pack/unpack", () => {
  for (const spec of SPECS) {
    it(
      spec,
      async () => {
        const r = await compileTo(spec, `packed-${path.basename(spec, ".tspec")}`);
        const mod = (await import(pathToFileURL(path.resolve(r.dir, "model.ts")).href)) as {
          spec: { workloads: string[] };
          createModel(w: string): Model<unknown>;
        };
        for (const wl of mod.spec.workloads) {
          const model = mod.createModel(wl);
          if (model.pack === undefined || model.unpack === undefined || (model.packedBits ?? -1) < 0) continue;
          const w = new BitWriter();
          const rd = new BitReader();
          const seen = new Map<string, string>();
          const queue: unknown[] = [...model.init()];
          for (let i = 0; i < queue.length && seen.size < BOUND; i++) {
            const s = queue[i];
            const enc = encoding(model, s);
            if (seen.has(enc)) continue;
            w.begin();
            model.pack(s, w);
            expect(w.bits, `${spec} ${wl}: width`).toBe(model.packedBits);
            const n = w.end();
            const words = Array.from(w.words.subarray(0, n)).join(",");
            rd.reset(w.words, 0);
            const back = model.unpack(rd);
            expect(encoding(model, back), `${spec} ${wl}: unpack(pack(s))`).toBe(enc);
            seen.set(enc, words);
            try {
              model.successors(s, (t) => queue.push(t.state));
            } catch {
              // A failing step ends that branch; the states reached so far are still checked.
            }
          }
          expect(new Set(seen.values()).size, `${spec} ${wl}: injective`).toBe(seen.size);
        }
      },
      60_000,
    );
  }
});
