/** Sequential vs parallel BFS on one workload: node --import tsx bench/parallel-check.ts MODULE WORKLOAD */
import { checkParallel } from "../runtime/parallel.js";
import { checkBfs } from "../runtime/bfs.js";
import { loadModel } from "./models.js";
const [mp, w] = process.argv.slice(2) as [string, string];
const m = await loadModel(mp, w);
const s = checkBfs(m);
console.log("seq", s.verdict, s.stats.distinctStates, s.stats.seconds.toFixed(2), s.trace?.length);
for (const n of [1, 2]) {
  const r = await checkParallel(mp, w, { workers: n });
  console.log(n, r.verdict, r.violation?.kind, r.stats.distinctStates, r.stats.seconds.toFixed(2), r.trace?.length);
}
