/**
 * Issue 12 item 13: integer arithmetic is exact or an error. `+ - *` whose result the declared ranges
 * cannot keep within ±(2^53 − 1) is checked at run time and reported as a spec error at the operator;
 * where the ranges prove it safe the emitted code is a plain JS operator (ordinary specs pay nothing).
 */
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { emitUnformatted, frontEnd, specFiles, typecheck } from "../fuzz/harness.js";
import { emitted, run } from "./values-harness.js";

const W = "workload w { check deadlock = false; expect holds; }";

function code(name: string): string {
  const c = emitted.get(`.cache/test-values/${name}/model.ts`);
  if (c === undefined) throw new Error(`${name} was not emitted`);
  return c;
}

describe("issue 12 item 13: arithmetic past 2^53", () => {
  it("issue 12 item 13: x * x + 1 - x * x != 1 with x = 94906267 is an overflow at the product, not 'holds'", async () => {
    const o = await run(
      "arith-issue-a",
      `spec Big
var x: 0..100000000 = 94906267;
invariant NotOne: x * x + 1 - x * x != 1;
${W}`,
    );
    expect(o.verdict).toBe("spec_error");
    expect(o.message).toMatch(/integer overflow: 94906267 \* 94906267/);
    expect(o.loc).toBe(".cache/test-values/arith-issue-a.tspec:3:19");
  });

  it("issue 12 item 13: (x * x) % 2 == x % 2 is an overflow, not a violation", async () => {
    const o = await run(
      "arith-issue-b",
      `spec Big2
var x: 0..100000000 = 94906267;
invariant Parity: (x * x) % 2 == x % 2;
${W}`,
    );
    expect(o.verdict).toBe("spec_error");
    // At the overflowing product `(x * x)`: a parenthesised expression's span starts at its `(` (issue 12 item 10).
    expect(o.loc).toBe(".cache/test-values/arith-issue-b.tspec:3:19");
  });

  it("issue 12 item 13: a checked product that stays exact computes normally (no false alarm)", async () => {
    const o = await run(
      "arith-checked-small",
      `spec Small
var x: 0..100000000 = 3;
action Grow when x < 5 { x = x + 1; }
invariant Sq: x * x + 1 - x * x == 1 and (x * x) % 2 == x % 2;
${W}`,
    );
    expect([o.verdict, o.states]).toEqual(["holds", 3]);
    expect(code("arith-checked-small")).toMatch(/mulExact\(/);
  });

  it("issue 12 item 13: sums and differences at the edge, through let and constants", async () => {
    const sum = await run(
      "arith-sum",
      `spec Sum
var a: 0..4503599627370496 = 4503599627370496;
invariant Pos: a + a - 1 > 0;
${W}`,
    );
    expect(sum.verdict).toBe("spec_error");
    expect(sum.message).toMatch(/4503599627370496 \+ 4503599627370496/);
    const diff = await run(
      "arith-diff",
      `spec Diff
var a: 0..4503599627370496 = 4503599627370496;
invariant Neg: 0 - a - a < 0;
${W}`,
    );
    expect(diff.verdict).toBe("spec_error");
    expect(diff.message).toMatch(/-4503599627370496 - 4503599627370496/);
    const viaLet = await run(
      "arith-let",
      `spec ViaLet
const K: 1..100000000 = 94906267;
var x: 0..1 = 0;
invariant L: let y = K * 1 in y * y > x;
${W}`,
    );
    expect(viaLet.verdict).toBe("spec_error");
    expect(viaLet.loc).toBe(".cache/test-values/arith-let.tspec:4:31");
  });

  it("issue 12 item 13: a def parameter's declared range is not trusted: bounds come from its arguments", async () => {
    const o = await run(
      "arith-def-param",
      `spec DefParam
var x: 0..100000000 = 94906267;
def f(n: 0..3): bool = n * n + 1 - n * n == 1;
invariant A: f(x);
${W}`,
    );
    expect(o.verdict).toBe("spec_error");
    expect(o.message).toMatch(/integer overflow/);
    expect(o.loc).toBe(".cache/test-values/arith-def-param.tspec:3:24");
  });

  it("issue 12 item 13: a def's declared result range is not trusted either: its body's bounds are", async () => {
    const o = await run(
      "arith-def-result",
      `spec DefResult
var x: 0..100000000 = 94906267;
def g: 0..3 = x;
def h(n: 0..3): 0..3 = n + 0;
invariant A: g * g + 1 - g * g == 1;
invariant B: h(x) * h(x) >= 0;
${W}`,
    );
    expect(o.verdict).toBe("spec_error");
    expect(o.message).toMatch(/integer overflow: 94906267 \* 94906267/);
  });

  it("issue 12 item 13: process and procedure locals are range-checked when initialised (their ranges bound arithmetic)", async () => {
    const proc = await run(
      "arith-local",
      `spec Local
var x: 0..100000000 = 94906267;
var r: bool = true;
process Q { var n: 0..3 = x; Q1: r = (n * n + 1 - n * n == 1); }
invariant A: r;
${W}`,
    );
    expect(proc.verdict).toBe("spec_error");
    expect(proc.message).toBe("Q.n = 94906267 is outside its type 0..3");
    expect(proc.loc).toBe(".cache/test-values/arith-local.tspec:4:13");
    const frame = await run(
      "arith-frame",
      `spec Frame
var x: 0..100000000 = 94906267;
var r: bool = true;
procedure p() { var n: 0..3 = x; P1: r = (n * n + 1 - n * n == 1); return; }
process Q { Q1: call p(); Q2: skip; }
invariant A: r;
${W}`,
    );
    expect(frame.verdict).toBe("spec_error");
    expect(frame.message).toBe("p(n) = 94906267 is outside its type 0..3");
  });

  it("issue 12 item 13: a workload constant decides at run time: plain values hold, large ones overflow", async () => {
    const text = `spec Consts
const K: 0..100000000 = 3;
var x: 0..1 = 0;
invariant A: K * K * K * K + 1 - K * K * K * K == 1 or x == 1;
workload small { check deadlock = false; expect holds; }
workload large { const K = 94906267; check deadlock = false; expect holds; }`;
    const small = await run("arith-consts", text, "small");
    expect([small.verdict, small.states]).toEqual(["holds", 1]);
    const large = await run("arith-consts", text, "large");
    expect(large.verdict).toBe("spec_error");
    expect(large.message).toMatch(/integer overflow: 94906267 \* 94906267/);
  });

  it("issue 12 item 13: bounds from the declared ranges keep ordinary arithmetic plain", async () => {
    const o = await run(
      "arith-plain",
      `spec Plain
const N: 1..8 = 3;
var x: 0..N * N = 0;
var s: set<0..N> = {};
action Inc when x < N * N { x = x + 1; s = s union {x % (N + 1)}; }
invariant Bound: forall i in 0..N: i * i <= x + N * N and (let y = x - N in y * y >= 0);
invariant Card: card(s) * 2 <= 2 * (N + 1) and (card(s) == 0 or max(s) - min(s) <= N);
${W}`,
    );
    // x counts 0..9 and s collects x mod 4 as it goes: one state per x.
    expect([o.verdict, o.states]).toEqual(["holds", 10]);
    expect(code("arith-plain")).not.toMatch(/(add|sub|mul)Exact/);
  });

  it("issue 12 item 13: every shipped spec and test model compiles to plain arithmetic (no run-time checks)", () => {
    const files = specFiles("specs", "test/models");
    expect(files.length).toBeGreaterThan(15);
    let checked = 0;
    for (const f of files) {
      const o = frontEnd(fs.readFileSync(f, "utf8"), f);
      if (!o.checked) continue;
      checked += (emitUnformatted(o.checked, ".cache/test-values/shipped").match(/\b(add|sub|mul)Exact\(/g) ?? []).length;
    }
    expect(checked).toBe(0);
  });

  it("the overflow models typecheck under strict", () => {
    expect(typecheck(emitted)).toEqual([]);
  }, 120_000);
});
