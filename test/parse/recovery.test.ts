/** Error recovery (one error per broken declaration, good ones kept) and the never-throws guarantee. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../generator/parse/parse.js";

describe("recovery", () => {
  it("reports each of three broken declarations and keeps the good ones", () => {
    const text = `spec Broken
const N: 1..4 = 2;
var x: bool = true
var y: 0..3 = 0;
invariant I: x ==;
def f(a: bool): bool = a;
process P[self in 1..N] {
  L: y = y + 1
  M: skip;
}
workload w {
  const N = 3;
  expect holds;
}
`;
    const r = parseSpec(text, "b.tspec");
    expect(r.diagnostics.map((d) => `${d.code}@${d.span.start.line}`)).toEqual(["E101@3", "E101@5", "E101@8"]);
    expect(r.spec?.decls.map((d) => d.name.name)).toEqual(["N", "y", "f", "w"]);
  });
  it("does not resynchronise on nested `var`/`const` lines of the broken declaration", () => {
    const text = "spec S\nworkload w {\n  const N = ;\n  const M = 2;\n}\nvar ok: bool = true;\n";
    const r = parseSpec(text, "s.tspec");
    expect(r.diagnostics.map((d) => d.span.start.line)).toEqual([3]);
    expect(r.spec?.decls.map((d) => d.kind)).toEqual(["VarDecl"]);
  });
  it("keeps declarations when the header is missing, but returns no spec", () => {
    const r = parseSpec("var x: bool = true;\nvar y: bool = ;\n", "h.tspec");
    expect(r.spec).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code}@${d.span.start.line}`)).toEqual(["E101@1", "E101@2"]);
  });
  it("ids stay unique across recovery restarts", () => {
    const r = parseSpec("spec S\nvar a: bool = ;\nvar b: bool = true;\nvar c: = 1;\nvar d: bool = false;\n", "i.tspec");
    const ids = r.spec?.decls.map((d) => d.id) ?? [];
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });
  it("unterminated comment and string are E102 without a duplicate E101", () => {
    expect(parseSpec("spec S\nvar x: bool = true; /* open\n", "c").diagnostics.map((d) => d.code)).toEqual(["E102"]);
    const r = parseSpec('spec S\naction a { assert x, "open; }\nvar y: bool = true;\n', "c");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E102"]);
    expect(r.spec?.decls.map((d) => d.kind)).toEqual(["VarDecl"]);
  });
  it("deeply nested input is a diagnostic, not a crash", () => {
    const r = parseSpec(`spec S\ninvariant I: ${"(".repeat(20000)}x${")".repeat(20000)};\n`, "deep");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E105"]);
    const ok = parseSpec(`spec S\ninvariant I: ${"(".repeat(200)}x${")".repeat(200)};\n`, "deep");
    expect(ok.diagnostics).toEqual([]);
  });
});

describe("never throws", () => {
  const alphabet = 'spec var const process { } ( ) [ ] ; : = == , . .. x y 1 " / * \n\t\r if while L: true and or -';
  const tokens = alphabet.split(" ").concat([" "]);
  it("on random strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = parseSpec(s, "r.tspec");
        return Array.isArray(r.diagnostics);
      }),
      { numRuns: 300 },
    );
  });
  it("on random token soups after a header (errors always carry a span and code)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 80 }), (ts) => {
        const r = parseSpec(`spec S\n${ts.join(" ")}`, "r.tspec");
        return r.diagnostics.every((d) => /^E1\d\d$/.test(d.code) && d.span.start.offset <= d.span.end.offset);
      }),
      { numRuns: 300 },
    );
  });
});
