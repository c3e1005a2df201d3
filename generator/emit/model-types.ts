/**
 * The type declarations of a model: the spec's enums (with their canonical order and ordinals), type
 * aliases and constants record, then the program-counter tables, process locals, procedure frames,
 * `State`, `Draft` and the `draft` copy every step starts from.
 */
import type { StatementStructures } from "ts-morph";
import { tsMorph } from "./ts-morph.js";
import type { CheckedSpec } from "../check/checked.js";
import { enumOrder, UNKNOWN } from "../check/types.js";
import { docText, fieldName, str, typeName } from "./names.js";
import type { StepCompiler } from "./steps.js";
import { sortedFields, tsType, variantUnion } from "./type-code.js";
import { pcTables } from "./tables.js";
import { table } from "./layout.js";
import { doc, loc } from "./model-parts.js";

const { StructureKind, VariableDeclarationKind } = tsMorph;

/** The spec's enums, type aliases and `Constants`. */
export function specTypeDecls(spec: CheckedSpec, sc: StepCompiler): StatementStructures[] {
  const statements: StatementStructures[] = [];
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
  return statements;
}

/** `Pc` and its tables, process locals, procedure frames, `State`, `Draft`, `draft` and `Out`. */
export function stateTypeDecls(spec: CheckedSpec, uniquePcs: readonly string[], frameType: (name: string) => string): (string | StatementStructures)[] {
  const statements: (string | StatementStructures)[] = [];
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
  return statements;
}
