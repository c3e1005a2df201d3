/**
 * The workload table of a model: the `constantsOf` defaults, the `workloads` record (constants, running
 * processes, expected verdict, constraints of each workload), `createModel`, `createRefinedModel` for an
 * abstract spec, and the `spec` entry the CLI and test runners find models by.
 */
import type { StatementStructures } from "ts-morph";
import { tsMorph } from "./ts-morph.js";
import type { Expectation, Expr } from "../parse/ast.js";
import type { CheckedSpec, CheckedWorkload } from "../check/checked.js";
import { UNKNOWN, type Type } from "../check/types.js";
import type { Env, ExprCompiler } from "./expr.js";
import { docText, jsName, str } from "./names.js";
import { checkExpr, checkStmts, needsCheck, tsType } from "./type-code.js";
import { loc } from "./model-parts.js";

const { StructureKind, VariableDeclarationKind } = tsMorph;

/** The workload declarations, after the model class named `className`; `refinedEntry` adds `createRefinedModel`. */
export function workloadDecls(spec: CheckedSpec, ec: ExprCompiler, className: string, refinedEntry: boolean): StatementStructures[] {
  const statements: StatementStructures[] = [];
  const workloads: CheckedWorkload[] = spec.workloads.length
    ? [...spec.workloads]
    : [
        {
          decl: undefined as never,
          name: "default",
          constants: new Map(),
          run: new Map(),
          expect: { kind: "holds", span: spec.name.span },
          checkDeadlock: spec.checkDeadlock,
          constraints: [],
          span: spec.name.span,
        },
      ];
  const wEntries: string[] = [];
  let constraintBase = 0;
  const lenv: Env = { state: "s", consts: "local", bound: new Map() };
  const penv: Env = { state: "s", consts: "param", bound: new Map() };
  // `{ NPFN: NPFN }` only where the JS name differs from the constant's (a reserved word gets a suffix).
  const constantsRecord = `{ ${spec.consts.map((c) => (jsName(c.name.name) === c.name.name ? c.name.name : `${c.name.name}: ${jsName(c.name.name)}`)).join(", ")} }`;
  // Each constant's value checked against its declared type, in declaration order (a value may read the
  // constants before it).
  const constantLines = (value: (c: (typeof spec.consts)[number]) => string, at: (c: (typeof spec.consts)[number]) => string): string[] =>
    spec.consts.map((c) => {
      const t = spec.declTypes.get(c.id) ?? UNKNOWN;
      const n = jsName(c.name.name);
      const e = checkExpr(t, value(c), str(c.name.name), at(c), (x) => ec.expr(x, lenv));
      if (e !== undefined || !needsCheck(t)) return `const ${n} = ${e ?? value(c)};`;
      return [`const ${n} = ${value(c)};`, ...checkStmts(t, n, str(c.name.name), at(c), (x) => ec.expr(x, lenv))].join("\n");
    });
  // True when a constant of type `t` is range-checked (so a workload's value of it can fail, at its location).
  const isChecked = (t: Type): boolean => needsCheck(t) || checkExpr(t, "x", '""', '""', (x) => ec.expr(x, lenv)) !== undefined;
  // A workload whose values are literals (no constant read, no helper call that could fail) passes them to
  // `constantsOf`, which fills in and checks the rest in declaration order exactly as a full list would.
  const literal = (e: Expr): boolean => {
    const x = ec.expr(e, lenv);
    return x === ec.expr(e, penv) && !x.includes("(");
  };
  // `constantsOf` reads the given values by name: a constant named like a property every object has
  // (`constructor`, `toString`, `__proto__`) would read that instead, so such a spec lists them all.
  const plainNames = spec.consts.every((c) => !(c.name.name in Object.prototype) && c.name.name !== "__proto__");
  const hasConsts = spec.consts.length > 0 && plainNames;
  if (hasConsts) {
    const nullable = (c: (typeof spec.consts)[number]): boolean => tsType(spec.declTypes.get(c.id) ?? UNKNOWN).includes("null");
    const given = (c: (typeof spec.consts)[number]): string => {
      const k = c.name.name;
      // `??` would take a given `none` for "not given".
      return nullable(c) ? `(${JSON.stringify(k)} in given$ ? given$.${k}! : ${ec.expr(c.value, lenv)})` : `(given$.${k} ?? ${ec.expr(c.value, lenv)})`;
    };
    statements.push({
      kind: StructureKind.Function,
      name: "constantsOf",
      parameters: [
        { name: "given$", type: "Partial<Constants>" },
        { name: "at$", type: "{ readonly [name: string]: string }", initializer: "{}" },
      ],
      returnType: "Constants",
      docs: ["The constants of a workload: the values it gives (`given$`, written at `at$`), the declared defaults for the rest."],
      statements: [...constantLines(given, (c) => `(at$.${c.name.name} ?? ${str(loc(c.value.span))})`), `return ${constantsRecord};`],
    });
  }
  for (const w of workloads) {
    const cIds = w.constraints.map((_, k) => constraintBase + k);
    constraintBase += w.constraints.length;
    let constants: string;
    const set = spec.consts.filter((c) => w.constants.has(c.name.name));
    if ((plainNames || spec.consts.length === 0) && set.every((c) => literal(w.constants.get(c.name.name) as Expr))) {
      const values = set.map((c) => `${c.name.name}: ${ec.expr(w.constants.get(c.name.name) as Expr, lenv)}`);
      // Where each given value is written, for the range checks of `constantsOf`: only a constant whose type is checked can fail one.
      const ats = set
        .filter((c) => isChecked(spec.declTypes.get(c.id) ?? UNKNOWN))
        .map((c) => `${c.name.name}: ${str(loc((w.constants.get(c.name.name) as Expr).span))}`);
      constants = hasConsts ? `() => constantsOf({ ${values.join(", ")} }${ats.length ? `, { ${ats.join(", ")} }` : ""})` : "() => ({})";
    } else {
      const value = (c: (typeof spec.consts)[number]): Expr => w.constants.get(c.name.name) ?? c.value;
      constants = `(): Constants => { ${constantLines(
        (c) => ec.expr(value(c), lenv),
        (c) => str(loc(value(c).span)),
      ).join("\n")}\nreturn ${constantsRecord}; }`;
    }
    const runs: string[] = [];
    for (const p of spec.processes) {
      const listed = w.run.size === 0 || w.run.has(p.name.name);
      if (!listed) continue;
      const set = w.run.get(p.name.name) ?? p.instances;
      runs.push(`${p.name.name}: ${set ? ec.expr(set, penv) : "[1]"}`);
    }
    const readsC = runs.some((r) => /(?<![\w$.])c\./.test(r));
    const d = w.decl?.doc ? `/** ${docText(w.decl.doc)} */\n` : "";
    wEntries.push(
      `${d}${str(w.name)}: { loc: ${str(loc(w.span))}, constants: ${constants}, instances: (${readsC ? "c" : ""}) => ({ ${runs.join(", ")} }), ${w.checkDeadlock ? "" : "checkDeadlock: false, "}expect: ${expectCode(w.expect)} as Expectation${cIds.length ? `, constraints: [${cIds.join(", ")}]` : ""} }`,
    );
  }
  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["The workloads of the spec: constants, running processes and the verdict CI expects."],
    declarations: [{ name: "workloads", initializer: `{ ${wEntries.join(",\n")} } satisfies { readonly [name: string]: WorkloadDef<Constants> }` }],
  });
  statements.push({ kind: StructureKind.TypeAlias, isExported: true, name: "WorkloadName", type: "keyof typeof workloads" });
  statements.push({
    kind: StructureKind.Function,
    isExported: true,
    name: "createModel",
    parameters: [{ name: "workload", type: "WorkloadName" }],
    returnType: className,
    docs: ["The model of one workload, ready for the explorers."],
    statements: [
      "const w: WorkloadDef<Constants> = workloads[workload];",
      "const c = w.constants();",
      `return new ${className}(workload, c, w.instances(c), w.checkDeadlock ?? true, w.expect, w.constraints);`,
    ],
  });
  if (refinedEntry) {
    statements.push({
      kind: StructureKind.Function,
      isExported: true,
      name: "createRefinedModel",
      parameters: [{ name: "over", type: "Partial<Constants>" }],
      returnType: className,
      docs: ["The model a refining spec checks its steps against: constants given by its mapping, the others at their defaults (no processes run)."],
      statements:
        hasConsts || spec.consts.length === 0
          ? [`return new ${className}("refinement", ${hasConsts ? "constantsOf(over)" : "{}"}, {}, false, { kind: "holds" });`]
          : [
              ...constantLines(
                (c) => `(over[${JSON.stringify(c.name.name)}] ?? ${ec.expr(c.value, lenv)})`,
                (c) => str(loc(c.value.span)),
              ),
              `return new ${className}("refinement", ${constantsRecord}, {}, false, { kind: "holds" });`,
            ],
    });
  }
  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["What the CLI and test runners need to find this spec's models."],
    declarations: [
      {
        name: "spec",
        initializer: `{ name: ${str(spec.name.name)}, file: ${str(spec.linked.file)}, workloads: Object.keys(workloads) as WorkloadName[], createModel }`,
      },
    ],
  });
  return statements;
}

function expectCode(e: Expectation): string {
  switch (e.kind) {
    case "violates":
      return `{ kind: "violates", property: ${str(e.property.name)} }`;
    case "assertion":
      return e.message ? `{ kind: "assertion", message: ${str(e.message.value)} }` : `{ kind: "assertion" }`;
    default:
      return `{ kind: ${str(e.kind)} }`;
  }
}
