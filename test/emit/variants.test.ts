/**
 * Issue 13 item 2 (the rest): variant (tagged-union) types `type Msg = A { f: T } | B;`, their
 * constructors, kind tests `m is A` that narrow field reads, sets of variants (message networks),
 * type names as sets, ordering, packing, symmetry, traces and ITF; and tuple binders
 * `forall <<a, b>> in S`, `with (<<x, y>> in S)`, `{ f(a, b) : <<a, b>> in S }`. Each spec is
 * compiled, checked with BFS, its states round-tripped through pack/unpack; the counts asserted are
 * derived by hand in comments. All emitted models typecheck under strict at the end.
 */
import { describe, expect, it } from "vitest";
import { formatValue, itfToValue, valueToItf } from "../../runtime/index.js";
import { typecheck } from "../fuzz/harness.js";
import { emitted, errorsOf, load, outcome, run } from "./values-harness.js";

const W = "workload w { check deadlock = false; expect holds; }";

describe("issue 13 item 2: variant types", () => {
  it("a message network of variants: constructors, bare cases, kind tests narrowing field reads", async () => {
    const o = await run(
      "variant-net",
      `spec VariantNet
type Msg = Req { from: 1..2, n: 0..1 } | Ack { to: 1..2 } | Stop;
var net: set<Msg> = {};
action Send(i in 1..2, n in 0..1) { net = net union {Req { from: i, n: n }}; }
action Reply(m in net) when m is Req { net = net union {Ack { to: m.from }}; }
action Halt when card(net) >= 2 and Stop notin net { net = net union {Stop}; }
invariant Acked: forall m in net: m is Ack => (exists r in net: r is Req and r.from == m.to);
invariant Narrow: forall m in net: if m is Req then m.n <= 1 else true;
invariant Types: net subset Msg and card(Msg) == 7;
invariant Eq: Req { n: 0, from: 1 } == Req { from: 1, n: 0 } and Stop != Ack { to: 1 };
${W}`,
    );
    // Msg has 4 Req + 2 Ack + Stop = 7 values. Reachable: any set of Reqs R (2^4), Acks only for a
    // `from` in R, Stop only once card >= 2. Counting per set R of Reqs by the senders present:
    // senders {} : R = {} (1 set) -> acks {} -> card 0: 1 state.
    // one sender i: 3 sets R (n=0, n=1, both) x acks {} or {Ack i} (2); Stop needs card >= 2:
    //   sizes R + A: |R| = 1: {R}: 1, {R, Ack}: 2 (+Stop) -> states 1 + 2 = 3; |R| = 2: 2 with/without
    //   ack, each may add Stop -> 4. Per sender: 2 * 3 + 4 = 10; two senders choices: 20.
    // both senders: R has at least one Req from each: 3 * 3 = 9 sets, |R| >= 2, acks any of 4 subsets,
    //   each with or without Stop: 9 * 4 * 2 = 72.
    // Total 1 + 20 + 72 = 93.
    expect([o.verdict, o.states]).toEqual(["holds", 93]);
  });

  it("a variable of a variant type packs (tag + widest case) and orders by case then fields", async () => {
    const o = await run(
      "variant-var",
      `spec VariantVar
type Phase = Idle | Busy { job: 0..3, prio: bool } | Done { ok: bool };
var ph: Phase = Idle;
var hist: option<Phase> = none;
action Start(j in 0..3) when ph is Idle { hist = some(ph); ph = Busy { job: j, prio: j > 1 }; }
action Finish when ph is Busy { hist = some(ph); ph = Done { ok: ph.prio }; }
action Reset when ph is Done { hist = some(ph); ph = Idle; }
invariant Least: (choose p in Phase: true) == Busy { job: 0, prio: false } and min({p in {1, 2} : true}) == 1;
invariant Order: (choose p in Phase: p is Done) == Done { ok: false } and (choose p in Phase: p is Idle) == Idle;
invariant Prio: ph is Busy => ph.prio == (ph.job > 1);
${W}`,
    );
    // ph: Idle, Busy{j} (4), Done{ok} (2: ok = prio of the job). hist: none only before the first step.
    // (Idle, none); (Busy j, some Idle) x4; (Done ok, some Busy j) x4 (ok follows j);
    // (Idle, some Done ok) x2; then (Busy j, some Idle) again. Total 1 + 4 + 4 + 2 = 11.
    expect([o.verdict, o.states]).toEqual(["holds", 11]);
  });

  it("an option field of a variant case (a fuzz find: its fingerprint code did not typecheck under strict)", async () => {
    const o = await run(
      "variant-option-field",
      `spec VariantOptionField
enum Value { v1, v2 }
type Msg = Vote { val: option<Value> } | Skip;
var msgs: set<Msg> = {};
action Send(v in Value) { msgs = msgs union {Vote { val: some(v) }}; }
action Blank { msgs = msgs union {Vote { val: none }, Skip}; }
invariant Known: forall m in msgs: m is Vote => (is_some(m.val) => get(m.val) in Value);
${W}`,
    );
    // msgs: any subset of {Vote(v1), Vote(v2)} (4), with or without the pair {Vote(none), Skip} (2): 8.
    expect([o.verdict, o.states]).toEqual(["holds", 8]);
  });

  it("variants holding values of a symmetric type are permuted by symmetry reduction", async () => {
    const model = await load(
      "variant-symmetric",
      `spec VariantSym
symmetric type P = 1..N;
const N: 1..3 = 3;
type Ev = Join { who: P } | Leave { who: P } | Tick;
var log: set<Ev> = {};
var cur: Ev = Tick;
action J(p in P) when Join { who: p } notin log { log = log union {Join { who: p }}; cur = Join { who: p }; }
action L(p in P) when Join { who: p } in log and Leave { who: p } notin log { log = log union {Leave { who: p }}; cur = Leave { who: p }; }
invariant LeftJoined: forall e in log: e is Leave => Join { who: e.who } in log;
${W}`,
    );
    const plain = outcome(model, false);
    // Per process: not joined, joined, left (3 states of the log) -> 27 logs; cur is Tick for the
    // empty log, else the last event of one of the processes whose newest event it can be: for a log
    // with k processes having events, cur has k choices (that process's newest event).
    // sum over logs of max(1, k): k = 0: 1; k = 1: 3 * 2 = 6 logs x 1; k = 2: 3 * 4 = 12 logs x 2;
    // k = 3: 8 logs x 3. 1 + 6 + 24 + 24 = 55.
    expect([plain.verdict, plain.states]).toEqual(["holds", 55]);
    const reduced = outcome(model, true);
    expect(reduced.verdict).toBe("holds");
    expect(reduced.states).toBeLessThan(55);
  });

  it("traces print variants as Tag {f: v} (a bare case by its name) and ITF writes them as Quint does", () => {
    const v = { $tag: "Promise", acc: 1, bal: 2 };
    expect(formatValue(v)).toBe("Promise {acc: 1, bal: 2}");
    expect(formatValue({ $tag: "Abort" })).toBe("Abort");
    expect(formatValue([{ $tag: "Abort" }, v])).toBe("[Abort, Promise {acc: 1, bal: 2}]");
    expect(valueToItf(v)).toEqual({ tag: "Promise", value: { acc: { "#bigint": "1" }, bal: { "#bigint": "2" } } });
    expect(valueToItf({ $tag: "Abort" })).toEqual({ tag: "Abort", value: { "#tup": [] } });
    expect(itfToValue(valueToItf(v))).toEqual(v);
    expect(Object.keys(itfToValue(valueToItf(v)) as object)[0]).toBe("$tag");
    expect(itfToValue(valueToItf({ $tag: "Abort" }))).toEqual({ $tag: "Abort" });
    // A record with fields `tag` and `value` whose value is a number stays a record.
    expect(itfToValue({ tag: "x", value: { "#bigint": "5" } })).toEqual({ tag: "x", value: 5 });
  });

  it("a violated invariant over variants has a counterexample that prints them", async () => {
    const model = await load(
      "variant-violation",
      `spec VariantViolation
type M = Ping { n: 0..3 } | Pong;
var last: M = Pong;
action P when last is Pong or (last is Ping and last.n < 3) { last = if last is Ping then Ping { n: last.n + 1 } else Ping { n: 0 }; }
invariant Small: not (last is Ping and last.n == 2);
workload w { check deadlock = false; expect violates Small; }`,
    );
    const o = outcome(model);
    expect(o.verdict).toBe("violates Small");
    // Pong -> Ping {n: 0} -> Ping {n: 1} -> Ping {n: 2}.
    const shown = (o.result.trace ?? []).map((t) => formatValue(model.view(t.state).last as never));
    expect(shown).toEqual(["Pong", "Ping {n: 0}", "Ping {n: 1}", "Ping {n: 2}"]);
  });
});

describe("issue 13 item 2: variant misuse", () => {
  const base = "spec V\ntype Msg = A { x: 0..1 } | B { y: 0..1, z: bool } | C;\n";
  it("duplicate case (E380), case clashing with another name (E381)", () => {
    expect(errorsOf("spec V\ntype M = A | B | A;\nvar v: M = B;\n")).toEqual(["E380 2:18"]);
    expect(errorsOf("spec V\nenum E { A }\ntype M = A | B;\nvar v: M = B;\n")).toEqual(["E381 3:10"]);
    expect(errorsOf("spec V\ntype M = A | B;\ntype N = B | C;\nvar v: M = A;\n")).toEqual(["E381 3:10"]);
  });
  it("a case with fields used bare (E382), unknown case (E383), wrong or missing fields (E384)", () => {
    expect(errorsOf(`${base}var v: Msg = A;\n`)).toEqual(["E382 3:14"]);
    expect(errorsOf(`${base}var v: Msg = D { x: 1 };\n`)).toEqual(["E383 3:14"]);
    expect(errorsOf(`${base}var v: Msg = A { y: 1 };\n`)).toEqual(["E384 3:18", "E384 3:14"]);
    expect(errorsOf(`${base}var v: Msg = B { y: 1 };\n`)).toEqual(["E384 3:14"]);
    expect(errorsOf(`${base}var v: Msg = A { x: true };\n`)).toEqual(["E301 3:21"]);
  });
  it("`is` on a non-variant (E385) or with a case of another type (E386)", () => {
    expect(errorsOf(`${base}var v: 0..1 = 0;\ninvariant I: v is A;\n`)).toEqual(["E385 4:14"]);
    expect(errorsOf(`${base}var v: Msg = C;\ninvariant I: v is D;\n`)).toEqual(["E386 4:19"]);
  });
  it("reading a field of the wrong case (E387) or of no proven case (E388)", () => {
    expect(errorsOf(`${base}var v: Msg = C;\ninvariant I: v is A and v.y == 0;\n`)).toEqual(["E387 4:27"]);
    expect(errorsOf(`${base}var v: Msg = C;\ninvariant I: v.x == 0;\n`)).toEqual(["E388 4:16"]);
    expect(errorsOf(`${base}var v: Msg = C;\ninvariant I: v.w == 0;\n`)).toEqual(["E387 4:16"]);
    // `or` proves nothing about its right side; `=>` and `if` do.
    expect(errorsOf(`${base}var v: Msg = C;\ninvariant I: v is A or v.x == 0;\n`)).toEqual(["E388 4:26"]);
    expect(errorsOf(`${base}var v: Msg = C;\ninvariant I: (v is A => v.x == 0) and (if v is B then v.z else true);\n`)).toEqual([]);
    // A value that is `v` (narrowed) or `w` (not) is not narrowed.
    expect(errorsOf(`${base}var v: Msg = C;\nvar w: Msg = C;\ninvariant I: v is A => (if w is C then v else w).x == 0;\n`)).toEqual(["E388 5:50"]);
  });
  it("`await`/`if`/`when` narrow in statements until the variable is assigned or a new step starts", () => {
    expect(errorsOf(`${base}var v: Msg = C;\nvar n: 0..1 = 0;\naction S { await v is A; n = v.x; }\n`)).toEqual([]);
    expect(errorsOf(`${base}var v: Msg = C;\nvar n: 0..1 = 0;\naction S when v is A { v = A { x: v.x }; n = v.x; }\n`)).toEqual(["E388 5:48"]);
    expect(errorsOf(`${base}var v: Msg = C;\nvar n: 0..1 = 0;\naction S when v is A { if n == 0 { v = C; } n = v.x; }\n`)).toEqual(["E388 5:51"]);
    expect(errorsOf(`${base}var v: Msg = C;\nvar n: 0..1 = 0;\nprocess P { L: await v is A; n = v.x; M: n = v.x; }\n`)).toEqual(["E388 5:48"]);
    expect(
      errorsOf(
        `${base}var s: set<Msg> = {};\nvar n: 0..1 = 0;\naction S(m in s) when m is A { n = m.x; }\naction T { with (m in s) { await m is B; if m.z { n = m.y; } } }\n`,
      ),
    ).toEqual([]);
  });
  it("a variant field cannot be updated in place (E389); variants and enum members have no order (E391)", () => {
    expect(errorsOf(`${base}var v: Msg = C;\naction S { v.x = 1; }\n`)).toEqual(["E389 4:13"]);
    expect(errorsOf(`${base}var v: Msg = C;\ninvariant I: v < C;\n`)).toEqual(["E391 4:14"]);
    expect(errorsOf(`${base}enum P { p1, p2 }\nvar v: P = p1;\ninvariant I: v + 1 > 0 or p2 >= v;\n`)).toEqual(["E391 5:14", "E391 5:27"]);
  });
});

describe("issue 13 item 2: tuple binders", () => {
  it("forall/exists/choose/set map/filter/with/action parameters destructure tuples", async () => {
    const o = await run(
      "variant-tuple-binders",
      `spec TupleBinders
var edges: set<tuple<1..3, 1..3>> = {<<1, 2>>, <<2, 3>>};
var seen: set<1..3> = {1};
action Walk(<<a, b>> in edges) when a in seen and b notin seen { seen = seen union {b}; }
action Any { with (<<x, y>> in edges, z in {x + y}) { await z == 5 and 3 in seen; seen = seen minus {1}; } }
invariant Fwd: forall <<a, b>> in edges: a < b;
invariant Some: exists <<a, b>> in edges: a == 1;
invariant Heads: {(b) : <<a, b>> in edges} == {2, 3} and { a + b : <<a, b>> in edges, c in {a} } == {3, 5};
invariant Filter: {<<a, b>> in edges : b == 3} == {<<2, 3>>} and (choose <<a, b>> in edges: a == 2) == <<2, 3>>;
invariant Nested: forall <<a, b>> in edges, <<c, d>> in edges: a <= d or b >= c;
${W}`,
    );
    // seen: {1} -> {1,2} -> {1,2,3} -> (Any removes 1) {2,3}: 4 states.
    expect([o.verdict, o.states]).toEqual(["holds", 4]);
  });

  it("a tuple binder over something other than tuples of that many components is E390", () => {
    expect(errorsOf("spec T\nvar s: set<0..2> = {};\ninvariant I: forall <<a, b>> in s: a == b;\n")).toEqual(["E390 3:23"]);
    expect(errorsOf("spec T\nvar s: set<tuple<0..2, 0..2, 0..2>> = {};\ninvariant I: forall <<a, b>> in s: a == b;\n")).toEqual(["E390 3:23"]);
  });
});

describe("bool as a set, set algebra over any element type", () => {
  it("bool is the set {false, true}: variables in it, quantifiers, [S -> bool]", async () => {
    const o = await run(
      "variant-bool-set",
      `spec BoolSet
var init: bool in bool;
var f: map<1..2, bool> in [1..2 -> bool];
action Flip(b in bool) when init != b { init = b; }
invariant All: forall b in bool: b == true or b == false;
invariant Card: card(bool) == 2 and card([1..2 -> bool]) == 4;
${W}`,
    );
    // init free (2) x f fixed per initial choice (4): 8 states.
    expect([o.verdict, o.states]).toEqual(["holds", 8]);
  });

  it("union, intersect, minus, card and subset over sets of records, tuples, sets and variants", async () => {
    const o = await run(
      "variant-set-algebra",
      `spec SetAlgebra
type V = P { k: 0..1 } | Q;
var r: set<{ a: 0..1 }> = {{ a: 0 }};
var t: set<tuple<0..1, bool>> = {<<0, true>>};
var ss: set<set<0..1>> = {{}};
var vs: set<V> = {Q};
action Grow {
  r = r union {{ a: 1 }};
  t = (t union {<<1, false>>}) minus {<<0, true>>};
  ss = ss union {{0, 1}};
  vs = (vs union {P { k: 1 }}) intersect {P { k: 1 }, Q};
}
invariant Cards: card(r) == card(t) + card(r intersect {{ a: 0 }}) - 1 + (if card(r) == 2 then 0 else 0) or card(r) >= 1;
invariant Sub: {{ a: 0 }} subset r and {Q} subset vs and card(vs minus {Q}) <= 1 and card(ss) <= 2;
invariant Q1: [x in [1, 2, 3] : x != 2] == [1, 3];
${W}`,
    );
    // Two states: before and after Grow (Grow again changes nothing: the same state).
    expect([o.verdict, o.states]).toEqual(["holds", 2]);
  });
});

describe("strict typecheck", () => {
  it("every model above typechecks under strict", () => {
    expect(typecheck(emitted)).toEqual([]);
  });
});
