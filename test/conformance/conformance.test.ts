/**
 * The public conformance corpus: `.tspec` ports of models from tlaplus/Examples (see README.md), each
 * checked for TLC's exact distinct-state count and verdict.
 *
 * For every `test/conformance/<Model>/expected.json` this compiles `<Model>/<Model>.tspec` in memory,
 * checks the named workload exhaustively (BFS, then its temporal properties when it has any), and
 * asserts: the verdict; the counterexample length (`traceLength`) and that the trace replays; the exact
 * number of distinct states (the full reachable set when the verdict is `holds`); and that every property
 * listed in `properties` was actually checked and holds. The searches run without partial-order
 * reduction (asserted per model): its counts are of a reduced graph, not comparable with TLC's.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpecText, ROOT } from "../fuzz/harness.js";
import { pathToFileURL } from "node:url";
import { checkWorkloadForTest } from "../../runtime/workload/verdict.js";
import { compileFile } from "../../generator/api.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { refinementOf } from "../../runtime/contract/refinement.js";
import type { Model } from "../../runtime/contract/model.js";

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
  /**
   * A refinement PROPERTY of the cfg (`Abs!Spec`), checked through the port's `refines` declaration:
   * its name in the cfg, the abstract spec's name, whether the abstract spec's fairness (the liveness
   * part) exists (it is never checked today: "not checked"), and a mutant (a file next to the port, a
   * broken mapping or implementation) that must be reported as a refinement violation.
   */
  readonly refinement?: {
    readonly property: string;
    readonly abstract: string;
    readonly liveness: "not checked" | "none declared";
    readonly mutant: string;
    readonly mutantTraceLength: number;
  };
}

/** Compiles a spec from its file (as `spec2ts check` does, so `refines` loads its abstract spec) and imports its model. */
async function loadSpecFile(file: string, dir: string): Promise<{ workloads: Record<string, unknown>; createModel(w: string): unknown }> {
  const r = await compileFile(file, { outDir: dir, runtimeDir: "runtime" });
  if (!r.files) throw new Error(`${file} does not compile:\n${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  for (const f of r.files) {
    fs.mkdirSync(path.dirname(path.resolve(ROOT, f.path)), { recursive: true });
    fs.writeFileSync(path.resolve(ROOT, f.path), f.content);
  }
  return (await import(/* @vite-ignore */ pathToFileURL(path.resolve(ROOT, dir, "model.ts")).href)) as {
    workloads: Record<string, unknown>;
    createModel(w: string): unknown;
  };
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

      // A port with `refines` compiles from its file: the abstract spec is found relative to it. A port
      // that extends another and replaces its refinement (`override refines`) checks another property.
      const refines = /^(override\s+)?refines\s/m.test(text);
      expect(refines, "expected.json: `refinement` exactly when the port declares `refines`").toBe(exp.refinement !== undefined);
      const mod = refines
        ? await loadSpecFile(path.relative(ROOT, specPath), `.cache/conformance/${name}`)
        : await loadSpecText(text, `.cache/conformance/${name}`);
      expect(Object.keys(mod.workloads), `workload ${exp.workload}`).toContain(exp.workload);
      const model = mod.createModel(exp.workload) as Model<unknown>;
      const outcome = checkWorkloadForTest(model);
      const { result } = outcome;
      // TLC's counts are of the full state graph: the corpus is checked without partial-order
      // reduction (as `check --no-por`; `check` reduces by default where sound), and must stay so.
      expect(result.por, "the conformance search must not reduce (POR off)").toBeUndefined();

      // The spec's own `expect` agrees with expected.json, and the checker agrees with both.
      expect(outcome.problems, outcome.summary).toEqual([]);
      // One verdict for everything checked: safety first (as TLC), then the temporal properties.
      const liveBad = (outcome.liveness ?? []).find((l) => l.verdict !== "holds");
      const verdict =
        result.verdict === "holds" && liveBad
          ? liveBad.verdict === "violated"
            ? `violates ${liveBad.property}`
            : `property ${liveBad.property} ${liveBad.verdict}`
          : verdictOf(result);
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

      if (exp.refinement !== undefined) {
        // The refinement property: every generated transition and initial state was checked against the
        // abstract model (a complete search that holds), and the liveness part is reported as it is.
        const ref = refinementOf(model);
        expect(ref?.spec, "the model checks refinement of").toBe(exp.refinement.abstract);
        expect(ref?.hasFairness ? "not checked" : "none declared", "liveness part of the refinement").toBe(exp.refinement.liveness);
        if (exp.verdict === "holds") expect(result.complete && result.violation === undefined).toBe(true);
        // The mutant must be caught, as a refinement violation with a replayable counterexample.
        const mutantPath = path.join(HERE, name, exp.refinement.mutant);
        const mut = await loadSpecFile(path.relative(ROOT, mutantPath), `.cache/conformance/${name}-mutant`);
        const mm = mut.createModel(exp.workload) as Model<unknown>;
        const mr = checkBfs(mm);
        expect(mr.violation?.kind, `${exp.refinement.mutant}: ${mr.violation?.message ?? "no violation"}`).toBe("refinement");
        expect(mr.violation?.refinement?.abstract).toBe(exp.refinement.abstract);
        expect(mr.trace?.length, "mutant counterexample length").toBe(exp.refinement.mutantTraceLength);
      }
    });
  }
});
