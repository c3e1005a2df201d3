/**
 * Compiles one lowered atomic step (`generator/lower/`: a process/procedure label, or an action) into
 * the body of a TypeScript method that reports each successor through `out`.
 *
 * The step works on a shallow copy (`t = draft(s)`, a Draft) of the state; values are immutable, so
 * updates are functional. Nondeterminism (`either`, `with`) becomes a `for` loop whose iterations each
 * take their own copy of the draft, so each choice produces its own successor. Disabling (`await`, a
 * lock that is taken, an empty `with`) leaves the method (`return`) or the current choice (`continue`)
 * before anything is reported.
 *
 * The rest of a step after a compound statement (a `join` of the IR) is emitted once: after the
 * compound when every branch reaching it runs in the same draft (the branches fall out of an
 * `if`/`else` into it), otherwise as a local function `kN(draft, picks)` that the branches call with
 * their own draft and choices (a choice nested in a branch of a choice).
 */
import type { Expr, PathSeg, Stmt } from "../parse/ast.js";
import type { CheckedSpec, Ref } from "../check/checked.js";
import { tupleField, UNKNOWN, type Type } from "../check/types.js";
import { nodesOf, type LoweredStep, type Node, type Owner, type Target } from "../lower/ir.js";
import type { Env, ExprCompiler } from "./expr.js";
import { fieldName, str } from "./names.js";
import { checkExpr, checkStmts, needsCheck, ordinal as ordinalCode } from "./type-code.js";

export type { Owner };

/** How a `jump` to a join is emitted. */
type JoinMode = { readonly kind: "fall" } | { readonly kind: "closure"; readonly name: string; readonly picksBase: number };

interface Ctx {
  readonly step: LoweredStep;
  readonly stepId: number;
  readonly draft: string;
  readonly env: Env;
  /** Ends the current path without a successor: `return;` (method or closure) or `continue;` (a choice loop). */
  readonly disable: "return;" | "continue;";
  /** Nothing follows the current code in its method, closure or loop iteration: a path ending here needs no `return`/`continue`. */
  readonly tail: boolean;
  /** `name: jsName` (or `...pickedN`) entries reported as the transition's picks. */
  readonly picks: readonly string[];
  readonly joins: ReadonlyMap<number, JoinMode>;
  readonly counter: { n: number };
}

type JoinNode = Extract<Node, { kind: "join" }>;

export class StepCompiler {
  constructor(
    readonly spec: CheckedSpec,
    readonly ec: ExprCompiler,
    /** The qualified pc value of a label in the owner's body. */
    readonly pcOf: (owner: Owner, label: string) => string,
  ) {}

  /** Lock acquisitions so far in the step method being compiled (their values are `l$1`, `l$2`, …: a `$` no spec name has). */
  private locksTaken = 0;

  /** Method body for a step of a process or procedure. */
  labelStep(step: LoweredStep, stepId: number, env: Env): string[] {
    this.locksTaken = 0;
    const ctx: Ctx = { step, stepId, draft: "t", env: { ...env, state: "t" }, disable: "return;", tail: true, picks: [], joins: new Map(), counter: { n: 0 } };
    return ["const t = draft(s);", ...this.node(step.root, ctx)];
  }

  /** Method body for an action: one successor per enabled parameter binding. */
  actionStep(step: LoweredStep, stepId: number, env: Env): string[] {
    this.locksTaken = 0;
    const lines: string[] = [];
    let inner = env;
    const names: string[] = [];
    for (const b of step.params) {
      const [n, en] = this.ec.bind(inner, b);
      lines.push(this.loopHead(n, b.domain, inner));
      inner = en;
      names.push(b.name.name === n ? n : `${b.name.name}: ${n}`);
    }
    const disable = step.params.length > 0 ? "continue;" : "return;";
    if (step.guard) {
      lines.push(`if (!${this.ec.atom(step.guard, { ...inner, state: "s" })}) ${disable}`);
      // TypeScript narrows the parameters the guard compared with literals for the rest of the body.
      inner = this.ec.narrowing(step.guard, inner);
    }
    const ctx: Ctx = { step, stepId, draft: "t", env: { ...inner, state: "t" }, disable, tail: true, picks: names, joins: new Map(), counter: { n: 0 } };
    lines.push("const t = draft(s);", ...this.node(step.root, ctx));
    for (let k = 0; k < step.params.length; k++) lines.push("}");
    return lines;
  }

  /** `for` over a binder's domain; integer ranges become counting loops (no set is built). */
  private loopHead(name: string, domain: import("../parse/ast.js").Expr, env: Env): string {
    return this.ec.loopHead(name, domain, env);
  }

  private newDraft(ctx: Ctx): string {
    ctx.counter.n += 1;
    return `t${ctx.counter.n}`;
  }

  /** `return;`/`continue;` after a path that ended, unless nothing follows anyway. */
  private leave(ctx: Ctx): string[] {
    return ctx.tail ? [] : [ctx.disable];
  }

  private report(ctx: Ctx): string[] {
    const picks = ctx.picks.length ? `, picks: { ${ctx.picks.join(", ")} }` : "";
    const instance = ctx.step.owner.kind === "action" ? "-1" : "pid";
    return [`out({ step: ${ctx.stepId}, instance: ${instance}, state: ${ctx.draft}${picks} });`, ...this.leave(ctx)];
  }

  private setPc(ctx: Ctx, pc: string): string {
    return `${ctx.draft}.pc = setAt(${ctx.draft}.pc, pid, ${pc});`;
  }

  /** The code of one IR node and everything below it. */
  private node(n: Node, ctx: Ctx, rest?: { readonly id: number; readonly then: Node }): string[] {
    const env = ctx.env;
    switch (n.kind) {
      case "end":
        return this.end(n.target, n, ctx);
      case "jump": {
        const mode = ctx.joins.get(n.id);
        if (!mode) throw new Error(`internal: jump to unknown join ${n.id}`);
        if (mode.kind === "fall") return [];
        return [`${mode.name}(${ctx.draft}, { ${ctx.picks.slice(mode.picksBase).join(", ")} });`, ...this.leave(ctx)];
      }
      case "assign": {
        const s = n.stmt;
        const r = this.spec.refs.get(s.id);
        if (!r) throw new Error("internal: unresolved assignment");
        return [...this.assign(r, s.path, this.ec.expr(s.value, env), ctx, s, this.targetText(s)), ...this.node(n.next, ctx)];
      }
      case "guard":
        return [`if (!${this.ec.atom(n.cond, env)}) ${ctx.disable}`, ...this.node(n.next, { ...ctx, env: this.ec.narrowing(n.cond, env) })];
      case "assert": {
        const s = n.stmt;
        const msg = s.message ? str(s.message.value) : str(`assertion failed: ${this.sourceText(s.cond)}`);
        return [`if (!${this.ec.atom(s.cond, env)}) throw new SpecError("assertion", ${msg}, ${this.ec.loc(s)});`, ...this.node(n.next, ctx)];
      }
      case "lock":
        return [...this.lock(n.stmt, ctx), ...this.node(n.next, ctx)];
      case "if": {
        // Inside the branches TypeScript knows what the condition compared.
        const nctx: Ctx = { ...ctx, env: this.ec.narrowing(n.cond, env) };
        const yes = this.node(n.then, nctx);
        const no = this.node(n.else, nctx);
        if (yes.length === 0 && no.length === 0) return [];
        if (yes.length === 0) return [`if (!${this.ec.atom(n.cond, env)}) {`, ...no, "}"];
        const out = [`if (${this.ec.expr(n.cond, env)}) {`, ...yes, "}"];
        if (no.length) out.push("else {", ...no, "}");
        return out;
      }
      case "either": {
        const d = this.newDraft(ctx);
        const bv = n.pick.replace(/^either/, "branch");
        const inner: Ctx = {
          ...ctx,
          draft: d,
          env: { ...env, state: d },
          disable: "continue;",
          tail: true,
          picks: [...ctx.picks, n.pick === bv ? bv : `${n.pick}: ${bv}`],
        };
        const lines = [`for (const ${bv} of [${n.branches.map((_, k) => k + 1).join(", ")}]) {`, `const ${d} = draft(${ctx.draft});`];
        const branchCtx = this.sunk(inner, rest);
        n.branches.forEach((b, k) => {
          lines.push(`${k === 0 ? "" : "else "}if (${bv} === ${k + 1}) {`, ...this.node(b, branchCtx), "}");
        });
        if (rest) lines.push(...this.node(rest.then, { ...inner, env: this.narrowed(n, inner.env) }));
        lines.push("}", ...this.leave(ctx));
        return lines;
      }
      case "with": {
        const lines: string[] = [];
        let en = env;
        const picks: string[] = [];
        for (const b of n.binders) {
          const [name, e2] = this.ec.bind(en, b);
          lines.push(this.loopHead(name, b.domain, en));
          en = e2;
          picks.push(b.name.name === name ? name : `${b.name.name}: ${name}`);
        }
        const d = this.newDraft(ctx);
        const inner: Ctx = { ...ctx, draft: d, env: { ...en, state: d }, disable: "continue;", tail: true, picks: [...ctx.picks, ...picks] };
        lines.push(`const ${d} = draft(${ctx.draft});`, ...this.node(n.body, this.sunk(inner, rest)));
        if (rest) lines.push(...this.node(rest.then, { ...inner, env: this.narrowed(n.body, inner.env) }));
        for (let k = 0; k < n.binders.length; k++) lines.push("}");
        lines.push(...this.leave(ctx));
        return lines;
      }
      case "join":
        return this.join(n, ctx);
    }
  }

  /** The context of a choice's branches when the rest of the step runs after them in the same iteration. */
  private sunk(inner: Ctx, rest: { readonly id: number } | undefined): Ctx {
    return rest ? { ...inner, tail: false, joins: new Map(inner.joins).set(rest.id, { kind: "fall" }) } : inner;
  }

  /** The tests along the paths of `n` up to its jumps (their narrowing holds, defensively, in the shared rest). */
  private narrowed(n: Node, env: Env): Env {
    let e = env;
    for (const x of nodesOf(n)) if (x.kind === "if" || x.kind === "guard") e = this.ec.narrowing(x.cond, e);
    return e;
  }

  private join(n: JoinNode, ctx: Ctx): string[] {
    const thenEnv = this.narrowed(n.body, ctx.env);
    if (!nestedJump(n.body, n.id)) {
      // Every branch reaching the rest falls out of the compound's code in the same draft.
      const joins = new Map(ctx.joins).set(n.id, { kind: "fall" });
      return [...this.node(n.body, { ...ctx, tail: false, joins }), ...this.node(n.then, { ...ctx, env: thenEnv })];
    }
    if (sinks(n)) {
      // `with (…) { … } rest` / `either { … } or { … } rest`: the rest runs at the end of each iteration.
      return this.node(n.body, ctx, { id: n.id, then: n.then });
    }
    // A branch reaches the rest from inside a nested choice, with its own draft: the rest is a local
    // function taking that draft and the choices made since.
    ctx.counter.n += 1;
    const name = `k${ctx.counter.n}`;
    // Each local function has its own picks parameter: a nested one must not shadow its enclosing one's.
    const picked = `picked${ctx.counter.n}`;
    const d = this.newDraft(ctx);
    const rest = this.node(n.then, { ...ctx, draft: d, env: { ...thenEnv, state: d }, disable: "return;", tail: true, picks: [...ctx.picks, `...${picked}`] });
    const joins = new Map(ctx.joins).set(n.id, { kind: "closure", name, picksBase: ctx.picks.length });
    return [
      `// The rest of the step after line ${n.span.start.line}, shared by the paths through it.`,
      `const ${name} = (${d}: Draft, ${picked}: Readonly<Record<string, Value>>): void => {`,
      ...rest,
      "};",
      ...this.node(n.body, { ...ctx, joins }),
    ];
  }

  private end(target: Target, at: Node, ctx: Ctx): string[] {
    const t = ctx.draft;
    const owner = ctx.step.owner;
    switch (target.kind) {
      case "action":
        return this.report(ctx);
      case "label":
        return [this.setPc(ctx, str(this.pcOf(owner, target.label))), ...this.report(ctx)];
      case "done":
        return [`this.noLocksHeld(${t}, pid, ${this.ec.loc(at)});`, this.setPc(ctx, '"Done"'), ...this.report(ctx)];
      case "return": {
        const p = owner.decl.name.name;
        // Returning to `Done` finishes the process, which must then hold no lock (as `goto Done` does).
        return [
          "{",
          `const f = ${t}.${p}[pid]!;`,
          `${t}.${p} = setAt(${t}.${p}, pid, null);`,
          `if (f.ret === "Done") this.noLocksHeld(${t}, pid, ${this.ec.loc(at)});`,
          this.setPc(ctx, "f.ret"),
          ...this.report(ctx),
          "}",
        ];
      }
      case "call":
        return this.call(target, ctx);
    }
  }

  private call(target: Extract<Target, { kind: "call" }>, ctx: Ctx): string[] {
    const { stmt: s, callee: proc, ret } = target;
    const t = ctx.draft;
    const env = ctx.env;
    const lines = ["{"];
    const locals = new Map<number, string>();
    proc.params.forEach((p, n) => {
      const arg = s.args[n];
      if (!arg) return;
      const name = `a_${p.name.name}`;
      lines.push(...this.checkedConst(name, this.ec.expr(arg, env), this.spec.declTypes.get(p.id) ?? UNKNOWN, `${proc.name.name}(${p.name.name})`, arg));
      locals.set(p.id, name);
    });
    const fenv: Env = { ...env, procedure: proc, frameLocals: locals };
    for (const l of proc.locals) {
      const name = `a_${l.name.name}`;
      // Checked like the parameters: a local's declared range is relied on (packing, static bounds).
      const lt = this.spec.declTypes.get(l.id) ?? UNKNOWN;
      const value = this.ec.expr(l.init, fenv);
      lines.push(
        ...(this.ec.intervals.provablyIn(l.init, lt)
          ? [`const ${name} = ${value};`]
          : this.checkedConst(name, value, lt, `${proc.name.name}(${l.name.name})`, l.init)),
      );
      locals.set(l.id, name);
    }
    let retExpr: string;
    if (ret.kind === "tail") {
      // `call q; return;` returns straight to our own caller: our frame goes away now.
      const own = ctx.step.owner.decl.name.name;
      lines.push(`const r = ${t}.${own}[pid]!.ret;`, `${t}.${own} = setAt(${t}.${own}, pid, null);`);
      retExpr = "r";
    } else if (ret.kind === "label") retExpr = str(this.pcOf(ctx.step.owner, ret.label));
    else retExpr = '"Done"';
    const fields = [`ret: ${retExpr}`, ...[...proc.params, ...proc.locals].map((x) => `${fieldName(x.name.name)}: a_${x.name.name}`)];
    lines.push(
      `${t}.${proc.name.name} = setAt(${t}.${proc.name.name}, pid, { ${fields.join(", ")} });`,
      this.setPc(ctx, str(this.pcOf({ kind: "procedure", decl: proc }, target.entry))),
      ...this.report(ctx),
      "}",
    );
    return lines;
  }

  /** `const name = value;` checked against `t`: one expression when the check is one helper call. */
  private checkedConst(name: string, value: string, t: Type, what: string, at: { span: Expr["span"] }): string[] {
    const e = checkExpr(t, value, str(what), this.ec.loc(at), this.ec.bound);
    if (e !== undefined) return [`const ${name} = ${e};`];
    return [`const ${name} = ${value};`, ...checkStmts(t, name, str(what), this.ec.loc(at), this.ec.bound)];
  }

  /** Statements assigning `value` to a variable with a path. */
  private assign(r: Ref, path: readonly PathSeg[], value: string, ctx: Ctx, at: Stmt, what: string): string[] {
    const declType = this.refType(r);
    const leaf = this.leafType(declType, path);
    // `none` needs no range check (and `const v = null` would only confuse TypeScript's narrowing).
    const checked = needsCheck(leaf) && value !== "null";
    const inline = checked ? checkExpr(leaf, value, str(what), this.ec.loc(at), this.ec.bound) : undefined;
    // A whole variable takes the checked value in place. Under a path the value is still checked first,
    // before the path's keys are evaluated, so that of two failing checks the same one is reported.
    if (inline !== undefined && path.length === 0) return this.assignStmt(r, path, inline, ctx, at);
    const check = !checked ? [] : inline !== undefined ? [] : checkStmts(leaf, "v", str(what), this.ec.loc(at), this.ec.bound);
    if (inline !== undefined) return ["{", `const v = ${inline};`, ...this.assignStmt(r, path, "v", ctx, at), "}"];
    const stmt = this.assignStmt(r, path, check.length ? "v" : value, ctx, at);
    return check.length ? ["{", `const v = ${value};`, ...check, ...stmt, "}"] : stmt;
  }

  private assignStmt(r: Ref, path: readonly PathSeg[], v: string, ctx: Ctx, at: Stmt): string[] {
    const t = ctx.draft;
    const declType = this.refType(r);
    let stmt: string;
    switch (r.kind) {
      case "var": {
        const cur = `${t}.${fieldName(r.decl.name.name)}`;
        stmt = `${cur} = ${this.ec.update(cur, declType, path, v, ctx.env, at)};`;
        break;
      }
      case "local": {
        const arr = `${t}.${r.process.name.name}`;
        const cur = `${arr}[i]!.${fieldName(r.decl.name.name)}`;
        stmt = `${arr} = setField(${arr}, i, ${str(fieldName(r.decl.name.name))}, ${this.ec.update(cur, declType, path, v, ctx.env, at)});`;
        break;
      }
      case "frame": {
        const arr = `${t}.${r.procedure.name.name}`;
        const cur = `${arr}[pid]!.${fieldName(r.decl.name.name)}`;
        stmt = `${arr} = setField(${arr}, pid, ${str(fieldName(r.decl.name.name))}, ${this.ec.update(cur, declType, path, v, ctx.env, at)});`;
        break;
      }
      default:
        throw new Error("internal: assignment to a non-variable");
    }
    return [stmt];
  }

  private lock(s: Extract<Stmt, { kind: "LockStmt" }>, ctx: Ctx): string[] {
    const r = this.spec.refs.get(s.id);
    if (!r || r.kind !== "var") throw new Error("internal: unresolved lock");
    const t = ctx.draft;
    const name = str(this.targetText(s));
    const loc = this.ec.loc(s);
    const cur = this.readPath(`${t}.${fieldName(r.decl.name.name)}`, this.refType(r), s.path, ctx.env);
    const fn = {
      acquire: "mutexAcquire",
      release: "mutexRelease",
      read_lock: "readLock",
      read_unlock: "readUnlock",
      write_lock: "writeLock",
      write_unlock: "writeUnlock",
    }[s.op];
    const call = `${fn}(${cur}, pid, ${name}, ${loc})`;
    const blocking = s.op === "acquire" || s.op === "read_lock" || s.op === "write_lock";
    if (!blocking) return this.assign(r, s.path, call, ctx, s, this.targetText(s));
    // The lock's new value, or undefined when it is not free (the step is disabled). Numbered per step
    // method, so that two acquisitions need no block each. `!`: TypeScript may stop narrowing in very
    // large step methods; it is defined here.
    const l = `l$${++this.locksTaken}`;
    return [`const ${l} = ${call};`, `if (${l} === undefined) ${ctx.disable}`, ...this.assign(r, s.path, `${l}!`, ctx, s, this.targetText(s))];
  }

  /** Reads `base` through an index/field path (lock statements, deadlock reports). */
  readPath(base: string, t: Type, path: readonly PathSeg[], env: Env): string {
    let acc = base;
    let cur = t;
    for (const seg of path) {
      if (seg.kind === "FieldSeg") {
        acc = `${acc}.${fieldName(seg.field.name)}`;
        cur = cur.kind === "record" ? (cur.fields.find((f) => f.name === seg.field.name)?.type ?? UNKNOWN) : UNKNOWN;
      } else {
        const ix = this.ec.expr(seg.index, env);
        if (cur.kind === "map") {
          acc = `mapGet(${acc}, ${this.ordinal(cur.key, ix)}, ${this.ec.loc({ span: seg.span })})`;
          cur = cur.value;
        } else if (cur.kind === "seq") {
          acc = `seqAt(${acc}, ${ix}, ${this.ec.loc({ span: seg.span })})`;
          cur = cur.elem;
        } else if (cur.kind === "record" && cur.tuple && seg.index.kind === "IntLit") {
          const name = tupleField(Number(seg.index.value));
          acc = `${acc}.${name}`;
          cur = cur.fields.find((f) => f.name === name)?.type ?? UNKNOWN;
        }
      }
    }
    return acc;
  }

  private ordinal(t: Type, ix: string): string {
    return ordinalCode(t, ix, this.ec.bound);
  }

  refType(r: Ref): Type {
    if (r.kind === "var" || r.kind === "local" || r.kind === "frame") return this.spec.declTypes.get(r.decl.id) ?? UNKNOWN;
    return UNKNOWN;
  }

  leafType(t: Type, path: readonly PathSeg[]): Type {
    let cur = t;
    for (const seg of path) {
      if (seg.kind === "FieldSeg") cur = cur.kind === "record" ? (cur.fields.find((f) => f.name === seg.field.name)?.type ?? UNKNOWN) : UNKNOWN;
      else if (cur.kind === "record" && cur.tuple && seg.index.kind === "IntLit") {
        // A tuple component `t[k]` is the field `_k`.
        const name = tupleField(Number(seg.index.value));
        cur = cur.fields.find((f) => f.name === name)?.type ?? UNKNOWN;
      } else cur = cur.kind === "map" ? cur.value : cur.kind === "seq" ? cur.elem : UNKNOWN;
    }
    return cur;
  }

  /** The source text of a node (for messages such as "assertion failed: x > 0"). */
  sourceText(n: { span: { file: string; start: { offset: number }; end: { offset: number } } }): string {
    const src = this.spec.linked.sources.get(n.span.file);
    return src ? src.slice(n.span.start.offset, n.span.end.offset).replace(/\s+/g, " ") : "";
  }

  private targetText(s: Extract<Stmt, { kind: "AssignStmt" | "LockStmt" }>): string {
    const base = s.kind === "AssignStmt" ? s.target : s.lock;
    const last = s.path[s.path.length - 1];
    return last ? this.sourceText({ span: { file: base.span.file, start: base.span.start, end: last.span.end } }) : base.name;
  }
}

/**
 * True when some path from `n` reaches a `jump` to join `id` from inside a choice (`either`/`with`)
 * nested in `n`, or from inside the rest of a nested join that runs in a draft of its own (a rest sunk
 * into its choice's loop, or a local function): falling out of `n`'s code cannot reach the rest from there.
 */
function nestedJump(n: Node, id: number): boolean {
  const memo = new Map<number, boolean>();
  // A join's rest runs in the draft its body was entered with only when no jump to it is nested (the
  // `fall` case of `join()`); sunk and local-function rests run in a choice's own draft.
  const ownDraftRest = (x: JoinNode): boolean => {
    const had = memo.get(x.id);
    if (had !== undefined) return had;
    const r = reaches(x.body, x.id, false);
    memo.set(x.id, r);
    return r;
  };
  const reaches = (m: Node, target: number, nested: boolean): boolean => {
    switch (m.kind) {
      case "jump":
        return m.id === target && nested;
      case "either":
      case "with":
        return (m.kind === "either" ? m.branches : [m.body]).some((c) => reaches(c, target, true));
      case "join":
        return reaches(m.body, target, nested) || reaches(m.then, target, nested || ownDraftRest(m));
      case "end":
        return false;
      default:
        return (m.kind === "if" ? [m.then, m.else] : [m.next]).some((c) => reaches(c, target, nested));
    }
  };
  return reaches(n, id, false);
}

/**
 * A join whose body is a single choice whose branches all reach the rest without a further nested
 * choice: the rest runs inside the choice's loop, after the branches, in the iteration's own draft.
 */
function sinks(j: JoinNode): boolean {
  const b = j.body;
  if (b.kind !== "either" && b.kind !== "with") return false;
  return !(b.kind === "either" ? b.branches : [b.body]).some((c) => nestedJump(c, j.id));
}
