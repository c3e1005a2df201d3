/**
 * The start-up of a cached `spec2ts check` (issue 17): once a spec's model is in the cache, the next
 * check imports the model without loading the generator (parser, checker, emitter), ts-morph or
 * prettier. Checked by a module-load probe (a `node --import` hook listing every ES module loaded and,
 * at exit, every CommonJS module in require's cache), never by timing. Also: the model cache is
 * written unformatted (`EmitOptions.format: false`), which is the same code as the formatted output.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../generator/api.js";
import { formatTs } from "../../generator/emit/format.js";
import { BIN, ROOT } from "./helpers.js";

let dir: string;
let cache: string;
let probe: string;

const HOOKS = `import * as fs from "node:fs";
export async function load(url, context, next) {
  fs.appendFileSync(process.env.PROBE_OUT, url + "\\n");
  return next(url, context);
}
`;
const PROBE = (hooks: string): string => `import { createRequire, register } from "node:module";
import * as fs from "node:fs";
register(${JSON.stringify(pathToFileURL(hooks).href)});
const require = createRequire(import.meta.url);
process.on("exit", () => fs.appendFileSync(process.env.PROBE_OUT, Object.keys(require.cache).join("\\n") + "\\n"));
`;

/** Runs the CLI under the probe; returns its result and the modules it loaded. */
function probed(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string; modules: string[] }> {
  const out = path.join(dir, `probe-${Math.random().toString(36).slice(2)}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", pathToFileURL(probe).href, BIN, ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, SPEC2TS_CACHE_DIR: cache, PROBE_OUT: out },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const modules = fs.existsSync(out) ? fs.readFileSync(out, "utf8").split("\n").filter(Boolean) : [];
      resolve({ code, stdout, stderr, modules });
    });
  });
}

/** The modules of the generator's front end and emitter, and the emitter's libraries. */
const HEAVY = [
  /\/generator\/api\.[jt]s$/,
  /\/generator\/(parse|check|lower)\//,
  /\/generator\/emit\/(emit|module)\.[jt]s$/,
  /\/node_modules\/(prettier|ts-morph|@ts-morph)\//,
];
const heavy = (modules: readonly string[]): string[] => modules.filter((m) => HEAVY.some((re) => re.test(m)));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec2ts-cache-hit-"));
  cache = path.join(dir, "cache");
  // A project of its own, with the spec under specs/ and no generated/: the model comes from the cache.
  fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "cache-hit", "private": true, "type": "module" }\n');
  fs.mkdirSync(path.join(dir, "specs"));
  fs.copyFileSync(path.join(ROOT, "specs/examples/mutex.tspec"), path.join(dir, "specs/mutex.tspec"));
  fs.writeFileSync(path.join(dir, "hooks.mjs"), HOOKS);
  probe = path.join(dir, "probe.mjs");
  fs.writeFileSync(probe, PROBE(path.join(dir, "hooks.mjs")));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a cached spec2ts check", () => {
  it("compiles on the first run, then imports the cached model without the generator, ts-morph or prettier", async () => {
    const first = await probed(["check", "specs/mutex.tspec", "-q"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    // The probe sees the generator when it is loaded (else the second assertion could not fail).
    expect(heavy(first.modules).some((m) => m.includes("/generator/api."))).toBe(true);
    expect(heavy(first.modules).some((m) => m.includes("/ts-morph/"))).toBe(true);
    const second = await probed(["check", "specs/mutex.tspec", "-q"]);
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.modules.some((m) => m.endsWith("/model.ts"))).toBe(true);
    expect(heavy(second.modules)).toEqual([]);
  }, 120_000);

  it("an edited spec is compiled again (the fast path checks the spec's text)", async () => {
    const spec = path.join(dir, "specs/mutex.tspec");
    fs.writeFileSync(spec, fs.readFileSync(spec, "utf8").replace("in_cs <= 1;", "in_cs <= 0;"));
    const r = await probed(["check", "specs/mutex.tspec", "-q", "-w", "two"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("MutualExclusion");
    expect(heavy(r.modules).some((m) => m.includes("/generator/api."))).toBe(true);
  }, 120_000);
});

describe("the model cache's files (EmitOptions.format: false)", () => {
  it("are the formatted files' code, unformatted", async () => {
    const file = path.relative(process.cwd(), path.join(ROOT, "specs/examples/mutex.tspec"));
    const opts = { outDir: "out/mutex", runtimeImport: "spec2ts/runtime" };
    const formatted = await compileFile(file, opts);
    const raw = await compileFile(file, { ...opts, format: false });
    expect(raw.files?.map((f) => f.path)).toEqual(formatted.files?.map((f) => f.path));
    for (const [i, f] of (raw.files ?? []).entries()) {
      expect(f.content.endsWith("\n")).toBe(true);
      expect(await formatTs(f.content)).toBe(formatted.files?.[i]?.content);
    }
    // Unformatted means what ts-morph printed, which differs from prettier's layout.
    expect(raw.files?.[0]?.content).not.toBe(formatted.files?.[0]?.content);
  }, 120_000);
});
