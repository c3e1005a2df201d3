/**
 * The public conformance corpus: `.tspec` ports of models from tlaplus/Examples (see README.md), each
 * checked for TLC's exact distinct-state count and verdict.
 *
 * For every `test/conformance/<Model>/expected.json` this compiles `<Model>/<Model>.tspec` in memory,
 * checks the named workload exhaustively (BFS, then its temporal properties when it has any), and
 * asserts: the verdict; the counterexample length (`traceLength`) and that the trace replays; the exact
 * number of distinct states (the full reachable set when the verdict is `holds`); and that every property
 * listed in `properties` was actually checked and holds.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpecText, ROOT } from "../fuzz/harness.js";
import { checkWorkloadForTest } from "../../runtime/verdict.js";
import type { Model } from "../../runtime/model.js";

interface Expected {
  readonly source: string;
  readonly commit: string;
  readonly workload: string;
  readonly distinctStates: number;
  readonly verdict: string;
  readonly traceLength?: number;
  /** TLC's `stateDepth` (manifest), asserted when given: the longest shortest path, an initial state being 1. */
  readonly stateDepth?: number;
  /** The number of initial states, asserted when given (TLC prints it as "N distinct states generated" at Init). */
  readonly initialStates?: number;
  readonly properties?: readonly string[];
  readonly note?: string;
  /**
   * A known spec2ts bug that this faithful port hits today. The test then runs as `it.fails`: it must
   * fail now, and it turns red the day the bug is fixed, so that this field is removed.
   */
  readonly blockedBy?: string;
}

const HERE = path.join(ROOT, "test/conformance");
const COMMIT = /^[0-9a-f]{40}$/;

const models = fs
  .readdirSync(HERE, { withFileTypes: true })
  .filter((e) => e.isDirectory() && fs.existsSync(path.join(HERE, e.name, "expected.json")))
  .map((e) => e.name)
  .sort();

function verdictOf(result: ReturnType<typeof checkWorkloadForTest>["result"]): string {
  if (result.verdict === "holds") return "holds";
  if (result.verdict === "incomplete") return `incomplete (${result.limit ?? "?"})`;
  const v = result.violation;
  if (!v) return "violated without a violation";
  if (v.kind === "invariant") return `violates ${v.property ?? "?"}`;
  return v.kind;
}

describe("conformance corpus (tlaplus/Examples ports)", () => {
  it("has models", () => {
    expect(models.length).toBeGreaterThan(0);
  });

  for (const name of models) {
    const exp = JSON.parse(fs.readFileSync(path.join(HERE, name, "expected.json"), "utf8")) as Expected;
    const test = exp.blockedBy ? it.fails : it;
    test(`${name} matches TLC${exp.blockedBy ? ` (fails until fixed: ${exp.blockedBy})` : ""}`, { timeout: 120_000 }, async () => {
      expect(exp.source, "expected.json: source").toMatch(/^specifications\/.+\.cfg$/);
      expect(exp.commit, "expected.json: full commit hash").toMatch(COMMIT);
      expect(Number.isInteger(exp.distinctStates) && exp.distinctStates > 0, "expected.json: distinctStates").toBe(true);
      const specPath = path.join(HERE, name, `${name}.tspec`);
      const text = fs.readFileSync(specPath, "utf8");
      // The spec names its source and commit in its header.
      expect(text).toContain(exp.commit);

      const mod = await loadSpecText(text, `.cache/conformance/${name}`);
      expect(Object.keys(mod.workloads), `workload ${exp.workload}`).toContain(exp.workload);
      const model = mod.createModel(exp.workload) as Model<unknown>;
      const outcome = checkWorkloadForTest(model);
      const { result } = outcome;

      // The spec's own `expect` agrees with expected.json, and the checker agrees with both.
      expect(outcome.problems, outcome.summary).toEqual([]);
      // One verdict for everything checked: safety first (as TLC), then the temporal properties.
      const liveBad = (outcome.liveness ?? []).find((l) => l.verdict !== "holds");
      const verdict = result.verdict === "holds" && liveBad ? (liveBad.verdict === "violated" ? `violates ${liveBad.property}` : `property ${liveBad.property} ${liveBad.verdict}`) : verdictOf(result);
      expect(verdict, outcome.summary).toBe(exp.verdict);
      if (exp.verdict === "holds") expect(result.complete, "a holds verdict explored everything").toBe(true);
      if (exp.traceLength !== undefined) expect(result.trace?.length, "counterexample length").toBe(exp.traceLength);
      else expect(result.trace, "no counterexample expected").toBeUndefined();
      expect(result.stats.distinctStates, "distinct states").toBe(exp.distinctStates);
      if (exp.stateDepth !== undefined) expect(result.stats.depth, "depth").toBe(exp.stateDepth);
      if (exp.initialStates !== undefined) expect(model.init().length, "initial states").toBe(exp.initialStates);

      const live = outcome.liveness ?? [];
      const declared = ((model as { properties?: readonly { name: string }[] }).properties ?? []).map((p) => p.name);
      expect([...declared].sort(), "properties declared by the spec").toEqual([...(exp.properties ?? [])].sort());
      for (const p of exp.properties ?? []) {
        const r = live.find((l) => l.property === p);
        expect(r, `property ${p} was checked`).toBeDefined();
        expect(r?.verdict, `property ${p}: ${r?.message ?? ""}`).toBe(exp.verdict === `violates ${p}` ? "violated" : "holds");
      }
    });
  }
});
