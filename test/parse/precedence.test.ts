/** Operator precedence and associativity, level by level as listed in docs/language.md. */
import { describe, expect, it } from "vitest";
import { parseExpression } from "../../generator/parse/parse.js";
import { sxOf } from "./helpers.js";

describe("precedence", () => {
  it.each([
    // <=> is loosest of the binary operators, then => (right-associative)
    ["a => b <=> c => d", "(iff (implies a b) (implies c d))"],
    ["a => b => c", "(implies a (implies b c))"],
    ["a <=> b <=> c", "(iff (iff a b) c)"],
    ["a or b => c", "(implies (or a b) c)"],
    ["a and b or c and d", "(or (and a b) (and c d))"],
    ["a || b && c", "(or a (and b c))"],
    // not binds looser than comparisons, tighter than and
    ["not a == b", "(not (eq a b))"],
    ["not a and b", "(and (not a) b)"],
    ["not not a", "(not (not a))"],
    ["!a", "(not a)"],
    // comparisons vs with vs ranges
    ["x in 1..N", "(in x (.. 1 N))"],
    ["x notin S union T", "(notin x (union S T))"],
    ["S subset T", "(subset S T)"],
    ["m with [k] = v == n", "(eq (with m [k]=v) n)"],
    ["m with [k] = 1 + 2", "(with m [k]=(add 1 2))"],
    ["a..b + 1", "(.. a (add b 1))"],
    ["a + b..c", "(.. (add a b) c)"],
    // additive / multiplicative, left-associative
    ["a - b - c", "(sub (sub a b) c)"],
    ["a + b * c", "(add a (mul b c))"],
    ["a * b + c", "(add (mul a b) c)"],
    ["a / b % c", "(mod (div a b) c)"],
    ["S union T intersect U", "(union S (intersect T U))"],
    ["S minus T \\ U", "(minus (minus S T) U)"],
    // unary minus below postfix
    ["-a * b", "(mul (neg a) b)"],
    ["-a.f", "(neg (. a f))"],
    ["- -a", "(neg (neg a))"],
    ["a - -b", "(sub a (neg b))"],
    // postfix
    ["f(x)[1].g", "(. (idx (f x) 1) g)"],
    // open forms extend as far right as possible
    ["if c then a else b + 1", "(if c a (add b 1))"],
    ["a + if c then 1 else 2 + 3", "(add a (if c 1 (add 2 3)))"],
    ["forall x in S: x > 0 and y", "(forall [x S] (and (gt x 0) y))"],
    ["p and exists x in S: q or r", "(and p (exists [x S] (or q r)))"],
    ["(if c then 1 else 2) + 3", "(add (if c 1 2) 3)"],
    ["let x = 1 in x + 1", "(let [x 1] (add x 1))"],
  ])("%s", (text, expected) => {
    expect(sxOf(text)).toBe(expected);
  });

  it("comparisons are non-associative", () => {
    expect(parseExpression("a < b < c").diagnostics.map((d) => d.code)).toEqual(["E101"]);
    expect(parseExpression("a == b == c").diagnostics.map((d) => d.code)).toEqual(["E101"]);
  });
  it("ranges are non-associative", () => {
    expect(parseExpression("1..2..3").diagnostics.map((d) => d.code)).toEqual(["E101"]);
  });
});
