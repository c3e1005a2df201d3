/**
 * The model's `invariants` entries with their shapes: the and/or/not structure of each invariant over
 * atoms that list the variables they read, which partial-order reduction uses to tell which steps can
 * falsify it (runtime/reduce/por.ts), and the variables the invariants read (`observed`).
 */
import type { Expr } from "../parse/ast.js";
import { UNKNOWN } from "../check/types.js";
import type { Env } from "./expr.js";
import { methodName, str } from "./names.js";
import { exprReads, PROC_STATE } from "./access.js";
import { loc, type ModelCtx } from "./model-parts.js";

/** The variables the invariants read (`PROC_STATE` among them when one reads a process's state), sorted, and the `invariants` entries. */
export function invariantTable(ctx: ModelCtx): { readonly observedSet: Set<string>; readonly observedVars: string[]; readonly invList: string[] } {
  const { spec, ec, env0 } = ctx;
  const observedSet = new Set<string>();
  for (const inv of spec.invariants) exprReads(spec, inv.body, observedSet);
  const observedVars = [...observedSet].sort();
  // The and/or/not structure of each invariant over atoms that list the variables they read, for
  // partial-order reduction (which variables a path must write to falsify the invariant; see por.ts).
  // The right operand of and/or/=> is compiled knowing the left, as in `binary`.
  // An atom that compares a whole int variable with a variable-free int expression, or is a whole bool
  // variable: which direction the variable must move for the atom to change is known (see por.ts).
  const FLIP: Record<string, string> = { eq: "eq", ne: "ne", lt: "gt", le: "ge", gt: "lt", ge: "le" };
  // `shape.bool` / `shape.cmp` when the atom's direction of change is known, `shape.atom` otherwise.
  const atom = (e: Expr, env: Env, reads: string): string => {
    const holds = `(s: State) => ${ec.expr(e, env)}`;
    const wholeVar = (x: Expr, kind: "int" | "bool"): string | undefined => {
      if (x.kind !== "NameExpr") return undefined;
      const r = spec.refs.get(x.id);
      return r?.kind === "var" && (spec.declTypes.get(r.decl.id) ?? UNKNOWN).kind === kind ? r.decl.name.name : undefined;
    };
    const b = wholeVar(e, "bool");
    if (b !== undefined) return `shape.bool(${str(b)}, ${holds})`;
    const plain = `shape.atom(${reads}, ${holds})`;
    if (e.kind !== "BinaryExpr" || FLIP[e.op] === undefined) return plain;
    const noVars = (x: Expr): boolean => {
      const r = new Set<string>();
      exprReads(spec, x, r);
      return r.size === 0 && ec.typeOf(x).kind === "int";
    };
    const l = wholeVar(e.left, "int");
    const r = wholeVar(e.right, "int");
    if (l !== undefined && noVars(e.right))
      return `shape.cmp(${reads}, ${holds}, ${str(l)}, ${str(e.op)}, (s: State): number => ${ec.expr(e.left, env)}, (): number => ${ec.expr(e.right, env)})`;
    if (r !== undefined && noVars(e.left))
      return `shape.cmp(${reads}, ${holds}, ${str(r)}, ${str(FLIP[e.op] as string)}, (s: State): number => ${ec.expr(e.right, env)}, (): number => ${ec.expr(e.left, env)})`;
    return plain;
  };
  const shape = (e: Expr, env: Env, depth = 0): string => {
    if (e.kind === "BinaryExpr" && (e.op === "and" || e.op === "or"))
      return `shape.${e.op}(${shape(e.left, env, depth)}, ${shape(e.right, ec.narrowing(e.left, env), depth)})`;
    if (e.kind === "BinaryExpr" && e.op === "implies")
      return `shape.or(shape.not(${shape(e.left, env, depth)}), ${shape(e.right, ec.narrowing(e.left, env), depth)})`;
    if (e.kind === "UnaryExpr" && e.op === "not") return `shape.not(${shape(e.arg, env, depth)})`;
    if (e.kind === "IfExpr") {
      const inner = ec.narrowing(e.cond, env);
      return `shape.if(${shape(e.cond, env, depth)}, ${shape(e.then, inner, depth)}, ${shape(e.else, inner, depth)})`;
    }
    // A parameterless boolean def is expanded (it is evaluated in the same state, with the same constants).
    const r = e.kind === "NameExpr" ? spec.refs.get(e.id) : undefined;
    if (r?.kind === "def" && r.decl.params.length === 0 && depth < 8) return shape(r.decl.body, env0, depth + 1);
    const reads = new Set<string>();
    exprReads(spec, e, reads);
    return atom(e, env, `[${[...reads].sort().map(str).join(", ")}]`);
  };
  // An invariant reading a process's pc or locals has no shape (and the model no `observed`): partial-order
  // reduction then counts it as changed by every step, which is sound (no step lists its pc among its writes).
  const readsProcs = (e: Expr): boolean => {
    const r = new Set<string>();
    exprReads(spec, e, r);
    return r.has(PROC_STATE);
  };
  const invList = spec.invariants.map(
    (i) =>
      `{ name: ${str(i.name.name)}, loc: ${str(loc(i.span))}, holds: (s: State) => this.${methodName(i.name.name)}(s)${readsProcs(i.body) ? "" : `, shape: ${shape(i.body, env0)}`} }`,
  );
  return { observedSet, observedVars, invList };
}
