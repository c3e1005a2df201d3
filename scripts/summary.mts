// Dev helper: one line per workload: node --import tsx scripts/summary.mts DIR...
import { checkBfs, matchesExpectation, describeViolation } from "../runtime/index.ts";
for (const dir of process.argv.slice(2)) {
  const mod = await import(dir + "/model.ts");
  for (const w of mod.spec.workloads) {
    const m = mod.createModel(w);
    const r = checkBfs(m, { maxSeconds: Number(process.env.MAXS ?? 60) });
    const ok = matchesExpectation(r, m.expect).ok;
    console.log(`${mod.spec.name.padEnd(22)} ${w.padEnd(24)} ${(r.violation ? describeViolation(r.violation) : r.verdict).slice(0, 70).padEnd(70)} states=${r.stats.distinctStates} depth=${r.stats.depth} t=${r.stats.seconds.toFixed(1)}s ${ok ? "ok" : "MISMATCH expect " + JSON.stringify(m.expect)}`);
  }
}
