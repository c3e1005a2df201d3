/**
 * Static integer bounds, to decide where arithmetic needs an overflow check. Generated code computes
 * with JS numbers, which are exact only up to 2^53 − 1: past that, `x * x + 1 - x * x` is not 1. The
 * language's rule is that an integer operation whose exact result leaves that range is a spec error at
 * the operator. Most specs never come near it, and this analysis proves so from the declared ranges
 * (constants are range-typed too, and workload overrides are range-checked), so their `+ - *` stay
 * plain JS operators; only an operation whose bounds cannot be shown safe calls a checked helper.
 *
 * Intervals are exact bigints; `undefined` means "no bound known".
 */
import type { Expr } from "../parse/ast.js";
import type { CheckedSpec } from "../check/checked.js";
import type { Type } from "../check/types.js";

export interface Interval {
  readonly lo: bigint;
  readonly hi: bigint;
}

export const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** True when every integer of `i` is exactly representable as a JS number. */
export function isExact(i: Interval | undefined): boolean {
  return i !== undefined && i.lo >= -MAX_EXACT && i.hi <= MAX_EXACT;
}

/** JS arrays (sets, sequences) never hold more elements than this. */
const MAX_LENGTH = 2n ** 32n - 1n;

const min = (...xs: bigint[]): bigint => xs.reduce((a, b) => (b < a ? b : a));
const max = (...xs: bigint[]): bigint => xs.reduce((a, b) => (b > a ? b : a));
const abs = (x: bigint): bigint => (x < 0n ? -x : x);

function hull(a: Interval | undefined, b: Interval | undefined): Interval | undefined {
  return a && b ? { lo: min(a.lo, b.lo), hi: max(a.hi, b.hi) } : undefined;
}

export class Intervals {
  private readonly memo = new Map<number, Interval | undefined>();
  /** `let` bindings: the binder id (its value's id) → the value, registered as they are compiled. */
  private readonly lets = new Map<number, Expr>();
  /** Expressions under evaluation (a guard against cyclic constant bounds, which the checker rejects). */
  private readonly active = new Set<number>();

  constructor(private readonly spec: CheckedSpec) {}

  /** Makes the names of `let x = value` resolvable to the value's bounds. */
  letBinding(value: Expr): void {
    this.lets.set(value.id, value);
  }

  /** Bounds of the integer expression `e`, or undefined. */
  of(e: Expr): Interval | undefined {
    if (this.memo.has(e.id)) return this.memo.get(e.id);
    if (this.active.has(e.id)) return undefined;
    this.active.add(e.id);
    const r = this.compute(e);
    this.active.delete(e.id);
    this.memo.set(e.id, r);
    return r;
  }

  /** Bounds of the integer values of type `t` (a range's bounds are constant expressions). */
  ofType(t: Type | undefined): Interval | undefined {
    if (t?.kind === "int" && t.range) {
      const lo = this.of(t.range.lo);
      const hi = this.of(t.range.hi);
      return lo && hi ? { lo: lo.lo, hi: hi.hi } : undefined;
    }
    if (t?.kind === "scalarset") {
      const lo = this.of(t.range.lo);
      const hi = this.of(t.range.hi);
      return lo && hi ? { lo: lo.lo, hi: hi.hi } : undefined;
    }
    return undefined;
  }

  /** Bounds of the elements of the integer set `s`. */
  elems(s: Expr): Interval | undefined {
    switch (s.kind) {
      case "RangeExpr": {
        const lo = this.of(s.lo);
        const hi = this.of(s.hi);
        return lo && hi ? { lo: lo.lo, hi: hi.hi } : undefined;
      }
      case "SetLit":
        return s.elems.map((x) => this.of(x)).reduce<Interval | undefined>((a, b) => (a === undefined ? b : hull(a, b)), undefined);
      case "SetFilter":
        return this.elems(s.binder.domain);
      case "SetMap":
        return this.of(s.body);
      case "BinaryExpr":
        if (s.op === "union") return hull(this.elems(s.left), this.elems(s.right));
        if (s.op === "intersect" || s.op === "minus") return this.elems(s.left);
        break;
      default:
        break;
    }
    const t = this.spec.types.get(s.id);
    return t?.kind === "set" ? this.ofType(t.elem) : undefined;
  }

  private compute(e: Expr): Interval | undefined {
    switch (e.kind) {
      case "IntLit":
        return { lo: e.value, hi: e.value };
      case "UnaryExpr": {
        const a = e.op === "neg" ? this.of(e.arg) : undefined;
        return a ? { lo: -a.hi, hi: -a.lo } : undefined;
      }
      case "BinaryExpr":
        return this.binary(e);
      case "IfExpr":
        return hull(this.of(e.then), this.of(e.else));
      case "LetExpr":
        for (const b of e.bindings) this.letBinding(b.value);
        return this.of(e.body);
      case "ChooseExpr":
        return this.elems(e.binder.domain);
      case "NameExpr": {
        const r = this.spec.refs.get(e.id);
        if (r?.kind === "bound") {
          const letValue = this.lets.get(r.binderId);
          if (letValue) return this.of(letValue);
          const declared = this.ofType(this.spec.declTypes.get(r.binderId));
          if (declared) return declared;
          const binder = this.spec.binders.get(r.binderId);
          if (binder) return this.elems(binder.domain);
          return undefined;
        }
        if (r?.kind === "const" || r?.kind === "var" || r?.kind === "local" || r?.kind === "frame") {
          return this.ofType(this.spec.declTypes.get(r.decl.id));
        }
        break;
      }
      case "CallExpr": {
        const arg = e.args[0];
        switch (e.callee.name) {
          case "card":
          case "len": {
            const t = arg ? this.spec.types.get(arg.id) : undefined;
            const bound = t?.kind === "seq" && t.max ? this.of(t.max) : undefined;
            return { lo: 0n, hi: bound ? bound.hi : MAX_LENGTH };
          }
          case "min":
          case "max":
            return arg ? this.elems(arg) : undefined;
          default:
            break;
        }
        break;
      }
      default:
        break;
    }
    // Whatever else has a declared range type (fields, map values, defs, `get`, `head`) lies in it:
    // stored values are range-checked when written.
    return this.ofType(this.spec.types.get(e.id));
  }

  private binary(e: Extract<Expr, { kind: "BinaryExpr" }>): Interval | undefined {
    const a = this.of(e.left);
    const b = this.of(e.right);
    if (!a || !b) return undefined;
    switch (e.op) {
      case "add":
        return { lo: a.lo + b.lo, hi: a.hi + b.hi };
      case "sub":
        return { lo: a.lo - b.hi, hi: a.hi - b.lo };
      case "mul": {
        const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
        return { lo: min(...p), hi: max(...p) };
      }
      case "div": {
        // |a div b| <= |a| (b is a non-zero integer; floor can add one toward -infinity).
        const m = max(abs(a.lo), abs(a.hi));
        return { lo: -m - 1n, hi: m };
      }
      case "mod": {
        // TLA+ modulo lies between 0 and the divisor.
        const m = max(abs(b.lo), abs(b.hi));
        return { lo: -m, hi: m };
      }
      default:
        return undefined;
    }
  }
}
