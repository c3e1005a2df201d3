/**
 * packed.ts carries the spec's file name in its header and in each step's doc comment: a hostile file
 * name must stay inside those comments (it once ended the header line and broke compilation).
 */
import { describe, expect, it } from "vitest";
import { emitModelFiles } from "../../generator/emit/module.js";
import { frontEnd } from "../fuzz/harness.js";
import { codeIdentifiers, syntaxErrors } from "../robustness/project.js";

const SPEC = "spec Nl\nvar x: 0..1 = 0;\nprocess P { A: x = 1; }\nworkload w { expect holds; }\n";

describe("packed.ts escapes the spec's text", () => {
  for (const name of ["a\nb", "a*/ INJECTED(); /*b", "a\u2028INJECTED()", "a\rINJECTED()"])
    it(`file name ${JSON.stringify(name)} stays in the comments`, () => {
      const o = frontEnd(SPEC, `.cache/test-packed-escape/${name}.tspec`);
      expect(o.checked).toBeDefined();
      const { packed } = emitModelFiles(o.checked!, "../../runtime/contract/index.js");
      expect(packed).toBeDefined();
      expect(syntaxErrors(packed!)).toEqual([]);
      expect(codeIdentifiers(packed!).has("INJECTED")).toBe(false);
    });
});
