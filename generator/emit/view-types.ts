/**
 * The runtime `ViewType`s of a spec (runtime/contract/view-type.ts) as code: how traces and ITF show
 * each variable, local, frame field and `with` choice. A type with `display` names (`Pfn` printed P1,
 * P2, …) is written once, as a constant named after the spec's type (`Pfn$view`), and referred to by
 * name wherever a variable or choice has it: the names of a pfncache page would otherwise be spelled
 * out at each of the dozen places a page is stored.
 */
import type { CheckedSpec } from "../check/checked.js";
import { UNKNOWN, type Type } from "../check/types.js";
import type { Binder } from "../parse/ast.js";
import type { LoweredStep, Node } from "../lower/ir.js";
import { children } from "../lower/ir.js";
import type { ExprCompiler } from "./expr.js";
import { nestedList, propKey } from "./layout.js";
import { str } from "./names.js";

export class ViewTypeTable {
  /** Code of each named view type → its constant's name, in order of first use (a constant only refers to earlier ones). */
  private readonly named = new Map<string, string>();
  private readonly decls: string[] = [];
  /** The spec's type aliases by the code of their view type: a named view type takes the alias's name. */
  private readonly aliasOf = new Map<string, string>();

  constructor(private readonly spec: CheckedSpec) {
    for (const [name, t] of spec.aliases) {
      const code = this.inline(t);
      if (code !== undefined && !this.aliasOf.has(code)) this.aliasOf.set(code, name);
    }
  }

  /** The view type of `t` spelled out in full (no constants): what identifies a type whatever it is called. */
  private inline(t: Type): string | undefined {
    return this.withNames(
      t,
      this.bare(t, (x) => this.inline(x)),
    );
  }

  /** `code` with `t`'s own display names added. */
  private withNames(t: Type, code: string | undefined): string | undefined {
    if (code === undefined || t.display === undefined || t.display.length === 0) return code;
    const names = t.display.map(([v, n]) => `[${typeof v === "string" ? str(v) : String(v)}, ${str(n)}]`);
    return `${code.slice(0, -2)}, display: [${names.join(", ")}] }`;
  }

  /** The view type of a value of type `t` as code (a constant's name when it has display names), or undefined when unknown. */
  code(t: Type): string | undefined {
    const code = this.bare(t, (x) => this.code(x));
    if (code === undefined || t.display === undefined || t.display.length === 0) return code;
    const full = this.withNames(t, code) as string;
    let name = this.named.get(full);
    if (name === undefined) {
      const inline = this.inline(t);
      const alias = inline === undefined ? undefined : this.aliasOf.get(inline);
      name = alias !== undefined && ![...this.named.values()].includes(`${alias}$view`) ? `${alias}$view` : `view$${this.named.size + 1}`;
      this.named.set(full, name);
      this.decls.push(`${name}: ViewType = ${full}`);
    }
    return name;
  }

  /** `VIEW_TYPES`: every variable, local and frame field, preceded by the named view types it refers to. */
  statements(): string {
    const spec = this.spec;
    const entries = (vars: readonly { name: { name: string }; id: number }[]): string[] =>
      vars.flatMap((v) => {
        const code = this.code(spec.declTypes.get(v.id) ?? UNKNOWN);
        return code !== undefined ? [`[${str(v.name.name)}, ${code}]`] : [];
      });
    const globals = entries(spec.vars);
    const locals = spec.processes.map((p) => `    ${propKey(p.name.name)}: [${entries(p.locals).join(", ")}],`);
    const frames = spec.procedures.map((p) => {
      const vars = [...p.params, ...p.locals];
      const fields = [
        ...(vars.some((l) => l.name.name === "ret") ? [] : ['["ret", { kind: "name" }]']),
        ...vars.map((l) => `[${str(l.name.name)}, ${this.code(spec.declTypes.get(l.id) ?? UNKNOWN) ?? '{ kind: "string" }'}]`),
      ];
      return nestedList(`[${str(p.name.name)}, { kind: "frame", fields: [`, fields, "] }],", 4).join("\n");
    });
    const out: string[] = [];
    if (this.decls.length > 0) {
      out.push("/** How traces show the values of the spec's types that have `display` names. */", "// prettier-ignore", `const ${this.decls.join(",\n  ")};`);
    }
    out.push(
      "/** The spec type of each variable as `view` shows it: globals, process locals, procedure frames. */",
      "// prettier-ignore",
      "const VIEW_TYPES: ViewTypeDecls = {",
      ...nestedList("globals: [", globals, "],", 2),
      ...(locals.length > 0 ? ["  locals: {", ...locals, "  },"] : ["  locals: {},"]),
      ...(frames.length > 0 ? ["  frames: [", ...frames, "  ],"] : ["  frames: [],"]),
      "};",
    );
    return out.join("\n");
  }

  /**
   * `, picks: { x: ViewType }` for the `with` binders and action parameters of a step whose values have
   * display names, so that traces print a choice by its name; nothing when none has (so the models of
   * specs without names are unchanged). Two binders of one name with different types print raw.
   */
  picks(ec: ExprCompiler, step: LoweredStep): string {
    const types = new Map<string, string | null>();
    const add = (b: Binder): void => {
      if (b.pattern !== undefined) return;
      const t = ec.typeOf(b.domain);
      const code = t.kind === "set" ? this.code(t.elem) : undefined;
      const named = code !== undefined && this.isNamed(code) ? code : null;
      const prev = types.get(b.name.name);
      types.set(b.name.name, prev === undefined ? named : prev === named ? prev : null);
    };
    const walk = (n: Node): void => {
      if (n.kind === "with") n.binders.forEach(add);
      children(n).forEach(walk);
    };
    step.params.forEach(add);
    walk(step.root);
    const named = [...types].filter((e): e is [string, string] => e[1] !== null);
    return named.length > 0 ? `, picks: { ${named.map(([k, c]) => `${str(k)}: ${c}`).join(", ")} }` : "";
  }

  /** True when `code` is (or contains) a view type with display names: it names one of the constants (a `$` no spec name has). */
  private isNamed(code: string): boolean {
    return /\$view\b|\bview\$\d/.test(code);
  }

  /** The view type of `t` without its own display names (its parts keep theirs). */
  private bare(t: Type, part: (x: Type) => string | undefined): string | undefined {
    const sub = (x: Type, f: (c: string) => string): string | undefined => {
      const c = part(x);
      return c !== undefined ? f(c) : undefined;
    };
    switch (t.kind) {
      case "bool":
        return '{ kind: "bool" }';
      case "int":
      case "scalarset":
        return '{ kind: "int" }';
      case "string":
        return '{ kind: "string" }';
      case "enum":
      case "pid":
        return '{ kind: "name" }';
      case "mutex":
        return '{ kind: "owner" }';
      case "rwlock":
        return '{ kind: "record", fields: [["writer", { kind: "owner" }], ["readers", { kind: "set", elem: { kind: "name" } }]] }';
      case "set":
      case "seq":
      case "option":
        return sub(t.elem, (c) => `{ kind: ${str(t.kind)}, elem: ${c} }`);
      case "map": {
        const k = part(t.key);
        const v = part(t.value);
        return k !== undefined && v !== undefined ? `{ kind: "map", key: ${k}, value: ${v} }` : undefined;
      }
      case "record": {
        const fs = t.fields.map((f) => part(f.type));
        if (fs.some((c) => c === undefined)) return undefined;
        if (t.tuple) return `{ kind: "tuple", elems: [${fs.join(", ")}] }`;
        return `{ kind: "record", fields: [${t.fields.map((f, i) => `[${str(f.name)}, ${fs[i] as string}]`).join(", ")}] }`;
      }
      case "variant": {
        const cases: string[] = [];
        for (const c of t.cases) {
          const fs = c.fields.map((f) => part(f.type));
          if (fs.some((x) => x === undefined)) return undefined;
          cases.push(`[${str(c.tag)}, [${c.fields.map((f, i) => `[${str(f.name)}, ${fs[i] as string}]`).join(", ")}]]`);
        }
        return `{ kind: "variant", cases: [${cases.join(", ")}] }`;
      }
      case "unknown":
        return undefined;
    }
  }
}
