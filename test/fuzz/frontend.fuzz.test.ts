/**
 * Fuzzing the front end and the generator (issue "Robustness and safety").
 *
 * Inputs: (a) random strings, (b) mutations of every `.tspec` in the repository, (c) grammar-generated
 * well-formed specs. Property: parse → check → emit never lets an exception escape; it ends either in
 * diagnostics (at least one error, every span inside its source with consistent line/column) or in
 * generated code. All generated modules are typechecked together, strict, at the end.
 *
 * Short run (`npm test`): ~200 inputs. Long run: `npm run fuzz` (FUZZ_LONG=1, 10,000 inputs) or
 * `FUZZ_RUNS=N`. `FUZZ_SEED=s` replays; `FUZZ_STRICT=1` also fails on known bugs. Found crashes are
 * written to `.cache/fuzz-crashes/`; regressions live in `test/fuzz/regressions/`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { LONG, ROOT, runs, SEED, specFiles } from "./harness.js";
import { mutantArb, randomTextArb, SEED_SPECS } from "./mutate.js";
import { newTally, runInput, summary, typecheckTally } from "./pipeline.js";
import { wellFormedSpec } from "./spec-arb.js";

const tally = newTally();
const started = performance.now();
const FORMAT_EVERY = LONG ? 25 : 4;
/** Per-test timeout: the long run takes minutes. */
const TIMEOUT = LONG ? 3_600_000 : 120_000;
let n = 0;
const outDir = (kind: string): string => `.cache/fuzz/${kind}${n++}`;

console.log(`[fuzz frontend] seed ${SEED} (replay with FUZZ_SEED=${SEED})${LONG ? " — long run" : ""}`);

afterAll(() => {
  console.log(summary("frontend", tally, (performance.now() - started) / 1000));
});

describe("front-end fuzzing", () => {
  it(
    `survives random text (seed ${SEED})`,
    async () => {
      await fc.assert(
        fc.asyncProperty(randomTextArb, async (text) => {
          await runInput(tally, text, ".cache/fuzz/random.tspec", { formatEvery: FORMAT_EVERY, outDir: outDir("r") });
        }),
        { seed: SEED, numRuns: runs(60, 3000, 0.3), endOnFailure: true },
      );
    },
    TIMEOUT,
  );

  it(
    `survives mutations of the repository's ${SEED_SPECS.length} specs (seed ${SEED})`,
    async () => {
      await fc.assert(
        fc.asyncProperty(mutantArb, async (m) => {
          await runInput(tally, m.text, m.file, { formatEvery: FORMAT_EVERY, outDir: outDir("m") });
        }),
        { seed: SEED + 1, numRuns: runs(90, 5000, 0.5), endOnFailure: true },
      );
    },
    TIMEOUT,
  );

  it(
    `compiles grammar-generated well-formed specs (seed ${SEED})`,
    async () => {
      await fc.assert(
        fc.asyncProperty(wellFormedSpec, async (text) => {
          const o = await runInput(tally, text, ".cache/fuzz/gen.tspec", { formatEvery: FORMAT_EVERY, outDir: outDir("g") });
          // Generated specs are well-formed by construction: the checker must accept them.
          const errors = o?.diagnostics.filter((d) => d.severity === "error") ?? [];
          if (o && errors.length > 0) {
            throw new Error(
              `checker rejected a generated spec:\n${errors.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`).join("\n")}\n${text}`,
            );
          }
        }),
        { seed: SEED + 2, numRuns: runs(40, 2000, 0.2), endOnFailure: true },
      );
    },
    TIMEOUT,
  );

  it("replays every saved regression without an escaping exception", async () => {
    for (const f of specFiles("test/fuzz/regressions")) {
      await runInput(tally, fs.readFileSync(path.resolve(ROOT, f), "utf8"), f, { formatEvery: 1, outDir: outDir("reg") });
    }
  });

  it(
    "all generated modules typecheck together under strict",
    () => {
      const t0 = performance.now();
      const { unexplained, checked } = typecheckTally(tally, LONG ? 400 : Infinity, Number(process.env["FUZZ_TSC_MAX"] ?? (LONG ? 3000 : Infinity)));
      console.log(`[fuzz frontend] typechecked ${checked} generated modules in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      expect(unexplained).toEqual([]);
    },
    TIMEOUT,
  );
});
