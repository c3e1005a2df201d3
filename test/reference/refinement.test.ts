/**
 * Differential test of refinement: the generated checker (the abstract spec's generated model, the
 * generated mapping, runtime/contract/refinement.ts) against the reference interpreter's independent check
 * (refinement.ts) on specs that refine and on mutants that must not.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../generator/api.js";
import { compileTo } from "../emit/helpers.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import type { Model } from "../../runtime/contract/model.js";
import { referenceRefinement } from "./refinement.js";

/** Key-sorted JSON, the shape of the reference's canonical keys. */
function stable(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
    .join(",")}}`;
}

const CASES: readonly { readonly file: string; readonly workload: string; readonly holds: boolean }[] = [
  { file: "specs/examples/refinement/peterson.tspec", workload: "two", holds: true },
  { file: "specs/examples/refinement/peterson-no-await.tspec", workload: "two", holds: false },
  { file: "test/fixtures/refinement/impl-counter.tspec", workload: "two", holds: true },
  { file: "test/fixtures/refinement/impl-counter-broken.tspec", workload: "two", holds: false },
  { file: "test/fixtures/refinement/impl-counter-badinit.tspec", workload: "two", holds: false },
  { file: "test/conformance/EWD840/EWD840.tspec", workload: "EWD840", holds: true },
  { file: "test/conformance/EWD840/EWD840.mutant.tspec", workload: "EWD840", holds: false },
  { file: "test/conformance/Peterson/Peterson.mutant.tspec", workload: "PetersonCfg", holds: false },
  { file: "test/conformance/LockHS/LockHS.tspec", workload: "LockHS", holds: true },
  { file: "test/conformance/LockHS/LockHS.mutant.tspec", workload: "LockHS", holds: false },
  { file: "test/conformance/LockHSPSpec/LockHSPSpec.tspec", workload: "LockHS", holds: true },
  { file: "test/conformance/LockHSPSpec/LockHSPSpec.mutant.tspec", workload: "LockHS", holds: false },
  { file: "test/conformance/MCAlternatingBit/MCAlternatingBit.tspec", workload: "MCAlternatingBit", holds: true },
  { file: "test/conformance/MCAlternatingBit/MCAlternatingBit.mutant.tspec", workload: "MCAlternatingBit", holds: false },
  { file: "test/conformance/MCPaxos/MCPaxos.tspec", workload: "MCPaxos", holds: true },
  { file: "test/conformance/MCPaxos/MCPaxos.mutant.tspec", workload: "MCPaxos", holds: false },
  { file: "test/conformance/TwoPhase/TwoPhase.tspec", workload: "TwoPhase", holds: true },
  { file: "test/conformance/TwoPhase/TwoPhase.mutant.tspec", workload: "TwoPhase", holds: false },
  { file: "test/conformance/MCWriteThroughCache/MCWriteThroughCache.tspec", workload: "MCWriteThroughCache", holds: true },
  { file: "test/conformance/MCWriteThroughCache/MCWriteThroughCache.mutant.tspec", workload: "MCWriteThroughCache", holds: false },
];

describe("refinement: generated checker vs reference interpreter", () => {
  for (const c of CASES) {
    it(`${c.file} (${c.holds ? "refines" : "does not refine"})`, { timeout: 120_000 }, async () => {
      const fe = checkFile(c.file);
      expect(fe.checked?.refines, fe.diagnostics.map((d) => d.message).join("; ")).toBeDefined();
      const w = fe.checked!.workloads.find((x) => x.name === c.workload)!;
      const ref = referenceRefinement(fe.checked!, w);
      expect(ref.badInits.length === 0 && ref.badSteps.length === 0, "reference verdict").toBe(c.holds);

      const out = await compileTo(c.file, `refdiff-${path.basename(c.file, ".tspec")}`);
      const mod = (await import(pathToFileURL(path.resolve(out.dir, "model.ts")).href)) as { createModel(w: string): Model<unknown> };
      const r = checkBfs(mod.createModel(c.workload));
      if (c.holds) {
        expect(r.verdict).toBe("holds");
        expect(r.stats.distinctStates, "reachable states").toBe(ref.states);
        return;
      }
      const v = r.violation;
      expect(v?.kind).toBe("refinement");
      const d = v?.refinement;
      if (ref.badInits.length > 0) {
        // An initial state: the generated one maps to a state the reference also finds outside Init.
        expect(v?.step).toBeUndefined();
        expect(ref.badInits).toContain(stable(d?.after));
        return;
      }
      expect(v?.step).toBeDefined();
      // The generated counterexample's step and abstract states are among the reference's violating steps,
      // at the least depth (BFS: the trace ends in the step's source state).
      const minDepth = Math.min(...ref.badSteps.map((b) => b.depth));
      expect(r.trace?.length).toBe(minDepth);
      const pair = `${stable(d?.before)} -> ${stable(d?.after)}`;
      expect(ref.badSteps.map((b) => `${b.before} -> ${b.after}`)).toContain(pair);
      expect(ref.badSteps.some((b) => b.step.endsWith(v!.step!.name))).toBe(true);
    });
  }
});
