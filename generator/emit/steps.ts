/**
 * Compiles the statements of one atomic step (a process/procedure label, or an action) into the body
 * of a TypeScript method that reports each successor through `out`.
 *
 * The step works on a shallow copy (`t = draft(s)`, a Draft) of the state; values are immutable, so updates are
 * functional. Nondeterminism (`either`, `with`) becomes a `for` loop with its own copy of the draft, and
 * the rest of the step runs inside that loop, so each choice produces its own successor. Disabling
 * (`await`, a lock that is taken, an empty `with`) leaves the method (`return`) or the current choice
 * (`continue`) before anything is reported.
 */
import type { ActionDecl, PathSeg, ProcedureDecl, ProcessDecl, Stmt } from "../parse/ast.js";
import type { CheckedSpec, Ref } from "../check/checked.js";
import { breaksStep, childLists } from "../check/control.js";
import { UNKNOWN, type Type } from "../check/types.js";
import type { Env, ExprCompiler } from "./expr.js";
import { fieldName, str } from "./names.js";
import { checkStmts, needsCheck, ordinal as ordinalCode } from "./type-code.js";

/** Where control goes when a statement list is exhausted. */
export type After =
  | { readonly kind: "label"; readonly name: string }
  | { readonly kind: "done" }
  | { readonly kind: "return" }
  | { readonly kind: "action" }
  /** Fall through to the code after the enclosing `if` (same step). */
  | { readonly kind: "fall" };

/** The statements still to run after the current list, innermost first, then `after`. */
export interface Cont {
  readonly rest: readonly { readonly stmts: readonly Stmt[]; readonly i: number }[];
  readonly after: After;
}

export type Owner =
  | { readonly kind: "process"; readonly decl: ProcessDecl }
  | { readonly kind: "procedure"; readonly decl: ProcedureDecl }
  | { readonly kind: "action"; readonly decl: ActionDecl };

interface Ctx {
  readonly owner: Owner;
  readonly stepId: number;
  readonly draft: string;
  readonly env: Env;
  readonly inLoop: boolean;
  /** `name: jsName` entries reported as the transition's picks. */
  readonly picks: readonly string[];
  readonly counter: { n: number };
}

/** A labelled entry point of a process or procedure body. */
export interface LabelSite {
  readonly label: string;
  readonly stmts: readonly Stmt[];
  readonly i: number;
  readonly cont: Cont;
  readonly stmt: Stmt;
}

/** Every label of a body with the continuation that follows its statement list. */
export function labelSites(body: readonly Stmt[], after: After): LabelSite[] {
  const out: LabelSite[] = [];
  const walk = (stmts: readonly Stmt[], cont: Cont): void => {
    stmts.forEach((s, i) => {
      if (s.label) out.push({ label: s.label.name, stmts, i, cont, stmt: s });
      const next: Cont = { rest: [{ stmts, i: i + 1 }, ...cont.rest], after: cont.after };
      if (s.kind === "WhileStmt") walk(s.body, { rest: [], after: { kind: "label", name: (s.label as { name: string }).name } });
      else for (const child of childLists(s)) walk(child, next);
    });
  };
  walk(body, { rest: [], after });
  return out;
}

function hasChoice(s: Stmt): boolean {
  return s.kind === "EitherStmt" || s.kind === "WithStmt" || childLists(s).some((l) => l.some(hasChoice));
}

export class StepCompiler {
  constructor(
    readonly spec: CheckedSpec,
    readonly ec: ExprCompiler,
    /** The qualified pc value of a label in the owner's body. */
    readonly pcOf: (owner: Owner, label: string) => string,
  ) {}

  /** Method body for the step starting at `site` (processes and procedures). */
  labelStep(owner: Owner, site: LabelSite, stepId: number, env: Env): string[] {
    const ctx: Ctx = { owner, stepId, draft: "t", env: { ...env, state: "t" }, inLoop: false, picks: [], counter: { n: 0 } };
    return ["const t = draft(s);", ...this.seq(site.stmts, site.i, site.cont, ctx, true)];
  }

  /** Method body for an action: one successor per enabled parameter binding. */
  actionStep(a: ActionDecl, stepId: number, env: Env): string[] {
    const lines: string[] = [];
    let inner = env;
    const names: string[] = [];
    for (const b of a.params) {
      const [n, en] = this.ec.bind(inner, b);
      lines.push(this.loopHead(n, b.domain, inner));
      inner = en;
      names.push(b.name.name === n ? n : `${b.name.name}: ${n}`);
    }
    const inLoop = a.params.length > 0;
    const disable = inLoop ? "continue;" : "return;";
    if (a.guard) {
      lines.push(`if (!${this.ec.atom(a.guard, { ...inner, state: "s" })}) ${disable}`);
      // TypeScript narrows the parameters the guard compared with literals for the rest of the body.
      inner = this.ec.narrowing(a.guard, inner);
    }
    const ctx: Ctx = { owner: { kind: "action", decl: a }, stepId, draft: "t", env: { ...inner, state: "t" }, inLoop, picks: names, counter: { n: 0 } };
    lines.push("const t = draft(s);", ...this.seq(a.body, 0, { rest: [], after: { kind: "action" } }, ctx, true));
    for (let k = 0; k < a.params.length; k++) lines.push("}");
    return lines;
  }

  /** `for` over a binder's domain; integer ranges become counting loops (no set is built). */
  private loopHead(name: string, domain: import("../parse/ast.js").Expr, env: Env): string {
    if (domain.kind === "RangeExpr") {
      return `for (let ${name} = ${this.ec.expr(domain.lo, env)}, hi_${name} = ${this.ec.expr(domain.hi, env)}; ${name} <= hi_${name}; ${name}++) {`;
    }
    return `for (const ${name} of ${this.ec.expr(domain, env)}) {`;
  }

  private disable(ctx: Ctx): string {
    return ctx.inLoop ? "continue;" : "return;";
  }

  private newDraft(ctx: Ctx): string {
    ctx.counter.n += 1;
    return `t${ctx.counter.n}`;
  }

  private report(ctx: Ctx): string[] {
    const picks = ctx.picks.length ? `, picks: { ${ctx.picks.join(", ")} }` : "";
    const instance = ctx.owner.kind === "action" ? "-1" : "pid";
    return [`out({ step: ${ctx.stepId}, instance: ${instance}, state: ${ctx.draft}${picks} });`, this.disable(ctx)];
  }

  private setPc(ctx: Ctx, pc: string): string {
    return `${ctx.draft}.pc = setAt(${ctx.draft}.pc, pid, ${pc});`;
  }

  endStep(after: After, ctx: Ctx, at: Stmt | undefined): string[] {
    const t = ctx.draft;
    switch (after.kind) {
      case "fall":
        return [];
      case "action":
        return this.report(ctx);
      case "label":
        return [this.setPc(ctx, str(this.pcOf(ctx.owner, after.name))), ...this.report(ctx)];
      case "done": {
        const loc = at ? this.ec.loc(at) : str(ctx.owner.decl.span.file);
        return [`this.noLocksHeld(${t}, pid, ${loc});`, this.setPc(ctx, '"Done"'), ...this.report(ctx)];
      }
      case "return": {
        const p = ctx.owner.decl.name.name;
        return [
          "{",
          `const f = ${t}.${p}[pid]!;`,
          `${t}.${p} = setAt(${t}.${p}, pid, null);`,
          this.setPc(ctx, "f.ret"),
          ...this.report(ctx),
          "}",
        ];
      }
    }
  }

  /** Where control goes after statement `i` of `stmts` (for `call`'s return address). */
  private nextAfter(stmts: readonly Stmt[], i: number, cont: Cont): After | "tail" {
    const next = stmts[i + 1];
    if (next) {
      if (next.label) return { kind: "label", name: next.label.name };
      if (next.kind === "GotoStmt") return { kind: "label", name: next.target.name };
      if (next.kind === "ReturnStmt") return "tail";
      throw new Error("internal: call not followed by a label (the checker enforces E505)");
    }
    const [first, ...rest] = cont.rest;
    if (first) return this.nextAfter(first.stmts, first.i - 1, { rest, after: cont.after });
    return cont.after.kind === "return" ? "tail" : cont.after;
  }

  seq(stmts: readonly Stmt[], i: number, cont: Cont, ctx: Ctx, head = false): string[] {
    const s = stmts[i];
    if (!s) {
      const [first, ...rest] = cont.rest;
      if (first) return this.seq(first.stmts, first.i, { rest, after: cont.after }, ctx);
      return this.endStep(cont.after, ctx, stmts[stmts.length - 1]);
    }
    if (!head && s.label) return this.endStep({ kind: "label", name: s.label.name }, ctx, s);
    const next = (c: Ctx = ctx): string[] => this.seq(stmts, i + 1, cont, c);
    const k: Cont = { rest: [{ stmts, i: i + 1 }, ...cont.rest], after: cont.after };
    const env = ctx.env;
    const t = ctx.draft;
    switch (s.kind) {
      case "SkipStmt":
        return next();
      case "BlockStmt":
        return this.seq(s.body, 0, k, ctx);
      case "AssignStmt": {
        const r = this.spec.refs.get(s.id);
        if (!r) throw new Error("internal: unresolved assignment");
        return [...this.assign(r, s.path, this.ec.expr(s.value, env), ctx, s, this.targetText(s)), ...next()];
      }
      case "AwaitStmt":
        return [`if (!${this.ec.atom(s.cond, env)}) ${this.disable(ctx)}`, ...next({ ...ctx, env: this.ec.narrowing(s.cond, env) })];
      case "AssertStmt": {
        const msg = s.message ? str(s.message.value) : str(`assertion failed: ${this.sourceText(s.cond)}`);
        return [`if (!${this.ec.atom(s.cond, env)}) throw new SpecError("assertion", ${msg}, ${this.ec.loc(s)});`, ...next()];
      }
      case "GotoStmt":
        return this.endStep(s.target.name === "Done" ? (ctx.owner.kind === "procedure" ? { kind: "return" } : { kind: "done" }) : { kind: "label", name: s.target.name }, ctx, s);
      case "ReturnStmt":
        return this.endStep({ kind: "return" }, ctx, s);
      case "LockStmt":
        return [...this.lock(s, ctx), ...next()];
      case "IfStmt": {
        const cond = this.ec.expr(s.cond, env);
        // Inside (and after) the branches TypeScript knows what the condition compared.
        const nctx: Ctx = { ...ctx, env: this.ec.narrowing(s.cond, env) };
        if (!breaksStep(s) && !hasChoice(s)) {
          const fall: Cont = { rest: [], after: { kind: "fall" } };
          const out = [`if (${cond}) {`, ...this.seq(s.then, 0, fall, nctx), "}"];
          if (s.else && s.else.length) out.push("else {", ...this.seq(s.else, 0, fall, nctx), "}");
          return [...out, ...next(nctx)];
        }
        return [`if (${cond}) {`, ...this.seq(s.then, 0, k, nctx), "} else {", ...this.seq(s.else ?? [], 0, k, nctx), "}"];
      }
      case "WhileStmt": {
        // Only reached as the head of its own step (a while is always labelled).
        const label = (s.label as { name: string }).name;
        return [
          `if (${this.ec.expr(s.cond, env)}) {`,
          ...this.seq(s.body, 0, { rest: [], after: { kind: "label", name: label } }, ctx),
          "}",
          ...next(),
        ];
      }
      case "EitherStmt": {
        const d = this.newDraft(ctx);
        // Nested `either`s each get their own branch variable and pick name (either, either2, …).
        const nth = ctx.picks.filter((p) => p.startsWith("either")).length + 1;
        const bv = nth === 1 ? "branch" : `branch${nth}`;
        const inner: Ctx = { ...ctx, draft: d, env: { ...env, state: d }, inLoop: true, picks: [...ctx.picks, nth === 1 ? "either: branch" : `either${nth}: ${bv}`] };
        const needK = s.branches.some((b) => b.some((x) => x.label !== undefined || breaksStep(x)));
        const branchCont: Cont = needK ? k : { rest: [], after: { kind: "fall" } };
        const lines = [`for (const ${bv} of [${s.branches.map((_, n) => n + 1).join(", ")}]) {`, `const ${d} = draft(${t});`];
        s.branches.forEach((b, n) => {
          lines.push(`${n === 0 ? "" : "else "}if (${bv} === ${n + 1}) {`, ...this.seq(b, 0, branchCont, inner), "}");
        });
        if (!needK) lines.push(...this.seq(stmts, i + 1, cont, inner));
        lines.push("}");
        return lines;
      }
      case "WithStmt": {
        const lines: string[] = [];
        let en = env;
        const picks: string[] = [];
        for (const b of s.binders) {
          const [n, e2] = this.ec.bind(en, b);
          lines.push(this.loopHead(n, b.domain, en));
          en = e2;
          picks.push(b.name.name === n ? n : `${b.name.name}: ${n}`);
        }
        const d = this.newDraft(ctx);
        const inner: Ctx = { ...ctx, draft: d, env: { ...en, state: d }, inLoop: true, picks: [...ctx.picks, ...picks] };
        lines.push(`const ${d} = draft(${t});`);
        if (breaksStep(s)) lines.push(...this.seq(s.body, 0, k, inner));
        else lines.push(...this.seq(s.body, 0, { rest: [], after: { kind: "fall" } }, inner), ...this.seq(stmts, i + 1, cont, inner));
        for (let n = 0; n < s.binders.length; n++) lines.push("}");
        return lines;
      }
      case "CallStmt": {
        const proc = this.spec.procedures.find((p) => p.name.name === s.callee.name);
        if (!proc) throw new Error(`internal: unknown procedure ${s.callee.name}`);
        const ret = this.nextAfter(stmts, i, cont);
        const lines = ["{"];
        const locals = new Map<number, string>();
        proc.params.forEach((p, n) => {
          const arg = s.args[n];
          if (!arg) return;
          const name = `a_${p.name.name}`;
          lines.push(`const ${name} = ${this.ec.expr(arg, env)};`);
          const pt = this.spec.declTypes.get(p.id) ?? UNKNOWN;
          lines.push(...checkStmts(pt, name, str(`${proc.name.name}(${p.name.name})`), this.ec.loc(arg), this.ec.bound));
          locals.set(p.id, name);
        });
        const fenv: Env = { ...env, procedure: proc, frameLocals: locals };
        for (const l of proc.locals) {
          const name = `a_${l.name.name}`;
          lines.push(`const ${name} = ${this.ec.expr(l.init, fenv)};`);
          // Checked like the parameters: a local's declared range is relied on (packing, static bounds).
          const lt = this.spec.declTypes.get(l.id) ?? UNKNOWN;
          if (!this.ec.intervals.provablyIn(l.init, lt)) lines.push(...checkStmts(lt, name, str(`${proc.name.name}(${l.name.name})`), this.ec.loc(l.init), this.ec.bound));
          locals.set(l.id, name);
        }
        let retExpr: string;
        if (ret === "tail") {
          // `call q; return;` returns straight to our own caller: our frame goes away now.
          const own = ctx.owner.decl.name.name;
          lines.push(`const r = ${t}.${own}[pid]!.ret;`, `${t}.${own} = setAt(${t}.${own}, pid, null);`);
          retExpr = "r";
        } else if (ret.kind === "label") retExpr = str(this.pcOf(ctx.owner, ret.name));
        else if (ret.kind === "done") retExpr = '"Done"';
        else throw new Error("internal: call in an action");
        const fields = [`ret: ${retExpr}`, ...[...proc.params, ...proc.locals].map((x) => `${fieldName(x.name.name)}: a_${x.name.name}`)];
        const first = proc.body[0]?.label?.name ?? "Start";
        lines.push(
          `${t}.${proc.name.name} = setAt(${t}.${proc.name.name}, pid, { ${fields.join(", ")} });`,
          this.setPc(ctx, str(`${proc.name.name}.${first}`)),
          ...this.report(ctx),
          "}",
        );
        return lines;
      }
    }
  }

  /** Statements assigning `value` to a variable with a path. */
  private assign(r: Ref, path: readonly PathSeg[], value: string, ctx: Ctx, at: Stmt, what: string): string[] {
    const t = ctx.draft;
    const declType = this.refType(r);
    const leaf = this.leafType(declType, path);
    // `none` needs no range check (and `const v = null` would only confuse TypeScript's narrowing).
    const check = needsCheck(leaf) && value !== "null" ? checkStmts(leaf, "v", str(what), this.ec.loc(at), this.ec.bound) : [];
    const v = check.length ? "v" : value;
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
    return check.length ? ["{", `const v = ${value};`, ...check, stmt, "}"] : [stmt];
  }

  private lock(s: Extract<Stmt, { kind: "LockStmt" }>, ctx: Ctx): string[] {
    const r = this.spec.refs.get(s.id);
    if (!r || r.kind !== "var") throw new Error("internal: unresolved lock");
    const t = ctx.draft;
    const name = str(this.targetText(s));
    const loc = this.ec.loc(s);
    const cur = this.readPath(`${t}.${fieldName(r.decl.name.name)}`, this.refType(r), s.path, ctx.env);
    const fn = { acquire: "mutexAcquire", release: "mutexRelease", read_lock: "readLock", read_unlock: "readUnlock", write_lock: "writeLock", write_unlock: "writeUnlock" }[s.op];
    const call = `${fn}(${cur}, pid, ${name}, ${loc})`;
    const blocking = s.op === "acquire" || s.op === "read_lock" || s.op === "write_lock";
    if (!blocking) return this.assign(r, s.path, call, ctx, s, this.targetText(s));
    // `l!`: TypeScript may stop narrowing `l` in very large step methods; it is defined here.
    return ["{", `const l = ${call};`, `if (l === undefined) ${this.disable(ctx)}`, ...this.assign(r, s.path, "l!", ctx, s, this.targetText(s)), "}"];
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
      else cur = cur.kind === "map" ? cur.value : cur.kind === "seq" ? cur.elem : UNKNOWN;
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
