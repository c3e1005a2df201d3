/**
 * Code that depends on a value's type: its TypeScript type, the ordinal of a map key, the list of all
 * values of a finite type, a deep range check, and the canonical integer encoding used for
 * fingerprints. Range bounds are constant expressions, compiled by the caller-provided `bound`.
 */
import type { Expr } from "../parse/ast.js";
import { caseRecord, showType, TAG_KEY, type Type } from "../check/types.js";
import { typeName, fieldName, str } from "./names.js";

/** Compiles a constant expression (a range bound, a sequence bound) to TS. */
export type BoundCompiler = (e: Expr) => string;

/** The TypeScript type of values of `t`. */
export function tsType(t: Type): string {
  switch (t.kind) {
    case "bool":
      return "boolean";
    case "int":
    case "pid":
      return "number";
    case "string":
      return "string";
    case "enum":
      return typeName(t.decl.name.name);
    case "scalarset":
      return typeName(t.name);
    case "variant":
      return t.only === undefined ? typeName(t.name) : caseType(t, t.only);
    case "record":
      if (t.alias) return typeName(t.alias);
      return `{ ${sortedFields(t)
        .map((f) => `readonly ${fieldName(f.name)}: ${tsType(f.type)}`)
        .join("; ")} }`;
    case "set":
    case "seq":
      return `readonly ${wrap(tsType(t.elem))}[]`;
    case "map":
      return `readonly ${wrap(tsType(t.value))}[]`;
    case "option":
      return `${tsType(t.elem)} | null`;
    case "mutex":
      return "Mutex";
    case "rwlock":
      return "RwLock";
    case "unknown":
      return "never";
  }
}

type VariantT = Extract<Type, { kind: "variant" }>;

/** The TS type of one case of a variant: `Extract<Msg, { $tag: "A" }>`. */
export function caseType(t: VariantT, tag: string): string {
  return `Extract<${typeName(t.name)}, { ${TAG_KEY}: ${str(tag)} }>`;
}

/** The declared TS type of a variant: a discriminated union on `$tag`, one object type per case. */
export function variantUnion(t: VariantT): string {
  return t.cases
    .map(
      (c) =>
        `{ ${[`readonly ${TAG_KEY}: ${str(c.tag)}`, ...sortedFields(caseRecord(c)).map((f) => `readonly ${fieldName(f.name)}: ${tsType(f.type)}`)].join("; ")} }`,
    )
    .join(" | ");
}

/**
 * `switch (v.$tag) { case "A": … }` with `body(c, x)` per case, where `x` is `v` cast to the case's
 * type (a cast rather than TypeScript's narrowing: `v` may be any expression).
 */
export function caseSwitch(t: VariantT, v: string, body: (c: VariantT["cases"][number], x: string) => string[]): string[] {
  const out = [`switch (${v}.${TAG_KEY}) {`];
  for (const c of t.cases) {
    const inner = body(c, `(${v} as ${caseType(t, c.tag)})`);
    out.push(`case ${str(c.tag)}: {`, ...inner, "break;", "}");
  }
  out.push("}");
  return out;
}

function wrap(ts: string): string {
  return /[|&{ ]/.test(ts) && !ts.startsWith("{") ? `(${ts})` : ts;
}

/** Record fields in canonical (name) order: every record value is built with this key order. */
export function sortedFields(t: Extract<Type, { kind: "record" }>): readonly { name: string; type: Type }[] {
  return [...t.fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The 0-based ordinal of key value `k` (already compiled) in key type `t`. */
export function ordinal(t: Type, k: string, bound: BoundCompiler): string {
  switch (t.kind) {
    case "bool":
      return `(${k} ? 1 : 0)`;
    case "int":
      if (!t.range) return k;
      return isZero(t.range.lo) ? k : `${k} - ${paren(bound(t.range.lo))}`;
    case "scalarset":
      return isZero(t.range.lo) ? k : `${k} - ${paren(bound(t.range.lo))}`;
    case "enum":
      return `${typeName(t.decl.name.name)}$ord(${k})`;
    case "pid":
      return k;
    default:
      return k;
  }
}

function isZero(e: Expr): boolean {
  return e.kind === "IntLit" && e.value === 0n;
}

function paren(x: string): string {
  return /^[\w.]+$/.test(x) ? x : `(${x})`;
}

/**
 * All values of a finite type as a canonical set (a TS expression): type names used as sets, `domain`.
 * Scalar types list their values; records, options, sets (the powerset), bounded sequences and maps
 * (the function set) are built by runtime helpers that order them as `compare` does and raise a spec
 * error at `loc` beyond a size cap. The checker rejects type names with infinitely many values (E315),
 * so what is left here (`[]`) is never reached for them.
 */
export function allValues(t: Type, bound: BoundCompiler, loc = str(""), what = str(showType(t))): string {
  switch (t.kind) {
    case "bool":
      return "[false, true]";
    case "int":
      return t.range ? `range(${bound(t.range.lo)}, ${bound(t.range.hi)})` : "[]";
    case "scalarset":
      return `range(${bound(t.range.lo)}, ${bound(t.range.hi)})`;
    case "enum":
      return `${typeName(t.decl.name.name)}$values`;
    case "pid":
      return "this.pids";
    case "record": {
      const fields = sortedFields(t).map((f) => `[${str(fieldName(f.name))}, ${allValues(f.type, bound, loc, what)}]`);
      return `(recordValues([${fields.join(", ")}], ${what}, ${loc}) as readonly ${wrap(tsType(t))}[])`;
    }
    case "option":
      return `optionValues(${allValues(t.elem, bound, loc, what)})`;
    case "variant": {
      const cases = t.cases.map(
        (c) =>
          `[${str(c.tag)}, [${sortedFields(caseRecord(c))
            .map((f) => `[${str(fieldName(f.name))}, ${allValues(f.type, bound, loc, what)}]`)
            .join(", ")}]]`,
      );
      return `(variantValues([${cases.join(", ")}], ${what}, ${loc}) as readonly ${tsType(t)}[])`;
    }
    case "set":
      return `powerset(${allValues(t.elem, bound, loc, what)}, ${what}, ${loc})`;
    case "seq":
      return t.max ? `seqValues(${allValues(t.elem, bound, loc, what)}, ${bound(t.max)}, ${what}, ${loc})` : "[]";
    case "map":
      return `mapValues(${keyCount(t.key, bound)}, ${allValues(t.value, bound, loc, what)}, ${what}, ${loc})`;
    default:
      return "[]";
  }
}

/** Number of values of a key type (the length of a map's array). */
export function keyCount(t: Type, bound: BoundCompiler): string {
  switch (t.kind) {
    case "bool":
      return "2";
    case "int":
      if (!t.range) return "0";
      // The common ranges 1..N and 0..N read as N and N + 1.
      if (t.range.lo.kind === "IntLit" && t.range.lo.value === 1n) return bound(t.range.hi);
      if (isZero(t.range.lo)) return `${paren(bound(t.range.hi))} + 1`;
      return `${paren(bound(t.range.hi))} - ${paren(bound(t.range.lo))} + 1`;
    case "scalarset":
      return `${paren(bound(t.range.hi))} - ${paren(bound(t.range.lo))} + 1`;
    case "enum":
      return String(t.decl.members.length);
    case "pid":
      return "this.instances.length";
    default:
      return "0";
  }
}

/** True when values of `t` need a run-time check beyond what TypeScript types guarantee. */
export function needsCheck(t: Type): boolean {
  switch (t.kind) {
    case "int":
      return t.range !== undefined;
    case "record":
      return t.fields.some((f) => needsCheck(f.type));
    case "variant":
      return t.cases.some((c) => c.fields.some((f) => needsCheck(f.type)));
    case "set":
    case "option":
      return needsCheck(t.elem);
    case "seq":
      return t.max !== undefined || needsCheck(t.elem);
    case "map":
      return true;
    default:
      return false;
  }
}

/**
 * Statements that check value `v` (a simple expression) against `t`, throwing a spec error naming
 * `what`. Nested values are checked through small loops.
 */
/**
 * The range check of a value as one expression that evaluates to the value (`checkRange(v + 1, 0, 9,
 * …)`), for the types whose check is a single runtime helper call: a range int, an option of one, a set,
 * or a map whose values are (options of) range ints; undefined for the rest (records, sequences,
 * variants: `checkStmts`). Each helper checks in the same order as the statements it replaces.
 */
export function checkExpr(t: Type, v: string, what: string, loc: string, bound: BoundCompiler): string | undefined {
  const range = (e: Type): string | undefined => (e.kind === "int" && e.range ? `${bound(e.range.lo)}, ${bound(e.range.hi)}` : undefined);
  const leaf = (e: Type): string | undefined => (e.kind === "option" ? range(e.elem) : range(e));
  switch (t.kind) {
    case "int": {
      const r = range(t);
      return r === undefined ? undefined : `checkRange(${v}, ${r}, ${what}, ${loc})`;
    }
    case "option": {
      const r = range(t.elem);
      return r === undefined ? undefined : `checkOptRange(${v}, ${r}, ${what}, ${loc})`;
    }
    case "set": {
      const r = range(t.elem);
      return r === undefined ? undefined : `checkEachRange(${v}, ${r}, ${what}, ${loc})`;
    }
    case "map": {
      const full = `fullMap(${v}, ${keyCount(t.key, bound)}, ${loc})`;
      if (!needsCheck(t.value)) return full;
      const r = leaf(t.value);
      return r === undefined ? undefined : `checkEachRange(${full}, ${r}, ${what}, ${loc})`;
    }
    default:
      return undefined;
  }
}

export function checkStmts(t: Type, v: string, what: string, loc: string, bound: BoundCompiler, depth = 0): string[] {
  const x = `x${depth}`;
  const e = checkExpr(t, v, what, loc, bound);
  if (e !== undefined) return [`${e};`];
  switch (t.kind) {
    case "int":
      return t.range ? [`checkRange(${v}, ${bound(t.range.lo)}, ${bound(t.range.hi)}, ${what}, ${loc});`] : [];
    case "record":
      return sortedFields(t).flatMap((f) => checkStmts(f.type, `${v}.${fieldName(f.name)}`, what, loc, bound, depth));
    case "variant":
      if (!needsCheck(t)) return [];
      return caseSwitch(t, v, (c, x) => checkStmts(caseRecord(c), x, what, loc, bound, depth));
    case "set": {
      const inner = checkStmts(t.elem, x, what, loc, bound, depth + 1);
      return inner.length ? [`for (const ${x} of ${v}) {`, ...inner, "}"] : [];
    }
    case "option": {
      const inner = checkStmts(t.elem, v, what, loc, bound, depth);
      return inner.length ? [`if (${v} !== null) {`, ...inner, "}"] : [];
    }
    case "seq": {
      const out: string[] = [];
      if (t.max) {
        out.push(`if (${v}.length > ${paren(bound(t.max))}) throw new SpecError("spec_error", ${what} + " overflows its sequence bound", ${loc});`);
      }
      const inner = checkStmts(t.elem, x, what, loc, bound, depth + 1);
      if (inner.length) out.push(`for (const ${x} of ${v}) {`, ...inner, "}");
      return out;
    }
    case "map": {
      const out = [`fullMap(${v}, ${keyCount(t.key, bound)}, ${loc});`];
      const inner = checkStmts(t.value, x, what, loc, bound, depth + 1);
      if (inner.length) out.push(`for (const ${x} of ${v}) {`, ...inner, "}");
      return out;
    }
    default:
      return [];
  }
}

/** `for (const x of v)` over `body`: one line when the body is one statement. */
export function forEach(x: string, v: string, body: readonly string[]): string[] {
  return body.length === 1 ? [`for (const ${x} of ${v}) ${body[0] as string}`] : [`for (const ${x} of ${v}) {`, ...body, "}"];
}

/** Statements writing the canonical encoding of `v` (type `t`) to writer `w`. */
export function encodeStmts(t: Type, v: string, depth = 0): string[] {
  const x = `x${depth}`;
  switch (t.kind) {
    case "bool":
      return [`w.int(${v} ? 1 : 0);`];
    case "int":
    case "pid":
    case "scalarset":
      return [`w.int(${v});`];
    case "enum":
      return [`w.int(${typeName(t.decl.name.name)}$ord(${v}));`];
    case "string":
      return [];
    case "record":
      return sortedFields(t).flatMap((f) => encodeStmts(f.type, `${v}.${fieldName(f.name)}`, depth));
    case "variant":
      // The case's ordinal, then its fields: injective, and in the order of the values.
      return caseSwitch(t, v, (c, x) => [`w.int(${t.cases.indexOf(c)});`, ...encodeStmts(caseRecord(c), x, depth)]);
    case "set":
    case "seq":
      return [`w.int(${v}.length);`, ...forEach(x, v, encodeStmts(t.elem, x, depth + 1))];
    case "map":
      return forEach(x, v, encodeStmts(t.value, x, depth + 1));
    case "option": {
      // Bound to a name so that TypeScript narrows it (a field read through a cast, as in a variant's
      // case, is not narrowed by the test).
      // A plain path whose value is one statement to write: a tag, then the value when there is one.
      const some = encodeStmts(t.elem, v, depth + 1);
      if (/^[\w$.]+$/.test(v) && some.length === 1) return [`w.int(${v} === null ? 0 : 1);`, `if (${v} !== null) ${some[0] as string}`];
      const o = `o${depth}`;
      return ["{", `const ${o} = ${v};`, `if (${o} === null) w.int(0);`, "else {", "w.int(1);", ...encodeStmts(t.elem, o, depth + 1), "}", "}"];
    }
    case "mutex":
      return [`w.int(${v} === null ? -1 : ${v});`];
    case "rwlock":
      return [`w.int(${v}.writer === null ? -1 : ${v}.writer);`, `w.int(${v}.readers.length);`, `for (const ${x} of ${v}.readers) w.int(${x});`];
    case "unknown":
      return [];
  }
}

/** True when equality of `t` values is JS `===`. */
export function isPrimitive(t: Type): boolean {
  return t.kind === "bool" || t.kind === "int" || t.kind === "enum" || t.kind === "pid" || t.kind === "scalarset" || t.kind === "string" || t.kind === "mutex";
}
