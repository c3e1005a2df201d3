import { checkBfs } from "/work/main/runtime/index.ts";
const mod = await import("/work/main/.cache/mutexn/model.ts");
const m = mod.createModel(process.argv[2] ?? "peers-n5k8");
const r = checkBfs(m, {});
console.log(r.verdict, r.stats);
console.log("rss MB", process.memoryUsage().rss / 1e6);
