/**
 * Assembles the generated `model.ts` for a checked spec with ts-morph structures: the spec's types,
 * the State, the step table, the model class (init, successors, one method per atomic step,
 * invariants, encoding, display) and the workload table. Method bodies come from the expression and
 * step compilers; everything else is a ts-morph structure. The parts with one job each live beside it:
 * model-types.ts (declarations), step-table.ts (steps, STEPS, STEP_ACCESS), model-init.ts (`init`),
 * model-view.ts (`view`), model-locks.ts, model-liveness.ts (properties, fairness), invariant-shapes.ts
 * and workload-table.ts.
 */
import type { ClassDeclarationStructure, MethodDeclarationStructure, OptionalKind, StatementStructures } from "ts-morph";
import { tsMorph } from "./ts-morph.js";
import type { ProcedureDecl, ProcessDecl } from "../parse/ast.js";
import type { CheckedSpec } from "../check/checked.js";
import { UNKNOWN } from "../check/types.js";
import { ExprCompiler, type Env } from "./expr.js";
import { docText, fieldName, jsName, methodName, pascal, RUNTIME_HELPERS, str } from "./names.js";
import { lineCommentText } from "./escape.js";
import { PROC_STATE } from "./access.js";
import { StepCompiler, type Owner } from "./steps.js";
import { lowerSpec } from "../lower/lower.js";
import { checkStmts, encodeStmts, forEach, tsType } from "./type-code.js";
import { SiteTable, SITE_TABLE_MARK } from "./sites.js";
import { pruneRuntimeImport } from "./imports.js";
import { ViewTypeTable } from "./view-types.js";
import { emitPacking } from "./pack.js";
import { emitPackedSteps } from "./packed-steps.js";
import { emitSymmetry } from "./symmetry.js";
import { doc, loc, usesSelf, type ModelCtx } from "./model-parts.js";
import { specTypeDecls, stateTypeDecls } from "./model-types.js";
import { stepInfos, stepTableDecls } from "./step-table.js";
import { initStatements } from "./model-init.js";
import { viewMethod } from "./model-view.js";
import { hasLockType, lockMethods, lockVariables, lockWaitEntries, noLocksHeldMethod } from "./model-locks.js";
import { livenessTables } from "./model-liveness.js";
import { invariantTable } from "./invariant-shapes.js";
import { workloadDecls } from "./workload-table.js";

const { Project, Scope, StructureKind, VariableDeclarationKind } = tsMorph;

/** The contract's classes and types a model may name (the runtime import keeps those it does). */
const RUNTIME_TYPES: readonly string[] = [
  "ModelBase",
  "type LockWait",
  "type StepMethod",
  "type Expectation",
  "type FairnessConstraint",
  "type Instance",
  "type LivenessInfo",
  "type TemporalProperty",
  "type Invariant",
  "type Model",
  "type Mutex",
  "type RwLock",
  "type StateWriter",
  "type BitWriter",
  "type BitReader",
  "type StepDef",
  "type StepAccess",
  "type Transition",
  "type Value",
  "type ViewType",
  "type ViewTypeDecls",
  "type ViewTypes",
  "type WorkloadDef",
];

/**
 * Emits the TypeScript source (unformatted) of a `model.ts` that stands alone: without `packed.ts`, so
 * the explorers run its readable steps. `runtimeImport` is the import path of the runtime contract
 * (runtime/contract/index).
 */
export function emitModel(spec: CheckedSpec, runtimeImport: string, opts: { readonly refinedEntry?: boolean; readonly inlineSites?: boolean } = {}): string {
  return emitModelFiles(spec, runtimeImport, { ...opts, packedSteps: false }).model;
}

/**
 * `model.ts` and, when the spec packs and some step compiles to words, `packed.ts` (the steps on
 * packed words: packed-steps.ts), both unformatted.
 *
 * `refinedEntry`: the spec is the abstract spec of a refinement, emitted next to the refining spec's
 * model; it then also exports `createRefinedModel` (its constants from the mapping, its defaults for the
 * rest) and its class gets `refinedState` (an abstract state from the mapped variables, range-checked).
 */
export function emitModelFiles(
  spec: CheckedSpec,
  runtimeImport: string,
  opts: { readonly refinedEntry?: boolean; readonly inlineSites?: boolean; readonly packedSteps?: boolean } = {},
): { readonly model: string; readonly packed: string | undefined } {
  // `inlineSites`: each check's location written at the check, no `AT` table (test/emit/sites.test.ts compares the two).
  const sites = new SiteTable(opts.inlineSites === true);
  const ec = new ExprCompiler(spec, sites);
  const className = `${pascal(spec.name.name)}Model`;
  // `Refresh$Frame` for procedure `refresh` (the `$` keeps it apart from every spec type name);
  // procedures whose names differ only in the first letter's case keep their exact name (`Frame$out`).
  const frameType = (name: string): string =>
    spec.procedures.filter((q) => pascal(q.name.name) === pascal(name)).length > 1 ? `Frame$${name}` : `${pascal(name)}$Frame`;
  const pcOf = (owner: Owner, label: string): string => (owner.kind === "procedure" ? `${owner.decl.name.name}.${label}` : label);
  const sc = new StepCompiler(spec, ec, pcOf);

  // ---- steps table
  const lowered = lowerSpec(spec);
  const steps = stepInfos(lowered, pcOf);

  const pcValues = ["Done", ...steps.filter((s) => s.owner.kind !== "action").map((s) => s.name)];
  const uniquePcs = [...new Set(pcValues)];

  // ---- types
  const statements: (string | StatementStructures)[] = [];
  const symmetric = spec.linked.decls.some((d) => d.kind === "TypeDecl" && d.symmetric);
  statements.push({
    kind: StructureKind.ImportDeclaration,
    moduleSpecifier: runtimeImport,
    // Every candidate; `pruneRuntimeImport` keeps those the finished model refers to.
    namedImports: [...RUNTIME_TYPES, ...(symmetric ? ["type SymPerm"] : [])],
  });
  statements.push(SITE_TABLE_MARK);
  statements.push(...specTypeDecls(spec, sc));
  const packing = emitPacking(
    spec,
    ec.bound,
    uniquePcs,
    spec.processes.filter((p) => p.locals.length).map((p) => ({ name: p.name.name, locals: p.locals.map((l) => ({ id: l.id, name: l.name.name })) })),
    spec.procedures.map((p) => ({ name: p.name.name, fields: [...p.params, ...p.locals].map((l) => ({ id: l.id, name: l.name.name })) })),
  );
  statements.push(...stateTypeDecls(spec, uniquePcs, frameType));
  const viewTypes = new ViewTypeTable(spec);
  const viewTypesAt = statements.length;
  statements.push("");
  statements.push(...stepTableDecls(spec, ec, steps, viewTypes));

  // ---- class
  const env0: Env = { state: "s", consts: "this", bound: new Map() };
  const ctx: ModelCtx = { spec, ec, sc, env0 };
  const methods: OptionalKind<MethodDeclarationStructure>[] = [];
  // Process steps are dispatched by ModelBase through `stepMethods$`; actions are run here, in order.
  const actionRuns = steps.filter((s) => s.owner.kind === "action").map((s) => `this.runAction$(${s.id}, s, out, this.${s.method});`);
  const ref = spec.refines;
  if (ref) {
    methods.push({
      name: "successors",
      hasOverrideKeyword: true,
      parameters: [
        { name: "s", type: "State" },
        { name: "out", type: "Out" },
      ],
      returnType: "void",
      statements: ["const r = this.refinement;", "this.successors$impl(s, (t) => {", "r.check(s, t);", "out(t);", "});"],
      docs: [
        `Every successor of \`s\` (\`successors$impl\`), each transition checked to be a step of \`${ref.abstract.name.name}\` or a stutter under the refinement mapping.`,
      ],
    });
  }
  if (ref || actionRuns.length > 0) {
    methods.push({
      name: ref ? "successors$impl" : "successors",
      hasOverrideKeyword: !ref,
      parameters: [
        { name: "s", type: "State" },
        { name: "out", type: "Out" },
      ],
      returnType: "void",
      statements: ["this.runProcesses$(s, out);", ...actionRuns],
      docs: ["Every successor of `s`: each process instance's next step (with every nondeterministic choice), then each enabled action."],
    });
  }
  for (const s of steps) {
    const srcLoc = `${s.lowered.span.file}:${s.line}`;
    if (s.owner.kind === "action") {
      const a = s.owner.decl;
      methods.push({
        name: s.method,
        parameters: [
          { name: "s", type: "State" },
          { name: "out", type: "Out" },
        ],
        returnType: "void",
        docs: [doc(a.doc, srcLoc, undefined, { name: `Action \`${a.name.name}\``, rest: a.params.length ? ": one successor per enabled binding." : "." })],
        statements: sc.actionStep(s.lowered, s.id, env0),
      });
      continue;
    }
    const owner = s.owner;
    const body: string[] = [];
    const decl = owner.decl as ProcessDecl | ProcedureDecl;
    if (usesSelf(decl.body)) {
      const st = owner.kind === "process" ? tsType(spec.declTypes.get(owner.decl.id) ?? UNKNOWN) : "number";
      body.push(`const self = this.selves[pid] as ${st};`);
    }
    const env: Env = { ...env0, ...(owner.kind === "process" ? { process: owner.decl } : { procedure: owner.decl }) };
    const code = sc.labelStep(s.lowered, s.id, env);
    // The instance's index among its process's instances, where the step reads or writes its locals (`t.P[i]`).
    const readsI = code.some((line) => /(?<![\w$.])i(?![\w$])/.test(line));
    if (owner.kind === "process" && owner.decl.locals.length && readsI) body.unshift(`const i = pid - this.first.${owner.decl.name.name};`);
    body.push(...code);
    const what = `\`${owner.decl.name.name}\` ${owner.kind === "procedure" ? "procedure " : ""}step \`${s.label}\``;
    methods.push({
      name: s.method,
      parameters: [
        { name: "s", type: "State" },
        { name: "pid", type: "number" },
        { name: "out", type: "Out" },
      ],
      returnType: "void",
      docs: [doc(s.doc, srcLoc, undefined, { name: what, rest: `: ${docText(sc.sourceText(s.lowered).slice(0, 160).replace(/\s+/g, " "))}` })],
      statements: body,
    });
  }
  for (const inv of spec.invariants) {
    methods.push({
      name: methodName(inv.name.name),
      parameters: [{ name: "s", type: "State" }],
      returnType: "boolean",
      docs: [doc(inv.doc, loc(inv.span), undefined, { name: `Invariant \`${inv.name.name}\``, rest: `: ${docText(sc.sourceText(inv.body))}` })],
      statements: ec.predicateBody(inv.body, env0),
    });
  }
  // Workload state constraints (TLC's CONSTRAINT): one method each, numbered across all workloads.
  const constraintExprs = spec.workloads.flatMap((w) => w.constraints);
  constraintExprs.forEach((e, g) => {
    methods.push({
      name: `constraint$${g}`,
      parameters: [{ name: "s", type: "State" }],
      returnType: "boolean",
      docs: [`State constraint \`${docText(sc.sourceText(e))}\` (${docText(loc(e.span))}).`],
      statements: ec.predicateBody(e, env0),
    });
  });
  for (const d of spec.defs) {
    const env = d.params.reduce((en, p) => ec.withBound(en, p.id, jsName(p.name.name)), env0);
    methods.push({
      name: methodName(d.name.name),
      parameters: [{ name: "s", type: "State" }, ...d.params.map((p) => ({ name: jsName(p.name.name), type: tsType(spec.declTypes.get(p.id) ?? UNKNOWN) }))],
      returnType: tsType(spec.declTypes.get(d.id) ?? UNKNOWN),
      docs: [doc(d.doc, loc(d.span))],
      // One tick of the evaluation budget per call: defs calling defs can nest exponentially (runtime/contract/budget.ts).
      statements: [
        "tick$();",
        ...((spec.declTypes.get(d.id) ?? UNKNOWN).kind === "bool" ? ec.predicateBody(d.body, env) : [`return ${ec.expr(d.body, env)};`]),
      ],
    });
  }

  const init = initStatements(ctx);
  if (ref) {
    const vars = ref.vars.map((v) => `${str(v.name)}: ${ec.expr(v.value, env0)}`);
    methods.push({
      name: "refinementMap",
      parameters: [{ name: "s", type: "State" }],
      returnType: "Abstract.State",
      statements: [`return (this.refinement.abstract as Abstract.${pascal(ref.abstract.name.name)}Model).refinedState({ ${vars.join(", ")} });`],
      docs: [`The refinement mapping: the \`${ref.abstract.name.name}\` state that \`s\` implements (${loc(ref.decl.span)}).`],
    });
  }
  if (opts.refinedEntry) {
    const fields = spec.vars.map((v) => `readonly ${JSON.stringify(v.name.name)}: ${tsType(spec.declTypes.get(v.id) ?? UNKNOWN)}`);
    const checks = spec.vars.flatMap((v) =>
      checkStmts(
        spec.declTypes.get(v.id) ?? UNKNOWN,
        `v[${JSON.stringify(v.name.name)}]`,
        str(`${v.name.name} (refinement mapping)`),
        str(loc(v.span)),
        ec.bound,
      ),
    );
    const draftOf = [...spec.vars.map((v) => `${fieldName(v.name.name)}: v[${JSON.stringify(v.name.name)}]`), "pc: []"];
    methods.push({
      name: "refinedState",
      parameters: [{ name: "v", type: `{ ${fields.join("; ")} }` }],
      returnType: "State",
      statements: [...checks, `return { ${draftOf.join(", ")} };`],
      docs: ["The state with these variable values (a refinement mapping's image), each checked against its declared type."],
    });
  }
  methods.push({
    name: "init",
    returnType: "readonly State[]",
    statements: init,
    docs: ["The initial states: one per combination of `var x: T in S` choices."],
  });

  if (spec.procReads.size > 0) {
    methods.push({
      name: "pid$of",
      parameters: [
        { name: "process", type: "string" },
        { name: "self", type: "Value" },
        { name: "loc", type: "string" },
      ],
      returnType: "number",
      statements: [
        "const first = this.first[process];",
        "if (first !== undefined) for (let pid = first; pid < this.kinds.length && this.kinds[pid] === process; pid++) if (this.selves[pid] === self) return pid;",
        'throw new SpecError("spec_error", `${process}[${JSON.stringify(self)}] is not an instance running in this workload`, loc);',
      ],
      docs: ["The pid of a process's instance, by its `self` value (properties reading a process's pc or locals)."],
    });
    methods.push({
      name: "instance$index",
      parameters: [
        { name: "process", type: "string" },
        { name: "self", type: "Value" },
        { name: "loc", type: "string" },
      ],
      returnType: "number",
      statements: ["return this.pid$of(process, self, loc) - (this.first[process] ?? 0);"],
      docs: ["Where a process's instance keeps its locals (`state.<process>[i]`), by its `self` value."],
    });
    methods.push({
      name: "instances$of",
      parameters: [{ name: "process", type: "string" }],
      returnType: "readonly Value[]",
      statements: [
        "let v = this.instance$sets.get(process);",
        "if (v === undefined) {",
        "v = this.selvesOf(process);",
        "this.instance$sets.set(process, v);",
        "}",
        "return v;",
      ],
      docs: ["The `self` values of a process's running instances, as a set (`forall p in P`)."],
    });
  }
  // encode
  const enc: string[] = [];
  for (const v of spec.vars) enc.push(...encodeStmts(spec.declTypes.get(v.id) ?? UNKNOWN, `s.${fieldName(v.name.name)}`));
  enc.push("for (const pc of s.pc) w.int(PC_ORD[pc]);");
  for (const p of spec.processes) {
    if (!p.locals.length) continue;
    enc.push(
      ...forEach(
        "me",
        `s.${p.name.name}`,
        p.locals.flatMap((l) => encodeStmts(spec.declTypes.get(l.id) ?? UNKNOWN, `me.${fieldName(l.name.name)}`)),
      ),
    );
  }
  for (const p of spec.procedures) {
    enc.push(`for (const f of s.${p.name.name}) {`, "w.int(f === null ? 0 : 1);", "if (f === null) continue;", "w.int(PC_ORD[f.ret]);");
    for (const l of [...p.params, ...p.locals]) enc.push(...encodeStmts(spec.declTypes.get(l.id) ?? UNKNOWN, `f.${fieldName(l.name.name)}`));
    enc.push("}");
  }
  methods.push({
    name: "encode",
    parameters: [
      { name: "s", type: "State" },
      { name: "w", type: "StateWriter" },
    ],
    returnType: "void",
    statements: enc,
    docs: ["The canonical encoding of `s` (fingerprints)."],
  });
  if (packing) {
    methods.push({
      name: "pack",
      parameters: [
        { name: "s", type: "State" },
        { name: "w", type: "BitWriter" },
      ],
      returnType: "void",
      statements: [...packing.pack],
      docs: ["Writes `s` as `packedBits` bits: every field in the bits its type needs (runtime/contract/packed.ts)."],
    });
    methods.push({
      name: "unpack",
      parameters: [{ name: "r", type: "BitReader" }],
      returnType: "State",
      statements: [`return ${packing.unpack};`],
      docs: ["Reads back a state written by `pack`, fields in the same order."],
    });
  }
  // The steps on packed words (packed-steps.ts): not for a refinement (checked on state objects).
  const packed =
    packing && !ref && !opts.refinedEntry && opts.packedSteps !== false
      ? emitPackedSteps({
          spec,
          // Its own compiler with each location written at its check: the `AT` table is model.ts's.
          ec: new ExprCompiler(spec, new SiteTable(true)),
          steps,
          uniquePcs,
          packing,
          className,
          runtimeImport,
          pcOf,
          sourceText: (n) => sc.sourceText(n),
          hasLocks: hasLockType(spec),
        })
      : undefined;
  if (packed !== undefined) {
    methods.push({
      name: "packedSteps",
      returnType: `${className}$Packed`,
      statements: [`return new ${className}$Packed(this);`],
      docs: ["The same steps on packed state words (packed.ts), for the explorers; this file stays the documented form."],
    });
  }
  // Symmetry reduction (only for specs that declare something symmetric): see generator/emit/symmetry.ts.
  const symmetry = emitSymmetry(spec, ec.bound, frameType);
  if (symmetry) {
    methods.push({
      name: "encodePermuted",
      parameters: [
        { name: "s", type: "State" },
        { name: "p", type: "SymPerm" },
        { name: "w", type: "StateWriter" },
      ],
      returnType: "void",
      statements: symmetry.encodePermuted,
      docs: ["`encode(permute(s, p))`, without building the permuted state (symmetry reduction)."],
    });
    methods.push({
      name: "permute",
      parameters: [
        { name: "s", type: "State" },
        { name: "p", type: "SymPerm" },
      ],
      returnType: "State",
      statements: symmetry.permute,
      docs: ["`s` with the symmetric types' values (and the symmetric processes' pids) permuted by `p`."],
    });
  }

  methods.push(viewMethod(spec, ec));
  // locks held at the end, and blocked reasons for deadlock reports
  const lockVars = lockVariables(spec);
  methods.push(noLocksHeldMethod(spec, lockVars));
  const lockWaits = lockWaitEntries(ctx, steps);
  // liveness: temporal properties, fairness, locks held (for lock-order analysis)
  const { propList, fairness } = livenessTables(ctx, steps);
  statements.push(fairness);
  methods.push(...lockMethods(spec, lockVars));
  const { observedSet, observedVars, invList } = invariantTable(ctx);
  const firstPc = spec.processes.map((p) => `${str(p.name.name)}: ${str(lowered.entries.get(p) ?? "Done")}`);
  statements.push({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name: "FIRST_PC", type: "Readonly<Record<string, Pc>>", initializer: `{ ${firstPc.join(", ")} }` }],
  });

  // The spec type of every view variable: traces print sets, options and maps as such, ITF encodes them
  // (runtime/contract/view-type.ts). Placed before STEPS, whose `picks` refer to the named view types.
  statements[viewTypesAt] = viewTypes.statements();

  const ghostVars = spec.vars.filter((v) => v.ghost === true);
  const notedVars = spec.vars.filter((v) => v.note !== undefined);
  const cls: ClassDeclarationStructure = {
    kind: StructureKind.Class,
    name: className,
    isExported: true,
    extends: "ModelBase<State>",
    implements: ["Model<State>", "LivenessInfo<State>"],
    docs: [doc(spec.linked.doc, spec.linked.file, `The \`${spec.name.name}\` spec as a checkable model, for one workload.`)],
    properties: [
      { name: "spec", isReadonly: true, initializer: str(spec.name.name) },
      { name: "steps", isReadonly: true, type: "readonly StepDef[]", initializer: "STEPS" },
      { name: "stepAccess", isReadonly: true, type: "readonly StepAccess[]", initializer: "STEP_ACCESS" },
      ...(observedSet.has(PROC_STATE)
        ? []
        : [
            {
              name: "observed",
              isReadonly: true,
              type: "readonly string[]",
              docs: ["State variables the invariants read."],
              initializer: `[${observedVars.map(str).join(", ")}]`,
            },
          ]),
      ...(spec.procReads.size > 0
        ? [
            {
              name: "instance$sets",
              isReadonly: true,
              type: "Map<string, readonly Value[]>",
              initializer: "new Map()",
              docs: ["`instances$of` per process, computed once (properties quantify over them in every state)."],
            },
          ]
        : []),
      { name: "invariants", isReadonly: true, type: "readonly Invariant<State>[]", initializer: `[${invList.join(", ")}]` },
      {
        name: "constraints",
        isReadonly: true,
        type: "readonly Invariant<State>[]",
        docs: ["This workload's state constraints: a state violating one is checked but not stored nor expanded."],
      },
      { name: "properties", isReadonly: true, type: "readonly TemporalProperty<State>[]", initializer: `[${propList.join(", ")}]` },
      {
        name: "stepMethods$",
        scope: Scope.Protected,
        isReadonly: true,
        type: "readonly (StepMethod<State> | undefined)[]",
        hasOverrideKeyword: true,
        docs: ["The method of each process or procedure step, by step id (ModelBase dispatches on `pc`)."],
        initializer: `[${steps.map((s) => (s.owner.kind === "action" ? "undefined" : `this.${s.method}`)).join(", ")}]`,
      },
      {
        name: "lockWaits$",
        scope: Scope.Protected,
        isReadonly: true,
        type: "{ readonly [step: number]: LockWait<State> }",
        hasOverrideKeyword: true,
        docs: ["The steps that start by taking a lock, by step id: what an instance there waits for (deadlock reports)."],
        initializer: `{ ${lockWaits.join(", ")} }`,
      },
      { name: "viewTypes", isReadonly: true, type: "ViewTypes", docs: ["The spec type of every `view` variable of this workload."] },
      ...(ghostVars.length > 0
        ? [
            {
              name: "ghosts",
              isReadonly: true,
              type: "readonly string[]",
              initializer: `[${ghostVars.map((v) => str(v.name.name)).join(", ")}]`,
              docs: ["The `ghost` variables: part of the state, hidden from traces unless `--show-ghosts`."],
            },
          ]
        : []),
      ...(notedVars.length > 0
        ? [
            {
              name: "notes",
              isReadonly: true,
              type: "{ readonly [name: string]: string }",
              initializer: `{ ${notedVars.map((v) => `${str(v.name.name)}: ${str(v.note?.value ?? "")}`).join(", ")} }`,
              docs: ["The `note` of each variable that has one, printed under a trace in which it changes."],
            },
          ]
        : []),
      ...(packing
        ? [
            { name: "layout", isReadonly: true, type: packing.layoutType, docs: ["Field widths of the packed state, for this workload's constants."] },
            {
              name: "packedBits",
              isReadonly: true,
              type: "number",
              docs: ["Width of every packed state in bits, or -1 when a set here has more than 31 possible elements."],
            },
          ]
        : []),
      ...(symmetry
        ? [
            {
              name: "symmetry",
              isReadonly: true,
              type: "SymmetryGroup<State>",
              docs: ["The permutations of the symmetric types of this workload (used with `symmetry: true`)."],
            },
          ]
        : []),
      ...(ref
        ? [
            {
              name: "refinement",
              isReadonly: true,
              type: "Refinement<State, Abstract.State>",
              docs: [
                `Refinement of \`${ref.abstract.name.name}\` (${ref.abstract.linked.file}): its model for this workload, the mapping, and the cache of its successors.`,
              ],
            },
          ]
        : []),
    ],
    ctors: [
      {
        parameters: [
          { name: "workload", isReadonly: true, scope: undefined, type: "string" },
          { name: "c", isReadonly: true, type: "Constants" },
          { name: "run", type: "{ readonly [process: string]: readonly Value[] }" },
          { name: "checkDeadlock", isReadonly: true, type: "boolean" },
          { name: "expect", isReadonly: true, type: "Expectation" },
          { name: "constraintIds", type: "readonly number[]", initializer: "[]" },
        ],
        statements: [
          `super(run, { processes: [${spec.processes.map((p) => str(p.name.name)).join(", ")}], steps: STEPS, fairProcesses: FAIR_PROCESSES, fairActions: FAIR_ACTIONS });`,
          "this.viewTypes = viewTypesOf(this.instances, VIEW_TYPES);",
          `const constraints: readonly Invariant<State>[] = [${constraintExprs.map((e, g) => `{ name: ${str(sc.sourceText(e))}, loc: ${str(loc(e.span))}, holds: (s: State) => this.constraint$${g}(s) }`).join(", ")}];`,
          "this.constraints = constraintIds.map((g) => constraints[g] as Invariant<State>);",
          ...(packing?.ctor ?? []),
          ...(symmetry?.ctor ?? []),
          ...(ref
            ? [
                `this.refinement = new Refinement<State, Abstract.State>(Abstract.createRefinedModel({ ${[...ref.consts].map(([n, e]) => `${JSON.stringify(n)}: ${ec.expr(e, { state: "s", consts: "param", bound: new Map() })}`).join(", ")} }), (s) => this.refinementMap(s), (s) => this.view(s), ${str(loc(ref.decl.span))}, ${ref.abstract.actions.some((a) => a.fairness !== "none")});`,
              ]
            : []),
        ],
      },
    ],
    methods,
  };
  // Constructor parameter properties need `readonly` modifiers on the parameter.
  for (const p of cls.ctors?.[0]?.parameters ?? []) if (p.isReadonly) p.scope = undefined;
  statements.push(cls);

  // ---- workloads
  statements.push(...workloadDecls(spec, ec, className, opts.refinedEntry === true));

  const project = new Project({ useInMemoryFileSystem: true });
  if (ref) statements.splice(1, 0, { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./abstract/model.js", namespaceImport: "Abstract" });
  if (packed !== undefined)
    statements.splice(1, 0, { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./packed.js", namedImports: [`${className}$Packed`] });
  const file = project.createSourceFile("model.ts", { statements: statements as StatementStructures[] });
  let text = sites.finish(file.getFullText());
  text = pruneRuntimeImport(text, [...RUNTIME_TYPES, ...(symmetric ? ["type SymPerm"] : []), ...RUNTIME_HELPERS]);
  const header = `// Generated by spec2ts from ${lineCommentText(spec.linked.chain.join(", "))}.\n// Do not edit: change the spec and run \`spec2ts gen\`.\n`;
  return { model: header + text, packed };
}
