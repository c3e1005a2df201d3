/**
 * Values of the reference semantics (test oracle only): plain immutable data with one total order,
 * written from docs/language.md ("Sets are finite and canonical (sorted, without duplicates).
 * Integers sort numerically, enum members and strings by name, records field by field").
 *
 * Nothing here is shared with the generator's emitter or the runtime: the representation is
 * deliberately different (tagged objects, enum members as strings, pids as tagged numbers), so that
 * agreement with the generated checker is evidence, not a tautology.
 */

/** A value. Enum members are their names; `none` is null. */
export type V =
  | boolean
  | number
  | string
  | null
  | { readonly t: "some"; readonly v: V }
  | { readonly t: "set"; readonly xs: readonly V[] }
  | { readonly t: "seq"; readonly xs: readonly V[] }
  | { readonly t: "map"; readonly ks: readonly V[]; readonly vs: readonly V[] }
  | { readonly t: "rec"; readonly fs: { readonly [f: string]: V } }
  /** A variant value: its case and that case's fields (docs: ordered by case name, then field by field). */
  | { readonly t: "var"; readonly tag: string; readonly fs: { readonly [f: string]: V } }
  | { readonly t: "pid"; readonly p: number }
  | { readonly t: "mutex"; readonly owner: number | null }
  | { readonly t: "rw"; readonly writer: number | null; readonly readers: readonly number[] };

export type ErrKind = "assertion" | "lock_error" | "spec_error";

/** A spec error met while evaluating or executing (assertion, lock misuse, run-time error). */
export class RefError extends Error {
  constructor(
    readonly errKind: ErrKind,
    message: string,
  ) {
    super(message);
  }
}

export const specError = (msg: string): RefError => new RefError("spec_error", msg);

function rank(v: V): number {
  if (v === null) return 0;
  switch (typeof v) {
    case "boolean":
      return 1;
    case "number":
      return 2;
    case "string":
      return 3;
    default:
      return { some: 4, set: 5, seq: 6, map: 7, rec: 8, pid: 9, mutex: 10, rw: 11, var: 12 }[v.t];
  }
}

const cmpNum = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

function cmpList(a: readonly V[], b: readonly V[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compare(a[i] as V, b[i] as V);
    if (c !== 0) return c;
  }
  return cmpNum(a.length, b.length);
}

/** The total order of values (only its restriction to one type matters for sets and `choose`). */
export function compare(a: V, b: V): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return cmpNum(ra, rb);
  if (a === null || b === null) return 0;
  if (typeof a === "boolean") return cmpNum(Number(a), Number(b));
  if (typeof a === "number") return cmpNum(a, b as number);
  if (typeof a === "string") return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  const x = a as Exclude<V, null | boolean | number | string>;
  const y = b as typeof x;
  switch (x.t) {
    case "some":
      return compare(x.v, (y as typeof x).v);
    case "set":
    case "seq":
      return cmpList(x.xs, (y as typeof x).xs);
    case "map": {
      const m = y as typeof x;
      return cmpList(x.ks, m.ks) || cmpList(x.vs, m.vs);
    }
    case "rec": {
      const r = y as typeof x;
      const fa = Object.keys(x.fs).sort();
      const fb = Object.keys(r.fs).sort();
      const c = cmpList(fa, fb);
      if (c !== 0) return c;
      return cmpList(
        fa.map((f) => x.fs[f] as V),
        fb.map((f) => r.fs[f] as V),
      );
    }
    case "var": {
      const r = y as typeof x;
      if (x.tag !== r.tag) return x.tag < r.tag ? -1 : 1;
      const fs = Object.keys(x.fs).sort();
      return cmpList(
        fs.map((f) => x.fs[f] as V),
        fs.map((f) => r.fs[f] as V),
      );
    }
    case "pid":
      return cmpNum(x.p, (y as typeof x).p);
    case "mutex":
      return cmpNum(x.owner ?? -1, (y as typeof x).owner ?? -1);
    case "rw": {
      const r = y as typeof x;
      return cmpNum(x.writer ?? -1, r.writer ?? -1) || cmpList(x.readers, r.readers);
    }
  }
}

export const equal = (a: V, b: V): boolean => compare(a, b) === 0;

/** The canonical set of some values: sorted, without duplicates. */
export function mkSet(xs: readonly V[]): V {
  const sorted = [...xs].sort(compare);
  const out: V[] = [];
  for (const x of sorted) if (out.length === 0 || !equal(out[out.length - 1] as V, x)) out.push(x);
  return { t: "set", xs: out };
}

/** A map from the given (distinct) keys; entries kept in key order. */
export function mkMap(entries: readonly (readonly [V, V])[]): V {
  const sorted = [...entries].sort((a, b) => compare(a[0], b[0]));
  return { t: "map", ks: sorted.map((e) => e[0]), vs: sorted.map((e) => e[1]) };
}

export function asInt(v: V): number {
  if (typeof v !== "number") throw new Error(`reference: expected an integer, got ${show(v)}`);
  return v;
}
export function asBool(v: V): boolean {
  if (typeof v !== "boolean") throw new Error(`reference: expected a boolean, got ${show(v)}`);
  return v;
}
export function elems(v: V): readonly V[] {
  if (v === null || typeof v !== "object" || (v.t !== "set" && v.t !== "seq")) throw new Error(`reference: expected a set, got ${show(v)}`);
  return v.xs;
}

/** Debug text of a value. */
export function show(v: V): string {
  if (v === null) return "none";
  if (typeof v !== "object") return String(v);
  switch (v.t) {
    case "some":
      return `some(${show(v.v)})`;
    case "set":
      return `{${v.xs.map(show).join(", ")}}`;
    case "seq":
      return `[${v.xs.map(show).join(", ")}]`;
    case "map":
      return `[${v.ks.map((k, i) => `${show(k)} |-> ${show(v.vs[i] as V)}`).join(", ")}]`;
    case "rec":
      return `{${Object.keys(v.fs)
        .sort()
        .map((f) => `${f}: ${show(v.fs[f] as V)}`)
        .join(", ")}}`;
    case "var": {
      const fs = Object.keys(v.fs).sort();
      return fs.length === 0 ? v.tag : `${v.tag} {${fs.map((f) => `${f}: ${show(v.fs[f] as V)}`).join(", ")}}`;
    }
    case "pid":
      return `pid#${v.p}`;
    case "mutex":
      return `mutex(${v.owner})`;
    case "rw":
      return `rw(${v.writer}; ${v.readers.join(",")})`;
  }
}

/** JSON text with object keys sorted: the neutral canonical form both sides are compared in. */
export function stableJson(x: unknown): string {
  if (x === null || typeof x !== "object") return JSON.stringify(x);
  if (Array.isArray(x)) return `[${x.map(stableJson).join(",")}]`;
  const o = x as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
    .join(",")}}`;
}
