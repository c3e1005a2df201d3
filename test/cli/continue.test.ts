/**
 * `spec2ts check --continue` (TLC's -continue), `spec2ts test --per-property`, and state constraints
 * end to end: every violation once with its shortest trace, in the human output, JSON and one ITF
 * file per violation; exit codes; the per-property table; flag conflicts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonWorkload, spec2ts } from "./helpers.js";

const MULTI = "test/fixtures/continue/multi.tspec";
const GRID = "test/fixtures/constraint/grid.tspec";

describe.concurrent("spec2ts check --continue", () => {
  it("reports each violation once with its own shortest counterexample and counts every state (exit 1)", async () => {
    const r = await spec2ts(["check", MULTI, "-w", "all", "--continue", "--format", "list"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("16 distinct states");
    expect(r.stdout).toContain("5 distinct violations");
    expect(r.stdout).toMatch(/1\. invariant YBelow2 violated \(3 states\)/);
    expect(r.stdout).toMatch(/2\. assertion failure .* \(3 states\)/);
    expect(r.stdout).toMatch(/3\. invariant XBelow3 violated \(4 states\)/);
    expect(r.stdout).toMatch(/4\. invariant XBelow5 violated \(6 states\)/);
    expect(r.stdout).toMatch(/5\. deadlock \(6 states\)/);
    expect(r.stdout).toContain("Violation 5 of 5: deadlock");
    expect(r.stdout).toContain("Per property:");
    expect(r.stdout).toMatch(/invariant\s+Fine\s+holds/);
    expect(r.stdout).toMatch(/invariant\s+XBelow3\s+violated \(4 states\)/);
    // The assertion stops the state graph: the temporal property is reported as not fully checked, never as holding.
    expect(r.stdout).toMatch(/temporal\s+Grows\s+incomplete/);
    // The expectation is judged on the shortest violation, as without --continue.
    expect(r.stdout).toContain("Expectation: as expected");
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("without --continue the search stops at the first violation and counts fewer states", async () => {
    const r = await spec2ts(["check", MULTI, "-w", "all", "-q"]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain("distinct violations");
  });

  it("checks the temporal properties after a complete --continue search", async () => {
    const r = await spec2ts(["check", MULTI, "-w", "lax", "--continue", "-q"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Property Grows: violated");
    expect(r.stdout).toMatch(/steps\s+assertions, lock and run-time errors\s+holds/);
  });

  it("--json carries every violation with its trace and the per-property rows", async () => {
    const r = await spec2ts(["check", MULTI, "-w", "all", "--continue", "--json"]);
    expect(r.code).toBe(1);
    const j = jsonWorkload(r.stdout) as {
      violations: { kind: string; property?: string; traceLength: number; trace: unknown[] }[];
      perProperty: { name: string; verdict: string }[];
      stats: { distinctStates: number };
    };
    expect(j.stats.distinctStates).toBe(16);
    expect(j.violations.map((v) => `${v.kind}:${v.property ?? ""}@${v.traceLength}`)).toEqual([
      "invariant:YBelow2@3",
      "assertion:@3",
      "invariant:XBelow3@4",
      "invariant:XBelow5@6",
      "deadlock:@6",
    ]);
    for (const v of j.violations) expect(v.trace.length).toBe(v.traceLength);
    expect(j.perProperty.find((p) => p.name === "Fine")?.verdict).toBe("holds");
  });

  it("--itf writes one file per violation, named after it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec2ts-continue-"));
    const base = path.join(dir, "trace.itf.json");
    const r = await spec2ts(["check", MULTI, "-w", "all", "--continue", "--itf", base, "-q"]);
    expect(r.code).toBe(1);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual([
      "trace.XBelow3.itf.json",
      "trace.XBelow5.itf.json",
      "trace.YBelow2.itf.json",
      "trace.assertion-line22.itf.json",
      "trace.deadlock.itf.json",
    ]);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, "trace.XBelow3.itf.json"), "utf8")) as { states: unknown[] };
    expect(doc.states.length).toBe(4);
  });

  it("rejects --continue with --dfs or --por (exit 2)", async () => {
    const a = await spec2ts(["check", MULTI, "--continue", "--dfs"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("--continue needs the breadth-first search");
    const b = await spec2ts(["check", MULTI, "--continue", "--por"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("--continue and --por cannot be combined");
  });

  it("says which --workers a run will not use (runtime/workload/plan.ts notes), and still runs", async () => {
    const c = await spec2ts(["check", GRID, "-w", "bounded", "--continue", "--workers", "2", "-q"]);
    expect(c.code).toBe(0);
    expect(c.stderr).toContain("note: --workers 2 is not used: a --continue search runs on 1 thread");
    const d = await spec2ts(["check", GRID, "-w", "bounded", "--dfs", "--workers", "3", "-q"]);
    expect(d.stderr).toContain("note: --workers 3 is not used: the depth-first search runs on 1 thread");
    const plain = await spec2ts(["check", GRID, "-w", "bounded", "--workers", "2", "-q"]);
    expect(plain.stderr).not.toContain("is not used");
  });

  it("a holding workload is unchanged by --continue (exit 0)", async () => {
    const r = await spec2ts(["check", GRID, "-w", "bounded", "--continue", "-q"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/invariant\s+XBelow8\s+holds/);
  });
});

describe.concurrent("state constraints end to end", () => {
  it("check counts only the states inside the constraint and reports a violation outside it", async () => {
    const a = await spec2ts(["check", GRID, "-w", "bounded"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain("12 distinct states, 24 transitions, depth 6");
    const b = await spec2ts(["check", GRID, "-w", "sees-outside", "--format", "list"]);
    expect(b.code).toBe(1);
    expect(b.stdout).toContain("Invariant XBelow8 at test/fixtures/constraint/grid.tspec:8 is violated in state 9.");
    const d = await spec2ts(["check", GRID, "-w", "bounded", "--dfs", "-q"]);
    expect(d.stdout).toContain("all 12 reachable states explored (dfs)");
  });
});

describe.concurrent("spec2ts test --per-property", () => {
  it("prints one row per invariant, property, deadlock and failing statement under each workload", async () => {
    const r = await spec2ts(["test", MULTI, "--per-property"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/invariant\s+YBelow2\s+violated \(3 states\)/);
    expect(r.stdout).toMatch(/assertion\s+test\/fixtures\/continue\/multi\.tspec:22:3\s+violated \(3 states\)/);
    expect(r.stdout).toMatch(/temporal\s+Grows\s+violated/);
    expect(r.stdout).toMatch(/deadlock\s+deadlock\s+violated \(6 states\)/);
    expect(r.stdout).toContain("2 workloads in 1 spec: 2 ok, 0 failed");
  });

  it("without --per-property no table is printed", async () => {
    const r = await spec2ts(["test", MULTI]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/invariant\s+Fine/);
  });
});
