import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that run for minutes: started first, so that they overlap with the rest of the suite instead of
 * running alone at its end (on a fresh clone vitest has no timings yet and orders by file size, which
 * would put these small files last).
 */
const SLOW_FIRST = [
  "test/docs/pfncache-properties.test.ts",
  "test/docs/pfncache-doc.test.ts",
  // Each 1.5–4 minutes of one worker (measured under load): started early so that none is the tail.
  "test/emit/packed-steps.test.ts",
  "test/perf/parallel-sequential.test.ts",
  "test/runtime/one-pass.test.ts",
  "test/reference/models.test.ts",
  "test/perf/por.test.ts",
];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => {
      const i = SLOW_FIRST.findIndex((s) => f.moduleId.endsWith(s));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    return sorted
      .map((f, k) => ({ f, k }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.k - b.k)
      .map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "generated/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    sequence: { sequencer: SlowFirstSequencer },
    // Vitest's default in run mode is one worker fewer than the CPUs: on the 2-core CI machine that is
    // one file at a time (the per-file times summed to the wall time). Much of the suite waits on child
    // processes (CLI runs, tsc, the browser), so two workers keep both cores busy.
    maxWorkers: 2,
  },
});
