/**
 * Partial-order reduction preserves safety verdicts: every workload of every spec in specs/ and
 * test/models is checked with and without POR; the verdicts (and violation kinds/properties) agree, and
 * a counterexample found under POR is a real behaviour (validateTrace). POR never finds more states.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compileTo } from "../emit/helpers.js";
import { BfsSearch } from "../../runtime/bfs.js";
import { runSync } from "../../runtime/explore.js";
import { validateTrace } from "../../runtime/testing.js";
import type { Model } from "../../runtime/model.js";

const SPECS = [
  ...fs.readdirSync("specs/examples").map((f) => `specs/examples/${f}`),
  ...fs.readdirSync("specs/pfncache").filter((f) => f !== "base.tspec").map((f) => `specs/pfncache/${f}`),
  ...fs.readdirSync("test/models").filter((f) => f.endsWith(".tspec")).map((f) => `test/models/${f}`),
].filter((f) => f.endsWith(".tspec"));

/** Workloads larger than this (without POR) are skipped to keep the suite fast; the bench covers them. */
const MAX_STATES = 150_000;

describe("partial-order reduction preserves safety verdicts", () => {
  for (const spec of SPECS) {
    it(spec, async () => {
      const name = `por-${path.basename(spec, ".tspec")}`;
      const r = await compileTo(spec, name);
      const mod = (await import(pathToFileURL(path.resolve(r.dir, "model.ts")).href)) as {
        spec: { workloads: string[] };
        createModel(w: string): Model<unknown>;
      };
      for (const w of mod.spec.workloads) {
        const model = mod.createModel(w);
        const full = runSync(new BfsSearch(model, { maxStates: MAX_STATES }));
        if (full.verdict === "incomplete") continue;
        const por = runSync(new BfsSearch(model, { por: true }));
        const what = `${spec} ${w}`;
        expect(por.verdict, what).toBe(full.verdict);
        expect(por.violation?.kind, what).toBe(full.violation?.kind);
        if (full.violation?.kind === "invariant") expect(por.violation?.property, what).toBe(full.violation.property);
        expect(por.stats.distinctStates, what).toBeLessThanOrEqual(full.stats.distinctStates);
        if (por.verdict === "violated") expect(validateTrace(model, por), what).toEqual([]);
        if (full.verdict === "violated") expect(validateTrace(model, full), what).toEqual([]);
      }
    }, 60_000);
  }
});
