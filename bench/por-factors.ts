/** Prints distinct states with and without POR for the bench models: node --import tsx bench/por-factors.ts */
import { BfsSearch } from "../runtime/bfs.js";
import { runSync } from "../runtime/explore.js";
import { explainPor } from "../runtime/por.js";
import { BENCH_MODELS, compileBench, loadModel, specFile } from "./models.js";

for (const bm of BENCH_MODELS.filter((m) => !m.label.includes("N5K10"))) {
  const file = await compileBench(specFile(bm), bm.name);
  const model = await loadModel(file, bm.workload);
  const row: string[] = [bm.label];
  for (const por of [false, true]) {
    const search = new BfsSearch(model, { por });
    const r = runSync(search);
    row.push(`${por ? "por" : "full"}: ${r.verdict} ${r.stats.distinctStates} states ${r.stats.seconds.toFixed(2)}s ${r.stats.bytesPerState.toFixed(1)} B/state ${JSON.stringify(search.porStats)}`);
  }
  console.log(row.join("\n  "));
  if (process.argv.includes("--explain")) for (const l of explainPor(model)) console.log("    " + l);
}
