/**
 * Static read/write sets and control-flow successors of lowered atomic steps (`generator/lower/`), for
 * partial-order reduction. Over-approximate on purpose: every node that may run in the step counts,
 * both branches of every `if`, every choice, and the bodies of the definitions it uses.
 */
import type { AssignStmt, Expr } from "../parse/ast.js";
import type { CheckedSpec } from "../check/checked.js";
import { children, nodesOf, type LoweredStep, type Node } from "../lower/ir.js";
import { exprReads, PROC_STATE } from "../check/reads.js";

export { exprReads, PROC_STATE };

export interface Access {
  readonly reads: Set<string>;
  readonly writes: Set<string>;
  /**
   * Per written variable, the direction of every write to it: "up" when none can decrease it
   * (`x = x + 3`, `b = true`), "down" when none can increase it (`x = x - 1`, `b = false`), "any"
   * otherwise. Partial-order reduction uses it to tell which steps can make `busy == 0` true.
   */
  readonly effects: Map<string, "up" | "down" | "any">;
  /**
   * Int variables the step touches only through `x = x + k` / `x = x - k` statements (k a positive
   * literal): two such steps commute on x (same final value in either order; the only read of x is in
   * the update, so neither enables or disables the other through it). Partial-order reduction.
   */
  readonly counters: Set<string>;
}

/** The direction of `target = value` for a whole variable (see `Access.effects`). */
function direction(spec: CheckedSpec, declId: number, value: Expr): "up" | "down" | "any" {
  if (value.kind === "BoolLit") return value.value ? "up" : "down";
  if (value.kind !== "BinaryExpr" || (value.op !== "add" && value.op !== "sub")) return "any";
  const self = (e: Expr): boolean => {
    if (e.kind !== "NameExpr") return false;
    const r = spec.refs.get(e.id);
    return r?.kind === "var" && r.decl.id === declId;
  };
  const pos = (e: Expr): boolean => e.kind === "IntLit" && e.value > 0n;
  if (value.op === "add" && ((self(value.left) && pos(value.right)) || (pos(value.left) && self(value.right)))) return "up";
  if (value.op === "sub" && self(value.left) && pos(value.right)) return "down";
  return "any";
}

/** The access sets of a lowered step (every node of it, plus an action's parameter domains and guard). */
export function stepAccess(spec: CheckedSpec, step: LoweredStep): Access {
  const acc: Access = { reads: new Set(), writes: new Set(), effects: new Map(), counters: new Set() };
  // Reads other than the counter updates' own read of their variable.
  const plain = new Set<string>();
  const counted = new Set<string>();
  const rd = (e: unknown): void => {
    exprReads(spec, e, acc.reads);
    exprReads(spec, e, plain);
  };
  const effect = (v: string, d: "up" | "down" | "any"): void => {
    const had = acc.effects.get(v);
    acc.effects.set(v, had === undefined || had === d ? d : "any");
  };
  rd(step.params.map((b) => b.domain));
  if (step.guard) rd(step.guard);
  const node = (n: Node): void => {
    switch (n.kind) {
      case "assign": {
        const s = n.stmt;
        const r = spec.refs.get(s.id);
        if (r?.kind === "var") {
          const v = r.decl.name.name;
          acc.writes.add(v);
          const d = s.path.length ? "any" : direction(spec, r.decl.id, s.value);
          effect(v, d);
          if (d !== "any" && s.value.kind === "BinaryExpr") {
            // `v = v ± k`: its read of v is the counter's own.
            counted.add(v);
            exprReads(spec, s.value, acc.reads);
            return;
          }
          if (s.path.length) {
            acc.reads.add(v);
            plain.add(v);
          }
          // Any other write of v is a plain access too (it does not commute with a counter update).
          plain.add(v);
        }
        rd(s.path);
        rd(s.value);
        return;
      }
      case "lock": {
        const s = n.stmt;
        const r = spec.refs.get(s.id);
        if (r?.kind === "var") {
          acc.writes.add(r.decl.name.name);
          acc.reads.add(r.decl.name.name);
          plain.add(r.decl.name.name);
          effect(r.decl.name.name, "any");
        }
        rd(s.path);
        return;
      }
      case "end":
        if (n.target.kind === "call") {
          rd(n.target.stmt.args);
          rd(n.target.callee.locals.map((l) => l.init));
        }
        return;
      case "if":
      case "guard":
        rd(n.cond);
        return;
      case "assert":
        rd(n.stmt.cond);
        return;
      case "with":
        rd(n.binders);
        return;
      default:
        return;
    }
  };
  for (const n of nodesOf(step.root)) node(n);
  for (const v of counted) if (!plain.has(v)) acc.counters.add(v);
  return acc;
}

/** Change of whole int variables along a path of a step: [least, greatest], ±Infinity when unknown. */
export type Deltas = Map<string, readonly [number, number]>;

/** Where a step may hand control to next, within its own instance (see `stepFlow`). */
export interface StepFlow {
  /** Labels of the same body the step may go to. */
  readonly labels: Set<string>;
  /** The step may return from its procedure. */
  ret: boolean;
  /** Procedures the step may call, with where each call returns: a label of this body, the end of the process, or the caller's own return (a tail call). */
  readonly calls: {
    readonly proc: string;
    readonly ret: { readonly kind: "label"; readonly name: string } | { readonly kind: "done" } | { readonly kind: "tail" };
  }[];
  /** The walk met a shape it does not model: the step's successors are unknown. */
  unknown: boolean;
  /**
   * Per way out of the step ("label:L", "call:P", "ret", "done"): how much each whole int variable the
   * step writes changes along the paths taking it (`x = x ± k` counts exactly, any other write makes
   * it unknown). Partial-order reduction bounds how far other instances can move a counter.
   */
  readonly deltas: Map<string, Deltas>;
}

/**
 * The control-flow successors of a lowered step: the targets of its leaves (both branches of every
 * `if`, every choice). Over-approximate (a branch that is never taken still counts), which is what
 * partial-order reduction needs: an instance's future steps are those reachable from its current one
 * through these edges. Each path carries the changes of whole int variables it makes.
 */
export function stepFlow(spec: CheckedSpec, step: LoweredStep): StepFlow {
  const flow: StepFlow = { labels: new Set(), ret: false, calls: [], unknown: false, deltas: new Map() };
  // A shared rest is walked once per distinct set of changes reaching it, or sequential `if`s would
  // walk their common tail once per path.
  const seen = new Map<number, Set<string>>();
  const out = (key: string, d: Deltas): void => {
    const had = flow.deltas.get(key);
    if (!had) {
      flow.deltas.set(key, new Map(d));
      return;
    }
    // Merge: variables changed on one path only change by 0 on the others.
    for (const v of new Set([...had.keys(), ...d.keys()])) {
      const a = had.get(v) ?? [0, 0];
      const b = d.get(v) ?? [0, 0];
      had.set(v, [Math.min(a[0], b[0]), Math.max(a[1], b[1])]);
    }
  };
  /** `d` after assignment `s` (whole int variables only). */
  const assign = (s: AssignStmt, d: Deltas): Deltas => {
    const r = spec.refs.get(s.id);
    if (r?.kind !== "var" || s.path.length > 0 || (spec.declTypes.get(r.decl.id)?.kind ?? "") !== "int") return d;
    const v = r.decl.name.name;
    const cur = d.get(v) ?? [0, 0];
    const dir = direction(spec, r.decl.id, s.value);
    const k =
      dir !== "any" && s.value.kind === "BinaryExpr"
        ? Number(((s.value.right.kind === "IntLit" ? s.value.right : s.value.left) as { value: bigint }).value)
        : undefined;
    const nd = new Map(d);
    nd.set(v, k === undefined ? [-Infinity, Infinity] : dir === "up" ? [cur[0] + k, cur[1] + k] : [cur[0] - k, cur[1] - k]);
    return nd;
  };
  const walk = (n: Node, d: Deltas): void => {
    switch (n.kind) {
      case "end": {
        const t = n.target;
        if (t.kind === "label") {
          flow.labels.add(t.label);
          out(`label:${t.label}`, d);
        } else if (t.kind === "return") {
          flow.ret = true;
          out("ret", d);
        } else if (t.kind === "done") out("done", d);
        else if (t.kind === "call") {
          flow.calls.push({ proc: t.callee.name.name, ret: t.ret.kind === "label" ? { kind: "label", name: t.ret.label } : t.ret });
          out(`call:${t.callee.name.name}`, d);
        } else flow.unknown = true;
        return;
      }
      case "jump": {
        const j = step.joins.get(n.id);
        if (!j) {
          flow.unknown = true;
          return;
        }
        const sig = [...d]
          .map(([v, [a, b]]) => `${v}:${a}:${b}`)
          .sort()
          .join(",");
        const ks = seen.get(n.id) ?? new Set<string>();
        if (ks.has(sig)) return;
        ks.add(sig);
        seen.set(n.id, ks);
        walk(j.then, d);
        return;
      }
      case "join":
        walk(n.body, d);
        return;
      case "assign":
        walk(n.next, assign(n.stmt, d));
        return;
      case "lock": {
        // A blocking acquire of a whole lock on this path: recorded as the pseudo-variable
        // `#lock:<name>:<mode>` changing by 1, so that merging paths keeps it only when every path to a
        // target acquires it (the least change is then 1). See `StepDef.nextLocks`.
        const s = n.stmt;
        const r = spec.refs.get(s.id);
        const mode = s.op === "acquire" ? "mutex" : s.op === "read_lock" ? "read" : s.op === "write_lock" ? "write" : undefined;
        if (r?.kind === "var" && s.path.length === 0 && mode !== undefined) {
          const nd = new Map(d);
          nd.set(`#lock:${r.decl.name.name}:${mode}`, [1, 1]);
          walk(n.next, nd);
        } else walk(n.next, d);
        return;
      }
      default:
        for (const c of children(n)) walk(c, d);
    }
  };
  walk(step.root, new Map());
  return flow;
}

/** The lock a step blocks on first: it starts by acquiring a whole (unindexed) lock variable. */
export function stepGate(spec: CheckedSpec, step: LoweredStep): { lock: string; mode: "mutex" | "read" | "write" } | undefined {
  const first = step.root;
  if (first.kind !== "lock" || first.stmt.path.length > 0) return undefined;
  const r = spec.refs.get(first.stmt.id);
  if (r?.kind !== "var") return undefined;
  const op = first.stmt.op;
  const mode = op === "acquire" ? "mutex" : op === "read_lock" ? "read" : op === "write_lock" ? "write" : undefined;
  return mode === undefined ? undefined : { lock: r.decl.name.name, mode };
}
