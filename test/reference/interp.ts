/**
 * The reference semantics of a checked spec (a test oracle): a slow, plain, recursive interpreter
 * written from docs/language.md. It reads only the AST and the checker's side tables; it shares no
 * code with the lowering, the emitter or the runtime.
 *
 * Atomic steps follow PlusCal: a step starts at a label and runs statement by statement until it
 * reaches another label, a `goto`, a `call`, a `return`, or the end of the body. Control is an
 * explicit continuation — a stack of statement lists with a position in each — so that nested
 * `either`/`with` branches, `await` deep inside a branch, and `while` bodies need no special cases:
 * every nondeterministic choice simply runs the rest of the step once per alternative.
 */
import type { ActionDecl, Binder, Expr, PathSeg, ProcedureDecl, ProcessDecl, Stmt, WhileStmt } from "../../generator/parse/ast.js";
import type { CheckedSpec, CheckedWorkload, ProcRead, Ref } from "../../generator/check/checked.js";
import type { Type } from "../../generator/check/types.js";
import { asBool, asInt, compare, elems, equal, mkMap, mkSet, RefError, show, specError, type V } from "./values.js";

/** An active procedure call: where it returns to, and its parameters and locals. */
export interface Frame {
  readonly ret: string;
  readonly vals: Readonly<Record<string, V>>;
}

/** One state: globals, and per instance (pid) its control label, locals and procedure frames. */
export interface RefState {
  readonly g: Readonly<Record<string, V>>;
  readonly pc: readonly string[];
  readonly loc: readonly Readonly<Record<string, V>>[];
  /** Procedure name → frame of each pid (null when the procedure is not active). */
  readonly fr: Readonly<Record<string, readonly (Frame | null)[]>>;
}

export interface RefInstance {
  readonly process: ProcessDecl;
  readonly self: V;
  readonly name: string;
}

/** One successor: the step that made it (label, `proc.label` or action name) and the instance (-1: action). */
export interface RefTransition {
  readonly step: string;
  readonly pid: number;
  readonly to: RefState;
}

type Owner =
  | { readonly kind: "process"; readonly decl: ProcessDecl }
  | { readonly kind: "procedure"; readonly decl: ProcedureDecl }
  | { readonly kind: "action"; readonly decl: ActionDecl };

/** A position in a body: the list being run, the index of the next statement, and the loop it is the body of. */
interface Pos {
  readonly stmts: readonly Stmt[];
  readonly i: number;
  readonly loop?: WhileStmt;
}
type Cont = readonly Pos[];

/** What evaluation sees: the state (absent for constant expressions), the running pid and bound values. */
interface Ctx {
  readonly st?: RefState;
  readonly pid: number;
  readonly env: ReadonlyMap<number, V>;
}

export class Reference {
  readonly consts = new Map<string, V>();
  readonly instances: RefInstance[] = [];
  /** Owner key (`process:P`, `procedure:p`) → label → continuation starting at that label. */
  private readonly labels = new Map<string, Map<string, Cont>>();
  readonly checkDeadlock: boolean;

  constructor(
    readonly spec: CheckedSpec,
    readonly workload: CheckedWorkload,
  ) {
    this.checkDeadlock = workload.checkDeadlock;
    const c0: Ctx = { pid: -1, env: new Map() };
    // Constants: defaults in dependency order; a workload override replaces the default.
    for (const c of spec.consts) this.consts.set(c.name.name, this.ev(workload.constants.get(c.name.name) ?? c.value, c0));
    for (const p of spec.processes) {
      if (workload.run.size > 0 && !workload.run.has(p.name.name)) continue;
      const set = workload.run.get(p.name.name) ?? p.instances;
      const selves = set ? elems(this.ev(set, c0)) : [1];
      for (const self of selves) this.instances.push({ process: p, self, name: `${p.name.name}[${typeof self === "string" ? self : JSON.stringify(self)}]` });
    }
    for (const p of spec.processes) this.labels.set(`process:${p.name.name}`, labelPositions(p.body));
    for (const p of spec.procedures) this.labels.set(`procedure:${p.name.name}`, labelPositions(p.body));
  }

  // ------------------------------------------------------------------------------------------------
  // Initial states

  /** Every initial state (throws RefError when an initial value is an error). */
  init(): RefState[] {
    const fr: Record<string, (Frame | null)[]> = {};
    for (const p of this.spec.procedures) fr[p.name.name] = this.instances.map(() => null);
    let partial: RefState[] = [{ g: {}, pc: this.instances.map((i) => firstLabel(i.process.body)), loc: this.instances.map(() => ({})), fr }];
    for (const v of this.spec.initOrder ?? this.spec.vars) {
      const t = this.typeOf(v.id);
      const next: RefState[] = [];
      for (const st of partial) {
        const c: Ctx = { st, pid: -1, env: new Map() };
        const choices = !v.init ? [freeLocks(t, this)] : v.init.mode === "eq" ? [this.ev(v.init.value, c)] : elems(this.ev(v.init.value, c));
        for (const x of choices) {
          this.conform(x, t, `initial value of ${v.name.name}`);
          next.push({ ...st, g: { ...st.g, [v.name.name]: x } });
        }
      }
      partial = next;
    }
    // Process locals, instance by instance, local by local; `var x: T in S;` makes one state per choice.
    this.instances.forEach((inst, pid) => {
      for (const l of inst.process.locals) {
        const next: RefState[] = [];
        for (const st of partial) {
          const v = this.ev(l.init, { st, pid, env: new Map() });
          for (const x of l.mode === "in" ? elems(v) : [v]) {
            this.conform(x, this.typeOf(l.id), `local ${l.name.name}`);
            next.push({ ...st, loc: setAt(st.loc, pid, { ...st.loc[pid], [l.name.name]: x }) });
          }
        }
        partial = next;
      }
    });
    return partial;
  }

  // ------------------------------------------------------------------------------------------------
  // Steps

  /** All successors of a state, processes by pid, then actions; throws RefError when a step fails. */
  successors(st: RefState): RefTransition[] {
    const out: RefTransition[] = [];
    this.instances.forEach((inst, pid) => {
      const pc = st.pc[pid] as string;
      if (pc === "Done") return;
      const dot = pc.indexOf(".");
      const owner: Owner = dot >= 0 ? { kind: "procedure", decl: this.procedure(pc.slice(0, dot)) } : { kind: "process", decl: inst.process };
      const label = dot >= 0 ? pc.slice(dot + 1) : pc;
      const k = this.labels.get(`${owner.kind}:${owner.decl.name.name}`)?.get(label);
      if (!k) throw new Error(`reference: no label ${pc} in ${owner.decl.name.name}`);
      const ends: RefState[] = [];
      this.run(st, { pid, env: new Map() }, owner, k, true, ends);
      for (const to of ends) out.push({ step: pc, pid, to });
    });
    for (const a of this.spec.actions) {
      for (const env of this.bindings(a.params, { st, pid: -1, env: new Map() })) {
        const c: Ctx = { st, pid: -1, env };
        if (a.guard && !asBool(this.ev(a.guard, c))) continue;
        const ends: RefState[] = [];
        this.run(st, c, { kind: "action", decl: a }, [{ stmts: a.body, i: 0 }], true, ends);
        for (const to of ends) out.push({ step: a.name.name, pid: -1, to });
      }
    }
    return out;
  }

  /** True when every process instance has finished (and there is one): a terminal state, not a deadlock. */
  done(st: RefState): boolean {
    return st.pc.length > 0 && st.pc.every((p) => p === "Done");
  }

  /**
   * Whether `st` satisfies every `constraint` of the workload (TLC's CONSTRAINT: a state outside is
   * checked, never counted nor expanded). Throws RefError when one cannot be evaluated.
   */
  inModel(st: RefState): boolean {
    return this.workload.constraints.every((c) => asBool(this.ev(c, { st, pid: -1, env: new Map() })));
  }

  /** The names of the invariants violated in `st` (throws RefError when one cannot be evaluated). */
  violated(st: RefState): string[] {
    return this.spec.invariants.filter((inv) => !asBool(this.ev(inv.body, { st, pid: -1, env: new Map() }))).map((i) => i.name.name);
  }

  /**
   * Runs the rest of a step from continuation `k`; every way the step can complete is pushed to `out`.
   * A disabled alternative (await, a lock held by another, an empty choice) pushes nothing.
   */
  private run(st: RefState, c: Ctx, owner: Owner, k: Cont, first: boolean, out: RefState[]): void {
    const top = k[k.length - 1];
    if (!top) return this.finish(st, c.pid, owner, out);
    if (top.i >= top.stmts.length) {
      const rest = k.slice(0, -1);
      // The end of a loop body goes back to the loop's test: a new step.
      if (top.loop) return this.endAt(st, c.pid, owner, top.loop.label?.name as string, out);
      return this.run(st, c, owner, rest, first, out);
    }
    const s = top.stmts[top.i] as Stmt;
    if (s.label && !first) return this.endAt(st, c.pid, owner, s.label.name, out);
    const next: Cont = [...k.slice(0, -1), { ...top, i: top.i + 1 }];
    const enter = (body: readonly Stmt[], loop?: WhileStmt): Cont => [...next, loop ? { stmts: body, i: 0, loop } : { stmts: body, i: 0 }];
    const cx = { ...c, st };
    switch (s.kind) {
      case "AssignStmt": {
        const v = this.ev(s.value, cx);
        return this.run(this.assign(st, c, s.id, s.path, v, s.target.name), c, owner, next, false, out);
      }
      case "IfStmt": {
        if (asBool(this.ev(s.cond, cx))) return this.run(st, c, owner, enter(s.then), false, out);
        if (s.else) return this.run(st, c, owner, enter(s.else), false, out);
        return this.run(st, c, owner, next, false, out);
      }
      case "WhileStmt":
        if (asBool(this.ev(s.cond, cx))) return this.run(st, c, owner, enter(s.body, s), false, out);
        return this.run(st, c, owner, next, false, out);
      case "GotoStmt":
        return this.endAt(st, c.pid, owner, s.target.name, out);
      case "AwaitStmt":
        if (!asBool(this.ev(s.cond, cx))) return;
        return this.run(st, c, owner, next, false, out);
      case "EitherStmt":
        for (const b of s.branches) this.run(st, c, owner, enter(b), false, out);
        return;
      case "WithStmt":
        for (const env of this.bindings(s.binders, cx)) this.run(st, { ...c, env }, owner, enter(s.body), false, out);
        return;
      case "AssertStmt":
        if (!asBool(this.ev(s.cond, cx))) throw new RefError("assertion", s.message?.value ?? "assertion failed");
        return this.run(st, c, owner, next, false, out);
      case "SkipStmt":
        return this.run(st, c, owner, next, false, out);
      case "BlockStmt":
        return this.run(st, c, owner, enter(s.body), false, out);
      case "CallStmt":
        if (!s.isCall) throw new Error("reference: macro call left after expansion");
        return this.call(st, cx, owner, s.callee.name, s.args, next, out);
      case "ReturnStmt":
        return this.ret(st, c.pid, owner, out);
      case "LockStmt": {
        const after = this.lock(st, c, s);
        if (after === undefined) return; // blocks: the whole step is disabled
        return this.run(after, c, owner, next, false, out);
      }
    }
  }

  /** The step ends with control at `label` of the owner (`Done`: the process finishes / the procedure returns). */
  private endAt(st: RefState, pid: number, owner: Owner, label: string, out: RefState[]): void {
    if (label === "Done") return this.finish(st, pid, owner, out);
    if (owner.kind === "action") throw new Error("reference: label in an action");
    out.push(setPc(st, pid, pcOf(owner, label)));
  }

  /** Control reached the end of the body (or `goto Done`). */
  private finish(st: RefState, pid: number, owner: Owner, out: RefState[]): void {
    if (owner.kind === "action") return void out.push(st);
    if (owner.kind === "procedure") return this.ret(st, pid, owner, out);
    out.push(this.toDone(st, pid));
  }

  private toDone(st: RefState, pid: number): RefState {
    this.noLocksHeld(st, pid);
    return setPc(st, pid, "Done");
  }

  private ret(st: RefState, pid: number, owner: Owner, out: RefState[]): void {
    if (owner.kind !== "procedure") throw new Error("reference: return outside a procedure");
    const name = owner.decl.name.name;
    const f = st.fr[name]?.[pid];
    if (!f) throw new Error(`reference: return from inactive ${name}`);
    const popped: RefState = { ...st, fr: { ...st.fr, [name]: setAt(st.fr[name] as (Frame | null)[], pid, null) } };
    out.push(f.ret === "Done" ? this.toDone(popped, pid) : setPc(popped, pid, f.ret));
  }

  /** `call p(args)`: a frame for p (parameters, then locals), control at p's first label; the step ends. */
  private call(st: RefState, c: Ctx, owner: Owner, name: string, args: readonly Expr[], next: Cont, out: RefState[]): void {
    if (owner.kind === "action") throw new Error("reference: call in an action");
    const p = this.procedure(name);
    const argv = args.map((a) => this.ev(a, c));
    // Where the procedure returns to: what follows the call (a label, `return`, `goto`, or the end).
    let ret: string;
    let cur = st;
    const after = whatFollows(next);
    const tail = after.kind === "return" || (after.kind === "goto" && after.target === "Done") || after.kind === "end";
    if (tail && owner.kind === "procedure") {
      // `call q(); return;` returns straight to our caller: our own frame goes away now (PlusCal).
      const own = owner.decl.name.name;
      const f = st.fr[own]?.[c.pid];
      if (!f) throw new Error("reference: caller frame missing");
      ret = f.ret;
      cur = { ...st, fr: { ...st.fr, [own]: setAt(st.fr[own] as (Frame | null)[], c.pid, null) } };
    } else if (tail) ret = "Done";
    else ret = pcOf(owner, after.kind === "label" ? after.label : (after as { target: string }).target);
    const vals: Record<string, V> = {};
    p.params.forEach((prm, i) => {
      this.conform(argv[i] as V, this.typeOf(prm.id), `${name}(${prm.name.name})`);
      vals[prm.name.name] = argv[i] as V;
    });
    const withFrame = (): RefState => ({ ...cur, fr: { ...cur.fr, [name]: setAt(cur.fr[name] as (Frame | null)[], c.pid, { ret, vals: { ...vals } }) } });
    for (const l of p.locals) {
      const x = this.ev(l.init, { ...c, st: withFrame() });
      this.conform(x, this.typeOf(l.id), `local ${l.name.name}`);
      vals[l.name.name] = x;
    }
    out.push(setPc(withFrame(), c.pid, `${name}.${firstLabel(p.body)}`));
  }

  private lock(st: RefState, c: Ctx, s: Extract<Stmt, { kind: "LockStmt" }>): RefState | undefined {
    const r = this.spec.refs.get(s.id);
    if (!r || r.kind !== "var") throw new Error("reference: unresolved lock");
    const whole = st.g[r.decl.name.name] as V;
    const cx = { ...c, st };
    const l = readPath(
      whole,
      s.path.map((p) => this.seg(p, cx)),
    );
    const pid = c.pid;
    const misuse = (m: string): RefError => new RefError("lock_error", `${s.op} ${s.lock.name}: ${m}`);
    let nl: V;
    if (l === null || typeof l !== "object" || (l.t !== "mutex" && l.t !== "rw")) throw new Error("reference: not a lock");
    if (l.t === "mutex") {
      if (s.op === "acquire") {
        if (l.owner === pid) throw misuse("already held");
        if (l.owner !== null) return undefined;
        nl = { t: "mutex", owner: pid };
      } else {
        if (l.owner !== pid) throw misuse("not held");
        nl = { t: "mutex", owner: null };
      }
    } else {
      const reading = l.readers.includes(pid);
      switch (s.op) {
        case "read_lock":
          if (l.writer === pid || reading) throw misuse("already held");
          if (l.writer !== null) return undefined;
          nl = { t: "rw", writer: null, readers: [...l.readers, pid].sort((a, b) => a - b) };
          break;
        case "read_unlock":
          if (!reading) throw misuse("not held for read");
          nl = { t: "rw", writer: l.writer, readers: l.readers.filter((x) => x !== pid) };
          break;
        case "write_lock":
          if (l.writer === pid || reading) throw misuse("already held");
          if (l.writer !== null || l.readers.length > 0) return undefined;
          nl = { t: "rw", writer: pid, readers: [] };
          break;
        default:
          if (l.writer !== pid) throw misuse("not held for write");
          nl = { t: "rw", writer: null, readers: l.readers };
      }
    }
    return {
      ...st,
      g: {
        ...st.g,
        [r.decl.name.name]: writePath(
          whole,
          s.path.map((p) => this.seg(p, cx)),
          nl,
        ),
      },
    };
  }

  /** A process finishing while it holds a lock is a lock error. */
  private noLocksHeld(st: RefState, pid: number): void {
    const held = (v: V): boolean => {
      if (v === null || typeof v !== "object") return false;
      if (v.t === "mutex") return v.owner === pid;
      if (v.t === "rw") return v.writer === pid || v.readers.includes(pid);
      if (v.t === "map") return v.vs.some(held);
      return false;
    };
    for (const v of this.spec.vars) if (held(st.g[v.name.name] as V)) throw new RefError("lock_error", `finishes while holding ${v.name.name}`);
  }

  /** Assignment to a variable, local or frame entry with a path; the new leaf must fit its declared type. */
  private assign(st: RefState, c: Ctx, id: number, path: readonly PathSeg[], v: V, name: string): RefState {
    const r = this.spec.refs.get(id);
    if (!r) throw new Error(`reference: unresolved assignment to ${name}`);
    const cx = { ...c, st };
    const keys = path.map((p) => this.seg(p, cx));
    const declType = this.typeOf(r.kind === "var" || r.kind === "local" || r.kind === "frame" ? r.decl.id : -1);
    this.conform(v, leafType(declType, path), name);
    switch (r.kind) {
      case "var":
        return { ...st, g: { ...st.g, [name]: writePath(st.g[name] as V, keys, v) } };
      case "local": {
        const o = st.loc[c.pid] as Record<string, V>;
        return { ...st, loc: setAt(st.loc, c.pid, { ...o, [name]: writePath(o[name] as V, keys, v) }) };
      }
      case "frame": {
        const p = r.procedure.name.name;
        const f = st.fr[p]?.[c.pid];
        if (!f) throw new Error("reference: frame not active");
        const vals = { ...f.vals, [name]: writePath(f.vals[name] as V, keys, v) };
        return { ...st, fr: { ...st.fr, [p]: setAt(st.fr[p] as (Frame | null)[], c.pid, { ret: f.ret, vals }) } };
      }
      default:
        throw new Error(`reference: assignment to ${r.kind}`);
    }
  }

  private seg(p: PathSeg, c: Ctx): Seg {
    return p.kind === "IndexSeg" ? { index: this.ev(p.index, c) } : { field: p.field.name };
  }

  /** Every binding of `x in S, y in T` (later domains see earlier names); empty when a domain is. */
  private bindings(binders: readonly Binder[], c: Ctx): ReadonlyMap<number, V>[] {
    let envs: ReadonlyMap<number, V>[] = [c.env];
    for (const b of binders) {
      const next: ReadonlyMap<number, V>[] = [];
      for (const env of envs) for (const x of elems(this.ev(b.domain, { ...c, env }))) next.push(new Map(env).set(b.id, x));
      envs = next;
    }
    return envs;
  }

  private procedure(name: string): ProcedureDecl {
    const p = this.spec.procedures.find((q) => q.name.name === name);
    if (!p) throw new Error(`reference: no procedure ${name}`);
    return p;
  }

  typeOf(id: number): Type {
    const t = this.spec.declTypes.get(id);
    if (!t) throw new Error(`reference: no type for declaration ${id}`);
    return t;
  }

  // ------------------------------------------------------------------------------------------------
  // Types as sets, and run-time type checks

  /** All values of a finite type, as a canonical set. */
  valuesOf(t: Type): V[] {
    const c0: Ctx = { pid: -1, env: new Map() };
    switch (t.kind) {
      case "bool":
        return [false, true];
      case "int":
      case "scalarset": {
        const r = t.range;
        if (!r) throw new Error("reference: unbounded int has no value set");
        const lo = asInt(this.ev(r.lo, c0));
        const hi = asInt(this.ev(r.hi, c0));
        const out: V[] = [];
        for (let i = lo; i <= hi; i++) out.push(i);
        return out;
      }
      case "enum":
        return elems(mkSet(t.decl.members.map((m) => m.name))) as V[];
      case "record": {
        let recs: Record<string, V>[] = [{}];
        for (const f of t.fields) recs = recs.flatMap((r) => this.valuesOf(f.type).map((x) => ({ ...r, [f.name]: x })));
        return elems(mkSet(recs.map((fs) => ({ t: "rec", fs })))) as V[];
      }
      case "set": {
        let subsets: V[][] = [[]];
        for (const x of this.valuesOf(t.elem)) subsets = subsets.flatMap((s) => [s, [...s, x]]);
        return elems(mkSet(subsets.map((xs) => mkSet(xs)))) as V[];
      }
      case "seq": {
        if (!t.max) throw new Error("reference: unbounded sequence type");
        const max = asInt(this.ev(t.max, c0));
        const base = this.valuesOf(t.elem);
        let layer: V[][] = [[]];
        const all: V[] = [];
        for (let n = 0; n <= max; n++) {
          for (const xs of layer) all.push({ t: "seq", xs });
          layer = layer.flatMap((xs) => base.map((x) => [...xs, x]));
        }
        return elems(mkSet(all)) as V[];
      }
      case "option":
        return [null, ...this.valuesOf(t.elem).map((v): V => ({ t: "some", v }))];
      case "map": {
        const keys = this.valuesOf(t.key);
        let fns: (readonly [V, V])[][] = [[]];
        for (const k of keys) fns = fns.flatMap((f) => this.valuesOf(t.value).map((v) => [...f, [k, v] as const]));
        return elems(mkSet(fns.map((f) => mkMap(f)))) as V[];
      }
      case "pid":
        return this.instances.map((_, p): V => ({ t: "pid", p }));
      case "variant": {
        const out: V[] = [];
        for (const c of t.cases) {
          let recs: Record<string, V>[] = [{}];
          for (const f of c.fields) recs = recs.flatMap((r) => this.valuesOf(f.type).map((x) => ({ ...r, [f.name]: x })));
          out.push(...recs.map((fs): V => ({ t: "var", tag: c.tag, fs })));
        }
        return elems(mkSet(out)) as V[];
      }
      default:
        throw new Error(`reference: type ${t.kind} has no value set`);
    }
  }

  /** Throws a spec error unless `v` is a value of `t` (ranges, sequence bounds, total maps). */
  conform(v: V, t: Type, what: string): void {
    const c0: Ctx = { pid: -1, env: new Map() };
    const bad = (): RefError => specError(`${what}: ${show(v)} is not a value of its type`);
    switch (t.kind) {
      case "int":
      case "scalarset":
        if (t.range && (asInt(v) < asInt(this.ev(t.range.lo, c0)) || asInt(v) > asInt(this.ev(t.range.hi, c0)))) throw bad();
        return;
      case "record":
        if (v === null || typeof v !== "object" || v.t !== "rec") throw bad();
        for (const f of t.fields) this.conform(v.fs[f.name] as V, f.type, what);
        return;
      case "variant": {
        if (v === null || typeof v !== "object" || v.t !== "var") throw bad();
        const c = t.cases.find((x) => x.tag === v.tag);
        if (!c) throw bad();
        for (const f of c.fields) this.conform(v.fs[f.name] as V, f.type, what);
        return;
      }
      case "set":
        for (const x of elems(v)) this.conform(x, t.elem, what);
        return;
      case "seq":
        if (t.max && elems(v).length > asInt(this.ev(t.max, c0))) throw bad();
        for (const x of elems(v)) this.conform(x, t.elem, what);
        return;
      case "option":
        if (v !== null && typeof v === "object" && v.t === "some") this.conform(v.v, t.elem, what);
        return;
      case "map": {
        if (v === null || typeof v !== "object" || v.t !== "map") throw bad();
        if (t.key.kind !== "unknown") {
          const keys = this.valuesOf(t.key);
          if (keys.length !== v.ks.length || keys.some((k, i) => !equal(k, v.ks[i] as V))) throw bad();
        }
        for (const x of v.vs) this.conform(x, t.value, what);
        return;
      }
      default:
        return;
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Expressions

  ev(e: Expr, c: Ctx): V {
    const pr = this.spec.procReads?.get(e.id);
    if (pr) return this.procRead(pr, c);
    switch (e.kind) {
      case "BoolLit":
        return e.value;
      case "IntLit":
        return Number(e.value);
      case "StrLit":
        return e.value;
      case "NoneLit":
        return null;
      case "SelfExpr":
        return (this.instances[c.pid] as RefInstance).self;
      case "NameExpr":
        return this.name(this.spec.refs.get(e.id), e.name.name, c);
      case "UnaryExpr":
        return e.op === "not" ? !asBool(this.ev(e.arg, c)) : -asInt(this.ev(e.arg, c));
      case "BinaryExpr":
        return this.binary(e, c);
      case "IfExpr":
        return asBool(this.ev(e.cond, c)) ? this.ev(e.then, c) : this.ev(e.else, c);
      case "LetExpr": {
        const env = new Map(c.env);
        for (const b of e.bindings) env.set(b.value.id, this.ev(b.value, { ...c, env }));
        return this.ev(e.body, { ...c, env });
      }
      case "QuantExpr": {
        const envs = this.bindings(e.binders, c);
        return e.quant === "forall" ? envs.every((env) => asBool(this.ev(e.body, { ...c, env }))) : envs.some((env) => asBool(this.ev(e.body, { ...c, env })));
      }
      case "ChooseExpr": {
        for (const env of this.bindings([e.binder], c)) if (asBool(this.ev(e.body, { ...c, env }))) return env.get(e.binder.id) as V;
        throw specError("choose: no element satisfies the predicate");
      }
      case "SetLit":
        return mkSet(e.elems.map((x) => this.ev(x, c)));
      case "SetFilter":
        return mkSet(
          this.bindings([e.binder], c)
            .filter((env) => asBool(this.ev(e.pred, { ...c, env })))
            .map((env) => env.get(e.binder.id) as V),
        );
      case "SetMap":
        return mkSet(this.bindings(e.binders, c).map((env) => this.ev(e.body, { ...c, env })));
      case "RangeExpr": {
        const out: V[] = [];
        for (let i = asInt(this.ev(e.lo, c)); i <= asInt(this.ev(e.hi, c)); i++) out.push(i);
        return mkSet(out);
      }
      case "MapComp":
        return mkMap(this.bindings([e.binder], c).map((env) => [env.get(e.binder.id) as V, this.ev(e.body, { ...c, env })] as const));
      case "RecordLit":
        return { t: "rec", fs: Object.fromEntries(e.fields.map((f) => [f.name.name, this.ev(f.value, c)])) };
      case "VariantLit":
        return { t: "var", tag: e.tag.name, fs: Object.fromEntries(e.fields.map((f) => [f.name.name, this.ev(f.value, c)])) };
      case "IsExpr": {
        const v = this.ev(e.target, c);
        if (v === null || typeof v !== "object" || v.t !== "var") throw new Error(`reference: \`is\` of a non-variant ${show(v)}`);
        return v.tag === e.tag.name;
      }
      case "SeqLit":
        return { t: "seq", xs: e.elems.map((x) => this.ev(x, c)) };
      case "TupleLit":
        // A tuple is the record of its components _1, _2, … (docs: ordered component by component).
        return { t: "rec", fs: Object.fromEntries(e.elems.map((x, i) => [`_${i + 1}`, this.ev(x, c)])) };
      case "SeqFilter": {
        const xs = elems(this.ev(e.binder.domain, c));
        return { t: "seq", xs: xs.filter((x) => asBool(this.ev(e.pred, { ...c, env: new Map(c.env).set(e.binder.id, x) }))) };
      }
      case "FuncSet": {
        const keys = elems(this.ev(e.domain, c));
        const vals = elems(this.ev(e.range, c));
        // A map is total on its key type: the domain must be all of it.
        const kt = this.spec.types.get(e.id);
        if (kt?.kind === "set" && kt.elem.kind === "map") {
          const all = this.valuesOf(kt.elem.key);
          if (all.length !== keys.length || all.some((k, i) => !equal(k, keys[i] as V))) throw specError("[S -> T]: S is not the whole key type");
        }
        cap(Math.pow(vals.length, keys.length), "[S -> T]");
        let fns: (readonly [V, V])[][] = [[]];
        for (const k of keys) fns = fns.flatMap((f) => vals.map((v) => [...f, [k, v] as const]));
        return mkSet(fns.map((f) => mkMap(f)));
      }
      case "FieldExpr": {
        const v = this.ev(e.target, c);
        const f = e.field.name;
        if (v !== null && typeof v === "object") {
          if (v.t === "rec") return v.fs[f] as V;
          // The checker allows a field read only where the case has it (narrowed, or common to all).
          if (v.t === "var" && f in v.fs) return v.fs[f] as V;
          if (v.t === "mutex" && f === "owner") return v.owner === null ? null : { t: "some", v: { t: "pid", p: v.owner } };
          if (v.t === "rw" && f === "writer") return v.writer === null ? null : { t: "some", v: { t: "pid", p: v.writer } };
          if (v.t === "rw" && f === "readers") return mkSet(v.readers.map((p): V => ({ t: "pid", p })));
        }
        throw new Error(`reference: no field ${f} in ${show(v)}`);
      }
      case "IndexExpr":
        return readPath(this.ev(e.target, c), [{ index: this.ev(e.index, c) }]);
      case "CallExpr":
        return this.callExpr(e, c);
      case "UpdateExpr": {
        let v = this.ev(e.target, c);
        for (const u of e.updates)
          v = writePath(
            v,
            u.path.map((p) => this.seg(p, c)),
            this.ev(u.value, c),
          );
        return v;
      }
      default:
        // A construct this oracle does not model yet must fail loudly, never evaluate to something.
        throw new Error(`reference: expression kind ${(e as Expr).kind} is not modelled`);
    }
  }

  /** A read of a process's state (docs "Reading process state"): P as its running selves, P[e].pc tests, P[e].x. */
  private procRead(r: ProcRead, c: Ctx): V {
    const pname = r.process.name.name;
    const running = this.instances.map((inst, pid) => ({ inst, pid })).filter((x) => x.inst.process.name.name === pname);
    if (r.kind === "set") return mkSet(running.map((x) => x.inst.self));
    const st = need(c.st);
    let pid: number;
    if (r.index) {
      const want = this.ev(r.index, c);
      const hit = running.find((x) => equal(x.inst.self, want));
      if (!hit) throw specError(`${pname}[${show(want)}] does not run in this workload`);
      pid = hit.pid;
    } else {
      const hit = running[0];
      if (!hit) throw specError(`${pname} does not run in this workload`);
      pid = hit.pid;
    }
    if (r.kind === "at") {
      const at = r.pcs.includes(st.pc[pid] as string);
      return r.negate ? !at : at;
    }
    return st.loc[pid]?.[r.decl.name.name] as V;
  }

  private name(r: Ref | undefined, name: string, c: Ctx): V {
    if (!r) throw new Error(`reference: unresolved name ${name}`);
    switch (r.kind) {
      case "const":
        return this.consts.get(name) as V;
      case "var":
        return need(c.st).g[name] as V;
      case "local":
        return need(c.st).loc[c.pid]?.[name] as V;
      case "frame": {
        const f = need(c.st).fr[r.procedure.name.name]?.[c.pid];
        if (!f) throw new Error(`reference: frame of ${r.procedure.name.name} not active`);
        return f.vals[name] as V;
      }
      case "bound": {
        const v = c.env.get(r.binderId);
        if (v === undefined) throw new Error(`reference: unbound ${name}`);
        return v;
      }
      case "member":
        return name;
      case "tag":
        return { t: "var", tag: r.tag, fs: {} };
      case "def":
        return this.ev(r.decl.body, { ...c, env: new Map() });
      case "typeset":
        return mkSet(this.valuesOf(r.type));
    }
  }

  private binary(e: Extract<Expr, { kind: "BinaryExpr" }>, c: Ctx): V {
    const L = (): V => this.ev(e.left, c);
    const R = (): V => this.ev(e.right, c);
    switch (e.op) {
      case "and":
        return asBool(L()) && asBool(R());
      case "or":
        return asBool(L()) || asBool(R());
      case "implies":
        return !asBool(L()) || asBool(R());
      case "iff":
        return asBool(L()) === asBool(R());
      case "eq":
        return equal(L(), R());
      case "ne":
        return !equal(L(), R());
      case "lt":
        return asInt(L()) < asInt(R());
      case "le":
        return asInt(L()) <= asInt(R());
      case "gt":
        return asInt(L()) > asInt(R());
      case "ge":
        return asInt(L()) >= asInt(R());
      case "in":
      case "notin": {
        const x = L();
        const has = elems(R()).some((y) => equal(x, y));
        return e.op === "in" ? has : !has;
      }
      case "subset": {
        const b = elems(R());
        return elems(L()).every((x) => b.some((y) => equal(x, y)));
      }
      case "add":
        return asInt(L()) + asInt(R());
      case "sub":
        return asInt(L()) - asInt(R());
      case "mul":
        return asInt(L()) * asInt(R());
      case "div":
      case "mod": {
        const a = asInt(L());
        const b = asInt(R());
        if (b === 0) throw specError("division by zero");
        const q = Math.floor(a / b);
        return e.op === "div" ? q : a - b * q;
      }
      case "union":
        return mkSet([...elems(L()), ...elems(R())]);
      case "intersect": {
        const b = elems(R());
        return mkSet(elems(L()).filter((x) => b.some((y) => equal(x, y))));
      }
      case "minus": {
        const b = elems(R());
        return mkSet(elems(L()).filter((x) => !b.some((y) => equal(x, y))));
      }
    }
  }

  private callExpr(e: Extract<Expr, { kind: "CallExpr" }>, c: Ctx): V {
    const name = e.callee.name;
    const def = this.spec.defs.find((d) => d.name.name === name);
    const args = (): V[] => e.args.map((a) => this.ev(a, c));
    if (def) {
      const env = new Map<number, V>();
      args().forEach((v, i) => env.set((def.params[i] as { id: number }).id, v));
      return this.ev(def.body, { ...c, env });
    }
    const [a] = args();
    const x = a as V;
    switch (name) {
      case "card":
      case "len":
        return elems(x).length;
      case "head": {
        const xs = elems(x);
        if (xs.length === 0) throw specError("head of an empty sequence");
        return xs[0] as V;
      }
      case "tail": {
        const xs = elems(x);
        if (xs.length === 0) throw specError("tail of an empty sequence");
        return { t: "seq", xs: xs.slice(1) };
      }
      case "append": {
        const [s, v] = args();
        const xs = [...elems(s as V), v as V];
        const st = this.spec.types.get((e.args[0] as Expr).id);
        if (st?.kind === "seq" && st.max && xs.length > asInt(this.ev(st.max, { pid: -1, env: new Map() }))) throw specError("append past the sequence bound");
        return { t: "seq", xs };
      }
      case "domain":
        if (x === null || typeof x !== "object" || x.t !== "map") {
          // A sequence's domain is 1..len.
          return mkSet(elems(x).map((_, i) => i + 1));
        }
        return mkSet(x.ks);
      case "some":
        return { t: "some", v: x };
      case "get":
        if (x === null) throw specError("get(none)");
        if (typeof x !== "object" || x.t !== "some") throw new Error("reference: get of a non-option");
        return x.v;
      case "is_some":
        return x !== null;
      case "product": {
        const sets = args().map(elems);
        cap(
          sets.reduce((n, s) => n * s.length, 1),
          "product",
        );
        let tups: V[][] = [[]];
        for (const s of sets) tups = tups.flatMap((t) => s.map((x) => [...t, x]));
        return mkSet(tups.map((t): V => ({ t: "rec", fs: Object.fromEntries(t.map((x, i) => [`_${i + 1}`, x])) })));
      }
      case "powerset": {
        const xs = elems(x);
        cap(Math.pow(2, xs.length), "powerset");
        let subsets: V[][] = [[]];
        for (const y of xs) subsets = subsets.flatMap((s) => [s, [...s, y]]);
        return mkSet(subsets.map((s) => mkSet(s)));
      }
      case "min":
      case "max": {
        const xs = elems(x);
        if (xs.length === 0) throw specError(`${name} of an empty set`);
        return (name === "min" ? xs[0] : xs[xs.length - 1]) as V;
      }
      case "holds":
        if (x !== null && typeof x === "object" && x.t === "mutex") return x.owner === c.pid;
        if (x !== null && typeof x === "object" && x.t === "rw") return x.writer === c.pid;
        throw new Error("reference: holds of a non-lock");
      case "holds_read":
        if (x !== null && typeof x === "object" && x.t === "rw") return x.readers.includes(c.pid);
        throw new Error("reference: holds_read of a non-rwlock");
      case "locked":
        if (x !== null && typeof x === "object" && x.t === "mutex") return x.owner !== null;
        if (x !== null && typeof x === "object" && x.t === "rw") return x.writer !== null || x.readers.length > 0;
        throw new Error("reference: locked of a non-lock");
      default:
        throw new Error(`reference: unknown function ${name}`);
    }
  }
}

// --------------------------------------------------------------------------------------------------
// Helpers

type Seg = { readonly index: V } | { readonly field: string };

/** Sets built by enumeration (product, powerset, [S -> T]) are capped at 1,000,000 elements (docs). */
function cap(n: number, what: string): void {
  if (n > 1_000_000) throw specError(`${what} has ${n} elements: too many to enumerate`);
}

function need(st: RefState | undefined): RefState {
  if (!st) throw new Error("reference: state read in a constant expression");
  return st;
}

function setAt<T>(xs: readonly T[], i: number, v: T): T[] {
  const out = [...xs];
  out[i] = v;
  return out;
}

function setPc(st: RefState, pid: number, pc: string): RefState {
  return { ...st, pc: setAt(st.pc, pid, pc) };
}

function pcOf(owner: Owner, label: string): string {
  return owner.kind === "procedure" ? `${owner.decl.name.name}.${label}` : label;
}

function firstLabel(body: readonly Stmt[]): string {
  const l = body[0]?.label?.name;
  if (!l) throw new Error("reference: body without a first label");
  return l;
}

/** Reads `v[k1].f[k2]…`: map lookups and 1-based sequence indexes are spec errors outside the domain. */
function readPath(v: V, path: readonly Seg[]): V {
  let cur = v;
  for (const s of path) {
    if ("field" in s) {
      if (cur === null || typeof cur !== "object" || cur.t !== "rec") throw new Error("reference: field of a non-record");
      cur = cur.fs[s.field] as V;
    } else if (cur !== null && typeof cur === "object" && cur.t === "rec") {
      // t[i] of a tuple: component i.
      const f = `_${asInt(s.index)}`;
      if (!(f in cur.fs)) throw new Error(`reference: tuple has no component ${f}`);
      cur = cur.fs[f] as V;
    } else if (cur !== null && typeof cur === "object" && cur.t === "map") {
      const i = cur.ks.findIndex((k) => equal(k, s.index));
      if (i < 0) throw specError(`key ${show(s.index)} is not in the map's domain`);
      cur = cur.vs[i] as V;
    } else {
      const xs = elems(cur);
      const i = asInt(s.index);
      if (i < 1 || i > xs.length) throw specError(`index ${i} outside 1..${xs.length}`);
      cur = xs[i - 1] as V;
    }
  }
  return cur;
}

/** `v` with the value at `path` replaced (same domain rules as reading). */
function writePath(v: V, path: readonly Seg[], x: V): V {
  const [s, ...rest] = path;
  if (!s) return x;
  if ("field" in s) {
    if (v === null || typeof v !== "object" || v.t !== "rec") throw new Error("reference: field of a non-record");
    return { t: "rec", fs: { ...v.fs, [s.field]: writePath(v.fs[s.field] as V, rest, x) } };
  }
  if (v !== null && typeof v === "object" && v.t === "rec") {
    const f = `_${asInt(s.index)}`;
    if (!(f in v.fs)) throw new Error(`reference: tuple has no component ${f}`);
    return { t: "rec", fs: { ...v.fs, [f]: writePath(v.fs[f] as V, rest, x) } };
  }
  if (v !== null && typeof v === "object" && v.t === "map") {
    const i = v.ks.findIndex((k) => equal(k, s.index));
    if (i < 0) throw specError(`key ${show(s.index)} is not in the map's domain`);
    return { t: "map", ks: v.ks, vs: setAt(v.vs, i, writePath(v.vs[i] as V, rest, x)) };
  }
  const xs = elems(v);
  const i = asInt(s.index);
  if (i < 1 || i > xs.length) throw specError(`index ${i} outside 1..${xs.length}`);
  return { t: "seq", xs: setAt(xs, i - 1, writePath(xs[i - 1] as V, rest, x)) };
}

function leafType(t: Type, path: readonly PathSeg[]): Type {
  let cur = t;
  for (const s of path) {
    if (s.kind === "FieldSeg") {
      if (cur.kind !== "record") return { kind: "unknown" };
      cur = cur.fields.find((f) => f.name === s.field.name)?.type ?? { kind: "unknown" };
    } else if (cur.kind === "record" && cur.tuple && s.index.kind === "IntLit") cur = cur.fields[Number(s.index.value) - 1]?.type ?? { kind: "unknown" };
    else if (cur.kind === "map") cur = cur.value;
    else if (cur.kind === "seq") cur = cur.elem;
    else return { kind: "unknown" };
  }
  return cur;
}

/** The initial value of a lock variable (or map of locks): free. */
function freeLocks(t: Type, ref: Reference): V {
  if (t.kind === "mutex") return { t: "mutex", owner: null };
  if (t.kind === "rwlock") return { t: "rw", writer: null, readers: [] };
  if (t.kind === "map") return mkMap(ref.valuesOf(t.key).map((k) => [k, freeLocks(t.value, ref)] as const));
  throw new Error("reference: a variable without initial value that is not a lock");
}

/** For every label of a body, the continuation that starts at the labelled statement. */
function labelPositions(body: readonly Stmt[]): Map<string, Cont> {
  const out = new Map<string, Cont>();
  const walk = (stmts: readonly Stmt[], outer: Cont, loop?: WhileStmt): void => {
    stmts.forEach((s, i) => {
      const here: Pos = loop ? { stmts, i, loop } : { stmts, i };
      if (s.label) out.set(s.label.name, [...outer, here]);
      const after: Cont = [...outer, { ...here, i: i + 1 }];
      switch (s.kind) {
        case "IfStmt":
          walk(s.then, after);
          if (s.else) walk(s.else, after);
          break;
        case "WhileStmt":
          walk(s.body, after, s);
          break;
        case "EitherStmt":
          for (const b of s.branches) walk(b, after);
          break;
        case "WithStmt":
        case "BlockStmt":
          walk(s.body, after);
          break;
        default:
          break;
      }
    });
  };
  walk(body, []);
  return out;
}

type Follows = { kind: "label"; label: string } | { kind: "return" } | { kind: "goto"; target: string } | { kind: "end" };

/** What control meets after a `call` (the label rules allow only a label, `return`, `goto` or the end). */
function whatFollows(k: Cont): Follows {
  let cur = k;
  for (;;) {
    const top = cur[cur.length - 1];
    if (!top) return { kind: "end" };
    if (top.i >= top.stmts.length) {
      if (top.loop) return { kind: "label", label: top.loop.label?.name as string };
      cur = cur.slice(0, -1);
      continue;
    }
    const s = top.stmts[top.i] as Stmt;
    if (s.label) return { kind: "label", label: s.label.name };
    if (s.kind === "ReturnStmt") return { kind: "return" };
    if (s.kind === "GotoStmt") return { kind: "goto", target: s.target.name };
    throw new Error(`reference: ${s.kind} after a call`);
  }
}

/** `compare` is re-exported for the graph module's canonical orders. */
export { compare };
