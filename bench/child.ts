/**
 * One benchmark run in its own process (so peak RSS is this run's):
 *   node --import tsx bench/child.ts MODULE WORKLOAD POR(0|1|u) WORKERS [SYMMETRY(0|1)]
 * POR: 1 = with its default guard, u = unguarded (what `check --por` runs).
 * WORKERS: 1 = sequential BfsSearch, p1 = the parallel engine with one worker, n > 1 = n workers,
 * nu = n workers without load balancing. SYMMETRY applies to the sequential search only.
 * Prints one JSON line: verdict, stats, POR statistics.
 */
import { BfsSearch } from "../runtime/search/bfs.js";
import { runSync } from "../runtime/search/explore.js";
import { tuneHeapForSearch } from "../runtime/search/tune.js";
import { loadModel } from "./models.js";

const [modulePath, workload, porArg, workersArg, symArg] = process.argv.slice(2) as [string, string, string, string, string | undefined];
tuneHeapForSearch();
const model = await loadModel(modulePath, workload);
const por = porArg === "1" || porArg === "u";
const porGuard = porArg === "u" ? { porGuard: false as const } : {};
// "p1": the parallel engine with one worker (its overhead against the sequential search).
// "2u": two workers without load balancing between levels.
const workers = workersArg === "p1" ? 1 : parseInt(workersArg ?? "1", 10);
const balance = !(workersArg ?? "").endsWith("u");
const engine = workersArg === "p1" || workers > 1;
let out: Record<string, unknown>;
if (engine) {
  const { checkParallel } = await import("../runtime/parallel/parallel.js");
  const r = await checkParallel(modulePath, workload, { workers, por, ...porGuard, balance });
  out = { verdict: r.verdict, stats: r.stats, parallel: r.parallel, por: r.por?.stats };
} else {
  const search = new BfsSearch(model, { por, ...porGuard, symmetry: symArg === "1" });
  const r = runSync(search);
  out = { verdict: r.verdict, stats: r.stats, por: search.porStats };
}
out.rssBytes = process.memoryUsage().rss;
// CPU seconds of all threads: with other processes on the machine, CPU per state is steadier than wall time.
const cpu = process.cpuUsage();
out.cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify(out));
