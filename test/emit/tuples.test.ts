/**
 * Issue 13 item 2 (first half): tuples `<<a, b>>`, products `product(S, T)` (TLA+'s `S \X T`),
 * `powerset(S)` (`SUBSET S`), function sets `[S -> T]`, set algebra over compound elements and the
 * sequence filter `[x in s : P]` (`SelectSeq`). Each spec is compiled, checked with BFS, its states
 * round-tripped through pack/unpack, and the state counts asserted are derived by hand in comments.
 */
import { describe, expect, it } from "vitest";
import { formatValue, valueToItf, itfToValue } from "../../runtime/index.js";
import { typecheck } from "../fuzz/harness.js";
import { emitted, errorsOf, load, outcome, run } from "./values-harness.js";

const W = "workload w { check deadlock = false; expect holds; }";

describe("issue 13 item 2: tuples and products", () => {
  it("a tuple variable: literal, component reads t[k], component writes t[k] = v; 3 * 2 states", async () => {
    const o = await run(
      "tuple-var",
      `spec TupleVar
var t: tuple<0..2, bool> = <<0, false>>;
action Inc when t[1] < 2 { t[1] = t[1] + 1; }
action Flip { t[2] = not t[2]; }
invariant Range: t[1] >= 0 and t[1] <= 2;
invariant Eq: t == <<t[1], t[2]>> and <<0, true>> != <<0, false>>;
${W}`,
    );
    // t[1] in 0..2 (monotone) and t[2] in bool, independently: 3 * 2 = 6 states.
    expect([o.verdict, o.states]).toEqual(["holds", 6]);
  });

  it("product(S, T) enumerates |S| * |T| tuples in canonical order (first component outermost)", async () => {
    const o = await run(
      "tuple-product",
      `spec TupleProduct
var seen: set<tuple<0..2, bool>> = {};
action Add(p in product(0..2, {false, true})) when p notin seen { seen = seen union {p}; }
invariant Card: card(product(0..2, {false, true})) == 6 and card(product(1..2, 1..2, 1..2)) == 8;
invariant Least: (choose p in product(0..2, {false, true}): true) == <<0, false>>;
invariant Order: (choose p in product(0..2, {false, true}): p[2]) == <<0, true>>;
invariant Member: <<2, true>> in product(0..2, {false, true}) and <<3, true>> notin product(0..2, {false, true});
invariant Sub: seen subset product(0..2, {false, true});
${W}`,
    );
    // Every subset of the 6 tuples is reachable (one added per step): 2^6 = 64 states.
    expect([o.verdict, o.states]).toEqual(["holds", 64]);
  });

  it("tuples inside maps and sequences: nested component writes m[i][2] = v and reads q[k][2]", async () => {
    const o = await run(
      "tuple-nested",
      `spec TupleNested
var m: map<1..2, tuple<0..1, 0..1>> = [i in 1..2 |-> <<0, 0>>];
var q: seq<tuple<1..2, 0..1>, 2> = [];
action Set(i in 1..2, v in 0..1) { m[i][2] = v; }
action Log(i in 1..2) when len(q) < 2 { q = append(q, <<i, m[i][2]>>); }
invariant Firsts: forall i in 1..2: m[i][1] == 0;
invariant Logged: forall k in 1..len(q): q[k][2] <= 1;
${W}`,
    );
    // m: the second components of m[1], m[2] are free: 4 values. q: any sequence of length 0..2 over
    // the 4 tuples <<i, v>> (a logged v is any value m[i][2] had): 1 + 4 + 16 = 21. 4 * 21 = 84.
    expect([o.verdict, o.states]).toEqual(["holds", 84]);
  });

  it("tuples of a symmetric type: permuted like records; 145 states unreduced", async () => {
    const model = await load(
      "tuple-symmetric",
      `spec TupleSym
symmetric type P = 1..N;
const N: 1..4 = 3;
var links: set<tuple<P, P>> = {};
var last: option<tuple<P, bool>> = none;
action Link(a in P, b in P) when a != b and <<a, b>> notin links {
  links = links union {<<a, b>>};
  last = some(<<a, true>>);
}
invariant NoSelf: forall l in links: l[1] != l[2];
invariant Pairs: links subset product(P, P);
${W}`,
    );
    // links is any subset of the 6 pairs <<a, b>>, a != b; last is none for {} and otherwise <<a, true>>
    // for the source a of any link of the set (each can be added last). For each node x, 3 * 2^4 = 48
    // sets have a link from x: 1 + 3 * 48 = 145 states.
    const plain = outcome(model, false);
    expect([plain.verdict, plain.states]).toEqual(["holds", 145]);
    const reduced = outcome(model, true);
    expect(reduced.verdict).toBe("holds");
    expect(reduced.states).toBeLessThan(145);
  });

  it("traces and ITF show tuples as <<a, b>> / #tup and read them back", () => {
    const t = { _1: 1, _2: true };
    expect(formatValue(t)).toBe("<<1, true>>");
    expect(formatValue([t])).toBe("[<<1, true>>]");
    expect(valueToItf(t)).toEqual({ "#tup": [{ "#bigint": "1" }, true] });
    expect(itfToValue(valueToItf(t))).toEqual(t);
    expect(formatValue({ a: 1 })).toBe("{a: 1}");
  });

  it("a violated invariant over tuples has a counterexample printing them", async () => {
    const o = await run(
      "tuple-violation",
      `spec TupleViolation
var t: tuple<0..2, 0..2> = <<0, 0>>;
action Step when t[1] < 2 { t = <<t[1] + 1, t[1]>>; }
invariant Small: t != <<2, 1>>;
workload w { check deadlock = false; expect violates Small; }`,
    );
    // <<0,0>> -> <<1,0>> -> <<2,1>>: violated at depth 2 (3 states in the trace).
    expect(o.verdict).toBe("violates Small");
    expect(o.result.trace?.length).toBe(3);
  });
});

describe("issue 13 item 2: powerset, function sets, set algebra, sequence filter", () => {
  it("powerset(S) is the set of all 2^|S| subsets, each canonical", async () => {
    const o = await run(
      "powerset",
      `spec Powerset
var s: set<1..3> = {};
action Pick(x in powerset({1, 2, 3})) { s = x; }
invariant Card: card(powerset({1, 2, 3})) == 8 and card(powerset({})) == 1;
invariant Has: {1, 3} in powerset({1, 2, 3}) and {} in powerset({1, 2, 3});
invariant Least: (choose x in powerset({1, 2, 3}): card(x) == 2) == {1, 2};
invariant Sizes: card({ x in powerset({1, 2, 3}) : card(x) == 2 }) == 3;
${W}`,
    );
    // s can become any of the 8 subsets of {1, 2, 3}: 8 states.
    expect([o.verdict, o.states]).toEqual(["holds", 8]);
  });

  it("powerset of too large a set is a spec error at the call, not a hang", async () => {
    const o = await run(
      "powerset-cap",
      `spec PowersetCap
const N: 1..30 = 25;
invariant Big: card(powerset(1..N)) > 0;
workload w { check deadlock = false; expect spec_error; }`,
    );
    expect(o.verdict).toBe("spec_error");
    expect(o.message).toMatch(/powerset of a set of 25 elements has 2\^25 subsets: too many to enumerate/);
    expect(o.loc).toMatch(/:3:/);
  });

  it("[S -> T] is every map from S to T: |T|^|S| of them", async () => {
    const o = await run(
      "funcset",
      `spec FuncSet
enum Color { Red, Green }
var f: map<Color, 0..2> = [c in Color |-> 0];
action Pick(g in [Color -> 0..2]) { f = g; }
invariant Card: card([Color -> 0..2]) == 9 and card([1..3 -> {false, true}]) == 8;
invariant Total: forall g in [1..2 -> 0..1]: domain(g) == 1..2 and g[1] <= 1;
invariant Least: (choose g in [1..2 -> 0..1]: g[1] == 1) == [i in 1..2 |-> if i == 1 then 1 else 0];
${W}`,
    );
    // f can become any of the 3^2 = 9 maps.
    expect([o.verdict, o.states]).toEqual(["holds", 9]);
  });

  it("[S -> T] with S not a whole key type is a spec error (maps are total), never a different set", async () => {
    const o = await run(
      "funcset-partial",
      `spec FuncSetPartial
var x: set<0..3> = {1, 2};
invariant P: card([x -> {false, true}]) == 4;
workload w { check deadlock = false; expect spec_error; }`,
    );
    expect(o.verdict).toBe("spec_error");
    expect(o.message).toMatch(/whole key type \(4 values\), but S has 2/);
  });

  it("union, intersect, minus, subset and card over sets of records, tuples and sets", async () => {
    const o = await run(
      "set-algebra",
      `spec SetAlgebra
var a: set<set<0..1>> = {{0}, {0, 1}};
var r: set<{ k: 0..1, v: bool }> = {{ k: 0, v: true }};
var t: set<tuple<0..1, 0..1>> = {<<0, 1>>};
action AddSet(x in powerset({0, 1})) when x notin a { a = a union {x}; }
invariant SetsOfSets: card(a union {{1}}) >= 3 and (a intersect {{0}, {1}}) subset {{0}, {1}} and {{0}} minus a == {};
invariant Records: (r union {{ v: true, k: 0 }}) == r and card(r union {{ k: 1, v: false }}) == 2 and r minus r == {};
invariant Tuples: (t union {<<1, 0>>}) == {<<1, 0>>, <<0, 1>>} and t intersect {<<0, 1>>, <<1, 1>>} == t and card(t minus {<<0, 1>>}) == 0;
${W}`,
    );
    // a starts with 2 of the 4 subsets of {0, 1} and may gain each of the other two: 4 states.
    expect([o.verdict, o.states]).toEqual(["holds", 4]);
  });

  it("[x in s : P] keeps the elements satisfying P, in order (SelectSeq)", async () => {
    const o = await run(
      "seq-filter",
      `spec SeqFilter
var q: seq<0..3, 3> = [];
action Push(v in 0..3) when len(q) < 3 { q = append(q, v); }
invariant Order: [x in [3, 1, 2, 0] : x >= 1] == [3, 1, 2] and [x in [3, 1] : x > 5] == [];
invariant Even: forall k in 1..len([x in q : x % 2 == 0]): [x in q : x % 2 == 0][k] % 2 == 0;
invariant Len: len([x in q : true]) == len(q);
${W}`,
    );
    // Every sequence over 0..3 of length 0..3: 1 + 4 + 16 + 64 = 85 states.
    expect([o.verdict, o.states]).toEqual(["holds", 85]);
  });

  it("a constant [S -> T] in an invariant is built once per model, not per state: 10^4 states", async () => {
    const o = await run(
      "funcset-once",
      `spec FuncSetOnce
var f: map<0..3, 0..9> in [0..3 -> 0..9];
invariant TypeOK: f in [0..3 -> 0..9] and card(product(0..9, 0..9, 0..9)) == 1000;
${W}`,
    );
    // One initial state per function 0..3 -> 0..9, no actions: 10^4 states.
    expect([o.verdict, o.states]).toEqual(["holds", 10_000]);
  }, 30_000);

  it("cached constant sets are keyed by their code: one macro expanded with two arguments", async () => {
    const o = await run(
      "once-macro",
      `spec OnceMacro
var n: 0..8 = 0;
macro bump(S) { n = n + card(powerset(S)); }
action One when n == 0 { bump({1}); }
action Two when n == 0 { bump({1, 2}); }
invariant Sizes: n == 0 or n == 2 or n == 4;
${W}`,
    );
    // 0, then 0 + 2^1 or 0 + 2^2: 3 states.
    expect([o.verdict, o.states]).toEqual(["holds", 3]);
  });

  it("misuse is diagnosed at the right place", () => {
    expect(errorsOf(`spec E\nvar t: tuple<0..1, bool> = <<0, true>>;\ninvariant I: t[0] == 0;`)).toEqual(["E331 3:16"]);
    expect(errorsOf(`spec E\nvar t: tuple<0..1, bool> = <<0, true>>;\ninvariant I: t == <<0, 1>>;`)).toEqual(["E302 3:14"]);
    expect(errorsOf(`spec E\nvar t: tuple<0..1, bool> = <<0, true>>;\ninvariant I: t._1 == 0;`)).toEqual(["E303 3:16"]);
    expect(errorsOf(`spec E\nvar s: set<0..1> = {};\ninvariant I: card([x in s : true]) == 0;`)).toEqual(["E333 3:25"]);
    expect(errorsOf(`spec E\nvar s: seq<0..1, 2> = [];\ninvariant I: card([s -> {1}]) == 0;`)).toEqual(["E332 3:20"]);
  });
});

describe("emitted tuple code", () => {
  it("every model above typechecks under strict", () => {
    expect(typecheck(emitted)).toEqual([]);
  }, 120_000);
});
