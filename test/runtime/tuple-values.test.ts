/**
 * Issue 13 item 2: the runtime helpers behind `product`, `powerset` and `[S -> T]`. Each result must
 * be a canonical set (sorted by `compare`, no duplicates), have the expected size, and stop at the
 * size cap with a spec error rather than build a huge set.
 */
import { describe, expect, it } from "vitest";
import { cartesian, compare, funcSet, setOf, SpecError, subsetsOf, type Value } from "../../runtime/index.js";

function canonical(xs: readonly Value[]): boolean {
  const s = setOf(xs);
  return s.length === xs.length && s.every((x, i) => compare(x, xs[i] as Value) === 0);
}

describe("issue 13 item 2: product, powerset, function sets", () => {
  it("cartesian: |S| * |T| tuples, first component outermost, canonical", () => {
    const ps = cartesian(
      [
        [0, 1, 2],
        [false, true],
      ],
      "x:1:1",
    );
    expect(ps.length).toBe(6);
    expect(canonical(ps)).toBe(true);
    expect(ps[0]).toEqual({ _1: 0, _2: false });
    expect(ps[1]).toEqual({ _1: 0, _2: true });
    expect(Object.keys(ps[0] as object)).toEqual(["_1", "_2"]);
    expect(cartesian([[1], [], [2]], "x:1:1")).toEqual([]);
    expect(canonical(cartesian([["b", "a"].sort(), [[], [1]], [null, 3]], "x:1:1"))).toBe(true);
  });

  it("subsetsOf: 2^n canonical subsets; a spec error past the cap", () => {
    const ss = subsetsOf([1, 2, 3], "x:1:1");
    expect(ss.length).toBe(8);
    expect(canonical(ss)).toBe(true);
    expect(subsetsOf([], "x:1:1")).toEqual([[]]);
    const big = Array.from({ length: 20 }, (_, i) => i);
    expect(() => subsetsOf(big, "x:2:3")).toThrow(SpecError);
    expect(() => subsetsOf(big, "x:2:3")).toThrow(/powerset of a set of 20 elements has 2\^20 subsets/);
  });

  it("funcSet: |T|^|S| canonical maps; the domain must be the whole key type", () => {
    const fs = funcSet([1, 2, 3], 3, [0, 1], "x:1:1");
    expect(fs.length).toBe(8);
    expect(canonical(fs)).toBe(true);
    expect(fs[1]).toEqual([0, 0, 1]);
    expect(() => funcSet([1, 3], 3, [0, 1], "x:1:1")).toThrow(/whole key type \(3 values\), but S has 2/);
    expect(() =>
      funcSet(
        [0, 1, 2, 3, 4, 5, 6],
        7,
        Array.from({ length: 8 }, (_, i) => i),
        "x:1:1",
      ),
    ).toThrow(/8\^7 maps: too many/);
  });

  it("cartesian past the cap is a spec error naming the sizes", () => {
    const s = Array.from({ length: 101 }, (_, i) => i);
    expect(() => cartesian([s, s, s], "x:1:1")).toThrow(/product of sets of sizes 101 × 101 × 101 has 1030301 tuples/);
  });
});
