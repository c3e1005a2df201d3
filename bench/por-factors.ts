/**
 * Partial-order reduction factors: distinct states of a plain BFS and of the reduced one, for every
 * pfncache version × workload (and the other bench models), as a markdown table.
 *
 *   node --import tsx bench/por-factors.ts             # all pfncache versions and workloads
 *   node --import tsx bench/por-factors.ts d-mainline  # versions whose file name contains the word
 *   node --import tsx bench/por-factors.ts --explain   # also: per step, what POR knows about it
 *
 * For a violated workload both searches stop at their first violation, so the counts compare the work
 * done to find it, not state spaces; the "trace" column gives the counterexample lengths (plain BFS's
 * is a shortest one; the reduced search's is shortest only within the reduced graph, which is why
 * `checkBfs` re-derives it without POR by default).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { BfsSearch } from "../runtime/search/bfs.js";
import { runSync } from "../runtime/search/explore.js";
import { explainPor } from "../runtime/reduce/por.js";
import type { Model } from "../runtime/contract/model.js";
import { BENCH_MODELS, compileBench, loadModel, ROOT, specFile } from "./models.js";

const args = process.argv.slice(2);
const explain = args.includes("--explain");
const filter = args.find((a) => !a.startsWith("--"));

function row(label: string, workload: string, model: Model<unknown>): string {
  const full = runSync(new BfsSearch(model, {}));
  const search = new BfsSearch(model, { por: true });
  const por = runSync(search);
  const verdict = full.verdict === "violated" ? `${full.violation?.kind === "invariant" ? full.violation.property : full.violation?.kind}` : full.verdict;
  const same = full.verdict === por.verdict && full.violation?.kind === por.violation?.kind && full.violation?.property === por.violation?.property;
  const factor = full.stats.distinctStates / Math.max(1, por.stats.distinctStates);
  const trace = full.verdict === "violated" ? `${full.trace?.length} / ${por.trace?.length}` : "";
  const st = search.porStats;
  return `| ${label} | ${workload} | ${verdict}${same ? "" : ` (POR: ${por.verdict} ${por.violation?.kind ?? ""})`} | ${full.stats.distinctStates} | ${por.stats.distinctStates} | ${factor.toFixed(2)}× | ${trace} | ${full.stats.seconds.toFixed(2)} / ${por.stats.seconds.toFixed(2)} | ${st.reducedStates} / ${st.provisoFailures} |`;
}

console.log("| spec | workload | verdict | states | states (POR) | factor | trace | seconds | reduced / proviso |");
console.log("|---|---|---|---:|---:|---:|---:|---:|---:|");
const dir = path.join(ROOT, "specs/pfncache");
for (const f of fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".tspec") && f !== "base.tspec")
  .sort()) {
  const name = f.replace(/\.tspec$/, "");
  if (filter !== undefined && !name.includes(filter)) continue;
  const file = await compileBench(path.join(dir, f), `por-${name}`);
  const mod = (await import(file)) as { spec: { workloads: string[] } };
  for (const w of mod.spec.workloads) {
    const model = await loadModel(file, w);
    console.log(row(`pfncache ${name}`, w, model));
    if (explain && w === "full") for (const l of explainPor(model)) console.log(`    ${l}`);
  }
}
for (const bm of BENCH_MODELS.filter((m) => !m.label.startsWith("pfncache") && !m.label.includes("N5K10"))) {
  if (filter !== undefined && !bm.label.includes(filter)) continue;
  const file = await compileBench(specFile(bm), bm.name);
  console.log(row(bm.label, bm.workload, await loadModel(file, bm.workload)));
}
