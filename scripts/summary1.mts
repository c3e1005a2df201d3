import { checkBfs, matchesExpectation, describeViolation } from "../runtime/index.ts";
const w = process.argv[2];
for (const dir of process.argv.slice(3)) {
  const mod = await import(dir + "/model.ts");
  const m = mod.createModel(w);
  const r = checkBfs(m, {});
  console.log(`${mod.spec.name.padEnd(22)} ${(r.violation ? describeViolation(r.violation) : r.verdict).slice(0, 90).padEnd(90)} states=${r.stats.distinctStates} depth=${r.stats.depth}`);
}
