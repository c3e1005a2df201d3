/**
 * The canonical printer: parse(print(parse(x))) equals parse(x) ignoring ids/spans, on a corpus
 * covering every construct and, as a fast-check property, on generated expression trees (where
 * precedence and the "open forms run to the right" rule make parenthesisation subtle).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Binder, Expr, Ident, PathSeg, Span } from "../../generator/parse/ast.js";
import { parseExpression, parseSpec } from "../../generator/parse/parse.js";
import { astEqual, printExpr, printSpec, stripSpans } from "../../generator/parse/print.js";

const corpus = readFileSync(new URL("../fixtures/parse/all-constructs.tspec", import.meta.url), "utf8");

function parseClean(text: string) {
  const r = parseSpec(text, "c.tspec");
  expect(r.diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.message}`)).toEqual([]);
  if (!r.spec) throw new Error("no spec");
  return r.spec;
}

describe("printSpec", () => {
  it("round-trips the all-constructs corpus", () => {
    const first = parseClean(corpus);
    const printed = printSpec(first);
    const second = parseClean(printed);
    expect(stripSpans(second)).toEqual(stripSpans(first));
    expect(printSpec(second)).toBe(printed);
  });
  it("prints in house style", () => {
    const spec = parseClean("/// doc\nspec S\nvar x:0..3=1+2*3;\nprocess P{L:if(x>1){x=(x-1);}}\n");
    expect(printSpec(spec)).toBe(`/// doc
spec S

var x: 0..3 = 1 + 2 * 3;

process P {
  L: if (x > 1) {
       x = x - 1;
     }
}
`);
  });
  it("uses minimal parentheses", () => {
    const p = (t: string): string => {
      const e = parseExpression(t).expr;
      if (!e) throw new Error(t);
      return printExpr(e);
    };
    expect(p("(a + b) * c")).toBe("(a + b) * c");
    expect(p("a + (b * c)")).toBe("a + b * c");
    expect(p("(a - b) - c")).toBe("a - b - c");
    expect(p("a - (b - c)")).toBe("a - (b - c)");
    expect(p("(a => b) => c")).toBe("(a => b) => c");
    expect(p("(if c then 1 else 2) + 3")).toBe("(if c then 1 else 2) + 3");
    expect(p("!a && b")).toBe("not a and b");
    expect(p("((a))")).toBe("a");
  });
  it("keeps the parentheses that make precedence readable, whatever the source had", () => {
    const p = (t: string): string => {
      const e = parseExpression(t).expr;
      if (!e) throw new Error(t);
      return printExpr(e);
    };
    expect(p("a => b => c")).toBe("a => (b => c)");
    expect(p("a and b => c")).toBe("(a and b) => c");
    expect(p("a => b or c")).toBe("a => (b or c)");
    expect(p("(a => b) <=> c")).toBe("(a => b) <=> c");
    expect(p("3 + if c then 1 else 2")).toBe("3 + (if c then 1 else 2)");
    expect(p("u == if K == GPA then 1 else 2")).toBe("u == (if K == GPA then 1 else 2)");
    expect(p("a and forall x in S: x > 0")).toBe("a and (forall x in S: x > 0)");
    expect(p("!a && b || c")).toBe("(not a and b) or c");
    expect(p("a or b and c")).toBe("a or (b and c)");
    expect(p("not (a == b)")).toBe("not (a == b)");
    expect(p("not a in S")).toBe("not (a in S)");
    expect(p("if a then if b then 1 else 2 else 3")).toBe("if a then (if b then 1 else 2) else 3");
    expect(p("if a then 1 else if b then 2 else 3")).toBe("if a then 1 else if b then 2 else 3");
    expect(p("{y + 1 : y in if c then S else T}")).toBe("{y + 1 : y in (if c then S else T)}");
  });
  it("breaks long expressions at 100 columns, short ones stay on one line", () => {
    const src = `spec S
const GATE: bool = true;
var a_long_variable_name: 0..3 = 0;
var another_long_variable: 0..3 = 0;
invariant Short: a_long_variable_name > 0 and another_long_variable > 0;
invariant Long: a_long_variable_name > 0 and another_long_variable > 0 and a_long_variable_name < 3 and another_long_variable < 3;
invariant Gated: GATE => (if a_long_variable_name > 0 then another_long_variable > 0 else another_long_variable == a_long_variable_name);
def sum(x: 0..3, y: 0..3): 0..6 = x + y;
def s: set<0..3> = {x in 0..3 : x > a_long_variable_name and x > another_long_variable and x != a_long_variable_name + 1};
process P {
  L1: if (a_long_variable_name > 0 and another_long_variable > 0 and a_long_variable_name + another_long_variable < 3) {
        a_long_variable_name = sum(another_long_variable, a_long_variable_name) % 4;
      }
}
`;
    expect(printSpec(parseClean(src), src)).toBe(`spec S

const GATE: bool = true;
var a_long_variable_name: 0..3 = 0;
var another_long_variable: 0..3 = 0;
invariant Short: a_long_variable_name > 0 and another_long_variable > 0;
invariant Long:
  a_long_variable_name > 0
  and another_long_variable > 0
  and a_long_variable_name < 3
  and another_long_variable < 3;
invariant Gated: GATE =>
  (if a_long_variable_name > 0 then another_long_variable > 0
   else another_long_variable == a_long_variable_name);
def sum(x: 0..3, y: 0..3): 0..6 = x + y;
def s: set<0..3> =
  {x in 0..3 :
    x > a_long_variable_name and x > another_long_variable and x != a_long_variable_name + 1};
process P {
  L1: if (a_long_variable_name > 0
          and another_long_variable > 0
          and a_long_variable_name + another_long_variable < 3) {
        a_long_variable_name = sum(another_long_variable, a_long_variable_name) % 4;
      }
}
`);
  });
  it("lines up the statements of a labelled step after its label (PlusCal layout)", () => {
    const src = `spec S
var m: mutex;
var n: 0..3 = 0;
process P {
  var t: 0..3 = 0;
  // step one
  Start: acquire m;
  n = n + 1;
  Loop: while (n < 3) {
  n = n + 1;
  In: t = n;
  }
  A: skip;
  Done2: release m;
}
`;
    expect(printSpec(parseClean(src), src)).toBe(`spec S

var m: mutex;
var n: 0..3 = 0;
process P {
  var t: 0..3 = 0;
  // step one
  Start: acquire m;
         n = n + 1;
  Loop: while (n < 3) {
          n = n + 1;
  In:     t = n;
        }
  A:     skip;
  Done2: release m;
}
`);
  });
  it("astEqual ignores ids and spans but not structure", () => {
    const a = parseExpression("x + 1").expr;
    const b = parseExpression("  x+1").expr;
    const c = parseExpression("x + 2").expr;
    expect(astEqual(a, b)).toBe(true);
    expect(astEqual(a, c)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Generated expressions

const SPAN: Span = { file: "g", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
const base = { id: 0, span: SPAN };
const ident = (name: string): Ident => ({ kind: "Ident", ...base, name });
const nameArb = fc.constantFrom("a", "b", "x", "S", "android", "iffy", "f_1").map(ident);

const BINARY_OPS = [
  "and",
  "or",
  "implies",
  "iff",
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
  "in",
  "notin",
  "subset",
  "add",
  "sub",
  "mul",
  "div",
  "mod",
  "union",
  "intersect",
  "minus",
] as const;

const { expr } = fc.letrec<{ expr: Expr }>((tie) => {
  const e = (): fc.Arbitrary<Expr> => tie("expr");
  const binder: fc.Arbitrary<Binder> = fc.record({ name: nameArb, domain: e() }).map((f) => ({ kind: "Binder", ...base, ...f }));
  const binders = fc.array(binder, { minLength: 1, maxLength: 2 });
  const seg: fc.Arbitrary<PathSeg> = fc.oneof(
    e().map((index): PathSeg => ({ kind: "IndexSeg", index, span: SPAN })),
    nameArb.map((field): PathSeg => ({ kind: "FieldSeg", field, span: SPAN })),
  );
  const leaf: fc.Arbitrary<Expr> = fc.oneof(
    fc.boolean().map((value): Expr => ({ kind: "BoolLit", ...base, value })),
    fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }).map((value): Expr => ({ kind: "IntLit", ...base, value })),
    fc.string({ unit: fc.constantFrom("a", " ", '"', "\\", "\n", "\t", "é"), maxLength: 4 }).map((value): Expr => ({ kind: "StrLit", ...base, value })),
    fc.constant<Expr>({ kind: "NoneLit", ...base }),
    fc.constant<Expr>({ kind: "SelfExpr", ...base }),
    nameArb.map((name): Expr => ({ kind: "NameExpr", ...base, name })),
  );
  const node: fc.Arbitrary<Expr> = fc.oneof(
    fc.record({ op: fc.constantFrom("not" as const, "neg" as const), arg: e() }).map((f): Expr => ({ kind: "UnaryExpr", ...base, ...f })),
    fc.record({ op: fc.constantFrom(...BINARY_OPS), left: e(), right: e() }).map((f): Expr => ({ kind: "BinaryExpr", ...base, ...f })),
    fc.record({ cond: e(), then: e(), else: e() }).map((f): Expr => ({ kind: "IfExpr", ...base, ...f })),
    fc
      .record({ bindings: fc.array(fc.record({ name: nameArb, value: e() }), { minLength: 1, maxLength: 2 }), body: e() })
      .map((f): Expr => ({ kind: "LetExpr", ...base, ...f })),
    fc.record({ quant: fc.constantFrom("forall" as const, "exists" as const), binders, body: e() }).map((f): Expr => ({ kind: "QuantExpr", ...base, ...f })),
    fc.record({ binder, body: e() }).map((f): Expr => ({ kind: "ChooseExpr", ...base, ...f })),
    fc.array(e(), { maxLength: 3 }).map((elems): Expr => ({ kind: "SetLit", ...base, elems })),
    fc.record({ binder, pred: e() }).map((f): Expr => ({ kind: "SetFilter", ...base, ...f })),
    fc.record({ body: e(), binders }).map((f): Expr => ({ kind: "SetMap", ...base, ...f })),
    fc.record({ lo: e(), hi: e() }).map((f): Expr => ({ kind: "RangeExpr", ...base, ...f })),
    fc.record({ binder, body: e() }).map((f): Expr => ({ kind: "MapComp", ...base, ...f })),
    fc.array(fc.record({ name: nameArb, value: e() }), { minLength: 1, maxLength: 2 }).map((fields): Expr => ({ kind: "RecordLit", ...base, fields })),
    fc.array(e(), { maxLength: 3 }).map((elems): Expr => ({ kind: "SeqLit", ...base, elems })),
    fc.record({ target: e(), field: nameArb }).map((f): Expr => ({ kind: "FieldExpr", ...base, ...f })),
    fc.record({ target: e(), index: e() }).map((f): Expr => ({ kind: "IndexExpr", ...base, ...f })),
    fc
      .record({ callee: fc.constantFrom("card", "holds", "f_1").map(ident), args: fc.array(e(), { maxLength: 2 }) })
      .map((f): Expr => ({ kind: "CallExpr", ...base, ...f })),
    fc
      .record({
        target: e(),
        updates: fc.array(fc.record({ path: fc.array(seg, { minLength: 1, maxLength: 2 }), value: e() }), { minLength: 1, maxLength: 2 }),
      })
      .map((f): Expr => ({ kind: "UpdateExpr", ...base, ...f })),
  );
  // Internal nodes weigh more than leaves (fast-check's default trees are too shallow to exercise
  // precedence); depth is still bounded by fast-check's depth bias and maxDepth.
  return {
    expr: fc.oneof({ depthSize: "medium", maxDepth: 5, withCrossShrink: true }, { arbitrary: leaf, weight: 1 }, { arbitrary: node, weight: 3 }),
  };
});

describe("printExpr round trip (property)", () => {
  it("parse(printExpr(e)) equals e", () => {
    fc.assert(
      fc.property(expr, (e) => {
        const text = printExpr(e);
        const r = parseExpression(text);
        if (r.diagnostics.length > 0) throw new Error(`${text}\n${r.diagnostics.map((d) => d.message).join("\n")}`);
        if (!astEqual(r.expr, e)) throw new Error(`round trip changed the tree: ${text}`);
      }),
      { numRuns: 400 },
    );
  });
});

describe("printExpr regressions", () => {
  it("an open form as a non-final update value keeps its parentheses (fast-check counterexample)", () => {
    const src = "x with [0] = (let a = self in a), [1] = false";
    const r = parseExpression(src);
    expect(r.diagnostics).toEqual([]);
    const text = printExpr(r.expr as Expr);
    const again = parseExpression(text);
    expect(again.diagnostics).toEqual([]);
    expect(astEqual(again.expr, r.expr)).toBe(true);
    expect(text).toContain("(let a = self in a)");
  });
});
