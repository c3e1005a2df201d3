/**
 * `npm run build`: compiles generator/, runtime/ and cli/ to JavaScript (with .d.ts) in dist/, the code
 * the npm package runs (no tsx at run time). dist/ is rebuilt from scratch; the generated parser
 * (already JavaScript) is copied in. The dev flow does not need it: cli/bin.js runs the sources with
 * tsx when they are there.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: ["ignore", process.stderr, "inherit"] });
if (r.status !== 0) {
  console.error("spec2ts build: tsc failed");
  process.exit(r.status ?? 1);
}
for (const f of ["parser.generated.js", "parser.generated.d.ts"]) copyFileSync(join(root, "generator/parse", f), join(dist, "generator/parse", f));
// stderr: `npm pack --json` (which runs this as prepack) keeps stdout for its JSON.
console.error("built dist/");
