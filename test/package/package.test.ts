/**
 * The npm package end to end: `npm pack` (which builds dist/), the tarball installed into a fresh
 * project outside this repository (with vitest, from the npm cache when it can), then, there, with the
 * installed `node_modules/.bin/spec2ts` only (no tsx, no path into this repository), every command a
 * user meets: `init`, `gen`, `check --expect`, `check --json` validated against the schema the package
 * ships (`spec2ts/schema/…`), `check --itf` then `replay` of that file, `check --html` (stepped in
 * headless Chromium when there is one), `explore` (its page fetched over HTTP, then stopped), `lsp
 * --stdio` (driven over JSON-RPC: initialize, a diagnostic with its code for a broken spec, hover, the
 * code lens's check), `test --reporter junit`, `explain E201`, `fmt --check`; the compiler API
 * (`spec2ts`), the runtime's parallel workers (`spec2ts/runtime`), and `npm test` (gen --check and
 * vitest on the generated test and the scaffolded one). The package is packed and installed once.
 *
 * Only the npm registry is reachable from CI: the install runs `--offline` first (everything from the
 * npm cache, as after `npm ci` of this repository) and falls back to `--prefer-offline`. The test's own
 * tools (ajv, vscode-jsonrpc, playwright-core) are this repository's dev dependencies; Chromium is
 * /usr/bin/chromium (or CHROMIUM); without one, or with SPEC2TS_NO_BROWSER=1, only the browser step is
 * skipped, with a message.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { chromium } from "playwright-core";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../cli/helpers.js";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
let tmp: string;
let project: string;
let packed: { files: { path: string }[]; filename: string };

function sh(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...env }, timeout: 600_000 });
}

/** The installed CLI as `npx spec2ts` runs it: the executable npm linked, node_modules/.bin/spec2ts. */
const bin = (): string => path.join(project, "node_modules/.bin/spec2ts");
function spec2ts(args: readonly string[]): SpawnSyncReturns<string> {
  return sh(bin(), args, project);
}

/** The schema the installed package ships, found as a user would: `spec2ts/schema/<name>`. */
function shippedSchema(name: string): object {
  const r = sh(process.execPath, ["--input-type=module", "-e", `console.log(import.meta.resolve("spec2ts/schema/${name}"))`], project);
  expect(r.stderr).toBe("");
  const file = new URL(r.stdout.trim());
  expect(file.pathname).toBe(pathToFileURL(path.join(project, "node_modules/spec2ts/docs/schema", name)).pathname);
  return JSON.parse(fs.readFileSync(file, "utf8")) as object;
}

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const noBrowser = process.env.SPEC2TS_NO_BROWSER === "1" ? "SPEC2TS_NO_BROWSER=1" : !fs.existsSync(CHROMIUM) ? `no browser at ${CHROMIUM}` : undefined;

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
    expect(files).toContain("dist/runtime/parallel/parallel-worker.js");
    expect(files).toContain("dist/generator/parse/parser.generated.js");
    expect(files).toContain("dist/cli/lsp/server.js");
    expect(files).toContain("dist/cli/compile-worker.js");
    expect(files).toContain("dist/runtime/report/trace-page.js");
    expect(files).toContain("cli/bin.js");
    expect(files).toContain("README.md");
    expect(files).toContain("docs/schema/check-json.schema.json");
    expect(files).toContain("docs/schema/itf.schema.json");
    expect(files).toContain("editor/vscode/syntaxes/tspec.tmLanguage.json");
    // npm linked the executable; it is the package's cli/bin.js.
    expect(fs.realpathSync(bin())).toBe(fs.realpathSync(path.join(project, "node_modules/spec2ts/cli/bin.js")));
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

  it("gen writes generated/ importing spec2ts/runtime (the model its contract, the test the barrel)", () => {
    const r = spec2ts(["gen"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("wrote generated/counter/model.ts");
    const model = fs.readFileSync(path.join(project, "generated/counter/model.ts"), "utf8");
    expect(model).toContain('} from "spec2ts/runtime/contract";');
    expect(model).not.toContain('from "spec2ts/runtime";');
    expect(model).not.toMatch(/from "\.\.?\//);
    const test = fs.readFileSync(path.join(project, "generated/counter/counter.test.ts"), "utf8");
    expect(test).toContain('from "spec2ts/runtime";');
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
    // A cached run loads no compiler (issue 17's start-up): neither the generator's front end and
    // emitter nor ts-morph or prettier. A module-load probe lists the ES modules (a load hook) and the
    // CommonJS ones (require's cache at exit).
    fs.writeFileSync(
      path.join(tmp, "hooks.mjs"),
      'import * as fs from "node:fs";\nexport async function load(u, c, next) { fs.appendFileSync(process.env.PROBE_OUT, u + "\\n"); return next(u, c); }\n',
    );
    fs.writeFileSync(
      path.join(tmp, "probe.mjs"),
      `import { createRequire, register } from "node:module";\nimport * as fs from "node:fs";\nregister(${JSON.stringify(pathToFileURL(path.join(tmp, "hooks.mjs")).href)});\n` +
        `process.on("exit", () => fs.appendFileSync(process.env.PROBE_OUT, Object.keys(createRequire(import.meta.url).cache).join("\\n") + "\\n"));\n`,
    );
    const out = path.join(tmp, "probe.txt");
    const probed = sh(
      process.execPath,
      [
        "--import",
        pathToFileURL(path.join(tmp, "probe.mjs")).href,
        path.join(project, "node_modules/spec2ts/cli/bin.js"),
        "check",
        "specs/counter.tspec",
        "-q",
      ],
      project,
      {
        PROBE_OUT: out,
      },
    );
    expect(probed.status, probed.stderr).toBe(1);
    const modules = fs.readFileSync(out, "utf8").split("\n");
    expect(modules.some((m) => m.endsWith("/model.js"))).toBe(true);
    const heavy = [
      /\/dist\/generator\/api\.js$/,
      /\/dist\/generator\/(parse|check|lower)\//,
      /\/dist\/generator\/emit\/(emit|module)\.js$/,
      /\/node_modules\/(prettier|ts-morph|@ts-morph)\//,
    ];
    expect(modules.filter((m) => heavy.some((re) => re.test(m)))).toEqual([]);
  });

  it("check --json prints one document valid against the schema the package ships", () => {
    const r = spec2ts(["check", "specs/counter.tspec", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1); // racy violates, as expected
    const doc = JSON.parse(r.stdout) as { version: number; workloads: { workload: string; verdict: string }[] };
    const valid = new Ajv({ allErrors: true, strict: true }).compile(shippedSchema("check-json.schema.json"));
    expect(valid(doc), JSON.stringify(valid.errors)).toBe(true);
    expect(doc.workloads.map((w) => `${w.workload}: ${w.verdict}`)).toEqual(["locked: holds", "racy: violated"]);
  });

  it("check --itf writes ADR-015 ITF (valid against the shipped schema) that replay accepts", () => {
    const r = spec2ts(["check", "specs/counter.tspec", "--workload", "racy", "--itf", "racy.itf.json", "-q"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("wrote the counterexample as ITF to racy.itf.json");
    const itf = JSON.parse(fs.readFileSync(path.join(project, "racy.itf.json"), "utf8")) as { "#meta": { spec: string }; states: unknown[] };
    const valid = new Ajv({ allErrors: true, strict: true }).compile(shippedSchema("itf.schema.json"));
    expect(valid(itf), JSON.stringify(valid.errors)).toBe(true);
    expect(itf.states.length).toBe(5);
    const replay = spec2ts(["replay", "racy.itf.json", "specs/counter.tspec"]);
    expect(replay.stderr).toBe("");
    expect(replay.status).toBe(0);
    expect(replay.stdout).toContain("Accepted: all 5 states are a behaviour of Counter/racy.");
  });

  it("check --html writes a self-contained page that steps in headless Chromium", async (ctx) => {
    const r = spec2ts(["check", "specs/counter.tspec", "--workload", "racy", "--html", "racy.html", "-q"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("wrote the counterexample as a web page to racy.html");
    const file = path.join(project, "racy.html");
    const html = fs.readFileSync(file, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/); // nothing loaded from elsewhere
    if (noBrowser !== undefined) {
      console.warn(`test/package: the page of check --html was not loaded in a browser (${noBrowser})`);
      ctx.skip();
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(file).href);
      await expect.poll(() => page.locator("#title").textContent()).toBe("Counter / racy");
      expect(await page.locator("tr.step").count()).toBe(5);
      expect(await page.locator("tr.step.selected td.idx").textContent()).toBe("1");
      await page.keyboard.press("ArrowRight");
      expect(await page.locator("tr.step.selected td.idx").textContent()).toBe("2");
      expect(await page.locator("#vars tr.changed").count()).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("explore serves its page and state API on 127.0.0.1, and stops on SIGINT", async () => {
    const server = spawn(bin(), ["explore", "specs/counter.tspec", "--workload", "racy"], {
      cwd: project,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        server.stdout!.on("data", (b: Buffer) => {
          out += b.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) resolve(m[1]!);
        });
        server.stderr!.on("data", (b: Buffer) => (out += b.toString()));
        void exited.then((code) => reject(new Error(`explore exited with ${code}: ${out}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await page.text()).toContain("<title>Counter / racy — spec2ts explore</title>");
      const meta = await fetch(`${url}api/meta`);
      expect(meta.status).toBe(200);
      expect(JSON.stringify(await meta.json())).toContain("Counter");
    } finally {
      server.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  }, 120_000);

  it("lsp --stdio answers initialize, publishes a coded diagnostic for a broken spec, hovers, runs the check lens", async () => {
    const child = spawn(bin(), ["lsp", "--stdio"], { cwd: project, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
    const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    type Published = { uri: string; diagnostics: { code: string; message: string; severity: number; range: { start: { line: number } } }[] };
    const published: Published[] = [];
    conn.onNotification("textDocument/publishDiagnostics", (d: Published) => void published.push(d));
    const messages: string[] = [];
    conn.onNotification("window/showMessage", (m: { message: string }) => void messages.push(m.message));
    conn.listen();
    const diagnosticsOf = async (uri: string): Promise<Published> => {
      await expect.poll(() => published.some((d) => d.uri === uri), { timeout: 60_000 }).toBe(true);
      return published.filter((d) => d.uri === uri).at(-1)!;
    };
    try {
      const init = (await conn.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(project).href, capabilities: {} })) as {
        capabilities: Record<string, unknown>;
        serverInfo?: { name: string };
      };
      expect(init.capabilities.hoverProvider).toBe(true);
      expect(init.capabilities.documentFormattingProvider).toBe(true);
      await conn.sendNotification("initialized", {});

      const good = path.join(project, "specs/counter.tspec");
      const goodUri = pathToFileURL(good).href;
      const text = fs.readFileSync(good, "utf8");
      await conn.sendNotification("textDocument/didOpen", { textDocument: { uri: goodUri, languageId: "tspec", version: 1, text } });
      expect((await diagnosticsOf(goodUri)).diagnostics).toEqual([]);

      // An unsaved buffer with a misspelt variable: E201 on its line, as `spec2ts check` reports it.
      const brokenUri = pathToFileURL(path.join(project, "specs/broken.tspec")).href;
      const broken = text.replace("finished == N => count == N", "finished == N => cuont == N");
      await conn.sendNotification("textDocument/didOpen", { textDocument: { uri: brokenUri, languageId: "tspec", version: 1, text: broken } });
      const d = (await diagnosticsOf(brokenUri)).diagnostics;
      expect(d.map((x) => x.code)).toEqual(["E201"]);
      expect(d[0]!.severity).toBe(1);
      expect(d[0]!.message).toContain("cuont");
      expect(d[0]!.range.start.line).toBe(broken.split("\n").findIndex((l) => l.includes("cuont")));

      const lines = text.split("\n");
      const line = lines.findIndex((l) => l.startsWith("var count"));
      const hover = (await conn.sendRequest("textDocument/hover", { textDocument: { uri: goodUri }, position: { line, character: 5 } })) as {
        contents: { value: string };
      };
      expect(hover.contents.value).toContain("var count: 0..4 = 0;");

      // The code lens runs `spec2ts check --json` with the installed package's own executable.
      const lenses = (await conn.sendRequest("textDocument/codeLens", { textDocument: { uri: goodUri } })) as {
        command: { title: string; command: string; arguments: unknown[] };
      }[];
      expect(lenses.map((l) => l.command.title)).toEqual(["▶ check workload locked", "▶ check workload racy"]);
      const r = (await conn.sendRequest("workspace/executeCommand", { command: lenses[0]!.command.command, arguments: lenses[0]!.command.arguments })) as {
        exitCode: number;
      };
      expect(r.exitCode).toBe(0);
      await expect.poll(() => messages.join("\n")).toMatch(/locked: holds/);
      await conn.sendRequest("shutdown");
      await conn.sendNotification("exit");
    } finally {
      conn.dispose();
      child.kill();
    }
    expect(stderr).toBe("");
  }, 120_000);

  it("test --reporter junit prints a JUnit report", () => {
    const r = spec2ts(["test", "--reporter", "junit"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="spec2ts test" tests="2" failures="0" errors="0" /);
    expect(r.stdout).toContain('<testcase name="workload racy" classname="Counter (specs/counter.tspec)"');
  });

  it("explain E201 prints the catalog entry", () => {
    const r = spec2ts(["explain", "E201"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^E201: unknown name\n/);
    // The pointer to the full list names the shipped copy, a path that exists in the installed package.
    const doc = /See (.+) for every code/.exec(r.stdout)?.[1];
    expect(doc).toMatch(/node_modules\/spec2ts\/docs\/diagnostics\.md$/);
    expect(fs.existsSync(path.resolve(project, doc!))).toBe(true);
    // docs/cli.md shows these pictures; they ship beside it.
    expect(fs.existsSync(path.join(project, "node_modules/spec2ts/docs/images/trace-page.png"))).toBe(true);
    expect(spec2ts(["explain", "E999"]).status).toBe(2);
  });

  it("fmt --check passes the scaffolded spec and lists one that is not formatted", () => {
    expect(spec2ts(["fmt", "--check", "specs/counter.tspec"]).status).toBe(0);
    fs.mkdirSync(path.join(project, "scratch"), { recursive: true });
    fs.writeFileSync(
      path.join(project, "scratch/wrap.tspec"),
      "spec Wrap\nvar x: 0..3 = 0;\nprocess P { A:   x = (x+1) % 4; }\nworkload w { expect holds; }\n",
    );
    const r = spec2ts(["fmt", "--check", "scratch/wrap.tspec"]);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain("not formatted: scratch/wrap.tspec");
    const fix = spec2ts(["fmt", "scratch/wrap.tspec"]);
    expect(fix.status, fix.stderr).toBe(0);
    expect(fs.readFileSync(path.join(project, "scratch/wrap.tspec"), "utf8")).toContain("  A: x = (x + 1) % 4;");
    fs.rmSync(path.join(project, "scratch"), { recursive: true, force: true });
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
