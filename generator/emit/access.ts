/**
 * Static read/write sets of atomic steps over state variables (locks included), for partial-order
 * reduction. Over-approximate on purpose: every statement that may run in the step counts, both
 * branches of every `if`, every choice, and the bodies of the definitions it uses.
 */
import type { Expr, Stmt } from "../parse/ast.js";
import type { CheckedSpec } from "../check/checked.js";
import { childLists } from "../check/control.js";
import type { Cont } from "./steps.js";

export interface Access {
  readonly reads: Set<string>;
  readonly writes: Set<string>;
}

/** Variables an expression reads (through definitions too). */
export function exprReads(spec: CheckedSpec, e: unknown, into: Set<string>, seenDefs = new Set<string>()): void {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (v === null || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    if (o["kind"] === "NameExpr") {
      const r = spec.refs.get(o["id"] as number);
      if (r?.kind === "var") into.add(r.decl.name.name);
      if (r?.kind === "def" && !seenDefs.has(r.decl.name.name)) {
        seenDefs.add(r.decl.name.name);
        walk(r.decl.body);
      }
    }
    if (o["kind"] === "CallExpr") {
      const name = (o["callee"] as { name: string }).name;
      const def = spec.defs.find((d) => d.name.name === name);
      if (def && !seenDefs.has(name)) {
        seenDefs.add(name);
        walk(def.body);
      }
    }
    for (const k of Object.keys(o)) if (k !== "span") walk(o[k]);
  };
  walk(e);
}

/** The access sets of the step that starts at statement `i` of `stmts` (a label site) or of an action body. */
export function stepAccess(spec: CheckedSpec, stmts: readonly Stmt[], i: number, cont: Cont, extra: readonly Expr[] = []): Access {
  const acc: Access = { reads: new Set(), writes: new Set() };
  for (const e of extra) exprReads(spec, e, acc.reads);
  const stmt = (s: Stmt): void => {
    switch (s.kind) {
      case "AssignStmt": {
        const r = spec.refs.get(s.id);
        if (r?.kind === "var") {
          acc.writes.add(r.decl.name.name);
          if (s.path.length) acc.reads.add(r.decl.name.name);
        }
        exprReads(spec, s.path, acc.reads);
        exprReads(spec, s.value, acc.reads);
        return;
      }
      case "LockStmt": {
        const r = spec.refs.get(s.id);
        if (r?.kind === "var") {
          acc.writes.add(r.decl.name.name);
          acc.reads.add(r.decl.name.name);
        }
        exprReads(spec, s.path, acc.reads);
        return;
      }
      case "CallStmt": {
        exprReads(spec, s.args, acc.reads);
        const p = spec.procedures.find((x) => x.name.name === s.callee.name);
        if (p) exprReads(spec, p.locals.map((l) => l.init), acc.reads);
        return;
      }
      case "IfStmt":
      case "WhileStmt":
      case "AwaitStmt":
      case "AssertStmt":
        exprReads(spec, s.cond, acc.reads);
        break;
      case "WithStmt":
        exprReads(spec, s.binders, acc.reads);
        break;
      default:
        break;
    }
    for (const list of childLists(s)) seq(list, 0, false);
  };
  // Runs a list until a labelled statement (the end of the step); returns true when it fell off the end.
  const seq = (list: readonly Stmt[], from: number, head: boolean): boolean => {
    for (let k = from; k < list.length; k++) {
      const s = list[k] as Stmt;
      if (s.label && !(head && k === from)) return false;
      stmt(s);
      if (s.kind === "GotoStmt" || s.kind === "ReturnStmt" || s.kind === "CallStmt") return false;
    }
    return true;
  };
  if (seq(stmts, i, true)) {
    for (const r of cont.rest) if (!seq(r.stmts, r.i, false)) break;
  }
  return acc;
}
