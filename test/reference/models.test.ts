/**
 * Sanity of the reference semantics on the hand-written models: exact state counts, verdicts and
 * counterexample lengths of test/models/expected.json (numbers recorded independently of the
 * generator), and full agreement (states, transitions, verdicts) with the generated checker on those
 * models and on specs/examples. Workloads above 20,000 states are left to the generated checker.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { frontEnd, LONG, ROOT } from "../fuzz/harness.js";
import { differential } from "./differential.js";
import { referenceGraph } from "./graph.js";

type Expected = Record<string, Record<string, { distinctStates: number; verdict: string; traceLength?: number }>>;
const expected = JSON.parse(fs.readFileSync(path.resolve(ROOT, "test/models/expected.json"), "utf8")) as Expected;
/** Larger workloads (mutexn n4k4: 12,288 states, several seconds) only in the long run (`npm run fuzz`). */
const MAX = LONG ? 20_000 : 5_000;

describe("reference semantics on test/models (expected.json)", () => {
  for (const [file, workloads] of Object.entries(expected)) {
    for (const [w, want] of Object.entries(workloads)) {
      if (want.distinctStates > MAX) continue;
      it(`${file} ${w}: ${want.distinctStates} states, ${want.verdict}`, () => {
        const rel = `test/models/${file}`;
        const o = frontEnd(fs.readFileSync(path.resolve(ROOT, rel), "utf8"), rel);
        const cw = o.checked?.workloads.find((x) => x.name === w);
        expect(cw).toBeDefined();
        const g = referenceGraph(o.checked!, cw!, MAX);
        expect(g.nodes.size).toBe(want.distinctStates);
        if (want.verdict === "holds") expect(g.shortest).toBeUndefined();
        else {
          const kinds = [...(g.shortest?.kinds ?? [])];
          if (want.verdict.startsWith("violates ")) expect([...(g.shortest?.invariants ?? [])]).toContain(want.verdict.slice("violates ".length));
          else expect(kinds).toContain(want.verdict);
          if (want.traceLength !== undefined) expect(g.shortest?.length).toBe(want.traceLength);
        }
      });
    }
  }
});

/** Conformance ports small enough for the reference (their expected.json counts, below 20,000 states). */
const CONFORMANCE = fs
  .readdirSync(path.resolve(ROOT, "test/conformance"))
  .filter((d) => fs.existsSync(path.resolve(ROOT, `test/conformance/${d}/expected.json`)))
  .filter(
    (d) =>
      (JSON.parse(fs.readFileSync(path.resolve(ROOT, `test/conformance/${d}/expected.json`), "utf8")) as { distinctStates?: number }).distinctStates! < 20_000,
  )
  .map((d) => `test/conformance/${d}/${d}.tspec`)
  .filter((f) => fs.existsSync(path.resolve(ROOT, f)));
const SPECS = [
  ...fs
    .readdirSync(path.resolve(ROOT, "test/models"))
    .filter((f) => f.endsWith(".tspec"))
    .map((f) => `test/models/${f}`),
  "specs/examples/mutex.tspec",
  "specs/examples/racy-counter.tspec",
  ...fs
    .readdirSync(path.resolve(ROOT, "test/fixtures/procs"))
    .filter((f) => f.endsWith(".tspec"))
    .map((f) => `test/fixtures/procs/${f}`),
  ...CONFORMANCE,
];

describe("reference semantics agrees with the generated checker on the models", () => {
  for (const rel of SPECS) {
    const text = fs.readFileSync(path.resolve(ROOT, rel), "utf8");
    const o = frontEnd(text, rel);
    for (const w of o.checked?.workloads ?? []) {
      // mutexn-sym.tspec has mutexn.tspec's workloads (and state counts without reduction).
      const known = expected[path.basename(rel).replace("-sym", "")]?.[w.name];
      if (known && known.distinctStates > 2000) continue;
      const big = rel.startsWith("test/conformance/");
      it(`${rel} ${w.name}`, { timeout: 120_000 }, async () => {
        const symmetric = /\bsymmetric\b/.test(text);
        const r = await differential(text, `model-${path.basename(rel, ".tspec")}-${w.name}`, { workload: w.name, symmetric, cap: big ? 20_000 : 2000 }, rel);
        expect(r.capped).toBe(false);
        expect(r.problems, r.problems.join("\n")).toEqual([]);
      });
    }
  }
});

/** pfncache workloads small enough for the reference (the larger ones only in the long run). */
const PFNCACHE: readonly (readonly [string, string])[] = [
  ["specs/pfncache/a-5.18.tspec", "refresh-deactivate"],
  ["specs/pfncache/b2-6.2.tspec", "refresh-deactivate"],
  ["specs/pfncache/d-mainline.tspec", "refresh-deactivate"],
  ["specs/pfncache/c-email-fix.tspec", "refresh-deactivate"],
  ...(LONG
    ? ([
        ["specs/pfncache/a-5.18.tspec", "refresh-refresh"],
        ["specs/pfncache/b2-6.2.tspec", "reactivate-reader"],
        ["specs/pfncache/b2-6.2.tspec", "refresh-invalidate"],
      ] as const)
    : []),
];

describe("reference semantics agrees with the generated checker on pfncache workloads", () => {
  for (const [rel, w] of PFNCACHE) {
    it(`${rel} ${w}`, async () => {
      const text = fs.readFileSync(path.resolve(ROOT, rel), "utf8");
      const r = await differential(text, `pfn-${path.basename(rel, ".tspec")}-${w}`, { workload: w, cap: 10_000 }, rel);
      expect(r.capped).toBe(false);
      expect(r.problems, r.problems.join("\n")).toEqual([]);
    });
  }
});
