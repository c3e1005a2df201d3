/**
 * `spec2ts check` and partial-order reduction: on by default where sound for everything the run
 * checks, off with the reason otherwise, `--no-por`, `--por` refused where unsound, the report line
 * and the `--json` `por` object.
 */
import { describe, expect, it } from "vitest";
import { jsonWorkload, spec2ts } from "./helpers.js";

const RCU = "specs/examples/rcu.tspec";

describe.concurrent("spec2ts check and partial-order reduction", () => {
  it("is on by default for a safety-only run, and the line says the counts are of the reduced graph", async () => {
    const r = await spec2ts(["check", RCU, "-w", "grace-period"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "Partial-order reduction: on — 287 states in the reduced graph, 17.2% of successors pruned (--no-por for exact, TLC-comparable counts)",
    );
    expect(r.stdout).toContain("Verdict: holds — all 287 states of the reduced graph explored (bfs, partial-order reduction)");
  });

  it("--no-por: off, exact counts", async () => {
    const r = await spec2ts(["check", RCU, "-w", "grace-period", "--no-por"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Partial-order reduction: off (--no-por)");
    expect(r.stdout).toMatch(/all 322 reachable states explored/);
  });

  it("a violation found under POR is re-derived by a plain search: the shortest counterexample, said so", async () => {
    const on = await spec2ts(["check", RCU, "-w", "no-grace-period"]);
    const off = await spec2ts(["check", RCU, "-w", "no-grace-period", "--no-por"]);
    expect(on.code).toBe(1);
    expect(on.stdout).toContain("Partial-order reduction: on — the reduced search found the violation, re-derived by a plain search");
    // Everything after the POR line is the plain search's report.
    const after = (s: string): string =>
      s
        .split("\n")
        .slice(2)
        .join("\n")
        .replace(/[\d.]+ s \([\d,]+ states\/s/g, "T");
    expect(after(on.stdout)).toBe(after(off.stdout));
  });

  it("is off, with the reason, when the run checks temporal properties or the lock order", async () => {
    const props = await spec2ts(["check", "specs/examples/readers-writers.tspec", "-w", "each_strong"]);
    expect(props.stdout).toContain("Partial-order reduction: off (temporal properties are checked, on the full state graph)");
    const locks = await spec2ts(["check", "specs/examples/double-checked-locking.tspec", "-w", "correct"]);
    expect(locks.stdout).toContain("Partial-order reduction: off (the lock-order analysis needs every interleaving of lock acquisitions");
    expect(locks.stdout).toMatch(/all 40 reachable states/);
    const noLocks = await spec2ts(["check", "specs/examples/double-checked-locking.tspec", "-w", "correct", "--no-lock-order"]);
    expect(noLocks.stdout).toContain("Partial-order reduction: on — 34 states in the reduced graph");
  });

  it("says why it cannot run on a model it cannot reduce", async () => {
    const r = await spec2ts(["check", "specs/examples/two-phase-commit.tspec", "-w", "all-prepared"]);
    expect(r.stdout).toContain("Partial-order reduction: off (fewer than two processes (actions count as one))");
  });

  it("--por where unsound is a usage error (exit 2) naming the reason", async () => {
    const refines = await spec2ts(["check", "specs/examples/refinement/peterson.tspec", "--por"]);
    expect(refines.code).toBe(2);
    expect(refines.stderr).toMatch(/--por cannot be used on .*: the spec `refines` another/);
    const dfs = await spec2ts(["check", RCU, "--dfs", "--por"]);
    expect(dfs.code).toBe(2);
    expect(dfs.stderr).toContain("the depth-first search does not reduce");
  });

  it("--por forces it past the lock-order analysis (which then explores on its own) and says so", async () => {
    const r = await spec2ts(["check", "specs/examples/double-checked-locking.tspec", "-w", "correct", "--por"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Partial-order reduction: on (--por) — 34 states in the reduced graph");
  });

  it("--json: the por object, with whether the counts are exact", async () => {
    const on = jsonWorkload<{ por: Record<string, unknown>; stats: { distinctStates: number } }>(
      (await spec2ts(["check", RCU, "-w", "grace-period", "--json"])).stdout,
    );
    expect(on.por).toMatchObject({ on: true, forced: false, exactCounts: false, successorsPruned: expect.any(Number) as unknown });
    expect(on.stats.distinctStates).toBe(287);
    const off = jsonWorkload<{ por: Record<string, unknown> }>((await spec2ts(["check", RCU, "-w", "grace-period", "--json", "--no-por"])).stdout);
    expect(off.por).toEqual({ on: false, reason: "--no-por", exactCounts: true });
  });
});
