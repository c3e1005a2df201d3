/** `refines` end to end: `spec2ts check` (human and JSON), `spec2ts test`, `spec2ts fmt`, and the diagnostics of a bad mapping. */
import { describe, expect, it } from "vitest";
import { spec2ts } from "./helpers.js";

describe("spec2ts check on a refining spec", () => {
  it("says the refinement holds, and what of it was checked", async () => {
    const r = await spec2ts(["check", "specs/examples/refinement/peterson.tspec"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Refinement of Lock (specs/examples/refinement/peterson.tspec:20): safety part holds");
    expect(r.stdout).toContain("Lock declares no fairness");
  });

  it("prints a refinement counterexample with the abstract states and exits 1", async () => {
    const r = await spec2ts(["check", "specs/examples/refinement/peterson-no-await.tspec"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Verdict: violated — refinement of Lock violated");
    expect(r.stdout).toContain("Step 9: proc[2] a3");
    expect(r.stdout).toContain("is not a step of Lock");
    expect(r.stdout).toContain("Lock after:  lock = 0, pc = [1 |-> L_cs, 2 |-> L_cs]");
    expect(r.stdout).toContain("Expectation: as expected (expected violates refinement)");
  });

  it("never claims the abstract spec's fairness: the liveness part is reported not checked", async () => {
    const r = await spec2ts(["check", "test/fixtures/refinement/impl-counter.tspec", "--json"]);
    expect(r.code).toBe(0);
    // `--json` is `{version, workloads}` (one result per workload checked).
    const j = (JSON.parse(r.stdout) as { workloads: { refinement?: { abstract: string; safety: string; liveness: string } }[] }).workloads[0]!;
    expect(j.refinement).toEqual({ abstract: "AbsCounter", safety: "holds", liveness: "not checked" });
    const h = await spec2ts(["check", "test/fixtures/refinement/impl-counter.tspec"]);
    expect(h.stdout).toContain("the liveness part (AbsCounter's fairness) is not checked");
    expect(h.stdout).not.toMatch(/liveness part holds/);
  });

  it("reports a violation with --json as kind refinement", async () => {
    const r = await spec2ts(["check", "test/fixtures/refinement/impl-counter-broken.tspec", "--json"]);
    expect(r.code).toBe(1);
    const j = (
      JSON.parse(r.stdout) as {
        workloads: {
          violation?: { kind: string; abstract?: string; abstractBefore?: unknown; abstractAfter?: unknown };
          refinement?: { safety: string };
          asExpected: boolean;
        }[];
      }
    ).workloads[0]!;
    expect(j.violation?.kind).toBe("refinement");
    expect(j.violation?.abstract).toBe("AbsCounter");
    expect(j.violation?.abstractBefore).toEqual({ x: 0, mode: "idle" });
    expect(j.violation?.abstractAfter).toEqual({ x: 2, mode: "idle" });
    expect(j.refinement?.safety).toBe("violated");
    expect(j.asExpected).toBe(true);
  });

  it("spec2ts test judges `expect violates refinement`", async () => {
    const r = await spec2ts(["test", "specs/examples/refinement"]);
    expect(r.stdout + r.stderr).not.toMatch(/FAIL|ERROR/);
    expect(r.code).toBe(0);
  });

  it("spec2ts fmt keeps a refines block unchanged", async () => {
    const r = await spec2ts(["fmt", "--check", "specs/examples/refinement/peterson.tspec", "test/fixtures/refinement/impl-counter.tspec"]);
    expect(r.stdout + r.stderr).toContain("2 files already formatted");
    expect(r.code).toBe(0);
  });

  it("a bad mapping is a diagnostic with a caret, exit 2", async () => {
    const r = await spec2ts(["check", "test/fixtures/check-errors/376-refines-type-mismatch-and-duplicate.tspec"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[E301]: type mismatch in the mapping of abstract variable `x`: expected `int`, found `bool`");
    expect(r.stderr).toMatch(/\n\s+\|\s+\^\^\^\^\^\n/);
  });
});
