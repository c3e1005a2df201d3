/**
 * Cold start of `spec2ts check` on a small spec (the `spec2ts init` counter, 2 workloads, 25 states):
 * wall time of N runs, each a fresh process with an empty model cache (a new SPEC2TS_CACHE_DIR), so
 * every run parses, checks, emits (ts-morph, prettier) and loads the model; then N warm runs (the
 * cache filled: the model is imported directly). Compared:
 *
 *   source + tsx   `node cli/bin.js check` in this checkout: the CLI, the generator and the model
 *                  are TypeScript loaded through tsx (its own transform cache warm, as in daily use);
 *   package        the npm package (`npm pack`, installed into a temporary project with the npm cache,
 *                  without tsx) as `npx spec2ts` runs it: compiled JavaScript, the model transpiled to
 *                  model.js at compile time;
 *   package + tsx  the same package with this checkout's tsx registered first (`node --import`): the start-up cost
 *                  of keeping tsx as a run-time dependency (a lower bound of that design: the model is
 *                  still imported as model.js, where that design would have tsx transform model.ts).
 *
 *   node --import tsx bench/cold-start.ts [N]     (default N = 5; prints medians, min and max)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const N = Number(process.argv[2] ?? 5);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** /usr/bin/time, when there, also gives the CPU time (user + system), steadier than wall time on a busy machine. */
const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): { code: number | null; ms: number; cpuMs?: number; out: string } {
  const cpuFile = path.join(os.tmpdir(), `spec2ts-cold-cpu-${process.pid}`);
  const [c, a] = TIME !== undefined ? [TIME, ["-f", "%U %S", "-o", cpuFile, cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(c, a, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  const ms = performance.now() - t0;
  let cpuMs: number | undefined;
  if (TIME !== undefined) {
    const [u, s] = fs.readFileSync(cpuFile, "utf8").trim().split(/\s+/).slice(-2).map(Number);
    cpuMs = ((u ?? 0) + (s ?? 0)) * 1000;
    fs.rmSync(cpuFile, { force: true });
  }
  return { code: r.status, ms, ...(cpuMs !== undefined ? { cpuMs } : {}), out: r.stdout + r.stderr };
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const median = s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
  return `median ${(median / 1000).toFixed(2)} s  (min ${((s[0] as number) / 1000).toFixed(2)}, max ${((s.at(-1) as number) / 1000).toFixed(2)}, n=${s.length})`;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spec2ts-cold-"));
try {
  // The package, installed into a project (as test/package does).
  const pack = spawnSync(NPM, ["pack", "--json", "--pack-destination", tmp], { cwd: ROOT, encoding: "utf8" });
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const tarball = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as { filename: string }[])[0]?.filename as string;
  const project = path.join(tmp, "project");
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, "package.json"), '{ "name": "cold", "private": true, "type": "module" }\n');
  // Without tsx, as a user installs it; "package + tsx" registers this checkout's tsx by its URL.
  let inst = run(NPM, ["install", path.join(tmp, tarball), "--offline", "--no-audit", "--no-fund"], project);
  if (inst.code !== 0) inst = run(NPM, ["install", path.join(tmp, tarball), "--prefer-offline", "--no-audit", "--no-fund"], project);
  if (inst.code !== 0) throw new Error(`npm install failed:\n${inst.out}`);
  // The spec, from `spec2ts init`.
  const init = run(process.execPath, [path.join(project, "node_modules/spec2ts/cli/bin.js"), "init"], project);
  if (init.code !== 0) throw new Error(init.out);
  const spec = "specs/counter.tspec";

  const variants: { name: string; args: string[] }[] = [
    { name: "source + tsx ", args: [path.join(ROOT, "cli/bin.js")] },
    { name: "package      ", args: [path.join(project, "node_modules/spec2ts/cli/bin.js")] },
    { name: "package + tsx", args: ["--import", import.meta.resolve("tsx"), path.join(project, "node_modules/spec2ts/cli/bin.js")] },
  ];
  console.log(`spec2ts check ${spec} -q (2 workloads, 25 states), ${N} runs each, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)}`);
  for (const v of variants) {
    const cold: number[] = [];
    const warm: number[] = [];
    const coldCpu: number[] = [];
    const warmCpu: number[] = [];
    for (let i = 0; i < N; i++) {
      const cache = path.join(tmp, `cache-${v.name.trim().replace(/\W+/g, "-")}-${i}`);
      const env = { SPEC2TS_CACHE_DIR: cache };
      const extra = {};
      const c = run(process.execPath, [...v.args, "check", spec, "-q"], project, { ...env, ...extra });
      if (c.code !== 1) throw new Error(`${v.name}: exit ${c.code}\n${c.out}`);
      cold.push(c.ms);
      if (c.cpuMs !== undefined) coldCpu.push(c.cpuMs);
      const w = run(process.execPath, [...v.args, "check", spec, "-q"], project, { ...env, ...extra });
      if (w.code !== 1) throw new Error(`${v.name}: exit ${w.code}\n${w.out}`);
      warm.push(w.ms);
      if (w.cpuMs !== undefined) warmCpu.push(w.cpuMs);
    }
    const pad = " ".repeat(v.name.length);
    console.log(`${v.name}  cold wall ${stats(cold)}`);
    if (coldCpu.length > 0) console.log(`${pad}  cold CPU  ${stats(coldCpu)}`);
    console.log(`${pad}  warm wall ${stats(warm)}`);
    if (warmCpu.length > 0) console.log(`${pad}  warm CPU  ${stats(warmCpu)}`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
