// Dev helper: check every workload of a generated model dir: node --import tsx scripts/run.mts DIR
import { checkBfs, formatResult } from "../runtime/index.ts";
const mod = await import(process.argv[2] + "/model.ts");
for (const w of mod.spec.workloads) {
  const m = mod.createModel(w);
  const r = checkBfs(m, {});
  console.log(`--- ${w}`);
  console.log(formatResult(m, r, {}));
}
