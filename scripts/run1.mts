// Dev helper: node --import tsx scripts/run1.mts DIR WORKLOAD
import { checkBfs, formatResult } from "../runtime/index.ts";
const mod = await import(process.argv[2] + "/model.ts");
const ws = process.argv[3] ? [process.argv[3]] : mod.spec.workloads;
for (const w of ws) {
  const m = mod.createModel(w);
  const r = checkBfs(m, { maxSeconds: Number(process.env.MAXS ?? 120) });
  console.log(`--- ${w} (expect ${JSON.stringify(m.expect)})`);
  console.log(formatResult(m, r, {}));
}
