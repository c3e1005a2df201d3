/** Type checking of expressions and statements. */
import { describe, expect, it } from "vitest";
import { errors, ok, PROC } from "./helpers.js";

const VARS = `
var x: 0..3 = 0;
var b: bool = false;
var s: set<1..3> = {};
var m: map<1..3, bool> = [i in 1..3 |-> false];
var q: seq<0..3, 2> = [];
var o: option<0..3> = none;
type R = { valid: bool, value: 0..3 };
var r: R = { valid: false, value: 0 };
var l: rwlock;
var mu: mutex;
`;
/** Errors of an invariant body over VARS. */
const inv = (e: string): readonly string[] => errors(`${VARS}\ninvariant I: ${e};${PROC}`);
/** Errors of a process statement over VARS. */
const stmt = (st: string): readonly string[] => errors(`${VARS}\nprocess P[self in 1..2] { S: ${st} }`);

describe("expressions", () => {
  it("accepts well-typed expressions", () => {
    for (const e of [
      "x + 1 <= 3",
      "b or not b",
      "x in s and s subset 1..3",
      "card(s union {1}) >= 0",
      "m[1] => r.valid",
      "len(q) < 2 and (len(q) > 0 => head(q) == 0)",
      "is_some(o) => get(o) == x",
      "o == none or o == some(1)",
      "(if b then 1 else 2) == x",
      "exists i in s: m[i]",
      "(choose i in 1..3: m[i] or true) > 0",
      "card({i in s : m[i]}) <= card({i + 1 : i in s})",
      "(m with [1] = true)[1]",
      "(r with .valid = true).valid",
      "l.readers == {} and l.writer == none and mu.owner == none",
      "locked(mu) or not locked(l)",
      "domain(m) == 1..3",
      "min({1, 2}) <= max({1, 2})",
      "append(q, 1) != q and tail(q) == q",
      "x % 2 == x / 2 and -x <= 0",
    ]) {
      expect(inv(e), e).toEqual([]);
    }
  });
  it("rejects a non-bool invariant or def body (E301)", () => {
    expect(inv("x + 1")).toEqual(["E301"]);
    expect(errors(`def f: bool = 1;${PROC}`)).toEqual(["E301"]);
  });
  it("rejects arithmetic and ordering on non-integers (E301)", () => {
    expect(inv("b + 1 == 1")).toEqual(["E301"]);
    expect(inv("s < 1")).toEqual(["E301"]);
    expect(inv("-b == 0")).toEqual(["E301"]);
  });
  it("rejects boolean operators on non-bools (E301)", () => {
    expect(inv("x and b")).toEqual(["E301"]);
    expect(inv("not x")).toEqual(["E301"]);
    expect(inv("b => 1")).toEqual(["E301"]);
  });
  it("rejects comparing incompatible types (E302)", () => {
    expect(inv("x == true")).toEqual(["E302"]);
    expect(inv("r != s")).toEqual(["E302"]);
    expect(inv("mu == mu")).toEqual(["E302"]);
  });
  it("rejects `in` on non-sets and foreign elements (E302)", () => {
    expect(inv("x in 3")).toEqual(["E302"]);
    expect(inv("b in s")).toEqual(["E302"]);
    expect(inv("card(s union x) == 0")).toEqual(["E302"]);
  });
  it("rejects fields of non-records and unknown fields (E303)", () => {
    expect(inv("x.value == 1")).toEqual(["E303"]);
    expect(inv("r.vaild")).toEqual(["E303"]);
    expect(inv("mu.readers == {}")).toEqual(["E303"]);
  });
  it("rejects indexing non-maps and wrong key types", () => {
    expect(inv("b[1]")).toEqual(["E303"]);
    expect(inv("m[true]")).toEqual(["E301"]);
    expect(inv("q[b] == 0")).toEqual(["E301"]);
  });
  it("rejects mixed set elements and if branches (E301)", () => {
    expect(inv("card({1, true}) == 0")).toEqual(["E301"]);
    expect(inv("(if b then 1 else false) == 1")).toEqual(["E301"]);
    expect(inv("if x then b else b")).toEqual(["E301"]);
  });
  it("rejects quantifiers over non-sets (E306) and non-bool bodies (E301)", () => {
    expect(inv("forall i in x: b")).toEqual(["E306"]);
    expect(inv("exists i in s: i")).toEqual(["E301"]);
  });
  it("rejects wrong builtin arguments (E309) and arity (E313)", () => {
    expect(inv("card(x) == 0")).toEqual(["E309"]);
    expect(inv("len(s) == 0")).toEqual(["E309"]);
    expect(inv("get(x) == 0")).toEqual(["E309"]);
    expect(inv("card(s, s) == 0")).toEqual(["E313"]);
    expect(inv("append(q) == q")).toEqual(["E313"]);
  });
  it("rejects wrong def arity (E313), argument types (E301) and a def used without its arguments (E314)", () => {
    const D = `def f(n: 0..3): bool = n > 0;`;
    expect(errors(`${VARS}\n${D}\ninvariant I: f(1, 2);${PROC}`)).toEqual(["E313"]);
    expect(errors(`${VARS}\n${D}\ninvariant I: f(true);${PROC}`)).toEqual(["E301"]);
    expect(errors(`${VARS}\n${D}\ninvariant I: f;${PROC}`)).toEqual(["E314"]);
  });
  it("rejects integer literals beyond 2^53-1 (one error, from the parser or the checker)", () => {
    expect(inv("x < 9007199254740993")).toHaveLength(1);
  });
});

describe("declared types", () => {
  it("rejects non-key map keys (E304), once per mistake", () => {
    expect(errors(`var m: map<set<bool>, bool> = [s in {{true}} |-> false];${PROC}`)).toEqual(["E304"]);
    expect(errors(`var m: map<R, bool> = [s in {} |-> false];\ntype R = { a: bool };${PROC}`)).toEqual(["E304"]);
  });
  it("rejects option<option<T>> (E305)", () => {
    expect(errors(`var o: option<option<bool>> = none;${PROC}`)).toEqual(["E305"]);
  });
  it("rejects missing initial values (E311) and initial values of locks (E311)", () => {
    expect(errors(`var x: 0..3;${PROC}`)).toEqual(["E311"]);
    expect(errors(`var m: mutex = none;${PROC}`)).toEqual(["E311"]);
    expect(errors(`var l: rwlock = none;${PROC}`)).toEqual(["E311"]);
  });
  it("rejects initial values of the wrong type, for `=` and `in` (E301)", () => {
    expect(errors(`var x: 0..3 = true;${PROC}`)).toEqual(["E301"]);
    expect(errors(`var x: 0..3 in 1;${PROC}`)).toEqual(["E301"]);
    expect(errors(`var x: 0..3 in {true};${PROC}`)).toEqual(["E301"]);
  });
  it("accepts `in` initial values", () => {
    ok(`var x: 0..3 in 0..2;\nvar o: option<bool> in {none, some(true)};\ninvariant I: x <= 2 and o != some(false);${PROC}`);
  });
  it("rejects process instance sets of non-integers (E312)", () => {
    expect(errors(`process P[self in {true}] { S: skip; }`)).toEqual(["E312"]);
  });
});

describe("statements", () => {
  it("accepts well-typed statements", () => {
    for (const st of [
      "x = x + 1;",
      "m[1] = true;",
      "r.value = 2;",
      "r = { valid: true, value: 1 };",
      "s = s union {1};",
      "q = append(q, 1);",
      "o = some(2);",
      "o = none;",
      "if b { x = 1; } else if x > 0 { x = 2; } else { skip; }",
      "await b;",
      'assert x < 3, "x small";',
      "either { x = 1; } or { x = 2; }",
      "with (i in s, j in 1..i) { m[j] = true; }",
    ]) {
      expect(stmt(st), st).toEqual([]);
    }
  });
  it("rejects assignment type mismatches (E301)", () => {
    expect(stmt("x = true;")).toEqual(["E301"]);
    expect(stmt("m[1] = 1;")).toEqual(["E301"]);
    expect(stmt("r.valid = 1;")).toEqual(["E301"]);
    expect(stmt("o = 1;")).toEqual(["E301"]);
  });
  it("rejects non-bool conditions in if, while, await, assert (E301)", () => {
    expect(stmt("if x { skip; }")).toEqual(["E301"]);
    expect(errors(`${VARS}\nprocess P[self in 1..2] { S: while x { x = 0; } }`)).toEqual(["E301"]);
    expect(stmt("await x;")).toEqual(["E301"]);
    expect(stmt("assert x;")).toEqual(["E301"]);
  });
  it("rejects `with` over a non-set (E306)", () => {
    expect(stmt("with (i in x) { skip; }")).toEqual(["E306"]);
  });
  it("rejects assigning a lock or its fields (E403)", () => {
    expect(stmt("mu = none;")).toEqual(["E403"]);
    expect(stmt("l.writer = none;")).toEqual(["E403"]);
  });
  it("rejects procedure argument types (E301) and arity (E313)", () => {
    const P = `procedure p(n: 0..3) { A: x = n; return; }`;
    expect(errors(`${VARS}\n${P}\nprocess Q[self in 1..2] { S: call p(true); T: skip; }`)).toEqual(["E301"]);
    expect(errors(`${VARS}\n${P}\nprocess Q[self in 1..2] { S: call p(1, 2); T: skip; }`)).toEqual(["E313"]);
    expect(errors(`${VARS}\n${P}\nprocess Q[self in 1..2] { S: call p(); T: skip; }`)).toEqual(["E313"]);
  });
  it("rejects lock statements on non-locks and on the wrong kind of lock (E401)", () => {
    expect(stmt("acquire x;")).toEqual(["E401"]);
    expect(stmt("acquire l;")).toEqual(["E401"]);
    expect(stmt("write_lock mu;")).toEqual(["E401"]);
    expect(stmt("acquire N;").length).toBeGreaterThan(0);
  });
  it("accepts lock statements of the right kind", () => {
    expect(
      errors(`${VARS}\nprocess P[self in 1..2] { A: acquire mu; B: release mu; C: read_lock l; D: read_unlock l; E: write_lock l; F: write_unlock l; }`),
    ).toEqual([]);
  });
});
