/** A spec with errors: rendered diagnostics (file:line:col, source line, caret, code), exit 2, no stack. */
import { describe, expect, it } from "vitest";
import { hasStackTrace, spec2ts } from "./helpers.js";

const BAD = "test/fixtures/cli/malformed.tspec";

describe.concurrent("diagnostics", () => {
  it.each([["check"], ["simulate"], ["test"], ["gen"]])("%s on a malformed spec prints the error with a caret and exits 2", async (cmd) => {
    const r = await spec2ts([cmd, BAD]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[E101]: expected `;` after the variable declaration `x`, found `var`");
    expect(r.stderr).toContain(`--> ${BAD}:4:19`);
    expect(r.stderr).toContain(" 4 | var x: bool = true\n");
    expect(r.stderr).toMatch(/\| {19}\^ expected `;`/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
