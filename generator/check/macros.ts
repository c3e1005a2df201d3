/**
 * Macro expansion: every `m(args);` statement is replaced by a block holding a copy of the macro's
 * body with parameters substituted (PlusCal macros are textual). Copies get fresh node ids, so later
 * passes can type each expansion on its own.
 */
import type { Expr, MacroDecl, Stmt, Ident, PathSeg, AssignStmt } from "../parse/ast.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { arguments_, fromTo, given } from "./analyze.js";

export interface MacroContext {
  readonly macros: ReadonlyMap<string, MacroDecl>;
  nextId: number;
  readonly diagnostics: Diagnostic[];
}

function cloneFresh<T>(node: T, ctx: MacroContext, subst: ReadonlyMap<string, Expr>): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    if (o["kind"] === "NameExpr") {
      const name = (o["name"] as Ident).name;
      const arg = subst.get(name);
      if (arg) return arg;
    }
    if (o["kind"] === "AssignStmt" || o["kind"] === "LockStmt") {
      const target = (o["kind"] === "AssignStmt" ? o["target"] : o["lock"]) as Ident;
      const arg = subst.get(target.name);
      if (arg) {
        const base = walkAssignTarget(arg);
        if (base) {
          const rest = walk(o["path"]) as PathSeg[];
          const key = o["kind"] === "AssignStmt" ? "target" : "lock";
          const out: Record<string, unknown> = {};
          for (const k of Object.keys(o)) out[k] = k === "span" ? o[k] : k === "id" ? ctx.nextId++ : walk(o[k]);
          out[key] = base.target;
          out["path"] = [...base.path, ...rest];
          return out;
        }
        ctx.diagnostics.push(
          error(
            "E411",
            `macro parameter \`${target.name}\` is assigned, so its argument must be a variable (optionally indexed or with fields), not an expression`,
            arg.span,
            [{ message: `\`${target.name}\` is assigned here`, span: target.span }],
          ),
        );
        // Reported once here: drop the assignment rather than leave an unresolvable target behind.
        const label = o["label"];
        return { kind: "SkipStmt", id: ctx.nextId++, span: o["span"], ...(label ? { label } : {}) };
      }
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = k === "span" ? o[k] : k === "id" && typeof o[k] === "number" ? ctx.nextId++ : walk(o[k]);
    return out;
  };
  return walk(node) as T;
}

/** `x`, `x[k]`, `x.f` as an assignment target. */
function walkAssignTarget(e: Expr): { target: Ident; path: PathSeg[] } | undefined {
  if (e.kind === "NameExpr") return { target: e.name, path: [] };
  if (e.kind === "IndexExpr") {
    const t = walkAssignTarget(e.target);
    return t && { target: t.target, path: [...t.path, { kind: "IndexSeg", index: e.index, span: e.span }] };
  }
  if (e.kind === "FieldExpr") {
    const t = walkAssignTarget(e.target);
    return t && { target: t.target, path: [...t.path, { kind: "FieldSeg", field: e.field, span: e.span }] };
  }
  return undefined;
}

/** Expands macro calls in a statement list (macros may use other macros; cycles are reported). */
export function expandMacros(stmts: readonly Stmt[], ctx: MacroContext, active: readonly string[] = []): Stmt[] {
  return stmts.map((s) => expandStmt(s, ctx, active));
}

function expandStmt(s: Stmt, ctx: MacroContext, active: readonly string[]): Stmt {
  switch (s.kind) {
    case "CallStmt": {
      if (s.isCall) return s;
      const m = ctx.macros.get(s.callee.name);
      if (!m) return s; // resolution reports unknown macros/procedures
      if (active.includes(m.name.name)) {
        ctx.diagnostics.push(error("E412", `macro \`${m.name.name}\` expands itself (macros cannot be recursive)`, s.callee.span));
        return { kind: "SkipStmt", id: ctx.nextId++, span: s.span, ...(s.label ? { label: s.label } : {}) };
      }
      if (m.params.length !== s.args.length) {
        ctx.diagnostics.push(
          error("E313", `macro \`${m.name.name}\` takes ${arguments_(m.params.length)}, but ${given(s.args.length)}`, fromTo(s.callee.span, s.span)),
        );
        return { kind: "SkipStmt", id: ctx.nextId++, span: s.span, ...(s.label ? { label: s.label } : {}) };
      }
      const subst = new Map<string, Expr>();
      m.params.forEach((p, i) => subst.set(p.name, s.args[i] as Expr));
      const body = m.body.map((b) => cloneFresh(b, ctx, subst));
      return {
        kind: "BlockStmt",
        id: ctx.nextId++,
        span: s.span,
        body: expandMacros(body, ctx, [...active, m.name.name]),
        ...(s.label ? { label: s.label } : {}),
      };
    }
    case "IfStmt":
      return { ...s, then: expandMacros(s.then, ctx, active), ...(s.else ? { else: expandMacros(s.else, ctx, active) } : {}) };
    case "WhileStmt":
      return { ...s, body: expandMacros(s.body, ctx, active) };
    case "EitherStmt":
      return { ...s, branches: s.branches.map((b) => expandMacros(b, ctx, active)) };
    case "WithStmt":
      return { ...s, body: expandMacros(s.body, ctx, active) };
    case "BlockStmt":
      return { ...s, body: expandMacros(s.body, ctx, active) };
    default:
      return s;
  }
}

export type { AssignStmt };
