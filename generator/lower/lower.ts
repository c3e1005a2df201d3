/**
 * Lowers a checked spec into the step IR (`ir.ts`): the one place that decides what an atomic step is.
 *
 * A step starts at a label (or is an action) and runs statements until control reaches another label,
 * a `goto`, `return`, `call`, the end of the body (`Done` / return), or, inside a `while` body, the end
 * of the body (back to the `while`'s label, which tests the condition again as a new step). A `while`
 * met at the head of its own step is an `if`: the body when the condition holds, the statements after
 * the loop when it does not. Statements after a compound statement (`if`, `either`, `with`) are
 * lowered once, as a `join` that every branch reaching the end of the compound `jump`s to.
 */
import type { ActionDecl, ProcedureDecl, ProcessDecl, Stmt } from "../parse/ast.js";
import type { CheckedSpec } from "../check/checked.js";
import { childLists } from "../check/control.js";
import type { CallReturn, LoweredSpec, LoweredStep, Node, Owner, Target } from "./ir.js";

/** Where control goes when the statement lists of the current path are exhausted. */
type After = { readonly kind: "target"; readonly target: Target } | { readonly kind: "jump"; readonly id: number };

/** The statements still to run after the current list, innermost first, then `after`. */
interface Cont {
  readonly rest: readonly { readonly stmts: readonly Stmt[]; readonly i: number }[];
  readonly after: After;
}

type JoinNode = Extract<Node, { kind: "join" }>;

export function lowerSpec(spec: CheckedSpec): LoweredSpec {
  const steps: LoweredStep[] = [];
  for (const p of spec.processes) steps.push(...lowerBody(spec, { kind: "process", decl: p }));
  for (const p of spec.procedures) steps.push(...lowerBody(spec, { kind: "procedure", decl: p }));
  for (const a of spec.actions) steps.push(lowerAction(spec, a));
  const entries = new Map<ProcessDecl | ProcedureDecl, string>();
  for (const s of steps) if (s.entry && s.owner.kind !== "action" && s.label !== undefined) entries.set(s.owner.decl, s.label);
  return { steps, entries };
}

/** Every labelled statement of a body with the continuation that follows its statement list. */
function labelSites(body: readonly Stmt[], end: Target): { label: string; stmts: readonly Stmt[]; i: number; cont: Cont; stmt: Stmt }[] {
  const out: { label: string; stmts: readonly Stmt[]; i: number; cont: Cont; stmt: Stmt }[] = [];
  const walk = (stmts: readonly Stmt[], cont: Cont): void => {
    stmts.forEach((s, i) => {
      if (s.label) out.push({ label: s.label.name, stmts, i, cont, stmt: s });
      const next: Cont = { rest: [{ stmts, i: i + 1 }, ...cont.rest], after: cont.after };
      // The end of a `while` body goes back to the loop's label (a new step tests the condition).
      if (s.kind === "WhileStmt") walk(s.body, { rest: [], after: { kind: "target", target: { kind: "label", label: (s.label as { name: string }).name } } });
      else for (const child of childLists(s)) walk(child, next);
    });
  };
  walk(body, { rest: [], after: { kind: "target", target: end } });
  return out;
}

/** No choice and no `call` anywhere inside: every path through it stays in the same draft and step. */
function plain(s: Stmt): boolean {
  if (s.kind === "EitherStmt" || s.kind === "WithStmt" || s.kind === "CallStmt") return false;
  return childLists(s).every((l) => l.every(plain));
}

function lowerBody(spec: CheckedSpec, owner: Extract<Owner, { kind: "process" | "procedure" }>): LoweredStep[] {
  const end: Target = owner.kind === "process" ? { kind: "done" } : { kind: "return" };
  return labelSites(owner.decl.body, end).map((site) => {
    const l = new StepLowerer(spec, owner);
    const root = l.seq(site.stmts, site.i, site.cont, true);
    return { owner, label: site.label, entry: site.stmt === owner.decl.body[0], span: site.stmt.span, params: [], root, joins: l.joins };
  });
}

function lowerAction(spec: CheckedSpec, a: ActionDecl): LoweredStep {
  const l = new StepLowerer(spec, { kind: "action", decl: a });
  const root = l.seq(a.body, 0, { rest: [], after: { kind: "target", target: { kind: "action" } } }, false);
  return { owner: { kind: "action", decl: a }, entry: true, span: a.span, params: a.params, ...(a.guard ? { guard: a.guard } : {}), root, joins: l.joins };
}

class StepLowerer {
  readonly joins = new Map<number, JoinNode>();
  private nextJoin = 0;
  private eithers = 0;
  /** Jumps made to each join id (a join nobody jumps to is dropped). */
  private readonly jumps = new Map<number, number>();

  constructor(
    readonly spec: CheckedSpec,
    readonly owner: Owner,
  ) {}

  private end(target: Target, s: { span: Stmt["span"] }): Node {
    return { kind: "end", target, span: s.span };
  }

  private after(a: After, at: { span: Stmt["span"] }): Node {
    if (a.kind === "jump") {
      this.jumps.set(a.id, (this.jumps.get(a.id) ?? 0) + 1);
      return { kind: "jump", id: a.id, span: at.span };
    }
    return this.end(a.target, at);
  }

  /** The target of `goto name`. */
  private gotoTarget(name: string): Target {
    if (name !== "Done") return { kind: "label", label: name };
    return this.owner.kind === "procedure" ? { kind: "return" } : { kind: "done" };
  }

  /** Lowers statement `i` of `stmts` and everything after it in the step. `head`: `stmts[i]` starts the step (its label is the step's own). */
  seq(stmts: readonly Stmt[], i: number, cont: Cont, head: boolean): Node {
    const s = stmts[i];
    if (!s) {
      const [first, ...rest] = cont.rest;
      if (first) return this.seq(first.stmts, first.i, { rest, after: cont.after }, false);
      return this.after(cont.after, stmts[stmts.length - 1] ?? (this.owner.decl as { span: Stmt["span"] }));
    }
    if (!head && s.label) return this.end({ kind: "label", label: s.label.name }, s);
    const next = (): Node => this.seq(stmts, i + 1, cont, false);
    const k: Cont = { rest: [{ stmts, i: i + 1 }, ...cont.rest], after: cont.after };
    switch (s.kind) {
      case "SkipStmt":
        return next();
      case "BlockStmt":
        return this.seq(s.body, 0, k, false);
      case "AssignStmt":
        return { kind: "assign", stmt: s, span: s.span, next: next() };
      case "AwaitStmt":
        return { kind: "guard", cond: s.cond, span: s.span, next: next() };
      case "AssertStmt":
        return { kind: "assert", stmt: s, span: s.span, next: next() };
      case "LockStmt":
        return { kind: "lock", stmt: s, blocking: s.op === "acquire" || s.op === "read_lock" || s.op === "write_lock", span: s.span, next: next() };
      case "GotoStmt":
        return this.end(this.gotoTarget(s.target.name), s);
      case "ReturnStmt":
        return this.end({ kind: "return" }, s);
      case "CallStmt": {
        const callee = this.spec.procedures.find((p) => p.name.name === s.callee.name);
        if (!callee) throw new Error(`internal: unknown procedure ${s.callee.name}`);
        // The checker requires every body to start with a label (E502).
        const entry = callee.body[0]?.label?.name ?? "";
        return this.end({ kind: "call", stmt: s, callee, entry, ret: this.returnAddress(stmts, i, cont) }, s);
      }
      case "WhileStmt": {
        // Only reached as the head of its own step (a while is always labelled): test, then either the
        // body (which ends back at the label) or the statements after the loop.
        const label = (s.label as { name: string }).name;
        const body = this.seq(s.body, 0, { rest: [], after: { kind: "target", target: { kind: "label", label } } }, false);
        return { kind: "if", cond: s.cond, span: s.span, then: body, else: next() };
      }
      case "IfStmt":
      case "EitherStmt":
      case "WithStmt":
        return this.compound(s, stmts, i, cont);
    }
  }

  /**
   * An `if`, `either` or `with` followed by the rest of the step. The rest is lowered once: when it is
   * a single leaf each branch ends with (a copy of) it, otherwise the branches jump to a shared join.
   */
  private compound(s: Extract<Stmt, { kind: "IfStmt" | "EitherStmt" | "WithStmt" }>, stmts: readonly Stmt[], i: number, cont: Cont): Node {
    const pick = s.kind === "EitherStmt" ? (++this.eithers === 1 ? "either" : `either${this.eithers}`) : "";
    // A rest that is a single leaf (a label, `goto`, the end of the body…) is simply re-lowered at the end
    // of each branch, through the original continuation, so that a `call` ending a branch still sees the
    // statement after the compound as its return address. Any other rest becomes a shared join.
    // (A plain `if` joins even then: its rest is emitted once, after the `if`, as in hand-written code.)
    const leaf = this.leafRest(stmts, i + 1, cont) && !(s.kind === "IfStmt" && plain(s));
    const id = leaf ? undefined : this.nextJoin++;
    const inner: Cont = id === undefined ? { rest: [{ stmts, i: i + 1 }, ...cont.rest], after: cont.after } : { rest: [], after: { kind: "jump", id } };
    let body: Node;
    switch (s.kind) {
      case "IfStmt":
        body = { kind: "if", cond: s.cond, span: s.span, then: this.seq(s.then, 0, inner, false), else: this.seq(s.else ?? [], 0, inner, false) };
        break;
      case "EitherStmt":
        body = { kind: "either", pick, span: s.span, branches: s.branches.map((b) => this.seq(b, 0, inner, false)) };
        break;
      case "WithStmt":
        body = { kind: "with", binders: s.binders, span: s.span, body: this.seq(s.body, 0, inner, false) };
        break;
    }
    // No branch reaches the end of the compound (each ends at a label, `goto`, …): there is no rest.
    if (id === undefined || !this.jumps.get(id)) return body;
    const join: JoinNode = { kind: "join", id, span: s.span, body, then: this.seq(stmts, i + 1, cont, false) };
    this.joins.set(id, join);
    return join;
  }

  /** True when the statements from `i` on end the step at once (nothing but `skip`s before a label, `goto`, `return` or the end). */
  private leafRest(stmts: readonly Stmt[], i: number, cont: Cont): boolean {
    const s = stmts[i];
    if (!s) {
      const [first, ...rest] = cont.rest;
      return first ? this.leafRest(first.stmts, first.i, { rest, after: cont.after }) : true;
    }
    if (s.label || s.kind === "GotoStmt" || s.kind === "ReturnStmt") return true;
    if (s.kind === "SkipStmt") return this.leafRest(stmts, i + 1, cont);
    return false;
  }

  /** Where a `call` at statement `i` of `stmts` returns to: the statement after it (the checker makes it a label, `goto` or `return`). */
  private returnAddress(stmts: readonly Stmt[], i: number, cont: Cont): CallReturn {
    const next = stmts[i + 1];
    if (next) {
      if (next.label) return { kind: "label", label: next.label.name };
      if (next.kind === "GotoStmt") {
        const t = this.gotoTarget(next.target.name);
        return t.kind === "label" ? t : t.kind === "done" ? { kind: "done" } : { kind: "tail" };
      }
      if (next.kind === "ReturnStmt") return { kind: "tail" };
      throw new Error("internal: call not followed by a label (the checker enforces E505)");
    }
    const [first, ...rest] = cont.rest;
    if (first) return this.returnAddress(first.stmts, first.i - 1, { rest, after: cont.after });
    if (cont.after.kind === "jump") throw new Error("internal: call at the end of a branch with a shared continuation");
    const t = cont.after.target;
    if (t.kind === "label") return t;
    if (t.kind === "done") return { kind: "done" };
    if (t.kind === "return") return { kind: "tail" };
    throw new Error("internal: call in an action");
  }
}
