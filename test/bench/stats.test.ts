/** The bench's pure statistics: medians, rotated order, per-round ratios, summaries and the table's agreement mark. */
import { describe, expect, it } from "vitest";
import { bestPerRound, median, rotation, roundRatios, spread } from "../../bench/lib/stats.js";
import { ratios, summarize, type RunRecord } from "../../bench/lib/summary.js";
import { summaryTable } from "../../bench/lib/table.js";

describe("median and spread", () => {
  it("odd, even and empty lists", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(spread([2, 9, 4])).toEqual({ min: 2, median: 4, max: 9, n: 3 });
  });
});

describe("rotation", () => {
  const tools = ["a", "b", "c"];
  it("round r starts with item r", () => {
    expect(rotation(tools, 0)).toEqual(["a", "b", "c"]);
    expect(rotation(tools, 1)).toEqual(["b", "c", "a"]);
    expect(rotation(tools, 3)).toEqual(["a", "b", "c"]);
    expect(rotation([], 2)).toEqual([]);
  });
  it("fewer rounds than items spread each item's positions over the list", () => {
    const six = ["a", "b", "c", "d", "e", "f"];
    expect([0, 1, 2].map((r) => rotation(six, r, 3)[0])).toEqual(["a", "c", "e"]);
    // "d" runs 4th, 2nd and 6th: early, middle and late.
    expect([0, 1, 2].map((r) => rotation(six, r, 3).indexOf("d"))).toEqual([3, 1, 5]);
  });
  it("over n rounds every item runs once in every position", () => {
    const items = ["a", "b", "c", "d", "e"];
    for (let pos = 0; pos < items.length; pos++) {
      const atPos = items.map((_, r) => rotation(items, r)[pos]);
      expect(new Set(atPos).size).toBe(items.length);
    }
  });
});

describe("per-round ratios", () => {
  it("divide within a round and skip rounds where a side is missing", () => {
    const mine = new Map([
      [0, 10],
      [1, 12],
      [2, 9],
    ]);
    const theirs = new Map([
      [0, 5],
      [2, 3],
    ]);
    expect(roundRatios(mine, theirs)).toEqual({ min: 2, median: 2.5, max: 3, n: 2 });
  });
  it("take the best of several series in each round", () => {
    const t1 = new Map([
      [0, 5],
      [1, 7],
    ]);
    const t2 = new Map([
      [0, 6],
      [1, 4],
    ]);
    expect([...bestPerRound([t1, t2])]).toEqual([
      [0, 6],
      [1, 7],
    ]);
  });
});

function rec(key: string, round: number, wall: number, states: number, over: Partial<RunRecord> = {}): RunRecord {
  return {
    config: "c",
    round,
    position: 0,
    key,
    tool: key.startsWith("spec2ts") ? "spec2ts" : key.startsWith("rumur") ? "rumur" : "spin",
    variant: key,
    threads: 1,
    ok: true,
    note: "",
    distinctStates: states,
    wallSeconds: wall,
    cpuSeconds: wall * 2,
    peakRssBytes: states * 10,
    ...over,
  };
}

describe("summaries", () => {
  const runs = [
    rec("spec2ts w1", 0, 2, 100),
    rec("spec2ts w1", 1, 4, 100),
    rec("spec2ts w1", 2, 3, 100),
    rec("spin BFS", 0, 4, 100),
    rec("spin BFS", 1, 4, 100),
    rec("spin BFS", 2, 9, 100, { ok: false }),
    rec("rumur t1", 0, 8, 100),
    rec("rumur t1", 1, 2, 100),
    rec("rumur t2", 0, 1, 100),
    rec("rumur t2", 1, 8, 100),
    rec("rumur t2", 2, 5, 99),
  ];
  const rows = summarize(runs, 100);
  it("one row per tool with medians of its successful runs", () => {
    const s = rows.find((r) => r.key === "spec2ts w1");
    expect(s).toMatchObject({ runs: 3, okRuns: 3, distinctStates: 100, statesAgree: true, cpuSeconds: 6, statesPerSec: 100 / 3, rssBytesPerState: 10 });
    expect(s?.wall).toEqual({ median: 3, min: 2, max: 4 });
    expect(rows.find((r) => r.key === "spin BFS")).toMatchObject({ runs: 3, okRuns: 2, statesAgree: true });
  });
  it("marks a tool whose state count differs from the reference with ✗", () => {
    expect(rows.find((r) => r.key === "rumur t2")?.statesAgree).toBe(false);
    const table = summaryTable(rows);
    expect(table.find((l) => l.startsWith("rumur") && l.includes("rumur t2"))).toContain("✗");
    expect(table.find((l) => l.includes("spec2ts w1"))).toContain("✓");
  });
  it("without a reference the first row's count is the reference", () => {
    expect(summarize([rec("spec2ts w1", 0, 1, 7), rec("spin BFS", 0, 1, 8)]).map((r) => r.statesAgree)).toEqual([true, false]);
  });
  it("ratios are per round, against the best thread count of that round", () => {
    const [bfs, best] = ratios(
      "c",
      runs,
      ["spec2ts w1"],
      [
        { name: "SPIN BFS", keys: ["spin BFS"] },
        { name: "Rumur best", keys: ["rumur t1", "rumur t2"] },
      ],
    );
    // Round 2 of SPIN failed: only rounds 0 and 1 (4/2 = 2, 4/4 = 1).
    expect(bfs?.wall).toEqual({ min: 1, median: 1.5, max: 2, n: 2 });
    // Rumur's best: round 0 t2 (1 s), round 1 t1 (2 s), round 2 t2 (5 s, 99 states).
    expect(best?.wall.n).toBe(3);
    expect(best?.wall.min).toBeCloseTo(1 / 2);
    expect(best?.wall.max).toBeCloseTo(100 / 3 / (99 / 5));
    expect(best?.cpu.median).toBeCloseTo(best?.wall.median ?? NaN);
  });
  it("leaves out peers that did not run", () => {
    expect(ratios("c", runs, ["spec2ts w1", "spec2ts w2"], [{ name: "TLC", keys: ["tlc w1"] }])).toEqual([]);
  });
});
