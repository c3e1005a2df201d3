/**
 * Name resolution and type checking, in one walk over the linked spec: every name is resolved in its
 * scope (spec, process locals, procedure frame, binders) and every expression gets a type. Results go
 * to side tables (refs, types, declTypes); errors become diagnostics, and analysis continues with an
 * `unknown` type so that one mistake yields one message.
 */
import type {
  Binder,
  ConstDecl,
  Decl,
  DefDecl,
  DisplayMap,
  EnumDecl,
  Expr,
  Ident,
  LocalDecl,
  Param,
  PathSeg,
  ProcedureDecl,
  ProcessDecl,
  Span,
  Stmt,
  Temporal,
  TypeExpr,
  VarDecl,
} from "../parse/ast.js";
import { printExpr as printExprText } from "../parse/print.js";
import { error, warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { ProcRead, Ref } from "./checked.js";
import { procReadType, type ProcHost } from "./procread.js";
import {
  assignable,
  BOOL,
  infiniteReason,
  comparable,
  containsLock,
  INT,
  isKeyType,
  isTupleField,
  join,
  MAX_TUPLE,
  mentionsPid,
  PID,
  showType,
  STRING,
  symmetricIn,
  tupleField,
  tupleType,
  UNKNOWN,
  type Type,
  type VariantCaseType,
} from "./types.js";

type VariantT = Extract<Type, { kind: "variant" }>;

/** A fact known where an expression is evaluated: the variant value named by `ref` has case `tag`. */
interface Fact {
  readonly ref: Ref;
  readonly tag: string;
}

/** Where an expression or statement is: decides which names and statements are allowed. */
export interface Ctx {
  /** The process whose code this is (process bodies and the procedures it calls). */
  readonly process?: ProcessDecl;
  readonly procedure?: ProcedureDecl;
  /** Inside a `def`, invariant or constant: no `self`. */
  readonly pure: boolean;
  /** Constant expressions (bounds, defaults, instance sets): only constants and literals. */
  readonly constant: boolean;
  /** The initial value of a process local: built with the initial state, before any instance exists. */
  readonly localInit?: boolean;
}

type Scope = ReadonlyMap<string, Ref>;

export interface Analysis {
  readonly refs: Map<number, Ref>;
  readonly types: Map<number, Type>;
  readonly declTypes: Map<number, Type>;
  readonly binders: Map<number, Binder>;
  readonly procReads: Map<number, ProcRead>;
  readonly diagnostics: Diagnostic[];
  /** Names of declarations that were read somewhere (for unused warnings). */
  readonly used: Set<number>;
}

const BUILTINS = new Set([
  "product",
  "powerset",
  "card",
  "len",
  "head",
  "tail",
  "append",
  "domain",
  "some",
  "get",
  "is_some",
  "min",
  "max",
  "holds",
  "holds_read",
  "locked",
]);

/** Analyzer over one linked spec; construct once, then call the check* methods. */
export class Analyzer {
  readonly out: Analysis = {
    refs: new Map(),
    types: new Map(),
    declTypes: new Map(),
    binders: new Map(),
    procReads: new Map(),
    diagnostics: [],
    used: new Set(),
  };
  readonly global = new Map<string, Ref>();
  readonly typeNames = new Map<string, { decl: Decl; type?: Type }>();
  readonly defs = new Map<string, DefDecl>();
  readonly procedures = new Map<string, ProcedureDecl>();
  /** Processes by name (macro-expanded): their state can be read by properties (check/procread.ts). */
  readonly processes = new Map<string, ProcessDecl>();
  /** The spec declares a `symmetric process`: pids are then permuted too (E705 for `choose` over pids). */
  symmetricProcesses = false;
  /** Variant cases by tag (tags are global names, like enum members): the variant type's name. */
  readonly tags = new Map<string, string>();
  /** Kind tests known true here (`m is Tag` on the left of `and`, in an `if` condition, an `await`). */
  private facts: readonly Fact[] = [];
  private resolvingTypes = new Set<string>();

  constructor(readonly decls: readonly Decl[]) {}

  err(code: string, message: string, span: Span, notes?: { message: string; span?: Span }[]): void {
    this.out.diagnostics.push(error(code, message, span, notes));
  }
  warn(code: string, message: string, span: Span): void {
    this.out.diagnostics.push(warning(code, message, span));
  }

  // -------------------------------------------------------------------------------------------
  // Types

  /** The semantic type of a type expression (aliases resolved). */
  resolveType(t: TypeExpr): Type {
    switch (t.kind) {
      case "BoolType":
        return BOOL;
      case "PidType":
        return PID;
      case "LockType":
        return { kind: t.lock };
      case "RangeType":
        this.constExpr(t.lo, INT, "in the lower bound of the range");
        this.constExpr(t.hi, INT, "in the upper bound of the range");
        return { kind: "int", range: { lo: t.lo, hi: t.hi } };
      case "NamedType": {
        const n = this.typeNames.get(t.name.name);
        if (!n) {
          const hint = didYouMean(t.name.name, [...this.typeNames.keys(), "bool", "pid", "mutex", "rwlock"]);
          this.err(
            "E210",
            `unknown type \`${t.name.name}\`${hint || "; expected a type such as `bool`, a range `a..b`, an enum or a `type` alias"}`,
            t.name.span,
          );
          return UNKNOWN;
        }
        return this.typeOfTypeDecl(t.name.name, t.name.span);
      }
      case "RecordType": {
        const seen = new Set<string>();
        for (const f of t.fields) {
          if (seen.has(f.name.name)) this.err("E211", `record field \`${f.name.name}\` appears twice`, f.name.span);
          seen.add(f.name.name);
          this.reservedField(f.name);
        }
        return { kind: "record", fields: t.fields.map((f) => ({ name: f.name.name, type: this.resolveType(f.type) })) };
      }
      case "TupleType":
        this.tupleArity(t.elems.length, t.span);
        return tupleType(t.elems.map((x) => this.resolveType(x)));
      case "SetType":
        return { kind: "set", elem: this.resolveType(t.elem) };
      case "MapType": {
        const key = this.resolveType(t.key);
        if (key.kind !== "unknown" && !isKeyType(key)) {
          this.err("E304", `a map key must be \`bool\`, an integer range, an enum or \`pid\`, not \`${showType(key)}\``, t.key.span);
        }
        return { kind: "map", key, value: this.resolveType(t.value) };
      }
      case "SeqType":
        this.constExpr(t.max, INT, "in the maximum length of the sequence");
        return { kind: "seq", elem: this.resolveType(t.elem), max: t.max };
      case "OptionType": {
        const elem = this.resolveType(t.elem);
        if (elem.kind === "option") this.err("E305", "`option<option<T>>` is not supported; use a record or an enum", t.span);
        return { kind: "option", elem };
      }
      case "VariantType":
        // Only the right side of a `type` declaration (the grammar allows nothing else): see typeOfTypeDecl.
        return UNKNOWN;
    }
  }

  /** The variant type declared as `type name = A { … } | B …` (cases in canonical order, by tag). */
  private variantType(name: string, t: Extract<TypeExpr, { kind: "VariantType" }>): VariantT {
    const cases: VariantCaseType[] = [];
    const seenTags = new Set<string>();
    for (const c of t.cases) {
      if (seenTags.has(c.tag.name)) {
        this.err("E380", `variant case \`${c.tag.name}\` appears twice in \`${name}\``, c.tag.span);
        continue;
      }
      seenTags.add(c.tag.name);
      const seen = new Set<string>();
      const fields = c.fields.map((f) => {
        if (seen.has(f.name.name)) this.err("E211", `field \`${f.name.name}\` appears twice in case \`${c.tag.name}\``, f.name.span);
        seen.add(f.name.name);
        this.reservedField(f.name);
        return { name: f.name.name, type: this.resolveType(f.type) };
      });
      for (const f of fields) {
        if (containsLock(f.type)) this.err("E315", `a field of a variant case cannot be a lock (\`${f.name}\` in \`${c.tag.name}\`)`, c.span);
      }
      cases.push({ tag: c.tag.name, fields });
    }
    cases.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
    return { kind: "variant", name, cases };
  }

  typeOfTypeDecl(name: string, at: Span): Type {
    const n = this.typeNames.get(name);
    if (!n) return UNKNOWN;
    if (n.type) return n.type;
    if (n.decl.kind === "EnumDecl") {
      n.type = { kind: "enum", decl: n.decl };
      return n.type;
    }
    if (n.decl.kind !== "TypeDecl") return UNKNOWN;
    if (this.resolvingTypes.has(name)) {
      this.err("E212", `type alias \`${name}\` refers to itself`, at);
      return UNKNOWN;
    }
    this.resolvingTypes.add(name);
    let ty = n.decl.type.kind === "VariantType" ? this.variantType(name, n.decl.type) : this.resolveType(n.decl.type);
    this.resolvingTypes.delete(name);
    if (n.decl.display !== undefined) ty = this.withDisplay(ty, n.decl.display, `\`${name}\``);
    if (ty.kind === "record") ty = { ...ty, alias: name };
    if (n.decl.symmetric) {
      // A scalarset is declared by its size only: an integer range whose values become interchangeable.
      if (ty.kind === "int" && ty.range) ty = { kind: "scalarset", name, range: ty.range };
      else {
        if (ty.kind !== "unknown") {
          this.err("E701", `a symmetric type must be an integer range \`lo..hi\` (its values are interchangeable), not \`${showType(ty)}\``, n.decl.type.span);
        }
        ty = UNKNOWN;
      }
    }
    n.type = ty;
    return ty;
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /** A constant expression of the expected type (bounds, defaults, instance sets, overrides). */
  constExpr(e: Expr, expected: Type, what = "in the constant expression"): Type {
    const t = this.expr(e, this.global, { pure: true, constant: true });
    this.expectType(t, expected, e.span, what);
    return t;
  }

  expectType(actual: Type, expected: Type, span: Span, what: string): void {
    if (!assignable(actual, expected)) {
      if (this.symmetricMismatch(actual, expected, span, what)) return;
      this.err("E301", `type mismatch ${what}: expected \`${showType(expected)}\`, found \`${showType(actual)}\``, span);
    }
  }

  /**
   * E703/E704 instead of a plain mismatch when the first difference between two types is an integer
   * meeting a symmetric type: integers must not become values of a scalarset (that would name a
   * specific value) nor the other way round (that would give its values an order). True when reported.
   */
  symmetricMismatch(actual: Type, expected: Type, span: Span, what: string): boolean {
    const clash = firstClash(actual, expected);
    if (!clash) return false;
    const [a, e] = clash;
    if (a.kind === "int" && e.kind === "scalarset") {
      this.err(
        "E703",
        `an integer cannot be a value of symmetric type \`${e.name}\` ${what}: its values are interchangeable and have no literals; bind one with \`x in ${e.name}\` or use \`self\``,
        span,
      );
      return true;
    }
    if (a.kind === "scalarset" && e.kind === "int") {
      this.err(
        "E704",
        `a value of symmetric type \`${a.name}\` cannot be used as an integer ${what}: its values are interchangeable, only \`==\`/\`!=\`, sets and map keys may use them`,
        span,
      );
      return true;
    }
    return false;
  }

  /** E702: ordering or arithmetic on a value of a symmetric type (true when reported). */
  noOrder(t: Type, span: Span, op: string): boolean {
    if (t.kind !== "scalarset") return false;
    this.err(
      "E702",
      `values of symmetric type \`${t.name}\` have no order or arithmetic: \`${op}\` is not allowed (only \`==\`, \`!=\`, \`in\`, sets and map keys)`,
      span,
    );
    return true;
  }

  private record(e: Expr, t: Type): Type {
    this.out.types.set(e.id, t);
    return t;
  }

  /** Binds `x in S` binders left to right (later domains may use earlier names). */
  bindAll(binders: readonly Binder[], scope: Scope, ctx: Ctx): Map<string, Ref> {
    const inner = new Map(scope);
    for (const b of binders) {
      const dt = this.expr(b.domain, inner, ctx);
      let elem: Type = UNKNOWN;
      if (dt.kind === "set") elem = dt.elem;
      else if (dt.kind !== "unknown") this.err("E306", `\`${binderText(b)} in …\` needs a set, found \`${showType(dt)}\``, b.domain.span);
      elem = this.patternElem(b, elem);
      this.out.declTypes.set(b.id, elem);
      this.out.binders.set(b.id, b);
      inner.set(b.name.name, { kind: "bound", name: b.name.name, binderId: b.id });
    }
    return inner;
  }

  /**
   * A tuple binder `<<a, b>> in S` needs tuples of exactly as many components (E390); otherwise the
   * element type is unknown, so the hidden projections `a = $t[1]` add no second error.
   */
  patternElem(b: Binder, elem: Type): Type {
    if (!b.pattern || elem.kind === "unknown") return elem;
    const n = b.pattern.length;
    if (elem.kind === "record" && elem.tuple && elem.fields.length === n) return elem;
    const found = elem.kind === "record" && elem.tuple ? `tuples of ${elem.fields.length} components` : `\`${showType(elem)}\` values`;
    this.err("E390", `\`${binderText(b)}\` takes tuples of ${n} components apart, but the set holds ${found}`, b.name.span);
    return UNKNOWN;
  }

  /** The kind tests an expression proves when it is true (`m is A`, `and` of them), on names. */
  factsOf(e: Expr, scope: Scope): Fact[] {
    if (e.kind === "IsExpr" && e.target.kind === "NameExpr") {
      const r = scope.get(e.target.name.name);
      return r ? [{ ref: r, tag: e.tag.name }] : [];
    }
    if (e.kind === "BinaryExpr" && e.op === "and") return [...this.factsOf(e.left, scope), ...this.factsOf(e.right, scope)];
    return [];
  }

  /** Runs `fn` knowing `facts` (kind tests known true there). */
  withFacts<T>(facts: readonly Fact[], fn: () => T): T {
    if (facts.length === 0) return fn();
    const saved = this.facts;
    this.facts = [...saved, ...facts];
    try {
      return fn();
    } finally {
      this.facts = saved;
    }
  }

  lookup(name: Ident, scope: Scope, _ctx: Ctx): Ref | undefined {
    const r = scope.get(name.name);
    if (r) return r;
    const tn = this.typeNames.get(name.name);
    if (tn) return { kind: "typeset", type: this.typeOfTypeDecl(name.name, name.span) };
    // `bool` (a keyword, so never a spec name) as the set of its two values.
    if (name.name === "bool") return { kind: "typeset", type: BOOL };
    return undefined;
  }

  refType(r: Ref): Type {
    switch (r.kind) {
      case "const":
      case "var":
        return this.out.declTypes.get(r.decl.id) ?? UNKNOWN;
      case "local":
      case "frame":
        return this.out.declTypes.get(r.decl.id) ?? UNKNOWN;
      case "bound":
        return this.out.declTypes.get(r.binderId) ?? UNKNOWN;
      case "member":
        return { kind: "enum", decl: r.decl };
      case "def":
        return this.out.declTypes.get(r.decl.id) ?? UNKNOWN;
      case "typeset":
        return { kind: "set", elem: r.type };
      case "tag":
        return this.typeOfTypeDecl(r.variant, r.span);
    }
  }

  expr(e: Expr, scope: Scope, ctx: Ctx): Type {
    const pt = this.processes.size > 0 ? this.procRead(e, scope, ctx) : undefined;
    if (pt) return this.record(e, pt);
    switch (e.kind) {
      case "BoolLit":
        return this.record(e, BOOL);
      case "IntLit":
        if (e.value > BigInt(Number.MAX_SAFE_INTEGER) || e.value < -BigInt(Number.MAX_SAFE_INTEGER)) {
          this.err("E307", `integer literal ${e.value} is too large (the limit is 2^53-1)`, e.span);
        }
        return this.record(e, INT);
      case "StrLit":
        return this.record(e, STRING);
      case "NoneLit":
        return this.record(e, { kind: "option", elem: UNKNOWN });
      case "SelfExpr":
        if (!ctx.process && !ctx.procedure) {
          this.err("E213", "`self` is only defined inside a process or a procedure", e.span);
          return this.record(e, UNKNOWN);
        }
        // `self` is the instance's element of its process set (procedures: an integer, see docs).
        return this.record(e, ctx.process ? (this.out.declTypes.get(ctx.process.id) ?? INT) : INT);
      case "NameExpr": {
        const r = this.lookup(e.name, scope, ctx);
        const fn = r ? undefined : this.defs.get(e.name.name);
        if (fn) {
          this.out.used.add(fn.id);
          this.err("E314", `\`${e.name.name}\` takes ${arguments_(fn.params.length)}; call it as \`${e.name.name}(…)\``, e.name.span);
          return this.record(e, UNKNOWN);
        }
        if (!r) {
          this.err("E201", `unknown name \`${e.name.name}\`${this.suggest(e.name.name, scope)}`, e.name.span);
          return this.record(e, UNKNOWN);
        }
        if (ctx.constant && !(r.kind === "const" || r.kind === "member" || r.kind === "tag" || r.kind === "bound" || r.kind === "typeset")) {
          this.err("E308", `\`${e.name.name}\` is not a constant; only constants and literals may appear here`, e.name.span);
        }
        if (r.kind === "def" && r.decl.params.length > 0) {
          this.err("E314", `\`${e.name.name}\` takes ${arguments_(r.decl.params.length)}; call it as \`${e.name.name}(…)\``, e.name.span);
        }
        if (r.kind === "typeset") {
          // A type name is the set of all its values: only a finite type has such a set.
          const why = infiniteReason(r.type);
          if (why) this.err("E315", `the type \`${e.name.name}\` cannot be used as a set: ${why}`, e.name.span);
        }
        if ("decl" in r) this.out.used.add(r.decl.id);
        this.out.refs.set(e.id, r);
        if (r.kind === "tag") {
          const vt = this.refType(r);
          const c = vt.kind === "variant" ? vt.cases.find((x) => x.tag === r.tag) : undefined;
          if (c && c.fields.length > 0) {
            this.err(
              "E382",
              `variant case \`${r.tag}\` has fields; build it as \`${r.tag} { ${c.fields.map((f) => `${f.name}: …`).join(", ")} }\``,
              e.name.span,
            );
          }
          return this.record(e, vt);
        }
        const t = this.refType(r);
        // A kind test known true here narrows the name to that case (its fields can be read).
        const fact = t.kind === "variant" ? [...this.facts].reverse().find((f) => f.ref === r) : undefined;
        return this.record(e, fact && t.kind === "variant" ? { ...t, only: fact.tag } : t);
      }
      case "UnaryExpr": {
        const t = this.expr(e.arg, scope, ctx);
        const want = e.op === "not" ? BOOL : INT;
        if (e.op === "neg" && this.noOrder(t, e.arg.span, "-")) return this.record(e, UNKNOWN);
        this.expectType(t, want, e.arg.span, `for \`${e.op === "not" ? "not" : "-"}\``);
        return this.record(e, want);
      }
      case "BinaryExpr":
        return this.record(e, this.binary(e, scope, ctx));
      case "IfExpr": {
        this.expectType(this.expr(e.cond, scope, ctx), BOOL, e.cond.span, "in the `if` condition");
        const a = this.withFacts(this.factsOf(e.cond, scope), () => this.expr(e.then, scope, ctx));
        const b = this.expr(e.else, scope, ctx);
        if (!comparable(a, b)) this.err("E301", `the branches of \`if\` have different types: \`${showType(a)}\` and \`${showType(b)}\``, e.span);
        return this.record(e, join(a, b));
      }
      case "LetExpr": {
        const inner = new Map(scope);
        for (const b of e.bindings) {
          const t = this.expr(b.value, inner, ctx);
          this.out.declTypes.set(b.value.id, t);
          inner.set(b.name.name, { kind: "bound", name: b.name.name, binderId: b.value.id });
        }
        return this.record(e, this.expr(e.body, inner, ctx));
      }
      case "QuantExpr": {
        const inner = this.bindAll(e.binders, scope, ctx);
        this.expectType(this.expr(e.body, inner, ctx), BOOL, e.body.span, `in the body of \`${e.quant}\``);
        return this.record(e, BOOL);
      }
      case "ChooseExpr": {
        const inner = this.bindAll([e.binder], scope, ctx);
        {
          // `choose` picks the least element: a specific value, which no permutation preserves.
          const elem = this.out.declTypes.get(e.binder.id) ?? UNKNOWN;
          const syms = [...symmetricIn(elem)];
          if (this.symmetricProcesses && mentionsPid(elem)) syms.push("pid");
          if (syms.length > 0) {
            const what = syms[0] === "pid" ? "pids (the instances of symmetric processes are interchangeable)" : `values of symmetric type \`${syms[0]}\``;
            this.err(
              "E705",
              `\`choose\` over ${what} picks a specific value (the least), which symmetry reduction cannot preserve; use \`with\`, \`exists\` or \`forall\``,
              e.binder.domain.span,
            );
          }
        }
        this.expectType(this.expr(e.body, inner, ctx), BOOL, e.body.span, "in the body of `choose`");
        return this.record(e, this.out.declTypes.get(e.binder.id) ?? UNKNOWN);
      }
      case "SetLit": {
        let elem: Type = UNKNOWN;
        for (const x of e.elems) {
          const t = this.expr(x, scope, ctx);
          if (!comparable(t, elem)) this.err("E301", `set elements must have one type: \`${showType(elem)}\` and \`${showType(t)}\``, x.span);
          elem = join(elem, t);
        }
        return this.record(e, { kind: "set", elem });
      }
      case "SetFilter": {
        const inner = this.bindAll([e.binder], scope, ctx);
        this.expectType(this.expr(e.pred, inner, ctx), BOOL, e.pred.span, "in the set filter");
        return this.record(e, { kind: "set", elem: this.out.declTypes.get(e.binder.id) ?? UNKNOWN });
      }
      case "SetMap": {
        const inner = this.bindAll(e.binders, scope, ctx);
        return this.record(e, { kind: "set", elem: this.expr(e.body, inner, ctx) });
      }
      case "RangeExpr": {
        this.expectType(this.expr(e.lo, scope, ctx), INT, e.lo.span, "in the range");
        this.expectType(this.expr(e.hi, scope, ctx), INT, e.hi.span, "in the range");
        return this.record(e, { kind: "set", elem: { kind: "int", range: { lo: e.lo, hi: e.hi } } });
      }
      case "MapComp": {
        const inner = this.bindAll([e.binder], scope, ctx);
        const key = this.out.declTypes.get(e.binder.id) ?? UNKNOWN;
        if (key.kind !== "unknown" && !isKeyType(key)) {
          this.err(
            "E304",
            `a map comprehension's domain must be a range \`a..b\`, an enum, \`bool\` or a type name, not a set of \`${showType(key)}\``,
            e.binder.domain.span,
          );
        }
        return this.record(e, { kind: "map", key, value: this.expr(e.body, inner, ctx) });
      }
      case "RecordLit": {
        const seen = new Set<string>();
        const fields = e.fields.map((f) => {
          if (seen.has(f.name.name)) this.err("E211", `record field \`${f.name.name}\` appears twice`, f.name.span);
          seen.add(f.name.name);
          this.reservedField(f.name);
          return { name: f.name.name, type: this.expr(f.value, scope, ctx) };
        });
        return this.record(e, { kind: "record", fields });
      }
      case "TupleLit": {
        this.tupleArity(e.elems.length, e.span);
        return this.record(e, tupleType(e.elems.map((x) => this.expr(x, scope, ctx))));
      }
      case "VariantLit":
        return this.record(e, this.variantLit(e, scope, ctx));
      case "IsExpr": {
        const t = this.expr(e.target, scope, ctx);
        if (t.kind === "variant") {
          if (!t.cases.some((c) => c.tag === e.tag.name)) {
            this.err(
              "E386",
              `\`${e.tag.name}\` is not a case of \`${t.name}\`${
                didYouMean(
                  e.tag.name,
                  t.cases.map((c) => c.tag),
                ) || ` (cases: ${t.cases.map((c) => c.tag).join(", ")})`
              }`,
              e.tag.span,
            );
          }
        } else if (t.kind !== "unknown") {
          this.err("E385", `\`is\` tests the case of a variant value, not of \`${showType(t)}\``, e.target.span);
        }
        return this.record(e, BOOL);
      }
      case "FuncSet": {
        // `[S -> T]` is a set of `map<K, V>`, and a map is total on its key type K: S must be a set of
        // key values (its being all of K is checked where the set is built).
        const d = this.expr(e.domain, scope, ctx);
        const r = this.expr(e.range, scope, ctx);
        let key: Type = UNKNOWN;
        let value: Type = UNKNOWN;
        if (d.kind === "set") {
          key = d.elem;
          if (key.kind !== "unknown" && !isKeyType(key)) {
            this.err(
              "E332",
              `the domain of \`[S -> T]\` must be a set of map keys (an integer range \`a..b\`, an enum, \`bool\` or a symmetric type), not a set of \`${showType(key)}\``,
              e.domain.span,
            );
            key = UNKNOWN;
          }
        } else if (d.kind !== "unknown") this.err("E332", `the domain of \`[S -> T]\` must be a set, found \`${showType(d)}\``, e.domain.span);
        if (r.kind === "set") value = r.elem;
        else if (r.kind !== "unknown") this.err("E332", `the range of \`[S -> T]\` must be a set, found \`${showType(r)}\``, e.range.span);
        return this.record(e, { kind: "set", elem: { kind: "map", key, value } });
      }
      case "SeqFilter": {
        // The binder ranges over the sequence's elements (a set binder, `{x in S : P}`, is the set filter).
        const dt = this.expr(e.binder.domain, scope, ctx);
        let elem: Type = UNKNOWN;
        if (dt.kind === "seq") elem = dt.elem;
        else if (dt.kind === "set") this.err("E333", "`[x in s : P]` filters a sequence; the filter of a set is `{x in S : P}`", e.binder.domain.span);
        else if (dt.kind !== "unknown") this.err("E333", `\`[x in s : P]\` filters a sequence, found \`${showType(dt)}\``, e.binder.domain.span);
        elem = this.patternElem(e.binder, elem);
        this.out.declTypes.set(e.binder.id, elem);
        this.out.binders.set(e.binder.id, e.binder);
        const inner = new Map(scope);
        inner.set(e.binder.name.name, { kind: "bound", name: e.binder.name.name, binderId: e.binder.id });
        this.expectType(this.expr(e.pred, inner, ctx), BOOL, e.pred.span, "in the sequence filter");
        return this.record(e, dt.kind === "seq" ? dt : UNKNOWN);
      }
      case "SeqLit": {
        let elem: Type = UNKNOWN;
        for (const x of e.elems) elem = join(elem, this.expr(x, scope, ctx));
        return this.record(e, { kind: "seq", elem });
      }
      case "FieldExpr":
        return this.record(e, this.field(this.expr(e.target, scope, ctx), e.field, e.span, e.target.kind === "NameExpr" ? e.target.name.name : undefined));
      case "IndexExpr":
        return this.record(e, this.index(this.expr(e.target, scope, ctx), e.index, scope, ctx, e.target.span));
      case "CallExpr":
        return this.record(e, this.call(e.callee, e.args, scope, ctx, e.span));
      case "UpdateExpr": {
        const t = this.expr(e.target, scope, ctx);
        for (const u of e.updates) {
          const leaf = this.path(t, u.path, scope, ctx);
          this.expectType(this.expr(u.value, scope, ctx), leaf, u.value.span, "in the update");
        }
        return this.record(e, t);
      }
    }
  }

  /** A read of a process's pc or locals, or its instance set (check/procread.ts); undefined otherwise. */
  private procRead(e: Expr, scope: Scope, ctx: Ctx): Type | undefined {
    if (e.kind === "CallExpr" && (this.defs.has("at") || scope.has("at"))) return undefined;
    const host: ProcHost = {
      processes: this.processes,
      procedures: this.procedures,
      procReads: this.out.procReads,
      declTypes: this.out.declTypes,
      isShadowed: (n) => scope.has(n),
      sub: (x) => this.expr(x, scope, ctx),
      expectType: (a, t, span, what) => this.expectType(a, t, span, what),
      err: (code, message, span) => this.err(code, message, span),
      didYouMean,
    };
    const t = procReadType(host, e);
    if (t && ctx.constant) this.err("E308", "a process's state is not a constant; only constants and literals may appear here", e.span);
    else if (t && ctx.localInit && this.out.procReads.get(e.id)?.kind !== "set") {
      this.err("E327", "a local's initial value cannot read a process's pc or locals: the instances are created with the initial state, all at once", e.span);
    }
    return t;
  }

  private suggest(name: string, scope: Scope): string {
    // TLA+'s TRUE / FALSE parse as names (issue 13 item 7).
    if (name === "TRUE" || name === "FALSE") return `; did you mean \`${name.toLowerCase()}\`? (spec2ts spells the booleans in lowercase)`;
    return didYouMean(name, [...scope.keys(), ...this.typeNames.keys(), ...this.processes.keys()]);
  }

  /** `Tag { f: e, … }`: every field of the case, once, each of its declared type. */
  private variantLit(e: Extract<Expr, { kind: "VariantLit" }>, scope: Scope, ctx: Ctx): Type {
    const name = this.tags.get(e.tag.name);
    const vt = name === undefined ? UNKNOWN : this.typeOfTypeDecl(name, e.tag.span);
    const c = vt.kind === "variant" ? vt.cases.find((x) => x.tag === e.tag.name) : undefined;
    if (!c) {
      const hint = didYouMean(e.tag.name, [...this.tags.keys()]);
      this.err("E383", `unknown variant case \`${e.tag.name}\`${hint || "; a case is declared by `type T = A { f: U } | B;`"}`, e.tag.span);
      e.fields.forEach((f) => this.expr(f.value, scope, ctx));
      return UNKNOWN;
    }
    const seen = new Set<string>();
    for (const f of e.fields) {
      if (seen.has(f.name.name)) this.err("E211", `field \`${f.name.name}\` appears twice`, f.name.span);
      seen.add(f.name.name);
      const decl = c.fields.find((g) => g.name === f.name.name);
      const t = this.expr(f.value, scope, ctx);
      if (!decl) {
        this.err(
          "E384",
          `case \`${c.tag}\` of \`${showType(vt)}\` has no field \`${f.name.name}\` (${c.fields.length ? `fields: ${c.fields.map((g) => g.name).join(", ")}` : "it has no fields; write it bare"})`,
          f.name.span,
        );
        continue;
      }
      this.expectType(t, decl.type, f.value.span, `for field \`${f.name.name}\` of \`${c.tag}\``);
    }
    const missing = c.fields.filter((g) => !seen.has(g.name)).map((g) => `\`${g.name}\``);
    if (missing.length) this.err("E384", `\`${c.tag} { … }\` needs every field of the case: missing ${missing.join(", ")}`, e.span);
    return vt;
  }

  private binary(e: Extract<Expr, { kind: "BinaryExpr" }>, scope: Scope, ctx: Ctx): Type {
    const l = this.expr(e.left, scope, ctx);
    // The right of `and` / `=>` is only evaluated when the left holds: its kind tests narrow there.
    const r =
      e.op === "and" || e.op === "implies" ? this.withFacts(this.factsOf(e.left, scope), () => this.expr(e.right, scope, ctx)) : this.expr(e.right, scope, ctx);
    const sym = OP_TEXT[e.op];
    switch (e.op) {
      case "and":
      case "or":
      case "implies":
      case "iff":
        this.expectType(l, BOOL, e.left.span, `on the left of \`${sym}\``);
        this.expectType(r, BOOL, e.right.span, `on the right of \`${sym}\``);
        return BOOL;
      case "eq":
      case "ne":
        if (!comparable(l, r)) {
          // An integer compared with a symmetric value names a specific value (E703), whichever side it is on.
          const intLeft = firstClash(l, r)?.[0].kind === "int";
          if (intLeft ? this.symmetricMismatch(l, r, e.span, `in \`${sym}\``) : this.symmetricMismatch(r, l, e.span, `in \`${sym}\``)) return BOOL;
        }
        if (!comparable(l, r)) this.err("E302", `cannot compare \`${showType(l)}\` with \`${showType(r)}\` using \`${sym}\``, e.span);
        if (containsLock(l)) this.err("E302", "locks cannot be compared; use `holds(l)`, `locked(l)` or the lock's fields", e.span);
        return BOOL;
      case "lt":
      case "le":
      case "gt":
      case "ge":
      case "add":
      case "sub":
      case "mul":
      case "div":
      case "mod": {
        const result = ["lt", "le", "gt", "ge"].includes(e.op) ? BOOL : INT;
        // Reported once: the (meaningless) result is unknown so that it causes no further errors.
        if (this.noOrder(l, e.left.span, sym ?? e.op) || this.noOrder(r, e.right.span, sym ?? e.op)) return result === BOOL ? BOOL : UNKNOWN;
        // Enum members (TLC's model values) and variant values are only compared for equality.
        for (const [t, side] of [
          [l, e.left],
          [r, e.right],
        ] as const) {
          if (t.kind === "enum" || t.kind === "variant") {
            const what = t.kind === "enum" ? `enum \`${t.decl.name.name}\` (like TLC's model values)` : `variant type \`${t.name}\``;
            this.err(
              "E391",
              `values of ${what} have no order or arithmetic: \`${sym ?? e.op}\` is not allowed (only \`==\`, \`!=\`, \`in\` and sets)`,
              side.span,
            );
            return result === BOOL ? BOOL : UNKNOWN;
          }
        }
        this.expectType(l, INT, e.left.span, `on the left of \`${sym}\``);
        this.expectType(r, INT, e.right.span, `on the right of \`${sym}\``);
        return result;
      }
      case "in":
      case "notin":
        if (r.kind !== "set" && r.kind !== "unknown") {
          this.err("E302", `the right of \`${sym}\` must be a set, found \`${showType(r)}\``, e.right.span);
        } else if (r.kind === "set" && !comparable(l, r.elem)) {
          if (this.symmetricMismatch(l, r.elem, e.left.span, `as an element of \`${showType(r)}\``)) return BOOL;
          this.err("E302", `\`${showType(l)}\` cannot be an element of \`${showType(r)}\``, e.left.span);
        }
        return BOOL;
      case "subset":
      case "union":
      case "intersect":
      case "minus": {
        for (const [t, side] of [
          [l, e.left],
          [r, e.right],
        ] as const) {
          if (t.kind !== "set" && t.kind !== "unknown") this.err("E302", `\`${sym}\` needs sets, found \`${showType(t)}\``, side.span);
        }
        if (l.kind === "set" && r.kind === "set" && !comparable(l, r)) {
          this.err("E302", `\`${sym}\` of \`${showType(l)}\` and \`${showType(r)}\``, e.span);
        }
        return e.op === "subset" ? BOOL : join(l, r);
      }
    }
  }

  field(t: Type, f: Ident, span: Span, target = "m"): Type {
    if (t.kind === "unknown") return UNKNOWN;
    if (t.kind === "variant") return this.variantField(t, f, target);
    if (t.kind === "record" && t.tuple) {
      // `_1`, `_2`, … are the representation, not names: components are read by position.
      this.err("E303", `\`${showType(t)}\` is a tuple: it has no field \`${f.name}\`; its components are \`[1]\`…\`[${t.fields.length}]\``, f.span);
      return UNKNOWN;
    }
    if (t.kind === "record") {
      const x = t.fields.find((g) => g.name === f.name);
      if (x) return x.type;
      this.err("E303", `\`${showType(t)}\` has no field \`${f.name}\` (fields: ${t.fields.map((g) => g.name).join(", ")})`, f.span);
      return UNKNOWN;
    }
    if (t.kind === "mutex" && f.name === "owner") return { kind: "option", elem: PID };
    if (t.kind === "rwlock" && f.name === "writer") return { kind: "option", elem: PID };
    if (t.kind === "rwlock" && f.name === "readers") return { kind: "set", elem: PID };
    const hint =
      t.kind === "mutex" ? " (a mutex has `owner`)" : t.kind === "rwlock" ? " (an rwlock has `writer` and `readers`)" : ": only records and locks have fields";
    this.err("E303", `\`${showType(t)}\` has no field \`${f.name}\`${hint}`, f.span);
    void span;
    return UNKNOWN;
  }

  /**
   * `m.f` on a variant value: a field of its case where a kind test narrowed it (`m is A and m.f`), or
   * a field every case has with one type; otherwise E387 / E388 (the field exists only in some cases).
   */
  private variantField(t: VariantT, f: Ident, m: string): Type {
    if (t.only !== undefined) {
      const c = t.cases.find((x) => x.tag === t.only);
      const x = c?.fields.find((g) => g.name === f.name);
      if (x) return x.type;
      if (c)
        this.err(
          "E387",
          `case \`${c.tag}\` of \`${t.name}\` has no field \`${f.name}\` (${c.fields.length ? `fields: ${c.fields.map((g) => g.name).join(", ")}` : "it has no fields"})`,
          f.span,
        );
      return UNKNOWN;
    }
    const having = t.cases.filter((c) => c.fields.some((g) => g.name === f.name));
    const types = having.map((c) => c.fields.find((g) => g.name === f.name)!.type);
    if (having.length === t.cases.length && types.every((x) => assignable(x, types[0]!) && assignable(types[0]!, x))) return types[0] ?? UNKNOWN;
    if (having.length === 0) {
      this.err("E387", `no case of \`${t.name}\` has a field \`${f.name}\``, f.span);
      return UNKNOWN;
    }
    const which = having.map((c) => c.tag);
    this.err(
      "E388",
      `field \`${f.name}\` exists only in case${which.length > 1 ? "s" : ""} ${which.map((w) => `\`${w}\``).join(", ")} of \`${t.name}\`; test the case first: \`${m} is ${which[0]} and ${m}.${f.name} …\` (or \`if ${m} is ${which[0]} then … else …\`)`,
      f.span,
    );
    return UNKNOWN;
  }

  /** `_1`, `_2`, … name tuple components: a record using one would be confused with a tuple. */
  private reservedField(name: Ident): void {
    if (isTupleField(name.name)) {
      this.err(
        "E330",
        `the field name \`${name.name}\` is reserved for tuple components; use a tuple \`<<a, b>>\` (type \`tuple<A, B>\`) or another name`,
        name.span,
      );
    }
  }

  private tupleArity(n: number, span: Span): void {
    if (n > MAX_TUPLE) this.err("E335", `a tuple has at most ${MAX_TUPLE} components, this one has ${n}; use a record with named fields`, span);
  }

  index(t: Type, ix: Expr, scope: Scope, ctx: Ctx, span: Span): Type {
    const it = this.expr(ix, scope, ctx);
    if (t.kind === "record" && t.tuple) {
      // A component is chosen by position, so its type is known: the index is a literal.
      const n = t.fields.length;
      const k = ix.kind === "IntLit" ? Number(ix.value) : 0;
      if (ix.kind !== "IntLit" || k < 1 || k > n) {
        const found =
          ix.kind === "IntLit"
            ? `index ${ix.value.toString()} is outside 1..${n}`
            : `the index must be a literal 1..${n}, so that the component's type is known`;
        this.err("E331", `\`${showType(t)}\` is a tuple: ${found}`, ix.span);
        return UNKNOWN;
      }
      return t.fields.find((f) => f.name === tupleField(k))?.type ?? UNKNOWN;
    }
    if (t.kind === "map") {
      this.expectType(it, t.key, ix.span, "as the map key");
      return t.value;
    }
    if (t.kind === "seq") {
      this.expectType(it, INT, ix.span, "as the sequence index");
      return t.elem;
    }
    if (t.kind !== "unknown") this.err("E303", `only maps, sequences and tuples can be indexed, not \`${showType(t)}\``, span);
    return UNKNOWN;
  }

  /** The type at the end of an update/assignment path. */
  path(t: Type, path: readonly PathSeg[], scope: Scope, ctx: Ctx): Type {
    let cur = t;
    for (const seg of path) {
      if (seg.kind === "IndexSeg") cur = this.index(cur, seg.index, scope, ctx, seg.span);
      else {
        if (cur.kind === "mutex" || cur.kind === "rwlock") {
          this.err("E403", "lock fields are read-only; use the lock statements to change a lock", seg.span);
          return UNKNOWN;
        }
        if (cur.kind === "variant") {
          this.err("E389", `a field of a variant value cannot be updated in place (its case could differ); build a new value with \`Tag { … }\``, seg.span);
          return UNKNOWN;
        }
        cur = this.field(cur, seg.field, seg.span);
      }
    }
    return cur;
  }

  private call(callee: Ident, args: readonly Expr[], scope: Scope, ctx: Ctx, span: Span): Type {
    const name = callee.name;
    const def = this.defs.get(name);
    if (def && !scope.has(name)) {
      this.out.used.add(def.id);
      if (def.params.length !== args.length) {
        this.err("E313", `\`${name}\` takes ${arguments_(def.params.length)}, but ${given(args.length)}`, span);
      }
      args.forEach((a, i) => {
        const t = this.expr(a, scope, ctx);
        const p = def.params[i];
        if (p) this.expectType(t, this.out.declTypes.get(p.id) ?? UNKNOWN, a.span, `for parameter \`${p.name.name}\` of \`${name}\``);
      });
      if (ctx.constant) this.err("E308", `\`${name}\` is a definition; only constants and literals may appear here`, callee.span);
      return this.out.declTypes.get(def.id) ?? UNKNOWN;
    }
    if (!BUILTINS.has(name)) {
      const kind = this.procedures.has(name) ? "; procedures are called with the `call` statement" : didYouMean(name, [...this.defs.keys(), ...BUILTINS]);
      this.err("E202", `unknown function \`${name}\`${kind}`, callee.span);
      args.forEach((a) => this.expr(a, scope, ctx));
      return UNKNOWN;
    }
    const ts = args.map((a) => this.expr(a, scope, ctx));
    if (name === "product") {
      // `product(S, T)` is TLA+'s `S \X T`: the set of tuples `<<s, t>>`.
      if (ts.length < 2 || ts.length > MAX_TUPLE) {
        this.err("E313", `\`product\` takes 2 to ${MAX_TUPLE} sets, but ${given(ts.length)}`, span);
        return UNKNOWN;
      }
      const elems = ts.map((t, i) => {
        if (t.kind === "set") return t.elem;
        if (t.kind !== "unknown") this.err("E309", `\`product\` needs sets, found \`${showType(t)}\``, (args[i] as Expr).span);
        return UNKNOWN;
      });
      return { kind: "set", elem: tupleType(elems) };
    }
    const arity: Record<string, number> = { append: 2 };
    const want = arity[name] ?? 1;
    if (ts.length !== want) {
      this.err("E313", `\`${name}\` takes ${arguments_(want)}, but ${given(ts.length)}`, span);
      return UNKNOWN;
    }
    const a = ts[0] as Type;
    const bad = (what: string): Type => {
      if (a.kind !== "unknown") this.err("E309", `\`${name}\` needs ${what}, found \`${showType(a)}\``, (args[0] as Expr).span);
      return UNKNOWN;
    };
    switch (name) {
      case "card":
        return a.kind === "set" ? INT : (bad("a set"), INT);
      case "powerset":
        // TLA+'s `SUBSET S`; its size (2^|S|) is capped where it is built.
        return a.kind === "set" ? { kind: "set", elem: a } : bad("a set");
      case "min":
      case "max":
        if (a.kind === "set" && this.noOrder(a.elem, (args[0] as Expr).span, name)) return UNKNOWN;
        return a.kind === "set" && (a.elem.kind === "int" || a.elem.kind === "unknown") ? INT : (bad("a set of integers"), INT);
      case "len":
        return a.kind === "seq" ? INT : (bad("a sequence"), INT);
      case "head":
        return a.kind === "seq" ? a.elem : bad("a sequence");
      case "tail":
        return a.kind === "seq" ? a : bad("a sequence");
      case "append": {
        if (a.kind !== "seq") return bad("a sequence");
        this.expectType(ts[1] as Type, a.elem, (args[1] as Expr).span, "for the appended element");
        return a;
      }
      case "domain":
        return a.kind === "map" ? { kind: "set", elem: a.key } : bad("a map");
      case "some":
        return { kind: "option", elem: a };
      case "get":
        return a.kind === "option" ? a.elem : bad("an option");
      case "is_some":
        return a.kind === "option" ? BOOL : (bad("an option"), BOOL);
      case "holds":
      case "locked":
        if (a.kind !== "mutex" && a.kind !== "rwlock") bad("a lock");
        if (name === "holds" && !ctx.process && !ctx.procedure)
          this.err("E213", "`holds` means the running process holds the lock; it is only defined in process code", callee.span);
        return BOOL;
      case "holds_read":
        if (a.kind !== "rwlock") bad("an rwlock");
        if (!ctx.process && !ctx.procedure) this.err("E213", "`holds_read` is only defined in process code", callee.span);
        return BOOL;
    }
    return UNKNOWN;
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  /** Type-checks statements; `where` says what kind of body they belong to. */
  stmts(body: readonly Stmt[], scope: Scope, ctx: Ctx, where: "process" | "procedure" | "action" | "macro"): void {
    const saved = this.facts;
    try {
      for (const s of body) {
        // A kind test on a variable holds until the variable may change: a new step (a label: other
        // processes run in between), or an assignment to it (its value is read before it is replaced).
        const mutable = (r: Ref): boolean => r.kind === "var" || r.kind === "local" || r.kind === "frame";
        if (s.label) this.facts = this.facts.filter((f) => !mutable(f.ref));
        const assigned = assignedNames(s);
        if (s.kind !== "AssignStmt") this.facts = this.facts.filter((f) => !(mutable(f.ref) && assigned.has(refName(f.ref))));
        this.stmt(s, scope, ctx, where);
        if (s.kind === "AssignStmt") this.facts = this.facts.filter((f) => !(mutable(f.ref) && assigned.has(refName(f.ref))));
        // What follows `await m is A` in the block runs only when the test held.
        if (s.kind === "AwaitStmt") this.facts = [...this.facts, ...this.factsOf(s.cond, scope)];
      }
    } finally {
      this.facts = saved;
    }
  }

  private stmt(s: Stmt, scope: Scope, ctx: Ctx, where: "process" | "procedure" | "action" | "macro"): void {
    const inProc = where === "process" || where === "procedure";
    switch (s.kind) {
      case "AssignStmt": {
        const r = this.lookup(s.target, scope, ctx);
        if (!r && this.processes.has(s.target.name)) {
          // Another process's state is read-only: each instance changes its own pc and locals.
          this.err(
            "E326",
            `cannot assign to the state of process \`${s.target.name}\`: its locals and pc change only by its own steps (inside it, assign a local by its name)`,
            s.target.span,
          );
          this.expr(s.value, scope, ctx);
          return;
        }
        if (!r) {
          this.err("E201", `unknown variable \`${s.target.name}\`${this.suggest(s.target.name, scope)}`, s.target.span);
          this.expr(s.value, scope, ctx);
          return;
        }
        if (!(r.kind === "var" || r.kind === "local" || r.kind === "frame")) {
          const what =
            r.kind === "const"
              ? "a constant"
              : r.kind === "bound"
                ? "a bound value (binders and parameters are read-only)"
                : r.kind === "member"
                  ? "an enum member"
                  : r.kind === "tag"
                    ? "a variant case"
                    : r.kind === "def"
                      ? "a definition"
                      : "a type";
          this.err("E310", `cannot assign to \`${s.target.name}\`: it is ${what}`, s.target.span);
          this.expr(s.value, scope, ctx);
          return;
        }
        this.out.refs.set(s.id, r);
        const t = this.refType(r);
        if (containsLock(t) && s.path.length === 0) {
          this.err("E403", `\`${s.target.name}\` is a lock; change it with lock statements (acquire/release, read_lock/…), not by assignment`, s.target.span);
          return;
        }
        const leaf = this.path(t, s.path, scope, ctx);
        const vt = this.expr(s.value, scope, ctx);
        this.expectType(vt, leaf, s.value.span, `in the assignment to \`${s.target.name}\``);
        return;
      }
      case "IfStmt":
        this.expectType(this.expr(s.cond, scope, ctx), BOOL, s.cond.span, "in the `if` condition");
        this.withFacts(this.factsOf(s.cond, scope), () => this.stmts(s.then, scope, ctx, where));
        if (s.else) this.stmts(s.else, scope, ctx, where);
        return;
      case "WhileStmt":
        if (!inProc) this.err("E402", "`while` is only allowed in processes and procedures (it needs labels)", s.span);
        this.expectType(this.expr(s.cond, scope, ctx), BOOL, s.cond.span, "in the `while` condition");
        this.stmts(s.body, scope, ctx, where);
        return;
      case "GotoStmt":
        if (!inProc) this.err("E402", "`goto` is only allowed in processes and procedures", s.span);
        return;
      case "AwaitStmt":
        if (where === "macro") return;
        this.expectType(this.expr(s.cond, scope, ctx), BOOL, s.cond.span, "in `await`");
        return;
      case "EitherStmt":
        for (const b of s.branches) this.stmts(b, scope, ctx, where);
        return;
      case "WithStmt": {
        const inner = this.bindAll(s.binders, scope, ctx);
        this.stmts(s.body, inner, ctx, where);
        return;
      }
      case "AssertStmt":
        this.expectType(this.expr(s.cond, scope, ctx), BOOL, s.cond.span, "in `assert`");
        return;
      case "SkipStmt":
        return;
      case "BlockStmt":
        this.stmts(s.body, scope, ctx, where);
        return;
      case "ReturnStmt":
        if (where !== "procedure") this.err("E506", "`return` is only allowed in a procedure", s.span);
        return;
      case "CallStmt": {
        if (!s.isCall) {
          this.err(
            "E202",
            `unknown macro \`${s.callee.name}\`${this.procedures.has(s.callee.name) ? "; procedures are called with `call`" : ""}`,
            s.callee.span,
          );
          s.args.forEach((a) => this.expr(a, scope, ctx));
          return;
        }
        if (!inProc) this.err("E402", "`call` is only allowed in processes and procedures", s.span);
        const p = this.procedures.get(s.callee.name);
        if (!p) {
          this.err("E202", `unknown procedure \`${s.callee.name}\`${didYouMean(s.callee.name, [...this.procedures.keys()])}`, s.callee.span);
          s.args.forEach((a) => this.expr(a, scope, ctx));
          return;
        }
        this.out.used.add(p.id);
        if (p.params.length !== s.args.length) {
          this.err("E313", `procedure \`${p.name.name}\` takes ${arguments_(p.params.length)}, but ${given(s.args.length)}`, fromTo(s.callee.span, s.span));
        }
        s.args.forEach((a, i) => {
          const t = this.expr(a, scope, ctx);
          const prm = p.params[i];
          if (prm) this.expectType(t, this.out.declTypes.get(prm.id) ?? UNKNOWN, a.span, `for parameter \`${prm.name.name}\``);
        });
        return;
      }
      case "LockStmt": {
        if (!inProc && where !== "macro") {
          this.err("E402", "lock statements need a process to own the lock; use them in processes and procedures", s.span);
        }
        const r = this.lookup(s.lock, scope, ctx);
        if (!r) {
          const locks = [...scope.entries()].filter(([, x]) => x.kind === "var" && containsLock(this.refType(x))).map(([n]) => n);
          this.err("E201", `unknown lock \`${s.lock.name}\`${didYouMean(s.lock.name, locks)}`, s.lock.span);
          return;
        }
        if (r.kind !== "var") {
          this.err("E401", `\`${s.lock.name}\` is not a lock variable; locks are state variables of type \`mutex\` or \`rwlock\``, s.lock.span);
          return;
        }
        this.out.refs.set(s.id, r);
        this.out.used.add(r.decl.id);
        const t = this.path(this.refType(r), s.path, scope, ctx);
        const wantMutex = s.op === "acquire" || s.op === "release";
        if (t.kind === "unknown") return;
        if (t.kind !== "mutex" && t.kind !== "rwlock") {
          this.err("E401", `\`${s.op}\` needs a lock, but \`${s.lock.name}\` has type \`${showType(t)}\``, s.lock.span);
        } else if (wantMutex && t.kind !== "mutex") {
          this.err("E401", `\`${s.op}\` is for mutexes; \`${s.lock.name}\` is an rwlock (use read_lock/write_lock and read_unlock/write_unlock)`, s.lock.span);
        } else if (!wantMutex && t.kind !== "rwlock") {
          this.err("E401", `\`${s.op}\` is for rwlocks; \`${s.lock.name}\` is a mutex (use acquire/release)`, s.lock.span);
        }
        return;
      }
    }
  }

  /**
   * `t` with the names of a `display { … }` clause (E392–E397 for a type whose values cannot be named, an
   * entry that is not a literal or not a value of `t`, a value or a name given twice, a blank name).
   */
  withDisplay(t: Type, d: DisplayMap, what: string): Type {
    if (t.kind === "unknown") return t;
    const base = t.kind === "option" ? t.elem : t;
    const nameable = (x: Type): boolean => x.kind === "bool" || x.kind === "int" || x.kind === "string" || x.kind === "enum" || x.kind === "unknown";
    if (!nameable(base)) {
      this.err(
        "E392",
        `\`display\` names values of \`bool\`, integer, \`string\` and enum types and of options of these, not \`${showType(t)}\` (${what})`,
        d.span,
      );
      return t;
    }
    const names: [number | boolean | string | null, string][] = [];
    const values = new Map<string, Span>();
    const seenNames = new Map<string, Span>();
    for (const e of d.entries) {
      const v = displayValue(e.value, t);
      if (v.error !== undefined) {
        this.err(
          v.error === "literal" ? "E393" : "E394",
          v.error === "literal"
            ? `a \`display\` entry names a literal value (an integer, \`true\`/\`false\`, a string, an enum member or \`none\`), not an expression`
            : `\`${printExprText(e.value)}\` is not a value of \`${showType(t)}\` (${what})`,
          e.value.span,
        );
        continue;
      }
      const key = JSON.stringify(v.value);
      const prev = values.get(key);
      if (prev !== undefined) {
        this.err("E395", `the value \`${printExprText(e.value)}\` is named twice in the \`display\` of ${what}`, e.value.span, [
          { message: "first named here", span: prev },
        ]);
        continue;
      }
      values.set(key, e.value.span);
      const n = e.name.value;
      if (n.trim() === "" || /[\u0000-\u001f\u007f]/.test(n) || n !== n.trim()) {
        this.err("E397", `a display name must be non-empty text without control characters or surrounding spaces, not ${JSON.stringify(n)}`, e.name.span);
        continue;
      }
      const prevName = seenNames.get(n);
      if (prevName !== undefined) {
        this.err("E396", `the name ${JSON.stringify(n)} is given to two values in the \`display\` of ${what}`, e.name.span, [
          { message: "first given here", span: prevName },
        ]);
        continue;
      }
      seenNames.set(n, e.name.span);
      names.push([v.value as number | boolean | string | null, n]);
    }
    return { ...t, display: names };
  }

  /** Declares the type of a variable-like declaration. */
  declare(d: VarDecl | LocalDecl | Param | ConstDecl | DefDecl): Type {
    let t = this.resolveType(d.kind === "DefDecl" ? d.result : d.type);
    if (d.kind === "VarDecl" && d.display !== undefined) t = this.withDisplay(t, d.display, `variable \`${d.name.name}\``);
    if (d.kind === "VarDecl" && d.note !== undefined && d.note.value.trim() === "") this.err("E398", `the note of \`${d.name.name}\` is empty`, d.note.span);
    this.out.declTypes.set(d.id, t);
    return t;
  }
}

const OP_TEXT: Record<string, string> = {
  and: "and",
  or: "or",
  implies: "=>",
  iff: "<=>",
  eq: "==",
  ne: "!=",
  lt: "<",
  le: "<=",
  gt: ">",
  ge: ">=",
  in: "in",
  notin: "notin",
  subset: "subset",
  add: "+",
  sub: "-",
  mul: "*",
  div: "/",
  mod: "%",
  union: "union",
  intersect: "intersect",
  minus: "minus",
};

/**
 * The first place where `a` and `b` differ in kind, walking set/seq/option elements, map keys and
 * values in parallel (e.g. `set<int>` vs `set<Proc>` → [int, Proc]); undefined when none is found.
 */
function firstClash(a: Type, b: Type): [Type, Type] | undefined {
  if (a.kind === "unknown" || b.kind === "unknown") return undefined;
  if (a.kind !== b.kind) return [a, b];
  if ((a.kind === "set" || a.kind === "seq" || a.kind === "option") && (b.kind === "set" || b.kind === "seq" || b.kind === "option"))
    return firstClash(a.elem, b.elem);
  if (a.kind === "map" && b.kind === "map") return firstClash(a.key, b.key) ?? firstClash(a.value, b.value);
  if (a.kind === "scalarset" && b.kind === "scalarset" && a.name !== b.name) return [a, b];
  return undefined;
}

/** "; did you mean `x`?" for the closest candidate within edit distance 2 (case-insensitive), else "". */
/** The name a variable, local or frame reference is written with (what assignments name). */
function refName(r: Ref): string {
  return r.kind === "var" || r.kind === "local" || r.kind === "frame" ? r.decl.name.name : "";
}

/** The names assigned anywhere in a statement (targets of assignments, at any depth). */
function assignedNames(s: Stmt): Set<string> {
  const out = new Set<string>();
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== "object") return;
    if (Array.isArray(x)) return x.forEach(walk);
    const o = x as { kind?: string; target?: { name: string } };
    if (o.kind === "AssignStmt" && o.target) out.add(o.target.name);
    for (const [k, v] of Object.entries(o)) if (k !== "span") walk(v);
  };
  walk(s);
  return out;
}

/** How a binder is written: its name, or its tuple pattern `<<a, b>>`. */
export function binderText(b: Binder): string {
  return b.pattern ? `<<${b.pattern.map((n) => n.name).join(", ")}>>` : b.name.name;
}

export function didYouMean(name: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestD = Math.min(3, Math.max(1, name.length));
  for (const n of candidates) {
    if (n === name) continue;
    const d = editDistance(n.toLowerCase(), name.toLowerCase());
    if (d < bestD) {
      best = n;
      bestD = d;
    }
  }
  return best ? `; did you mean \`${best}\`?` : "";
}

/** "1 argument", "2 arguments". */
export function arguments_(n: number): string {
  return `${n} argument${n === 1 ? "" : "s"}`;
}

/** "1 was given", "2 were given". */
export function given(n: number): string {
  return `${n} ${n === 1 ? "was" : "were"} given`;
}

/** The span from the start of `a` to the end of `b` (e.g. a statement without its label). */
export function fromTo(a: Span, b: Span): Span {
  return { file: a.file, start: a.start, end: b.end };
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] as number;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] as number;
      dp[j] = Math.min((dp[j] as number) + 1, (dp[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length] as number;
}

export type { EnumDecl, Temporal };

/**
 * The display form of a `display` entry's value for type `t`: an integer (possibly negated), a boolean, a
 * string, an enum member's name, `none` (null) and, for an option, `some(v)` or the bare `v` it holds.
 */
function displayValue(e: Expr, t: Type): { value?: number | boolean | string | null; error?: "literal" | "type" } {
  const isLiteral = (x: Expr): boolean =>
    x.kind === "IntLit" ||
    x.kind === "BoolLit" ||
    x.kind === "StrLit" ||
    x.kind === "NoneLit" ||
    x.kind === "NameExpr" ||
    (x.kind === "UnaryExpr" && x.op === "neg" && x.arg.kind === "IntLit") ||
    (x.kind === "CallExpr" && x.callee.name === "some" && x.args.length === 1 && isLiteral(x.args[0] as Expr));
  if (!isLiteral(e)) return { error: "literal" };
  if (t.kind === "option") {
    if (e.kind === "NoneLit") return { value: null };
    return displayValue(e.kind === "CallExpr" ? (e.args[0] as Expr) : e, t.elem);
  }
  switch (e.kind) {
    case "IntLit":
      return t.kind === "int" ? { value: Number(e.value) } : { error: "type" };
    case "UnaryExpr":
      return t.kind === "int" && e.arg.kind === "IntLit" ? { value: -Number(e.arg.value) } : { error: "type" };
    case "BoolLit":
      return t.kind === "bool" ? { value: e.value } : { error: "type" };
    case "StrLit":
      return t.kind === "string" ? { value: e.value } : { error: "type" };
    case "NameExpr":
      return t.kind === "enum" && t.decl.members.some((m) => m.name === e.name.name) ? { value: e.name.name } : { error: "type" };
    default:
      return { error: "type" };
  }
}
