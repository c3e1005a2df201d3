/**
 * Assembles the generated `model.ts` for a checked spec with ts-morph structures: the spec's types,
 * the State, the step table, the model class (init, successors, one method per atomic step,
 * invariants, encoding, display) and the workload table. Method bodies come from the expression and
 * step compilers; everything else is a ts-morph structure.
 */
import type { ClassDeclarationStructure, MethodDeclarationStructure, OptionalKind, StatementStructures } from "ts-morph";
import { tsMorph } from "./ts-morph.js";
import type { Expectation, Expr, ProcedureDecl, ProcessDecl, Stmt } from "../parse/ast.js";
import type { CheckedSpec, CheckedWorkload } from "../check/checked.js";
import { caseRecord, enumOrder, TAG_KEY, UNKNOWN, type Type } from "../check/types.js";
import { ExprCompiler, type Env } from "./expr.js";
import { docText, fieldName, jsName, methodName, pascal, RUNTIME_HELPERS, str, typeName } from "./names.js";
import { blockCommentText, lineCommentText } from "./escape.js";
import { exprReads, PROC_STATE, stepAccess, stepFlow, stepGate } from "./access.js";
import { StepCompiler, type Owner } from "./steps.js";
import { lowerSpec } from "../lower/lower.js";
import type { LoweredStep } from "../lower/ir.js";
import { caseType, checkExpr, checkStmts, encodeStmts, forEach, keyCount, needsCheck, sortedFields, tsType, variantUnion } from "./type-code.js";
import { pcTables } from "./tables.js";
import { table } from "./layout.js";
import { SiteTable, SITE_TABLE_MARK } from "./sites.js";
import { pruneRuntimeImport } from "./imports.js";
import { ViewTypeTable } from "./view-types.js";
import { emitPacking } from "./pack.js";
import { emitPackedSteps } from "./packed-steps.js";
import { emitSymmetry } from "./symmetry.js";

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

/** Everything the module assembler needs to know about one atomic step. */
interface StepInfo {
  readonly id: number;
  readonly name: string;
  readonly method: string;
  readonly owner: Owner;
  /** The step's lowered control flow. */
  readonly lowered: LoweredStep;
  /** The step's label (processes and procedures). */
  readonly label?: string;
  readonly line: number;
  readonly doc?: string;
}

function usesSelf(stmts: readonly Stmt[]): boolean {
  return JSON.stringify(stmts, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)).includes('"SelfExpr"');
}

/**
 * A declaration's doc comment: the spec's doc text, then `what` it is with its source location
 * (`` `P` step `L` (file:line): source ``), or `Source: file:line`, or `extra` then `Source: file:line`.
 */
function doc(text: string | undefined, loc: string, extra?: string, what?: { readonly name: string; readonly rest: string }): string {
  const where = blockCommentText(loc);
  const tail = what ? `${what.name} (${where})${what.rest}` : `Source: ${where}`;
  const lines = [text ? docText(text) : undefined, extra, tail].filter((x): x is string => x !== undefined && x !== "");
  return lines.join("\n\n");
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
  const loc = (span: { file: string; start: { line: number } }): string => `${span.file}:${span.start.line}`;

  // ---- steps table
  const steps: StepInfo[] = [];
  const lowered = lowerSpec(spec);
  for (const l of lowered.steps) {
    const owner = l.owner;
    if (owner.kind === "action") {
      const a = owner.decl;
      steps.push({
        id: steps.length,
        name: a.name.name,
        method: methodName(a.name.name),
        owner,
        lowered: l,
        line: a.span.start.line,
        ...(a.doc ? { doc: a.doc } : {}),
      });
      continue;
    }
    const label = l.label as string;
    steps.push({
      id: steps.length,
      name: pcOf(owner, label),
      // `$` cannot occur in a spec identifier: a step method never collides with a spec name.
      method: `${owner.decl.name.name}$${label}`,
      owner,
      lowered: l,
      label,
      line: l.span.start.line,
      ...(l.entry && owner.decl.doc ? { doc: owner.decl.doc } : {}),
    });
  }

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
  for (const en of spec.enums) {
    const n = typeName(en.name.name);
    // Members are strings at run time, and sets are sorted by `compare` (string order): the set of all
    // members, map key ordinals, packing and `choose` all use that one order, never declaration order.
    const canonical = enumOrder(en);
    statements.push({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: n,
      type: en.members.map((m) => str(m.name)).join(" | "),
      docs: [doc(en.doc, loc(en.span))],
    });
    // The members as constants of the enum type (not literal types): `s.kind === Kind.HVA` reads like
    // the spec, and comparisons never trip TypeScript's "no overlap" check after narrowing.
    statements.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [`The members of \`${n}\`.`],
      declarations: [
        {
          name: n,
          type: `{ ${en.members.map((m) => `readonly ${m.name}: ${n}`).join("; ")} }`,
          initializer: `{ ${en.members.map((m) => `${m.name}: ${str(m.name)}`).join(", ")} }`,
        },
      ],
    });
    statements.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [`The values of \`${n}\` in canonical (name) order: the set \`${n}\`, and the order of map keys.`],
      declarations: [{ name: `${n}$values`, type: `readonly ${n}[]`, initializer: `[${canonical.map((m) => str(m)).join(", ")}]` }],
    });
    // A switch rather than a lookup table: a keyed load whose key varies goes megamorphic in V8, and
    // this runs for every enum value of every state fingerprinted.
    statements.push({
      kind: StructureKind.Function,
      isExported: true,
      name: `${n}$ord`,
      parameters: [{ name: "v", type: n }],
      returnType: "number",
      docs: [`Ordinal of a \`${n}\` value in canonical order (encoding, map keys).`],
      statements: ["switch (v) {", ...canonical.map((m, i) => `case ${str(m)}: return ${i};`), "}"],
    });
  }
  for (const d of spec.linked.decls) {
    if (d.kind !== "TypeDecl") continue;
    const t = spec.aliases.get(d.name.name) ?? UNKNOWN;
    const shown =
      t.kind === "record"
        ? `{ ${sortedFields(t)
            .map((f) => `readonly ${fieldName(f.name)}: ${tsType(f.type)}`)
            .join("; ")} }`
        : t.kind === "scalarset"
          ? "number"
          : t.kind === "variant"
            ? variantUnion(t)
            : tsType(t);
    const range =
      t.kind === "int" && t.range
        ? `Values ${sc.sourceText(t.range.lo)}..${sc.sourceText(t.range.hi)}.`
        : t.kind === "scalarset"
          ? `Symmetric: values ${sc.sourceText(t.range.lo)}..${sc.sourceText(t.range.hi)}, interchangeable (symmetry reduction permutes them).`
          : undefined;
    statements.push({ kind: StructureKind.TypeAlias, isExported: true, name: typeName(d.name.name), type: shown, docs: [doc(d.doc, loc(d.span), range)] });
  }
  statements.push({
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: "Constants",
    docs: ["The spec's constants, fixed per workload."],
    type: `{ ${spec.consts.map((c) => `readonly ${c.name.name}: ${tsType(spec.declTypes.get(c.id) ?? UNKNOWN)}`).join("; ")} }`,
  });
  const packing = emitPacking(
    spec,
    ec.bound,
    uniquePcs,
    spec.processes.filter((p) => p.locals.length).map((p) => ({ name: p.name.name, locals: p.locals.map((l) => ({ id: l.id, name: l.name.name })) })),
    spec.procedures.map((p) => ({ name: p.name.name, fields: [...p.params, ...p.locals].map((l) => ({ id: l.id, name: l.name.name })) })),
  );
  statements.push(pcTables(uniquePcs));
  for (const p of spec.processes) {
    if (p.locals.length === 0) continue;
    statements.push({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: `${p.name.name}Locals`,
      docs: [`Local variables of one \`${p.name.name}\` instance.`],
      type: `{ ${p.locals.map((l) => `readonly ${fieldName(l.name.name)}: ${tsType(spec.declTypes.get(l.id) ?? UNKNOWN)}`).join("; ")} }`,
    });
  }
  for (const p of spec.procedures) {
    statements.push({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: frameType(p.name.name),
      docs: [`An active call of procedure \`${p.name.name}\`: return label, parameters and locals.`],
      type: `{ readonly ret: Pc; ${[...p.params, ...p.locals].map((l) => `readonly ${fieldName(l.name.name)}: ${tsType(spec.declTypes.get(l.id) ?? UNKNOWN)}`).join("; ")} }`,
    });
  }
  const stateFields: string[] = [];
  for (const v of spec.vars) {
    const d = v.doc ? `/** ${docText(v.doc)} */ ` : "";
    stateFields.push(`${d}readonly ${fieldName(v.name.name)}: ${tsType(spec.declTypes.get(v.id) ?? UNKNOWN)};`);
  }
  stateFields.push("/** Control state of every process instance, by pid. */ readonly pc: readonly Pc[];");
  for (const p of spec.processes) {
    if (p.locals.length) stateFields.push(`/** Locals of each \`${p.name.name}\` instance. */ readonly ${p.name.name}: readonly ${p.name.name}Locals[];`);
  }
  for (const p of spec.procedures) {
    stateFields.push(
      `/** The active \`${p.name.name}\` call of each process (by pid), if any. */ readonly ${p.name.name}: readonly (${frameType(p.name.name)} | null)[];`,
    );
  }
  statements.push({
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: "State",
    docs: ["One state of the system."],
    type: `{ ${stateFields.join("\n")} }`,
  });
  statements.push({
    kind: StructureKind.TypeAlias,
    name: "Draft",
    docs: ["A state being built by a step."],
    type: "{ -readonly [K in keyof State]: State[K] }",
  });
  // Every field spelled out, in the order the initial state is built: all states then share one object
  // shape, and an explicit literal is much cheaper than a spread (`{ ...s }`) in the successor loop.
  const draftFields = [
    ...spec.vars.map((v) => fieldName(v.name.name)),
    "pc",
    ...spec.processes.filter((p) => p.locals.length).map((p) => p.name.name),
    ...spec.procedures.map((p) => p.name.name),
  ];
  // Every field named (not `{ ...s }`), so that a draft has the same shape as the states `init` builds;
  // several to a line, as the list of fields it is.
  statements.push(
    [
      "/** A copy of `s` for a step to update (values are immutable, so a shallow copy suffices). */",
      "function draft(s: State): Draft {",
      table(
        "  return {",
        draftFields.map((f) => `${f}: s.${f}`),
        "};",
      ).replace(/\n/g, "\n  "),
      "}",
    ].join("\n"),
  );
  statements.push({ kind: StructureKind.TypeAlias, name: "Out", type: "(t: Transition<State>) => void" });
  const por = porStepInfo(spec, steps);
  const viewTypes = new ViewTypeTable(spec);
  const viewTypesAt = statements.length;
  statements.push("");
  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["The atomic steps of the spec: process and procedure labels, then actions."],
    declarations: [
      {
        name: "STEPS",
        type: "readonly StepDef[]",
        initializer: `[${steps
          .map((s) => {
            const proc = s.owner.kind === "process" ? `, process: ${str(s.owner.decl.name.name)}` : "";
            return `{ id: ${s.id}, name: ${str(s.name)}${proc}, loc: ${str(`${s.lowered.span.file}:${s.line}`)}${viewTypes.picks(ec, s.lowered)} }`;
          })
          .join(", ")}]`,
      },
    ],
  });
  const accessRows = steps.map((s) => {
    const callers = s.owner.kind === "procedure" ? `callers: [${(spec.callers.get(s.owner.decl.name.name) ?? []).map(str).join(", ")}], ` : "";
    const a = stepAccess(spec, s.lowered);
    const list = (x: Set<string>): string => `[${[...x].sort().map(str).join(", ")}]`;
    const mono = [...a.effects].filter(([, d]) => d !== "any").sort(([x], [y]) => (x < y ? -1 : 1));
    const effects =
      (mono.length ? `, effects: { ${mono.map(([v, d]) => `${fieldName(v)}: ${str(d)}`).join(", ")} }` : "") +
      (a.counters.size ? `, counters: ${list(a.counters)}` : "");
    // A step reading a process's pc or locals has no read set: it depends on every step.
    const reads = a.reads.has(PROC_STATE) ? "" : `reads: ${list(a.reads)}, `;
    return `  /* ${s.id} ${s.name} */ { ${callers}${reads}writes: ${list(a.writes)}${effects}${por.get(s.id) ?? ""} },`;
  });
  // A raw statement: one row per step reads as a table, where prettier would spread each over a dozen lines.
  statements.push(
    [
      "/**",
      " * What partial-order reduction knows about each step, parallel to STEPS (runtime/contract/model.ts,",
      " * `StepAccess`): the variables it reads and writes, which way it moves them, the steps its instance",
      " * may take next, and the locks it waits for. One row per step.",
      " */",
      "// prettier-ignore",
      `const STEP_ACCESS: readonly StepAccess[] = [\n${accessRows.join("\n")}\n];`,
    ].join("\n"),
  );

  // ---- class
  const env0: Env = { state: "s", consts: "this", bound: new Map() };
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

  // init
  const init: string[] = ["const states: State[] = [];"];
  // When an initial value reads state (another variable or a `def`), the variables are initialised one
  // at a time, in dependency order, into a partial state `init$` that those reads see; otherwise every
  // value is a constant expression and goes straight into the state literal.
  const dependent = spec.vars.some((v) => (spec.initReads.get(v.name.name)?.size ?? 0) > 0);
  const initEnv: Env = dependent ? { ...env0, state: "init$" } : env0;
  const initValue = (v: (typeof spec.vars)[number]): string => ec.expr((v.init as { value: Expr }).value, initEnv);
  const isLockVar = (t: Type): boolean =>
    t.kind === "mutex" || t.kind === "rwlock" || (t.kind === "map" && (t.value.kind === "mutex" || t.value.kind === "rwlock"));
  let opened = 0;
  if (dependent) init.push("const init$ = {} as Draft;");
  for (const v of dependent ? spec.initOrder : spec.vars) {
    if (!v.init || isLockVar(spec.declTypes.get(v.id) ?? UNKNOWN)) continue;
    if (v.init.mode === "in") {
      const at = ec.loc(v);
      init.push(`for (const ${jsName(`init_${v.name.name}`)} of initChoices(${initValue(v)}, ${str(v.name.name)}, ${at})) {`);
      opened++;
      if (dependent) init.push(`init$.${fieldName(v.name.name)} = ${jsName(`init_${v.name.name}`)};`);
    } else if (dependent) init.push(`init$.${fieldName(v.name.name)} = ${initValue(v)};`);
  }
  const globals: string[] = [];
  for (const v of spec.vars) {
    const t = spec.declTypes.get(v.id) ?? UNKNOWN;
    const value =
      t.kind === "mutex"
        ? "null"
        : t.kind === "rwlock"
          ? "FREE_RWLOCK"
          : t.kind === "map" && (t.value.kind === "mutex" || t.value.kind === "rwlock")
            ? `Array.from({ length: ${keyCount(t.key, ec.bound)} }, (): ${tsType(t.value)} => ${t.value.kind === "mutex" ? "null" : "FREE_RWLOCK"})`
            : dependent
              ? `init$.${fieldName(v.name.name)}`
              : v.init?.mode === "in"
                ? jsName(`init_${v.name.name}`)
                : initValue(v);
    globals.push(`${fieldName(v.name.name)}: ${value}`);
  }
  globals.push("pc: this.kinds.map((k) => FIRST_PC[k])");
  for (const p of spec.processes) if (p.locals.length) globals.push(`${p.name.name}: []`);
  for (const p of spec.procedures) globals.push(`${p.name.name}: this.kinds.map(() => null)`);
  init.push(`const s0: Draft = { ${globals.join(", ")} };`);
  for (const v of spec.vars) {
    const t = spec.declTypes.get(v.id) ?? UNKNOWN;
    init.push(...checkStmts(t, `s0.${fieldName(v.name.name)}`, str(v.name.name), ec.loc(v), ec.bound));
  }
  // Processes whose locals start with a choice (`var x: T in S;`): per instance, the list of its
  // possible initial locals; the initial states are every combination over the instances.
  const chosen: string[] = [];
  for (const p of spec.processes) {
    if (!p.locals.length) continue;
    const selfT = tsType(spec.declTypes.get(p.id) ?? UNKNOWN);
    // A local's initial value may read the locals declared before it: those are JS values here.
    const earlier = new Map<number, string>();
    const env: Env = { ...env0, state: "s0", process: p, frameLocals: earlier };
    // A local's initial value is checked against its declared type like any write (a range type is
    // relied on: packing, and the static bounds that keep arithmetic unchecked).
    const checks: string[] = [];
    const loops: string[] = [];
    const fields = p.locals.map((l) => {
      const field = localField(l);
      earlier.set(l.id, field.read);
      return field.text;
    });
    function localField(l: (typeof p.locals)[number]): { text: string; read: string } {
      const lt = spec.declTypes.get(l.id) ?? UNKNOWN;
      const where = ec.loc(l);
      if (l.mode === "in") {
        const n = jsName(`init_${l.name.name}`);
        loops.push(`for (const ${n} of initChoices(${ec.expr(l.init, env)}, ${str(`${p.name.name}.${l.name.name}`)}, ${where})) {`);
        if (needsCheck(lt)) loops.push(...checkStmts(lt, n, str(`${p.name.name}.${l.name.name}`), where, ec.bound));
        return { text: `${fieldName(l.name.name)}: ${n}`, read: n };
      }
      const value = ec.expr(l.init, env);
      // Read again by a later local as the (pure) expression itself: no JS name needed before the checks.
      if (!needsCheck(lt) || ec.intervals.provablyIn(l.init, lt)) return { text: `${fieldName(l.name.name)}: ${value}`, read: `(${value})` };
      const n = jsName(`local_${l.name.name}`);
      const inline = checkExpr(lt, value, str(`${p.name.name}.${l.name.name}`), where, ec.bound);
      if (inline !== undefined) checks.push(`const ${n}: ${tsType(lt)} = ${inline};`);
      else checks.push(`const ${n}: ${tsType(lt)} = ${value};`, ...checkStmts(lt, n, str(`${p.name.name}.${l.name.name}`), where, ec.bound));
      return { text: `${fieldName(l.name.name)}: ${n}`, read: `(${value})` };
    }
    if (loops.length === 0) {
      init.push(
        `s0.${p.name.name} = this.selvesOf(${str(p.name.name)}).map((v) => {`,
        `const self = v as ${selfT};`,
        "void self;",
        ...checks,
        `return { ${fields.join(", ")} };`,
        "});",
      );
      continue;
    }
    const opens = loops.filter((x) => x.startsWith("for ")).length;
    chosen.push(p.name.name);
    init.push(
      `const ${p.name.name}$choices = this.selvesOf(${str(p.name.name)}).map((v) => {`,
      `const self = v as ${selfT};`,
      "void self;",
      `const choices: ${p.name.name}Locals[] = [];`,
      ...loops,
      ...checks,
      `choices.push({ ${fields.join(", ")} });`,
      ..."}".repeat(opens).split(""),
      "return choices;",
      "});",
    );
  }
  if (chosen.length > 0) {
    for (const n of chosen) init.push(`for (const ${n}$locals of initProduct(${n}$choices)) {`);
    init.push(`states.push({ ...s0, ${chosen.map((n) => `${n}: ${n}$locals`).join(", ")} });`);
    for (let k = 0; k < chosen.length; k++) init.push("}");
  } else init.push("states.push(s0);");
  for (let k = 0; k < opened; k++) init.push("}");
  init.push("return states;");
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

  // view
  const view: string[] = ["const v: Record<string, Value> = {};"];
  for (const v of spec.vars) {
    const t = spec.declTypes.get(v.id) ?? UNKNOWN;
    const f = fieldName(v.name.name);
    // `v["__proto__"] = x` would set the prototype and drop the variable (issue 14 item 13): define it.
    if (v.name.name === "__proto__")
      view.push(`Object.defineProperty(v, "__proto__", { value: ${viewValue(t, `s.${f}`, ec.bound)}, enumerable: true, writable: true, configurable: true });`);
    else view.push(`v[${str(v.name.name)}] = ${viewValue(t, `s.${f}`, ec.bound)};`);
  }
  view.push("s.pc.forEach((pc, pid) => { v[`${this.nameOf(pid)}.pc`] = pc; });");
  for (const p of spec.processes) {
    if (!p.locals.length) continue;
    view.push(`s.${p.name.name}.forEach((me, i) => {`, `const n = this.nameOf(this.first.${p.name.name} + i);`);
    for (const l of p.locals)
      view.push(`v[\`\${n}.${l.name.name}\`] = ${viewValue(spec.declTypes.get(l.id) ?? UNKNOWN, `me.${fieldName(l.name.name)}`, ec.bound)};`);
    view.push("});");
  }
  for (const p of spec.procedures) {
    // The frame as a record in declaration order: return label, parameters, locals (display forms).
    const fields = [...p.params, ...p.locals].map(
      (l) => `[${str(l.name.name)}]: ${viewValue(spec.declTypes.get(l.id) ?? UNKNOWN, `f.${fieldName(l.name.name)}`, ec.bound)}`,
    );
    // A parameter or local named `ret` is shown under that name instead of the return label.
    const ret = [...p.params, ...p.locals].some((l) => l.name.name === "ret") ? [] : ["ret: f.ret"];
    view.push(`s.${p.name.name}.forEach((f, pid) => { if (f !== null) v[\`\${this.nameOf(pid)}.${p.name.name}\`] = { ${[...ret, ...fields].join(", ")} }; });`);
  }
  view.push("return v;");
  methods.push({
    name: "view",
    parameters: [{ name: "s", type: "State" }],
    returnType: "{ readonly [name: string]: Value }",
    statements: view,
    docs: ["Variables for display: globals, then each instance's pc, locals and active procedure frames."],
  });
  // locks held at the end, and blocked reasons for deadlock reports
  const lockVars = spec.vars.filter((v) => {
    const t = spec.declTypes.get(v.id) ?? UNKNOWN;
    return t.kind === "mutex" || t.kind === "rwlock" || (t.kind === "map" && (t.value.kind === "mutex" || t.value.kind === "rwlock"));
  });
  const nl: string[] = [];
  for (const v of lockVars) {
    const t = spec.declTypes.get(v.id) ?? UNKNOWN;
    const f = `s.${fieldName(v.name.name)}`;
    const msg = `\`\${this.nameOf(pid)} finishes while holding ${v.name.name}\``;
    if (t.kind === "map") nl.push(`if (${f}.some((l) => heldBy(l, pid))) throw new SpecError("lock_error", ${msg}, loc);`);
    else nl.push(`if (heldBy(${f}, pid)) throw new SpecError("lock_error", ${msg}, loc);`);
  }
  if (!nl.length) nl.push("void s; void pid; void loc;");
  methods.push({
    name: "noLocksHeld",
    parameters: [
      { name: "s", type: "State" },
      { name: "pid", type: "number" },
      { name: "loc", type: "string" },
    ],
    returnType: "void",
    statements: nl,
    docs: ["A process may not finish while holding a lock (a lock error)."],
  });

  // The steps that start by taking a lock, for deadlock reports (ModelBase.blocked): the lock as written,
  // the mode, and its value as the waiting instance sees it.
  const lockWaits: string[] = [];
  for (const s of steps) {
    const root = s.lowered.root;
    if (root.kind !== "lock" || !root.blocking) continue;
    const st = root.stmt;
    const r = spec.refs.get(st.id);
    if (!r || r.kind !== "var" || s.owner.kind === "action") continue;
    const owner = s.owner;
    const lt = spec.declTypes.get(r.decl.id) ?? UNKNOWN;
    const env: Env = { ...env0, ...(owner.kind === "process" ? { process: owner.decl } : { procedure: owner.decl }) };
    const f = sc.readPath(`s.${fieldName(r.decl.name.name)}`, lt, st.path, env);
    const mode = st.op === "acquire" ? "mutex" : st.op === "read_lock" ? "read" : "write";
    const prelude: string[] = [];
    if (owner.kind === "process" && owner.decl.locals.length) prelude.push(`const i = pid - this.first.${owner.decl.name.name};`);
    if (usesSelf(owner.decl.body))
      prelude.push(`const self = this.selves[pid] as ${owner.kind === "process" ? tsType(spec.declTypes.get(owner.decl.id) ?? UNKNOWN) : "number"};`);
    const shown = sc.sourceText({ span: { file: st.lock.span.file, start: st.lock.span.start, end: (st.path[st.path.length - 1] ?? st.lock).span.end } });
    const reads = (x: string): boolean => new RegExp(`(?<![\\w$.])${x}(?![\\w$])`).test(f);
    const used = prelude.filter((l) => reads(l.startsWith("const i ") ? "i" : "self"));
    const pidUsed = used.length > 0 || reads("pid");
    const body = used.length ? `{ ${used.join(" ")} return ${f}; }` : f;
    lockWaits.push(
      `${s.id}: { shown: ${str(docText(shown).replace(/[`$\\]/g, ""))}, mode: ${str(mode)}, lock: (s: State${pidUsed ? ", pid: number" : ""}) => ${body} }`,
    );
  }
  // liveness: temporal properties, fairness, locks held (for lock-order analysis)
  const formula = (t: import("../parse/ast.js").Temporal, env: Env): string => {
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
      const d = x.owner.decl as import("../parse/ast.js").ActionDecl;
      // `fair each action A(x in S, y in T)`: per binding of all parameters; `fair each x action …`: of x.
      const each = d.each === undefined ? "" : `, each: [${(d.each.names?.map((n) => n.name) ?? d.params.map((b) => b.name.name)).map(str).join(", ")}]`;
      return `{ kind: ${str(d.fairness)}, name: ${str(x.name)}, instance: -1, steps: [${x.id}]${each} }`;
    });
  statements.push({
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
  });
  const held: string[] = ["const out: string[] = [];"];
  for (const v of lockVars) {
    const t = spec.declTypes.get(v.id) ?? UNKNOWN;
    const f = `s.${fieldName(v.name.name)}`;
    const n = v.name.name;
    const one = (lt: Type, x: string, label: string): string[] =>
      lt.kind === "mutex"
        ? [`if (${x} === pid) out.push(${label});`]
        : [`if (${x}.writer === pid) out.push(${label} + " (write)");`, `if (${x}.readers.includes(pid)) out.push(${label} + " (read)");`];
    if (t.kind === "map") held.push(`${f}.forEach((l, k) => {`, ...one(t.value, "l", `\`${n}[\${k}]\``), "});");
    else held.push(...one(t, f, str(n)));
  }
  held.push("return out;");
  // partial-order reduction: each instance's current step, and who holds each whole lock variable
  const wholeLocks = lockVars.filter((v) => (spec.declTypes.get(v.id) ?? UNKNOWN).kind !== "map");
  methods.push({
    name: "lockValue",
    parameters: [
      { name: "s", type: "State" },
      { name: "lock", type: "string" },
    ],
    returnType: "Mutex | RwLock | undefined",
    statements: ["switch (lock) {", ...wholeLocks.map((v) => `case ${str(v.name.name)}: return s.${fieldName(v.name.name)};`), "}", "return undefined;"],
    docs: ["The value of a (whole, unindexed) lock variable by name (partial-order reduction)."],
  });
  methods.push({
    name: "locksHeld",
    parameters: [
      { name: "s", type: "State" },
      { name: "pid", type: "number" },
    ],
    returnType: "readonly string[]",
    statements: held,
    docs: ["The locks `pid` holds in `s` (lock-order analysis)."],
  });
  const observedSet = new Set<string>();
  for (const inv of spec.invariants) exprReads(spec, inv.body, observedSet);
  const observedVars = [...observedSet].sort();
  // The and/or/not structure of each invariant over atoms that list the variables they read, for
  // partial-order reduction (which variables a path must write to falsify the invariant; see por.ts).
  // The right operand of and/or/=> is compiled knowing the left, as in `binary`.
  // An atom that compares a whole int variable with a variable-free int expression, or is a whole bool
  // variable: which direction the variable must move for the atom to change is known (see por.ts).
  const FLIP: Record<string, string> = { eq: "eq", ne: "ne", lt: "gt", le: "ge", gt: "lt", ge: "le" };
  // `shape.bool` / `shape.cmp` when the atom's direction of change is known, `shape.atom` otherwise.
  const atom = (e: Expr, env: Env, reads: string): string => {
    const holds = `(s: State) => ${ec.expr(e, env)}`;
    const wholeVar = (x: Expr, kind: "int" | "bool"): string | undefined => {
      if (x.kind !== "NameExpr") return undefined;
      const r = spec.refs.get(x.id);
      return r?.kind === "var" && (spec.declTypes.get(r.decl.id) ?? UNKNOWN).kind === kind ? r.decl.name.name : undefined;
    };
    const b = wholeVar(e, "bool");
    if (b !== undefined) return `shape.bool(${str(b)}, ${holds})`;
    const plain = `shape.atom(${reads}, ${holds})`;
    if (e.kind !== "BinaryExpr" || FLIP[e.op] === undefined) return plain;
    const noVars = (x: Expr): boolean => {
      const r = new Set<string>();
      exprReads(spec, x, r);
      return r.size === 0 && ec.typeOf(x).kind === "int";
    };
    const l = wholeVar(e.left, "int");
    const r = wholeVar(e.right, "int");
    if (l !== undefined && noVars(e.right))
      return `shape.cmp(${reads}, ${holds}, ${str(l)}, ${str(e.op)}, (s: State): number => ${ec.expr(e.left, env)}, (): number => ${ec.expr(e.right, env)})`;
    if (r !== undefined && noVars(e.left))
      return `shape.cmp(${reads}, ${holds}, ${str(r)}, ${str(FLIP[e.op] as string)}, (s: State): number => ${ec.expr(e.right, env)}, (): number => ${ec.expr(e.left, env)})`;
    return plain;
  };
  const shape = (e: Expr, env: Env, depth = 0): string => {
    if (e.kind === "BinaryExpr" && (e.op === "and" || e.op === "or"))
      return `shape.${e.op}(${shape(e.left, env, depth)}, ${shape(e.right, ec.narrowing(e.left, env), depth)})`;
    if (e.kind === "BinaryExpr" && e.op === "implies")
      return `shape.or(shape.not(${shape(e.left, env, depth)}), ${shape(e.right, ec.narrowing(e.left, env), depth)})`;
    if (e.kind === "UnaryExpr" && e.op === "not") return `shape.not(${shape(e.arg, env, depth)})`;
    if (e.kind === "IfExpr") {
      const inner = ec.narrowing(e.cond, env);
      return `shape.if(${shape(e.cond, env, depth)}, ${shape(e.then, inner, depth)}, ${shape(e.else, inner, depth)})`;
    }
    // A parameterless boolean def is expanded (it is evaluated in the same state, with the same constants).
    const r = e.kind === "NameExpr" ? spec.refs.get(e.id) : undefined;
    if (r?.kind === "def" && r.decl.params.length === 0 && depth < 8) return shape(r.decl.body, env0, depth + 1);
    const reads = new Set<string>();
    exprReads(spec, e, reads);
    return atom(e, env, `[${[...reads].sort().map(str).join(", ")}]`);
  };
  // An invariant reading a process's pc or locals has no shape (and the model no `observed`): partial-order
  // reduction then counts it as changed by every step, which is sound (no step lists its pc among its writes).
  const readsProcs = (e: Expr): boolean => {
    const r = new Set<string>();
    exprReads(spec, e, r);
    return r.has(PROC_STATE);
  };
  const invList = spec.invariants.map(
    (i) =>
      `{ name: ${str(i.name.name)}, loc: ${str(loc(i.span))}, holds: (s: State) => this.${methodName(i.name.name)}(s)${readsProcs(i.body) ? "" : `, shape: ${shape(i.body, env0)}`} }`,
  );
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
  if (opts.refinedEntry) {
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

/** True when some variable, process local or procedure frame holds a lock (finishing then checks the locks held). */
function hasLockType(spec: CheckedSpec): boolean {
  const has = (t: Type): boolean =>
    t.kind === "mutex" ||
    t.kind === "rwlock" ||
    (t.kind === "map" && has(t.value)) ||
    (t.kind === "record" && t.fields.some((f) => has(f.type))) ||
    ((t.kind === "option" || t.kind === "set" || t.kind === "seq") && has(t.elem)) ||
    (t.kind === "variant" && t.cases.some((c) => c.fields.some((f) => has(f.type))));
  const decls = [...spec.vars, ...spec.processes.flatMap((p) => p.locals), ...spec.procedures.flatMap((p) => [...p.params, ...p.locals])];
  return decls.some((d) => has(spec.declTypes.get(d.id) ?? UNKNOWN));
}

/** True when a value of `t` displays differently from its representation (maps, locks, pids). */
function needsView(t: Type): boolean {
  switch (t.kind) {
    case "map":
    case "mutex":
    case "rwlock":
    case "pid":
      return true;
    case "record":
      // A field renamed in the generated code (`constructor` → `constructor_`) is shown by its spec name.
      // So is a record whose fields are not declared in name order (its representation's order): the
      // view lists them in declaration order.
      return t.fields.some((f, i) => needsView(f.type) || fieldName(f.name) !== f.name || sortedFields(t)[i]?.name !== f.name);
    case "variant":
      return t.cases.some((c) => needsView(caseRecord(c)));
    case "set":
    case "seq":
    case "option":
      return needsView(t.elem);
    default:
      return false;
  }
}

/** Display form of `v`: maps keyed by their spec keys, lock owners and pids by instance name. */
function viewValue(t: Type, v: string, bound: (e: Expr) => string = () => "0", depth = 0): string {
  if (!needsView(t)) return v;
  const x = `x${depth}`;
  switch (t.kind) {
    case "mutex":
    case "pid":
      return `this.nameOf(${v})`;
    case "rwlock":
      return `{ writer: this.nameOf(${v}.writer), readers: ${v}.readers.map((r) => this.nameOf(r)) }`;
    case "map": {
      const key =
        t.key.kind === "int" && t.key.range
          ? `String(k + ${bound(t.key.range.lo)})`
          : t.key.kind === "scalarset"
            ? `String(k + ${bound(t.key.range.lo)})`
            : t.key.kind === "enum"
              ? `${typeName(t.key.decl.name.name)}$values[k] as string`
              : t.key.kind === "bool"
                ? "String(k === 1)"
                : "String(this.nameOf(k))";
      return `Object.fromEntries(${v}.map((${x}, k) => [${key}, ${viewValue(t.value, x, bound, depth + 1)}]))`;
    }
    case "record":
      // Keys are the spec's names; a computed key, so that `__proto__` is an own property, not the prototype.
      // Parenthesized: the body of an arrow function (`(x0) => ({ … })` in a set's or sequence's map).
      return `({ ${t.fields.map((f) => `[${str(f.name)}]: ${viewValue(f.type, `${v}.${fieldName(f.name)}`, bound, depth)}`).join(", ")} })`;
    case "variant": {
      // `$tag` stays the first key (the display form of a variant: runtime/search/format.ts, itf.ts); the fields
      // follow in declaration order, as a record's.
      let out = v;
      for (const c of [...t.cases].reverse()) {
        if (!needsView(caseRecord(c))) continue;
        const x = `(${v} as ${caseType(t, c.tag)})`;
        const fields = [
          `${TAG_KEY}: ${str(c.tag)}`,
          ...caseRecord(c).fields.map((f) => `[${str(f.name)}]: ${viewValue(f.type, `${x}.${fieldName(f.name)}`, bound, depth)}`),
        ];
        out = `((${v}.${TAG_KEY} as string) === ${str(c.tag)} ? { ${fields.join(", ")} } : ${out})`;
      }
      return out;
    }
    case "set":
    case "seq":
      return `${v}.map((${x}) => ${viewValue(t.elem, x, bound, depth + 1)})`;
    case "option":
      return `(${v} === null ? null : ${viewValue(t.elem, v, bound, depth)})`;
    default:
      return v;
  }
}

/**
 * Per step, the optional StepDef fields partial-order reduction uses (as source text to append to the
 * step's entry): `next`, the steps its instance may take right after it (control flow through calls and
 * returns, see `stepFlow`; a return goes to every return address of the procedure, conservatively), and
 * `gate`, the lock its first statement acquires. A step whose successors cannot be worked out gets no
 * `next` (the runtime then assumes any step).
 */
function porStepInfo(spec: CheckedSpec, steps: readonly StepInfo[]): Map<number, string> {
  const idOf = new Map<string, number>();
  const key = (owner: Owner, label: string): string => `${owner.kind}:${owner.decl.name.name}:${label}`;
  for (const s of steps) if (s.label !== undefined) idOf.set(key(s.owner, s.label), s.id);
  const procByName = new Map(spec.procedures.map((p) => [p.name.name, p]));
  const flows = new Map<number, ReturnType<typeof stepFlow>>();
  for (const s of steps) if (s.owner.kind !== "action") flows.set(s.id, stepFlow(spec, s.lowered));
  // Return addresses of each procedure: the step after every call site (a tail call: the caller's own).
  const retSites = new Map<string, { owner: Owner; ret: ReturnType<typeof stepFlow>["calls"][number]["ret"] }[]>();
  for (const s of steps) {
    for (const c of flows.get(s.id)?.calls ?? []) {
      const l = retSites.get(c.proc) ?? [];
      l.push({ owner: s.owner, ret: c.ret });
      retSites.set(c.proc, l);
    }
  }
  let unknown = false;
  const retTargets = (proc: string, seen: Set<string>): number[] => {
    if (seen.has(proc)) return [];
    seen.add(proc);
    const out: number[] = [];
    for (const r of retSites.get(proc) ?? []) {
      if (r.ret.kind === "label") {
        const id = idOf.get(key(r.owner, r.ret.name));
        if (id === undefined) unknown = true;
        else out.push(id);
      } else if (r.ret.kind === "tail") {
        if (r.owner.kind === "procedure") out.push(...retTargets(r.owner.decl.name.name, seen));
        else unknown = true;
      }
    }
    return out;
  };
  const out = new Map<number, string>();
  for (const s of steps) {
    const flow = flows.get(s.id);
    if (!flow) continue;
    unknown = flow.unknown;
    const next = new Set<number>();
    // Counter changes per successor step (merged over the ways leading to it), and per way out.
    const edge = new Map<number, Map<string, readonly [number, number]>>();
    const exit = new Map<string, readonly [number, number]>();
    const merge = (into: Map<string, readonly [number, number]>, d: ReadonlyMap<string, readonly [number, number]> | undefined, first: boolean): void => {
      for (const v of new Set([...into.keys(), ...(d?.keys() ?? [])])) {
        const a = into.get(v) ?? [0, 0];
        const b = d?.get(v) ?? [0, 0];
        into.set(v, first ? b : [Math.min(a[0], b[0]), Math.max(a[1], b[1])]);
      }
    };
    const to = (id: number, way: string): void => {
      const had = edge.get(id);
      const m = had ?? new Map<string, readonly [number, number]>();
      merge(m, flow.deltas.get(way), had === undefined);
      edge.set(id, m);
      next.add(id);
    };
    for (const l of flow.labels) {
      const id = idOf.get(key(s.owner, l));
      if (id === undefined) unknown = true;
      else to(id, `label:${l}`);
    }
    if (flow.ret && s.owner.kind === "procedure") for (const id of retTargets(s.owner.decl.name.name, new Set())) to(id, "ret");
    for (const c of flow.calls) {
      const p = procByName.get(c.proc);
      const id = steps.find((x) => x.owner.kind === "procedure" && x.owner.decl === p && x.lowered.entry)?.id;
      if (id === undefined) unknown = true;
      else to(id, `call:${c.proc}`);
    }
    let exits = 0;
    for (const way of ["done", "ret"]) if (flow.deltas.has(way)) merge(exit, flow.deltas.get(way), exits++ === 0);
    const ids = [...next].sort((a, b) => a - b);
    const num = (x: number): string => (x === Infinity ? "Infinity" : x === -Infinity ? "-Infinity" : String(x));
    const deltaText = (m: ReadonlyMap<string, readonly [number, number]> | undefined): string => {
      const es = [...(m ?? [])].filter(([v, [a, b]]) => !v.startsWith("#") && (a !== 0 || b !== 0)).sort(([x], [y]) => (x < y ? -1 : 1));
      return es.length ? `{ ${es.map(([v, [a, b]]) => `${fieldName(v)}: [${num(a)}, ${num(b)}]`).join(", ")} }` : "{}";
    };
    // Whole locks acquired on every path to a successor (`#lock:` pseudo-variables, see stepFlow).
    const locksText = (m: ReadonlyMap<string, readonly [number, number]> | undefined): string =>
      `[${[...(m ?? [])]
        .filter(([v, [a]]) => v.startsWith("#lock:") && a >= 1)
        .map(([v]) => v.split(":"))
        .sort()
        .map(([, l, mode]) => `{ lock: ${str(l as string)}, mode: ${str(mode as string)} }`)
        .join(", ")}]`;
    const anyDelta = ids.some((id) => deltaText(edge.get(id)) !== "{}") || deltaText(exit) !== "{}";
    const anyLocks = ids.some((id) => locksText(edge.get(id)) !== "[]");
    const gate = stepGate(spec, s.lowered);
    const parts = [
      unknown ? "" : `, next: [${ids.join(", ")}]`,
      !unknown && anyDelta ? `, nextDelta: [${ids.map((id) => deltaText(edge.get(id))).join(", ")}], exitDelta: ${deltaText(exit)}` : "",
      !unknown && anyLocks ? `, nextLocks: [${ids.map((id) => locksText(edge.get(id))).join(", ")}]` : "",
      gate ? `, gate: { lock: ${str(gate.lock)}, mode: ${str(gate.mode)} }` : "",
    ];
    out.set(s.id, parts.join(""));
  }
  return out;
}
