/**
 * The npm package end to end: `npm pack` (which builds dist/), the tarball installed into a fresh
 * project outside this repository (with vitest, from the npm cache when it can), then, there, with the
 * installed `spec2ts` only (no tsx): `init`, `gen`, `check --expect`, `test --reporter junit`, the
 * compiler API (`spec2ts`), the runtime's parallel workers (`spec2ts/runtime`), and `npm test` (gen
 * --check and vitest on the generated test and the scaffolded one).
 *
 * Only the npm registry is reachable from CI: the install runs `--offline` first (everything from the
 * npm cache, as after `npm ci` of this repository) and falls back to `--prefer-offline`.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../cli/helpers.js";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
let tmp: string;
let project: string;
let packed: { files: { path: string }[]; filename: string };

function sh(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...env }, timeout: 600_000 });
}

/** The installed CLI, as `npx spec2ts` would run it (node_modules/.bin/spec2ts). */
function spec2ts(args: readonly string[]): SpawnSyncReturns<string> {
  return sh(process.execPath, [path.join(project, "node_modules/spec2ts/cli/bin.js"), ...args], project);
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spec2ts-package-"));
  const pack = sh(NPM, ["pack", "--json", "--pack-destination", tmp], ROOT);
  expect(pack.status, pack.stderr).toBe(0);
  packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as (typeof packed)[])[0] as typeof packed;
  project = path.join(tmp, "project");
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, "package.json"), '{ "name": "outside-project", "private": true }\n');
  const vitest = (createRequire(import.meta.url)("vitest/package.json") as { version: string }).version;
  const install = (mode: string): SpawnSyncReturns<string> =>
    sh(NPM, ["install", path.join(tmp, packed.filename), `vitest@${vitest}`, mode, "--no-audit", "--no-fund", "--loglevel=error"], project);
  let r = install("--offline");
  if (r.status !== 0) r = install("--prefer-offline");
  expect(r.status, r.stderr).toBe(0);
}, 900_000);

afterAll(() => {
  if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the npm package", () => {
  it("ships compiled JavaScript, type declarations, the CLI and docs; no tests, no TypeScript sources", () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toContain("dist/generator/api.js");
    expect(files).toContain("dist/generator/api.d.ts");
    expect(files).toContain("dist/runtime/index.js");
    expect(files).toContain("dist/runtime/parallel-worker.js");
    expect(files).toContain("dist/generator/parse/parser.generated.js");
    expect(files).toContain("cli/bin.js");
    expect(files).toContain("README.md");
    expect(files.filter((f) => /(^|\/)test\/|\.test\.[jt]s$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(files.filter((f) => /^(specs|generated|bench|scripts)\//.test(f))).toEqual([]);
    // Nothing runs through tsx: it is not even installed.
    expect(fs.existsSync(path.join(project, "node_modules/tsx"))).toBe(false);
    const manifest = JSON.parse(fs.readFileSync(path.join(project, "node_modules/spec2ts/package.json"), "utf8")) as { private?: boolean };
    expect(manifest.private).toBeUndefined();
  });

  it("init scaffolds a spec, a test and the scripts, and refuses to overwrite them", () => {
    const r = spec2ts(["init"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("created specs/counter.tspec");
    expect(r.stdout).toContain("created test/counter.test.ts");
    expect(r.stdout).toContain("added the scripts gen, specs, test to package.json");
    const pkg = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toBe("spec2ts gen --check && vitest run");
    const again = spec2ts(["init"]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("E820: specs/counter.tspec, test/counter.test.ts already exist; nothing was written (--force replaces them)");
  });

  it("gen writes generated/ importing spec2ts/runtime", () => {
    const r = spec2ts(["gen"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("wrote generated/counter/model.ts");
    const model = fs.readFileSync(path.join(project, "generated/counter/model.ts"), "utf8");
    expect(model).toContain('} from "spec2ts/runtime";');
    expect(model).not.toMatch(/from "\.\.?\//);
  });

  it("check --expect runs the model without tsx, cached as JavaScript in node_modules/.cache/spec2ts", () => {
    const r = spec2ts(["check", "specs/counter.tspec", "--expect", "-q"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Verdict: violated — invariant NoLostUpdate violated");
    expect(r.stdout).toContain("--expect: as expected: all 2 workloads (exit 0)");
    const cache = path.join(project, "node_modules/.cache/spec2ts");
    const entry = fs.readdirSync(cache).find((d) => fs.existsSync(path.join(cache, d, "model.js")));
    expect(entry).toBeDefined();
    // Without --expect the expected violation exits 1; a second run takes the cached model.
    expect(spec2ts(["check", "specs/counter.tspec", "-q"]).status).toBe(1);
  });

  it("test --reporter junit prints a JUnit report", () => {
    const r = spec2ts(["test", "--reporter", "junit"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="spec2ts test" tests="2" failures="0" errors="0" /);
    expect(r.stdout).toContain('<testcase name="workload racy" classname="Counter (specs/counter.tspec)"');
  });

  it("the compiler API (spec2ts) and the runtime's parallel workers (spec2ts/runtime) load as JavaScript", () => {
    const cache = path.join(project, "node_modules/.cache/spec2ts");
    const entry = fs.readdirSync(cache).find((d) => fs.existsSync(path.join(cache, d, "model.js"))) as string;
    const script = `
      import { checkFile } from "spec2ts";
      import { checkParallel } from "spec2ts/runtime";
      const fe = checkFile("specs/counter.tspec");
      const r = await checkParallel(${JSON.stringify(path.join(cache, entry, "model.js"))}, "locked", { workers: 2 });
      console.log(fe.checked.name.name, fe.diagnostics.length, r.verdict, r.stats.distinctStates, r.parallel.workers);`;
    const r = sh(process.execPath, ["--input-type=module", "-e", script], project);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("Counter 0 holds 13 2");
  });

  it("npm test (gen --check, then vitest) passes on the generated and the scaffolded tests", () => {
    const r = sh(NPM, ["test"], project);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("generated/ is up to date");
    expect(r.stdout).toMatch(/Test Files\s+2 passed/);
    expect(r.stdout).toMatch(/Tests\s+4 passed/);
  });
});
