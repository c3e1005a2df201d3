/** A step error one level shallower than an invariant violation found first is the one reported. */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compileTo } from "../emit/helpers.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { validateTrace } from "../../runtime/workload/testing.js";
import type { Model } from "../../runtime/contract/model.js";

describe("BFS counterexamples are shortest across violation kinds", () => {
  it("prefers a later state's step error (2 states) to an earlier successor's invariant violation (3)", async () => {
    const r = await compileTo("test/fixtures/runtime/shortest-kind.tspec", "shortest-kind");
    const mod = (await import(pathToFileURL(path.resolve(r.dir, "model.ts")).href)) as { createModel(w: string): Model<unknown> };
    const model = mod.createModel("w");
    const res = checkBfs(model);
    expect(res.verdict).toBe("violated");
    expect(res.violation?.kind).toBe("assertion");
    expect(res.trace?.length).toBe(2);
    expect(validateTrace(model, res)).toEqual([]);
    // The same under partial-order reduction (its violation is re-derived by a plain BFS).
    const por = checkBfs(model, { por: true });
    expect(por.violation?.kind).toBe("assertion");
    expect(por.trace?.length).toBe(2);
  });
});
