/**
 * TEMPORARY runner for the conformance ports of branch confb (dropped at merge in favour of the shared
 * test/conformance/conformance.test.ts). For every `test/conformance/<Model>/expected.json`: compile
 * `<Model>.tspec`, run the workload with BFS, and assert TLC's exact distinct-state count, the verdict, the
 * counterexample length when there is one, that every listed temporal property holds, and (deadlock checking
 * on, actions only) that no reachable state lacks a successor.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { buildStateGraph, checkAllProperties, checkBfs, type Model } from "../../runtime/index.js";
import type { LiveModel } from "../../runtime/liveness.js";
import { compileTo } from "../emit/helpers.js";

interface Expected {
  readonly source: string;
  readonly commit: string;
  readonly workload: string;
  readonly distinctStates: number;
  readonly verdict: string;
  readonly traceLength?: number;
  readonly properties?: readonly string[];
  readonly note?: string;
}

const ROOT = "test/conformance";
const models = fs
  .readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(ROOT, d.name, "expected.json")))
  .map((d) => d.name)
  .sort();

function verdictOf(r: ReturnType<typeof checkBfs>): string {
  if (r.verdict !== "violated" || !r.violation) return r.verdict;
  const v = r.violation;
  return v.kind === "invariant" ? `violates ${v.property}` : v.kind;
}

describe("conformance with TLC (tlaplus/Examples)", () => {
  it("finds the ported models", () => {
    expect(models.length).toBeGreaterThan(0);
  });
  for (const name of models) {
    const want = JSON.parse(fs.readFileSync(path.join(ROOT, name, "expected.json"), "utf8")) as Expected;
    it(`${name} (${want.source}): ${want.distinctStates} states, ${want.verdict}`, async () => {
      expect(want.commit).toMatch(/^[0-9a-f]{40}$/);
      const r = await compileTo(path.join(ROOT, name, `${name}.tspec`), `conformance-b-${name}`);
      const mod = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(`${r.dir}/model.ts`)).href)) as {
        createModel(w: string): Model<unknown>;
      };
      const model = mod.createModel(want.workload);
      const res = checkBfs(model, {});
      expect(verdictOf(res)).toBe(want.verdict);
      expect(res.stats.distinctStates).toBe(want.distinctStates);
      if (want.traceLength !== undefined) expect(res.trace?.length).toBe(want.traceLength);
      // TLC's deadlock check (on unless the cfg says CHECK_DEADLOCK FALSE, i.e. the port's
      // `check deadlock = false`): no reachable state of an actions-only port may lack a successor. Checked
      // on the graph itself, independently of the checker's own deadlock detection.
      if (model.checkDeadlock && model.instances.length === 0) {
        const g = buildStateGraph(model, {});
        expect(g.size).toBe(want.distinctStates);
        const stuck: number[] = [];
        for (let v = 0; v < g.size; v++) if (g.edgeBegin(v) === g.edgeEnd(v)) stuck.push(v);
        expect(stuck).toEqual([]);
      }
      if (want.properties && want.properties.length > 0) {
        const live = model as unknown as LiveModel<unknown>;
        expect(live.properties.map((p) => p.name).sort()).toEqual([...want.properties].sort());
        const results = checkAllProperties(live);
        for (const p of results) expect({ property: p.property, verdict: p.verdict, message: p.message }).toEqual({ property: p.property, verdict: "holds", message: p.message });
      }
    }, 120_000);
  }
});
