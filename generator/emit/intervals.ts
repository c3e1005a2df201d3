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
import type { DefDecl, Expr } from "../parse/ast.js";
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

/** The hull of several intervals: unknown if any is unknown (or there are none). */
function hullAll(xs: readonly (Interval | undefined)[]): Interval | undefined {
  return xs.length === 0 ? undefined : xs.reduce((a, b) => hull(a, b));
}

export class Intervals {
  private readonly memo = new Map<number, Interval | undefined>();
  /** `let` bindings: the binder id (its value's id) → the value, registered as they are compiled. */
  private readonly lets = new Map<number, Expr>();
  /** Expressions under evaluation (a guard against cyclic constant bounds, which the checker rejects). */
  private readonly active = new Set<number>();

  /** Def parameter id → its def; def name → every call of it (args in order). */
  private readonly defParams = new Map<number, { readonly def: DefDecl; readonly index: number }>();
  private calls: Map<string, Expr[][]> | undefined;

  constructor(private readonly spec: CheckedSpec) {
    for (const d of spec.defs) d.params.forEach((p, index) => this.defParams.set(p.id, { def: d, index }));
  }

  /**
   * The argument lists of every call of each def, found once by walking the checked spec. A def's
   * parameter and result types are not enforced at run time, so bounds come from what it is given.
   */
  private callsOf(name: string): readonly Expr[][] {
    if (!this.calls) {
      const calls = new Map<string, Expr[][]>();
      const defNames = new Set(this.spec.defs.map((d) => d.name.name));
      const seen = new Set<object>();
      const walk = (x: unknown): void => {
        if (x === null || typeof x !== "object" || seen.has(x)) return;
        seen.add(x);
        if (Array.isArray(x)) {
          for (const y of x) walk(y);
          return;
        }
        const node = x as { readonly kind?: string; readonly callee?: { readonly name: string }; readonly args?: Expr[] };
        if (node.kind === "CallExpr" && node.callee && node.args && defNames.has(node.callee.name)) {
          const list = calls.get(node.callee.name) ?? [];
          list.push(node.args);
          calls.set(node.callee.name, list);
        }
        for (const [k, v] of Object.entries(x)) if (k !== "span" && k !== "doc") walk(v);
      };
      const s = this.spec;
      const typeDecls = s.linked.decls.filter((d) => d.kind === "TypeDecl");
      walk([
        s.consts,
        s.vars,
        s.defs,
        s.invariants,
        s.properties,
        s.actions,
        s.processes,
        s.procedures,
        typeDecls,
        s.workloads.map((w) => [...w.constants.values(), ...w.run.values()]),
      ]);
      this.calls = calls;
    }
    return this.calls.get(name) ?? [];
  }

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

  /**
   * True when the value of `e` provably has type `t` as far as a range check goes: `none`, or an
   * integer whose bounds lie inside every value the range's bounds can take (so `0` in `0..N` with
   * `N: 1..8` needs no run-time check, while `0` in `1..N` does).
   */
  provablyIn(e: Expr, t: Type): boolean {
    if (e.kind === "NoneLit") return true;
    if (t.kind !== "int" || !t.range) return false;
    const v = this.of(e);
    const lo = this.of(t.range.lo);
    const hi = this.of(t.range.hi);
    return v !== undefined && lo !== undefined && hi !== undefined && v.lo >= lo.hi && v.hi <= hi.lo;
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
        return hullAll(s.elems.map((x) => this.of(x)));
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
    return t?.kind === "set" && this.stored(s) ? this.ofType(t.elem) : undefined;
  }

  /**
   * True when `e` reads stored data (a variable, local, frame, constant, or a part of one), whose
   * declared range is enforced on every write: its type's bounds are then bounds of its values. A
   * def's declared result and parameter types are not enforced, nor are types inferred for
   * literals and comprehensions, so those are never trusted.
   */
  private stored(e: Expr): boolean {
    switch (e.kind) {
      case "NameExpr": {
        const r = this.spec.refs.get(e.id);
        if (!r) return false;
        if (r.kind === "const" || r.kind === "var" || r.kind === "local" || r.kind === "frame" || r.kind === "typeset") return true;
        if (r.kind !== "bound" || this.lets.has(r.binderId) || this.defParams.has(r.binderId)) return false;
        const binder = this.spec.binders.get(r.binderId);
        return binder !== undefined && this.stored(binder.domain);
      }
      case "FieldExpr":
        return this.stored(e.target);
      case "IndexExpr":
        return this.stored(e.target);
      case "CallExpr":
        return ["get", "head", "tail", "domain"].includes(e.callee.name) && e.args[0] !== undefined && this.stored(e.args[0]);
      default:
        return false;
    }
  }

  private compute(e: Expr): Interval | undefined {
    switch (e.kind) {
      case "IntLit":
        return { lo: e.value, hi: e.value };
      case "SelfExpr":
        // In a process, an element of its instance set; in a procedure, its caller's: the hull of all.
        return hullAll([{ lo: 1n, hi: 1n }, ...this.spec.processes.map((p) => (p.instances ? this.elems(p.instances) : { lo: 1n, hi: 1n }))]);
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
          const param = this.defParams.get(r.binderId);
          if (param) {
            // The hull of every argument passed (defs are not recursive).
            return hullAll(
              this.callsOf(param.def.name.name)
                .map((a) => a[param.index])
                .map((a) => (a ? this.of(a) : undefined)),
            );
          }
          const binder = this.spec.binders.get(r.binderId);
          return binder ? this.elems(binder.domain) : undefined;
        }
        if (r?.kind === "def") return this.of(r.decl.body);
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
          default: {
            const def = this.spec.defs.find((d) => d.name.name === e.callee.name);
            if (def) return this.of(def.body);
            break;
          }
        }
        break;
      }
      default:
        break;
    }
    // A part of stored data (a field, a map value, `get`, `head`) lies in its declared range: stored
    // values are range-checked when written.
    return this.stored(e) ? this.ofType(this.spec.types.get(e.id)) : undefined;
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
