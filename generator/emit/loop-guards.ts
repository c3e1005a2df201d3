/**
 * Guards that let a compiled invariant skip a whole loop (packed-expr.ts `predicate`). In
 * `forall i, j: i != j => not (pc[i] == CRITICAL and pc[j] == CRITICAL)` the body is true for every j
 * whenever `pc[i] == CRITICAL` is false, so the j loop runs only when it is true: `if (pc[i] == CRITICAL)`
 * around the loop, N + (critical processes) × N iterations instead of N².
 *
 * A guard is a conjunct of the premise of an implication (`… and g and … => …`) or of a negated
 * conjunction (`not (… and g and …)`), reached through conclusions of implications and either side of
 * disjunctions, that reads none of the loop's binders: when it is false, the body is true. Skipping the loop must not skip an error either, nor may evaluating the
 * guard ahead raise one, so the whole body has to be *total*: made of literals, constants, bound names,
 * scalar reads, reads of a map at a binder that ranges over exactly its keys, comparisons, boolean
 * connectives, conditionals and arithmetic that cannot overflow. Anything else (division, `mod`, a key
 * that needs checking, a quantifier) leaves the loop as it is.
 */
import type { Expr } from "../parse/ast.js";
import type { CheckedSpec } from "../check/checked.js";

/** What the analysis asks of the packed expression compiler. */
export interface GuardFacts {
  readonly spec: CheckedSpec;
  /** True when `e` (an IndexExpr) reads a compiled map at a key that can never be out of range. */
  readonly readInRange: (e: Extract<Expr, { kind: "IndexExpr" }>) => boolean;
  /** True when the compiled code reads state variable `declId` as a scalar (a total read). */
  readonly scalarVar: (declId: number) => boolean;
  /** True when the arithmetic `e` cannot leave the exact integers (no overflow check is emitted). */
  readonly exact: (e: Expr) => boolean;
}

/**
 * The guards of a loop over `binders` whose body is `body`: the loop can be skipped when one of them is
 * false. Empty when there are none, or when the body is not total.
 */
export function loopGuards(body: Expr, binders: ReadonlySet<number>, f: GuardFacts): Expr[] {
  if (!total(body, f)) return [];
  const out: Expr[] = [];
  collect(body, binders, f, out);
  return out;
}

/** Adds to `out` the guards g of `e`: g reads none of `binders`, and `e` is true whenever g is false. */
function collect(e: Expr, binders: ReadonlySet<number>, f: GuardFacts, out: Expr[]): void {
  if (e.kind === "BinaryExpr" && e.op === "implies") {
    // True when the premise is false (so when one of its conjuncts is), and when the conclusion is true.
    for (const c of conjuncts(e.left)) if (!reads(c, binders, f.spec)) out.push(c);
    return collect(e.right, binders, f, out);
  }
  if (e.kind === "BinaryExpr" && e.op === "or") {
    // True when either side is: a guard of either side will do.
    collect(e.left, binders, f, out);
    return collect(e.right, binders, f, out);
  }
  if (e.kind === "UnaryExpr" && e.op === "not") {
    for (const c of conjuncts(e.arg)) if (!reads(c, binders, f.spec)) out.push(c);
  }
}

function conjuncts(e: Expr): Expr[] {
  return e.kind === "BinaryExpr" && e.op === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/** True when `e` (total) refers to one of `binders`. */
function reads(e: Expr, binders: ReadonlySet<number>, spec: CheckedSpec): boolean {
  switch (e.kind) {
    case "NameExpr": {
      const r = spec.refs.get(e.id);
      return r?.kind === "bound" && binders.has(r.binderId);
    }
    case "IndexExpr":
      return reads(e.target, binders, spec) || reads(e.index, binders, spec);
    case "UnaryExpr":
      return reads(e.arg, binders, spec);
    case "BinaryExpr":
      return reads(e.left, binders, spec) || reads(e.right, binders, spec);
    case "IfExpr":
      return reads(e.cond, binders, spec) || reads(e.then, binders, spec) || reads(e.else, binders, spec);
    default:
      return false;
  }
}

/** True when evaluating `e` in the packed code can raise no error (see the module comment). */
export function total(e: Expr, f: GuardFacts): boolean {
  switch (e.kind) {
    case "BoolLit":
    case "IntLit":
      return true;
    case "NameExpr": {
      const r = f.spec.refs.get(e.id);
      if (!r) return false;
      if (r.kind === "var") return f.scalarVar(r.decl.id);
      return r.kind === "const" || r.kind === "bound" || r.kind === "member";
    }
    case "IndexExpr":
      return f.readInRange(e) && total(e.index, f);
    case "UnaryExpr":
      return total(e.arg, f);
    case "IfExpr":
      return total(e.cond, f) && total(e.then, f) && total(e.else, f);
    case "BinaryExpr":
      switch (e.op) {
        case "and":
        case "or":
        case "implies":
        case "iff":
        case "eq":
        case "ne":
        case "lt":
        case "le":
        case "gt":
        case "ge":
          return total(e.left, f) && total(e.right, f);
        case "add":
        case "sub":
        case "mul":
          return f.exact(e) && total(e.left, f) && total(e.right, f);
        default:
          return false;
      }
    default:
      return false;
  }
}
