/**
 * The model's `view` method: the display form of a state (variables by their spec names, maps keyed by
 * their spec keys, lock owners and pids by instance name), for traces, ITF and the explorer page.
 */
import type { MethodDeclarationStructure, OptionalKind } from "ts-morph";
import type { Expr } from "../parse/ast.js";
import type { CheckedSpec } from "../check/checked.js";
import { caseRecord, TAG_KEY, UNKNOWN, type Type } from "../check/types.js";
import type { ExprCompiler } from "./expr.js";
import { fieldName, str, typeName } from "./names.js";
import { caseType, sortedFields } from "./type-code.js";

/** The `view` method: globals, then each instance's pc, locals and active procedure frames. */
export function viewMethod(spec: CheckedSpec, ec: ExprCompiler): OptionalKind<MethodDeclarationStructure> {
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
  return {
    name: "view",
    parameters: [{ name: "s", type: "State" }],
    returnType: "{ readonly [name: string]: Value }",
    statements: view,
    docs: ["Variables for display: globals, then each instance's pc, locals and active procedure frames."],
  };
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
