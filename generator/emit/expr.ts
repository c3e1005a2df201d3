/**
 * Compiles checked expressions to TypeScript expressions over the generated State. The environment
 * says which variable holds the current state (`s` in invariants, the draft `t…` in steps), how
 * constants are reached, and the JS names of bound values.
 */
import type { Expr, PathSeg, ProcedureDecl, ProcessDecl } from "../parse/ast.js";
import { assertNever } from "../parse/ast.js";
import type { CheckedSpec, ProcRead, Ref } from "../check/checked.js";
import { TAG_KEY, tupleField, UNKNOWN, type Type } from "../check/types.js";
import { fieldName, jsName, methodName, str, typeName } from "./names.js";
import { Intervals, isExact } from "./intervals.js";
import { SiteTable } from "./sites.js";
import { allValues, caseType, isPrimitive, keyCount, ordinal, sortedFields, tsType } from "./type-code.js";

export interface Env {
  /** The JS variable holding the state being read. */
  readonly state: string;
  /** `this.c.X` in model methods; `X` inside a workload's constants function; `c.X` in workload tables. */
  readonly consts: "this" | "local" | "param";
  readonly process?: ProcessDecl;
  readonly procedure?: ProcedureDecl;
  /** Binder/parameter id → JS name. */
  readonly bound: ReadonlyMap<number, string>;
  /** Procedure frame (or process local) declarations whose values are JS locals (while a frame, or the initial locals, are being built). */
  readonly frameLocals?: ReadonlyMap<number, string>;
  /**
   * Compiled expressions TypeScript has narrowed to a literal here (compared with an int/bool literal
   * in an enclosing condition): a further comparison with another literal widens the literal, or
   * strict mode rejects it as "no overlap".
   */
  readonly narrowed?: ReadonlySet<string>;
}

export class ExprCompiler {
  /** Static integer bounds: `+ - *` that may leave the exact range are compiled to checked helpers. */
  readonly intervals: Intervals;

  constructor(
    readonly spec: CheckedSpec,
    /** Where the run-time checks' locations go (sites.ts): `AT[id]` at each check. */
    readonly sites: SiteTable = new SiteTable(),
  ) {
    this.intervals = new Intervals(spec);
  }

  typeOf(e: Expr): Type {
    return this.spec.types.get(e.id) ?? UNKNOWN;
  }

  /** The code naming the source location of `e` (a site of the site table) for a run-time check there. */
  loc(e: { span: { file: string; start: { line: number; column: number } } }): string {
    return this.sites.ref(e.span.file, e.span.start.line, e.span.start.column);
  }

  /** A constant expression in `this.c` mode. */
  readonly bound = (e: Expr): string => this.expr(e, { state: "s", consts: "this", bound: new Map() });

  withBound(env: Env, id: number, name: string): Env {
    const bound = new Map(env.bound);
    bound.set(id, name);
    return { ...env, bound };
  }

  /** Reads of a name: state variables, locals, frames, constants, binders. */
  ref(r: Ref, env: Env): string {
    switch (r.kind) {
      case "const":
        if (env.consts === "local") return jsName(r.decl.name.name);
        return `${env.consts === "this" ? "this.c" : "c"}.${r.decl.name.name}`;
      case "var":
        return `${env.state}.${fieldName(r.decl.name.name)}`;
      case "local": {
        // While a process's initial locals are built (init), a local read by a later one is a JS value.
        const local = env.frameLocals?.get(r.decl.id);
        if (local) return local;
        return `${env.state}.${r.process.name.name}[i]!.${fieldName(r.decl.name.name)}`;
      }
      case "frame": {
        const local = env.frameLocals?.get(r.decl.id);
        if (local) return local;
        return `${env.state}.${r.procedure.name.name}[pid]!.${fieldName(r.decl.name.name)}`;
      }
      case "bound":
        return env.bound.get(r.binderId) ?? jsName(r.name);
      case "member":
        return `${typeName(r.decl.name.name)}.${r.name}`;
      case "def":
        return `this.${methodName(r.decl.name.name)}(${env.state})`;
      case "tag":
        // A case without fields; `as` gives the literal its variant type (else `$tag` widens to string).
        return `({ ${TAG_KEY}: ${str(r.tag)} } as ${typeName(r.variant)})`;
      case "typeset":
        // Bounds are constants: reached the way this environment reaches constants (a workload's
        // instance set `run P[T]` or `process P[self in T]` is compiled outside the model class).
        return allValues(r.type, (b) => this.expr(b, { state: env.state, consts: env.consts, bound: new Map() }));
    }
  }

  /**
   * A process's state read from outside its code (check/procread.ts). The instance is found by its
   * `self` value among the workload's running instances (`pid$of`, a spec error when it does not run);
   * locals are stored per instance in pid order, from the process's first pid.
   */
  procRead(r: ProcRead, e: Expr, env: Env): string {
    const name = str(r.process.name.name);
    if (r.kind === "set") return `(this.instances$of(${name}) as readonly ${tsType(this.spec.declTypes.get(r.process.id) ?? UNKNOWN)}[])`;
    const self = r.index ? this.expr(r.index, env) : "1";
    if (r.kind === "local") return `${env.state}.${r.process.name.name}[this.instance$index(${name}, ${self}, ${this.loc(e)})]!.${fieldName(r.decl.name.name)}`;
    const pid = `this.pid$of(${name}, ${self}, ${this.loc(e)})`;
    const pc = `${env.state}.pc[${pid}]`;
    if (r.pcs.length === 1) return `${pc} ${r.negate ? "!==" : "==="} ${str(r.pcs[0] as string)}`;
    return `${r.negate ? "!" : ""}[${r.pcs.map(str).join(", ")}].includes(${pc}!)`;
  }

  /** Binds `x in S` for a closure: returns the JS name and the extended environment. */
  bind(env: Env, binder: { id: number; name: { name: string } }): [string, Env] {
    const name = jsName(binder.name.name);
    return [name, this.withBound(env, binder.id, name)];
  }

  /**
   * The statements of a method returning boolean `e` (invariants, boolean defs). Leading quantifiers
   * become plain loops and top-level conjunctions successive tests, so checking an invariant allocates
   * no closure per binding; anything else is `return <expr>;`.
   */
  predicateBody(e: Expr, env: Env): string[] {
    // Each test narrows what follows it in TypeScript, so the rest is compiled knowing the left side.
    if (e.kind === "BinaryExpr" && e.op === "and") return [...this.predicateTests(e.left, env), ...this.predicateBody(e.right, this.narrowing(e.left, env))];
    if ((e.kind === "QuantExpr" && e.quant === "forall") || (e.kind === "BinaryExpr" && e.op === "implies")) {
      return [...this.predicateTests(e, env), "return true;"];
    }
    return [`return ${this.expr(e, env)};`];
  }

  /** Statements that `return false` when `e` is false and fall through when it is true. */
  private predicateTests(e: Expr, env: Env): string[] {
    if (e.kind === "BinaryExpr" && e.op === "and") return [...this.predicateTests(e.left, env), ...this.predicateTests(e.right, this.narrowing(e.left, env))];
    if (e.kind === "QuantExpr" && e.quant === "forall") {
      const go = (k: number, en: Env): string[] => {
        const b = e.binders[k];
        if (!b) return this.predicateTests(e.body, en);
        const [n, inner] = this.bind(en, b);
        return [this.loopHead(n, b.domain, en), ...go(k + 1, inner), "}"];
      };
      return go(0, env);
    }
    if (e.kind === "BinaryExpr" && e.op === "implies")
      return [`if (${this.expr(e.left, env)}) {`, ...this.predicateTests(e.right, this.narrowing(e.left, env)), "}"];
    if (e.kind === "UnaryExpr" && e.op === "not") return [`if (${this.expr(e.arg, env)}) return false;`];
    return [`if (!${this.atom(e, env)}) return false;`];
  }

  /**
   * The head of a `for` loop binding `name` to each element of `domain`, with one tick of the evaluation
   * budget per iteration (runtime/contract/budget.ts); integer ranges become counting loops (no set is built),
   * checked against the size cap first (a spec error at the range).
   */
  loopHead(name: string, domain: Expr, env: Env): string {
    if (domain.kind === "RangeExpr") {
      return `for (let ${name} = ${this.expr(domain.lo, env)}, hi_${name} = rangeHi$(${name}, ${this.expr(domain.hi, env)}, ${this.loc(domain)}); ${name} <= hi_${name}; ${name}++) { tick$();`;
    }
    return `for (const ${name} of ${this.expr(domain, env)}) { tick$();`;
  }

  expr(e: Expr, env: Env): string {
    const pr = this.spec.procReads.get(e.id);
    if (pr) return this.procRead(pr, e, env);
    switch (e.kind) {
      case "BoolLit":
        return e.value ? "true" : "false";
      case "IntLit":
        return e.value < 0n ? `(${e.value.toString()})` : e.value.toString();
      case "StrLit":
        return str(e.value);
      case "NoneLit":
        return "null";
      case "SelfExpr":
        return "self";
      case "NameExpr": {
        const r = this.spec.refs.get(e.id);
        if (!r) throw new Error(`internal: unresolved name ${e.name.name}`);
        if (r.kind === "typeset") {
          const values = allValues(r.type, (b) => this.expr(b, { state: env.state, consts: env.consts, bound: new Map() }), this.loc(e), str(e.name.name));
          // Compound types (records, options, sets, sequences, maps) are built once per model.
          const compound = !["bool", "int", "enum", "pid", "scalarset"].includes(r.type.kind);
          return compound && env.consts === "this" ? `typeValues(this.c, ${str(e.name.name)}, () => ${values})` : values;
        }
        return this.ref(r, env);
      }
      case "UnaryExpr":
        return e.op === "not" ? `!${this.atom(e.arg, env)}` : `-${this.atom(e.arg, env)}`;
      case "BinaryExpr":
        return this.binary(e, env);
      case "IfExpr": {
        const inner = this.narrowing(e.cond, env);
        return `(${this.expr(e.cond, env)} ? ${this.expr(e.then, inner)} : ${this.expr(e.else, inner)})`;
      }
      case "LetExpr": {
        let inner = env;
        const names: string[] = [];
        const values: string[] = [];
        for (const b of e.bindings) {
          this.intervals.letBinding(b.value);
          values.push(this.expr(b.value, inner));
          const n = jsName(b.name.name);
          names.push(n);
          inner = this.withBound(inner, b.value.id, n);
        }
        // Nested arrows keep later bindings able to see earlier ones.
        let body = this.expr(e.body, inner);
        for (let k = names.length - 1; k >= 0; k--) body = `((${names[k]}) => ${body})(${values[k]})`;
        return body;
      }
      case "QuantExpr": {
        // Budgeted loops (runtime/contract/budget.ts): one tick per binding.
        const method = e.quant === "forall" ? "forallIn" : "existsIn";
        const go = (k: number, en: Env): string => {
          const b = e.binders[k];
          if (!b) return this.expr(e.body, en);
          const [n, inner] = this.bind(en, b);
          // Integer ranges are walked without building the set (hot in invariants).
          if (b.domain.kind === "RangeExpr") {
            const fn = e.quant === "forall" ? "forallRange" : "existsRange";
            return `${fn}(${this.expr(b.domain.lo, en)}, ${this.expr(b.domain.hi, en)}, (${n}) => ${go(k + 1, inner)}, ${this.loc(b.domain)})`;
          }
          return `${method}(${this.expr(b.domain, en)}, (${n}) => ${go(k + 1, inner)})`;
        };
        return go(0, env);
      }
      case "ChooseExpr": {
        const dom = this.expr(e.binder.domain, env);
        const [n, inner] = this.bind(env, e.binder);
        return `choose(${dom}, (${n}) => ${this.expr(e.body, inner)}, ${this.loc(e)})`;
      }
      case "SetLit": {
        if (e.elems.length === 0) return "[]";
        // `setOf<number>`: without it TypeScript types `{0, 2}` as `(0 | 2)[]`, and a binder drawn from
        // it compared with 3 is rejected as a comparison with no overlap.
        const t = this.typeOf(e);
        const widen = t.kind === "set" && (t.elem.kind === "int" || t.elem.kind === "bool") ? `<${t.elem.kind === "int" ? "number" : "boolean"}>` : "";
        return `setOf${widen}([${e.elems.map((x) => this.expr(x, env)).join(", ")}])`;
      }
      case "SetFilter": {
        const dom = this.expr(e.binder.domain, env);
        const [n, inner] = this.bind(env, e.binder);
        return `${this.atomText(dom)}.filter((${n}) => ${this.expr(e.pred, inner)})`;
      }
      case "SetMap": {
        const go = (k: number, en: Env): string => {
          const b = e.binders[k];
          if (!b) return this.expr(e.body, en);
          const dom = this.expr(b.domain, en);
          const [n, inner] = this.bind(en, b);
          const last = k === e.binders.length - 1;
          return `${this.atomText(dom)}.${last ? "map" : "flatMap"}((${n}) => ${go(k + 1, inner)})`;
        };
        return `setOf(${go(0, env)})`;
      }
      case "RangeExpr":
        return `range(${this.expr(e.lo, env)}, ${this.expr(e.hi, env)}, ${this.loc(e)})`;
      case "MapComp": {
        const t = this.typeOf(e);
        const dom = this.expr(e.binder.domain, env);
        const [n, inner] = this.bind(env, e.binder);
        const size = t.kind === "map" ? keyCount(t.key, this.bound) : "0";
        return `fullMap(${this.atomText(dom)}.map((${n}) => ${this.expr(e.body, inner)}), ${size}, ${this.loc(e)})`;
      }
      case "FuncSet": {
        const t = this.typeOf(e);
        const key = t.kind === "set" && t.elem.kind === "map" ? t.elem.key : UNKNOWN;
        return this.once(e, env, `funcSet(${this.expr(e.domain, env)}, ${keyCount(key, this.bound)}, ${this.expr(e.range, env)}, ${this.loc(e)})`);
      }
      case "SeqFilter": {
        const dom = this.expr(e.binder.domain, env);
        const [n, inner] = this.bind(env, e.binder);
        return `${this.atomText(dom)}.filter((${n}) => ${this.expr(e.pred, inner)})`;
      }
      case "TupleLit":
        // A tuple is the record of its components `_1`, `_2`, … (see Type "record").
        return `({ ${e.elems.map((x, i) => `${tupleField(i + 1)}: ${this.expr(x, env)}`).join(", ")} })`;
      case "RecordLit": {
        const fields = [...e.fields].sort((a, b) => (a.name.name < b.name.name ? -1 : a.name.name > b.name.name ? 1 : 0));
        // Parenthesised: as the body of an arrow (`map((i) => ({ … }))`) braces would open a block.
        return `({ ${fields.map((f) => `${fieldName(f.name.name)}: ${this.expr(f.value, env)}`).join(", ")} })`;
      }
      case "VariantLit": {
        const t = this.typeOf(e);
        const fields = [...e.fields].sort((a, b) => (a.name.name < b.name.name ? -1 : a.name.name > b.name.name ? 1 : 0));
        // `$tag` first, then the fields in name order: the key order `compare` relies on.
        const parts = [`${TAG_KEY}: ${str(e.tag.name)}`, ...fields.map((f) => `${fieldName(f.name.name)}: ${this.expr(f.value, env)}`)];
        return `({ ${parts.join(", ")} } as ${tsType(t)})`;
      }
      case "IsExpr":
        // Compared as a string: TypeScript would otherwise narrow the value and reject a later test
        // of another case as a comparison with no overlap. Fields are read through casts instead.
        return `(${this.atom(e.target, env)}.${TAG_KEY} as string) === ${str(e.tag.name)}`;
      case "SeqLit":
        return `[${e.elems.map((x) => this.expr(x, env)).join(", ")}]`;
      case "FieldExpr": {
        const t = this.typeOf(e.target);
        const target = this.atom(e.target, env);
        if (t.kind === "mutex") return target; // a mutex value is its owner
        // A field of the case a kind test proved (`m is A and m.f`): read through the case's type.
        if (t.kind === "variant" && t.only !== undefined) return `(${target} as ${caseType(t, t.only)}).${fieldName(e.field.name)}`;
        return `${target}.${t.kind === "rwlock" ? e.field.name : fieldName(e.field.name)}`;
      }
      case "IndexExpr": {
        const t = this.typeOf(e.target);
        const target = this.expr(e.target, env);
        const ix = this.expr(e.index, env);
        if (t.kind === "seq") return `seqAt(${target}, ${ix}, ${this.loc(e)})`;
        if (t.kind === "map") return `mapGet(${target}, ${ordinal(t.key, ix, this.bound)}, ${this.loc(e)})`;
        if (t.kind === "record" && t.tuple && e.index.kind === "IntLit") return `${this.atomText(target)}.${tupleField(Number(e.index.value))}`;
        throw new Error("internal: index of a non-map");
      }
      case "CallExpr":
        return this.call(e, env);
      case "UpdateExpr": {
        let acc = this.expr(e.target, env);
        const t = this.typeOf(e.target);
        for (const u of e.updates) acc = this.update(acc, t, u.path, this.expr(u.value, env), env, e);
        return acc;
      }
      default:
        return assertNever(e);
    }
  }

  /** Functional update of `target` (of type `t`) at `path` with the compiled value. */
  update(target: string, t: Type, path: readonly PathSeg[], value: string, env: Env, at: Expr | { span: Expr["span"] }, depth = 0): string {
    const seg = path[0];
    if (!seg) return value;
    const rest = path.slice(1);
    const v = `v${depth}`;
    if (seg.kind === "FieldSeg") {
      const ft = t.kind === "record" ? (t.fields.find((f) => f.name === seg.field.name)?.type ?? UNKNOWN) : UNKNOWN;
      const name = fieldName(seg.field.name);
      if (rest.length === 0) return `({ ...${this.atomText(target)}, ${name}: ${value} })`;
      return `((${v}) => ({ ...${v}, ${name}: ${this.update(`${v}.${name}`, ft, rest, value, env, at, depth + 1)} }))(${target})`;
    }
    if (t.kind === "record" && t.tuple && seg.index.kind === "IntLit") {
      // A tuple component is a field: `t[2] = v` updates `_2`.
      const name = tupleField(Number(seg.index.value));
      const ft = t.fields.find((f) => f.name === name)?.type ?? UNKNOWN;
      if (rest.length === 0) return `({ ...${this.atomText(target)}, ${name}: ${value} })`;
      return `((${v}) => ({ ...${v}, ${name}: ${this.update(`${v}.${name}`, ft, rest, value, env, at, depth + 1)} }))(${target})`;
    }
    const ix = this.expr(seg.index, env);
    const loc = this.loc({ span: seg.span });
    const [ord, inner] = t.kind === "map" ? [ordinal(t.key, ix, this.bound), t.value] : t.kind === "seq" ? [`${this.atomText(ix)} - 1`, t.elem] : [ix, UNKNOWN];
    if (rest.length === 0) return `arrayWith(${target}, ${ord}, ${value}, ${loc})`;
    return `updateAt(${target}, ${ord}, (${v}) => ${this.update(v, inner, rest, value, env, at, depth + 1)}, ${loc})`;
  }

  private call(e: Extract<Expr, { kind: "CallExpr" }>, env: Env): string {
    const name = e.callee.name;
    const def = this.spec.defs.find((d) => d.name.name === name);
    const args = e.args.map((a) => this.expr(a, env));
    if (def) return `this.${methodName(name)}(${[env.state, ...args].join(", ")})`;
    const a = args[0] ?? "";
    const loc = this.loc(e);
    const arg0 = e.args[0];
    switch (name) {
      case "card":
      case "len":
        return `${this.atomText(a)}.length`;
      case "product": {
        const t = this.typeOf(e);
        const ts = t.kind === "set" ? tsType(t.elem) : "never";
        return this.once(e, env, `(cartesian([${args.join(", ")}], ${loc}) as readonly ${ts}[])`);
      }
      case "powerset":
        return this.once(e, env, `subsetsOf(${a}, ${loc})`);
      case "head":
        return `seqHead(${a}, ${loc})`;
      case "tail":
        return `seqTail(${a}, ${loc})`;
      case "append": {
        const t = arg0 ? this.typeOf(arg0) : UNKNOWN;
        const max = t.kind === "seq" && t.max ? this.bound(t.max) : "Infinity";
        return `seqAppend(${a}, ${args[1]}, ${max}, ${loc})`;
      }
      case "domain": {
        const t = arg0 ? this.typeOf(arg0) : UNKNOWN;
        return t.kind === "map" ? allValues(t.key, this.bound) : "[]";
      }
      case "some":
        return a;
      case "get":
        // `get(none)` (e.g. through a macro argument) is a spec error at run time; `<never>` keeps TypeScript from typing it `null`.
        return a === "null" ? `optGet<never>(null, ${loc})` : `optGet(${a}, ${loc})`;
      case "is_some":
        return `(${a} !== null)`;
      case "min":
        return `setMin(${a}, ${loc})`;
      case "max":
        return `setMax(${a}, ${loc})`;
      case "holds":
        return `holds(${a}, pid)`;
      case "holds_read":
        return `holdsRead(${a}, pid)`;
      case "locked":
        return `locked(${a})`;
      default:
        throw new Error(`internal: unknown builtin ${name}`);
    }
  }

  /**
   * `code`, the value of set-building `e` (`[S -> T]`, `product`, `powerset`), built once per model
   * when `e` depends on constants only: `TypeOK: x in [S -> T]` would otherwise build every function
   * in every state. Keyed by source position, like type names by name.
   */
  private once(e: Expr, env: Env, code: string): string {
    if (env.consts !== "this" || !this.constantOnly(e)) return code;
    // One key per distinct code: a macro expanded twice has one source position but maybe other arguments.
    let key = this.onceKeys.get(code);
    if (key === undefined) {
      const at = `${e.span.file}:${e.span.start.line}:${e.span.start.column}`;
      const taken = new Set(this.onceKeys.values());
      key = at;
      for (let k = 2; taken.has(key); k++) key = `${at}#${k}`;
      this.onceKeys.set(code, key);
    }
    return `typeValues(this.c, ${str(key)}, () => ${code})`;
  }

  /** Compiled constant set code → its cache key (see `once`). */
  private readonly onceKeys = new Map<string, string>();

  /** True when `e` reads no state, binder, parameter, `self` or definition: only constants and literals. */
  private constantOnly(e: unknown): boolean {
    if (Array.isArray(e)) return e.every((x) => this.constantOnly(x));
    if (e === null || typeof e !== "object") return true;
    const o = e as { kind?: string; id?: number };
    if (o.kind === "SelfExpr") return false;
    if (o.kind === "CallExpr" && this.spec.defs.some((d) => d.name.name === (e as { callee: { name: string } }).callee.name)) return false;
    if (o.kind === "NameExpr") {
      const r = this.spec.refs.get(o.id as number);
      return r !== undefined && (r.kind === "const" || r.kind === "member" || r.kind === "tag" || r.kind === "typeset");
    }
    return Object.entries(e).every(([k, v]) => k === "span" || this.constantOnly(v));
  }

  /** `env` plus what TypeScript narrows once `cond` is known (true or false): see `Env.narrowed`. */
  narrowing(cond: Expr, env: Env): Env {
    const found: string[] = [];
    const walk = (x: Expr): void => {
      if (x.kind === "UnaryExpr" && x.op === "not") walk(x.arg);
      else if (x.kind === "BinaryExpr" && (x.op === "and" || x.op === "or" || x.op === "implies")) {
        walk(x.left);
        walk(x.right);
      } else if (x.kind === "BinaryExpr" && (x.op === "eq" || x.op === "ne")) {
        const lit = (y: Expr): boolean => y.kind === "IntLit" || y.kind === "BoolLit";
        if (lit(x.right) && !lit(x.left)) found.push(this.expr(x.left, env));
        if (lit(x.left) && !lit(x.right)) found.push(this.expr(x.right, env));
      }
    };
    walk(cond);
    if (found.length === 0) return env;
    return { ...env, narrowed: new Set([...(env.narrowed ?? []), ...found]) };
  }

  private binary(e: Extract<Expr, { kind: "BinaryExpr" }>, env: Env): string {
    const l = this.expr(e.left, env);
    // The right of and/or/=> is evaluated knowing the left: TypeScript narrows accordingly.
    const r = this.expr(e.right, e.op === "and" || e.op === "or" || e.op === "implies" ? this.narrowing(e.left, env) : env);
    const loc = this.loc(e);
    const lt = this.typeOf(e.left);
    const rt = this.typeOf(e.right);
    const prim =
      isPrimitive(lt) ||
      isPrimitive(rt) ||
      (lt.kind === "option" && (isPrimitive(lt.elem) || e.right.kind === "NoneLit")) ||
      e.left.kind === "NoneLit" ||
      e.right.kind === "NoneLit";
    switch (e.op) {
      case "and":
        return `(${l} && ${r})`;
      case "or":
        return `(${l} || ${r})`;
      case "implies":
        return `(!${this.atomText(l)} || ${r})`;
      case "iff":
        return `(${l} === ${r})`;
      case "eq":
      case "ne": {
        // Two literals: decided here (TypeScript rejects `1 === 2` as a comparison with no overlap).
        const a = this.literalKey(e.left);
        const b = this.literalKey(e.right);
        if (a !== undefined && b !== undefined) return String((a === b) === (e.op === "eq"));
        const widen = (lit: Expr, text: string, other: string): string =>
          (lit.kind === "IntLit" || lit.kind === "BoolLit") && env.narrowed?.has(other) ? `(${text} as ${lit.kind === "IntLit" ? "number" : "boolean"})` : text;
        const lw = widen(e.left, l, r);
        const rw = widen(e.right, r, l);
        if (lw !== l || rw !== r) return `(${lw} ${e.op === "eq" ? "===" : "!=="} ${rw})`;
        if (e.op === "eq") return prim ? `(${l} === ${r})` : `equals(${l}, ${r})`;
        return prim ? `(${l} !== ${r})` : `!equals(${l}, ${r})`;
      }
      case "lt":
        return `(${l} < ${r})`;
      case "le":
        return `(${l} <= ${r})`;
      case "gt":
        return `(${l} > ${r})`;
      case "ge":
        return `(${l} >= ${r})`;
      // Plain JS arithmetic where the declared ranges prove the result exact (below 2^53), else checked.
      case "add":
        return isExact(this.intervals.of(e)) ? `(${l} + ${r})` : `addExact(${l}, ${r}, ${loc})`;
      case "sub":
        return isExact(this.intervals.of(e)) ? `(${l} - ${r})` : `subExact(${l}, ${r}, ${loc})`;
      case "mul":
        return isExact(this.intervals.of(e)) ? `(${l} * ${r})` : `mulExact(${l}, ${r}, ${loc})`;
      case "div":
        return `div(${l}, ${r}, ${loc})`;
      case "mod":
        return `mod(${l}, ${r}, ${loc})`;
      case "in":
        return `setHas(${r}, ${l})`;
      case "notin":
        return `!setHas(${r}, ${l})`;
      case "subset":
        return `isSubset(${l}, ${r})`;
      case "union":
        return `union(${l}, ${r})`;
      case "intersect":
        return `intersect(${l}, ${r})`;
      case "minus":
        return `minus(${l}, ${r})`;
    }
  }

  /** A comparable key for literal operands (numbers, booleans, strings, enum members), else undefined. */
  private literalKey(e: Expr): string | undefined {
    if (e.kind === "IntLit") return `i${e.value}`;
    if (e.kind === "BoolLit") return `b${e.value}`;
    if (e.kind === "StrLit") return `s${e.value}`;
    if (e.kind === "NoneLit") return "none";
    if (e.kind === "NameExpr") {
      const r = this.spec.refs.get(e.id);
      if (r?.kind === "member") return `m${r.decl.name.name}.${r.name}`;
    }
    return undefined;
  }

  /** The expression, parenthesised unless it is already atomic. */
  atom(e: Expr, env: Env): string {
    return this.atomText(this.expr(e, env));
  }

  atomText(x: string): string {
    return /^[\w$][\w.$!\][]*$/.test(x) || (/^\(.*\)$/.test(x) && balanced(x.slice(1, -1))) ? x : `(${x})`;
  }

  /** Deep record field order for record types (used when building records from literals). */
  fields = sortedFields;
  typeName = typeName;
}

function balanced(s: string): boolean {
  let d = 0;
  for (const ch of s) {
    if (ch === "(") d++;
    else if (ch === ")") {
      d--;
      if (d < 0) return false;
    }
  }
  return d === 0;
}
