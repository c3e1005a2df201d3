/**
 * Counterexample presentation end to end: swimlanes (the pfncache race in one screen, fewest
 * preemptions), Mermaid, ITF export + `replay` (accepted, and a tampered trace rejected at the right
 * state), `--emit-test` files that pass under vitest, and `--coverage`.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { validateItf } from "../../runtime/report/itf.js";
import { ROOT, hasStackTrace, spec2ts } from "./helpers.js";

const B2 = "specs/pfncache/b2-6.2.tspec";
const FLAG = "test/fixtures/traces/flag-lock.tspec";
const TMP = ".cache/test-cli-traces";

beforeAll(() => {
  fs.rmSync(path.join(ROOT, TMP), { recursive: true, force: true });
  fs.mkdirSync(path.join(ROOT, TMP), { recursive: true });
});

describe.concurrent("counterexample output", () => {
  it("the b2 refresh/deactivate race fits one screen as swimlanes, with the fewest preemptions", async () => {
    const r = await spec2ts(["check", B2, "--workload", "refresh-deactivate"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.length).toBeLessThanOrEqual(50);
    const lanes = lines.slice(
      lines.findIndex((l) => l.startsWith("Counterexample:")),
      lines.findIndex((l) => l.startsWith("Invariant ")),
    );
    expect(lanes.length).toBeGreaterThan(20);
    expect(Math.max(...lanes.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(r.stdout).toContain("Counterexample: 10 states, 2 preemptions (marked *)");
    expect(r.stdout).toMatch(/^ +Refresher\[1\] +Deactivator\[1\]$/m);
    expect(r.stdout).toContain("Refresher[1] takes refresh_lock");
    expect(r.stdout).toContain("gup[P1]: 0 → 1");
    expect(r.stdout).toMatch(/Invariant ValidImpliesActive at specs\/pfncache\/base\.tspec:\d+ is violated in state 10\./);
  });

  it("picks the trace with fewest preemptions unless --no-min-preemptions", async () => {
    const [min, plain] = await Promise.all([spec2ts(["check", FLAG]), spec2ts(["check", FLAG, "--no-min-preemptions"])]);
    expect(min.stdout).toContain("Counterexample: 8 states, 2 preemptions");
    expect(plain.stdout).toContain("Counterexample: 8 states, 3 preemptions");
    expect([min.code, plain.code]).toEqual([1, 1]);
  });

  it("falls back to the numbered list when too narrow, or with --format list", async () => {
    const narrow = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, "cli/bin.js"), "check", B2, "-w", "refresh-deactivate"], {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: "1", COLUMNS: "30" },
      });
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      child.on("close", () => resolve(out));
    });
    expect(narrow).toContain("Counterexample (10 states):");
    const list = await spec2ts(["check", FLAG, "--format", "list"]);
    expect(list.stdout).toContain("Step 1: initial state");
  });

  it("--format mermaid prints a markdown sequence diagram", async () => {
    const r = await spec2ts(["check", FLAG, "--format", "mermaid"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^### FlagLock \/ two\n\nVerdict: violated — invariant MutualExclusion violated\n\n```mermaid\nsequenceDiagram\n/);
    expect(r.stdout).toContain("  participant P0 as Worker[1]");
    expect(r.stdout).toMatch(/Note over L\d+: Worker\[\d\] takes m/);
    expect(r.stdout).toMatch(/Note over P0,V\d+: ✗ Invariant MutualExclusion .*\n```\n$/);
  });

  it("--itf writes a valid ITF trace that replay accepts, and a tampered one is rejected", async () => {
    const file = `${TMP}/race.itf.json`;
    const r = await spec2ts(["check", B2, "-w", "refresh-deactivate", "--itf", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`wrote the counterexample as ITF to ${file}`);
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as { states: Record<string, unknown>[] };
    expect(validateItf(doc)).toEqual([]);
    expect(doc.states).toHaveLength(10);

    const ok = await spec2ts(["replay", file, B2]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("Accepted: all 10 states are a behaviour of PfnCacheB2/refresh-deactivate.");

    (doc.states[8] as Record<string, unknown>).active = true; // the deactivation did not happen
    const bad = `${TMP}/tampered.itf.json`;
    fs.writeFileSync(path.join(ROOT, bad), JSON.stringify(doc));
    const no = await spec2ts(["replay", bad, B2, "--workload", "refresh-deactivate"]);
    expect(no.code).toBe(1);
    expect(no.stdout).toContain("Rejected: state 8 (Deactivator[1] deactivate.D2) is not reachable from state 7");
    expect(no.stdout).toContain("differs in active (trace true, model false)");
    expect(hasStackTrace(no.stdout + no.stderr)).toBe(false);
  });

  it("replay reports bad input with exit 2", async () => {
    const file = `${TMP}/not-itf.json`;
    fs.writeFileSync(path.join(ROOT, file), JSON.stringify({ vars: ["x"], states: [{ x: 0.5 }] }));
    const r = await spec2ts(["replay", file, B2]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not a valid ITF trace");
    expect(r.stderr).toContain("states[0].x: 0.5 is not a safe integer");
  });

  it("--emit-test writes a vitest file that passes", async () => {
    const dir = `${TMP}/pinned`;
    const file = `${dir}/race.test.ts`;
    const r = await spec2ts(["check", B2, "-w", "refresh-deactivate", "--emit-test", file]);
    expect(r.code).toBe(1);
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    expect(text).toContain('import { createModel } from "../../../generated/pfncache/b2-6.2/model.js";');
    expect(text).toContain('{ process: "Deactivator[1]", step: "deactivate.D2" },');
    fs.writeFileSync(path.join(ROOT, dir, "vitest.config.ts"), 'export default { test: { include: ["*.test.ts"] } };\n');
    const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--root", dir], {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: "1" },
      });
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
      child.on("close", (code) => resolve({ code, out }));
    });
    expect(run.out).toMatch(/Tests\s+1 passed/);
    expect(run.code).toBe(0);
  });

  it("--coverage lists fire counts and warns about steps that never fired", async () => {
    const r = await spec2ts(["check", FLAG, "--coverage"]);
    expect(r.stdout).toMatch(/Coverage \(6 steps; times each fired, up to the violation\):/);
    expect(r.stdout).toMatch(/^ +\d+ +Worker\.Check +test\/fixtures\/traces\/flag-lock\.tspec:14$/m);
    expect(r.stdout).toMatch(/^ +0 +Worker\.Audit .* never fired$/m);
    expect(r.stderr).toContain("warning: step Worker.Audit (test/fixtures/traces/flag-lock.tspec:22) never fired");
  });

  it("honours NO_COLOR: no escape codes anywhere", async () => {
    const r = await spec2ts(["check", FLAG, "--coverage"]);
    expect(r.stdout + r.stderr).not.toMatch(/\x1b\[/);
  });
});
