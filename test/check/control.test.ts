/** Label and control-flow rules, statement placement, recursion, macros. */
import { describe, expect, it } from "vitest";
import { check, errors, ok, warnings } from "./helpers.js";

const V = `var x: 0..3 = 0;\n`;
const proc = (body: string): readonly string[] => errors(`${V}process P[self in 1..2] {\n${body}\n}`);

describe("labels", () => {
  it("requires the first statement to be labelled (E502) and a non-empty body (E502)", () => {
    expect(proc("x = 1; L: x = 2;")).toEqual(["E502"]);
    expect(proc("")).toEqual(["E502"]);
    expect(errors(`${V}procedure p() { x = 1; return; }\nprocess P[self in 1..2] { S: call p(); T: skip; }`)).toEqual(["E502"]);
  });
  it("requires `while` to be labelled (E503)", () => {
    expect(proc("S: skip; while x < 3 { x = x + 1; }")).toEqual(["E503"]);
    expect(proc("S: while x < 3 { x = x + 1; }")).toEqual([]);
  });
  it("rejects duplicate labels and the reserved `Done` (E504)", () => {
    expect(proc("S: x = 1; S: x = 2;")).toEqual(["E504"]);
    expect(proc("S: if x == 0 { T: skip; } else { T: skip; } U: skip;")).toEqual(["E504"]);
    expect(proc("S: x = 1; Done: x = 2;")).toEqual(["E504"]);
  });
  it("rejects goto to an unknown label (E501)", () => {
    expect(proc("S: x = 1; goto Nope;")).toEqual(["E501"]);
    expect(proc("S: x = 1; goto S;")).toEqual([]);
  });
  it("requires a label after a compound statement containing a label (E505)", () => {
    expect(proc("S: if x == 0 { T: x = 1; } x = 2;")).toEqual(["E505"]);
    expect(proc("S: either { T: x = 1; } or { skip; } x = 2;")).toEqual(["E505"]);
    expect(proc("S: if x == 0 { T: x = 1; } U: x = 2;")).toEqual([]);
    expect(proc("S: if x == 0 { x = 1; } x = 2;")).toEqual([]);
  });
  it("requires a label, return or goto after a call (E505)", () => {
    const P = `procedure p() { A: x = 0; return; }\n`;
    expect(errors(`${V}${P}process Q[self in 1..2] { S: call p(); x = 1; }`)).toEqual(["E505"]);
    expect(errors(`${V}${P}process Q[self in 1..2] { S: if x == 0 { call p(); } x = 1; }`)).toEqual(["E505"]);
    expect(errors(`${V}${P}process Q[self in 1..2] { S: call p(); goto S; }`)).toEqual([]);
    expect(errors(`${V}${P}procedure r() { R: call p(); return; }\nprocess Q[self in 1..2] { S: call r(); T: skip; }`)).toEqual([]);
  });
  it("rejects labels inside `with` (E509)", () => {
    expect(proc("S: with (v in 1..2) { T: x = v; }")).toEqual(["E509"]);
  });
  it("rejects labels in actions and macros (E507)", () => {
    expect(errors(`${V}action a { L: x = 1; }`)).toEqual(["E507"]);
    expect(errors(`${V}macro m() { L: x = 1; }\nprocess P[self in 1..2] { S: m(); }`)).toContain("E507");
  });
  it("warns about an unreachable label (W102), but not one that is jumped to", () => {
    expect(warnings(`${V}process P[self in 1..2] { S: x = 1; goto S; N: x = 2; }`)).toEqual(["W102"]);
    expect(warnings(`${V}process P[self in 1..2] { S: x = 1; goto N; N: x = 2; }`)).toEqual([]);
  });
});

describe("statement placement", () => {
  it("rejects lock statements, while, goto and call in actions (E402)", () => {
    expect(errors(`var m: mutex;\naction a { acquire m; }`)).toEqual(["E402"]);
    expect(errors(`${V}action a { while x < 3 { x = x + 1; } }`)).toEqual(["E402"]);
    expect(errors(`${V}action a { goto L; }`)).toEqual(["E402"]);
    expect(errors(`${V}procedure p() { A: return; }\naction a { call p(); }`)).toEqual(["E402"]);
  });
  it("rejects return outside procedures (E506)", () => {
    expect(proc("S: x = 1; return;")).toEqual(["E506"]);
    expect(errors(`${V}action a { return; }`)).toEqual(["E506"]);
  });
  it("accepts actions with parameters, guards and awaits", () => {
    ok(`${V}action inc(d in 1..2) when x + d <= 3 { await x < 3; x = x + d; }`);
  });
});

describe("procedures", () => {
  it("rejects direct and mutual recursion (E508)", () => {
    expect(errors(`${V}procedure p() { A: call p(); B: return; }\nprocess Q[self in 1..2] { S: call p(); T: skip; }`)).toEqual(["E508"]);
    expect(
      errors(`${V}procedure p() { A: call q(); B: return; }\nprocedure q() { C: call p(); D: return; }\nprocess Q[self in 1..2] { S: call p(); T: skip; }`),
    ).toEqual(["E508"]);
  });
  it("accepts nested calls and records callers", () => {
    const c = ok(
      `${V}procedure p() { A: call q(); B: return; }\nprocedure q() { C: x = 1; return; }\nprocess Q[self in 1..2] { S: call p(); T: skip; }\nprocess R[self in 3..4] { S: call q(); T: skip; }`,
    );
    expect(c.callers.get("p")).toEqual(["Q"]);
    expect([...(c.callers.get("q") ?? [])].sort()).toEqual(["Q", "R"]);
  });
});

describe("macros", () => {
  it("expands a macro that assigns to its parameters, with variables and indexed targets", () => {
    const c = ok(`
var x: 0..3 = 0;
var m: map<1..2, 0..3> = [i in 1..2 |-> 0];
macro bump(v, by) {
  v = v + by;
}
process P[self in 1..2] {
  S: bump(x, 1);
     bump(m[self], 2);
}`);
    const body = c.processes[0]?.body ?? [];
    expect(body.map((s) => s.kind)).toEqual(["BlockStmt", "BlockStmt"]);
    expect(body[0]?.label?.name).toBe("S");
  });
  it("expands macros inside macros, and lock statements on a macro parameter", () => {
    ok(`
var m: mutex;
var x: 0..3 = 0;
macro set1() { x = 1; }
macro locked_set(l) { acquire l; set1(); release l; }
process P[self in 1..2] { S: locked_set(m); }`);
  });
  it("rejects a recursive macro (E412) and wrong macro arity (E313)", () => {
    expect(errors(`${V}macro m() { x = 1; m(); }\nprocess P[self in 1..2] { S: m(); }`)).toEqual(["E412"]);
    expect(errors(`${V}macro a() { b(); }\nmacro b() { a(); }\nprocess P[self in 1..2] { S: a(); }`)).toEqual(["E412"]);
    expect(errors(`${V}macro m(v) { x = v; }\nprocess P[self in 1..2] { S: m(); }`)).toEqual(["E313"]);
  });
  it("rejects assignment to a macro parameter bound to an expression (E411), once", () => {
    const r = check(`spec T\n${V}macro m(v) { v = 0; }\nprocess P[self in 1..2] { S: m(x + 1); }\n`);
    expect(r.codes).toEqual(["E411"]);
  });
  it("types each expansion on its own", () => {
    expect(errors(`var x: 0..3 = 0;\nvar b: bool = false;\nmacro put(v, e) { v = e; }\nprocess P[self in 1..2] { S: put(x, 1); put(b, true); }`)).toEqual([]);
    expect(errors(`var x: 0..3 = 0;\nvar b: bool = false;\nmacro put(v, e) { v = e; }\nprocess P[self in 1..2] { S: put(x, true); }`)).toEqual(["E301"]);
  });
});
