/**
 * The lowered step IR: every atomic step of a checked spec (a process or procedure label, an action)
 * as an explicit tree. Walking a tree from its root to a leaf is one way the step can run; the leaf
 * says where control goes next. Everything downstream that needs the control flow of a step (code
 * emission, partial-order metadata, `blocked`, lock gates) reads this tree instead of the AST, so the
 * rule for "what one atomic step is" lives in one place (`lower.ts`).
 *
 * Sharing: the statements after a compound statement (`either {A} or {B}; C`) are lowered once, as the
 * `then` of a `join` node; the branches end in `jump` leaves naming that join. The tree stays linear in
 * the size of the source (k sequential `either`s do not copy their tails 2^k times).
 */
import type { ActionDecl, AssertStmt, AssignStmt, Binder, CallStmt, Expr, LockStmt, ProcedureDecl, ProcessDecl, Span } from "../parse/ast.js";

/** Where control goes when a path through a step ends. */
export type Target =
  /** The step at this label of the same body runs next (its pc becomes the label). */
  | { readonly kind: "label"; readonly label: string }
  /** The process finishes (pc `Done`); it must hold no lock. */
  | { readonly kind: "done" }
  /** The procedure returns: its frame goes away, pc becomes the frame's return address. */
  | { readonly kind: "return" }
  /** A procedure call: a frame is pushed and the callee's first label runs next. */
  | { readonly kind: "call"; readonly stmt: CallStmt; readonly callee: ProcedureDecl; readonly entry: string; readonly ret: CallReturn }
  /** The end of an action (actions have no control state). */
  | { readonly kind: "action" };

/** Where a call returns to: a label of the caller's body, the end of the process, or the caller's own caller (`call q; return;`). */
export type CallReturn = { readonly kind: "label"; readonly label: string } | { readonly kind: "done" } | { readonly kind: "tail" };

export type Node =
  /** `await cond`: the path is disabled (produces no successor) unless `cond` holds. */
  | { readonly kind: "guard"; readonly cond: Expr; readonly span: Span; readonly next: Node }
  /** A lock statement; a blocking one (acquire, read_lock, write_lock) is a guard (the lock is available) plus an update. */
  | { readonly kind: "lock"; readonly stmt: LockStmt; readonly blocking: boolean; readonly span: Span; readonly next: Node }
  | { readonly kind: "assign"; readonly stmt: AssignStmt; readonly span: Span; readonly next: Node }
  | { readonly kind: "assert"; readonly stmt: AssertStmt; readonly span: Span; readonly next: Node }
  /** A deterministic test: an `if`, or the head of a `while` (its `else` is the loop exit). */
  | { readonly kind: "if"; readonly cond: Expr; readonly span: Span; readonly then: Node; readonly else: Node }
  /** `either`: each branch is its own path. `pick` names the choice in the transition's picks (`either`, `either2`, … per step). */
  | { readonly kind: "either"; readonly pick: string; readonly span: Span; readonly branches: readonly Node[] }
  /** `with`: one path per combination of binder values (none when a domain is empty). */
  | { readonly kind: "with"; readonly binders: readonly Binder[]; readonly span: Span; readonly body: Node }
  /** Runs `body`; its `jump` leaves with this `id` continue with `then` (the shared rest of the step). */
  | { readonly kind: "join"; readonly id: number; readonly span: Span; readonly body: Node; readonly then: Node }
  | { readonly kind: "jump"; readonly id: number; readonly span: Span }
  /** The step ends: report the successor and move control to `target`. */
  | { readonly kind: "end"; readonly target: Target; readonly span: Span };

export type Owner =
  | { readonly kind: "process"; readonly decl: ProcessDecl }
  | { readonly kind: "procedure"; readonly decl: ProcedureDecl }
  | { readonly kind: "action"; readonly decl: ActionDecl };

/** One atomic step. */
export interface LoweredStep {
  readonly owner: Owner;
  /** The label starting the step (processes and procedures); actions have none. */
  readonly label?: string;
  /** The step is its body's first (where a process starts, or a call enters its procedure). */
  readonly entry: boolean;
  /** The labelled statement (or the action) the step starts at. */
  readonly span: Span;
  /** Action parameters: one instance of the step per binding (empty for labels). */
  readonly params: readonly Binder[];
  /** Action `when` guard, tested before `root` runs. */
  readonly guard?: Expr;
  readonly root: Node;
  /** Join nodes of `root` by id (for walks that follow `jump`s). */
  readonly joins: ReadonlyMap<number, Extract<Node, { kind: "join" }>>;
}

export interface LoweredSpec {
  /** Process labels (in body order, per process), then procedure labels, then actions: the step table order. */
  readonly steps: readonly LoweredStep[];
  /** The first label of each process and procedure body (its initial pc / where a call enters). */
  readonly entries: ReadonlyMap<ProcessDecl | ProcedureDecl, string>;
}

/** The child nodes of a node (a `jump` has none: its continuation is its join's `then`). */
export function children(n: Node): readonly Node[] {
  switch (n.kind) {
    case "guard":
    case "lock":
    case "assign":
    case "assert":
      return [n.next];
    case "if":
      return [n.then, n.else];
    case "either":
      return n.branches;
    case "with":
      return [n.body];
    case "join":
      return [n.body, n.then];
    case "jump":
    case "end":
      return [];
  }
}

/** Every node of a step, each once (shared continuations are visited once). */
export function nodesOf(root: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    out.push(n);
    for (const c of children(n)) walk(c);
  };
  walk(root);
  return out;
}
