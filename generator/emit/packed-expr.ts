/**
 * The expressions of the packed step code (packed-steps.ts): the scalar core of the spec language
 * compiled to read bit fields of packed state words. Inside, an int is its value, an enum value its
 * canonical ordinal and a bool a boolean; a state variable is read through the `get$x` accessor
 * packed-steps.ts emits for it. Anything outside the core throws `Unsupported`, which makes the step
 * (or `invariantsHold`) use the readable code instead. Arithmetic and checks call the same runtime
 * helpers at the same source locations as model.ts (expr.ts), so errors are the same.
 */
import type { Expr } from "../parse/ast.js";
import type { CheckedSpec } from "../check/checked.js";
import { enumOrder, UNKNOWN, type Type } from "../check/types.js";
import type { ExprCompiler } from "./expr.js";
import { isExact } from "./intervals.js";
import { jsName, str } from "./names.js";
import type { PackCode } from "./pack.js";
import { keyCount } from "./type-code.js";
import { loopGuards, type GuardFacts } from "./loop-guards.js";

/** A construct outside the compiled core: the step runs the readable code. */
export class Unsupported extends Error {}

/** Values inside packed code: a number (int value, enum ordinal) or a boolean. */
export type Scalar = { readonly kind: "bool" } | { readonly kind: "int"; readonly lo?: Expr } | { readonly kind: "enum"; readonly members: readonly string[] };

/** A state variable the compiled code reads and writes: a scalar, or a map of scalars. */
export interface Field {
  readonly name: string;
  /** Accessor names: `get$x`, `set$x`. */
  readonly get: string;
  readonly set: string;
  readonly value: Scalar;
  readonly valueType: Type;
  /** For a map: its key type and key count expression. */
  readonly key?: { readonly type: Type; readonly count: string };
  /** Width of one value, an expression. */
  readonly bits: string;
}

export interface Where {
  readonly words: string;
  readonly off: string;
}
/** What an expression is compiled against: the JS names of bound values, and where the state's words are. */
export interface ExprCtx {
  readonly bound: ReadonlyMap<number, string>;
  readonly at: Where;
}

/**
 * A loop of a compiled invariant (`predicate`) whose body begins with the reads hoisted into it. A read
 * of a state field is total (a scalar, or a map indexed by a binder that ranges over exactly its keys:
 * `getBits` cannot fail) and pure, so evaluating it once per iteration of the loop that binds its key,
 * rather than in every iteration of the loops inside, changes no result and no error: `forall i, j:
 * i != j => not (pc[i] == CRITICAL and pc[j] == CRITICAL)` reads `pc[i]` N times instead of N².
 */
interface HoistScope {
  /** The binder this loop binds; undefined for the invariant's top level (where scalar reads go). */
  readonly binder: number | undefined;
  readonly lines: string[];
  /** Hoisted call → the const holding it. */
  readonly memo: Map<string, string>;
}

/** What the expression compiler needs of the spec. */
export interface ExprArgs {
  readonly spec: CheckedSpec;
  readonly ec: ExprCompiler;
  readonly packing: PackCode;
}

/** Compiles the scalar core to packed-word reads; the variables it can read are `fields`. */
export class PackedExprCompiler {
  /** The state variables compiled code reads and writes, by declaration id. */
  protected readonly fields = new Map<number, Field>();
  /** The compiled bounds of each binder that ranges over an integer range, by binder id (see `keyInRange`). */
  protected readonly binderRanges = new Map<number, { readonly lo: string; readonly hi: string }>();
  /** The loops of the predicate being compiled, outermost first (see `HoistScope`); empty elsewhere. */
  private hoists: HoistScope[] = [];
  /** Names of the consts hoisted in the current function (each is unique in it, so no loop shadows one). */
  private hoisted = new Set<string>();

  constructor(protected readonly a: ExprArgs) {
    const spec = a.spec;
    for (const v of spec.vars) {
      const t = spec.declTypes.get(v.id) ?? UNKNOWN;
      const part = a.packing.parts.find((p) => p.kind === "var" && p.name === v.name.name);
      if (!part) continue;
      const name = v.name.name;
      const scalar = this.scalar(t);
      if (scalar) {
        this.fields.set(v.id, { name, get: `get$${name}`, set: `set$${name}`, value: scalar, valueType: t, bits: part.width });
        continue;
      }
      if (t.kind === "map") {
        const value = this.scalar(t.value);
        if (!value) continue;
        const count = keyCount(t.key, a.ec.bound);
        // The part's width is `count * (bits)`: one value's width is the rest.
        const bits = part.width.startsWith(`${paren(count)} * `) ? part.width.slice(paren(count).length + 3) : undefined;
        if (bits === undefined) continue;
        this.fields.set(v.id, { name, get: `get$${name}`, set: `set$${name}`, value, valueType: t.value, key: { type: t.key, count }, bits });
      }
    }
  }

  protected scalar(t: Type): Scalar | undefined {
    switch (t.kind) {
      case "bool":
        return { kind: "bool" };
      case "int":
        return t.range ? { kind: "int", lo: t.range.lo } : undefined;
      case "enum":
        return { kind: "enum", members: enumOrder(t.decl) };
      default:
        return undefined;
    }
  }

  /**
   * Statements that `return false` when `e` is false (model.ts's invariant methods have the same
   * shape): conjunctions are successive tests, leading quantifiers over ranges plain loops.
   */
  protected predicate(e: Expr, ctx: { bound: ReadonlyMap<number, string>; at: Where }): string[] {
    const top: HoistScope = { binder: undefined, lines: [], memo: new Map() };
    this.hoists = [top];
    try {
      const lines = this.conditions(e, ctx);
      return [...top.lines, ...lines];
    } finally {
      this.hoists = [];
    }
  }

  /** Starts a function whose hoisted names must be unique (`predicate`'s consts). */
  protected beginFunction(): void {
    this.hoisted = new Set();
  }

  private conditions(e: Expr, ctx: { bound: ReadonlyMap<number, string>; at: Where }): string[] {
    if (e.kind === "BinaryExpr" && e.op === "and") return [...this.conditions(e.left, ctx), ...this.conditions(e.right, ctx)];
    if (e.kind === "BinaryExpr" && e.op === "implies") return [`if (${this.bool(e.left, ctx)}) {`, ...this.conditions(e.right, ctx), "}"];
    if (e.kind === "QuantExpr" && e.quant === "forall" && e.binders.every((b) => b.domain.kind === "RangeExpr")) {
      // Every binder's bounds first (they may use earlier binders): the guard analysis needs all ranges.
      const heads: { readonly n: string; readonly lo: string; readonly hi: string; readonly loc: string; readonly outer: ReadonlyMap<number, string> }[] = [];
      let bound = ctx.bound;
      for (const b of e.binders) {
        const d = b.domain as Extract<Expr, { kind: "RangeExpr" }>;
        const env = { bound, at: ctx.at };
        const h = { n: jsName(b.name.name), lo: this.int(d.lo, env), hi: this.int(d.hi, env), loc: this.a.ec.loc(d), outer: bound };
        this.binderRanges.set(b.id, { lo: h.lo, hi: h.hi });
        heads.push(h);
        bound = new Map(bound).set(b.id, h.n);
      }
      const guardsFrom = (k: number): Expr[] => loopGuards(e.body, new Set(e.binders.slice(k).map((b) => b.id)), this.guardFacts());
      const go = (k: number): string[] => {
        const h = heads[k];
        const b = e.binders[k];
        if (!h || !b) return this.conditions(e.body, { bound, at: ctx.at });
        const scope: HoistScope = { binder: b.id, lines: [], memo: new Map() };
        this.hoists.push(scope);
        const body = go(k + 1);
        this.hoists.pop();
        const loop = [
          `for (let ${h.n} = ${h.lo}, hi_${h.n} = loopHi$(${h.n}, ${h.hi}, ${h.loc}); ${h.n} <= hi_${h.n}; ${h.n}++) {`,
          ...scope.lines,
          ...body,
          "}",
        ];
        // A guard of the loop outside this one already skips this one: only the new guards.
        const outer = k > 0 ? guardsFrom(k - 1) : [];
        const guards = guardsFrom(k).filter((g) => !outer.includes(g));
        if (guards.length === 0) return loop;
        // Compiled after the body, so that the reads the body hoisted are reused.
        const test = guards.map((g) => this.bool(g, { bound: h.outer, at: ctx.at })).join(" && ");
        return [`if (${test}) {`, ...loop, "}"];
      };
      return go(0);
    }
    if (e.kind === "UnaryExpr" && e.op === "not") return [`if (${this.bool(e.arg, ctx)}) return false;`];
    return [`if (!${this.bool(e, ctx)}) return false;`];
  }

  /** What loop-guards.ts asks of this compiler. */
  private guardFacts(): GuardFacts {
    return {
      spec: this.a.spec,
      readInRange: (e) => {
        const r = e.target.kind === "NameExpr" ? this.a.spec.refs.get(e.target.id) : undefined;
        const f = r?.kind === "var" ? this.fields.get(r.decl.id) : undefined;
        return f?.key !== undefined && this.keyInRange(e.index, f.key.type);
      },
      scalarVar: (id) => this.fields.get(id)?.key === undefined && this.fields.has(id),
      exact: (e) => isExact(this.a.ec.intervals.of(e)),
    };
  }

  /** A key's 0-based ordinal from its packed-code value (enum values are ordinals already). */
  protected keyOrd(t: Type, k: string): string {
    switch (t.kind) {
      case "bool":
        return `(${k} ? 1 : 0)`;
      case "int":
        if (!t.range) throw new Unsupported("an unbounded key");
        return isZero(t.range.lo) ? k : `${k} - ${paren(this.a.ec.bound(t.range.lo))}`;
      case "enum":
        return k;
      default:
        throw new Unsupported("a key type outside the scalar core");
    }
  }

  /**
   * True when key expression `k` is a binder ranging over exactly the key type's range (`i in 1..N`
   * for a `map<1..N, …>`), so the key check can never fail and is left out.
   */
  protected keyInRange(k: Expr, t: Type): boolean {
    if (k.kind !== "NameExpr" || t.kind !== "int" || !t.range) return false;
    const r = this.a.spec.refs.get(k.id);
    const b = r?.kind === "bound" ? this.binderRanges.get(r.binderId) : undefined;
    return b !== undefined && b.lo === this.a.ec.bound(t.range.lo) && b.hi === this.a.ec.bound(t.range.hi);
  }

  protected bool(e: Expr, ctx: { bound: ReadonlyMap<number, string>; at: Where }): string {
    const r = this.expr(e, ctx);
    if (r.t.kind !== "bool") throw new Unsupported("a condition that is not boolean");
    return atom(r.code);
  }

  protected int(e: Expr, ctx: { bound: ReadonlyMap<number, string>; at: Where }): string {
    const r = this.expr(e, ctx);
    if (r.t.kind !== "int") throw new Unsupported("an integer bound that is not an int");
    return r.code;
  }

  /** An expression of a variable's value type (enum ordinals, ints, booleans). */
  protected scalarExpr(e: Expr, ctx: { bound: ReadonlyMap<number, string>; at: Where }, t: Scalar): { code: string } {
    const r = this.expr(e, ctx);
    if (r.t.kind !== t.kind) throw new Unsupported("a value of another type");
    if (t.kind !== "bool") return { code: r.code };
    return { code: r.code === "true" ? "1" : r.code === "false" ? "0" : `${atom(r.code)} ? 1 : 0` };
  }

  /** Compiles an expression of the scalar core; throws Unsupported outside it. */
  protected expr(e: Expr, ctx: { bound: ReadonlyMap<number, string>; at: Where }): { code: string; t: Scalar; lit?: string } {
    const spec = this.a.spec;
    if (spec.procReads.get(e.id)) throw new Unsupported("a read of another process's state");
    const ty = spec.types.get(e.id) ?? UNKNOWN;
    switch (e.kind) {
      case "BoolLit":
        return { code: String(e.value), t: { kind: "bool" }, lit: `b${e.value}` };
      case "IntLit":
        return { code: e.value < 0n ? `(${e.value})` : String(e.value), t: { kind: "int" }, lit: `i${e.value}` };
      case "NameExpr": {
        const r = spec.refs.get(e.id);
        if (!r) throw new Error(`internal: unresolved name ${e.name.name}`);
        switch (r.kind) {
          case "const":
            if (ty.kind !== "int" && ty.kind !== "bool") throw new Unsupported("a constant that is not an int or bool");
            return { code: `this.c.${r.decl.name.name}`, t: ty.kind === "int" ? { kind: "int" } : { kind: "bool" } };
          case "bound": {
            const n = ctx.bound.get(r.binderId);
            if (n === undefined || ty.kind !== "int") throw new Unsupported("a bound name outside the compiled core");
            return { code: n, t: { kind: "int" } };
          }
          case "member": {
            const members = enumOrder(r.decl);
            const ord = members.indexOf(r.name);
            return { code: `${ord} /* ${r.name} */`, t: { kind: "enum", members }, lit: `e${r.decl.name.name}.${r.name}` };
          }
          case "var": {
            const f = this.fields.get(r.decl.id);
            if (!f || f.key) throw new Unsupported(`variable ${r.decl.name.name} read whole`);
            return this.read(f, ctx.at, undefined, { binder: undefined, name: "" });
          }
          default:
            throw new Unsupported(`a ${r.kind} reference`);
        }
      }
      case "UnaryExpr": {
        const x = this.expr(e.arg, ctx);
        if (e.op === "not") {
          if (x.t.kind !== "bool") throw new Unsupported("not of a non-boolean");
          return { code: `!${atom(x.code)}`, t: { kind: "bool" } };
        }
        if (x.t.kind !== "int") throw new Unsupported("negation of a non-int");
        return { code: `-${atom(x.code)}`, t: { kind: "int" } };
      }
      case "IfExpr": {
        const c = this.expr(e.cond, ctx);
        const y = this.expr(e.then, ctx);
        const n = this.expr(e.else, ctx);
        if (c.t.kind !== "bool" || y.t.kind !== n.t.kind) throw new Unsupported("a conditional outside the core");
        return { code: `(${c.code} ? ${y.code} : ${n.code})`, t: y.t };
      }
      case "IndexExpr": {
        if (e.target.kind !== "NameExpr") throw new Unsupported("an index into a computed value");
        const r = spec.refs.get(e.target.id);
        if (!r || r.kind !== "var") throw new Unsupported("an index into something other than a state variable");
        const f = this.fields.get(r.decl.id);
        if (!f || !f.key) throw new Unsupported(`an index into ${r.decl.name.name}`);
        const ks = this.scalar(f.key.type);
        if (!ks) throw new Unsupported("a key that is not a scalar");
        const k = this.expr(e.index, ctx);
        if (k.t.kind !== ks.kind) throw new Unsupported("a key of another type");
        const ord = this.keyOrd(f.key.type, k.code);
        if (!this.keyInRange(e.index, f.key.type)) return this.read(f, ctx.at, `keyAt$(${ord}, ${f.key.count}, ${this.a.ec.loc(e)})`);
        const by = e.index.kind === "NameExpr" ? spec.refs.get(e.index.id) : undefined;
        return this.read(f, ctx.at, ord, by?.kind === "bound" ? { binder: by.binderId, name: k.code } : undefined);
      }
      case "QuantExpr": {
        let bound = ctx.bound;
        const heads: { n: string; lo: string; hi: string; loc: string }[] = [];
        for (const b of e.binders) {
          if (b.domain.kind !== "RangeExpr") throw new Unsupported("a quantifier over a set");
          const env = { bound, at: ctx.at };
          const n = jsName(b.name.name);
          heads.push({ n, lo: this.int(b.domain.lo, env), hi: this.int(b.domain.hi, env), loc: this.a.ec.loc(b.domain) });
          bound = new Map(bound).set(b.id, n);
        }
        let body = this.bool(e.body, { bound, at: ctx.at });
        const fn = e.quant === "forall" ? "forallRange" : "existsRange";
        for (let k = heads.length - 1; k >= 0; k--) {
          const h = heads[k] as (typeof heads)[number];
          body = `${fn}(${h.lo}, ${h.hi}, (${h.n}) => ${body}, ${h.loc})`;
        }
        return { code: body, t: { kind: "bool" } };
      }
      case "BinaryExpr":
        return this.binary(e, ctx);
      default:
        throw new Unsupported(`a ${e.kind}`);
    }
  }

  /**
   * A read of field `f` (of map key `key`). `total`: the read cannot fail, and its key depends on that
   * binder only (undefined: on no binder); such a read inside a loop nested in that binder's loop is
   * hoisted into it (`HoistScope`).
   */
  protected read(f: Field, at: Where, key: string | undefined, total?: { binder: number | undefined; name: string }): { code: string; t: Scalar } {
    const call = this.hoist(`this.${f.get}(${at.words}, ${at.off}${key ? `, ${key}` : ""})`, f, total);
    return f.value.kind === "bool" ? { code: `(${call} === 1)`, t: f.value } : { code: call, t: f.value };
  }

  private hoist(call: string, f: Field, total: { binder: number | undefined; name: string } | undefined): string {
    if (total === undefined) return call;
    const depth = this.hoists.findIndex((s) => s.binder === total.binder);
    if (depth < 0) return call;
    const scope = this.hoists[depth] as HoistScope;
    const known = scope.memo.get(call);
    if (known !== undefined) return known;
    // Only out of an inner loop: hoisting within its own loop would read it where `&&` may have skipped it.
    if (depth === this.hoists.length - 1) return call;
    const base = `${f.name}$${total.name}`;
    let name = base;
    for (let k = 2; this.hoisted.has(name); k++) name = `${base}${k}`;
    this.hoisted.add(name);
    scope.memo.set(call, name);
    scope.lines.push(`const ${name} = ${call};`);
    return name;
  }

  protected binary(e: Extract<Expr, { kind: "BinaryExpr" }>, ctx: { bound: ReadonlyMap<number, string>; at: Where }): { code: string; t: Scalar } {
    const l = this.expr(e.left, ctx);
    const r = this.expr(e.right, ctx);
    const loc = this.a.ec.loc(e);
    const B = { kind: "bool" } as const;
    const I = { kind: "int" } as const;
    const both = (k: Scalar["kind"]): void => {
      if (l.t.kind !== k || r.t.kind !== k) throw new Unsupported(`${e.op} of ${l.t.kind} and ${r.t.kind}`);
    };
    switch (e.op) {
      case "and":
        both("bool");
        return { code: `(${l.code} && ${r.code})`, t: B };
      case "or":
        both("bool");
        return { code: `(${l.code} || ${r.code})`, t: B };
      case "implies":
        both("bool");
        return { code: `(!${atom(l.code)} || ${r.code})`, t: B };
      case "iff":
        both("bool");
        return { code: `(${l.code} === ${r.code})`, t: B };
      case "eq":
      case "ne": {
        if (l.t.kind !== r.t.kind) throw new Unsupported("a comparison of different types");
        // Two literals are decided here (TypeScript rejects `1 === 2` as a comparison with no overlap).
        if (l.lit !== undefined && r.lit !== undefined) return { code: String((l.lit === r.lit) === (e.op === "eq")), t: B };
        return { code: `(${l.code} ${e.op === "eq" ? "===" : "!=="} ${r.code})`, t: B };
      }
      case "lt":
      case "le":
      case "gt":
      case "ge":
        both("int");
        return { code: `(${l.code} ${{ lt: "<", le: "<=", gt: ">", ge: ">=" }[e.op]} ${r.code})`, t: B };
      case "add":
      case "sub":
      case "mul": {
        both("int");
        const op = { add: "+", sub: "-", mul: "*" }[e.op];
        const fn = { add: "addExact", sub: "subExact", mul: "mulExact" }[e.op];
        return { code: isExact(this.a.ec.intervals.of(e)) ? `(${l.code} ${op} ${r.code})` : `${fn}(${l.code}, ${r.code}, ${loc})`, t: I };
      }
      case "div":
        both("int");
        return { code: `div(${l.code}, ${r.code}, ${loc})`, t: I };
      case "mod":
        both("int");
        return { code: `mod(${l.code}, ${r.code}, ${loc})`, t: I };
      default:
        throw new Unsupported(`the operator ${e.op}`);
    }
  }
}

export function unsupported(why: string): never {
  throw new Unsupported(why);
}

export function isZero(e: Expr): boolean {
  return e.kind === "IntLit" && e.value === 0n;
}

export function paren(x: string): string {
  return /^[\w.]+$/.test(x) ? x : `(${x})`;
}

export function atom(x: string): string {
  return /^[\w.$]+$/.test(x) || /^\([^()]*\)$/.test(x) ? x : `(${x})`;
}

/** A part name as an object key (`pc` and the spec's variable names are identifiers). */
export function jsKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : str(name);
}
