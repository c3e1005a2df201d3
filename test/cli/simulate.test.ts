/** `spec2ts simulate`: seeded random runs are reproducible. */
import { describe, expect, it } from "vitest";
import { jsonWorkload, spec2ts } from "./helpers.js";

const RACY = "specs/examples/racy-counter.tspec";

function withoutTiming(json: string): unknown {
  const j = jsonWorkload<{ stats: { seconds?: number } }>(json);
  delete j.stats.seconds;
  return j;
}

describe.concurrent("spec2ts simulate", () => {
  it("gives the same result and trace for the same seed", async () => {
    const args = ["simulate", RACY, "--seed", "12345", "--runs", "50", "--json"];
    const [a, b] = await Promise.all([spec2ts(args), spec2ts(args)]);
    expect(a.code).toBe(1);
    expect(b.code).toBe(1);
    expect(withoutTiming(a.stdout)).toEqual(withoutTiming(b.stdout));
    expect(jsonWorkload(a.stdout)).toMatchObject({ mode: "simulate", seed: 12345, verdict: "violated" });
  });

  it("prints the seed it drew, and that seed reproduces the run", async () => {
    const first = await spec2ts(["simulate", "specs/examples/mutex.tspec", "-w", "three", "--runs", "20"]);
    expect(first.code).toBe(0);
    const seed = /seed (\d+) \(rerun with --seed \1\)/.exec(first.stdout)?.[1];
    expect(seed).toBeDefined();
    expect(first.stdout).toContain("no violation found in 20 runs");
    const again = await spec2ts(["simulate", "specs/examples/mutex.tspec", "-w", "three", "--runs", "20", "--seed", seed!]);
    const stats = (s: string): string | undefined => /^\d[\d,]* distinct states, [\d,]+ transitions/m.exec(s)?.[0];
    expect(stats(again.stdout)).toBe(stats(first.stdout));
  });

  it("rejects a seed out of range", async () => {
    const r = await spec2ts(["simulate", RACY, "--seed", "4294967296"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("expected an integer from 0 to 4294967295");
  });
});
