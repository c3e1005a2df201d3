/**
 * Per-binding fairness and quantified properties end to end, on specs/examples/readers-writers.tspec:
 * `strong fair each` holds, `strong fair` (one constraint for all readers) is violated with a lasso in
 * which one reader starves (named in the message and in the JSON `binding`), and both weak forms are
 * violated; `always (P => always Q)` violations are finite traces.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, hasStackTrace, spec2ts } from "./helpers.js";

const RW = "specs/examples/readers-writers.tspec";
const TMP = ".cache/test-cli-fairness";

beforeAll(() => {
  fs.rmSync(path.join(ROOT, TMP), { recursive: true, force: true });
  fs.mkdirSync(path.join(ROOT, TMP), { recursive: true });
});

describe.concurrent("fair each and quantified properties", () => {
  it("every workload of readers-writers is as expected: the verdict flips between `strong fair` and `strong fair each`", async () => {
    const r = await spec2ts(["check", RW]);
    // Exit 1: violations were found (as expected, which each workload's last line says).
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const blocks = r.stdout.split(/\n(?=ReadersWriters \/ )/);
    const block = (w: string): string => blocks.find((b) => b.startsWith(`ReadersWriters / ${w} `)) ?? "";
    expect(block("each_strong")).toContain("Verdict: holds — safety and the temporal property");
    expect(block("each_strong")).toContain("Expectation: as expected (expected holds)");
    expect(block("each_strong")).toContain("Property ReaderProgress: holds");
    for (const w of ["shared_strong", "each_weak", "shared_weak"]) {
      expect(block(w)).toMatch(
        /Property ReaderProgress: violated — ReaderProgress \(for r = [12]\) is violated: a fair behaviour eventually stays in ¬\(r in readers\) forever/,
      );
      expect(block(w)).toContain("Expectation: as expected (expected violates ReaderProgress)");
    }
    // Under `strong fair`, the other reader keeps reading: its StartRead is the cycle's.
    expect(block("shared_strong")).toMatch(/↻ 2 +StartReadSharedStrong :\d+\n +with r = 2; readers: \+2/);
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  });

  it("--json names the violated binding", async () => {
    const r = await spec2ts(["check", RW, "--workload", "shared_strong", "--json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as {
      workloads: { properties: { property: string; verdict: string; binding?: Record<string, unknown>; lasso?: { states: unknown[] } }[] }[];
    };
    const p = j.workloads[0]?.properties.find((x) => x.property === "ReaderProgress");
    expect(p?.verdict).toBe("violated");
    expect(p?.binding).toEqual({ r: 1 });
    expect(p?.lasso?.states.length).toBe(3);
  });

  it("always (P => always Q): a violation is a finite trace through a P state; the spec's expect is judged on it", async () => {
    const spec = path.join(TMP, "stable.tspec");
    fs.writeFileSync(
      path.join(ROOT, spec),
      [
        "spec Stable",
        "var x: 0..3 = 0;",
        "var done: bool = false;",
        "property Quiescence: always (done => always done);",
        "property Mono: forall k in 0..3: always (x >= k => always x >= k);",
        "action Inc when x < 3 { x = x + 1; }",
        "action Finish when x == 2 and not done { done = true; }",
        "action Reopen when done and x == 3 { done = false; }",
        "check deadlock = false;",
        "workload w { expect violates Quiescence; }",
        "",
      ].join("\n"),
    );
    const r = await spec2ts(["check", spec]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(
      "Property Quiescence: violated — Quiescence (safety: always (done => always done)) is violated: after a state satisfying done (state 5), a state falsifies done",
    );
    expect(r.stdout).toMatch(/4 +Finish :7\n +done: false → true\n5 +Inc :6\n +x: 2 → 3\n6 +Reopen :8\n +done: true → false/);
    expect(r.stdout).toContain("Property Mono: holds");
    expect(r.stdout).toContain("always (done => always done), but done is false here");
    expect(r.stdout).toContain("Expectation: as expected (expected violates Quiescence)");
  });
});
