/** `spec2ts check` and symmetry reduction: default on for symmetric specs, `--no-symmetry`, JSON, `--por`. */
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonWorkload, spec2ts } from "./helpers.js";

const SYM = "test/models/mutexn-sym.tspec";
const WORKERS = "test/models/sym-workers.tspec";

describe.concurrent("spec2ts check --symmetry", () => {
  it("reduces by default when the spec declares a symmetric type, and says so", async () => {
    const r = await spec2ts(["check", SYM, "-w", "n3k2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Symmetry: reduced over Proc (3 values), 6 permutations; states are counted per orbit");
    expect(r.stdout).toMatch(/Verdict: holds — all 40 reachable states explored/);
  });

  it("--no-symmetry explores every state", async () => {
    const r = await spec2ts(["check", SYM, "-w", "n3k2", "--no-symmetry"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Symmetry: off; every state counted");
    expect(r.stdout).toMatch(/Verdict: holds — all 160 reachable states explored/);
  });

  it("reports a concrete counterexample under symmetry, and the group in JSON", async () => {
    const r = await spec2ts(["check", WORKERS, "-w", "violating", "--json"]);
    expect(r.code).toBe(1);
    const j = jsonWorkload<{ verdict: string; asExpected: boolean; symmetry?: unknown; trace?: unknown[] }>(r.stdout);
    expect(j.verdict).toBe("violated");
    expect(j.asExpected).toBe(true);
    expect(j.symmetry).toEqual({ types: [{ name: "Proc", size: 3 }], permutations: 6 });
    expect(j.trace?.length).toBe(14);
  });

  it("is off with --por, and --symmetry --por is a usage error", async () => {
    const r = await spec2ts(["check", SYM, "-w", "n3k2", "--por"]);
    expect(r.stdout).toContain("Symmetry: off (not combined with --por)");
    const bad = await spec2ts(["check", SYM, "-w", "n3k2", "--por", "--symmetry"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--symmetry and --por cannot be combined");
    expect(hasStackTrace(bad.stderr)).toBe(false);
  });

  it("--symmetry on a spec without symmetric declarations explores every state", async () => {
    const r = await spec2ts(["check", "specs/examples/mutex.tspec", "-w", "two", "--symmetry"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Symmetry: the spec declares nothing symmetric");
    expect(r.stdout).toMatch(/all 8 reachable states explored/);
  });
});
