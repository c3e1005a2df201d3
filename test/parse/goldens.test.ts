/** Golden rendered diagnostics for broken specs (test/fixtures/parse-errors). UPDATE_GOLDENS=1 rewrites them. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { goldenCases, renderGolden } from "../fixtures/parse-error-goldens.js";

const update = process.env.UPDATE_GOLDENS === "1";

describe("parse error goldens", () => {
  const cases = goldenCases();
  it("has at least 15 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const actual = renderGolden(c);
    if (update) {
      writeFileSync(c.expectedPath, actual);
      return;
    }
    expect(existsSync(c.expectedPath), `missing ${c.expectedPath}: run npx tsx test/fixtures/update-goldens.ts`).toBe(true);
    expect(actual).toBe(readFileSync(c.expectedPath, "utf8"));
  });
});
