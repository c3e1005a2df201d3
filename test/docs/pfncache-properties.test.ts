/**
 * docs/pfncache.md's per-property tables (issue 16 item 1): each is generated from one `check
 * --continue` run of a version; this fails when a table no longer matches what the checker finds.
 */
import { describe, expect, it } from "vitest";
import { genDocsCheck } from "./gen-docs-check.js";

describe("docs/pfncache.md per-property tables", () => {
  it("match the checker's current output", () => {
    expect(genDocsCheck(["docs/pfncache.md", "--only=properties"])).toBe("exit 0");
  }, 1_800_000);
});
