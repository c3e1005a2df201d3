/**
 * Pass 1 of the checker: the declarations, in one namespace for all named things. Sorts them by kind,
 * registers the global names (constants, variables, defs, enum members, variant cases) with the
 * analyzer, and reports duplicates and reserved names.
 */
import type {
  ActionDecl,
  ConstDecl,
  Decl,
  DefDecl,
  EnumDecl,
  InvariantDecl,
  MacroDecl,
  ProcedureDecl,
  ProcessDecl,
  PropertyDecl,
  RefinesDecl,
  VarDecl,
  WorkloadDecl,
} from "../parse/ast.js";
import { error, type Note } from "../diagnostics/diagnostic.js";
import type { Analyzer } from "./analyze.js";
import type { LinkedSpec } from "./link.js";

/** Built-in property names of JavaScript objects: reserved for every declaration. */
const RESERVED_PROPERTY_NAMES = new Set([
  "constructor",
  "__proto__",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
]);

/** The declarations of a spec by kind (before macro expansion). */
export interface Declarations {
  readonly byName: ReadonlyMap<string, Decl>;
  readonly consts: ConstDecl[];
  readonly enums: EnumDecl[];
  readonly vars: VarDecl[];
  readonly defs: DefDecl[];
  readonly invariants: InvariantDecl[];
  readonly properties: PropertyDecl[];
  readonly actions: ActionDecl[];
  readonly processes: ProcessDecl[];
  readonly procedures: ProcedureDecl[];
  readonly macros: Map<string, MacroDecl>;
  readonly workloads: WorkloadDecl[];
  readonly refinesDecl: RefinesDecl | undefined;
  /** The spec's `check deadlock` option (default on). */
  readonly checkDeadlock: boolean;
}

/** Pass 1: collects the declarations and registers their names with `an` (errors go to its diagnostics). */
export function declarationsPass(linked: LinkedSpec, an: Analyzer): Declarations {
  const diags = an.out.diagnostics;
  const byName = new Map<string, Decl>();
  const consts: ConstDecl[] = [];
  const enums: EnumDecl[] = [];
  const vars: VarDecl[] = [];
  const defs: DefDecl[] = [];
  const invariants: InvariantDecl[] = [];
  const properties: PropertyDecl[] = [];
  const actions: ActionDecl[] = [];
  const processes: ProcessDecl[] = [];
  const procedures: ProcedureDecl[] = [];
  const macros = new Map<string, MacroDecl>();
  const workloads: WorkloadDecl[] = [];
  let refinesDecl: RefinesDecl | undefined;
  let checkDeadlock = true;
  for (const d of linked.decls) {
    if (d.kind === "OptionDecl") {
      if (d.name.name !== "deadlock") diags.push(error("E605", `unknown check option \`${d.name.name}\`; the only option is \`deadlock\``, d.name.span));
      else checkDeadlock = d.value;
      continue;
    }
    const prev = byName.get(d.name.name);
    if (prev) {
      const notes: Note[] = [{ message: "first declared here", span: prev.name.span }];
      if (d.kind === "RefinesDecl") {
        // One refinement per spec: the same behaviours are checked against another abstract spec by a
        // spec that extends this one and replaces its `refines` (test/conformance/LockHSPSpec).
        notes.push({
          kind: "help",
          message:
            'a spec declares one `refines`; to check another refinement of the same behaviours, write a spec that `extends` this one and replaces it: `override refines "other.tspec" with { … }`',
        });
      }
      diags.push(error("E208", `\`${d.name.name}\` is declared twice`, d.name.span, notes));
      continue;
    }
    byName.set(d.name.name, d);
    switch (d.kind) {
      case "ConstDecl":
        consts.push(d);
        an.global.set(d.name.name, { kind: "const", decl: d });
        break;
      case "TypeDecl":
        an.typeNames.set(d.name.name, { decl: d });
        break;
      case "EnumDecl":
        enums.push(d);
        an.typeNames.set(d.name.name, { decl: d });
        break;
      case "VarDecl":
        vars.push(d);
        an.global.set(d.name.name, { kind: "var", decl: d });
        break;
      case "DefDecl":
        defs.push(d);
        an.defs.set(d.name.name, d);
        if (d.params.length === 0) an.global.set(d.name.name, { kind: "def", decl: d });
        break;
      case "InvariantDecl":
        invariants.push(d);
        break;
      case "PropertyDecl":
        properties.push(d);
        break;
      case "ActionDecl":
        actions.push(d);
        break;
      case "ProcessDecl":
        processes.push(d);
        break;
      case "ProcedureDecl":
        procedures.push(d);
        an.procedures.set(d.name.name, d);
        break;
      case "MacroDecl":
        macros.set(d.name.name, d);
        break;
      case "WorkloadDecl":
        workloads.push(d);
        break;
      case "RefinesDecl":
        refinesDecl = d;
        break;
    }
  }
  // Processes and procedures cannot be named after built-in properties of JavaScript objects: the
  // generated model looks them up by name (per-process tables, frames).
  for (const d of linked.decls) {
    if (d.kind === "OptionDecl") continue;
    // Processes and procedures also name State fields, next to `pc` (the control state).
    // (Other declarations are renamed in the generated code instead; see generator/emit/names.ts.)
    const reservedHere = (d.kind === "ProcessDecl" || d.kind === "ProcedureDecl") && (RESERVED_PROPERTY_NAMES.has(d.name.name) || d.name.name === "pc");
    if (reservedHere) {
      diags.push(error("E214", `\`${d.name.name}\` is reserved (a built-in property of JavaScript objects); choose another name`, d.name.span));
    }
  }
  for (const en of enums) {
    const seen = new Set<string>();
    for (const m of en.members) {
      if (m.name === "__proto__") diags.push(error("E214", "`__proto__` is reserved (a built-in property of JavaScript objects); choose another name", m.span));
      if (seen.has(m.name)) diags.push(error("E208", `enum member \`${m.name}\` appears twice in \`${en.name.name}\``, m.span));
      seen.add(m.name);
      const clash = an.global.get(m.name) ?? (byName.has(m.name) ? ({ kind: "const" } as const) : undefined);
      if (clash && !(clash.kind === "member" && clash.decl === en)) {
        diags.push(error("E208", `enum member \`${m.name}\` clashes with another declaration of the same name`, m.span));
        continue;
      }
      an.global.set(m.name, { kind: "member", decl: en, name: m.name });
    }
  }
  // Variant cases are global names too: `Abort` is a value, `Promise { … }` builds one.
  for (const d of linked.decls) {
    if (d.kind !== "TypeDecl" || d.type.kind !== "VariantType") continue;
    for (const c of d.type.cases) {
      if (c.tag.name === "__proto__")
        diags.push(error("E214", "`__proto__` is reserved (a built-in property of JavaScript objects); choose another name", c.tag.span));
      const other = an.tags.get(c.tag.name);
      if (other === d.name.name) continue; // a duplicate within the variant: E380 when its type is resolved
      if (other !== undefined || an.global.has(c.tag.name) || byName.has(c.tag.name)) {
        const what = other !== undefined ? `a case of \`${other}\`` : "another declaration of the same name";
        diags.push(error("E381", `variant case \`${c.tag.name}\` clashes with ${what}; cases are global names, like enum members`, c.tag.span));
        continue;
      }
      an.tags.set(c.tag.name, d.name.name);
      an.global.set(c.tag.name, { kind: "tag", variant: d.name.name, tag: c.tag.name, span: c.tag.span });
    }
  }
  return { byName, consts, enums, vars, defs, invariants, properties, actions, processes, procedures, macros, workloads, refinesDecl, checkDeadlock };
}
