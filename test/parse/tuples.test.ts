/** Issue 13 item 2: the syntax of tuples, function sets and the sequence filter. */
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../generator/parse/parse.js";
import { printSpec } from "../../generator/parse/print.js";
import { declOk, sxOf } from "./helpers.js";

describe("tuples, [S -> T], [x in s : P]", () => {
  it("parses tuple literals, nested ones and their components", () => {
    expect(sxOf("<<a, b>>")).toBe("<<a b>>");
    expect(sxOf("<<1>>")).toBe("<<1>>");
    expect(sxOf("<<a, <<b, c>>>>")).toBe("<<a <<b c>>>>");
    expect(sxOf("<<a > b, c>>")).toBe("<<(gt a b) c>>");
    expect(sxOf("t[1] == <<x, y>>[2]")).toBe("(eq (idx t 1) (idx <<x y>> 2))");
  });

  it("parses function sets and sequence filters next to map comprehensions and sequences", () => {
    expect(sxOf("[S -> T]")).toBe("(-> S T)");
    expect(sxOf("[1..N -> {0, 1}]")).toBe("(-> (.. 1 N) {0 1})");
    expect(sxOf("[x in s : x > 1]")).toBe("(seqfilter x s (gt x 1))");
    expect(sxOf("[x in S |-> x]")).toBe("(mapcomp x S x)");
    expect(sxOf("[a - b, c]")).toBe("[(sub a b) c]");
  });

  it("parses tuple types; `tuple` stays an ordinary name elsewhere", () => {
    const d = declOk("var t: tuple<0..2, bool> = <<0, true>>;");
    expect(d.kind === "VarDecl" && d.type.kind).toBe("TupleType");
    expect(sxOf("tuple + 1")).toBe("(add tuple 1)");
    const r = parseSpec("spec T\nvar tuple: 0..1 = 0;\n", "t.tspec");
    expect(r.diagnostics).toEqual([]);
  });

  it("prints them back", () => {
    const r = parseSpec(
      "spec T\nvar t: tuple<0..2,bool> = <<0,true>>;\ndef f(q: seq<0..3, 2>): bool = [x in q:x>1] == [] and card([0..1->{0}]) == 1;\n",
      "t.tspec",
    );
    expect(r.spec).toBeDefined();
    const out = printSpec(r.spec!);
    expect(out).toContain("var t: tuple<0..2, bool> = <<0, true>>;");
    expect(out).toContain("[x in q : x > 1] == []");
    expect(out).toContain("card([0..1 -> {0}]) == 1");
  });
});
