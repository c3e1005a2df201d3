/** `int` (runtime/search/digits.ts) prints what `toLocaleString("en-US")` prints, without loading ICU. */
import { describe, expect, it } from "vitest";
import { int } from "../../runtime/search/digits.js";

describe("int", () => {
  it("groups digits by thousands exactly as toLocaleString('en-US')", () => {
    const samples = [
      0,
      -0,
      1,
      12,
      123,
      1234,
      12_345,
      123_456,
      1_234_567,
      11_200_000,
      -1,
      -999,
      -1000,
      -1_234_567,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
    ];
    for (let d = 1; d <= 16; d++) samples.push(10 ** d - 1, 10 ** d, 10 ** d + 1);
    for (const n of samples) expect(int(n), String(n)).toBe(n.toLocaleString("en-US"));
  });

  it("falls back to toLocaleString for fractions and unsafe or non-finite numbers", () => {
    for (const n of [1.5, 1234.5678, 2 ** 60, 1e21, NaN, Infinity, -Infinity]) expect(int(n), String(n)).toBe(n.toLocaleString("en-US"));
  });
});
