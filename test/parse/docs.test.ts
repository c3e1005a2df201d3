/** Doc comments (`///` runs and `/** *\/` blocks) attach to the declaration or `spec` right after them. */
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../generator/parse/parse.js";
import { normalizeDoc } from "../../generator/parse/trivia.js";

function docs(text: string): (string | undefined)[] {
  const r = parseSpec(text, "d.tspec");
  expect(r.diagnostics).toEqual([]);
  return [r.spec?.doc, ...(r.spec?.decls ?? []).map((d) => d.doc)];
}

describe("doc comments", () => {
  it("/// lines join with newlines and lose their common indentation", () => {
    expect(docs("/// The spec.\nspec S\n/// First line.\n///   indented\n/// last\nvar x: bool = true;\n")).toEqual([
      "The spec.",
      "First line.\n  indented\nlast",
    ]);
  });
  it("/** */ blocks strip their decoration", () => {
    const text = "spec S\n/**\n * Counts things.\n *\n * Twice.\n */\nconst N: 1..2 = 1;\n/** One line. */\nvar y: bool = true;\n";
    expect(docs(text)).toEqual([undefined, "Counts things.\n\nTwice.", "One line."]);
  });
  it("ordinary comments are not docs, nor are //// and /**/", () => {
    expect(docs("spec S\n// plain\nvar a: bool = true;\n//// banner\nvar b: bool = true;\n/**/\nvar c: bool = true;\n")).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
  it("a doc separated by code is not attached; one before override/fair is", () => {
    expect(
      docs("spec S\n/// for x\nvar x: bool = true;\nvar y: bool = true;\n/// fair one\nfair process P { L: skip; }\n/// ov\noverride const N: 1..2 = 1;\n"),
    ).toEqual([undefined, "for x", undefined, "fair one", "ov"]);
  });
  it("docs inside bodies are ignored; CRLF docs are clean", () => {
    expect(docs("spec S\r\n/// a\r\n/// b\r\nprocess P {\r\n  /// not kept\r\n  L: skip;\r\n}\r\n")).toEqual([undefined, "a\nb"]);
  });
  it("normalizeDoc trims blank edges and common indentation", () => {
    expect(normalizeDoc(["", "  a", "    b  ", ""])).toBe("a\n  b");
  });
});
