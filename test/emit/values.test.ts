/**
 * Values everywhere a value can be (issue 12): records inside maps, sets, sequences and options
 * (item 3), type names as the sets of their values (item 7), enums in one canonical order (item 11).
 * Each spec is compiled, checked with BFS, its reachable states round-tripped through pack/unpack, and
 * every emitted model typechecked under strict at the end.
 */
import { describe, expect, it } from "vitest";
import { checkBfs, formatTrace, traceToItf } from "../../runtime/index.js";
import { typecheck } from "../fuzz/harness.js";
import { emitted, errorsOf, load, outcome, run } from "./values-harness.js";

const W = "workload w { check deadlock = false; expect holds; }";

describe("issue 12 item 3: records inside maps, sets, sequences and options", () => {
  it("issue 12 item 3: a map of two-field records, initialised by a comprehension and updated with m[i].a = true", async () => {
    const o = await run(
      "rec-map",
      `spec RecMap
var r: map<1..2, { a: bool, b: bool }> = [i in 1..2 |-> { a: false, b: false }];
action Set(i in 1..2) when not r[i].a { r[i].a = true; }
invariant NoB: forall i in 1..2: not r[i].b;
invariant NotBoth: not (r[1].a and r[2].a);
workload w { check deadlock = false; expect violates NotBoth; }`,
    );
    // Each of the two `a` flags goes false → true independently: {ff, tf, ft} reached before tt.
    expect(o.verdict).toBe("violates NotBoth");
    expect(o.result.trace?.length).toBe(3);
    const all = await run(
      "rec-map-all",
      `spec RecMapAll
var r: map<1..2, { a: bool, b: bool }> = [i in 1..2 |-> { a: false, b: false }];
action Set(i in 1..2) when not r[i].a { r[i].a = true; }
invariant NoB: forall i in 1..2: not r[i].b;
${W}`,
    );
    expect([all.verdict, all.states]).toEqual(["holds", 4]);
  });

  it("issue 12 item 3: a single-field record fills the map with records, not undefined", async () => {
    const o = await run(
      "rec-map-one",
      `spec RecMapOne
var r: map<1..2, { a: bool }> = [i in 1..2 |-> { a: false }];
invariant Filled: r[1] == { a: false } and not r[2].a;
${W}`,
    );
    expect([o.verdict, o.states]).toEqual(["holds", 1]);
  });

  it("issue 12 item 3: a record literal in a set comprehension; choose, quantifiers and equality over sets of records", async () => {
    const o = await run(
      "rec-set",
      `spec RecSet
var s: set<{ a: 0..2, b: bool }> = { { a: i, b: i == 1 } : i in 0..2 };
invariant Three: card(s) == 3 and { b: true, a: 1 } in s and { a: 1, b: false } notin s;
invariant Forall: forall r in s: r.a <= 2 and (r.b => r.a == 1);
invariant Pick: (choose r in s: r.b) == { a: 1, b: true };
invariant Least: (choose r in s: true) == { a: 0, b: false };
invariant SameSet: { { a: 1, b: false }, { a: 0, b: true } } == { { b: true, a: 0 }, { b: false, a: 1 } };
invariant Canonical: (choose r in { { b: false, a: 1 }, { b: true, a: 0 } }: true) == { a: 0, b: true };
invariant Fields: { r.a : r in s } == 0..2;
${W}`,
    );
    expect([o.verdict, o.states]).toEqual(["holds", 1]);
  });

  it("issue 12 item 3: sequences of records (append, index, head), 1 + 2 + 4 states", async () => {
    const o = await run(
      "rec-seq",
      `spec RecSeq
var q: seq<{ a: 0..1 }, 2> = [];
action Push(v in 0..1) when len(q) < 2 { q = append(q, { a: v }); }
invariant Heads: q == [] or head(q) in { { a: 0 }, { a: 1 } };
invariant Index: forall k in 1..len(q): q[k].a <= 1;
${W}`,
    );
    expect([o.verdict, o.states]).toEqual(["holds", 7]);
  });

  it("issue 12 item 3: options of records and nested records, updated in place", async () => {
    const opt = await run(
      "rec-option",
      `spec RecOption
var o: option<{ a: 0..1, b: bool }> = none;
action Set(v in 0..1) when o == none { o = some({ a: v, b: true }); }
action Flip when is_some(o) and get(o).b { o = some(get(o) with .b = false); }
invariant Ok: o == none or get(o).a <= 1;
${W}`,
    );
    // none, some({a, b: true}) for a in 0..1, then the same with b false.
    expect([opt.verdict, opt.states]).toEqual(["holds", 5]);
    const nested = await run(
      "rec-nested",
      `spec RecNested
var n: { x: { y: 0..2 }, z: bool } = { z: false, x: { y: 0 } };
action Inc when n.x.y < 2 { n.x.y = n.x.y + 1; }
action Z when not n.z { n.z = true; }
invariant Ok: n.x.y <= 2;
${W}`,
    );
    expect([nested.verdict, nested.states]).toEqual(["holds", 6]);
  });

  it("issue 12 item 3: a map of sets of records, grown with union", async () => {
    const o = await run(
      "rec-map-set",
      `spec RecMapSet
var ms: map<1..2, set<{ a: 0..1 }>> = [i in 1..2 |-> {}];
action Add(i in 1..2, v in 0..1) { ms[i] = ms[i] union { { a: v } }; }
invariant Ok: forall i in 1..2: card(ms[i]) <= 2;
${W}`,
    );
    // Each slot independently one of the 4 subsets of {{a: 0}, {a: 1}}.
    expect([o.verdict, o.states]).toEqual(["holds", 16]);
  });

  it("issue 12 item 3: records with symmetric values: the reduced count is the number of orbits", async () => {
    const text = `spec RecSym
symmetric type P = 1..3;
var m: map<P, { on: bool, by: option<P> }> = [p in P |-> { on: false, by: none }];
action Set(p in P, q in P) when not m[p].on { m[p] = { on: true, by: some(q) }; }
invariant Ok: forall p in P: m[p].on or m[p].by == none;
${W}`;
    const model = await load("rec-sym", text);
    const full = outcome(model);
    // Each of the three slots: off, or on and pointing at one of 3 values.
    expect([full.verdict, full.states]).toEqual(["holds", 4 ** 3]);
    // Orbits under the 6 permutations of P acting on keys and values, counted here independently.
    type Slot = { on: boolean; by: number | null };
    const perms = [
      [1, 2, 3],
      [1, 3, 2],
      [2, 1, 3],
      [2, 3, 1],
      [3, 1, 2],
      [3, 2, 1],
    ];
    const slots: Slot[] = [{ on: false, by: null }, ...[1, 2, 3].map((b) => ({ on: true, by: b }))];
    const key = (m: Slot[]): string => m.map((s) => (s.on ? String(s.by) : "-")).join("");
    const orbits = new Set<string>();
    for (const a of slots)
      for (const b of slots)
        for (const c of slots) {
          const m = [a, b, c];
          const images = perms.map((p) => {
            const out: Slot[] = [];
            m.forEach((s, i) => (out[(p[i] as number) - 1] = { on: s.on, by: s.by === null ? null : (p[s.by - 1] as number) }));
            return key(out);
          });
          orbits.add(images.sort()[0] as string);
        }
    const reduced = outcome(model, true);
    expect([reduced.verdict, reduced.states]).toEqual(["holds", orbits.size]);
  });

  it("issue 12 item 3: traces and ITF show records inside maps and sequences", async () => {
    const model = await load(
      "rec-trace",
      `spec RecTrace
var r: map<1..2, { a: bool }> = [i in 1..2 |-> { a: false }];
var q: seq<{ a: bool }, 1> = [];
action Set(i in 1..2) when not r[i].a { r[i].a = true; q = [r[i]]; }
invariant Never: not r[2].a;
workload w { check deadlock = false; expect violates Never; }`,
    );
    const r = checkBfs(model, {});
    expect(r.violation?.property).toBe("Never");
    const text = formatTrace(model, r);
    expect(text).toContain("r[2].a");
    const itf = JSON.stringify(traceToItf(model, r));
    expect(itf).toContain('"a":true');
  });
});

describe("issue 12 item 7: a type name is the set of its values", () => {
  it("issue 12 item 7: forall over a record type sees all four records (violated, not an empty 'holds')", async () => {
    const o = await run(
      "ts-pair",
      `spec Pairs
type Pair = { a: 0..1, b: 0..1 };
var x: 0..1 = 0;
invariant Lt2: forall p in Pair: p.a + p.b < 2;
workload w { check deadlock = false; expect violates Lt2; }`,
    );
    expect([o.verdict, o.states]).toEqual(["violates Lt2", 1]);
    const counts = await run(
      "ts-pair-count",
      `spec PairCount
type Pair = { b: 0..1, a: 0..2 };
var x: 0..1 = 0;
invariant Six: card(Pair) == 6 and { a: 2, b: 1 } in Pair;
invariant Least: (choose p in Pair: p.b == 1) == { a: 0, b: 1 };
${W}`,
    );
    expect([counts.verdict, counts.states]).toEqual(["holds", 1]);
  });

  it("issue 12 item 7: a compound type set in an invariant is built once per model, not per state", async () => {
    const model = await load(
      "ts-memo",
      `spec Memo
type Pair = { a: 0..9, b: 0..9 };
var x: 0..300 = 0;
action Inc when x < 300 { x = x + 1; }
invariant Small: forall p in Pair: p.a + p.b <= 18 + x;
${W}`,
    );
    expect(emitted.get(".cache/test-values/ts-memo/model.ts")).toMatch(/typeValues\(this\.c, "Pair", \(\) => /);
    const o = outcome(model);
    expect([o.verdict, o.states]).toEqual(["holds", 301]);
  });

  it("issue 12 item 7: a set type is the powerset; option and map types have all their values", async () => {
    const o = await run(
      "ts-sets",
      `spec People
enum Person { Ann, Bob, Cy }
type People = set<Person>;
type Maybe = option<Person>;
type Owner = map<Person, bool>;
var x: 0..1 = 0;
invariant Eight: card(People) == 8 and {Ann, Cy} in People and {} in People;
invariant Four: card(Maybe) == 4 and none in Maybe and some(Bob) in Maybe;
invariant Fns: card(Owner) == 8 and [p in Person |-> p == Bob] in Owner;
invariant LeastFn: (choose f in Owner: f[Cy]) == [p in Person |-> p == Cy];
${W}`,
    );
    expect([o.verdict, o.states]).toEqual(["holds", 1]);
  });

  it("issue 12 item 7: with over a bounded sequence type picks each of its 1 + 2 + 4 values (not a deadlock)", async () => {
    const o = await run(
      "ts-seq-with",
      `spec SeqWith
type Q = seq<0..1, 2>;
var q: seq<0..1, 2> = [];
var n: 0..10 = 0;
action Pick when n == 0 { with (v in Q) { q = v; n = card(Q); } }
invariant Seven: n == 0 or n == 7;
workload w { expect holds; check deadlock = false; }`,
    );
    expect([o.verdict, o.states]).toEqual(["holds", 8]);
  });

  it("issue 12 item 7: var f: Flags in Flags has one initial state per value", async () => {
    const o = await run(
      "ts-var-in",
      `spec FlagsIn
type Flags = map<1..2, bool>;
type O = option<{ a: bool }>;
var f: Flags in Flags;
var o: O in O;
invariant Ok: f[1] or not f[1];
${W}`,
    );
    // 2^2 maps times 3 options.
    expect([o.verdict, o.states]).toEqual(["holds", 12]);
  });

  it("issue 12 item 7: zero initial states is a spec error at the variable, never 'holds'", async () => {
    const o = await run(
      "ts-no-init",
      `spec Empty
var x: 0..3 in {i in 0..3 : i > 5};
invariant Ok: x >= 0;
${W}`,
    );
    expect(o.verdict).toBe("spec_error");
    expect(o.message).toMatch(/no initial state/);
    expect(o.loc).toBe(".cache/test-values/ts-no-init.tspec:2:1");
  });

  it("issue 12 item 7: a type with too many values is a spec error naming it, at the use", async () => {
    const o = await run(
      "ts-huge",
      `spec Huge
const N: 1..30 = 25;
type Big = set<0..N>;
var x: 0..3 = 0;
invariant B: card(Big) > 0;
${W}`,
    );
    expect(o.verdict).toBe("spec_error");
    expect(o.message).toMatch(/type Big has 67108864 values: too many/);
    expect(o.loc).toBe(".cache/test-values/ts-huge.tspec:5:19");
  });

  it("issue 12 item 7: a type whose values cannot be listed (locks) used as a set is E315 at the name", () => {
    // `int` and `string` are not type names, and sequences always carry a bound: locks are what is left.
    expect(
      errorsOf(`spec Locks
type L = set<mutex>;
type M = map<1..2, mutex>;
var x: 0..3 = 0;
invariant D: forall l in L: x >= 0;
invariant E: card(M) > 0;
${W}`),
    ).toEqual(["E315 5:26", "E315 6:19"]);
  });
});

describe("issue 12 item 11: enum type names are canonical sets", () => {
  it("issue 12 item 11: Red in Color, set equality, domain, filters and choose agree", async () => {
    const o = await run(
      "enum-canonical",
      `spec Colors
enum Color { Red, Green, Blue }
var m: map<Color, 0..2> = [c in Color |-> 0];
var pick: Color = choose c in Color: true;
invariant RedIn: Red in Color and Green in Color and Blue in Color;
invariant SameSet: {Red, Green, Blue} == Color;
invariant Dom: Red in domain([c in Color |-> 0]) and domain(m) == Color;
invariant Filter: {c in Color : true} == {Red, Green, Blue} and {c in Color : c != Green} == {Blue, Red};
invariant Choose: (choose c in Color: true) == (choose c in {Red, Green, Blue}: true);
invariant ChooseName: pick == Blue;
invariant Keys: m[Green] <= 1 and m[Red] == 0;
action Bump(c in Color) when m[c] == 0 and c == Green { m[c] = 1; }
${W}`,
    );
    expect([o.verdict, o.states]).toEqual(["holds", 2]);
  });

  it("issue 12 item 11: sets of enum members stay canonical through packing (membership by binary search)", async () => {
    const o = await run(
      "enum-set-packed",
      `spec EnumSet
enum Color { Red, Green, Blue }
var s: set<Color> = {};
action Add(c in Color) when c notin s { s = s union {c}; }
invariant Member: forall c in Color: (c in s) == (exists d in s: d == c);
invariant Sorted: s == {} or min({ 1 : d in s }) == 1;
${W}`,
    );
    expect([o.verdict, o.states]).toEqual(["holds", 8]);
  });
});

describe("emitted value code", () => {
  it("every model above typechecks under strict", () => {
    expect(emitted.size).toBeGreaterThan(10);
    expect(typecheck(emitted)).toEqual([]);
  }, 120_000);
});
