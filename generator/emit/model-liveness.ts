/**
 * What the liveness checker needs from the model: the temporal properties as formula trees over
 * compiled state predicates, and the fairness constraints of processes and actions (TLA+ WF/SF).
 */
import type { VariableStatementStructure } from "ts-morph";
import { tsMorph } from "./ts-morph.js";
import type { ActionDecl, Temporal } from "../parse/ast.js";
import { UNKNOWN } from "../check/types.js";
import type { Env } from "./expr.js";
import { str } from "./names.js";
import { tsType } from "./type-code.js";
import { loc, type ModelCtx, type StepInfo } from "./model-parts.js";

const { StructureKind, VariableDeclarationKind } = tsMorph;

/** The `properties` entries, and the FAIR_PROCESSES / FAIR_ACTIONS declaration. */
export function livenessTables(ctx: ModelCtx, steps: readonly StepInfo[]): { readonly propList: string[]; readonly fairness: VariableStatementStructure } {
  const { spec, ec, sc, env0 } = ctx;
  const formula = (t: Temporal, env: Env): string => {
    switch (t.kind) {
      case "TState":
        return `{ kind: "state", text: ${str(sc.sourceText(t.expr))}, holds: (s: State) => ${ec.expr(t.expr, env)} }`;
      case "TAlways":
        return `{ kind: "always", arg: ${formula(t.arg, env)} }`;
      case "TEventually":
        return `{ kind: "eventually", arg: ${formula(t.arg, env)} }`;
      case "TLeadsTo":
        return `{ kind: "leadsto", left: ${formula(t.left, env)}, right: ${formula(t.right, env)} }`;
      case "TImplies":
        return `{ kind: "implies", left: ${formula(t.left, env)}, right: ${formula(t.right, env)} }`;
      case "TForall": {
        // One `temporalForall` per binder; the domain is a constant set, evaluated once per property check.
        const go = (k: number, en: Env): string => {
          const b = t.binders[k];
          if (!b) return formula(t.body, en);
          const [n, inner] = ec.bind(en, b);
          // The checker proved that the domain reads no state variable (E366); a `def` it calls still takes
          // the state as an argument, which it does not read.
          const dom = ec.expr(b.domain, en);
          const values = /\bs\b/.test(dom) ? `{ const s = undefined as unknown as State; return ${dom}; }` : dom;
          return `temporalForall<State, ${tsType(spec.declTypes.get(b.id) ?? UNKNOWN)}>(${str(b.name.name)}, ${str(sc.sourceText(b.domain))}, () => ${values}, (${n}) => (${go(k + 1, inner)}))`;
        };
        return go(0, env);
      }
    }
  };
  const propList = spec.properties.map((p) => `{ name: ${str(p.name.name)}, loc: ${str(loc(p.span))}, formula: ${formula(p.body, env0)} }`);
  const fairProcs = spec.processes
    .filter((p) => p.fairness !== "none")
    .map((p) => {
      const reach = [p.name.name, ...spec.procedures.filter((q) => spec.callers.get(q.name.name)?.includes(p.name.name)).map((q) => q.name.name)];
      const ids = steps
        .filter((x) => x.owner.kind !== "action" && reach.includes(x.owner.decl.name.name) && (x.owner.kind === "procedure" || x.owner.decl === p))
        .map((x) => x.id);
      return `${str(p.name.name)}: { kind: ${str(p.fairness)}, steps: [${ids.join(", ")}] }`;
    });
  const fairActs = steps
    .filter((x) => x.owner.kind === "action" && x.owner.decl.fairness !== "none")
    .map((x) => {
      const d = x.owner.decl as ActionDecl;
      // `fair each action A(x in S, y in T)`: per binding of all parameters; `fair each x action …`: of x.
      const each = d.each === undefined ? "" : `, each: [${(d.each.names?.map((n) => n.name) ?? d.params.map((b) => b.name.name)).map(str).join(", ")}]`;
      return `{ kind: ${str(d.fairness)}, name: ${str(x.name)}, instance: -1, steps: [${x.id}]${each} }`;
    });
  const fairness: VariableStatementStructure = {
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["Fairness of processes (one constraint per instance) and actions (one for all bindings, or per binding with `each`), TLA+ WF/SF."],
    declarations: [
      {
        name: "FAIR_PROCESSES",
        type: 'Readonly<Record<string, { readonly kind: "weak" | "strong"; readonly steps: readonly number[] }>>',
        initializer: `{ ${fairProcs.join(", ")} }`,
      },
      { name: "FAIR_ACTIONS", type: "readonly FairnessConstraint[]", initializer: `[${fairActs.join(", ")}]` },
    ],
  };
  return { propList, fairness };
}
