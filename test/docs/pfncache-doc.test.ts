/**
 * docs/pfncache.md, README.md and docs/language.md (refinement) quote the checker's verdicts and counterexamples; this fails when the page no
 * longer matches what `spec2ts` prints (regenerate with `node --import tsx scripts/gen-docs.mts`).
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("docs/pfncache.md", () => {
  it("matches the checker's current output", () => {
    let out = "";
    let code = 0;
    try {
      out = execFileSync("node", ["--import", "tsx", "scripts/gen-docs.mts", "--check"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      const err = e as { status?: number; stdout?: string };
      code = err.status ?? 1;
      out = err.stdout ?? "";
    }
    expect(out + `exit ${code}`).toBe("exit 0");
  }, 1_800_000);
});
