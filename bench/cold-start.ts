/**
 * Start-up of `spec2ts check specs/examples/mutex.tspec -q` (2 workloads, 8 + 20 states) against SPIN
 * on the same model (bench/peers/mutex.pml), in one run (issue 17's targets):
 *
 *   cold  a fresh process with an empty model cache (a new SPEC2TS_CACHE_DIR): parse, check, lower,
 *         emit (ts-morph), transpile (the package), load the model, search; target ≤ 1.5× SPIN's
 *         `spin -a && gcc -O2 && ./pan` (one build, N = 3: the larger workload; spec2ts checks both);
 *   warm  the same command again, the cache filled: the model is imported directly; target ≤ 0.4 s
 *         wall on an idle machine.
 *
 * Compared:
 *   source + tsx   `node cli/bin.js check` of this checkout: the CLI, the generator and the model
 *                  are TypeScript loaded through tsx (its own transform cache warm, as in daily use);
 *   package        the npm package (`npm pack`, installed into a temporary project with the npm cache,
 *                  without tsx) as `npx spec2ts` runs it: compiled JavaScript, the model transpiled to
 *                  model.js at compile time;
 *   package + tsx  the same package with this checkout's tsx registered first (`node --import`): the
 *                  start-up cost of keeping tsx as a run-time dependency.
 * Each round runs SPIN, then each variant cold and warm, so that all see about the same load. The spec
 * lies in the temporary project under specs/examples/, with no generated/: every variant compiles it
 * into the cache, as in a user's project.
 *
 *   node --import tsx bench/cold-start.ts [N]     (default N = 5; prints medians, min and max, CPU
 *                                                  user+sys from /usr/bin/time, and the load average)
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

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `median ${(median(s) / 1000).toFixed(2)} s  (min ${((s[0] as number) / 1000).toFixed(2)}, max ${((s.at(-1) as number) / 1000).toFixed(2)}, n=${s.length})`;
}

/** Wall and CPU times of the runs of one thing (CPU only when /usr/bin/time is there). */
interface Times {
  readonly wall: number[];
  readonly cpu: number[];
}
const times = (): Times => ({ wall: [], cpu: [] });
function add(t: Times, r: { ms: number; cpuMs?: number }): void {
  t.wall.push(r.ms);
  if (r.cpuMs !== undefined) t.cpu.push(r.cpuMs);
}

const SPEC = "specs/examples/mutex.tspec";
const PML = path.join(ROOT, "bench/peers/mutex.pml");
/** SPIN's distinct states for N = 3: the spec's 20 and the state before `init` has run. */
const SPIN_STATES = 21;
const haveSpin = spawnSync("spin", ["-V"]).status === 0 && spawnSync("gcc", ["--version"]).status === 0;

/** One SPIN build and run of the model in a fresh directory, as the peers' README runs it: the steps' times summed. */
function spinRound(dir: string): { ms: number; cpuMs?: number } {
  fs.mkdirSync(dir);
  fs.copyFileSync(PML, path.join(dir, "mutex.pml"));
  const steps: [string, string[]][] = [
    ["spin", ["-DN=3", "-a", "mutex.pml"]],
    ["gcc", ["-O2", "-DSAFETY", "-DNOREDUCE", "-w", "-o", "pan", "pan.c"]],
    ["./pan", []],
  ];
  let ms = 0;
  let cpuMs: number | undefined = TIME !== undefined ? 0 : undefined;
  for (const [cmd, args] of steps) {
    const r = run(cmd, args, dir);
    if (r.code !== 0) throw new Error(`SPIN: ${cmd} exited ${r.code}\n${r.out}`);
    if (cmd === "./pan") {
      const stored = /(\d+) states, stored/.exec(r.out)?.[1];
      if (Number(stored) !== SPIN_STATES || !/errors: 0/.test(r.out)) throw new Error(`SPIN: expected ${SPIN_STATES} states and no error\n${r.out}`);
    }
    ms += r.ms;
    if (cpuMs !== undefined && r.cpuMs !== undefined) cpuMs += r.cpuMs;
  }
  return { ms, ...(cpuMs !== undefined ? { cpuMs } : {}) };
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
  fs.mkdirSync(path.join(project, path.dirname(SPEC)), { recursive: true });
  fs.copyFileSync(path.join(ROOT, SPEC), path.join(project, SPEC));

  const variants: { name: string; args: string[]; cold: Times; warm: Times }[] = [
    { name: "source + tsx ", args: [path.join(ROOT, "cli/bin.js")], cold: times(), warm: times() },
    { name: "package      ", args: [path.join(project, "node_modules/spec2ts/cli/bin.js")], cold: times(), warm: times() },
    {
      name: "package + tsx",
      args: ["--import", import.meta.resolve("tsx"), path.join(project, "node_modules/spec2ts/cli/bin.js")],
      cold: times(),
      warm: times(),
    },
  ];
  const spin = times();
  const loads: number[] = [];
  console.log(`spec2ts check ${SPEC} -q (2 workloads, 8 + 20 states) vs SPIN (bench/peers/mutex.pml, N=3), ${N} rounds, ${os.cpus().length} cores`);
  for (let i = 0; i < N; i++) {
    loads.push(os.loadavg()[0] ?? 0);
    if (haveSpin) add(spin, spinRound(path.join(tmp, `spin-${i}`)));
    for (const v of variants) {
      const env = { SPEC2TS_CACHE_DIR: path.join(tmp, `cache-${v.name.trim().replace(/\W+/g, "-")}-${i}`) };
      for (const [phase, t] of [
        ["cold", v.cold],
        ["warm", v.warm],
      ] as const) {
        const r = run(process.execPath, [...v.args, "check", SPEC, "-q"], project, env);
        if (r.code !== 0 || !r.out.includes("all 20 reachable states")) throw new Error(`${v.name} ${phase}: exit ${r.code}\n${r.out}`);
        add(t, r);
      }
    }
  }
  loads.push(os.loadavg()[0] ?? 0);
  console.log(`load average (1 min) during the run: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
  const show = (label: string, t: Times): void => {
    console.log(`${label}  wall ${stats(t.wall)}`);
    if (t.cpu.length > 0) console.log(`${" ".repeat(label.length)}  CPU  ${stats(t.cpu)}`);
  };
  if (haveSpin) show("SPIN build+run     ", spin);
  else console.log("SPIN not run: `spin` or `gcc` missing");
  for (const v of variants) {
    show(`${v.name} cold  `, v.cold);
    show(`${" ".repeat(v.name.length)} warm  `, v.warm);
  }
  // The targets, on medians (CPU is the steadier measure on a shared machine; wall is what the targets say).
  console.log("targets: cold ≤ 1.5× SPIN build+run (ratio of medians); warm ≤ 0.4 s wall on an idle machine");
  for (const v of variants) {
    const ratio = (a: number[], b: number[]): string => (a.length > 0 && b.length > 0 ? (median(a) / median(b)).toFixed(2) : "-");
    const cold = haveSpin ? `cold/SPIN wall ${ratio(v.cold.wall, spin.wall)}×, CPU ${ratio(v.cold.cpu, spin.cpu)}×` : "cold/SPIN -";
    const warm = median(v.warm.wall) / 1000;
    console.log(`${v.name}  ${cold};  warm wall ${warm.toFixed(2)} s (${warm <= 0.4 ? "≤" : ">"} 0.4 s)`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
