/**
 * Pass 7 of the checker: the workloads. Each constant override is checked against the constant's type
 * and the dependency order of the constants, each `run` against the processes, the `expect` against
 * the invariants and properties, each constraint as a state predicate; a workload without `expect` is
 * an error.
 */
import type { ConstDecl, Expectation, Expr } from "../parse/ast.js";
import { error } from "../diagnostics/diagnostic.js";
import { didYouMean, type Analyzer, type Ctx } from "./analyze.js";
import type { CheckedWorkload } from "./checked.js";
import { BOOL, UNKNOWN } from "./types.js";
import { exprReads, namesIn } from "./reads.js";
import type { Declarations } from "./declarations.js";

/** What the workloads are checked against: the declarations (processes macro-expanded), and the constants in dependency order. */
export type WorkloadScope = Pick<
  Declarations,
  "workloads" | "consts" | "processes" | "invariants" | "properties" | "defs" | "refinesDecl" | "checkDeadlock"
> & {
  readonly ordered: readonly ConstDecl[];
};

/** Pass 7: the checked workloads (errors go to `an`'s diagnostics). */
export function workloadsPass(an: Analyzer, scope: WorkloadScope, pureCtx: Ctx): CheckedWorkload[] {
  const diags = an.out.diagnostics;
  const { workloads, consts, ordered, processes, invariants, properties, defs, refinesDecl, checkDeadlock } = scope;
  const checkedWorkloads: CheckedWorkload[] = [];
  for (const w of workloads) {
    const constants = new Map<string, Expr>();
    const run = new Map<string, Expr | undefined>();
    let expect: Expectation | undefined;
    let wDeadlock = checkDeadlock;
    const constraints: Expr[] = [];
    for (const it of w.items) {
      switch (it.kind) {
        case "WConst": {
          const c = consts.find((x) => x.name.name === it.name.name);
          if (!c) {
            diags.push(
              error(
                "E601",
                `workload \`${w.name.name}\` sets \`${it.name.name}\`, which is not a constant of this spec${didYouMean(
                  it.name.name,
                  consts.map((x) => x.name.name),
                )}`,
                it.name.span,
              ),
            );
            break;
          }
          an.constExpr(it.value, an.out.declTypes.get(c.id) ?? UNKNOWN, `in the value of \`${it.name.name}\` in workload \`${w.name.name}\``);
          {
            // Constants are computed in dependency order; an override may only use constants computed before it.
            const used = new Set<string>();
            namesIn(it.value, used);
            const at = ordered.indexOf(c);
            for (const n of used) {
              const other = ordered.findIndex((x) => x.name.name === n);
              if (other >= 0 && other >= at) {
                diags.push(
                  error(
                    "E209",
                    n === it.name.name
                      ? `workload \`${w.name.name}\` sets \`${n}\` from itself`
                      : `workload \`${w.name.name}\` sets \`${it.name.name}\` from \`${n}\`, which is computed after it (constants are evaluated in dependency order)`,
                    it.value.span,
                  ),
                );
              }
            }
          }
          constants.set(it.name.name, it.value);
          break;
        }
        case "WRun": {
          const p = processes.find((x) => x.name.name === it.process.name);
          if (!p) {
            diags.push(
              error(
                "E602",
                `workload \`${w.name.name}\` runs \`${it.process.name}\`, which is not a process of this spec${didYouMean(
                  it.process.name,
                  processes.map((x) => x.name.name),
                )}`,
                it.process.span,
              ),
            );
            break;
          }
          if (it.instances)
            an.constExpr(it.instances, { kind: "set", elem: UNKNOWN }, `in the instances of \`${it.process.name}\` in workload \`${w.name.name}\``);
          if (it.instances && p.symmetric) {
            // A subset of the instances would make the running ones distinguishable from the others.
            diags.push(
              error(
                "E709",
                `symmetric process \`${p.name.name}\` always runs one instance per value of its symmetric type; write \`run ${p.name.name};\` and set the type's size with a constant`,
                it.instances.span,
              ),
            );
          }
          run.set(it.process.name, it.instances);
          break;
        }
        case "WExpect": {
          const ex = it.expect;
          if (ex.kind === "violates" && ex.property.name === "refinement") {
            if (!refinesDecl) {
              diags.push(
                error(
                  "E378",
                  '`expect violates refinement`: this spec declares no `refines "abstract.tspec" with { … }`, so there is no refinement to violate',
                  ex.property.span,
                ),
              );
            }
          } else if (
            ex.kind === "violates" &&
            !invariants.some((i) => i.name.name === ex.property.name) &&
            !properties.some((p) => p.name.name === ex.property.name)
          ) {
            diags.push(
              error(
                "E603",
                `\`expect violates ${ex.property.name}\`: there is no invariant or property \`${ex.property.name}\`${didYouMean(
                  ex.property.name,
                  [...invariants, ...properties].map((i) => i.name.name),
                )}`,
                ex.property.span,
              ),
            );
          }
          expect = ex;
          break;
        }
        case "WConstraint": {
          const t = an.expr(it.cond, an.global, pureCtx);
          an.expectType(t, BOOL, it.cond.span, `in the constraint of workload \`${w.name.name}\``);
          const reads = new Set<string>();
          exprReads({ procReads: an.out.procReads, refs: an.out.refs, defs }, it.cond, reads);
          if (reads.size === 0 && t.kind === "bool") {
            diags.push(
              error(
                "E350",
                `the constraint of workload \`${w.name.name}\` reads no state variable or process state: it keeps every state or none; set a constant in the workload instead`,
                it.cond.span,
              ),
            );
          }
          constraints.push(it.cond);
          break;
        }
        case "WOption":
          if (it.option.name !== "deadlock")
            diags.push(error("E605", `unknown check option \`${it.option.name}\`; the only option is \`deadlock\``, it.option.span));
          else wDeadlock = it.value;
          break;
      }
    }
    if (!expect) {
      diags.push(error("E604", `workload \`${w.name.name}\` has no \`expect\`; say which verdict CI should see (e.g. \`expect holds;\`)`, w.name.span));
      continue;
    }
    checkedWorkloads.push({ decl: w, name: w.name.name, constants, run, expect, checkDeadlock: wDeadlock, constraints, span: w.span });
  }
  return checkedWorkloads;
}
