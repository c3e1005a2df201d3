/**
 * Issue 14 items 7-9 and the leftovers ("Hostile input, full disks and runaway specs"): evaluations that
 * never end, memory caps, compile limits, escaped paths in `spec2ts test`, exact parallel --max-states.
 * Each through the real CLI in a throw-away project, plus unit tests of the evaluation budget.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  budget,
  endEvaluationBudget,
  EvaluationStopped,
  isEvaluationStopped,
  pollEvaluation,
  startEvaluationBudget,
  tick$,
  POLL_EVERY,
} from "../../runtime/contract/budget.js";
import { existsRange, forallIn, forallRange, MAX_ENUMERATED, range } from "../../runtime/contract/values.js";
import { MAX_DOMAIN } from "../../generator/check/limits.js";
import { checkParallel } from "../../runtime/parallel/parallel.js";
import { WORKER_BYTES } from "../../cli/frontend.js";
import { FORMAT_MAX_BYTES, formatTs } from "../../generator/emit/format.js";
import { hasStackTrace } from "../cli/helpers.js";
import { projectsRemovedAfterAll, run } from "./project.js";

const project = projectsRemovedAfterAll();

const WIDE =
  "spec Wide\nvar x: 0..2000 = 0;\nvar y: 0..2000 = 0;\nprocess P {\n  A: with v in 0..2000 { x = v; }\n  B: with v in 0..2000 { y = v; }\n  goto A;\n}\nworkload w { check deadlock = false; expect holds; }\n";

/** 10^12 iterations for the state x = 3 (each domain is under the cap): never ends in practice. */
const NESTED =
  "spec Nested\nvar x: 0..3 = 0;\ninvariant Big: x < 3 or (forall a in 0..999999: forall b in 0..999999: a + b + x >= 0);\nprocess P { A: x = 1; B: x = 2; C: x = 3; }\nworkload w { expect holds; }\n";
/** The same through defs and sets (forallIn/existsIn, def ticks). */
const NESTED_SETS =
  "spec NestedSets\nvar x: 0..3 = 0;\ndef big: set<0..999999> = 0..999999;\ndef deep(a: 0..999999): bool = exists b in big: a + b + x < 0;\ninvariant Big: x < 3 or (forall a in big: not deep(a));\nprocess P { A: x = 1; B: x = 2; C: x = 3; }\nworkload w { expect holds; }\n";

describe("issue 14 item 7: an evaluation that never ends can be stopped", () => {
  afterEach(() => endEvaluationBudget());

  it("the checker's static cap is the run-time one", () => {
    expect(MAX_DOMAIN).toBe(MAX_ENUMERATED);
  });

  it("a range too large to quantify over is a spec error at the range when its bounds are not constant", async () => {
    const dir = project("dyn-range", {
      "dyn.tspec":
        "spec Dyn\nconst N: 0..9007199254740991 = 9007199254740991;\nvar x: 0..3 = 0;\ninvariant Big: forall v in 0..N: v >= x - 1;\nprocess P { A: with (v in 0..N) { x = 1; } }\nworkload w { expect holds; }\nworkload small { const N = 3; expect holds; }\n",
    });
    const r = await run(dir, ["check", "dyn.tspec", "-w", "w"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain("too many to enumerate or quantify over (limit 10000000)");
    expect(r.stdout).toContain("dyn.tspec:4:28");
    expect((await run(dir, ["check", "dyn.tspec", "-w", "small", "-q"])).code).toBe(0);
  });

  for (const [name, spec] of [
    ["nested", NESTED],
    ["sets", NESTED_SETS],
  ] as const) {
    it(`--max-seconds stops an invariant stuck in one state (${name}): exit 3 with the partial report`, async () => {
      const dir = project(`stuck-${name}`, { "s.tspec": spec });
      const r = await run(dir, ["check", "s.tspec", "--max-seconds", "2"]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stdout).toContain("Verdict: incomplete — stopped by the time limit");
      expect(r.stdout).toMatch(/^4 distinct states/m);
      expect(hasStackTrace(r.stderr)).toBe(false);
    });
  }

  it("Ctrl-C during a stuck evaluation stops the process at once (the note says so)", async () => {
    const dir = project("stuck-sigint", { "s.tspec": NESTED });
    let sent = false;
    const r = await run(dir, ["check", "s.tspec"], {
      onSpawn: (child, output) => {
        const poll = setInterval(() => {
          if (!sent && output.stderr.includes("Ctrl-C now stops spec2ts at once")) {
            sent = true;
            clearInterval(poll);
            child.kill("SIGINT");
          }
        }, 50);
        child.on("close", () => clearInterval(poll));
      },
    });
    expect(sent).toBe(true);
    expect(r.signal === "SIGINT" || r.code === 130).toBe(true);
  });

  it("a parallel worker stuck in one evaluation stops at --max-seconds", async () => {
    const dir = project("stuck-parallel", { "s.tspec": NESTED });
    // Compiles the model into the cache (the initial state's invariant is cheap).
    expect((await run(dir, ["check", "s.tspec", "--max-states", "1", "-q"])).code).toBe(3);
    const cache = path.join(dir, "node_modules/.cache/spec2ts");
    const key = fs.readdirSync(cache).find((d) => fs.existsSync(path.join(cache, d, "model.ts")));
    const r = await checkParallel(path.join(cache, key as string, "model.ts"), "w", { workers: 2, maxSeconds: 2 });
    expect(r.verdict).toBe("incomplete");
    expect(r.limit).toBe("maxSeconds");
  });

  it("the budget polls every POLL_EVERY ticks: the deadline, the stop flag, the stuck callback", () => {
    startEvaluationBudget(0);
    let thrown: unknown;
    try {
      for (let i = 0; i <= POLL_EVERY + 1; i++) tick$();
    } catch (e) {
      thrown = e;
    }
    expect(isEvaluationStopped(thrown)).toBe(true);
    expect((thrown as EvaluationStopped).limit).toBe("maxSeconds");
    startEvaluationBudget(undefined);
    const flag = new Int32Array(new SharedArrayBuffer(8));
    budget.stopFlag = flag;
    budget.stopIndex = 1;
    try {
      expect(() => pollEvaluation()).not.toThrow();
      Atomics.store(flag, 1, 2);
      expect(() => pollEvaluation()).toThrow(EvaluationStopped);
    } finally {
      budget.stopFlag = undefined;
    }
    let stuck = 0;
    let unstuck = 0;
    budget.onStuck = () => stuck++;
    budget.onUnstuck = () => unstuck++;
    try {
      budget.lastProgress = performance.now() - 10_000;
      pollEvaluation();
      pollEvaluation();
      expect(stuck).toBe(1);
      startEvaluationBudget(undefined);
      expect(unstuck).toBe(1);
    } finally {
      budget.onStuck = undefined;
      budget.onUnstuck = undefined;
      budget.stuck = false;
    }
  });

  it("range helpers check the size cap and name the location", () => {
    expect(() => range(0, MAX_ENUMERATED, "a.tspec:1:2")).toThrow(/too many/);
    expect(() => forallRange(0, 2 ** 53, () => true, "a.tspec:3:4")).toThrow(expect.objectContaining({ loc: "a.tspec:3:4" }));
    expect(existsRange(1, 5, (i) => i === 5)).toBe(true);
    expect(forallIn([1, 2, 3], (i) => i > 0)).toBe(true);
  });
});

describe("issue 14 item 8: --max-memory is enforced", () => {
  /** Each DFS frame holds 2,000 successors of 2,000-entry maps: hundreds of MB within a few states. */
  const BIG_STATE =
    "spec BigState\nvar m: map<1..2000, 0..3> = [k in 1..2000 |-> 0];\nprocess P {\n  A: with (k in 1..2000) { m[k] = (m[k] + 1) % 4; }\n  goto A;\n}\nworkload w { check deadlock = false; expect holds; }\n";
  it("large states under --dfs --max-memory 300 stop with exit 3 and a partial report, not V8's out-of-memory abort", async () => {
    const dir = project("big-states", { "big.tspec": BIG_STATE });
    const r = await run(dir, ["check", "big.tspec", "--dfs", "--max-memory", "300"]);
    expect(r.signal).toBe(null);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain("Verdict: incomplete — stopped by the memory limit");
    expect(r.stdout).toMatch(/^\d+ distinct states/m);
  });

  it("parallel workers stop at the cap (the shared table does not grow past it)", async () => {
    const dir = project("par-memory", { "wide.tspec": WIDE });
    expect((await run(dir, ["check", "wide.tspec", "--max-states", "1", "-q"])).code).toBe(3);
    const cache = path.join(dir, "node_modules/.cache/spec2ts");
    const key = fs.readdirSync(cache).find((d) => fs.existsSync(path.join(cache, d, "model.ts")));
    const cap = process.memoryUsage.rss() + 16 * 2 ** 20;
    const r = await checkParallel(path.join(cache, key as string, "model.ts"), "w", { workers: 2, maxMemoryBytes: cap });
    expect(r.verdict).toBe("incomplete");
    expect(r.limit).toBe("maxMemory");
    expect(r.stats.distinctStates).toBeLessThan(2001 * 2001);
  });
});

describe("issue 14 item 9: compilation is bounded", () => {
  it("--max-seconds and --max-memory apply to compiling a large spec (exit 3 with a message, no report of a search)", async () => {
    const { scalingSpec } = await import("../../bench/compile-scaling.js");
    const big = scalingSpec(1500);
    expect(big.length).toBeGreaterThan(WORKER_BYTES);
    const dir = project("compile-limits", { "big.tspec": big });
    const slow = await run(dir, ["check", "big.tspec", "--max-seconds", "0.5"]);
    expect(slow.code, slow.stderr).toBe(3);
    expect(slow.stderr).toContain("compiling big.tspec took more than 0.5 s (--max-seconds)");
    expect(hasStackTrace(slow.stderr)).toBe(false);
    const small = await run(dir, ["check", "big.tspec", "--max-memory", "64"]);
    expect(small.code, small.stderr).toBe(3);
    expect(small.stderr).toContain("compiling big.tspec needs more than 64 MiB (--max-memory)");
    expect(fs.existsSync(path.join(dir, "node_modules/.cache/spec2ts"))).toBe(false);
  });

  it("a generated source over FORMAT_MAX_BYTES is not run through prettier", async () => {
    const raw = "const x = 1;\n".repeat(Math.ceil((FORMAT_MAX_BYTES + 10) / 13));
    expect(await formatTs(raw)).toBe(raw);
    expect(await formatTs("const  y=2")).toBe("const y = 2;\n");
  });
});

describe("issue 14 leftovers", () => {
  it("parallel --max-states stops at the limit exactly (in the prefix and after the split)", async () => {
    const dir = project("par-max-states", { "wide.tspec": WIDE });
    expect((await run(dir, ["check", "wide.tspec", "--max-states", "1", "-q"])).code).toBe(3);
    const cache = path.join(dir, "node_modules/.cache/spec2ts");
    const key = fs.readdirSync(cache).find((d) => fs.existsSync(path.join(cache, d, "model.ts")));
    const model = path.join(cache, key as string, "model.ts");
    for (const [maxStates, prefixStates] of [
      [100, 2000],
      [100, 2],
      [5000, 2],
    ] as const) {
      const r = await checkParallel(model, "w", { workers: 2, maxStates, prefixStates });
      expect(r.verdict).toBe("incomplete");
      expect(r.limit).toBe("maxStates");
      expect(r.stats.distinctStates, `maxStates ${maxStates}, prefix ${prefixStates}`).toBe(maxStates);
    }
  });

  it("spec2ts test shows a path with a newline escaped, on one row", async () => {
    const dir = project("test-newline", { "a\nb.tspec": "spec Nl\nvar x: 0..1 = 0;\nprocess P { A: x = 1; }\nworkload w { expect holds; }\n" });
    const r = await run(dir, ["test", "."]);
    expect(r.code, r.stderr).toBe(0);
    const row = r.stdout.split("\n").find((l) => l.includes("b.tspec"));
    expect(row).toContain("a\\u000ab.tspec");
    expect(row).toMatch(/\bw\s+holds\s+holds\b/);
  });
});
