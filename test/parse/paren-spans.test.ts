/**
 * Issue 12 item 10: a parenthesised expression's span includes its parentheses, so the source text
 * of any expression (what invariant/property texts, docs and diagnostics quote) is exactly what was
 * written, and parses back to the same tree.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Expr, Span } from "../../generator/parse/ast.js";
import { parseExpression, parseSpec } from "../../generator/parse/parse.js";
import { stripSpans } from "../../generator/parse/ast-equal.js";
import { specsUnder } from "../../cli/specs.js";

const EXPR_KINDS = new Set<string>([
  "BoolLit",
  "IntLit",
  "StrLit",
  "NoneLit",
  "SelfExpr",
  "NameExpr",
  "UnaryExpr",
  "BinaryExpr",
  "IfExpr",
  "LetExpr",
  "QuantExpr",
  "ChooseExpr",
  "SetLit",
  "SetFilter",
  "SetMap",
  "RangeExpr",
  "MapComp",
  "RecordLit",
  "SeqLit",
  "FieldExpr",
  "IndexExpr",
  "CallExpr",
  "UpdateExpr",
  "VariantLit",
  "IsExpr",
] satisfies Expr["kind"][]);

/** Every expression node under `node` (any depth), outermost first. */
function expressions(node: unknown, out: Expr[] = []): Expr[] {
  if (Array.isArray(node)) for (const x of node) expressions(x, out);
  else if (typeof node === "object" && node !== null) {
    const kind = (node as { kind?: unknown }).kind;
    // The `let` a tuple binder adds (and its projections) is not written: only its body is.
    if ((kind === "LetExpr" || kind === "WithStmt") && (node as { destructure?: true }).destructure) return expressions((node as { body: unknown }).body, out);
    // `x = e` in a `with` is the domain `{e}`, which is not written either: only `e` is.
    if (kind === "Binder" && (node as { eq?: true }).eq) {
      let d = (node as { domain: Expr }).domain;
      while (d.kind === "LetExpr" && d.destructure) d = d.body;
      return expressions(d.kind === "SetLit" ? d.elems : d, out);
    }
    if (typeof kind === "string" && EXPR_KINDS.has(kind)) out.push(node as Expr);
    for (const [k, v] of Object.entries(node)) if (k !== "span") expressions(v, out);
  }
  return out;
}

const slice = (text: string, s: Span): string => text.slice(s.start.offset, s.end.offset);

function parseClean(text: string, file = "p.tspec") {
  const r = parseSpec(text, file);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  if (!r.spec) throw new Error("no spec");
  return r.spec;
}

describe("issue 12 item 10: expression spans cover their parentheses", () => {
  it("an implication with a parenthesised right operand keeps its closing parenthesis", () => {
    const text = "spec S\nvar valid: bool = false;\nvar active: bool = false;\ninvariant CHECK_P1: valid => (valid => active);\n";
    const spec = parseClean(text);
    const inv = spec.decls.find((d) => d.kind === "InvariantDecl");
    if (inv?.kind !== "InvariantDecl") throw new Error("no invariant");
    expect(slice(text, inv.body.span)).toBe("valid => (valid => active)");
    if (inv.body.kind !== "BinaryExpr") throw new Error("not binary");
    expect(slice(text, inv.body.right.span)).toBe("(valid => active)");
  });

  it("nested and leading parentheses, postfix operators and comments inside", () => {
    const text = "((a + b)) * (c)[1].f - (/* why */ d)";
    const r = parseExpression(text);
    if (!r.expr) throw new Error("no expr");
    expect(slice(text, r.expr.span)).toBe(text);
    for (const e of expressions(r.expr)) {
      const again = parseExpression(slice(text, e.span)).expr;
      expect(again && stripSpans(again), slice(text, e.span)).toEqual(stripSpans(e));
    }
  });

  it("every expression of every spec in specs/ and the construct corpus is exactly its source text", () => {
    const files = [...specsUnder("specs"), "test/fixtures/parse/all-constructs.tspec"];
    let checked = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const spec = parseClean(text, file);
      for (const e of expressions(spec)) {
        const src = slice(text, e.span);
        const again = parseExpression(src);
        // Parsing the quoted text alone gives the same tree: no parenthesis is lost or left unbalanced.
        expect(
          again.diagnostics.filter((d) => d.severity === "error"),
          `${file}: ${src}`,
        ).toEqual([]);
        expect(again.expr && stripSpans(again.expr), `${file}: ${src}`).toEqual(stripSpans(e));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
