/**
 * The symbol index behind editor features (hover, go to definition, find references, completion):
 * every declared name of a spec and its extends chain, and every occurrence of a name resolved to
 * the declaration it means. Scoped names (binders, locals, parameters) are resolved through the
 * checker's `refs` when the spec type-checks; otherwise, and for names the checker resolves by kind
 * (types, procedures, labels, workload items), by the declarations in scope by name.
 *
 * Pure: built from the linked AST and the checked spec, no I/O.
 */
import type { Binder, Decl, Ident, LocalDecl, Param, Span } from "../parse/ast.js";
import type { CheckedSpec } from "../check/checked.js";
import type { LinkedSpec } from "../check/link.js";
import { showType } from "../check/types.js";

export type SymbolKind =
  | "const"
  | "type"
  | "enum"
  | "member"
  | "case"
  | "var"
  | "def"
  | "invariant"
  | "property"
  | "action"
  | "process"
  | "procedure"
  | "macro"
  | "workload"
  | "option"
  | "local"
  | "param"
  | "binder"
  | "label"
  | "builtin";

export interface SpecSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  /** The declaring identifier. */
  readonly span: Span;
  /** The whole declaration (for a hover's signature). */
  readonly declSpan: Span;
  readonly doc?: string;
  /** The declared or inferred type, when known. */
  readonly type?: string;
  /** The process, procedure, action, def or macro a scoped name belongs to. */
  readonly owner?: string;
  /** Span of the owner's declaration: scoped names are visible inside it. */
  readonly scope?: Span;
}

export interface Occurrence {
  readonly span: Span;
  readonly symbol: SpecSymbol;
  readonly isDeclaration: boolean;
  /** The type of the expression at this occurrence, when the checker computed one. */
  readonly type?: string;
}

export interface SymbolIndex {
  readonly symbols: readonly SpecSymbol[];
  readonly occurrences: readonly Occurrence[];
}

const GLOBAL_KIND: Partial<Record<Decl["kind"], SymbolKind>> = {
  ConstDecl: "const",
  TypeDecl: "type",
  EnumDecl: "enum",
  VarDecl: "var",
  DefDecl: "def",
  InvariantDecl: "invariant",
  PropertyDecl: "property",
  ActionDecl: "action",
  ProcessDecl: "process",
  ProcedureDecl: "procedure",
  MacroDecl: "macro",
  WorkloadDecl: "workload",
  OptionDecl: "option",
};

type AnyNode = { readonly kind: string; readonly id?: number; readonly span: Span } & Record<string, unknown>;

function isNode(v: unknown): v is AnyNode {
  return v !== null && typeof v === "object" && typeof (v as { kind?: unknown }).kind === "string" && "span" in (v as object);
}

function children(n: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isNode(v)) out.push(v);
    else if (v !== null && typeof v === "object") for (const x of Object.values(v)) visit(x);
  };
  for (const [k, v] of Object.entries(n)) if (k !== "span" && k !== "doc") visit(v);
  return out;
}

/** Built-in functions (docs/language.md, "Built-in functions"): signature and meaning, for hovers. */
export const BUILTIN_FUNCTIONS: Readonly<Record<string, string>> = {
  product: "product(S, T, …): set of tuples — the cartesian product of 2 to 9 sets",
  powerset: "powerset(S): set of sets — every subset of S (capped in size)",
  card: "card(S): int — the number of elements of a set",
  len: "len(s): int — the length of a sequence",
  head: "head(s): T — the first element of a non-empty sequence",
  tail: "tail(s): seq<T> — the sequence without its first element",
  append: "append(s, e): seq<T> — s with e added at the end",
  domain: "domain(m): set<K> — the keys of a map",
  some: "some(v): option<T> — an option holding v",
  get: "get(o): T — the value of `some(v)`; `get(none)` is a spec error",
  is_some: "is_some(o): bool — whether an option holds a value",
  min: "min(S): T — the least element of a non-empty set",
  max: "max(S): T — the greatest element of a non-empty set",
  holds: "holds(m): bool — the running process holds mutex m (or rwlock m for write)",
  holds_read: "holds_read(l): bool — the running process holds rwlock l for read",
  locked: "locked(m): bool — some process holds the lock",
};

/** Builds the index of `linked` (and `checked`, when the spec type-checks). */
export function buildSymbolIndex(linked: LinkedSpec, checked?: CheckedSpec): SymbolIndex {
  const symbols: SpecSymbol[] = [];
  const occurrences: Occurrence[] = [];
  const globals = new Map<string, SpecSymbol>();
  /** Declaring node id (Binder, Param, LocalDecl, let value) → symbol. */
  const byDeclId = new Map<number, SpecSymbol>();
  const labels = new Map<string, Map<string, SpecSymbol>>(); // owner → label → symbol
  const typeOf = (id: number): string | undefined => {
    const t = checked?.declTypes.get(id);
    return t ? showType(t) : undefined;
  };

  const declare = (s: SpecSymbol, declId?: number): SpecSymbol => {
    symbols.push(s);
    occurrences.push({ span: s.span, symbol: s, isDeclaration: true, ...(s.type ? { type: s.type } : {}) });
    if (declId !== undefined) byDeclId.set(declId, s);
    return s;
  };

  // Pass 1: declarations.
  for (const d of linked.decls) {
    const kind = GLOBAL_KIND[d.kind];
    if (!kind) continue;
    const g = declare({
      name: d.name.name,
      kind,
      span: d.name.span,
      declSpan: d.span,
      ...(d.doc ? { doc: d.doc } : {}),
      ...((d.kind === "ConstDecl" || d.kind === "VarDecl") && typeOf(d.id) ? { type: typeOf(d.id)! } : {}),
    });
    if (!globals.has(g.name)) globals.set(g.name, g);
    if (d.kind === "EnumDecl") {
      for (const m of d.members) {
        const s = declare({ name: m.name, kind: "member", span: m.span, declSpan: d.span, type: d.name.name, owner: d.name.name });
        if (!globals.has(m.name)) globals.set(m.name, s);
      }
    }
    if (d.kind === "TypeDecl" && d.type.kind === "VariantType") {
      // A variant's case tags are global names, like enum members (`Commit`, `Prepared { rm: r }`, `m is Prepared`).
      for (const c of d.type.cases) {
        const s = declare({ name: c.tag.name, kind: "case", span: c.tag.span, declSpan: c.span, type: d.name.name, owner: d.name.name });
        if (!globals.has(c.tag.name)) globals.set(c.tag.name, s);
      }
    }
  }

  // Pass 2: scoped declarations (locals, params, binders, labels) and the owner of every node.
  const scoped = (name: Ident, kind: SymbolKind, declSpan: Span, owner: { name: string; span: Span } | undefined, declId: number, type?: string): void => {
    declare(
      { name: name.name, kind, span: name.span, declSpan, ...(type ? { type } : {}), ...(owner ? { owner: owner.name, scope: owner.span } : {}) },
      declId,
    );
  };
  const walkDecls = (n: AnyNode, owner: { name: string; span: Span } | undefined): void => {
    switch (n.kind) {
      case "LocalDecl": {
        const l = n as unknown as LocalDecl;
        scoped(l.name, "local", l.span, owner, l.id, typeOf(l.id));
        break;
      }
      case "Param": {
        const p = n as unknown as Param;
        scoped(p.name, "param", p.span, owner, p.id, typeOf(p.id));
        break;
      }
      case "Binder": {
        const b = n as unknown as Binder;
        scoped(b.name, "binder", b.span, owner, b.id, typeOf(b.id));
        break;
      }
      case "LetExpr": {
        for (const b of (n as unknown as { bindings: readonly { name: Ident; value: AnyNode }[] }).bindings) {
          const t = checked?.types.get(b.value.id as number);
          scoped(b.name, "binder", b.name.span, owner, b.value.id as number, t ? showType(t) : undefined);
        }
        break;
      }
      case "MacroDecl": {
        for (const p of (n as unknown as { params: readonly Ident[] }).params) {
          declare({ name: p.name, kind: "param", span: p.span, declSpan: n.span, ...(owner ? { owner: owner.name, scope: owner.span } : {}) }, p.id);
        }
        break;
      }
    }
    const label = (n as { label?: Ident }).label;
    if (label && owner) {
      const m = labels.get(owner.name) ?? new Map<string, SpecSymbol>();
      labels.set(owner.name, m);
      if (!m.has(label.name))
        m.set(label.name, declare({ name: label.name, kind: "label", span: label.span, declSpan: n.span, owner: owner.name, scope: owner.span }));
    }
    for (const c of children(n)) walkDecls(c, owner);
  };
  for (const d of linked.decls) {
    const owned = ["ProcessDecl", "ProcedureDecl", "ActionDecl", "DefDecl", "MacroDecl", "InvariantDecl", "PropertyDecl"].includes(d.kind);
    walkDecls(d as unknown as AnyNode, owned ? { name: d.name.name, span: d.span } : undefined);
  }

  // Pass 3: uses.
  const use = (span: Span, s: SpecSymbol | undefined, exprId?: number): void => {
    if (!s) return;
    const t = exprId !== undefined ? checked?.types.get(exprId) : undefined;
    occurrences.push({ span, symbol: s, isDeclaration: false, ...(t ? { type: showType(t) } : s.type ? { type: s.type } : {}) });
  };
  /** Scoped names visible at `span` by name (innermost first), for unchecked specs and macros. */
  const byName = (name: string, at: Span): SpecSymbol | undefined => {
    let best: SpecSymbol | undefined;
    for (const s of symbols) {
      if (s.name !== name || !s.scope || s.kind === "label") continue;
      if (s.scope.file !== at.file || s.scope.start.offset > at.start.offset || s.scope.end.offset < at.end.offset) continue;
      if (s.span.start.offset > at.start.offset && s.kind !== "local" && s.kind !== "param") continue;
      if (!best || s.span.start.offset >= best.span.start.offset) best = s;
    }
    return best ?? globals.get(name);
  };
  const builtins = new Map<string, SpecSymbol>();
  const builtin = (name: Ident): SpecSymbol | undefined => {
    const sig = BUILTIN_FUNCTIONS[name.name];
    if (sig === undefined || !Object.hasOwn(BUILTIN_FUNCTIONS, name.name)) return undefined;
    let b = builtins.get(name.name);
    if (!b) {
      b = { name: name.name, kind: "builtin", span: name.span, declSpan: name.span, doc: sig };
      builtins.set(name.name, b);
    }
    return b;
  };
  /** A label named in an expression (`P[p].pc == CS`, `at(P[p], CS)`): labels of processes first. */
  const labelNamed = (name: string): SpecSymbol | undefined => {
    for (const m of labels.values()) {
      const l = m.get(name);
      if (l) return l;
    }
    return undefined;
  };
  const globalOf = (name: string, kinds: readonly SymbolKind[]): SpecSymbol | undefined => {
    const g = globals.get(name);
    if (g && kinds.includes(g.kind)) return g;
    return symbols.find((s) => s.name === name && kinds.includes(s.kind) && !s.scope);
  };
  const fromRef = (id: number, name: Ident): SpecSymbol | undefined => {
    const r = checked?.refs.get(id);
    if (!r) return undefined;
    switch (r.kind) {
      case "const":
      case "var":
      case "def":
        return globals.get(r.decl.name.name);
      case "local":
      case "frame":
        return byDeclId.get(r.decl.id);
      case "bound":
        return byDeclId.get(r.binderId);
      case "member":
        return symbols.find((s) => s.kind === "member" && s.name === r.name && s.owner === r.decl.name.name);
      case "tag":
        return symbols.find((s) => s.kind === "case" && s.name === r.tag && s.owner === r.variant);
      case "typeset":
        return globalOf(name.name, ["type", "enum"]);
    }
  };
  const walkUses = (n: AnyNode, owner: string): void => {
    switch (n.kind) {
      case "NameExpr": {
        const name = (n as unknown as { name: Ident }).name;
        use(name.span, fromRef(n.id as number, name) ?? byName(name.name, name.span) ?? labelNamed(name.name), n.id);
        break;
      }
      case "VariantLit":
      case "IsExpr": {
        const tag = (n as unknown as { tag: Ident }).tag;
        use(tag.span, globalOf(tag.name, ["case"]));
        break;
      }
      case "NamedType": {
        const name = (n as unknown as { name: Ident }).name;
        use(name.span, globalOf(name.name, ["type", "enum"]));
        break;
      }
      case "CallExpr": {
        const callee = (n as unknown as { callee: Ident }).callee;
        use(callee.span, globalOf(callee.name, ["def"]) ?? builtin(callee));
        break;
      }
      case "CallStmt": {
        const callee = (n as unknown as { callee: Ident }).callee;
        use(callee.span, globalOf(callee.name, ["procedure", "macro"]));
        break;
      }
      case "AssignStmt":
      case "LockStmt": {
        const target = (n as unknown as { target?: Ident; lock?: Ident }).target ?? (n as unknown as { lock: Ident }).lock;
        use(target.span, fromRef(n.id as number, target) ?? byName(target.name, target.span));
        break;
      }
      case "GotoStmt": {
        const target = (n as unknown as { target: Ident }).target;
        use(target.span, labels.get(owner)?.get(target.name));
        break;
      }
      case "WConst": {
        const name = (n as unknown as { name: Ident }).name;
        use(name.span, globalOf(name.name, ["const"]));
        break;
      }
      case "WRun": {
        const p = (n as unknown as { process: Ident }).process;
        use(p.span, globalOf(p.name, ["process"]));
        break;
      }
      case "WExpect": {
        const ex = (n as unknown as { expect: { kind: string; property?: Ident } }).expect;
        if (ex.kind === "violates" && ex.property) use(ex.property.span, globalOf(ex.property.name, ["invariant", "property"]));
        break;
      }
    }
    for (const c of children(n)) walkUses(c, owner);
  };
  for (const d of linked.decls) walkUses(d as unknown as AnyNode, d.name.name);

  return { symbols, occurrences };
}

/** The occurrence whose span contains `offset` in `file` (the innermost one). */
export function occurrenceAt(index: SymbolIndex, file: string, offset: number): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const o of index.occurrences) {
    if (o.span.file !== file || o.span.start.offset > offset || o.span.end.offset < offset) continue;
    if (!best || o.span.end.offset - o.span.start.offset < best.span.end.offset - best.span.start.offset) best = o;
  }
  return best;
}

/** Every occurrence of `symbol` (its declaration first). */
export function occurrencesOf(index: SymbolIndex, symbol: SpecSymbol): Occurrence[] {
  return index.occurrences.filter((o) => o.symbol === symbol).sort((a, b) => Number(b.isDeclaration) - Number(a.isDeclaration));
}

/** The symbols visible at `offset` of `file`: globals, and scoped names whose owner contains it. */
export function visibleAt(index: SymbolIndex, file: string, offset: number): SpecSymbol[] {
  const seen = new Set<string>();
  const out: SpecSymbol[] = [];
  const inner = index.symbols
    .filter((s) => s.scope && s.kind !== "label" && s.scope.file === file && s.scope.start.offset <= offset && offset <= s.scope.end.offset)
    .sort((a, b) => b.span.start.offset - a.span.start.offset);
  for (const s of [...inner, ...index.symbols.filter((s) => !s.scope)]) {
    if (seen.has(s.name)) continue;
    seen.add(s.name);
    out.push(s);
  }
  return out;
}
