/** Test helpers for the parser: parse-or-fail wrappers and a compact s-expression view of expressions. */
import { expect } from "vitest";
import type { Decl, Expr, SpecFile, Stmt, Temporal } from "../../generator/parse/ast.js";
import { parseExpression, parseSpec } from "../../generator/parse/parse.js";

/** Parses `spec T` + `body`, failing the test on any diagnostic. */
export function parseOk(body: string): SpecFile {
  const text = `spec T\n${body}\n`;
  const r = parseSpec(text, "t.tspec");
  expect(r.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`)).toEqual([]);
  if (r.spec === undefined) throw new Error("no spec");
  return r.spec;
}

/** The single declaration of `body`. */
export function declOk(body: string): Decl {
  const decls = parseOk(body).decls;
  expect(decls).toHaveLength(1);
  const d = decls[0];
  if (d === undefined) throw new Error("no decl");
  return d;
}

/** The statements of `action a { body }`. */
export function stmtsOk(body: string): readonly Stmt[] {
  const d = declOk(`action a {\n${body}\n}`);
  if (d.kind !== "ActionDecl") throw new Error(d.kind);
  return d.body;
}

/** Parses an expression, failing the test on any diagnostic. */
export function exprOk(text: string): Expr {
  const r = parseExpression(text);
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  if (r.expr === undefined) throw new Error("no expr");
  return r.expr;
}

/** `sx(exprOk(text))`. */
export function sxOf(text: string): string {
  return sx(exprOk(text));
}

/** Compact prefix notation of an expression, e.g. `(add 1 (mul 2 3))`. */
export function sx(e: Expr): string {
  const all = (es: readonly Expr[]): string => es.map(sx).join(" ");
  switch (e.kind) {
    case "BoolLit":
      return String(e.value);
    case "IntLit":
      return e.value.toString();
    case "StrLit":
      return JSON.stringify(e.value);
    case "NoneLit":
      return "none";
    case "SelfExpr":
      return "self";
    case "NameExpr":
      return e.name.name;
    case "UnaryExpr":
      return `(${e.op} ${sx(e.arg)})`;
    case "BinaryExpr":
      return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case "IfExpr":
      return `(if ${sx(e.cond)} ${sx(e.then)} ${sx(e.else)})`;
    case "LetExpr":
      return `(let [${e.bindings.map((b) => `${b.name.name} ${sx(b.value)}`).join(", ")}] ${sx(e.body)})`;
    case "QuantExpr":
      return `(${e.quant} [${e.binders.map((b) => `${b.name.name} ${sx(b.domain)}`).join(", ")}] ${sx(e.body)})`;
    case "ChooseExpr":
      return `(choose ${e.binder.name.name} ${sx(e.binder.domain)} ${sx(e.body)})`;
    case "SetLit":
      return `{${all(e.elems)}}`;
    case "SetFilter":
      return `(filter ${e.binder.name.name} ${sx(e.binder.domain)} ${sx(e.pred)})`;
    case "SetMap":
      return `(setmap ${sx(e.body)} [${e.binders.map((b) => `${b.name.name} ${sx(b.domain)}`).join(", ")}])`;
    case "RangeExpr":
      return `(.. ${sx(e.lo)} ${sx(e.hi)})`;
    case "FuncSet":
      return `(-> ${sx(e.domain)} ${sx(e.range)})`;
    case "SeqFilter":
      return `(seqfilter ${e.binder.name.name} ${sx(e.binder.domain)} ${sx(e.pred)})`;
    case "TupleLit":
      return `<<${all(e.elems)}>>`;
    case "MapComp":
      return `(mapcomp ${e.binder.name.name} ${sx(e.binder.domain)} ${sx(e.body)})`;
    case "RecordLit":
      return `(record ${e.fields.map((f) => `${f.name.name}=${sx(f.value)}`).join(" ")})`;
    case "VariantLit":
      return `(variant ${e.tag.name} ${e.fields.map((f) => `${f.name.name}=${sx(f.value)}`).join(" ")})`;
    case "IsExpr":
      return `(is ${sx(e.target)} ${e.tag.name})`;
    case "SeqLit":
      return `[${all(e.elems)}]`;
    case "FieldExpr":
      return `(. ${sx(e.target)} ${e.field.name})`;
    case "IndexExpr":
      return `(idx ${sx(e.target)} ${sx(e.index)})`;
    case "CallExpr":
      return `(${e.callee.name}${e.args.length > 0 ? " " : ""}${all(e.args)})`;
    case "UpdateExpr":
      return `(with ${sx(e.target)} ${e.updates
        .map((u) => `${u.path.map((p) => (p.kind === "IndexSeg" ? `[${sx(p.index)}]` : `.${p.field.name}`)).join("")}=${sx(u.value)}`)
        .join(" ")})`;
  }
}

/** Compact view of a temporal formula. */
export function tx(t: Temporal): string {
  switch (t.kind) {
    case "TAlways":
      return `(always ${tx(t.arg)})`;
    case "TEventually":
      return `(eventually ${tx(t.arg)})`;
    case "TLeadsTo":
      return `(leadsto ${tx(t.left)} ${tx(t.right)})`;
    case "TImplies":
      return `(=> ${tx(t.left)} ${tx(t.right)})`;
    case "TForall":
      return `(forall ${t.binders.map((b) => `${b.name.name} ${sx(b.domain)}`).join(" ")} ${tx(t.body)})`;
    case "TState":
      return sx(t.expr);
  }
}
