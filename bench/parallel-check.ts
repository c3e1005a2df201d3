/**
 * Sequential BFS (1 worker) against the parallel BFS, A/B back to back, each run in its own process:
 *   node --import tsx bench/parallel-check.ts [--model "mutexN N5K10"] [--reps 3] [--workers 1,2]
 * Workers 1 is the sequential BfsSearch (what `check --workers 1` runs); p1 the parallel engine with one
 * worker; n > 1 runs checkParallel with n workers.
 * Prints one line per run (with the load average seen just before it) and the median per worker count.
 * Other processes on the machine skew the numbers: check the load column.
 */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { BENCH_MODELS, ROOT, compileBench, specFile } from "./models.js";

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
}
const label = arg("--model", "mutexN N5K10");
const reps = Number(arg("--reps", "3"));
const counts = arg("--workers", "1,2").split(",");
const m = BENCH_MODELS.find((b) => b.label === label);
if (m === undefined) throw new Error(`unknown model ${label}; one of ${BENCH_MODELS.map((b) => b.label).join(", ")}`);
const modulePath = await compileBench(specFile(m), m.name);
interface Run {
  verdict: string;
  stats: { distinctStates: number; seconds: number; bytesPerState: number; depth: number };
  rssBytes: number;
  cpuSeconds: number;
  parallel?: {
    workers: number;
    growths: number;
    startupSeconds: number;
    expanded: number[][];
    waitSeconds: number[];
    donated: number[];
    growSeconds: number[];
  };
}
const seconds = new Map<string, number[]>();
console.log(`${label}: ${reps} rounds of workers ${counts.join(", ")}, ${os.availableParallelism()} cores`);
for (let r = 0; r < reps; r++) {
  for (const w of counts) {
    const load = os.loadavg()[0]!.toFixed(2);
    const t0 = performance.now();
    const p = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/child.ts"), modulePath, m.workload, "0", String(w)], {
      cwd: ROOT,
      encoding: "utf8",
    });
    const wall = (performance.now() - t0) / 1000;
    const line = (p.stdout ?? "").trim().split("\n").pop() ?? "";
    if (p.status !== 0 || !line.startsWith("{")) {
      console.log(`workers=${w} failed:\n${p.stderr}`);
      continue;
    }
    const out = JSON.parse(line) as Run;
    const s = out.stats;
    (seconds.get(w) ?? seconds.set(w, []).get(w)!).push(s.seconds);
    let balance = "";
    if (out.parallel) {
      const tot = out.parallel.expanded.map((e) => e.reduce((a, b) => a + b, 0));
      const sum = tot.reduce((a, b) => a + b, 0);
      // Time per level is set by the busiest worker: the sum over levels of max share vs the mean.
      const levels = Math.max(...out.parallel.expanded.map((e) => e.length));
      let maxSum = 0;
      for (let l = 0; l < levels; l++) maxSum += Math.max(...out.parallel.expanded.map((e) => e[l] ?? 0));
      balance = ` shares ${tot.map((t) => ((100 * t) / sum).toFixed(1) + "%").join("/")} level-imbalance ${((maxSum / (sum / tot.length) - 1) * 100).toFixed(1)}% growths ${out.parallel.growths} startup ${out.parallel.startupSeconds.toFixed(2)}s idle ${out.parallel.waitSeconds.map((x) => x.toFixed(2)).join("/")}s moved ${out.parallel.donated.reduce((a, b) => a + b, 0)} growing ${out.parallel.growSeconds.map((x) => x.toFixed(2)).join("/")}s`;
    }
    console.log(
      `workers=${w} load=${load} ${out.verdict} ${s.distinctStates} states depth ${s.depth} ${s.seconds.toFixed(2)}s (process ${wall.toFixed(2)}s) ${Math.round(s.distinctStates / s.seconds)} states/s cpu ${out.cpuSeconds.toFixed(1)}s ${s.bytesPerState.toFixed(1)} B/state rss ${(out.rssBytes / 2 ** 20).toFixed(0)} MB${balance}`,
    );
  }
}
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = seconds.get("1");
for (const [w, xs] of seconds)
  console.log(`median workers=${w}: ${med(xs).toFixed(2)}s${base && w !== "1" ? ` speedup ${(med(base) / med(xs)).toFixed(2)}×` : ""}`);
