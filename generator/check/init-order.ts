/**
 * The order in which state variables get their initial values.
 *
 * An initial value (`var y: T = e;` or `var y: T in S;`) may read other state variables and `def`s, as
 * TLA+'s `Init == x \in S /\ y = x` does: it is evaluated once per choice of the variables it reads, so
 * `var x: 0..1 in {0, 1}; var y: 0..1 = x;` has two initial states, not four. Variables are therefore
 * initialised in dependency order (declaration order among independent ones, which keeps the
 * enumeration order of the initial states what it always was). A variable whose initial value
 * reads itself, directly or through others or through a `def`, has no value to start from: E340.
 */
import type { DefDecl, Expr, VarDecl } from "../parse/ast.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Ref } from "./checked.js";

export interface InitOrder {
  /** Every state variable, each after the variables its initial value reads. */
  readonly order: readonly VarDecl[];
  /** Variable name → the state variables its initial value reads (directly or through `def`s). */
  readonly reads: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The state variables an expression reads, following `def`s (their bodies read the same state). */
export function stateReads(e: Expr, refs: ReadonlyMap<number, Ref>, defs: ReadonlyMap<string, DefDecl>): Set<string> {
  const out = new Set<string>();
  const seenDefs = new Set<DefDecl>();
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== "object") return;
    if (Array.isArray(x)) return x.forEach(walk);
    const o = x as Record<string, unknown>;
    const id = o["id"];
    if (o["kind"] === "NameExpr" && typeof id === "number") {
      const r = refs.get(id);
      if (r?.kind === "var") out.add(r.decl.name.name);
      if (r?.kind === "def") enterDef(r.decl);
    }
    if (o["kind"] === "CallExpr") {
      const d = defs.get((o["callee"] as { name: string }).name);
      if (d) enterDef(d);
    }
    for (const k of Object.keys(o)) if (k !== "span") walk(o[k]);
  };
  const enterDef = (d: DefDecl): void => {
    if (seenDefs.has(d)) return;
    seenDefs.add(d);
    walk(d.body);
  };
  walk(e);
  return out;
}

/** Orders the variables for initialisation; a dependency cycle is reported (E340) at each variable on it. */
export function initOrder(vars: readonly VarDecl[], refs: ReadonlyMap<number, Ref>, defs: ReadonlyMap<string, DefDecl>, diags: Diagnostic[]): InitOrder {
  const byName = new Map(vars.map((v) => [v.name.name, v]));
  const reads = new Map<string, ReadonlySet<string>>();
  for (const v of vars) reads.set(v.name.name, v.init ? stateReads(v.init.value, refs, defs) : new Set());
  const order: VarDecl[] = [];
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const reported = new Set<string>();
  const visit = (v: VarDecl): void => {
    const st = state.get(v.name.name);
    if (st === "done") return;
    if (st === "visiting") {
      const cycle = [...path.slice(path.indexOf(v.name.name)), v.name.name];
      if (reported.has(v.name.name) || !v.init) return;
      cycle.forEach((n) => reported.add(n));
      diags.push(
        error(
          "E340",
          cycle.length === 2
            ? `the initial value of \`${v.name.name}\` reads \`${v.name.name}\` itself; an initial value may only read other variables`
            : `initial values depend on each other in a cycle (${cycle.join(" -> ")}); one of them must start from a value that reads none of the others`,
          v.init.value.span,
        ),
      );
      return;
    }
    state.set(v.name.name, "visiting");
    path.push(v.name.name);
    for (const n of reads.get(v.name.name) ?? []) {
      const d = byName.get(n);
      if (d) visit(d);
    }
    path.pop();
    state.set(v.name.name, "done");
    order.push(v);
  };
  vars.forEach(visit);
  return { order, reads };
}
