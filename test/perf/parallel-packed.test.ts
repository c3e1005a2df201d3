/**
 * The parallel BFS's two frontier representations (runtime/parallel/parallel-worker.ts): packed words when the
 * model packs, state objects when it does not. The same model is checked both ways (the object path
 * through a wrapper module that hides the packed layout) with 1, 2 and 3 workers, with load balancing
 * forced on every drift so that donated states (word ranges or cloned objects) are expanded too.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compileTo } from "../emit/helpers.js";
import { checkParallel, type ParallelOptions, type ParallelResult } from "../../runtime/parallel/parallel.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { packedWidth } from "../../runtime/contract/packed.js";
import { validateTrace } from "../../runtime/workload/testing.js";
import type { Model } from "../../runtime/contract/model.js";

type Mod = { createModel(w: string): Model<unknown> };

/** The compiled model (packed) and a wrapper module whose models do not pack. */
async function load(spec: string): Promise<{ packed: string; plain: string }> {
  const r = await compileTo(spec, `par-packed-${path.basename(spec, ".tspec")}`);
  const packed = path.resolve(r.dir, "model.ts");
  const plain = path.resolve(r.dir, "unpacked.ts");
  fs.writeFileSync(
    plain,
    `import { createModel as create } from "./model.js";\n` +
      `export function createModel(w: string) {\n  const m = create(w) as unknown as { packedBits?: number };\n  m.packedBits = -1;\n  return m as unknown as ReturnType<typeof create>;\n}\n`,
  );
  return { packed, plain };
}

const RUNS: readonly (ParallelOptions & { readonly workers: number })[] = [
  { workers: 1 },
  { workers: 2, prefixStates: 1, balanceMinMove: 1 },
  { workers: 3, prefixStates: 1, balanceMinMove: 1, initialSlots: 1024, growAhead: 0 },
];

function traceKey(model: Model<unknown>, r: Pick<ParallelResult, "trace">): string {
  return JSON.stringify((r.trace ?? []).map((t) => [t.step?.name, t.instance, t.picks, model.view(t.state)]));
}

describe("parallel BFS: packed and object frontiers", () => {
  for (const [spec, w] of [
    ["test/models/mutexn.tspec", "n4k4"],
    ["test/models/naive-mutex.tspec", "two"],
    ["specs/pfncache/b2-6.2.tspec", "refresh-deactivate"],
  ] as const) {
    it(`${spec} ${w}: same states, depth and counterexample packed and unpacked, 1-3 workers, with donations`, async () => {
      const mods = await load(spec);
      const packedModel = ((await import(pathToFileURL(mods.packed).href)) as Mod).createModel(w);
      const plainModel = ((await import(pathToFileURL(mods.plain).href)) as Mod).createModel(w);
      expect(packedWidth(packedModel)).toBeGreaterThanOrEqual(0);
      expect(packedWidth(plainModel)).toBe(-1);
      const seq = checkBfs(packedModel);
      let moved = 0;
      for (const modulePath of [mods.packed, mods.plain]) {
        // The sequential search's parents whatever the frontier's form and the number of workers.
        const key = traceKey(packedModel, seq);
        for (const o of RUNS) {
          const r = await checkParallel(modulePath, w, o);
          const what = `${path.basename(modulePath)} ${JSON.stringify(o)}`;
          expect(r.verdict, what).toBe(seq.verdict);
          expect(r.stats.depth, what).toBe(seq.stats.depth);
          moved += r.parallel.donated.reduce((a, b) => a + b, 0);
          expect(
            r.parallel.received.reduce((a, b) => a + b, 0),
            what,
          ).toBe(r.parallel.donated.reduce((a, b) => a + b, 0));
          if (seq.verdict === "holds") {
            expect(r.stats.distinctStates, what).toBe(seq.stats.distinctStates);
            expect(r.stats.statesGenerated, what).toBe(seq.stats.statesGenerated);
          } else {
            expect(r.trace?.length, what).toBe(seq.trace?.length);
            expect(validateTrace(packedModel, r), what).toEqual([]);
            expect(traceKey(packedModel, r), what).toBe(key);
          }
        }
      }
      if (seq.verdict === "holds") expect(moved).toBeGreaterThan(0);
    }, 120_000);
  }
});
