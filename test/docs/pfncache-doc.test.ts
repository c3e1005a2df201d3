/**
 * docs/pfncache.md, README.md, the tutorial, the cookbook and docs/language.md quote the checker's
 * verdicts and counterexamples; this fails when a page no longer matches what `spec2ts` prints
 * (regenerate with `node --import tsx scripts/gen-docs.mts`). The per-property tables of
 * docs/pfncache.md (one `check --continue` run per version) are checked by pfncache-properties.test.ts,
 * so that the two halves run in parallel (vitest.config.ts starts both first).
 */
import { describe, expect, it } from "vitest";
import { genDocsCheck } from "./gen-docs-check.js";

describe("docs quoting the checker", () => {
  it("match the checker's current output (every block but the per-property tables)", () => {
    expect(genDocsCheck(["--skip=properties"])).toBe("exit 0");
  }, 1_800_000);
});
