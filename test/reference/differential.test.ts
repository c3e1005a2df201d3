/**
 * Differential testing of the generated checker against the reference semantics (test/reference/),
 * on specs that nest every statement form up to depth 4 (spec-gen.ts). See differential.ts for what
 * is compared. Short run: 100 specs, fixed seed (parallel explorer on every 25th); `FUZZ_LONG=1`:
 * 5,000 specs (`FUZZ_RUNS=N`: N), seed printed (`FUZZ_SEED` replays).
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { LONG, runs, SEED } from "../fuzz/harness.js";
import { differential } from "./differential.js";
import { genSpec, Tape } from "./spec-gen.js";

const seed = LONG || process.env["FUZZ_SEED"] !== undefined ? SEED : 20261203;
const stats = { specs: 0, capped: 0, states: 0, verdicts: new Map<string, number>() };

describe("reference semantics vs generated checker (fuzz)", () => {
  afterAll(() => {
    const v = [...stats.verdicts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`);
    console.log(`reference differential: seed ${seed}, ${stats.specs} specs, ${stats.capped} capped, ${stats.states} states; ${v.join(", ")}`);
  });

  it(
    "agrees on reachable states, transitions, verdicts and shortest counterexamples",
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat({ max: 1000 }), { minLength: 150, maxLength: 400 }), async (tape) => {
          const spec = genSpec(new Tape(tape));
          const k = n++;
          const r = await differential(spec.text, `d${k % 64}x${Math.floor(k / 64)}`, {
            symmetric: spec.symmetric,
            ...(spec.symmetric ? { swap: ["A[1]", "A[2]"] as const } : {}),
            parallel: k % 25 === 0,
          });
          stats.specs++;
          if (r.capped) stats.capped++;
          stats.states += r.states;
          const key = r.verdict.replace(/@\d+$/, "");
          stats.verdicts.set(key, (stats.verdicts.get(key) ?? 0) + 1);
          expect(r.problems, `${r.problems.join("\n")}\n--- spec ---\n${spec.text}`).toEqual([]);
        }),
        { seed, numRuns: runs(100, 5000), endOnFailure: !LONG },
      );
    },
    LONG ? 7_200_000 : 240_000,
  );
});
