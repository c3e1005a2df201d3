/** The committed generated parser must equal a fresh build of grammar/spec2ts.peggy (run `npm run build:grammar`). */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("parser.generated.js is up to date with the grammar", () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const fresh = execFileSync(process.execPath, ["scripts/build-grammar.js", "--stdout"], { cwd: root, encoding: "utf8" });
  const committed = readFileSync(new URL("../../generator/parse/parser.generated.js", import.meta.url), "utf8");
  expect(fresh === committed, "generator/parse/parser.generated.js is stale: run `npm run build:grammar`").toBe(true);
});
