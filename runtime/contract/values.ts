/**
 * Value helpers called by generated code: canonical finite sets as sorted arrays, maps as arrays
 * indexed by key ordinal, sequences, options, integer arithmetic with TLA+ rounding, and the range
 * checks that turn a spec's run-time errors into `SpecError`s.
 *
 * Representation (fixed, the generator relies on it): bool → boolean, integers → number, enum members
 * → string (ordered by name, as the generated `X$values`/`X$ord` are), records → objects with fields in
 * name order, `set<T>` → sorted duplicate-free
 * `readonly T[]`, `map<K,V>` → `readonly V[]` indexed by the ordinal of K, `seq<T,N>` → `readonly T[]`,
 * `option<T>` → `T | null`, `pid` → number.
 */
import { SpecError, type Value } from "./model.js";
import { budget, pollEvaluation, tick$ } from "./budget.js";

/** Total order on values of one type (numbers, strings, booleans, null first, arrays, records). */
export function compare(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const ta = typeof a;
  if (ta === "number") return (a as number) - (b as number);
  if (ta === "string") return (a as string) < (b as string) ? -1 : 1;
  if (ta === "boolean") return a ? 1 : -1;
  if (Array.isArray(a)) {
    const bb = b as readonly Value[];
    if (a.length !== bb.length) return a.length - bb.length;
    for (let i = 0; i < a.length; i++) {
      const c = compare(a[i] as Value, bb[i] as Value);
      if (c !== 0) return c;
    }
    return 0;
  }
  const ra = a as { readonly [k: string]: Value };
  const rb = b as { readonly [k: string]: Value };
  for (const k of Object.keys(ra)) {
    const c = compare(ra[k] as Value, rb[k] as Value);
    if (c !== 0) return c;
  }
  return 0;
}

/** Structural equality. */
export function equals(a: Value, b: Value): boolean {
  return a === b || compare(a, b) === 0;
}

/** A canonical set from any elements (sorted, duplicates removed). */
export function setOf<T extends Value>(elems: readonly T[]): readonly T[] {
  if (elems.length <= 1) return elems.slice();
  const sorted = elems.slice().sort(compare);
  const out: T[] = [sorted[0] as T];
  for (let i = 1; i < sorted.length; i++) {
    if (compare(sorted[i] as T, out[out.length - 1] as T) !== 0) out.push(sorted[i] as T);
  }
  return out;
}

/** Largest integer range the checker will enumerate (a type name or `a..b` used as a set). */
export const MAX_ENUMERATED = 10_000_000;

/** The spec error for a range `lo..hi` too large to enumerate or quantify over (E316 when static). */
function tooLarge(lo: number, hi: number, loc: string): SpecError {
  return new SpecError("spec_error", `the range ${lo}..${hi} has ${hi - lo + 1} values: too many to enumerate or quantify over (limit ${MAX_ENUMERATED})`, loc);
}

/** `lo..hi` as a set. */
export function range(lo: number, hi: number, loc = ""): readonly number[] {
  if (hi - lo + 1 > MAX_ENUMERATED) throw tooLarge(lo, hi, loc);
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}

export function setHas<T extends Value>(s: readonly T[], x: T): boolean {
  let lo = 0;
  let hi = s.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compare(s[mid] as T, x);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export function union<T extends Value>(a: readonly T[], b: readonly T[]): readonly T[] {
  return setOf([...a, ...b]);
}

export function intersect<T extends Value>(a: readonly T[], b: readonly T[]): readonly T[] {
  return a.filter((x) => setHas(b, x));
}

export function minus<T extends Value>(a: readonly T[], b: readonly T[]): readonly T[] {
  return a.filter((x) => !setHas(b, x));
}

export function isSubset<T extends Value>(a: readonly T[], b: readonly T[]): boolean {
  return a.every((x) => setHas(b, x));
}

/** `choose x in S: P` — the least element satisfying P; a spec error when there is none. */
export function choose<T extends Value>(s: readonly T[], pred: (x: T) => boolean, loc: string): T {
  for (const x of s) if (pred(x)) return x;
  throw new SpecError("spec_error", "choose: no element satisfies the predicate", loc);
}

/** `min(S)` / `max(S)` of a non-empty integer set. */
export function setMin(s: readonly number[], loc: string): number {
  if (s.length === 0) throw new SpecError("spec_error", "min of the empty set", loc);
  return s[0] as number;
}
export function setMax(s: readonly number[], loc: string): number {
  if (s.length === 0) throw new SpecError("spec_error", "max of the empty set", loc);
  return s[s.length - 1] as number;
}

/** Integer division rounding toward negative infinity, as TLA+ `\div`. */
export function div(a: number, b: number, loc: string): number {
  if (b === 0) throw new SpecError("spec_error", "division by zero", loc);
  return Math.floor(a / b);
}

/** Modulo with a result in 0..b-1 for b > 0, as TLA+ `%`. */
export function mod(a: number, b: number, loc: string): number {
  if (b === 0) throw new SpecError("spec_error", "modulo by zero", loc);
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** A value assigned to a variable of type `lo..hi` must lie in it. */
export function checkRange(v: number, lo: number, hi: number, what: string, loc: string): number {
  if (v < lo || v > hi || !Number.isInteger(v)) {
    throw new SpecError("spec_error", `${what} = ${v} is outside its type ${lo}..${hi}`, loc);
  }
  return v;
}

/** `checkRange` of an option's value when it has one (`none` is always in range). */
export function checkOptRange<V extends number | null>(v: V, lo: number, hi: number, what: string, loc: string): V {
  if (v !== null) checkRange(v, lo, hi, what, loc);
  return v;
}

/** `checkRange` of every element of a set, or every value of a map (skipping `none` values), in order. */
export function checkEachRange<V extends readonly (number | null)[]>(vs: V, lo: number, hi: number, what: string, loc: string): V {
  for (const v of vs) if (v !== null) checkRange(v, lo, hi, what, loc);
  return vs;
}

/** Map lookup by ordinal; a key outside the domain is a spec error. */
export function mapGet<V>(m: readonly V[], ord: number, loc: string): V {
  if (ord < 0 || ord >= m.length || !Number.isInteger(ord)) {
    throw new SpecError("spec_error", "map lookup with a key outside the map's domain", loc);
  }
  return m[ord] as V;
}

/** Functional update of one map/sequence slot. */
export function arrayWith<V>(m: readonly V[], ord: number, v: V, loc: string): readonly V[] {
  if (ord < 0 || ord >= m.length || !Number.isInteger(ord)) {
    throw new SpecError("spec_error", "update with a key/index outside the domain", loc);
  }
  const out = m.slice();
  out[ord] = v;
  return out;
}

/** 1-based sequence index. */
export function seqAt<T>(s: readonly T[], i: number, loc: string): T {
  if (i < 1 || i > s.length) throw new SpecError("spec_error", `sequence index ${i} outside 1..${s.length}`, loc);
  return s[i - 1] as T;
}

export function seqHead<T>(s: readonly T[], loc: string): T {
  if (s.length === 0) throw new SpecError("spec_error", "head of an empty sequence", loc);
  return s[0] as T;
}

export function seqTail<T>(s: readonly T[], loc: string): readonly T[] {
  if (s.length === 0) throw new SpecError("spec_error", "tail of an empty sequence", loc);
  return s.slice(1);
}

/** Sequences are bounded by their declared `seq<T, N>`. */
export function seqAppend<T>(s: readonly T[], x: T, max: number, loc: string): readonly T[] {
  if (s.length >= max) throw new SpecError("spec_error", `append overflows a sequence bounded by ${max}`, loc);
  return [...s, x];
}

/** `get(o)`: the value inside `some(v)`. */
export function optGet<T>(o: T | null, loc: string): T {
  if (o === null) throw new SpecError("spec_error", "get(none)", loc);
  return o;
}

/** All combinations of several domains, in lexicographic order (for multi-binder quantifiers and `with`). */
export function* product(domains: readonly (readonly Value[])[]): Generator<Value[]> {
  const idx = domains.map(() => 0);
  if (domains.some((d) => d.length === 0)) return;
  for (;;) {
    yield idx.map((i, k) => (domains[k] as readonly Value[])[i] as Value);
    let k = domains.length - 1;
    while (k >= 0) {
      idx[k] = (idx[k] as number) + 1;
      if ((idx[k] as number) < (domains[k] as readonly Value[]).length) break;
      idx[k] = 0;
      k--;
    }
    if (k < 0) return;
  }
}

/** Replaces slot `i` (a pid or instance index, always in range by construction). */
export function setAt<V>(m: readonly V[], i: number, v: V): readonly V[] {
  const out = m.slice();
  out[i] = v;
  return out;
}

/** Sets one field of the record in slot `i` (process locals, procedure frames). */
export function setField<E extends object | null, K extends keyof NonNullable<E>>(m: readonly E[], i: number, k: K, v: NonNullable<E>[K]): readonly E[] {
  const cur = m[i];
  if (cur === null || cur === undefined) throw new Error(`internal: no record in slot ${i}`);
  const out = m.slice();
  out[i] = { ...cur, [k]: v } as E;
  return out;
}

/** Functional update of slot `ord` through `f` (nested map/sequence updates). */
export function updateAt<V>(m: readonly V[], ord: number, f: (old: V) => V, loc: string): readonly V[] {
  return arrayWith(m, ord, f(mapGet(m, ord, loc)), loc);
}

/** The map from every key (by ordinal) to a value, checking that a comprehension covered the whole domain. */
export function fullMap<V>(values: readonly V[], size: number, loc: string): readonly V[] {
  if (values.length !== size) {
    throw new SpecError("spec_error", `map comprehension over ${values.length} keys, but the map's key type has ${size} values`, loc);
  }
  return values;
}

/**
 * The upper bound of a counting loop over `lo..hi` (a quantifier, `with` or action parameter over an
 * integer range), after checking that the range is not too large to iterate: a spec error at `loc`.
 */
export function rangeHi$(lo: number, hi: number, loc: string): number {
  if (hi - lo + 1 > MAX_ENUMERATED) throw tooLarge(lo, hi, loc);
  return hi;
}

/**
 * `rangeHi$` for a loop whose iterations are charged to the evaluation budget up front, all at once,
 * instead of by a `tick$` in each (the packed step code's loops): a tick per iteration was a third of a
 * compiled invariant's time. The budget exists to poll the clock and the stop flag within bounded work,
 * and it still does: at most once per loop, before it (a loop is at most MAX_ENUMERATED iterations, and
 * any loop nested in it charges its own).
 */
export function loopHi$(lo: number, hi: number, loc: string): number {
  const n = hi - lo + 1;
  if (n > MAX_ENUMERATED) throw tooLarge(lo, hi, loc);
  if (n > 0 && (budget.n -= n) < 0) pollEvaluation();
  return hi;
}

/** `forall i in lo..hi: p(i)` without building the set (a size-checked, budgeted loop). */
export function forallRange(lo: number, hi: number, p: (i: number) => boolean, loc = ""): boolean {
  rangeHi$(lo, hi, loc);
  for (let i = lo; i <= hi; i++) {
    tick$();
    if (!p(i)) return false;
  }
  return true;
}

/** `exists i in lo..hi: p(i)` without building the set (a size-checked, budgeted loop). */
export function existsRange(lo: number, hi: number, p: (i: number) => boolean, loc = ""): boolean {
  rangeHi$(lo, hi, loc);
  for (let i = lo; i <= hi; i++) {
    tick$();
    if (p(i)) return true;
  }
  return false;
}

/** `forall x in S: p(x)` over a set (a budgeted loop). */
export function forallIn<T>(s: readonly T[], p: (x: T) => boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    tick$();
    if (!p(s[i] as T)) return false;
  }
  return true;
}

/** `exists x in S: p(x)` over a set (a budgeted loop). */
export function existsIn<T>(s: readonly T[], p: (x: T) => boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    tick$();
    if (p(s[i] as T)) return true;
  }
  return false;
}

/**
 * Largest number of values a non-scalar type name may have when used as a set (`forall p in Pair`,
 * `card(People)`, `with (v in Q)`): each is an object built in memory, so the cap is lower than for ranges.
 */
export const MAX_TYPE_VALUES = 1_000_000;

/** Throws the spec error for a type with `count` values (an integer, possibly huge) beyond the cap. */
function tooMany(count: bigint, what: string, loc: string): void {
  if (count > BigInt(MAX_TYPE_VALUES)) {
    throw new SpecError("spec_error", `the type ${what} has ${count} values: too many to enumerate as a set (limit ${MAX_TYPE_VALUES})`, loc);
  }
}

/**
 * All records with the given fields (in canonical name order) and field value sets: the cartesian
 * product, built first field outermost, so the result is sorted as `compare` orders records.
 */
export function recordValues(fields: readonly (readonly [string, readonly Value[]])[], what: string, loc: string): readonly { readonly [k: string]: Value }[] {
  tooMany(
    fields.reduce((n, [, vs]) => n * BigInt(vs.length), 1n),
    what,
    loc,
  );
  let out: { [k: string]: Value }[] = [{}];
  for (const [name, vs] of fields) {
    const next: { [k: string]: Value }[] = [];
    for (const r of out) for (const v of vs) next.push({ ...r, [name]: v });
    out = next;
  }
  return out;
}

/**
 * Every value of a variant type: its cases in canonical order (by tag), each with every combination
 * of its fields (`recordValues`); a value is `{ $tag, ...fields }`, the tag its first key, which is
 * how `compare` orders variants (by case, then field by field).
 */
export function variantValues(
  cases: readonly (readonly [string, readonly (readonly [string, readonly Value[]])[]])[],
  what: string,
  loc: string,
): readonly { readonly [k: string]: Value }[] {
  tooMany(
    cases.reduce((n, [, fields]) => n + fields.reduce((m, [, vs]) => m * BigInt(vs.length), 1n), 0n),
    what,
    loc,
  );
  const out: { readonly [k: string]: Value }[] = [];
  for (const [tag, fields] of cases) for (const r of recordValues(fields, what, loc)) out.push({ $tag: tag, ...r });
  return out;
}

/** `none` and every `some(v)`: `null` sorts first. */
export function optionValues<T extends Value>(elems: readonly T[]): readonly (T | null)[] {
  return [null, ...elems];
}

/** Every subset of the canonical set `elems` (the type `set<T>`), as a canonical set of sets. */
export function powerset<T extends Value>(elems: readonly T[], what: string, loc: string): readonly (readonly T[])[] {
  tooMany(1n << BigInt(elems.length), what, loc);
  const out: T[][] = [];
  const n = elems.length;
  for (let mask = 0; mask < 2 ** n; mask++) {
    const s: T[] = [];
    for (let i = 0; i < n; i++) if (Math.floor(mask / 2 ** i) % 2 === 1) s.push(elems[i] as T);
    out.push(s);
  }
  return setOf(out);
}

/** `powerset(S)` (TLA+'s `SUBSET S`): every subset of the canonical set `s`, capped like a type's values. */
export function subsetsOf<T extends Value>(s: readonly T[], loc: string): readonly (readonly T[])[] {
  if (2 ** s.length > MAX_TYPE_VALUES) {
    throw new SpecError(
      "spec_error",
      `powerset of a set of ${s.length} elements has 2^${s.length} subsets: too many to enumerate (limit ${MAX_TYPE_VALUES})`,
      loc,
    );
  }
  return powerset(s, "", loc);
}

/**
 * `product(S, T, …)` (TLA+'s `S \X T \X …`): every tuple `{ _1: s, _2: t, … }`, first component
 * outermost, which is the order `compare` gives tuples, so the result is canonical as built.
 */
export function cartesian(sets: readonly (readonly Value[])[], loc: string): readonly { readonly [k: string]: Value }[] {
  const count = sets.reduce((n, s) => n * BigInt(s.length), 1n);
  if (count > BigInt(MAX_TYPE_VALUES)) {
    throw new SpecError(
      "spec_error",
      `product of sets of sizes ${sets.map((s) => s.length).join(" × ")} has ${count} tuples: too many to enumerate (limit ${MAX_TYPE_VALUES})`,
      loc,
    );
  }
  let out: { [k: string]: Value }[] = [{}];
  sets.forEach((vs, i) => {
    const next: { [k: string]: Value }[] = [];
    for (const r of out) for (const v of vs) next.push({ ...r, [`_${i + 1}`]: v });
    out = next;
  });
  return out;
}

/**
 * `[S -> T]`: every map from `S` to `T`. A map is total on its key type (an array indexed by key
 * ordinal), so `S` must be all `keys` values of it; a proper subset has no representation and is a
 * spec error rather than a silently different set.
 */
export function funcSet<T extends Value>(domain: readonly Value[], keys: number, range: readonly T[], loc: string): readonly (readonly T[])[] {
  if (domain.length !== keys) {
    throw new SpecError(
      "spec_error",
      `[S -> T] needs S to be the whole key type (${keys} values), but S has ${domain.length}: maps are total on their key type`,
      loc,
    );
  }
  if (BigInt(range.length) ** BigInt(keys) > BigInt(MAX_TYPE_VALUES)) {
    throw new SpecError("spec_error", `[S -> T] has ${range.length}^${keys} maps: too many to enumerate (limit ${MAX_TYPE_VALUES})`, loc);
  }
  return mapValues(keys, range, "", loc);
}

/**
 * Every sequence of 0..max elements of `elems` (the type `seq<T, N>`), shortest first and then
 * lexicographically, which is how `compare` orders sequences.
 */
export function seqValues<T extends Value>(elems: readonly T[], max: number, what: string, loc: string): readonly (readonly T[])[] {
  let count = 0n;
  for (let k = 0, p = 1n; k <= max; k++, p *= BigInt(elems.length)) count += p;
  tooMany(count, what, loc);
  const out: (readonly T[])[] = [[]];
  let layer: (readonly T[])[] = [[]];
  for (let k = 1; k <= max; k++) {
    const next: T[][] = [];
    for (const s of layer) for (const x of elems) next.push([...s, x]);
    out.push(...next);
    layer = next;
  }
  return out;
}

/** Every total function from `keys` key ordinals to `elems` (the type `map<K, V>`), in `compare` order. */
export function mapValues<T extends Value>(keys: number, elems: readonly T[], what: string, loc: string): readonly (readonly T[])[] {
  tooMany(BigInt(elems.length) ** BigInt(keys), what, loc);
  let out: (readonly T[])[] = [[]];
  for (let k = 0; k < keys; k++) {
    const next: T[][] = [];
    for (const m of out) for (const x of elems) next.push([...m, x]);
    out = next;
  }
  return out;
}

/**
 * The set `S` of `var x: T in S`: an empty one would leave the spec with no initial state, which
 * must be reported (a search of nothing would otherwise "hold").
 */
export function initChoices<T>(s: readonly T[], name: string, loc: string): readonly T[] {
  if (s.length === 0) throw new SpecError("spec_error", `no initial state: the set of initial values of ${name} is empty`, loc);
  return s;
}

/**
 * Every combination of one element from each list, the first list varying slowest: the initial locals
 * of a process's instances when some local starts with a choice (`var x: T in S;`), one list per instance.
 */
export function initProduct<T>(lists: readonly (readonly T[])[]): T[][] {
  let out: T[][] = [[]];
  for (const l of lists) out = out.flatMap((prefix) => l.map((x) => [...prefix, x]));
  return out;
}

/**
 * Integer `+ - *` where the declared ranges do not prove the result below 2^53 (the generator emits
 * plain operators everywhere else). JS numbers are exact up to 2^53 − 1 and rounding is monotonic, so
 * an exact result outside that range always comes out as a non-safe integer: reported as a spec error
 * rather than computed wrong.
 */
function exact(r: number, a: number, op: string, b: number, loc: string): number {
  if (!Number.isSafeInteger(r)) {
    throw new SpecError("spec_error", `integer overflow: ${a} ${op} ${b} is outside -(2^53-1)..2^53-1, the integers computed exactly`, loc);
  }
  return r;
}
export function addExact(a: number, b: number, loc: string): number {
  return exact(a + b, a, "+", b, loc);
}
export function subExact(a: number, b: number, loc: string): number {
  return exact(a - b, a, "-", b, loc);
}
export function mulExact(a: number, b: number, loc: string): number {
  return exact(a * b, a, "*", b, loc);
}

/** Per constants object (one per model), the values of compound type names already built. */
const typeSets = new WeakMap<object, Map<string, unknown>>();

/**
 * The values of a compound type name, built once per model: they depend only on the constants, and
 * an invariant such as `forall p in Pair: …` would otherwise rebuild them in every state.
 */
export function typeValues<T>(constants: object, name: string, make: () => T): T {
  let byName = typeSets.get(constants);
  if (byName === undefined) typeSets.set(constants, (byName = new Map()));
  if (byName.has(name)) return byName.get(name) as T;
  const v = make();
  byName.set(name, v);
  return v;
}
