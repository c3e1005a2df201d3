/** `spec2ts check`: verdicts, exit codes, limits, JSON output and usage errors. */
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonWorkload, jsonWorkloads, spec2ts } from "./helpers.js";

const MUTEX = "specs/examples/mutex.tspec";
const RACY = "specs/examples/racy-counter.tspec";

describe.concurrent("spec2ts check", () => {
  it("exits 0 when every property holds, and says it matches the expectation", async () => {
    const r = await spec2ts(["check", MUTEX]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Mutex / two");
    expect(r.stdout).toContain("Mutex / three");
    expect(r.stdout).toMatch(/Verdict: holds — all 20 reachable states explored \(bfs\)/);
    expect(r.stdout).toContain("Expectation: as expected");
  });

  it("exits 1 on a violation and prints the counterexample", async () => {
    const r = await spec2ts(["check", RACY, "--workload", "two", "--format", "list"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Verdict: violated — invariant NoLostUpdate violated");
    expect(r.stdout).toContain("Counterexample (5 states):");
    expect(r.stdout).toContain("Invariant NoLostUpdate at specs/examples/racy-counter.tspec:11 is violated in state 5.");
    expect(r.stdout).toContain("Expectation: as expected");
  });

  it("prints the counterexample as swimlanes by default", async () => {
    const r = await spec2ts(["check", RACY, "--workload", "two"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Counterexample: 5 states, 1 preemption (marked *)");
    expect(r.stdout).toMatch(/^ +Worker\[1\] +Worker\[2\]$/m);
    expect(r.stdout).toContain("Invariant NoLostUpdate at specs/examples/racy-counter.tspec:11 is violated in state 5.");
  });

  it("--full prints whole states", async () => {
    const r = await spec2ts(["check", RACY, "--full", "--format", "list"]);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/^ {2}count = /gm)?.length).toBe(5);
  });

  it("exits 3 when a limit stops the search", async () => {
    const r = await spec2ts(["check", MUTEX, "--workload", "three", "--max-states", "1"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("Verdict: incomplete — stopped by the state limit");
  });

  it("--dfs with --depth bounds the search", async () => {
    const r = await spec2ts(["check", MUTEX, "-w", "three", "--dfs", "--depth", "3", "--json"]);
    // Issue 14 item 14: a bound that cut states off is not a proof: exit 3, not 0.
    expect(r.code).toBe(3);
    const j = jsonWorkload<{ mode: string; complete: boolean; maxDepth: number }>(r.stdout);
    expect(j).toMatchObject({ mode: "dfs", complete: false, maxDepth: 3 });
  });

  it("--json prints the version-1 document with one workload object, and nothing else on stdout", async () => {
    const r = await spec2ts(["check", RACY, "--json"]);
    expect(r.code).toBe(1);
    expect(Object.keys(JSON.parse(r.stdout) as object)).toEqual(["version", "workloads"]);
    const j = jsonWorkload(r.stdout);
    expect(j.types).toMatchObject({ count: "int", "Worker[1].pc": "name" });
    expect(j).toMatchObject({
      spec: "RacyCounter",
      workload: "two",
      verdict: "violated",
      violation: { kind: "invariant", property: "NoLostUpdate" },
      mode: "bfs",
      complete: false,
      expected: "violates NoLostUpdate",
      asExpected: true,
    });
    expect(j.stats).toMatchObject({ distinctStates: 12, depth: 5 });
    const trace = j.trace as { index: number; action: string; state: Record<string, unknown> }[];
    expect(trace).toHaveLength(5);
    expect(trace[0]).toMatchObject({ index: 1, action: "init", state: { count: 0 } });
    expect(trace[4]).toMatchObject({ index: 5, process: "Worker[2]", action: "Write" });
  });

  it("--json has the same shape with several workloads: one object per workload in `workloads`", async () => {
    const r = await spec2ts(["check", MUTEX, "--json"]);
    expect(r.code).toBe(0);
    const j = jsonWorkloads<{ workload: string; verdict: string }>(r.stdout);
    expect(j.map((x) => [x.workload, x.verdict])).toEqual([
      ["two", "holds"],
      ["three", "holds"],
    ]);
  });

  it.each([
    [["check", "specs/examples/nope.tspec"], "no such file: specs/examples/nope.tspec"],
    [["check", MUTEX, "--workload", "four"], "unknown workload `four` in specs/examples/mutex.tspec; available: two, three"],
    [["check", MUTEX, "--max-states", "lots"], "argument 'lots' is invalid. expected a positive integer"],
    [["check", MUTEX, "--max-seconds", "-1"], "expected a positive number"],
    [["check", MUTEX, "--depth", "3"], "--depth bounds a depth-first search: add --dfs"],
    [["check", MUTEX, "--frobnicate"], "unknown option '--frobnicate'"],
    [["check", MUTEX, "--format", "svg"], "argument 'svg' is invalid. Allowed choices are swimlane, list, mermaid"],
    [["check", "specs"], "specs is a directory"],
    [["check"], "missing required argument 'file'"],
    [["nonsense"], "unknown command 'nonsense'"],
  ])("usage error %j exits 2 with a clear message", async (args, message) => {
    const r = await spec2ts(args);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
