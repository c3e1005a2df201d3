/**
 * Comment-preserving printing (printSpec(spec, source), comments.ts): where each kind of comment goes,
 * blank lines, and the doc-comment corner cases. The laws over all specs are in test/fmt/.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planComments } from "../../generator/parse/comments.js";
import { parseSpec } from "../../generator/parse/parse.js";
import { astEqual, printSpec } from "../../generator/parse/print.js";

function fmt(text: string): string {
  const r = parseSpec(text, "c.tspec");
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  if (!r.spec) throw new Error("no spec");
  const out = printSpec(r.spec, text);
  expect(astEqual(parseSpec(out, "c.tspec").spec, r.spec)).toBe(true);
  return out;
}

describe("printSpec with comments", () => {
  it("formats the comments corpus to its golden, a fixed point", () => {
    const src = readFileSync(new URL("../fixtures/parse/comments.tspec", import.meta.url), "utf8");
    const golden = readFileSync(new URL("../fixtures/parse/comments.formatted.tspec", import.meta.url), "utf8");
    expect(fmt(src)).toBe(golden);
    expect(fmt(golden)).toBe(golden);
  });

  it("keeps leading, trailing, open, end and end-of-file comments in place", () => {
    const src = `spec S // h
// lead x
var x: 0..3 = 1;   // trail x
action A { // open
  // lead skip
  skip; /* t */ // t2
  // end of A
}
// eof
`;
    expect(fmt(src)).toBe(`spec S // h

// lead x
var x: 0..3 = 1; // trail x
action A { // open
  // lead skip
  skip; /* t */ // t2
  // end of A
}
// eof
`);
  });

  it("keeps at most one blank line, none at block edges; the header gets one", () => {
    const src = "spec S\nconst A: 0..1 = 0;\nconst B: 0..1 = 0;\n\n\n\nconst C: 0..1 = 0;\naction X {\n\n  skip;\n\n\n  // c\n  skip;\n\n}\n";
    expect(fmt(src)).toBe("spec S\n\nconst A: 0..1 = 0;\nconst B: 0..1 = 0;\n\nconst C: 0..1 = 0;\naction X {\n  skip;\n\n  // c\n  skip;\n}\n");
  });

  it("moves comments inside expressions and heads before their statement/declaration", () => {
    const src = "spec S\nconst N: 0..3 = 1 + // one\n  2;\naction A {\n  x = /* e */ 1;\n  if c { skip; } // between\n  else { skip; }\n}\n";
    const r = parseSpec(src, "c.tspec");
    if (!r.spec) throw new Error("no spec");
    const moved = planComments(r.spec, src).moved.map((c) => src.slice(c.start, c.end));
    expect(moved).toEqual(["// one", "/* e */", "// between"]);
    expect(fmt(src)).toBe(
      "spec S\n\n// one\nconst N: 0..3 = 1 + 2;\naction A {\n  /* e */\n  x = 1;\n  // between\n  if (c) {\n    skip;\n  } else {\n    skip;\n  }\n}\n",
    );
  });

  it("keeps the braces of `else { if … }` only when comments need them", () => {
    expect(fmt("spec S\naction A { if a { skip; } else { if b { skip; } } }\n")).toContain("} else if (b) {");
    expect(fmt("spec S\naction A { if a { skip; } else { // why\n if b { skip; } } }\n")).toContain("} else { // why\n    if (b) {");
  });

  it("prints record fields and enum members one per line when they have comments", () => {
    expect(fmt("spec S\ntype R = {a: bool, // A\n b: bool};\nenum E { X, Y }\n")).toBe(
      "spec S\n\ntype R = {\n  a: bool, // A\n  b: bool\n};\nenum E { X, Y }\n",
    );
    expect(fmt("spec S\nprocess P { var r: {a: bool /* A */} = {a: true}; skip; }\n")).toBe(
      "spec S\n\nprocess P {\n  var r: {\n    a: bool /* A */\n  } = {a: true};\n  skip;\n}\n",
    );
  });

  it("never turns a comment into a doc comment, nor merges one into a doc", () => {
    // A `///` moved out of an expression would become the declaration's doc: it goes after the keyword.
    expect(fmt("spec S\nconst K: 0..9 = /// not a doc\n  1;\n")).toBe("spec S\n\nconst /// not a doc\nK: 0..9 = 1;\n");
    // A `/** */` doc stays a block (so a stray `///` before it cannot merge into it); `///` docs stay lines.
    expect(fmt("spec S\n/// stray\n// sep\n/// doc\nconst A: 0..1 = 0;\n/// stray2\n/** doc2 */\nconst B: 0..1 = 0;\n")).toBe(
      "spec S\n\n/// stray\n// sep\n/// doc\nconst A: 0..1 = 0;\n/// stray2\n/** doc2 */\nconst B: 0..1 = 0;\n",
    );
  });

  it("re-indents the ` * ` lines of block comments and right-trims comments", () => {
    expect(fmt("spec S\naction A {\n        /* a   \n         * b\n         */\n  skip; // t   \n}\n")).toBe(
      "spec S\n\naction A {\n  /* a\n   * b\n   */\n  skip; // t\n}\n",
    );
  });

  it("keeps block doc comments as blocks", () => {
    const src = "/**\n * The spec.\n *\n * - item\n *   more\n */\nspec S\n/** One line. */\nconst A: 0..1 = 0;\n/// Lines.\n/// Two.\nconst B: 0..1 = 0;\n";
    expect(fmt(src)).toBe(src.replace("spec S\n", "spec S\n\n"));
  });

  it("without the source, prints no comments and one paragraph per declaration (as before)", () => {
    const src = "spec S\n// c\nconst A: 0..1 = 0;\nconst B: 0..1 = 0;\n";
    const spec = parseSpec(src, "c.tspec").spec;
    if (!spec) throw new Error("no spec");
    expect(printSpec(spec)).toBe("spec S\n\nconst A: 0..1 = 0;\n\nconst B: 0..1 = 0;\n");
  });
});
