/**
 * Parallel BFS finds exactly the sequential distinct-state count, and 1 and 2 workers report the same
 * violating state with a valid shortest counterexample.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileTo } from "../emit/helpers.js";
import { checkParallel } from "../../runtime/parallel.js";
import { checkBfs } from "../../runtime/bfs.js";
import { validateTrace } from "../../runtime/testing.js";
import type { Model } from "../../runtime/model.js";
import { pathToFileURL } from "node:url";

const CASES: readonly [string, string][] = [
  ["test/models/mutexn.tspec", "n4k4"],
  ["test/models/counter.tspec", "three"],
  ["test/models/philosophers.tspec", "three"],
  ["test/models/naive-mutex.tspec", "two"],
  ["specs/pfncache/b2-external-lock.tspec", "full"],
];

describe("parallel BFS", () => {
  for (const [spec, w] of CASES) {
    it(`${spec} ${w}: same states and counterexample with 1 and 2 workers`, async () => {
      const r = await compileTo(spec, `par-${path.basename(spec, ".tspec")}`);
      const modulePath = path.resolve(r.dir, "model.ts");
      const mod = (await import(pathToFileURL(modulePath).href)) as { createModel(w: string): Model<unknown> };
      const model = mod.createModel(w);
      const seq = checkBfs(model);
      const one = await checkParallel(modulePath, w, { workers: 1 });
      const two = await checkParallel(modulePath, w, { workers: 2 });
      expect(one.verdict).toBe(seq.verdict);
      expect(two.verdict).toBe(seq.verdict);
      if (seq.verdict === "holds") {
        expect(one.stats.distinctStates).toBe(seq.stats.distinctStates);
        expect(two.stats.distinctStates).toBe(seq.stats.distinctStates);
      } else {
        expect(two.violation?.kind).toBe(seq.violation?.kind);
        expect(two.trace?.length).toBe(seq.trace?.length);
        expect(validateTrace(model, two)).toEqual([]);
        // The violating state is chosen by (level, fingerprint), so it does not depend on the worker
        // count; the path to it follows first-claim parent links, which may differ.
        const last = (res: typeof one): string => JSON.stringify(model.view(res.trace![res.trace!.length - 1]!.state));
        expect(last(two)).toBe(last(one));
        expect(two.trace?.length).toBe(one.trace?.length);
      }
    }, 60_000);
  }
});
