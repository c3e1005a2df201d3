/**
 * ITF values: a display value (the model's `view` form) as an ITF JSON value and back, typed by its
 * `ViewType` as Quint writes it, or guessed from the value without one; the codec under the trace
 * documents of itf.ts.
 */
import type { Value } from "../contract/model.js";
import { formatValue, isMapLike, isTupleLike, isVariantLike } from "../search/format.js";
import { showViewType, variantCase, type ViewType } from "../contract/view-type.js";

/** An ITF value (JSON). */
export type ItfValue =
  | boolean
  | string
  | number
  | readonly ItfValue[]
  | { readonly "#bigint": string }
  | { readonly "#tup": readonly ItfValue[] }
  | { readonly "#set": readonly ItfValue[] }
  | { readonly "#map": readonly (readonly [ItfValue, ItfValue])[] }
  | { readonly "#unserializable": string }
  | { readonly [field: string]: ItfValue };

const NONE: ItfValue = { tag: "None", value: { "#tup": [] } };

/**
 * A display value as ITF. With its type (`Model.viewTypes`), as Quint writes values: integers
 * `#bigint`, sets `#set`, sequences arrays, maps `#map` with typed keys, tuples `#tup`, records
 * objects, options and lock owners the variants `{"tag": "Some", "value": v}` / `{"tag": "None",
 * "value": {"#tup": []}}`, a procedure frame `Some(record)` while active and `None` otherwise.
 * Without a type the form is guessed from the value (arrays as lists, `null` as None, others bare).
 */
export function valueToItf(v: Value | undefined, t?: ViewType): ItfValue {
  if (t !== undefined) return typedToItf(v, t);
  if (v === undefined || v === null) return NONE;
  if (typeof v === "number") return Number.isInteger(v) ? { "#bigint": String(v) } : { "#unserializable": String(v) };
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map((x: Value) => valueToItf(x));
  const rec = v as { readonly [k: string]: Value };
  if (isTupleLike(rec)) return { "#tup": Object.values(rec).map((x: Value) => valueToItf(x)) };
  if (isVariantLike(rec)) {
    // As Quint: `{"tag": "Promise", "value": {fields}}`; a case without fields has the unit value.
    const fields = Object.keys(rec).filter((k) => k !== "$tag");
    const value: { [k: string]: ItfValue } = {};
    for (const k of fields) ownSet(value, k, valueToItf(rec[k] as Value));
    return { tag: rec["$tag"] as string, value: fields.length === 0 ? { "#tup": [] } : value };
  }
  if (isMapLike(rec)) return { "#map": Object.keys(rec).map((k) => [keyToItf(k), valueToItf(rec[k] as Value)] as const) };
  const out: { [k: string]: ItfValue } = {};
  for (const k of Object.keys(rec)) ownSet(out, k, valueToItf(rec[k] as Value));
  return out;
}

function some(v: ItfValue): ItfValue {
  return { tag: "Some", value: v };
}

function typedToItf(v: Value | undefined, t: ViewType): ItfValue {
  switch (t.kind) {
    case "option":
      return v === null || v === undefined ? NONE : some(typedToItf(v, t.elem));
    case "owner":
      return v === null || v === undefined ? NONE : some(typedToItf(v, { kind: "name" }));
    case "frame":
      return v === null || v === undefined ? NONE : some(typedToItf(v, { kind: "record", fields: t.fields }));
    default:
      break;
  }
  if (v === undefined || v === null) return valueToItf(v);
  switch (t.kind) {
    case "int":
      return typeof v === "number" && Number.isInteger(v) ? { "#bigint": String(v) } : valueToItf(v);
    case "set":
      return Array.isArray(v) ? { "#set": v.map((x: Value) => typedToItf(x, t.elem)) } : valueToItf(v);
    case "seq":
      return Array.isArray(v) ? v.map((x: Value) => typedToItf(x, t.elem)) : valueToItf(v);
    case "map": {
      if (typeof v !== "object" || Array.isArray(v)) return valueToItf(v);
      const rec = v as { readonly [k: string]: Value };
      return { "#map": Object.keys(rec).map((k) => [typedKeyToItf(k, t.key), typedToItf(rec[k] as Value, t.value)] as const) };
    }
    case "tuple": {
      if (typeof v !== "object" || Array.isArray(v)) return valueToItf(v);
      const rec = v as { readonly [k: string]: Value };
      return { "#tup": t.elems.map((et, i) => typedToItf(rec[`_${i + 1}`], et)) };
    }
    case "record": {
      if (typeof v !== "object" || Array.isArray(v)) return valueToItf(v);
      const rec = v as { readonly [k: string]: Value };
      const out: { [k: string]: ItfValue } = {};
      for (const [f, ft] of t.fields) if (Object.hasOwn(rec, f)) ownSet(out, f, typedToItf(rec[f], ft));
      for (const k of Object.keys(rec)) if (!Object.hasOwn(out, k)) ownSet(out, k, valueToItf(rec[k] as Value));
      return out;
    }
    case "variant": {
      // As Quint: `{"tag": "Promise", "value": {fields}}`; a case without fields has the unit value.
      const c = variantCase(t, v);
      if (c === undefined) return valueToItf(v);
      const rec = v as { readonly [k: string]: Value };
      const value: { [k: string]: ItfValue } = {};
      for (const [f, ft] of c[1]) ownSet(value, f, typedToItf(rec[f], ft));
      return { tag: c[0], value: c[1].length === 0 ? { "#tup": [] } : value };
    }
    default:
      return valueToItf(v);
  }
}

/** A map key (a display string) as ITF: integers `#bigint`, booleans, names as strings. */
function typedKeyToItf(k: string, t: ViewType): ItfValue {
  if (t.kind === "int" && /^-?\d+$/.test(k)) return { "#bigint": k };
  if (t.kind === "bool" && (k === "true" || k === "false")) return k === "true";
  return k;
}

function keyToItf(k: string): ItfValue {
  if (/^-?\d+$/.test(k)) return { "#bigint": k };
  if (k === "true" || k === "false") return k === "true";
  return k;
}

/** An ITF value back in display form (`None` → null; map keys as strings, like `Model.view`). */
export function itfToValue(x: unknown): Value {
  if (typeof x === "boolean" || typeof x === "string") return x;
  if (typeof x === "number") return x;
  if (Array.isArray(x)) return x.map(itfToValue);
  if (x === null || typeof x !== "object") throw new Error(`not an ITF value: ${JSON.stringify(x)}`);
  const o = x as { readonly [k: string]: unknown };
  if ("#bigint" in o) return Number(o["#bigint"]);
  if ("#tup" in o) {
    // A non-empty tuple is a spec tuple, displayed (like generated code builds it) as `{ _1, _2, … }`.
    const elems = (o["#tup"] as unknown[]).map(itfToValue);
    if (elems.length === 0) return elems;
    const out: { [k: string]: Value } = {};
    elems.forEach((e, i) => (out[`_${i + 1}`] = e));
    return out;
  }
  if ("#set" in o) return (o["#set"] as unknown[]).map(itfToValue);
  if ("#unserializable" in o) return String(o["#unserializable"]);
  if ("#map" in o) {
    const out: { [k: string]: Value } = {};
    for (const [k, v] of o["#map"] as [unknown, unknown][]) {
      const key = itfToValue(k);
      ownSet(out, typeof key === "string" ? key : formatValue(key), itfToValue(v));
    }
    return out;
  }
  if (isNone(o)) return null;
  if (isSome(o)) return itfToValue(o.value);
  if (isTaggedValue(o)) {
    // A variant value (`{"tag", "value"}` with a record or the unit as value): `$tag` first, as generated code builds it.
    const out: { [k: string]: Value } = { $tag: o.tag };
    const v = o.value as { readonly [k: string]: unknown };
    if (!("#tup" in v)) for (const k of Object.keys(v)) ownSet(out, k, itfToValue(v[k]));
    return out;
  }
  const out: { [k: string]: Value } = {};
  for (const k of Object.keys(o)) ownSet(out, k, itfToValue(o[k]));
  return out;
}

/** `o[k] = v` as an own property even for `__proto__` (an assignment would set the prototype; issue 14 item 13). */
export function ownSet<T>(o: { [k: string]: T }, k: string, v: T): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function isNone(o: { readonly [k: string]: unknown }): boolean {
  return Object.keys(o).length === 2 && o.tag === "None";
}

/** A spec variant value as ITF: `tag` a string, `value` a record of its fields or the unit `{"#tup": []}`. */
function isTaggedValue(o: { readonly [k: string]: unknown }): o is { tag: string; value: object } {
  if (Object.keys(o).length !== 2 || typeof o.tag !== "string" || o.value === null || typeof o.value !== "object" || Array.isArray(o.value)) return false;
  const v = o.value as { readonly [k: string]: unknown };
  // The value is a record (no `#` key: not a number, set, map or tuple) or the unit `{"#tup": []}`.
  if ("#tup" in v) return Object.keys(v).length === 1 && Array.isArray(v["#tup"]) && v["#tup"].length === 0;
  return !Object.keys(v).some((k) => k.startsWith("#"));
}

function isSome(o: { readonly [k: string]: unknown }): o is { tag: "Some"; value: unknown } {
  return Object.keys(o).length === 2 && o.tag === "Some" && "value" in o;
}

/** An ITF value that does not have the type of its variable (`at`: where, e.g. `states[3].x.#set[0]`). */
export class ItfTypeError extends Error {
  constructor(
    readonly at: string,
    message: string,
  ) {
    super(`${at}: ${message}`);
    this.name = "ItfTypeError";
  }
}

/**
 * An ITF value of type `t` in display form: what `valueToItf(v, t)` writes, and what other tools may
 * write (integers as JSON numbers, sets and records in any order). `undefined` is an absent procedure
 * frame. Forms spec2ts wrote before it followed ADR-015 and Quint — a set as a plain array, `some(v)`
 * as bare `v` — are still read; each is noted in `legacy` (by kind), so that a reader can warn.
 * Anything else throws an `ItfTypeError`.
 */
export function itfToTyped(x: unknown, t: ViewType, at: string, legacy?: Set<string>): Value | undefined {
  const fail = (what: string): never => {
    throw new ItfTypeError(at, `expected ${what} (${showViewType(t)}), found ${preview(x)}`);
  };
  const obj = isObject(x) ? x : undefined;
  switch (t.kind) {
    case "option":
    case "owner":
    case "frame": {
      const inner: ViewType = t.kind === "option" ? t.elem : t.kind === "owner" ? { kind: "name" } : { kind: "record", fields: t.fields };
      const none = t.kind === "frame" ? undefined : null;
      if (obj !== undefined && isVariant(obj)) {
        if (obj.tag === "None") return none;
        if (obj.tag === "Some") return itfToTyped(obj.value, inner, `${at}.value`, legacy);
        return fail('{"tag": "Some", "value": …} or {"tag": "None", …}');
      }
      if (x === null) return none;
      legacy?.add('some(v) written as bare v (now {"tag": "Some", "value": v})');
      return itfToTyped(x, inner, at, legacy);
    }
    case "bool":
      return typeof x === "boolean" ? x : fail("a boolean");
    case "int": {
      if (typeof x === "number" && Number.isSafeInteger(x)) return x;
      const big = obj?.["#bigint"];
      if (obj !== undefined && Object.keys(obj).length === 1 && typeof big === "string" && /^-?\d+$/.test(big)) {
        const n = Number(big);
        if (!Number.isSafeInteger(n)) throw new ItfTypeError(at, `${big} is beyond the integers a spec computes exactly (±(2^53−1))`);
        return n;
      }
      return fail("an integer");
    }
    case "string":
    case "name":
      return typeof x === "string" ? x : fail("a string");
    case "set": {
      const elems = obj !== undefined && Array.isArray(obj["#set"]) && Object.keys(obj).length === 1 ? (obj["#set"] as unknown[]) : undefined;
      if (elems !== undefined) return elems.map((e, i) => itfToTyped(e, t.elem, `${at}.#set[${i}]`, legacy) as Value);
      if (Array.isArray(x)) {
        legacy?.add('a set written as a list (now {"#set": [...]})');
        return x.map((e, i) => itfToTyped(e, t.elem, `${at}[${i}]`, legacy) as Value);
      }
      return fail('{"#set": [...]}');
    }
    case "seq":
      return Array.isArray(x) ? x.map((e, i) => itfToTyped(e, t.elem, `${at}[${i}]`, legacy) as Value) : fail("a list");
    case "map": {
      const pairs = obj !== undefined && Array.isArray(obj["#map"]) && Object.keys(obj).length === 1 ? (obj["#map"] as unknown[]) : undefined;
      if (pairs === undefined) return fail('{"#map": [[key, value], ...]}');
      const out: { [k: string]: Value } = {};
      pairs.forEach((p, i) => {
        if (!Array.isArray(p) || p.length !== 2) throw new ItfTypeError(`${at}.#map[${i}]`, "is not a [key, value] pair");
        const key = itfToTyped(p[0], t.key, `${at}.#map[${i}][0]`, legacy);
        ownSet(out, typeof key === "string" ? key : String(key), itfToTyped(p[1], t.value, `${at}.#map[${i}][1]`, legacy) as Value);
      });
      return out;
    }
    case "tuple": {
      const elems = obj !== undefined && Array.isArray(obj["#tup"]) && Object.keys(obj).length === 1 ? (obj["#tup"] as unknown[]) : undefined;
      if (elems === undefined || elems.length !== t.elems.length) return fail(`{"#tup": [...]} of ${t.elems.length} components`);
      const out: { [k: string]: Value } = {};
      t.elems.forEach((et, i) => ownSet(out, `_${i + 1}`, itfToTyped(elems[i], et, `${at}.#tup[${i}]`, legacy) as Value));
      return out;
    }
    case "record": {
      if (obj === undefined || Object.keys(obj).some((k) => k.startsWith("#"))) return fail("a record");
      const out: { [k: string]: Value } = {};
      for (const [f, ft] of t.fields) {
        if (!Object.hasOwn(obj, f)) throw new ItfTypeError(at, `the record lacks field ${JSON.stringify(f)} (${showViewType(t)})`);
        ownSet(out, f, itfToTyped(obj[f], ft, `${at}.${f}`, legacy) as Value);
      }
      for (const k of Object.keys(obj))
        if (!t.fields.some(([f]) => f === k)) throw new ItfTypeError(at, `the record has no field ${JSON.stringify(k)} (${showViewType(t)})`);
      return out;
    }
    case "variant": {
      if (obj === undefined || !isTaggedValue(obj)) return fail('{"tag": …, "value": {fields} or {"#tup": []}}');
      const c = t.cases.find(([tag]) => tag === obj.tag);
      if (c === undefined) throw new ItfTypeError(`${at}.tag`, `${JSON.stringify(obj.tag)} is not a case of ${showViewType(t)}`);
      const value = obj.value as { readonly [k: string]: unknown };
      const out: { [k: string]: Value } = { $tag: c[0] };
      if (c[1].length === 0) {
        if (!("#tup" in value)) throw new ItfTypeError(`${at}.value`, `case ${c[0]} has no fields: its value is {"#tup": []}`);
        return out;
      }
      if ("#tup" in value) throw new ItfTypeError(`${at}.value`, `case ${c[0]} has fields (${showViewType(t)})`);
      for (const [f, ft] of c[1]) {
        if (!Object.hasOwn(value, f)) throw new ItfTypeError(`${at}.value`, `case ${c[0]} lacks field ${JSON.stringify(f)}`);
        ownSet(out, f, itfToTyped(value[f], ft, `${at}.value.${f}`, legacy) as Value);
      }
      for (const k of Object.keys(value))
        if (!c[1].some(([f]) => f === k)) throw new ItfTypeError(`${at}.value`, `case ${c[0]} has no field ${JSON.stringify(k)}`);
      return out;
    }
  }
}

function isVariant(o: { readonly [k: string]: unknown }): o is { tag: string; value: unknown } {
  return Object.keys(o).length === 2 && typeof o.tag === "string" && "value" in o;
}

/** A short JSON rendering of `x` for messages. */
function preview(x: unknown): string {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A JSON object (not null, not an array). */
export function isObject(x: unknown): x is { [k: string]: unknown } {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}
