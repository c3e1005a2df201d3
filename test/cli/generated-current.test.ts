/** `generated/` is what `spec2ts gen` produces from `specs/` (CI fails when someone forgot to regenerate). */
import { describe, expect, it } from "vitest";
import { spec2ts } from "./helpers.js";

describe("generated/", () => {
  it("is up to date with specs/ (spec2ts gen --check)", async () => {
    const r = await spec2ts(["gen", "--check"]);
    expect(r.stdout + r.stderr, "run `npx spec2ts gen` and commit generated/").toContain("generated/ is up to date");
    expect(r.code).toBe(0);
  });
});
