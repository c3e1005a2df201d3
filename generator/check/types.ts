/**
 * Semantic types. Integer ranges keep their bound expressions (constants are only known per workload,
 * so bounds are evaluated in the generated code); for type compatibility every range is just `int`.
 */
import type { EnumDecl, Expr } from "../parse/ast.js";

/**
 * `display { … }` names of a type's values (traces only): each value in its display form (an integer,
 * boolean, string or enum member name; `null` for `none`; an option's held value bare) and its name.
 */
export type DisplayNames = readonly (readonly [value: number | boolean | string | null, name: string])[];

/** A semantic type; `display` is set on a type (or a variable's type) declared with `display { … }`. */
export type Type = TypeCore & { readonly display?: DisplayNames };

type TypeCore =
  | { readonly kind: "bool" }
  | { readonly kind: "int"; readonly range?: { readonly lo: Expr; readonly hi: Expr } }
  | { readonly kind: "string" }
  | { readonly kind: "enum"; readonly decl: EnumDecl }
  /**
   * Records, and tuples: a tuple `<<a, b>>` is the record `{ _1: a, _2: b }` marked `tuple` (fields
   * `_1`…`_9` sort as the components do, so the record order is the tuple order and packing, encoding
   * and symmetry need nothing new). Spec records cannot use such field names (E330).
   */
  | { readonly kind: "record"; readonly fields: readonly { readonly name: string; readonly type: Type }[]; readonly alias?: string; readonly tuple?: true }
  | { readonly kind: "set"; readonly elem: Type }
  | { readonly kind: "map"; readonly key: Type; readonly value: Type }
  | { readonly kind: "seq"; readonly elem: Type; readonly max?: Expr }
  | { readonly kind: "option"; readonly elem: Type }
  | { readonly kind: "mutex" }
  | { readonly kind: "rwlock" }
  | { readonly kind: "pid" }
  /**
   * A value of a `symmetric type` (a scalarset): represented like the integer range `lo..hi` it was
   * declared with, but nominal — only assignable to itself, so no arithmetic, order or integer flows in
   * or out (the rules that make every permutation of its values an automorphism of the spec).
   */
  | { readonly kind: "scalarset"; readonly name: string; readonly range: { readonly lo: Expr; readonly hi: Expr } }
  /**
   * A variant (tagged union) `type Msg = A { f: T } | B;`: nominal (by name). `cases` are in canonical
   * order, by tag in JavaScript string order (as enum members), which is also the order of its values:
   * by case first, then field by field in name order. Generated code represents a value as an object
   * whose first key is `$tag` (no spec field can be named so), then the case's fields in name order.
   * `only` is set on the type of a name a kind test has narrowed (`m is A and m.f`): its case is `only`.
   */
  | { readonly kind: "variant"; readonly name: string; readonly cases: readonly VariantCaseType[]; readonly only?: string }
  /** The type of `{}`, `[]` elements and `none` before context fixes it, and of erroneous expressions. */
  | { readonly kind: "unknown" };

/** One case of a variant type. */
export interface VariantCaseType {
  readonly tag: string;
  readonly fields: readonly { readonly name: string; readonly type: Type }[];
}

/** The key of a variant value's case in generated code and display values. */
export const TAG_KEY = "$tag";

/** A variant's case as the record of its fields (for code that is generated per case). */
export function caseRecord(c: VariantCaseType): Extract<Type, { kind: "record" }> {
  return { kind: "record", fields: c.fields };
}

/** The 0-based ordinal of a case (cases are kept in canonical order). */
export function caseIndex(t: Extract<Type, { kind: "variant" }>, tag: string): number {
  return t.cases.findIndex((c) => c.tag === tag);
}

export const BOOL: Type = { kind: "bool" };
export const INT: Type = { kind: "int" };
export const STRING: Type = { kind: "string" };
export const PID: Type = { kind: "pid" };
export const UNKNOWN: Type = { kind: "unknown" };

/** Tuples have at most this many components: their fields `_1`…`_9` then sort as the components do. */
export const MAX_TUPLE = 9;

/** The field holding component `i` (1-based) of a tuple. */
export function tupleField(i: number): string {
  return `_${i}`;
}

/** The tuple type with these component types. */
export function tupleType(elems: readonly Type[]): Type {
  return { kind: "record", fields: elems.map((type, i) => ({ name: tupleField(i + 1), type })), tuple: true };
}

/** Field names reserved for tuple components. */
export function isTupleField(name: string): boolean {
  return /^_[0-9]+$/.test(name);
}

/** Human-readable type, as written in specs. */
export function showType(t: Type): string {
  switch (t.kind) {
    case "bool":
    case "string":
    case "mutex":
    case "rwlock":
    case "pid":
      return t.kind;
    case "int":
      return "int";
    case "enum":
      return t.decl.name.name;
    case "scalarset":
    case "variant":
      return t.name;
    case "record":
      if (t.tuple && !t.alias) return `tuple<${t.fields.map((f) => showType(f.type)).join(", ")}>`;
      return t.alias ?? `{ ${t.fields.map((f) => `${f.name}: ${showType(f.type)}`).join(", ")} }`;
    case "set":
      return `set<${showType(t.elem)}>`;
    case "map":
      return `map<${showType(t.key)}, ${showType(t.value)}>`;
    case "seq":
      return `seq<${showType(t.elem)}>`;
    case "option":
      return `option<${showType(t.elem)}>`;
    case "unknown":
      return "?";
  }
}

/** Can a value of type `from` be used where `to` is expected (ranges are checked at run time)? */
export function assignable(from: Type, to: Type): boolean {
  if (from.kind === "unknown" || to.kind === "unknown") return true;
  switch (to.kind) {
    case "bool":
    case "int":
    case "string":
    case "mutex":
    case "rwlock":
    case "pid":
      return from.kind === to.kind;
    case "enum":
      return from.kind === "enum" && from.decl === to.decl;
    case "scalarset":
      return from.kind === "scalarset" && from.name === to.name;
    case "variant":
      return from.kind === "variant" && from.name === to.name;
    case "record":
      return (
        from.kind === "record" &&
        from.fields.length === to.fields.length &&
        to.fields.every((f) => {
          const g = from.fields.find((x) => x.name === f.name);
          return g !== undefined && assignable(g.type, f.type);
        })
      );
    case "set":
      return from.kind === "set" && assignable(from.elem, to.elem);
    case "map":
      return from.kind === "map" && assignable(from.key, to.key) && assignable(from.value, to.value);
    case "seq":
      return from.kind === "seq" && assignable(from.elem, to.elem);
    case "option":
      return from.kind === "option" && assignable(from.elem, to.elem);
  }
}

/** Two types whose values may be compared with `==`. */
export function comparable(a: Type, b: Type): boolean {
  return assignable(a, b) || assignable(b, a);
}

/** The more specific of two compatible types (e.g. `set<int>` over `set<?>`). */
export function join(a: Type, b: Type): Type {
  if (a.kind === "unknown") return b;
  if (b.kind === "unknown") return a;
  // Two values of a variant are only known to have one case when both are (`if c then m else n`).
  if (a.kind === "variant" && b.kind === "variant") return a.only !== undefined && a.only === b.only ? a : { kind: "variant", name: a.name, cases: a.cases };
  if (a.kind === "set" && b.kind === "set") return { kind: "set", elem: join(a.elem, b.elem) };
  if (a.kind === "option" && b.kind === "option") return { kind: "option", elem: join(a.elem, b.elem) };
  if (a.kind === "seq" && b.kind === "seq") return a.max ? a : b;
  if (a.kind === "int" && b.kind === "int") return a.range ? a : b;
  if (a.kind === "record" && b.kind === "record" && a.tuple && b.tuple && a.fields.length === b.fields.length) {
    return tupleType(a.fields.map((f, i) => join(f.type, (b.fields[i] as { type: Type }).type)));
  }
  return a;
}

/** Types usable as map keys: finite and with a dense ordinal. */
export function isKeyType(t: Type): boolean {
  return t.kind === "bool" || t.kind === "enum" || t.kind === "pid" || t.kind === "scalarset" || (t.kind === "int" && t.range !== undefined);
}

/** The symmetric types (scalarsets) a type mentions, by name. */
export function symmetricIn(t: Type, out: Set<string> = new Set()): Set<string> {
  switch (t.kind) {
    case "scalarset":
      out.add(t.name);
      break;
    case "record":
      for (const f of t.fields) symmetricIn(f.type, out);
      break;
    case "variant":
      for (const c of t.cases) for (const f of c.fields) symmetricIn(f.type, out);
      break;
    case "set":
    case "seq":
    case "option":
      symmetricIn(t.elem, out);
      break;
    case "map":
      symmetricIn(t.key, out);
      symmetricIn(t.value, out);
      break;
    default:
      break;
  }
  return out;
}

/** True when values of `t` hold pids (lock owners included): permuted when processes are symmetric. */
export function mentionsPid(t: Type): boolean {
  switch (t.kind) {
    case "pid":
    case "mutex":
    case "rwlock":
      return true;
    case "record":
      return t.fields.some((f) => mentionsPid(f.type));
    case "variant":
      return t.cases.some((c) => c.fields.some((f) => mentionsPid(f.type)));
    case "set":
    case "seq":
    case "option":
      return mentionsPid(t.elem);
    case "map":
      return mentionsPid(t.key) || mentionsPid(t.value);
    default:
      return false;
  }
}

/** True when the type mentions a lock (such values are only allowed as whole state variables). */
export function containsLock(t: Type): boolean {
  switch (t.kind) {
    case "mutex":
    case "rwlock":
      return true;
    case "record":
      return t.fields.some((f) => containsLock(f.type));
    case "variant":
      return t.cases.some((c) => c.fields.some((f) => containsLock(f.type)));
    case "set":
    case "seq":
    case "option":
      return containsLock(t.elem);
    case "map":
      return containsLock(t.value);
    default:
      return false;
  }
}

/** True when the type is finite, so a state variable of it keeps the state space finite. */
export function isFinite(t: Type): boolean {
  switch (t.kind) {
    case "int":
      return t.range !== undefined;
    case "string":
    case "unknown":
      return false;
    case "record":
      return t.fields.every((f) => isFinite(f.type));
    case "variant":
      return t.cases.every((c) => c.fields.every((f) => isFinite(f.type)));
    case "set":
    case "option":
      return isFinite(t.elem);
    case "seq":
      return t.max !== undefined && isFinite(t.elem);
    case "map":
      return isKeyType(t.key) && isFinite(t.value);
    default:
      return true;
  }
}

/**
 * The canonical order of an enum's members: by name, in JavaScript string order (UTF-16 code units),
 * the order the runtime's `compare` puts member strings in. Every path that lists, indexes, packs or
 * chooses enum values uses this order, so `Color`, `{Red, Green, Blue}` and `domain(m)` are one set.
 */
export function enumOrder(decl: EnumDecl): readonly string[] {
  return decl.members.map((m) => m.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Why the values of `t` cannot be listed as a finite set (a type name used as a set), or undefined
 * when they can: unbounded integers, strings, unbounded sequences and locks (not values), also inside
 * records, options, sets, sequences and maps.
 */
export function infiniteReason(t: Type): string | undefined {
  switch (t.kind) {
    case "bool":
    case "enum":
    case "pid":
    case "scalarset":
    case "unknown":
      return undefined;
    case "int":
      return t.range ? undefined : "`int` has no bounds";
    case "string":
      return "`string` has infinitely many values";
    case "mutex":
    case "rwlock":
      return `\`${t.kind}\` is a lock, not a value`;
    case "record":
      for (const f of t.fields) {
        const r = infiniteReason(f.type);
        if (r) return r;
      }
      return undefined;
    case "variant":
      for (const c of t.cases) {
        for (const f of c.fields) {
          const r = infiniteReason(f.type);
          if (r) return r;
        }
      }
      return undefined;
    case "set":
    case "option":
      return infiniteReason(t.elem);
    case "seq":
      return t.max ? infiniteReason(t.elem) : `\`${showType(t)}\` has no length bound`;
    case "map":
      return infiniteReason(t.key) ?? infiniteReason(t.value);
  }
}
