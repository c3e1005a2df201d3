/**
 * Resource bounds (issue "Robustness and safety"): huge constants and ranges, state-space blow-ups
 * stopped by `maxStates` / `maxMemoryBytes` with verdict `incomplete` and statistics, deep expressions
 * that must not overflow the compiler's stack.
 *
 * Tests marked KNOWN BUG are skipped by default (run them with SPEC2TS_KNOWN_BUGS=1); they document
 * failures owned by other components, with a minimal repro.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compileFile } from "../../generator/api.js";
import { checkBfs, checkDfs, simulate, type Model } from "../../runtime/index.js";
import { ROOT, writeFiles } from "../fuzz/harness.js";

const OUT = ".cache/robustness/resources";

async function compileText(name: string, text: string): Promise<Awaited<ReturnType<typeof compileFile>> & { dir: string }> {
  const dir = `${OUT}/${name}`;
  fs.mkdirSync(path.resolve(ROOT, OUT), { recursive: true });
  fs.writeFileSync(path.resolve(ROOT, `${dir}.tspec`), text);
  const r = await compileFile(`${dir}.tspec`, { outDir: dir });
  if (r.files) writeFiles(new Map(r.files.map((f) => [f.path, f.content])));
  return { ...r, dir };
}

async function load(dir: string): Promise<{ createModel(w: string): Model<unknown> }> {
  return (await import(/* @vite-ignore */ pathToFileURL(path.resolve(ROOT, dir, "model.ts")).href)) as never;
}

const COUNTER = `spec BigCounter
var x: 0..1099511627776 = 0;
var y: 0..1000000000 = 0;
invariant Small: x <= 1099511627776;
process Up { L: x = x + 1; goto L; }
process Up2 { M: y = y + 1; goto M; }
workload w { check deadlock = false; expect holds; }
`;

describe("resource limits", () => {
  it("stops a 0..2^40 counter at maxStates with verdict incomplete and statistics", async () => {
    const r = await compileText("big-counter", COUNTER);
    expect(r.files, r.diagnostics.map((d) => d.message).join("\n")).toBeDefined();
    const m = (await load(r.dir)).createModel("w");
    const t0 = performance.now();
    const res = checkBfs(m, { maxStates: 100_000 });
    expect(res.verdict).toBe("incomplete");
    expect(res.limit).toBe("maxStates");
    expect(res.complete).toBe(false);
    expect(res.stats.distinctStates).toBeGreaterThanOrEqual(100_000);
    expect(res.stats.distinctStates).toBeLessThan(101_000);
    expect(res.stats.statesGenerated).toBeGreaterThan(0);
    expect(res.stats.depth).toBeGreaterThan(100);
    expect(performance.now() - t0).toBeLessThan(30_000);
    const dfs = checkDfs(m, { maxStates: 50_000 });
    expect([dfs.verdict, dfs.limit]).toEqual(["incomplete", "maxStates"]);
    const sim = simulate(m, { maxStates: 1_000, runs: 100, maxDepth: 1_000, seed: 1 });
    expect([sim.verdict, sim.limit]).toEqual(["incomplete", "maxStates"]);
  });

  it("stops at maxMemoryBytes with verdict incomplete (limit maxMemory) instead of running out of memory", async () => {
    const r = await compileText("big-counter-mem", COUNTER);
    const m = (await load(r.dir)).createModel("w");
    const budget = process.memoryUsage.rss() + 24 * 1024 * 1024;
    const res = checkBfs(m, { maxMemoryBytes: budget, maxStates: 20_000_000, maxSeconds: 60 });
    expect(res.verdict).toBe("incomplete");
    expect(res.limit).toBe("maxMemory");
    expect(res.stats.distinctStates).toBeGreaterThan(0);
  });

  it("rejects integer literals beyond 2^53-1 with E103 before anything runs", async () => {
    const r = await compileText("huge-literal", "spec H\nvar x: 0..99999999999999999999 = 0;\nprocess P { L: skip; }\nworkload w { expect holds; }\n");
    expect(r.files).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toContain("E103");
  });

  it("gives E105 (not a crash) for 10,000 nested parentheses and 10,000 `not`", async () => {
    for (const [name, expr] of [
      ["parens", `${"(".repeat(10_000)}x${")".repeat(10_000)} >= 0`],
      ["nots", `${"not ".repeat(10_000)}(x >= 0)`],
    ] as const) {
      const r = await compileText(`deep-${name}`, `spec D\nvar x: 0..3 = 0;\ninvariant I: ${expr};\nprocess P { L: x = 1; }\nworkload w { expect holds; }\n`);
      expect(r.files, name).toBeUndefined();
      expect(
        r.diagnostics.map((d) => d.code),
        name,
      ).toEqual(["E105"]);
    }
  });

  it("compiles and runs 200 chained `+` and 100 nested ifs", async () => {
    const r = await compileText(
      "chain-200",
      `spec C\nvar x: 0..3 = 0;\ninvariant I: x ${"+ 0 ".repeat(200)}<= 3;\nprocess P { L: ${"if x == 0 { ".repeat(100)}x = 1; ${"} ".repeat(100)}}\nworkload w { expect holds; }\n`,
    );
    expect(r.files, r.diagnostics.map((d) => d.message).join("\n")).toBeDefined();
    expect(checkBfs((await load(r.dir)).createModel("w"), {}).verdict).toBe("holds");
  });

  // KNOWN BUGS (stack depth): the parser builds left-associative chains iteratively and gives E105
  // only past ~10,000 levels, but every later stage recurses per level and throws RangeError out of
  // compileFile: chained `+` fail at ~500 operands in prettier (emit/format.ts, lead), ~1,000 in the
  // emitter's expression compiler (emit/expr.ts, lead) and ~2,000 in the checker (check/analyze.ts
  // Analyzer.expr/binary, diagnostics engineer); nested `if` statements fail at ~400 levels in prettier.
  // Fix: a nesting bound checked once after parsing (E105 "nested too deeply", e.g. > 200 levels), or
  // iterative passes and an unformatted fallback when prettier overflows.
  for (const [name, text] of [
    ["chain-500 (format)", `spec C\nvar x: 0..3 = 0;\ninvariant I: x ${"+ 0 ".repeat(500)}>= 0;\nprocess P { L: x = 1; }\nworkload w { expect holds; }\n`],
    ["chain-1000 (emit)", `spec C\nvar x: 0..3 = 0;\ninvariant I: x ${"+ 0 ".repeat(1000)}>= 0;\nprocess P { L: x = 1; }\nworkload w { expect holds; }\n`],
    ["chain-3000 (check)", `spec C\nvar x: 0..3 = 0;\ninvariant I: x ${"+ 0 ".repeat(3000)}>= 0;\nprocess P { L: x = 1; }\nworkload w { expect holds; }\n`],
    ["ifs-400 (format)", `spec C\nvar x: 0..3 = 0;\nprocess P { L: ${"if x == 0 { ".repeat(400)}x = 1; ${"} ".repeat(400)}}\nworkload w { expect holds; }\n`],
  ] as const) {
    it(`${name}: deep nesting gives code or a clear E105/E107 diagnostic, never a RangeError`, async () => {
      const r = await compileText(name.replace(/ .*/, ""), text);
      // E105: nested too deeply to parse; E107: too deeply to check or to generate code for.
      expect(r.files !== undefined || r.diagnostics.some((d) => d.code === "E105" || d.code === "E107")).toBe(true);
    });
  }

  // KNOWN BUG (generator/check or runtime/contract/values.ts): `map<0..2^40, bool>` is accepted; the model's
  // init() calls range(0, 2^40).map(…) and the process dies with a V8 fatal out-of-memory error (no
  // verdict, no statistics; maxStates/maxMemoryBytes cannot help because it happens inside init()).
  // The checker should refuse map domains (and `set<T>` element types) beyond a fixed cardinality with
  // a clear error, or range() should throw a SpecError. Runs in a child process so that it cannot kill
  // the test runner.
  it("a map over 2^40 keys is refused with a clear error, not an out-of-memory crash", async () => {
    const r = await compileText(
      "huge-map",
      "spec M\nvar x: map<0..1099511627776, bool> = [k in 0..1099511627776 |-> false];\nprocess P { L: x[0] = true; }\nworkload w { expect holds; }\n",
    );
    if (r.files === undefined) {
      expect(r.diagnostics.some((d) => d.severity === "error")).toBe(true);
      return;
    }
    const script = `const m = await import(${JSON.stringify(pathToFileURL(path.resolve(ROOT, r.dir, "model.ts")).href)});
      const { checkBfs } = await import(${JSON.stringify(pathToFileURL(path.resolve(ROOT, "runtime/index.ts")).href)});
      try { const res = checkBfs(m.createModel("w"), { maxStates: 1000, maxMemoryBytes: 200e6 }); console.log("VERDICT " + res.verdict); }
      catch (e) { console.log("ERROR " + e.name + ": " + e.message); }`;
    const child = spawnSync(process.execPath, ["--max-old-space-size=256", "--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(child.status, child.stderr.slice(0, 500)).toBe(0);
    expect(child.stdout).toMatch(/VERDICT|ERROR SpecError/);
  });
});
