/** `spec2ts test`: the table, and the exit code comparing verdicts with `expect`. */
import { describe, expect, it } from "vitest";
import { spec2ts } from "./helpers.js";

describe.concurrent("spec2ts test", () => {
  it("prints one row per workload and exits 0 when all match", async () => {
    const r = await spec2ts(["test", "specs/examples/mutex.tspec", "specs/examples/racy-counter.tspec"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^spec\s+workload\s+expected\s+actual\s+states\s+depth\s+seconds$/);
    expect(lines[1]).toMatch(/^specs\/examples\/mutex\.tspec\s+two\s+holds\s+holds\s+8\s+5\s+\d+\.\d\d\s+ok$/);
    expect(lines[2]).toMatch(/^specs\/examples\/mutex\.tspec\s+three\s+holds\s+holds\s+20\s+7\s+\d+\.\d\d\s+ok$/);
    expect(lines[3]).toMatch(/^specs\/examples\/racy-counter\.tspec\s+two\s+violates NoLostUpdate\s+violates NoLostUpdate\s+12\s+5\s+\d+\.\d\d\s+ok$/);
    expect(r.stdout).toMatch(/3 workloads in 2 specs: 3 ok, 0 failed/);
  });

  it("exits 1 and explains a workload whose verdict differs from its expect", async () => {
    const r = await spec2ts(["test", "test/fixtures/cli/wrong-expect.tspec", "specs/examples/mutex.tspec"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/wrong-expect\.tspec\s+two\s+holds\s+violates NoLostUpdate\s+12\s+5\s+\S+\s+FAIL/);
    expect(r.stdout).toContain("expected holds, got invariant NoLostUpdate violated");
    expect(r.stdout).toMatch(/3 workloads in 2 specs: 2 ok, 1 failed/);
  });

  it("exits 2 when a spec has errors, still running the others", async () => {
    const r = await spec2ts(["test", "test/fixtures/cli/malformed.tspec", "specs/examples/mutex.tspec"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[E101]");
    expect(r.stdout).toMatch(/2 workloads in 1 spec: 2 ok, 0 failed, 1 spec with errors/);
  });
});
