/**
 * Structural AST comparison that ignores node identity (`id`) and source positions (`span`): what
 * "the same tree" means for the printer round trip and for tests comparing two parses.
 */

/** `T` without `id` and `span` keys, recursively. */
export type Stripped<T> = T extends bigint | string | number | boolean | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? Stripped<U>[]
    : { [K in keyof T as K extends "id" | "span" ? never : K]: Stripped<T[K]> };

/** A deep copy of `node` without `id` and `span` (and without keys whose value is undefined). */
export function stripSpans<T>(node: T): Stripped<T> {
  return strip(node) as Stripped<T>;
}

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (typeof v !== "object" || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === "id" || k === "span" || x === undefined) continue;
    out[k] = strip(x);
  }
  return out;
}

/** True when `a` and `b` are the same tree, ignoring `id`, `span` and undefined-valued keys. */
export function astEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => astEqual(x, b[i]));
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const keys = (o: object): string[] =>
    Object.entries(o)
      .filter(([k, x]) => k !== "id" && k !== "span" && x !== undefined)
      .map(([k]) => k)
      .sort();
  const ka = keys(a);
  const kb = keys(b);
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && astEqual(ra[k], rb[k]));
}
