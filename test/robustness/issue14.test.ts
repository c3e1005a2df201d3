/**
 * Issue 14 ("Hostile input, full disks and runaway specs"), items 2–5 and 10–14, each through the real
 * CLI in a throw-away project (items 1 and 6 have their own suites: hostile-paths.test.ts and
 * write-failures.test.ts).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blockCommentText, lineCommentText } from "../../generator/emit/escape.js";
import { terminalSafe } from "../../cli/terminal.js";
import { checkParallel } from "../../runtime/parallel/parallel.js";
import { MODEL_CHANGED } from "../../runtime/parallel/module-hash.js";
import { hasStackTrace, jsonWorkload } from "../cli/helpers.js";
import { MUTEX, projectsRemovedAfterAll, RACY, ROOT, run } from "./project.js";

const project = projectsRemovedAfterAll();

const BIG = fs.readFileSync(path.join(ROOT, "test/fixtures/cli/big.tspec"), "utf8");

describe("issue 14 item 1: one escaping function per context", () => {
  it("blockCommentText never closes the comment; lineCommentText never ends the line", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(blockCommentText(s)).not.toContain("*/");
        expect(lineCommentText(s)).not.toMatch(/[\n\r\u2028\u2029]/);
      }),
      { numRuns: 2000 },
    );
    expect(blockCommentText("x*/y")).toBe("x*\\/y");
    expect(lineCommentText("a\nb")).toBe("a\\u000ab");
  });
});

describe("issue 14 item 2: extends reads only specs of the project", () => {
  it("extends of /proc/self/environ, /dev/zero, a FIFO or a spec outside the project is E207, quoting nothing", async () => {
    const dir = project("extends", {
      "env.tspec": 'spec E extends "/proc/self/environ"\n',
      "zero.tspec": 'spec Z extends "/dev/zero"\n',
      "fifo.tspec": 'spec F extends "pipe.tspec"\n',
      "out.tspec": 'spec O extends "../outside-spec2ts-test.tspec"\n',
    });
    spawnSync("mkfifo", [path.join(dir, "pipe.tspec")]);
    fs.writeFileSync(path.join(dir, "..", "outside-spec2ts-test.tspec"), MUTEX);
    try {
      const secret = "s3cr3t-token-for-issue-14";
      const env = await run(dir, ["check", "env.tspec"], { env: { CI_SECRET: secret } });
      expect(env.code).toBe(2);
      expect(env.stderr).toContain("error[E207]: cannot extend");
      expect(env.stderr).toContain("it is not a spec");
      expect(env.stderr + env.stdout).not.toContain(secret);
      const t0 = Date.now();
      const zero = await run(dir, ["check", "zero.tspec"]);
      expect(zero.code).toBe(2);
      expect(Date.now() - t0).toBeLessThan(30_000);
      const fifo = await run(dir, ["check", "fifo.tspec"]);
      expect(fifo.code).toBe(2);
      expect(fifo.stderr).toContain("it is not a regular file");
      const out = await run(dir, ["check", "out.tspec"]);
      expect(out.code).toBe(2);
      expect(out.stderr).toContain("lies outside the project");
      const allowed = await run(dir, ["check", "out.tspec", "-q"], { env: { SPEC2TS_EXTENDS_ANYWHERE: "1" } });
      expect(allowed.code, allowed.stderr).toBe(0);
    } finally {
      fs.rmSync(path.join(dir, "..", "outside-spec2ts-test.tspec"), { force: true });
    }
  });

  it("a top-level FIFO named x.tspec is refused, not read forever", async () => {
    const dir = project("fifo-root");
    spawnSync("mkfifo", [path.join(dir, "x.tspec")]);
    const r = await run(dir, ["check", "x.tspec"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("it is not a regular file");
  });
});

describe("issue 14 item 3: no terminal escapes from a spec reach the terminal", () => {
  const ESC_SPEC =
    'spec Esc\nvar x: 0..2 = 0;\nprocess P {\n  A: x = 1;\n  B: assert x == 0, "\x1b[2K\x1b[1AVerdict: holds\x1b]0;title\x07";\n}\nworkload w { expect holds; }\n// raw \x1b[2J in a comment\n';
  it("an assert message with ESC sequences is shown escaped, with NO_COLOR and with colour", async () => {
    const dir = project("esc", { "esc.tspec": ESC_SPEC, "bad.tspec": "spec Bad\nvar \x1b[2Jx: bool = true\n" });
    const plain = await run(dir, ["check", "esc.tspec"]);
    expect(plain.code).toBe(1);
    expect(plain.stdout + plain.stderr).not.toContain("\x1b");
    expect(plain.stdout).toContain("\\u001b[2K\\u001b[1AVerdict: holds");
    const color = await run(dir, ["check", "esc.tspec"], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    const all = color.stdout + color.stderr;
    expect(all).toContain("\x1b[31m"); // the CLI's own colours stay
    expect(all).not.toMatch(/\x1b\[(2K|1A|2J)|\x1b\]|\x07/);
    const diag = await run(dir, ["check", "bad.tspec"]);
    expect(diag.code).toBe(2);
    expect(diag.stderr).not.toContain("\x1b");
  });

  it("terminalSafe keeps newlines, tabs and (with colour) only the CLI's SGR codes", () => {
    expect(terminalSafe("a\tb\nc\r\x1b[2K\u202e", false)).toBe("a\tb\nc\\u000d\\u001b[2K\\u202e");
    expect(terminalSafe("\x1b[31mred\x1b[39m\x1b[8mhidden", true)).toBe("\x1b[31mred\x1b[39m\\u001b[8mhidden");
    expect(terminalSafe("\x1b[31m", false)).toBe("\\u001b[31m");
  });
});

describe("issue 14 item 4: writes stay in their place", () => {
  it("gen does not write into the project root for specs/...tspec or specs/..tspec", async () => {
    const dir = project("dots", { "specs/...tspec": MUTEX, "specs/..tspec": MUTEX, "specs/ok.tspec": MUTEX });
    const r = await run(dir, ["gen"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot generate code for specs/...tspec");
    expect(fs.existsSync(path.join(dir, "model.ts"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "..test.ts"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "generated/model.ts"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "generated/ok/model.ts"))).toBe(true);
  });

  it("--emit-test and --itf refuse specs, inputs and foreign files; --force overrides; own output is replaced", async () => {
    const dir = project("targets", { "r.tspec": RACY, "notes.txt": "my notes\n" });
    const emit = await run(dir, ["check", "r.tspec", "-q", "--emit-test", "r.tspec"]);
    expect(emit.code).toBe(2);
    expect(fs.readFileSync(path.join(dir, "r.tspec"), "utf8")).toBe(RACY);
    const itf = await run(dir, ["check", "r.tspec", "-q", "--itf", "notes.txt"]);
    expect(itf.code).toBe(2);
    expect(itf.stderr).toContain("use --force");
    expect(fs.readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("my notes\n");
    const sim = await run(dir, ["simulate", "r.tspec", "--seed", "1", "--itf", "notes.txt"]);
    expect(sim.code).toBe(2);
    for (let i = 0; i < 2; i++) expect((await run(dir, ["check", "r.tspec", "-q", "--itf", "t.itf.json", "--emit-test", "t.test.ts"])).code).toBe(1);
    const forced = await run(dir, ["check", "r.tspec", "-q", "--itf", "notes.txt", "--force"]);
    expect(forced.code).toBe(1);
    expect(fs.readFileSync(path.join(dir, "notes.txt"), "utf8")).toContain('"generated-by":"spec2ts"');
  });
});

describe("issue 14 item 5: parallel workers check the model that was verified", () => {
  it("replacing model.ts during the sequential phase stops the check with a clear error (exit 2)", async () => {
    const dir = project("toctou", { "big.tspec": BIG });
    expect((await run(dir, ["check", "big.tspec", "--max-states", "10", "-q"])).code).toBe(3);
    const cache = path.join(dir, "node_modules/.cache/spec2ts");
    const key = fs.readdirSync(cache).find((d) => fs.existsSync(path.join(cache, d, "model.ts")));
    const model = path.join(cache, key as string, "model.ts");
    let replaced = false;
    const r = await run(dir, ["check", "big.tspec", "--workers", "2", "--max-seconds", "60"], {
      onSpawn: (child, output) => {
        const poll = setInterval(() => {
          if (!replaced && output.stdout.includes("Big / all")) {
            replaced = true;
            clearInterval(poll);
            // Same program, other bytes: what a concurrent `gen` or an attacker could leave there.
            fs.appendFileSync(model, "\n// replaced during the check\n");
          }
        }, 20);
        child.on("close", () => clearInterval(poll));
      },
    });
    expect(replaced).toBe(true);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("was replaced during the check");
    expect(r.stderr).not.toContain("internal error");
  });

  it("checkParallel refuses a module whose hash is not the verified one", async () => {
    const dir = project("toctou-rt", { "m.tspec": MUTEX });
    expect((await run(dir, ["check", "m.tspec", "-q"])).code).toBe(0);
    const cache = path.join(dir, "node_modules/.cache/spec2ts");
    const key = fs.readdirSync(cache).find((d) => fs.existsSync(path.join(cache, d, "model.ts")));
    await expect(checkParallel(path.join(cache, key as string, "model.ts"), "two", { workers: 2, moduleHash: "0".repeat(64) })).rejects.toThrow(MODEL_CHANGED);
  });
});

describe("issue 14 item 10: SIGTERM is handled like SIGINT", () => {
  for (const workers of ["1", "2"]) {
    it(`SIGTERM during check --workers ${workers} prints partial statistics and exits 3`, async () => {
      const dir = project(`sigterm-${workers}`, { "big.tspec": BIG });
      let sent = false;
      const r = await run(dir, ["check", "big.tspec", "--max-seconds", "60", "--workers", workers], {
        onSpawn: (child, output) => {
          const poll = setInterval(() => {
            if (!sent && output.stdout.includes("Big / all")) {
              sent = true;
              clearInterval(poll);
              // With 2 workers: past the 300,000-state sequential start, while the workers search.
              setTimeout(() => child.kill("SIGTERM"), workers === "2" ? 8000 : 1000);
            }
          }, 50);
          child.on("close", () => clearInterval(poll));
        },
      });
      expect(sent).toBe(true);
      expect(r.signal).toBe(null);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain("Verdict: incomplete — stopped by an interrupt");
      expect(r.stdout).toMatch(/^[\d,]+ distinct states/m);
      expect(r.stderr).toContain("Interrupted");
    });
  }
});

describe("issue 14 item 11: --max-states stops at the limit", () => {
  const WIDE =
    "spec Wide\nvar x: 0..2000 = 0;\nvar y: 0..2000 = 0;\nprocess P {\n  A: with v in 0..2000 { x = v; }\n  B: with v in 0..2000 { y = v; }\n  goto A;\n}\nworkload w { check deadlock = false; expect holds; }\n";
  const INITS = "spec Inits\nvar x: 0..2000 in 0..2000;\nprocess P {\n  A: x = 0;\n}\nworkload w { check deadlock = false; expect holds; }\n";
  it("a step with 2,001 successors and 2,001 initial states stop at exactly 100 states (BFS and DFS)", async () => {
    const dir = project("max-states", { "wide.tspec": WIDE, "inits.tspec": INITS });
    for (const f of ["wide.tspec", "inits.tspec"]) {
      for (const mode of [[], ["--dfs"]]) {
        const r = await run(dir, ["check", f, "--max-states", "100", "--json", ...mode]);
        expect(r.code, r.stderr).toBe(3);
        const j = jsonWorkload<{ verdict: string; limit: string; stats: { distinctStates: number } }>(r.stdout);
        expect(j.verdict).toBe("incomplete");
        expect(j.limit).toBe("maxStates");
        expect(j.stats.distinctStates, `${f} ${mode.join(" ")}`).toBe(100);
      }
    }
  });
});

describe("issue 14 item 12: clear errors instead of internal errors", () => {
  const SPECS = {
    "range.tspec": "spec C1\nconst N: 1..4 = 2;\nvar x: 0..4 = 0;\nprocess P { A: x = N; }\nworkload w { const N = 9; expect holds; }\n",
    "div.tspec": "spec C2\nconst N: 0..4 = 2;\nconst M: 0..4 = 4 / (N - 2);\nvar x: 0..4 = 0;\nprocess P { A: x = M; }\nworkload w { expect holds; }\n",
    "many.tspec":
      "spec C3\nconst N: 1..1000000000 = 2;\nvar x: 0..4 = 0;\nprocess P[self in 1..N] { A: x = 1; }\nworkload w { const N = 1000000000; check deadlock = false; expect holds; }\n",
  };
  it("a workload that cannot be created is E801 at file:line:col with exit 2, for check, simulate and replay", async () => {
    const dir = project("workload-errors", SPECS);
    const expected: Record<string, string> = { "range.tspec": "range.tspec:5:", "div.tspec": "div.tspec:3:17", "many.tspec": "many.tspec:4:19" };
    for (const [f, at] of Object.entries(expected)) {
      const r = await run(dir, ["check", f]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain("error[E801]: workload `w` cannot be created");
      expect(r.stderr).toContain(`--> ${at}`);
      expect(r.stderr).not.toContain("internal error");
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
    expect((await run(dir, ["simulate", "div.tspec", "--seed", "1"])).code).toBe(2);
  });

  it("spec2ts test reports the broken specs and goes on with the others", async () => {
    const dir = project("workload-errors-test", { ...SPECS, "mutex.tspec": MUTEX });
    const r = await run(dir, ["test", "."]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/mutex\.tspec\s+two\s+holds\s+holds/);
    expect(r.stdout).toMatch(/mutex\.tspec\s+three\s+holds\s+holds/);
    expect(r.stderr.match(/error\[E801\]/g)?.length).toBe(3);
    expect(r.stderr).not.toContain("internal error");
  });

  it("replay of a 20,000-deep ITF value is a clear error (exit 2)", async () => {
    const dir = project("deep-itf", { "r.tspec": RACY });
    expect((await run(dir, ["check", "r.tspec", "-q", "--itf", "r.itf.json"])).code).toBe(1);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, "r.itf.json"), "utf8")) as { states: Record<string, unknown>[] };
    (doc.states[0] as Record<string, unknown>)["count"] = "@@DEEP@@";
    fs.writeFileSync(path.join(dir, "deep.itf.json"), JSON.stringify(doc).replace('"@@DEEP@@"', "[".repeat(20_000) + "]".repeat(20_000)));
    const r = await run(dir, ["replay", "deep.itf.json", "r.tspec"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("nested more than 1000 levels deep");
    expect(r.stderr).not.toContain("internal error");
  });
});

describe("issue 14 item 13: __proto__ and renamed names in views, ITF and replay", () => {
  const PROTO =
    "spec Proto\nvar __proto__: 0..3 = 0;\ninvariant Small: __proto__ < 1;\nprocess P { A: __proto__ = 1; }\nworkload w { expect violates Small; }\n";
  const CTOR =
    "spec Ctor\ntype R = { constructor: 0..3, toString: 0..3 };\nvar r: R = { constructor: 0, toString: 0 };\ninvariant Small: r.constructor < 1;\nprocess P { A: r.constructor = r.constructor + 1; }\nworkload w { expect violates Small; }\n";
  it("a variable named __proto__ is shown, exported and checked by replay", async () => {
    const dir = project("proto", { "p.tspec": PROTO });
    const r = await run(dir, ["check", "p.tspec", "--format", "list", "--itf", "p.itf.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("__proto__: 0 → 1");
    const text = fs.readFileSync(path.join(dir, "p.itf.json"), "utf8");
    expect(text).toContain('"__proto__": {"#bigint":"1"}');
    expect((await run(dir, ["replay", "p.itf.json", "p.tspec"])).code).toBe(0);
    fs.writeFileSync(path.join(dir, "bad.itf.json"), text.replace('"__proto__": {"#bigint":"1"}', '"__proto__": {"#bigint":"3"}'));
    const bad = await run(dir, ["replay", "bad.itf.json", "p.tspec"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("differs in __proto__ (trace 3, model 1)");
  });

  it("a record field named constructor keeps its name in output and ITF, and replay checks it", async () => {
    const dir = project("ctor", { "c.tspec": CTOR });
    const r = await run(dir, ["check", "c.tspec", "--format", "list", "--itf", "c.itf.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("r.constructor: 0 → 1");
    expect(r.stdout).not.toContain("constructor_");
    const text = fs.readFileSync(path.join(dir, "c.itf.json"), "utf8");
    expect(text).not.toContain("constructor_");
    const tampered = text.replace(/("constructor":\{"#bigint":")1/, "$13");
    expect(tampered).not.toBe(text);
    fs.writeFileSync(path.join(dir, "bad.itf.json"), tampered);
    expect((await run(dir, ["replay", "bad.itf.json", "c.tspec"])).code).toBe(1);
  });
});

describe("issue 14 item 14: no silent downgrade, no false proof", () => {
  it("a depth-bounded DFS that cut states off exits 3; one that covered everything exits 0", async () => {
    const dir = project("dfs-depth", { "m.tspec": MUTEX });
    const cut = await run(dir, ["check", "m.tspec", "-w", "two", "--dfs", "--depth", "1"]);
    expect(cut.stdout).toContain("not exhaustive");
    expect(cut.code).toBe(3);
    expect((await run(dir, ["check", "m.tspec", "-w", "two", "--dfs", "--depth", "100"])).code).toBe(0);
  });

  it("--workers with a symmetric spec is honoured: no downgrade to note (the workers reduce by symmetry too, issue 17 item 4)", async () => {
    // Under the 300,000-state budget the search stays sequential, as for any spec; the parallel
    // symmetric path itself is tested in test/cli/parallel.test.ts and test/perf/parallel-sequential.test.ts.
    const r = await run(ROOT, ["check", "test/models/mutexn-sym.tspec", "-w", "n4k4", "--workers", "2", "-q"]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("is not used");
  });
});
