/**
 * Reading a process's state from outside its code (issue 13 item 1): what PlusCal users write as
 * `pc[p] = "cs"` or `flag[p]` over the translation's functions. In spec2ts:
 *
 * - `Worker` (a process name, as an expression) is the set of the `self` values of its instances that
 *   run in the workload, so `forall p in Worker: …` quantifies over them;
 * - `Worker[p].pc == CS`, `!= CS`, `in {CS, Exit}`, `notin {…}` and `at(Worker[p], CS)` test its control
 *   label (`Done` when finished; labels of the procedures it calls count too, as in PlusCal's `pc`);
 * - `Worker[p].x` reads its local `x`.
 * A process without an instance set is written without the index: `P.pc == L`, `P.x`.
 *
 * The label is only ever compared, never a value of its own: no `Pc` type leaks into the type system,
 * and every use names the labels it means, so a typo is an error (E320), not a silently false test.
 * Results go to the `procReads` side table, keyed by the id of the expression they replace.
 */
import type { Expr, Ident, LocalDecl, ProcedureDecl, ProcessDecl, Span, Stmt } from "../parse/ast.js";
import { childLists, labelsOf } from "./control.js";
import type { ProcRead } from "./checked.js";
import { BOOL, UNKNOWN, type Type } from "./types.js";

/** What the analyzer offers this module (kept narrow so the module stays a pure helper). */
export interface ProcHost {
  readonly processes: ReadonlyMap<string, ProcessDecl>;
  readonly procedures: ReadonlyMap<string, ProcedureDecl>;
  readonly procReads: Map<number, ProcRead>;
  /** Declared types (a process's id → its `self` type). */
  readonly declTypes: ReadonlyMap<number, Type>;
  isShadowed(name: string): boolean;
  sub(e: Expr): Type;
  expectType(actual: Type, expected: Type, span: Span, what: string): void;
  err(code: string, message: string, span: Span): void;
  didYouMean(name: string, candidates: Iterable<string>): string;
}

/** A reference to one process instance: `Worker[p]` or a singleton `P`. */
interface InstanceRef {
  readonly process: ProcessDecl;
  readonly index?: Expr;
}

/** The process a name denotes here (not shadowed by a binder or local), if any. */
function processNamed(h: ProcHost, e: Expr): ProcessDecl | undefined {
  if (e.kind !== "NameExpr" || h.isShadowed(e.name.name)) return undefined;
  return h.processes.get(e.name.name);
}

/** `Worker[p]` or `P` when `e` has that shape; checks the index against the instance set. */
function instance(h: ProcHost, e: Expr): InstanceRef | undefined {
  if (e.kind === "IndexExpr") {
    const p = processNamed(h, e.target);
    if (!p) return undefined;
    const it = h.sub(e.index);
    if (!p.instances) {
      h.err("E322", `process \`${p.name.name}\` has a single instance: write \`${p.name.name}.pc\` or \`${p.name.name}.x\`, without an index`, e.index.span);
      return { process: p };
    }
    h.expectType(it, h.declTypes.get(p.id) ?? UNKNOWN, e.index.span, `as an instance of \`${p.name.name}\``);
    // A literal outside a literal range is certainly no instance (other cases depend on the workload:
    // `pid$of` reports them as a spec error at run time).
    const set = p.instances;
    if (
      e.index.kind === "IntLit" &&
      set.kind === "RangeExpr" &&
      set.lo.kind === "IntLit" &&
      set.hi.kind === "IntLit" &&
      (e.index.value < set.lo.value || e.index.value > set.hi.value)
    ) {
      h.err(
        "E325",
        `\`${p.name.name}[${e.index.value}]\` is not an instance: \`${p.name.name}\` runs for \`self in ${set.lo.value}..${set.hi.value}\``,
        e.index.span,
      );
    }
    return { process: p, index: e.index };
  }
  const p = processNamed(h, e);
  if (!p) return undefined;
  if (p.instances) {
    h.err(
      "E322",
      `\`${p.name.name}\` is a set of processes: name one instance, as in \`${p.name.name}[p]\` (e.g. \`forall p in ${p.name.name}: ${p.name.name}[p].pc == …\`)`,
      e.span,
    );
  }
  return { process: p };
}

/** The procedures a process may be inside (transitively called from its body). */
function calledBy(h: ProcHost, body: readonly Stmt[]): ProcedureDecl[] {
  const seen = new Map<string, ProcedureDecl>();
  const walk = (ss: readonly Stmt[]): void => {
    for (const s of ss) {
      if (s.kind === "CallStmt" && s.isCall && !seen.has(s.callee.name)) {
        const q = h.procedures.get(s.callee.name);
        if (q) {
          seen.set(q.name.name, q);
          walk(q.body);
        }
      }
      childLists(s).forEach(walk);
    }
  };
  walk(body);
  return [...seen.values()];
}

/**
 * The `pc` value of label `l` for process `p`: its own label, `Done`, or a label of a procedure it
 * calls (`proc.L`, as the generated `Pc` spells it). Undefined (after E320) when unknown or ambiguous.
 */
function pcValue(h: ProcHost, p: ProcessDecl, l: Ident): string | undefined {
  if (l.name === "Done") return "Done";
  if (labelsOf(p.body).some((x) => x.name === l.name)) return l.name;
  const procs = calledBy(h, p.body).filter((q) => labelsOf(q.body).some((x) => x.name === l.name));
  if (procs.length === 1) return `${(procs[0] as ProcedureDecl).name.name}.${l.name}`;
  if (procs.length > 1) {
    h.err(
      "E320",
      `label \`${l.name}\` is in several procedures that \`${p.name.name}\` calls (${procs.map((q) => q.name.name).join(", ")}); rename one`,
      l.span,
    );
    return undefined;
  }
  const all = [...labelsOf(p.body), ...calledBy(h, p.body).flatMap((q) => labelsOf(q.body))].map((x) => x.name);
  const hint = h.didYouMean(l.name, [...all, "Done"]);
  h.err("E320", `\`${p.name.name}\` has no label \`${l.name}\`${hint || `; its labels are ${[...all, "Done"].map((x) => `\`${x}\``).join(", ")}`}`, l.span);
  return undefined;
}

/** `Worker[p].pc` (or `P.pc`) when `e` has that shape. */
function pcOf(h: ProcHost, e: Expr): InstanceRef | undefined {
  if (e.kind !== "FieldExpr" || e.field.name !== "pc") return undefined;
  const target = e.target;
  if (target.kind === "IndexExpr" ? !processNamed(h, target.target) : !processNamed(h, target)) return undefined;
  return instance(h, target);
}

/** The labels named by the other side of a pc test: a bare label, or a set literal of them. */
function labelsIn(h: ProcHost, p: ProcessDecl, e: Expr, set: boolean): string[] | undefined {
  const names: Ident[] = [];
  if (!set && e.kind === "NameExpr") names.push(e.name);
  else if (set && e.kind === "SetLit" && e.elems.every((x) => x.kind === "NameExpr")) names.push(...e.elems.map((x) => (x as { name: Ident }).name));
  else {
    h.err(
      "E323",
      set
        ? "a process's `pc` can only be tested against a set literal of label names, such as `{CS, Done}`"
        : "a process's `pc` can only be compared with a label name (or `Done`)",
      e.span,
    );
    return undefined;
  }
  const pcs = names.map((n) => pcValue(h, p, n));
  return pcs.every((x) => x !== undefined) ? [...new Set(pcs as string[])] : undefined;
}

/**
 * The type of `e` when it reads a process's state (recording how in `procReads`), or undefined when
 * `e` is not such a read and the analyzer should go on as usual.
 */
export function procReadType(h: ProcHost, e: Expr): Type | undefined {
  switch (e.kind) {
    case "NameExpr": {
      const p = processNamed(h, e);
      if (!p) return undefined;
      h.procReads.set(e.id, { kind: "set", process: p });
      const self = h.declTypes.get(p.id) ?? UNKNOWN;
      return { kind: "set", elem: p.instances ? self : { kind: "int" } };
    }
    case "BinaryExpr": {
      if (e.op !== "eq" && e.op !== "ne" && e.op !== "in" && e.op !== "notin") return undefined;
      const setOp = e.op === "in" || e.op === "notin";
      // Either side for `==`/`!=` (`CS == Worker[p].pc` reads as well); the left for `in`.
      const leftPc = pcOf(h, e.left);
      const flip = !leftPc && !setOp ? pcOf(h, e.right) : undefined;
      const inst = leftPc ?? flip;
      if (!inst) return undefined;
      const labels = labelsIn(h, inst.process, leftPc ? e.right : e.left, setOp);
      if (labels) h.procReads.set(e.id, { kind: "at", process: inst.process, index: inst.index, pcs: labels, negate: e.op === "ne" || e.op === "notin" });
      return BOOL;
    }
    case "CallExpr": {
      if (e.callee.name !== "at") return undefined;
      const [target, label] = e.args;
      if (e.args.length !== 2 || !target || !label) {
        h.err("E324", "`at` takes a process instance and a label: `at(Worker[p], CS)`", e.span);
        return BOOL;
      }
      const inst = instance(h, target);
      if (!inst) {
        h.err(
          "E324",
          `the first argument of \`at\` must be a process instance such as \`Worker[p]\`, not \`${target.kind === "NameExpr" ? target.name.name : "this expression"}\``,
          target.span,
        );
        return BOOL;
      }
      const labels = labelsIn(h, inst.process, label, label.kind === "SetLit");
      if (labels) h.procReads.set(e.id, { kind: "at", process: inst.process, index: inst.index, pcs: labels, negate: false });
      return BOOL;
    }
    case "FieldExpr": {
      const target = e.target;
      if (target.kind === "IndexExpr" ? !processNamed(h, target.target) : !processNamed(h, target)) return undefined;
      const inst = instance(h, target);
      if (!inst) return undefined;
      if (e.field.name === "pc") {
        h.err(
          "E323",
          `\`${sourceName(inst)}.pc\` can only be compared with a label: \`${sourceName(inst)}.pc == L\`, \`!= L\`, \`in {L, M}\`, or \`at(${sourceName(inst)}, L)\``,
          e.span,
        );
        return UNKNOWN;
      }
      const local: LocalDecl | undefined = inst.process.locals.find((l) => l.name.name === e.field.name);
      if (!local) {
        const names = inst.process.locals.map((l) => l.name.name);
        const hint = h.didYouMean(e.field.name, [...names, "pc"]);
        h.err(
          "E321",
          `process \`${inst.process.name.name}\` has no local \`${e.field.name}\`${hint || `; it has ${[...names.map((n) => `\`${n}\``), "`pc`"].join(", ")}`}`,
          e.field.span,
        );
        return UNKNOWN;
      }
      h.procReads.set(e.id, { kind: "local", process: inst.process, index: inst.index, decl: local });
      return h.declTypes.get(local.id) ?? UNKNOWN;
    }
    case "IndexExpr": {
      // `Worker[p]` on its own is an instance, not a value.
      if (!processNamed(h, e.target)) return undefined;
      h.sub(e.index);
      h.err("E322", `\`${(e.target as { name: Ident }).name.name}[…]\` is a process instance, not a value: read its \`.pc\` or a local`, e.span);
      return UNKNOWN;
    }
    default:
      return undefined;
  }
}

function sourceName(i: InstanceRef): string {
  return i.index ? `${i.process.name.name}[…]` : i.process.name.name;
}
