/**
 * The parallel BFS's frontier representations and step code (runtime/parallel/parallel-worker.ts):
 * packed words stepped by the packed step code (packed.ts), packed words unpacked for the readable
 * step methods (`stepCode: "object"`), and state objects when the model does not pack (a wrapper
 * module that hides the packed layout). Each is checked with 1, 2 and 3 workers, with load balancing
 * forced on every drift so that donated states (word ranges or cloned objects) are expanded too, against
 * the sequential search on both step codes: same states, transitions, depth and counterexample — on
 * workloads that hold, violate an invariant, deadlock, and fail a step.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compileTo, SCRATCH } from "../emit/helpers.js";
import { checkParallel, type ParallelOptions } from "../../runtime/parallel/parallel.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { packedWidth } from "../../runtime/contract/packed.js";
import { validateTrace } from "../../runtime/workload/testing.js";
import type { Model } from "../../runtime/contract/model.js";
import { traceKey } from "./same-search.js";

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

/** Two processes that raise their flag, then wait for the other's to fall: a deadlock, on packed step code. */
const CROSSED_FLAGS = `spec CrossedFlags

var flag1: bool = false;
var flag2: bool = false;
var rounds: 0..3 = 0;

process A {
  L1: flag1 = true;
  L2: await not flag2;
  L3: rounds = (rounds + 1) % 4;
      flag1 = false;
      goto L1;
}

process B {
  L1: flag2 = true;
  L2: await not flag1;
  L3: flag2 = false;
      goto L1;
}

workload two {
  expect deadlock;
}
`;

function crossedFlags(): string {
  const f = path.resolve(SCRATCH, "crossed-flags.tspec");
  fs.mkdirSync(SCRATCH, { recursive: true });
  fs.writeFileSync(f, CROSSED_FLAGS);
  return f;
}

const RUNS: readonly (ParallelOptions & { readonly workers: number })[] = [
  { workers: 1 },
  { workers: 2, prefixStates: 1, balanceMinMove: 1 },
  { workers: 3, engine: "shared", prefixStates: 1, balanceMinMove: 1, initialSlots: 1024, growAhead: 0 },
  { workers: 3, initialSlots: 16 },
];

describe("parallel BFS: packed and object frontiers", () => {
  for (const [spec, w] of [
    ["test/models/mutexn.tspec", "n4k4"],
    ["test/models/naive-mutex.tspec", "two"],
    ["specs/pfncache/b2-6.2.tspec", "refresh-deactivate"],
    ["crossed-flags", "two"],
    // A step error, an invariant violation and deadlocks in the same and in different batches of successors generated ahead (worker-batch.ts).
    ["test/fixtures/packed/batch-order.tspec", "same-batch"],
    ["test/fixtures/packed/batch-order.tspec", "next-batch"],
    ["test/fixtures/packed/batch-order.tspec", "error-first"],
  ] as const) {
    it(`${spec} ${w}: same states, depth and counterexample packed and unpacked, 1-3 workers, with donations`, async () => {
      const mods = await load(spec === "crossed-flags" ? crossedFlags() : spec);
      const packedModel = ((await import(pathToFileURL(mods.packed).href)) as Mod).createModel(w);
      const plainModel = ((await import(pathToFileURL(mods.plain).href)) as Mod).createModel(w);
      expect(packedWidth(packedModel)).toBeGreaterThanOrEqual(0);
      expect(packedWidth(plainModel)).toBe(-1);
      const seq = checkBfs(packedModel, { stepCode: "object" });
      const seqPacked = checkBfs(packedModel, { stepCode: "packed" });
      expect(seq.stepCode).toBe("object");
      expect(seqPacked.stepCode).toBe("packed");
      for (const r of [seqPacked]) {
        expect(r.verdict).toBe(seq.verdict);
        expect(r.violation?.kind).toBe(seq.violation?.kind);
        expect(r.stats.distinctStates).toBe(seq.stats.distinctStates);
        expect(r.stats.statesGenerated).toBe(seq.stats.statesGenerated);
        expect(traceKey(packedModel, r)).toBe(traceKey(packedModel, seq));
      }
      let moved = 0;
      const paths = [
        { modulePath: mods.packed, stepCode: "packed", ran: "packed" },
        { modulePath: mods.packed, stepCode: "object", ran: "object" },
        { modulePath: mods.plain, stepCode: "auto", ran: "object" },
      ] as const;
      for (const { modulePath, stepCode, ran } of paths) {
        // The sequential search's parents whatever the frontier's form, the step code and the number of workers.
        const key = traceKey(packedModel, seq);
        for (const o of RUNS) {
          const r = await checkParallel(modulePath, w, { ...o, stepCode });
          const what = `${path.basename(modulePath)} ${stepCode} ${JSON.stringify(o)}`;
          expect(r.stepCode, what).toBe(ran);
          expect(r.verdict, what).toBe(seq.verdict);
          expect(r.violation?.kind, what).toBe(seq.violation?.kind);
          expect(r.stats.distinctStates, what).toBe(seq.stats.distinctStates);
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
