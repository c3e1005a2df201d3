/**
 * Refinement (`refines "abstract.tspec" with { v = e; const C = e; }`, issue 13 item 6): loading the
 * abstract spec and checking the mapping against it.
 *
 * The abstract spec is linked and checked on its own (it becomes its own generated model); this spec's
 * mapping expressions are analysed in this spec's scope (state variables, constants, defs, process
 * state), each against the type of the abstract variable it gives, translated into this spec's types:
 * an abstract enum must be declared here too, with the same members in the same order (then both
 * specs represent its values identically), and a map keyed by an integer range must be built over the
 * same range (its values are stored by key offset). Codes E370–E379.
 */
import * as path from "node:path";
import type { ConstDecl, EnumDecl, Expr, RefineItem, RefinesDecl } from "../parse/ast.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { CheckedSpec } from "./checked.js";
import { didYouMean } from "./analyze.js";
import { displayPath, linkSpec } from "./link.js";
import { extendsProblem, readSpecText } from "./spec-file.js";
import { showType, type Type } from "./types.js";

/** The abstract spec of a `refines` declaration, loaded and checked (or why not). */
export interface LoadedAbstract {
  readonly checked?: CheckedSpec;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * Loads and checks the abstract spec named by `decl` (relative to the file that declares it), under the
 * rules of `extends` (a `.tspec` inside the project or the root spec's directory). `check` is the
 * front end's checker (passed in to avoid an import cycle).
 */
export function loadAbstract(
  decl: RefinesDecl,
  rootFile: string,
  check: (linked: NonNullable<ReturnType<typeof linkSpec>["spec"]>) => { checked?: CheckedSpec; diagnostics: readonly Diagnostic[] },
  readFile: (p: string) => string = readSpecText,
): LoadedAbstract {
  const target = path.resolve(path.dirname(decl.file.span.file), decl.file.value);
  const shown = displayPath(target);
  const refused = extendsProblem(target, rootFile);
  if (refused !== undefined) {
    return {
      diagnostics: [error("E370", `cannot refine \`${shown}\`: ${refused.replace("an extended file", "a refined file")}`, decl.file.span)],
      sources: new Map(),
    };
  }
  const linked = linkSpec(target, readFile);
  const diags: Diagnostic[] = [];
  for (const d of linked.diagnostics) {
    // A missing or unreadable abstract spec is reported at the `refines`, not at line 1 of a file that does not exist.
    if (d.code === "E207" && d.span.file === shown)
      diags.push(
        error("E370", `cannot read the abstract spec \`${shown}\`${d.message.includes(":") ? d.message.slice(d.message.indexOf(":")) : ""}`, decl.file.span),
      );
    else diags.push(d);
  }
  if (!linked.spec || diags.some((d) => d.severity === "error")) return { diagnostics: diags, sources: linked.sources };
  const r = check(linked.spec);
  return { ...(r.checked ? { checked: r.checked } : {}), diagnostics: [...diags, ...r.diagnostics], sources: linked.sources };
}

/** A checked refinement mapping. */
export interface CheckedRefinement {
  readonly decl: RefinesDecl;
  readonly abstract: CheckedSpec;
  /** Abstract constants fixed by the mapping (their values read this spec's constants). */
  readonly consts: ReadonlyMap<string, Expr>;
  /** One entry per abstract variable, in the abstract spec's order. */
  readonly vars: readonly { readonly name: string; readonly value: Expr; readonly item: RefineItem }[];
}

/** What the checker needs from its analyzer (a narrow view of `Analyzer`). */
export interface MappingAnalyzer {
  exprType(e: Expr): Type;
  constType(e: Expr, expected: Type, what: string): Type;
  expect(actual: Type, expected: Type, span: Expr["span"], what: string): void;
  /** The checked type of an expression analysed before. */
  typeOf(e: Expr): Type | undefined;
  /** The spec's constants (to recognise them in range bounds). */
  readonly consts: readonly ConstDecl[];
  readonly enums: readonly EnumDecl[];
  readonly diagnostics: Diagnostic[];
}

/** Checks the mapping of `decl` against `abs`; undefined when it has errors (reported). */
export function checkMapping(decl: RefinesDecl, abs: CheckedSpec, an: MappingAnalyzer): CheckedRefinement | undefined {
  const diags = an.diagnostics;
  const before = diags.length;
  const absName = abs.name.name;
  if (abs.processes.length > 0) {
    const p = abs.processes[0];
    diags.push(
      error(
        "E371",
        `the abstract spec \`${absName}\` has processes (\`${p?.name.name ?? "?"}\`); refinement needs an abstract spec of actions only, with its control state as an ordinary variable (as in the TLA+ translation of a PlusCal algorithm: \`var pc: map<…, Label>\` and one action per label), so that the mapping can give it`,
        decl.file.span,
      ),
    );
    return undefined;
  }
  if (abs.linked.decls.some((d) => d.kind === "RefinesDecl")) {
    diags.push(
      error(
        "E371",
        `the abstract spec \`${absName}\` itself declares \`refines\`; check that refinement on its own (chains of refinement are not followed)`,
        decl.file.span,
      ),
    );
    return undefined;
  }
  const consts = new Map<string, Expr>();
  const given = new Map<string, RefineItem>();
  const vars: { name: string; value: Expr; item: RefineItem }[] = [];
  // Constants first: range bounds of variables may use them.
  for (const it of decl.items) {
    if (!it.isConst) continue;
    const c = abs.consts.find((x) => x.name.name === it.name.name);
    if (!c) {
      diags.push(
        error(
          "E373",
          `\`const ${it.name.name}\`: the abstract spec \`${absName}\` has no constant \`${it.name.name}\`${didYouMean(
            it.name.name,
            abs.consts.map((x) => x.name.name),
          )}`,
          it.name.span,
        ),
      );
      continue;
    }
    if (consts.has(it.name.name)) {
      diags.push(error("E376", `the mapping fixes constant \`${it.name.name}\` twice`, it.name.span));
      continue;
    }
    const t = localType(abs.declTypes.get(c.id), an, it, absName);
    if (t !== undefined) an.constType(it.value, t, `in the value of abstract constant \`${it.name.name}\``);
    consts.set(it.name.name, it.value);
  }
  for (const it of decl.items) {
    if (it.isConst) continue;
    const v = abs.vars.find((x) => x.name.name === it.name.name);
    if (!v) {
      const isConst = abs.consts.some((x) => x.name.name === it.name.name);
      diags.push(
        error(
          "E373",
          isConst
            ? `\`${it.name.name}\` is a constant of the abstract spec \`${absName}\`: write \`const ${it.name.name} = …;\``
            : `the abstract spec \`${absName}\` has no variable \`${it.name.name}\`${didYouMean(
                it.name.name,
                abs.vars.map((x) => x.name.name),
              )}`,
          it.name.span,
        ),
      );
      continue;
    }
    if (given.has(it.name.name)) {
      diags.push(
        error("E376", `the mapping gives abstract variable \`${it.name.name}\` twice`, it.name.span, [
          { message: "first given here", span: (given.get(it.name.name) as RefineItem).name.span },
        ]),
      );
      continue;
    }
    given.set(it.name.name, it);
    const absType = abs.declTypes.get(v.id);
    if (absType && (absType.kind === "mutex" || absType.kind === "rwlock" || containsKind(absType, ["mutex", "rwlock", "pid", "scalarset"]))) {
      diags.push(
        error(
          "E372",
          `abstract variable \`${it.name.name}\` has type \`${showType(absType)}\`: locks, pids and symmetric types identify process instances of the abstract spec, which a mapping cannot name; model it with integers or enums there`,
          it.name.span,
        ),
      );
      continue;
    }
    const t = localType(absType, an, it, absName);
    const actual = an.exprType(it.value);
    if (t === undefined) continue;
    const n = diags.length;
    an.expect(actual, t, it.value.span, `in the mapping of abstract variable \`${it.name.name}\``);
    if (diags.length === n && absType) keyRanges(actual, absType, it, abs, consts, an, absName);
    vars.push({ name: it.name.name, value: it.value, item: it });
  }
  const missing = abs.vars.filter((v) => !given.has(v.name.name)).map((v) => v.name.name);
  if (missing.length > 0) {
    diags.push(
      error(
        "E375",
        `the mapping does not give abstract variable${missing.length > 1 ? "s" : ""} ${missing.map((m) => `\`${m}\``).join(", ")} of \`${absName}\`; every abstract variable needs \`name = expression;\``,
        decl.name.span,
      ),
    );
  }
  for (const c of abs.consts) {
    if (consts.has(c.name.name)) continue;
    // The abstract default stands; it is evaluated in the abstract model (no check needed here).
  }
  if (diags.length > before) return undefined;
  const ordered = abs.vars.map((v) => vars.find((x) => x.name === v.name.name)).filter((x): x is (typeof vars)[number] => x !== undefined);
  return { decl, abstract: abs, consts, vars: ordered };
}

function containsKind(t: Type, kinds: readonly string[]): boolean {
  if (kinds.includes(t.kind)) return true;
  switch (t.kind) {
    case "record":
      return t.fields.some((f) => containsKind(f.type, kinds));
    case "set":
    case "seq":
    case "option":
      return containsKind(t.elem, kinds);
    case "map":
      return containsKind(t.key, kinds) || containsKind(t.value, kinds);
    default:
      return false;
  }
}

/**
 * The abstract type `t` as a type of this spec (ranges dropped: the abstract model checks them), or
 * undefined after reporting E374 when an abstract enum has no identical counterpart here.
 */
function localType(t: Type | undefined, an: MappingAnalyzer, it: RefineItem, absName: string): Type | undefined {
  if (t === undefined) return undefined;
  switch (t.kind) {
    case "int":
      return { kind: "int" };
    case "enum": {
      const members = t.decl.members.map((m) => m.name);
      const mine = an.enums.find((e) => e.name.name === t.decl.name.name);
      if (!mine || mine.members.map((m) => m.name).join(",") !== members.join(",")) {
        an.diagnostics.push(
          error(
            "E374",
            `abstract variable or constant \`${it.name.name}\` uses enum \`${t.decl.name.name}\` of \`${absName}\`: declare \`enum ${t.decl.name.name} { ${members.join(", ")} }\` in this spec (the same members in the same order) so that the mapping can name its values${mine ? `; this spec's \`${t.decl.name.name}\` has { ${mine.members.map((m) => m.name).join(", ")} }` : ""}`,
            it.name.span,
          ),
        );
        return undefined;
      }
      return { kind: "enum", decl: mine };
    }
    case "record": {
      const fields: { name: string; type: Type }[] = [];
      for (const f of t.fields) {
        const ft = localType(f.type, an, it, absName);
        if (ft === undefined) return undefined;
        fields.push({ name: f.name, type: ft });
      }
      return { kind: "record", fields, ...(t.tuple ? { tuple: true as const } : {}) };
    }
    case "set":
    case "option": {
      const e = localType(t.elem, an, it, absName);
      return e === undefined ? undefined : { kind: t.kind, elem: e };
    }
    case "seq": {
      const e = localType(t.elem, an, it, absName);
      return e === undefined ? undefined : { kind: "seq", elem: e };
    }
    case "map": {
      const k = localType(t.key, an, it, absName);
      const v = localType(t.value, an, it, absName);
      return k === undefined || v === undefined ? undefined : { kind: "map", key: k, value: v };
    }
    default:
      return t;
  }
}

/** A range bound in a form two specs can compare: a number, or a symbol naming this spec's constant. */
type Bound = bigint | string;

/**
 * Maps keyed by an integer range store their values by offset from the range's start, so a mapping
 * value built over `0..1` where the abstract variable is keyed by `1..2` would be silently shifted:
 * E377 unless both ranges provably have the same bounds (equal literals, or the same constant of this
 * spec reached through the mapping's `const` entries).
 */
function keyRanges(
  actual: Type,
  absType: Type,
  it: RefineItem,
  abs: CheckedSpec,
  consts: ReadonlyMap<string, Expr>,
  an: MappingAnalyzer,
  absName: string,
): void {
  const walk = (a: Type, b: Type): boolean => {
    if (b.kind === "map" && a.kind === "map") {
      if (b.key.kind === "int" && b.key.range) {
        const ok =
          a.key.kind === "int" &&
          a.key.range !== undefined &&
          same(boundOf(a.key.range.lo, "impl"), boundOf(b.key.range.lo, "abs")) &&
          same(boundOf(a.key.range.hi, "impl"), boundOf(b.key.range.hi, "abs"));
        if (!ok) {
          an.diagnostics.push(
            error(
              "E377",
              `the mapping of \`${it.name.name}\` builds a map keyed by \`${a.key.kind === "int" && a.key.range ? `${text(a.key.range.lo)}..${text(a.key.range.hi)}` : showType(a.key)}\`, but \`${absName}\`'s \`${it.name.name}\` is keyed by \`${text(b.key.range.lo)}..${text(b.key.range.hi)}\`; build it over the same range (literals, or the constant the mapping passes as \`const\`)`,
              it.value.span,
            ),
          );
          return false;
        }
      }
      return walk(a.value, b.value);
    }
    if ((b.kind === "set" || b.kind === "seq" || b.kind === "option") && a.kind === b.kind) return walk(a.elem, b.elem);
    if (b.kind === "record" && a.kind === "record")
      return b.fields.every((f) => {
        const g = a.fields.find((x) => x.name === f.name);
        return g === undefined || walk(g.type, f.type);
      });
    return true;
  };
  const boundOf = (e: Expr, side: "impl" | "abs"): Bound | undefined => {
    switch (e.kind) {
      case "IntLit":
        return e.value;
      case "NameExpr": {
        if (side === "impl") return an.consts.some((c) => c.name.name === e.name.name) ? `const:${e.name.name}` : undefined;
        const c = abs.consts.find((x) => x.name.name === e.name.name);
        if (!c) return undefined;
        const given = consts.get(c.name.name);
        return given !== undefined ? boundOf(given, "impl") : boundOf(c.value, "abs");
      }
      case "UnaryExpr": {
        if (e.op !== "neg") return undefined;
        const x = boundOf(e.arg, side);
        return typeof x === "bigint" ? -x : undefined;
      }
      case "BinaryExpr": {
        const l = boundOf(e.left, side);
        const r = boundOf(e.right, side);
        if (l === undefined || r === undefined) return undefined;
        if (typeof l === "bigint" && typeof r === "bigint") {
          if (e.op === "add") return l + r;
          if (e.op === "sub") return l - r;
          if (e.op === "mul") return l * r;
          return undefined;
        }
        return `(${String(l)} ${e.op} ${String(r)})`;
      }
      default:
        return undefined;
    }
  };
  walk(actual, absType);
}

function same(a: Bound | undefined, b: Bound | undefined): boolean {
  return a !== undefined && b !== undefined && a === b;
}

function text(e: Expr): string {
  if (e.kind === "IntLit") return e.value.toString();
  if (e.kind === "NameExpr") return e.name.name;
  return "…";
}
