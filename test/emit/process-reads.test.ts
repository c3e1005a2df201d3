/**
 * Issue 13 item 1: properties, defs and action guards read a process's label (`P[p].pc == L`,
 * `at(P[p], L)`), its locals (`P[p].x`) and quantify over its instances (`forall p in P`). Every count
 * below is derived by hand (derivations next to each case); the generated code must typecheck under
 * `strict`, and partial-order and symmetry reduction must keep the verdicts.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { checkBfs, type Model } from "../../runtime/index.js";
import { checkAllProperties } from "../../runtime/analyses/liveness.js";
import { loadSpecText } from "../fuzz/harness.js";
import { compileTo, strictTypeErrors } from "./helpers.js";

const DIR = "test/fixtures/procs";

async function load(name: string): Promise<{ createModel(w: string): Model<unknown> }> {
  const r = await compileTo(`${DIR}/${name}.tspec`, `procs-${name}`);
  return (await import(/* @vite-ignore */ pathToFileURL(path.resolve(`${r.dir}/model.ts`)).href)) as { createModel(w: string): Model<unknown> };
}

function verdictOf(r: ReturnType<typeof checkBfs>): string {
  if (r.verdict !== "violated" || !r.violation) return r.verdict;
  return r.violation.kind === "invariant" ? `violates ${r.violation.property}` : r.violation.kind;
}

describe("properties can see processes", () => {
  it("Peterson's classic Inv over pc and the flag array holds in exactly 42 states", async () => {
    // c[p] is determined by pc[p] (true at a2, a3, cs, a4), so a state is (pc[1], pc[2], turn).
    // Call L = {a0, a1, a2} and H = {a3, cs, a4}. Both in L: 9 pairs x 2 turns = 18 (turn = 2 after a
    // full round of process 1). One in H, the other in L: the H one set turn to the other at a2 and
    // the other has not passed a2 since, so turn is forced: 2 x 3 x 3 = 18. Both in H: (a3, a3) with
    // either turn = 2; (a3, cs|a4) and mirrored with turn = the one past a3 = 4; both in {cs, a4}
    // never (mutual exclusion) = 0. Total 18 + 18 + 6 = 42.
    const m = (await load("peterson-inv")).createModel("two");
    const r = checkBfs(m, {});
    expect(verdictOf(r)).toBe("holds");
    expect(r.stats.distinctStates).toBe(42);
    expect(verdictOf(checkBfs(m, { por: true, porShortest: false }))).toBe("holds");
  });

  it("a singleton's pc and local, a def counting Done instances, an action guard and a temporal property", async () => {
    // Worker i: W1 (steps 0), W2 (steps 1), Done (steps 1): 9 pc pairs; done_count = #Done.
    // resets is 1 only after `reset`, enabled only in the initial state (both at W1): every pair
    // again with resets = 1. Monitor is at M1, or Done (seen = 2) once both workers are Done:
    // 9 x 2 + 2 = 20 states.
    const m = (await load("procs-kitchen")).createModel("two");
    const r = checkBfs(m, {});
    expect(verdictOf(r)).toBe("holds");
    expect(r.stats.distinctStates).toBe(20);
    const props = checkAllProperties(m as never);
    expect(props.map((p) => [p.property, p.verdict])).toEqual([["AllFinish", "holds"]]);
  });

  it("partial-order reduction sees that every step changes its process's pc", async () => {
    // P and Q share no variable, so their steps commute; only NotBothAtB (over their labels) tells
    // the interleavings apart. States: P in {A, B, Done} x Q in {A, B, Done} = 9; (B, B) violates
    // at depth 2 (trace of 3 states). Treating the pc reads as reading nothing, POR explores one
    // process after the other (5 states) and reports `holds`.
    const m = (await load("por-pc")).createModel("two");
    const full = checkBfs(m, {});
    expect(verdictOf(full)).toBe("violates NotBothAtB");
    expect(full.trace?.length).toBe(3);
    expect(verdictOf(checkBfs(m, { por: true, porShortest: false }))).toBe("violates NotBothAtB");
    expect(verdictOf(checkBfs(m, { por: true }))).toBe("violates NotBothAtB");
  });

  it("symmetric processes: pc and locals indexed by a bound Proc value are preserved by permutations", async () => {
    // Each worker is at Enter (tries 0), CS, Leave (tries 1, holding m) or Done (tries 1); at most one
    // holds m. None holding: 2^3 = 8; one holding: 3 holders x 2 labels x 2^2 = 24; 32 states.
    // Orbits (by how many are Done): none holding 4, one holding 2 labels x 3 = 6; 10 states.
    const m = (await load("symmetric-cs")).createModel("three");
    const plain = checkBfs(m, {});
    expect(verdictOf(plain)).toBe("holds");
    expect(plain.stats.distinctStates).toBe(32);
    const sym = checkBfs(m, { symmetry: true });
    expect(verdictOf(sym)).toBe("holds");
    expect(sym.stats.distinctStates).toBe(10);
  });

  it("an index that is not a running instance is a spec error at the read, not a crash", async () => {
    const mod = await loadSpecText(
      "spec S\nconst N: 1..3 = 2;\ninvariant Third: P[N + 1].pc != A;\nprocess P[self in 1..N] {\n  A: skip;\n}\nworkload w { expect holds; }\n",
      `.cache/test-emit/procs-out-of-set-${process.pid}`,
    );
    const r = checkBfs(mod.createModel("w"), {});
    expect(r.verdict).toBe("violated");
    expect(r.violation?.kind).toBe("spec_error");
    expect(r.violation?.message).toContain("P[3] is not an instance running in this workload");
  });

  it("a workload running a subset: `forall p in P` ranges over the running instances", async () => {
    // run P[1..1]: one instance, A then Done: 2 states; card(P) == 1 throughout.
    const mod = await loadSpecText(
      "spec S\nconst N: 1..3 = 3;\ninvariant One: card(P) == 1 and (forall p in P: P[p].pc == A or P[p].pc == Done);\nprocess P[self in 1..N] {\n  A: skip;\n}\nworkload w { run P[1..1]; expect holds; }\n",
      `.cache/test-emit/procs-subset-${process.pid}`,
    );
    const r = checkBfs(mod.createModel("w"), {});
    expect(verdictOf(r)).toBe("holds");
    expect(r.stats.distinctStates).toBe(2);
  });

  it("emits code that typechecks under strict", async () => {
    const files: string[] = [];
    for (const f of ["peterson-inv", "procs-kitchen", "por-pc", "symmetric-cs"]) {
      const r = await compileTo(`${DIR}/${f}.tspec`, `procs-tc-${f}`);
      files.push(...(r.files ?? []).map((x) => x.path).filter((p) => p.endsWith("model.ts")));
    }
    expect(strictTypeErrors(files)).toEqual([]);
  });

  it("a def named `at` keeps its meaning; a binder shadows a process name", async () => {
    const mod = await loadSpecText(
      "spec S\ndef at(x: 1..2, y: 1..2): bool = x == y;\ninvariant Own: at(1, 1) and (forall P in 1..2: P >= 1);\nprocess P {\n  A: skip;\n}\nworkload w { expect holds; }\n",
      `.cache/test-emit/procs-shadow-${process.pid}`,
    );
    const r = checkBfs(mod.createModel("w"), {});
    expect(verdictOf(r)).toBe("holds");
    expect(r.stats.distinctStates).toBe(2);
  });
});
