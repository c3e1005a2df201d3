// Parses every .tspec under specs/ and test/models/ with the project's parser and prints diagnostics.
// (A development helper; the exactness oracle itself, enumerate.ts, does not import project code.)
import * as fs from "node:fs";
import * as path from "node:path";
import { parseSpec } from "../../../generator/parse/parse.js";

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ["specs", "test/models"];
const files: string[] = [];
const walk = (d: string): void => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith(".tspec")) files.push(p);
  }
};
for (const r of roots) fs.statSync(r).isDirectory() ? walk(r) : files.push(r);
let bad = 0;
for (const f of files.sort()) {
  const r = parseSpec(fs.readFileSync(f, "utf8"), f);
  const diags = r.diagnostics;
  if (diags.length === 0) console.log(`ok   ${f} (${r.spec?.decls.length} decls)`);
  else {
    bad++;
    console.log(`FAIL ${f}`);
    for (const d of diags) console.log(`  ${JSON.stringify(d).slice(0, 400)}`);
  }
}
process.exit(bad ? 1 : 0);
