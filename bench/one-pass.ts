/**
 * Issue 17, one pass feeds every analysis: the time of a full check (safety, temporal properties,
 * lock-order analysis) against the safety search alone, on one holding workload with properties and
 * locks (default pfncache d-mainline `full`), three ways:
 *
 *   safety     the safety BFS only (`check --no-liveness --no-lock-order`)
 *   separate   today's pipeline before issue 17: the BFS, then the liveness graph and the lock-order
 *              graph each explored again (buildPropertyGraph, analyzeLockOrder)
 *   one-pass   the BFS with the recorders attached (recordAnalyses), the analyses on what it recorded
 *
 * Each run is a child process (no JIT or heap carried from one way to the next), the ways interleaved,
 * `--runs` rounds (default 3); prints every run, the medians, the ratios to the safety median and the
 * load average. Then, unless `--no-cli`, the real `check` command (wall time, start-up included) with
 * and without `--no-liveness --no-lock-order`. Printed numbers, not a test.
 *
 *   node --import tsx bench/one-pass.ts [--spec pfncache/d-mainline] [--workload full] [--runs 3] [--no-cli]
 */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WAYS = ["safety", "separate", "one-pass"] as const;
type Way = (typeof WAYS)[number];

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
}

const spec = arg("spec", "pfncache/d-mainline");
const workload = arg("workload", "full");
const runs = Number(arg("runs", "3"));

/** One way, in this process: prints `{ way, seconds, states, verdicts }` as JSON. */
async function child(way: Way): Promise<void> {
  const rt = await import("../runtime/index.js");
  const mod = (await import(pathToFileURL(path.join(ROOT, "generated", spec, "model.ts")).href)) as {
    createModel(w: string): import("../runtime/index.js").Model<unknown>;
  };
  const model = mod.createModel(workload) as import("../runtime/index.js").LiveModel<unknown>;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let verdicts: string[] = [];
  let inversions = 0;
  let states = 0;
  if (way === "safety") {
    states = rt.checkBfs(model).stats.distinctStates;
  } else if (way === "separate") {
    const r = rt.checkBfs(model);
    states = r.stats.distinctStates;
    verdicts = rt.checkAllProperties(model).map((x) => `${x.property} ${x.verdict}`);
    inversions = rt.analyzeLockOrder(model, { maxStates: 1_000_000 }).inversions.length;
  } else {
    const rec = rt.recordAnalyses(model, { liveness: true, lockOrder: true, lockOrderMaxStates: 1_000_000 });
    const r = rt.checkBfs(model, { observers: rec.observers });
    states = r.stats.distinctStates;
    const graph = rec.properties();
    const locks = rec.lockOrder();
    if (graph === undefined || locks === undefined) throw new Error("one pass recorded nothing: is the workload a holding one?");
    verdicts = rt.checkAllProperties(model, { graph }).map((x) => `${x.property} ${x.verdict}`);
    inversions = locks.inversions.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  process.stdout.write(JSON.stringify({ way, seconds, cpu, states, verdicts, inversions }) + "\n");
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

function main(): void {
  const load0 = os.loadavg();
  console.log(`one-pass bench: ${spec} / ${workload}, ${runs} rounds; load average ${load0.map((x) => x.toFixed(2)).join(" ")}, ${os.cpus().length} cores`);
  const times: Record<Way, number[]> = { safety: [], separate: [], "one-pass": [] };
  // CPU time (user + system, GC threads included) is what a loaded machine distorts least.
  const cpus: Record<Way, number[]> = { safety: [], separate: [], "one-pass": [] };
  for (let k = 0; k < runs; k++) {
    for (const way of WAYS) {
      const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", way, "--spec", spec, "--workload", workload], {
        cwd: ROOT,
        encoding: "utf8",
      });
      if (r.status !== 0) throw new Error(`${way} failed:\n${r.stderr}`);
      const j = JSON.parse(r.stdout.trim().split("\n").at(-1) as string) as {
        seconds: number;
        cpu: number;
        states: number;
        verdicts: string[];
        inversions: number;
      };
      times[way].push(j.seconds);
      cpus[way].push(j.cpu);
      console.log(
        `  round ${k + 1} ${way.padEnd(9)} ${j.seconds.toFixed(2)} s wall, ${j.cpu.toFixed(2)} s CPU  ${j.states} states${j.verdicts.length ? `; ${j.verdicts.join(", ")}; ${j.inversions} lock-order inversions` : ""}`,
      );
    }
  }
  const base = median(times.safety);
  const cbase0 = median(cpus.safety);
  console.log("medians (in-process work, model loaded):");
  for (const way of WAYS)
    console.log(
      `  ${way.padEnd(9)} ${median(times[way]).toFixed(2)} s wall  ${(median(times[way]) / base).toFixed(2)}× safety;  ${median(cpus[way]).toFixed(2)} s CPU  ${(median(cpus[way]) / cbase0).toFixed(2)}× safety`,
    );
  if (!process.argv.includes("--no-cli")) {
    const file = path.join("specs", `${spec}.tspec`);
    const cli: Record<string, number[]> = { "check --no-liveness --no-lock-order": [], check: [] };
    for (let k = 0; k < runs; k++) {
      for (const name of Object.keys(cli)) {
        const extra = name === "check" ? [] : ["--no-liveness", "--no-lock-order"];
        const t0 = performance.now();
        const r = spawnSync(process.execPath, ["cli/bin.js", "check", file, "--workload", workload, "--quiet", ...extra], { cwd: ROOT, encoding: "utf8" });
        const s = (performance.now() - t0) / 1000;
        // --no-liveness leaves the properties unchecked: exit 3 (incomplete) is that run's success.
        if (r.status !== 0 && !(r.status === 3 && extra.length > 0)) throw new Error(`check failed:\n${r.stdout}\n${r.stderr}`);
        (cli[name] as number[]).push(s);
        console.log(`  round ${k + 1} ${name.padEnd(36)} ${s.toFixed(2)} s wall`);
      }
    }
    const cbase = median(cli["check --no-liveness --no-lock-order"] as number[]);
    console.log("medians (the CLI, wall time with start-up):");
    for (const [name, ts] of Object.entries(cli)) console.log(`  ${name.padEnd(36)} ${median(ts).toFixed(2)} s  ${(median(ts) / cbase).toFixed(2)}×`);
  }
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
}

const ci = process.argv.indexOf("--child");
if (ci >= 0) await child(process.argv[ci + 1] as Way);
else main();
