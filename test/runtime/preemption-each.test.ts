/**
 * `minimizePreemptionsEach` (one layered pass for all the violations of a `--continue` search) against
 * the pass it replaced, kept verbatim in preemption-legacy.ts (one pass per violation, string keys):
 * on pfncache workloads with several violations of different lengths, every result (trace, violation,
 * preemptions before and after, applied) must be the same, also when a state limit stops the pass
 * part-way (the shallow violations answered, the deep ones given up).
 */
import { describe, expect, it } from "vitest";
import { checkBfs } from "../../runtime/search/bfs.js";
import { minimizePreemptionsEach } from "../../runtime/analyses/preemption.js";
import type { Model } from "../../runtime/contract/model.js";
import type { CheckResult } from "../../runtime/search/result.js";
import { legacyMinimizePreemptions } from "./preemption-legacy.js";
import { createModel as a518 } from "../../generated/pfncache/a-5.18/model.js";
import { createModel as b161 } from "../../generated/pfncache/b1-6.1/model.js";
import { createModel as b262 } from "../../generated/pfncache/b2-6.2/model.js";

/** One request per violation of a `continue` BFS, as `check --continue` builds them. */
function requests<S>(model: Model<S>): CheckResult<S>[] {
  const r = checkBfs(model, { continue: true });
  const { violations, ...rest } = r;
  return (violations ?? []).map((f) => ({ ...rest, verdict: "violated" as const, violation: f.violation, trace: f.trace }));
}

const cases: [string, () => Model<unknown>][] = [
  ["a-5.18 reactivate-reader", () => a518("reactivate-reader") as Model<unknown>],
  ["a-5.18 fresh", () => a518("fresh") as Model<unknown>],
  ["b1-6.1 activate-deactivate", () => b161("activate-deactivate") as Model<unknown>],
  ["b2-6.2 activate-deactivate", () => b262("activate-deactivate") as Model<unknown>],
];

describe("fewest preemptions of every violation in one pass", () => {
  for (const [name, make] of cases) {
    it(`chooses the traces of one pass per violation (${name})`, () => {
      const model = make();
      const reqs = requests(model);
      expect(new Set(reqs.map((q) => q.trace?.length)).size).toBeGreaterThan(1);
      const each = minimizePreemptionsEach(model, reqs);
      const old = reqs.map((q) => legacyMinimizePreemptions(model, q));
      expect(each.map((p) => p.applied)).toEqual(old.map((p) => p.applied));
      expect(each.map((p) => [p.before, p.after])).toEqual(old.map((p) => [p.before, p.after]));
      each.forEach((p, i) => {
        const o = old[i] as (typeof old)[number];
        expect(p.result.violation).toEqual(o.result.violation);
        expect(p.result.trace).toEqual(o.result.trace);
      });
      // The pass changed something here, so the comparison is not between two unchanged inputs.
      expect(each.some((p, i) => p.result.trace !== reqs[i]?.trace)).toBe(true);
    });
  }

  it("gives up on the same violations as one pass each when the state limit stops it part-way", () => {
    const model = a518("reactivate-reader") as Model<unknown>;
    const reqs = requests(model);
    for (const maxStates of [50, 400, 2000]) {
      const each = minimizePreemptionsEach(model, reqs, { maxStates });
      const old = reqs.map((q) => legacyMinimizePreemptions(model, q, { maxStates }));
      expect(each.map((p) => [p.applied, p.before, p.after])).toEqual(old.map((p) => [p.applied, p.before, p.after]));
      each.forEach((p, i) => expect(p.result.trace).toEqual(old[i]?.result.trace));
      if (maxStates === 400) {
        // Both outcomes occur: some violations answered before the limit, some given up.
        expect(new Set(old.map((p) => p.applied)).size).toBe(2);
      }
    }
  });
});
