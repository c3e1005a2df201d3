import * as path from "node:path";
import { compileTo } from "../test/emit/helpers.js";
import { checkParallel } from "../runtime/parallel.js";
const r = await compileTo("specs/pfncache/b2-external-lock.tspec", "par-b2-external-lock");
const mp = path.resolve(r.dir, "model.ts");
const cfg = JSON.parse(process.argv[2]!);
const p = await checkParallel(mp, "full", cfg);
console.log(JSON.stringify(cfg), p.verdict, p.stats.distinctStates, p.parallel.donated, p.parallel.received, p.parallel.growths);
