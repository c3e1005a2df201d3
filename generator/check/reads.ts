/**
 * The state an expression reads: variables by name, through the definitions it uses, and process state
 * (pc or locals) as one pseudo-variable. Used by the checker (a quantified property's domain must read
 * no state) and by emission (partial-order reduction's access sets, what invariants observe).
 */
import type { CheckedSpec } from "./checked.js";

/**
 * The pseudo-variable a read of a process's pc or locals counts as (`Worker[p].pc == CS`, `Worker[p].x`;
 * check/procread.ts). No step lists it among its writes, although every process step changes its pc:
 * a step or invariant that reads it is instead treated as reading everything (see emit/step-table.ts and
 * emit/invariant-shapes.ts), which keeps partial-order reduction sound without making every two steps of
 * a process dependent.
 */
export const PROC_STATE = "#process-state";

/** Variables an expression reads (through definitions too). */
export function exprReads(spec: Pick<CheckedSpec, "procReads" | "refs" | "defs">, e: unknown, into: Set<string>, seenDefs = new Set<string>()): void {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (v === null || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    const pr = spec.procReads.get(o["id"] as number);
    if (pr !== undefined && pr.kind !== "set") into.add(PROC_STATE);
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

/** Every name an AST value mentions (`NameExpr`s, syntactically: no resolution), into `out`. */
export function namesIn(e: unknown, out: Set<string>): void {
  if (Array.isArray(e)) e.forEach((x) => namesIn(x, out));
  else if (e !== null && typeof e === "object") {
    const o = e as Record<string, unknown>;
    if (o["kind"] === "NameExpr") out.add((o["name"] as { name: string }).name);
    for (const k of Object.keys(o)) if (k !== "span") namesIn(o[k], out);
  }
}
