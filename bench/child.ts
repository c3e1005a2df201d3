/**
 * One benchmark run in its own process (so peak RSS is this run's):
 *   node --import tsx bench/child.ts MODULE WORKLOAD POR(0|1) WORKERS [SYMMETRY(0|1)]
 * Prints one JSON line: verdict, stats, POR statistics.
 */
import { BfsSearch } from "../runtime/bfs.js";
import { runSync } from "../runtime/explore.js";
import { tuneHeapForSearch } from "../runtime/tune.js";
import { loadModel } from "./models.js";

const [modulePath, workload, porArg, workersArg, symArg] = process.argv.slice(2) as [string, string, string, string, string | undefined];
tuneHeapForSearch();
const model = await loadModel(modulePath, workload);
const por = porArg === "1";
const workers = Number(workersArg ?? "1");
let out: Record<string, unknown>;
if (workers > 1) {
  const { checkParallel } = await import("../runtime/parallel.js");
  const r = await checkParallel(modulePath, workload, { workers, por });
  out = { verdict: r.verdict, stats: r.stats };
} else {
  const search = new BfsSearch(model, { por, symmetry: symArg === "1" });
  const r = runSync(search);
  out = { verdict: r.verdict, stats: r.stats, por: search.porStats };
}
out.rssBytes = process.memoryUsage().rss;
console.log(JSON.stringify(out));
