/** Issue 12 item 8: deadlock is TLC's: a state without successors that is not PlusCal's `Terminating`. */
import { describe, expect, it } from "vitest";
import { jsonWorkload, spec2ts } from "./helpers.js";

const ACTIONS = "test/fixtures/verdicts/actions-deadlock.tspec";

describe.concurrent("issue 12 item 8: deadlock in specs of actions", () => {
  it("var x: 0..1 = 0; action Inc when x == 0 { x = 1; } reports a deadlock in state 2 (exit 1, as expected)", async () => {
    const r = await spec2ts(["check", ACTIONS, "-w", "w"]);
    expect(r.stdout).toContain("Verdict: violated — deadlock");
    expect(r.stdout).toContain("Deadlock in state 2: no action is enabled (a spec without processes never terminates).");
    expect(r.stdout).toContain("Expectation: as expected (expected deadlock)");
    expect(r.code).toBe(1);
    const j = await spec2ts(["check", ACTIONS, "-w", "w", "--json"]);
    const o = jsonWorkload<{ verdict: string; violation: { kind: string }; trace: unknown[]; asExpected: boolean }>(j.stdout);
    expect([o.verdict, o.violation.kind, o.trace.length, o.asExpected]).toEqual(["violated", "deadlock", 2, true]);
  });

  it("`check deadlock = false;` in a workload turns it off for that workload only (TLC's -deadlock)", async () => {
    const r = await spec2ts(["check", ACTIONS, "-w", "ends"]);
    expect(r.stdout).toContain("Verdict: holds — all 2 reachable states explored");
    expect(r.code).toBe(0);
  });

  it("spec2ts test agrees: both workloads as expected", async () => {
    const r = await spec2ts(["test", ACTIONS]);
    expect(r.stdout).toMatch(/actions-deadlock\.tspec\s+w\s+deadlock\s+deadlock\s+2\s+2\s+\S+\s+ok/);
    expect(r.stdout).toMatch(/actions-deadlock\.tspec\s+ends\s+holds\s+holds\s+2\s+2\s+\S+\s+ok/);
    expect(r.code).toBe(0);
  });

  it("processes that all finish terminate: no deadlock", async () => {
    const r = await spec2ts(["check", "test/fixtures/verdicts/processes-terminate.tspec"]);
    expect(r.stdout).toContain("Verdict: holds");
    expect(r.code).toBe(0);
  });
});
