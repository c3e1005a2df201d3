/** Name resolution: unknown and duplicate names, scopes, constants, `self`, enums and type names as sets. */
import { describe, expect, it } from "vitest";
import { check, errors, ok, PROC, warnings } from "./helpers.js";

describe("unknown names", () => {
  it("reports an unknown name in an expression (E201)", () => {
    expect(errors(`var x: 0..3 = 0;\ninvariant I: y == 0;${PROC}`)).toEqual(["E201"]);
  });
  it("reports an unknown assignment target (E201)", () => {
    expect(errors(`var x: 0..3 = 0;\nprocess P[self in 1..2] { S: y = 1; }`)).toEqual(["E201"]);
  });
  it("reports one error for one misspelt name, even when used twice", () => {
    const r = check(`spec T\nvar count: 0..3 = 0;\nprocess P[self in 1..2] { S: count = cuont + 1; }\n`);
    expect(r.codes).toEqual(["E201"]);
  });
  it("reports unknown functions, procedures and macros (E202)", () => {
    expect(errors(`invariant I: frob(1) == 1;${PROC}`)).toEqual(["E202"]);
    expect(errors(`process P[self in 1..2] { S: call nope(); T: skip; }`)).toEqual(["E202"]);
    expect(errors(`process P[self in 1..2] { S: nope(); }`)).toEqual(["E202"]);
  });
  it("reports a procedure used as a function (E202)", () => {
    expect(errors(`procedure p() { A: return; }\ninvariant I: p() == 1;\nprocess P[self in 1..2] { S: call p(); T: skip; }`)).toEqual(["E202"]);
  });
  it("reports unknown types (E210)", () => {
    expect(errors(`var x: Nope = 0;${PROC}`)).toEqual(["E210"]);
  });
  it("reports an unknown lock (E201)", () => {
    expect(errors(`var m: mutex;\nprocess P[self in 1..2] { S: acquire n; T: release m; }`)).toEqual(["E201"]);
  });
});

describe("duplicates", () => {
  it("reports a name declared twice, across kinds (E208)", () => {
    expect(errors(`var x: 0..3 = 0;\nconst x: 1..3 = 1;${PROC}`)).toEqual(["E208"]);
    expect(errors(`def f: bool = true;\ninvariant f: true;${PROC}`)).toEqual(["E208"]);
  });
  it("reports duplicate and clashing enum members (E208)", () => {
    expect(errors(`enum C { A, B, A }\nvar c: C = A;${PROC}`)).toEqual(["E208"]);
    expect(errors(`enum C { A, B }\nenum D { B }\nvar c: C = A;${PROC}`)).toEqual(["E208"]);
    expect(errors(`enum C { A, B }\nconst B: 1..2 = 1;\nvar c: C = A;${PROC}`)).toEqual(["E208"]);
  });
  it("reports duplicate record fields (E211)", () => {
    expect(errors(`var r: { a: bool, a: bool } = { a: true };${PROC}`)).toContain("E211");
    expect(errors(`type R = { a: bool };\nvar r: R = { a: true, a: false };${PROC}`)).toContain("E211");
  });
  it("reports self-referential type aliases (E212)", () => {
    expect(errors(`type A = set<A>;\nvar x: bool = true;${PROC}`)).toEqual(["E212"]);
    expect(errors(`type A = B;\ntype B = A;\nvar x: bool = true;${PROC}`)).toEqual(["E212"]);
  });
});

describe("constants", () => {
  it("reports a constant cycle (E209), direct or indirect", () => {
    expect(errors(`const A: 0..9 = A;${PROC}`)).toEqual(["E209"]);
    expect(errors(`const A: 0..9 = B;\nconst B: 0..9 = C;\nconst C: 0..9 = A;${PROC}`)).toEqual(["E209"]);
  });
  it("reports non-constants in range bounds, defaults and instance sets (E308)", () => {
    expect(errors(`var x: 0..3 = 0;\nvar y: 0..x = 0;${PROC}`)).toEqual(["E308"]);
    expect(errors(`var x: 0..3 = 0;\nconst N: 0..3 = x;${PROC}`)).toEqual(["E308"]);
    expect(errors(`var x: 0..3 = 0;\nprocess P[self in 1..x] { S: skip; }`)).toEqual(["E308"]);
    expect(errors(`def f: 0..3 = 1;\nconst N: 0..3 = f;${PROC}`)).toEqual(["E308"]);
  });
  it("accepts constants in any order, bounds using constants and enum-typed constants", () => {
    const c = ok(`var x: 0..N = 0;\nconst N: 1..M = 2;\nconst M: 1..9 = 4;\nenum K { A, B }\nconst KIND: K = B;\ninvariant I: x <= N and KIND != A;${PROC}`);
    expect(c.consts.map((k) => k.name.name)).toEqual(["M", "N", "KIND"]);
  });
});

describe("assignment targets", () => {
  it("rejects assignment to constants, binders, enum members and defs (E310)", () => {
    expect(errors(`const N: 1..3 = 1;\nprocess P[self in 1..2] { S: N = 2; }`)).toEqual(["E310"]);
    expect(errors(`var x: 0..3 = 0;\nprocess P[self in 1..2] { S: with (v in 1..2) { v = 1; x = v; } }`)).toEqual(["E310"]);
    expect(errors(`enum C { A, B }\nprocess P[self in 1..2] { S: A = B; }`)).toEqual(["E310"]);
    expect(errors(`def f: bool = true;\nprocess P[self in 1..2] { S: f = false; }`)).toEqual(["E310"]);
    expect(errors(`var x: 0..3 = 0;\naction a(v in 1..2) { v = 1; x = v; }`)).toEqual(["E310"]);
  });
});

describe("self and process-only builtins", () => {
  it("rejects `self` outside processes and procedures (E213)", () => {
    expect(errors(`var o: 1..2 = 1;\ninvariant I: o == self;${PROC}`)).toEqual(["E213"]);
    expect(errors(`def me: 1..2 = self;${PROC}`)).toEqual(["E213"]);
    expect(errors(`var o: 1..2 = 1;\naction a { o = self; }`)).toEqual(["E213"]);
  });
  it("rejects `holds` in invariants (E213)", () => {
    expect(errors(`var m: mutex;\ninvariant I: holds(m);\nprocess P[self in 1..2] { S: acquire m; T: release m; }`)).toEqual(["E213"]);
  });
  it("accepts `self` in processes and procedures", () => {
    ok(`var o: 0..2 = 0;\nprocedure p() { A: o = self; return; }\nprocess P[self in 1..2] { S: o = self; T: call p(); U: skip; }`);
  });
});

describe("valid programs", () => {
  it("accepts enums as map keys and type names as sets", () => {
    ok(`
enum Color { Red, Green, Blue }
type Slot = 1..3;
var paint: map<Color, bool> = [c in Color |-> false];
var slots: map<Slot, 0..2> = [x in Slot |-> 0];
invariant AllKnown: forall c in Color: paint[c] => c != Blue;
invariant Small: forall s in Slot: slots[s] <= 2;
process P[self in 1..2] {
  S: with (c in Color, s in Slot) {
       paint[c] = true;
       slots[s] = 1;
     }
}`);
  });
  it("accepts enum process instance sets with self as an enum", () => {
    ok(`enum Who { Alice, Bob }\nvar last: Who = Alice;\nprocess P[self in Who] { S: last = self; }`);
  });
  it("accepts locals with the same name in different processes, and shadowing binders", () => {
    ok(`
var x: 0..3 = 0;
process P[self in 1..2] { var t: 0..3 = 0; S: t = x; x = t; }
process Q[self in 3..4] { var t: bool = false; S: t = x == 0; }
invariant I: forall x in 1..2: x > 0;`);
  });
  it("accepts procedures with params and locals", () => {
    const c = ok(`
var total: 0..9 = 0;
procedure add(n: 0..3, twice: bool) {
  var acc: 0..9 = 0;
  A: acc = total + n;
     if twice { acc = acc + n; }
  B: total = acc;
     return;
}
process P[self in 1..2] {
  S: call add(1, false);
  T: call add(2, true);
  U: skip;
}`);
    expect(c.procedures.map((p) => p.name.name)).toEqual(["add"]);
    expect(c.callers.get("add")).toEqual(["P"]);
  });
  it("accepts the example specs' style of defs, lets and quantifiers", () => {
    ok(`
const N: 1..4 = 2;
var seen: set<1..N> = {};
def full: bool = card(seen) == N;
def has(i: 1..N): bool = i in seen;
invariant I: full => (forall i in 1..N: has(i));
invariant J: let k = card(seen) in k <= N;
process P[self in 1..N] { S: seen = seen union {self}; }`);
  });
  it("warns about unused variables (W101) but not about used ones", () => {
    expect(warnings(`var x: 0..3 = 0;\nvar y: bool = true;\ninvariant I: x <= 3;${PROC}`)).toEqual(["W101"]);
    expect(warnings(`var x: 0..3 = 0;\ninvariant I: x <= 3;${PROC}`)).toEqual([]);
  });
  it("warns about a spec with no processes and no actions (W103)", () => {
    expect(warnings(`var x: 0..3 = 0;\ninvariant I: x <= 3;`)).toEqual(["W103"]);
  });
});
