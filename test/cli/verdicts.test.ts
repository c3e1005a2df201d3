/**
 * Issue 12 items 4, 5, 6 and 9: one verdict over everything checked, agreeing in the human output,
 * JSON, exit codes and `spec2ts test`; properties that were not checked say so, never "holds".
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonWorkload, spec2ts } from "./helpers.js";

const ALWAYS = "test/fixtures/verdicts/always-violated.tspec";
const LIVE_BAD = "test/fixtures/verdicts/liveness-violated.tspec";
const LIVE_OK = "test/fixtures/verdicts/liveness-holds.tspec";

interface JsonProperty {
  property: string;
  verdict: string;
  message?: string;
  reason?: string;
  violation?: { kind: string; property: string; location: string };
  trace?: { index: number; action: string; state: { x: number } }[];
  lasso?: unknown;
}
interface Json {
  verdict: string;
  safety: string;
  properties: JsonProperty[];
  asExpected: boolean;
  expectation: string;
  problems?: string[];
}

describe.concurrent("issue 12 item 4: property P: always X has a real counterexample", () => {
  it("prints the shortest trace to the state violating X, and exits 1", async () => {
    const r = await spec2ts(["check", ALWAYS]);
    expect(r.stdout).toContain("Safety: holds — all 5 reachable states explored (bfs)");
    expect(r.stdout).toContain("Verdict: violated — temporal property Small");
    expect(r.stdout).toMatch(/Counterexample: 3 states/);
    expect(r.stdout).toContain(`Property Small at ${ALWAYS}:6 is violated in state 3: always x < 2, but x < 2 is false here.`);
    expect(r.stdout).toContain("Expectation: as expected (expected violates Small)");
    expect(r.code).toBe(1);
  });

  it("--json: verdict violated, the property's trace and violation", async () => {
    const r = await spec2ts(["check", ALWAYS, "--json"]);
    const o = jsonWorkload<Json>(r.stdout);
    expect([o.verdict, o.safety, o.expectation, o.asExpected]).toEqual(["violated", "holds", "met", true]);
    const p = o.properties[0] as JsonProperty;
    expect(p.verdict).toBe("violated");
    expect(p.violation).toMatchObject({ kind: "property", property: "Small", location: `${ALWAYS}:6` });
    expect(p.trace?.map((t) => t.state.x)).toEqual([0, 1, 2]);
    expect(r.code).toBe(1);
  });

  it("--itf writes the trace, and replay accepts it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec2ts-always-"));
    const itf = path.join(dir, "small.itf.json");
    const r = await spec2ts(["check", ALWAYS, "--itf", itf]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`wrote the counterexample violating Small as ITF to ${itf}`);
    const doc = JSON.parse(fs.readFileSync(itf, "utf8")) as { states: { x: { "#bigint": string } | number }[]; loop?: number };
    expect(doc.states).toHaveLength(3);
    expect(doc.loop).toBeUndefined();
    const replay = await spec2ts(["replay", itf, ALWAYS]);
    expect(replay.stdout).toContain("Accepted: all 3 states are a behaviour of AlwaysViolated/w.");
    expect(replay.code).toBe(0);
  });
});

describe.concurrent("issue 12 item 5: skipped temporal properties are not checked, never holding", () => {
  it.each([["--por"], ["--dfs"], ["--no-liveness"]])("%s: not checked, expectation unknown, exit 3", async (flag) => {
    const r = await spec2ts(["check", LIVE_BAD, flag]);
    expect(r.stdout).toContain("Safety: holds");
    expect(r.stdout).toContain("Verdict: incomplete — safety holds; temporal property Reaches not checked");
    expect(r.stdout).toContain(`Property Reaches: not checked — ${flag}`);
    expect(r.stdout).toContain(`Expectation: unknown (property Reaches was not checked: ${flag}`);
    expect(r.stdout).not.toMatch(/Verdict: holds|as expected/);
    expect(r.code).toBe(3);
    const j = await spec2ts(["check", LIVE_BAD, flag, "--json"]);
    const o = jsonWorkload<Json>(j.stdout);
    expect([o.verdict, o.safety, o.expectation, o.asExpected]).toEqual(["incomplete", "holds", "unknown", false]);
    expect(o.properties).toEqual([{ property: "Reaches", verdict: "not checked", reason: expect.stringContaining(flag) as string }]);
    expect(j.code).toBe(3);
  });

  it("simulate reports the property as not checked and does not exit 0", async () => {
    const r = await spec2ts(["simulate", LIVE_OK, "--seed", "1", "--runs", "5"]);
    expect(r.stdout).toContain("Not checked: temporal property Reaches");
    expect(r.code).toBe(3);
    const j = await spec2ts(["simulate", LIVE_OK, "--seed", "1", "--runs", "5", "--json"]);
    expect(jsonWorkload<Json>(j.stdout).properties[0]?.verdict).toBe("not checked");
  });
});

describe.concurrent("issue 12 item 6: one verdict covers safety and the temporal properties", () => {
  it("a violated liveness property: verdict violated in text and JSON, exit 1", async () => {
    const r = await spec2ts(["check", LIVE_BAD]);
    expect(r.stdout).toContain("Verdict: violated — temporal property Reaches");
    expect(r.stdout).toContain("Expectation: NOT as expected");
    expect(r.code).toBe(1);
    const j = await spec2ts(["check", LIVE_BAD, "--json"]);
    const o = jsonWorkload<Json>(j.stdout);
    expect([o.verdict, o.safety, o.expectation, o.asExpected]).toEqual(["violated", "holds", "not met", false]);
    expect(o.properties[0]).toMatchObject({ property: "Reaches", verdict: "violated" });
    expect(o.properties[0]?.lasso).toBeDefined();
    expect(j.code).toBe(1);
  });

  it("everything holds: verdict holds, exit 0", async () => {
    const j = await spec2ts(["check", LIVE_OK, "--json"]);
    const o = jsonWorkload<Json>(j.stdout);
    expect([o.verdict, o.safety, o.expectation]).toEqual(["holds", "holds", "met"]);
    expect(o.properties).toEqual([{ property: "Reaches", verdict: "holds", message: "Reaches holds (eventually x == 3)" }]);
    expect(j.code).toBe(0);
  });

  it("spec2ts test agrees with check", async () => {
    const r = await spec2ts(["test", LIVE_BAD, LIVE_OK, ALWAYS]);
    expect(r.stdout).toMatch(/liveness-violated\.tspec\s+w\s+holds\s+violates Reaches\s+5\s+5\s+\S+\s+FAIL/);
    expect(r.stdout).toMatch(/liveness-holds\.tspec\s+w\s+holds\s+holds\s+5\s+5\s+\S+\s+ok/);
    expect(r.stdout).toMatch(/always-violated\.tspec\s+w\s+violates Small\s+violates Small\s+5\s+5\s+\S+\s+ok/);
    expect(r.stdout).toContain("  Safety: holds — all 5 reachable states explored (bfs)\n  Verdict: violated — temporal property Reaches");
    expect(r.stdout).toMatch(/3 workloads in 3 specs: 2 ok, 1 failed/);
    expect(r.code).toBe(1);
  });
});

describe.concurrent("issue 12 item 9: spec2ts test DIR reports every spec", () => {
  it("broken specs are ERROR rows with their diagnostics; the others still run; exit 2", async () => {
    const r = await spec2ts(["test", "test/fixtures/verdicts/test-dir"]);
    expect(r.stdout).toMatch(/test-dir\/a-parse-error\.tspec\s+—\s+—\s+error\s+ERROR/);
    expect(r.stdout).toMatch(/test-dir\/c-check-error\.tspec\s+—\s+—\s+error\s+ERROR/);
    expect(r.stdout).toMatch(/test-dir\/b-good\.tspec\s+w\s+holds\s+holds\s+2\s+2\s+\S+\s+ok/);
    expect(r.stdout).toMatch(/test-dir\/d-good\.tspec\s+w\s+holds\s+holds\s+2\s+2\s+\S+\s+ok/);
    expect(r.stdout).toContain("ERROR test/fixtures/verdicts/test-dir/a-parse-error.tspec: the spec does not compile\n  error[E101]");
    expect(r.stdout).toContain("--> test/fixtures/verdicts/test-dir/c-check-error.tspec:3:14");
    // Before: this spec's model threw while being created and the whole run stopped with exit 70.
    expect(r.stdout).toMatch(/test-dir\/e-constant-out-of-range\.tspec\s+—\s+—\s+error\s+ERROR/);
    // Its diagnostic (E801, issue 14 item 12) is printed with its location on stderr.
    expect(r.stderr).toContain(
      "error[E801]: workload `w` cannot be created: M = 4 is outside its type 0..3\n  --> test/fixtures/verdicts/test-dir/e-constant-out-of-range.tspec:4:1",
    );
    expect(r.stdout).toMatch(/2 workloads in 2 specs: 2 ok, 0 failed, 3 specs with errors/);
    expect(r.code).toBe(2);
  });

  it("check: a workload constant outside its type is a spec error (exit 2), not an internal error", async () => {
    const r = await spec2ts(["check", "test/fixtures/verdicts/test-dir/e-constant-out-of-range.tspec"]);
    expect(r.stderr).toContain(
      "error[E801]: workload `w` cannot be created: M = 4 is outside its type 0..3\n  --> test/fixtures/verdicts/test-dir/e-constant-out-of-range.tspec:4:1",
    );
    expect(r.stderr).not.toContain("internal error");
    expect(r.code).toBe(2);
  });
});
