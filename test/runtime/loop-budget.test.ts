/**
 * `loopHi$` (runtime/contract/values.ts): the packed step code's loops charge their iterations to the
 * evaluation budget when they start instead of ticking in each iteration, so the budget's polls (time
 * limit, stop flag) still happen within bounded work.
 */
import { afterEach, describe, expect, it } from "vitest";
import { budget, EvaluationStopped, POLL_EVERY, SpecError, loopHi$, rangeHi$ } from "../../runtime/contract/index.js";

afterEach(() => {
  budget.deadline = Infinity;
  budget.n = POLL_EVERY;
});

describe("loopHi$", () => {
  it("returns the bound and charges the loop's iterations at once", () => {
    budget.n = 100;
    expect(loopHi$(1, 5, "x.tspec:1:1")).toBe(5);
    expect(budget.n).toBe(95);
    expect(loopHi$(3, 2, "x.tspec:1:1")).toBe(2);
    expect(budget.n).toBe(95);
  });

  it("polls when the charge exhausts the budget: a passed deadline stops the evaluation", () => {
    budget.n = 10;
    budget.deadline = performance.now() - 1;
    expect(loopHi$(1, 9, "x.tspec:1:1")).toBe(9);
    expect(() => loopHi$(1, 2, "x.tspec:1:1")).toThrow(EvaluationStopped);
    // The poll refilled the budget.
    expect(budget.n).toBe(POLL_EVERY);
  });

  it("refuses a range too large to iterate, as rangeHi$ does", () => {
    const loopError = (): unknown => {
      try {
        loopHi$(0, 20_000_000, "x.tspec:2:3");
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const e = loopError();
    expect(e).toBeInstanceOf(SpecError);
    expect(() => rangeHi$(0, 20_000_000, "x.tspec:2:3")).toThrow((e as SpecError).message);
    expect((e as SpecError).loc).toBe("x.tspec:2:3");
  });
});
