// Prints the version × workload verdict table of docs/pfncache.md from the checker's own output:
//   node --import tsx scripts/pfncache-table.mts
import { compileFile } from "../generator/api.ts";
import { checkBfs, describeViolation } from "../runtime/index.ts";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

const versions = ["a-5.18", "b1-6.1", "b2-6.2", "b2-external-lock", "c-email-fix", "d-mainline"];
const short: Record<string, string> = {
  ValidImpliesActive: "P1", ActiveValidImpliesListed: "P2", ValidImpliesMapped: "P3", ValidImpliesFresh: "P4",
  ReaderSafe: "P5", GupBalanced: "P8", NoLeak: "P9",
};
const rows: string[] = [];
let workloads: string[] = [];
for (const v of versions) {
  const dir = `generated/pfncache/${v}`;
  const mod = await import(pathToFileURL(path.resolve(`${dir}/model.ts`)).href);
  workloads = mod.spec.workloads;
  const cells: string[] = [];
  for (const w of workloads) {
    const m = mod.createModel(w);
    const r = checkBfs(m, {});
    const viol = r.violation;
    const what = !viol
      ? `holds`
      : viol.kind === "invariant"
        ? `**${short[viol.property ?? ""] ?? ""} ${viol.property}**`
        : `**${viol.kind}**: ${viol.message.replace(/\|/g, "\\|").slice(0, 60)}`;
    cells.push(`${what} <br><sub>${r.stats.distinctStates.toLocaleString("en-US")} states, depth ${r.stats.depth}</sub>`);
  }
  rows.push(`| ${v} | ${cells.join(" | ")} |`);
}
console.log(`| version | ${workloads.join(" | ")} |`);
console.log(`|---|${workloads.map(() => "---").join("|")}|`);
for (const r of rows) console.log(r);
void fs; void compileFile;
