/**
 * Issue 12 item 7: the runtime helpers that list the values of compound types. Each list must be a
 * canonical set (sorted by `compare`, no duplicates, so `setHas` and `==` work on it), have the
 * expected size, and stop at the size cap with a spec error naming the type.
 */
import { describe, expect, it } from "vitest";
import {
  compare,
  mapValues,
  MAX_TYPE_VALUES,
  optionValues,
  powerset,
  recordValues,
  seqValues,
  setOf,
  SpecError,
  typeValues,
  type Value,
} from "../../runtime/index.js";

/** True when `xs` is exactly `setOf(xs)`: sorted and duplicate-free. */
function canonical(xs: readonly Value[]): boolean {
  const s = setOf(xs);
  return s.length === xs.length && s.every((x, i) => compare(x, xs[i] as Value) === 0);
}

describe("issue 12 item 7: values of compound types", () => {
  it("records: the product of field values, in canonical order", () => {
    const rs = recordValues(
      [
        ["a", [0, 1, 2]],
        ["b", [false, true]],
      ],
      "R",
      "x:1:1",
    );
    expect(rs.length).toBe(6);
    expect(canonical(rs)).toBe(true);
    expect(rs[0]).toEqual({ a: 0, b: false });
    expect(Object.keys(rs[5] as object)).toEqual(["a", "b"]);
  });

  it("options: none first", () => {
    expect(optionValues([1, 2])).toEqual([null, 1, 2]);
    expect(canonical(optionValues([1, 2]))).toBe(true);
  });

  it("sets: the powerset, 2^n canonical subsets", () => {
    const ps = powerset(["Blue", "Green", "Red"], "S", "x:1:1");
    expect(ps.length).toBe(8);
    expect(canonical(ps)).toBe(true);
    expect(ps.every((s) => canonical(s))).toBe(true);
    expect(ps[0]).toEqual([]);
  });

  it("sequences: every length 0..N, shortest first", () => {
    const qs = seqValues([0, 1], 2, "Q", "x:1:1");
    expect(qs.length).toBe(1 + 2 + 4);
    expect(canonical(qs)).toBe(true);
    expect(seqValues([0, 1], 0, "Q", "x:1:1")).toEqual([[]]);
  });

  it("maps: every total function, |V|^|K| of them", () => {
    const ms = mapValues(3, [false, true], "M", "x:1:1");
    expect(ms.length).toBe(8);
    expect(canonical(ms)).toBe(true);
    expect(mapValues(0, [1, 2], "M", "x:1:1")).toEqual([[]]);
  });

  it("a type beyond the cap is a spec error naming the type, at the use", () => {
    const big = Array.from({ length: 21 }, (_, i) => i);
    let err: unknown;
    try {
      powerset(big, "Big", "a.tspec:3:4");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).loc).toBe("a.tspec:3:4");
    expect((err as SpecError).message).toBe(`the type Big has 2097152 values: too many to enumerate as a set (limit ${MAX_TYPE_VALUES})`);
    expect(() => mapValues(40, [0, 1], "F", "")).toThrow(/the type F has 1099511627776 values/);
    expect(() => seqValues([0, 1, 2], 20, "Q", "")).toThrow(/the type Q has/);
    expect(() =>
      recordValues(
        [
          ["a", big],
          ["b", big],
          ["c", big],
          ["d", big],
          ["e", big],
        ],
        "R",
        "",
      ),
    ).toThrow(/the type R has 4084101 values/);
  });

  it("typeValues builds a type's values once per constants object, and never caches a failure", () => {
    const c1 = {};
    const c2 = {};
    let built = 0;
    const make = (): number[] => {
      built++;
      return [built];
    };
    expect(typeValues(c1, "T", make)).toEqual([1]);
    expect(typeValues(c1, "T", make)).toEqual([1]);
    expect(typeValues(c2, "T", make)).toEqual([2]);
    expect(() =>
      typeValues(c1, "U", () =>
        powerset(
          Array.from({ length: 30 }, (_, i) => i),
          "U",
          "",
        ),
      ),
    ).toThrow(SpecError);
    expect(() =>
      typeValues(c1, "U", () =>
        powerset(
          Array.from({ length: 30 }, (_, i) => i),
          "U",
          "",
        ),
      ),
    ).toThrow(SpecError);
    expect(built).toBe(2);
  });
});
