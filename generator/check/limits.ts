/**
 * Static limits on evaluation cost (issue 14 item 7), found before any code is generated:
 *
 * - E316: a quantifier, `with`, `choose`, comprehension or action parameter ranges over an integer range
 *   whose bounds are constant and which has more values than the checker will iterate (`MAX_DOMAIN`,
 *   the run-time cap of runtime/contract/values.ts). Ranges whose bounds depend on constants or state are checked
 *   when evaluated (a spec error naming the range's location).
 * - E317: a def whose evaluation evaluates other defs more than `MAX_DEF_CALLS` times — each mention of
 *   a def evaluates it again, so `def f1 = f0 + f0; def f2 = f1 + f1; …` doubles per level and a few
 *   dozen levels never finish.
 */
import type { Decl, DefDecl, Expr } from "../parse/ast.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Ref } from "./checked.js";

/** Values a quantified integer range may have (runtime/contract/values.ts `MAX_ENUMERATED`; a test pins them equal). */
export const MAX_DOMAIN = 10_000_000;
/** Def evaluations one evaluation of a def may cause. */
export const MAX_DEF_CALLS = 1_000_000;

/** The value of an integer expression made of literals, `-`, `+`, `*`; undefined otherwise. */
function fold(e: Expr): bigint | undefined {
  switch (e.kind) {
    case "IntLit":
      return e.value;
    case "UnaryExpr": {
      if (e.op !== "neg") return undefined;
      const a = fold(e.arg);
      return a === undefined ? undefined : -a;
    }
    case "BinaryExpr": {
      if (e.op !== "add" && e.op !== "sub" && e.op !== "mul") return undefined;
      const a = fold(e.left);
      const b = a === undefined ? undefined : fold(e.right);
      if (a === undefined || b === undefined) return undefined;
      return e.op === "add" ? a + b : e.op === "sub" ? a - b : a * b;
    }
    default:
      return undefined;
  }
}

/** Calls `visit` on every object with a `kind` in `node` (iteratively: specs may nest deeply). */
function walk(node: unknown, visit: (o: { readonly kind: string } & Record<string, unknown>) => void): void {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const x = stack.pop();
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]);
    } else if (x !== null && typeof x === "object") {
      const o = x as Record<string, unknown>;
      if (typeof o["kind"] === "string") visit(o as { readonly kind: string } & Record<string, unknown>);
      for (const k in o) if (k !== "span" && typeof o[k] === "object") stack.push(o[k]);
    }
  }
}

const fmt = (n: bigint): string => n.toLocaleString("en-US");

/** E316 for every binder over a constant integer range with more than `MAX_DOMAIN` values. */
export function checkDomainSizes(decls: readonly Decl[], diags: Diagnostic[]): void {
  walk(decls, (o) => {
    if (o.kind !== "Binder") return;
    const d = o["domain"] as Expr;
    if (d.kind !== "RangeExpr") return;
    const lo = fold(d.lo);
    const hi = lo === undefined ? undefined : fold(d.hi);
    if (lo === undefined || hi === undefined) return;
    const size = hi - lo + 1n;
    if (size > BigInt(MAX_DOMAIN)) {
      diags.push(error("E316", `the range ${lo}..${hi} has ${fmt(size)} values: too many to quantify over (limit ${fmt(BigInt(MAX_DOMAIN))})`, d.span));
    }
  });
}

/**
 * E317 for every def that causes more than `MAX_DEF_CALLS` def evaluations per evaluation (counting
 * each mention, recursively). `refs` resolves names (a nullary def is mentioned by name).
 */
export function checkDefExpansion(defs: readonly DefDecl[], refs: ReadonlyMap<number, Ref>, diags: Diagnostic[]): void {
  const byName = new Map(defs.map((d) => [d.name.name, d]));
  const cost = new Map<DefDecl, number>();
  const busy = new Set<DefDecl>();
  /** Defs whose own cost exceeds the cap only because a callee's does: reported at the callee only. */
  const over = new Set<DefDecl>();
  const costOf = (d: DefDecl): number => {
    const known = cost.get(d);
    if (known !== undefined) return known;
    // A cycle (rejected elsewhere, or not reachable): counted once.
    if (busy.has(d)) return 0;
    busy.add(d);
    let n = 0;
    walk(d.body, (o) => {
      let callee: DefDecl | undefined;
      if (o.kind === "CallExpr") callee = byName.get((o["callee"] as { name: string }).name);
      else if (o.kind === "NameExpr") {
        const r = refs.get(o["id"] as number);
        if (r?.kind === "def") callee = r.decl;
      }
      // Saturating: the sums only need to be compared with the cap.
      if (callee === undefined) return;
      n = Math.min(Number.MAX_SAFE_INTEGER, n + 1 + costOf(callee));
      if (cost.get(callee)! > MAX_DEF_CALLS) over.add(d);
    });
    busy.delete(d);
    cost.set(d, n);
    return n;
  };
  for (const d of defs) {
    const n = costOf(d);
    if (n > MAX_DEF_CALLS && !over.has(d)) {
      const shown = n >= Number.MAX_SAFE_INTEGER ? "more than 2^53" : fmt(BigInt(n));
      diags.push(
        error(
          "E317",
          `evaluating \`${d.name.name}\` evaluates defs ${shown} times (each mention of a def evaluates it again): too many to check (limit ${fmt(BigInt(MAX_DEF_CALLS))}); name repeated subexpressions with \`let\``,
          d.name.span,
        ),
      );
    }
  }
}
