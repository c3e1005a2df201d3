/**
 * Store limits (issue 18 item 1): the visited-state stores grow within their buffer limits and, when
 * they cannot hold one more state, end the search with verdict `incomplete`, limit `storeLimit`, the
 * statistics so far and exit 3 — never an internal error. The limits are injected small
 * (`SearchOptions.storeLimits`), so a model of a few thousand states drives growth past them.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CompactStore, FingerprintStore, FULL_LOAD, MAX_ENTRIES } from "../../runtime/search/store.js";
import { SharedTable, growTable, MAX_SLOTS } from "../../runtime/parallel/shared-table.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { checkDfs } from "../../runtime/search/dfs.js";
import { checkParallel } from "../../runtime/parallel/parallel.js";
import { isEvaluationStopped } from "../../runtime/contract/budget.js";
import { formatVerdict } from "../../runtime/search/format.js";
import type { CheckResult } from "../../runtime/search/result.js";
import { exitCodeOf } from "../../cli/commands/check.js";
import { EXIT } from "../../cli/exit.js";
import { compileTo } from "../emit/helpers.js";
import { mutexN, mutexNDistinct } from "./models.js";

/** What the CLI reports for a search stopped by the store: incomplete, storeLimit, exit 3, the states so far. */
function expectStoreLimit(r: CheckResult<unknown>, distinct: number): void {
  expect(r.verdict).toBe("incomplete");
  expect(r.limit).toBe("storeLimit");
  expect(r.stats.distinctStates).toBe(distinct);
  expect(exitCodeOf([r])).toBe(EXIT.incomplete);
  expect(formatVerdict(r)).toContain("stopped by the visited-state store's size limit");
}

/** Inserts keys 0..n-1 (well-mixed lane 1); returns how many went in before the store stopped, and why. */
function fill(insert: (h1: number, h2: number, i: number) => number, n: number): { added: number; limit?: string } {
  for (let i = 0; i < n; i++) {
    try {
      expect(insert(Math.imul(i, 0x9e3779b1), i, i)).toBe(i);
    } catch (e) {
      if (!isEvaluationStopped(e)) throw e;
      return { added: i, limit: e.limit };
    }
  }
  return { added: n };
}

describe("sequential stores at their limits", () => {
  it("the largest table holds past the old 2^28 ceiling, and its last index + 1 is still a positive int32", () => {
    expect(MAX_ENTRIES).toBeGreaterThan(1.2e9);
    expect(MAX_ENTRIES).toBeLessThan(2 ** 31 - 1);
    expect((MAX_ENTRIES + 1) | 0).toBe(MAX_ENTRIES + 1);
  });

  for (const kind of ["FingerprintStore", "CompactStore"] as const) {
    const make = (limits: {
      maxEntries?: number;
      maxTableBytes?: number;
    }): ((h1: number, h2: number, i: number) => number) & { store: FingerprintStore | CompactStore } => {
      const store = kind === "FingerprintStore" ? new FingerprintStore({ initialCapacity: 16, limits }) : new CompactStore({ limits });
      const insert = (h1: number, h2: number, i: number): number =>
        store instanceof FingerprintStore ? store.insert({ h1, h2, h3: 0 }, i - 1, 0, 0) : store.insert({ h1, h2, h3: 0 }, i - 1);
      return Object.assign(insert, { store });
    };

    it(`${kind}: at its largest table it fills to FULL_LOAD, then stops (storeLimit) with every entry intact`, () => {
      const ins = make({ maxTableBytes: 1024 * 12 });
      const r = fill(ins, 5000);
      expect(r).toEqual({ added: Math.floor(1024 * FULL_LOAD), limit: "storeLimit" });
      expect(ins.store.slots).toBe(1024);
      // Refused inserts change nothing: a duplicate is still found, the next one still refused.
      expect(ins(Math.imul(7, 0x9e3779b1), 7, 7)).toBe(-1 - 7);
      for (let i = 0; i < r.added; i++) expect(ins.store.find({ h1: Math.imul(i, 0x9e3779b1), h2: i, h3: 0 })).toBe(i);
      expect(ins.store.size).toBe(r.added);
    });

    it(`${kind}: an entry cap stops it exactly there`, () => {
      const ins = make({ maxEntries: 777 });
      expect(fill(ins, 5000)).toEqual({ added: 777, limit: "storeLimit" });
      expect(ins.store.size).toBe(777);
    });
  }

  const model = mutexN(4, 4);
  const all = mutexNDistinct(4, 4); // 12,288

  it("BFS (CompactStore): a table capped below its growth step completes at a higher load, with the same count", () => {
    const free = checkBfs(model);
    expect(free.stats.distinctStates).toBe(all);
    // 14,000 slots: 0.8 load holds 11,200 states, FULL_LOAD 12,600.
    const capped = checkBfs(model, { storeLimits: { maxTableBytes: 14000 * 12 } });
    expect(capped.verdict).toBe("holds");
    expect(capped.stats.distinctStates).toBe(all);
    expect(capped.stats.depth).toBe(free.stats.depth);
  });

  it("DFS (FingerprintStore): the same at 16,384 slots (0.7 load holds 11,468 states)", () => {
    const capped = checkDfs(model, { storeLimits: { maxTableBytes: 16384 * 12 } });
    expect(capped.verdict).toBe("holds");
    expect(capped.stats.distinctStates).toBe(all);
  });

  it("an allocation the engine refuses during the search ends it with maxMemory and exit 3, not an internal error", () => {
    let calls = 0;
    const starved = {
      ...model,
      successors: (s: Parameters<typeof model.successors>[0], out: Parameters<typeof model.successors>[1]): void => {
        if (++calls > 1000) throw new RangeError("Array buffer allocation failed");
        model.successors(s, out);
      },
    };
    for (const check of [checkBfs, checkDfs]) {
      calls = 0;
      const r = check(starved);
      expect(r.verdict).toBe("incomplete");
      expect(r.limit).toBe("maxMemory");
      expect(r.stats.distinctStates).toBeGreaterThan(1000);
      expect(exitCodeOf([r])).toBe(EXIT.incomplete);
    }
  });

  it("BFS and DFS stop with storeLimit, partial statistics and exit 3 when the table truly cannot hold the states", () => {
    for (const r of [checkBfs(model, { storeLimits: { maxTableBytes: 8192 * 12 } }), checkDfs(model, { storeLimits: { maxTableBytes: 8192 * 12 } })]) {
      expectStoreLimit(r, Math.floor(8192 * FULL_LOAD));
      expect(r.stats.statesGenerated).toBeGreaterThan(0);
    }
    for (const r of [checkBfs(model, { storeLimits: { maxEntries: 5000 } }), checkDfs(model, { storeLimits: { maxEntries: 5000 } })]) expectStoreLimit(r, 5000);
  });
});

describe("SharedTable growth", () => {
  const t = new SharedTable(SharedTable.buffers(1024, 1));
  const policy = { factor: 4, maxLoad: 0.75, maxBytes: Infinity, freeBytes: Infinity };

  it("grows by its factor when it can, less when that passes the size or memory limit, and reports the limit when not even 2× fits", () => {
    const grown = (p: Partial<typeof policy>, needed = 0): number | string => {
      const g = growTable(t, needed, 1, { ...policy, ...p });
      return "buffers" in g ? new SharedTable(g.buffers).slots : g.limit;
    };
    expect(grown({})).toBe(4096);
    expect(grown({ maxBytes: SharedTable.bytesFor(2048, 1) })).toBe(2048);
    expect(grown({ maxBytes: SharedTable.bytesFor(3000, 1) })).toBe(2048);
    // Growing adds slots (4 bytes each); the entry segment is kept.
    expect(grown({ freeBytes: (2048 - 1024) * 4 + 1 })).toBe(2048);
    expect(grown({ maxBytes: SharedTable.bytesFor(1024, 1) })).toBe("storeLimit");
    expect(grown({ freeBytes: (2048 - 1024) * 4 - 1 })).toBe("maxMemory");
    // Room for `needed` is wanted, but the limit wins.
    expect(grown({ maxBytes: SharedTable.bytesFor(8192, 1) }, 100_000)).toBe(8192);
    // The real ceiling: slots in one typed array, entry numbers + 1 positive int32 values.
    expect(SharedTable.maxSlots()).toBe(MAX_SLOTS);
    expect(SharedTable.entryLimit(MAX_SLOTS) + 1).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});

describe("parallel search (2 workers) at the table limit", () => {
  it("partitioned: each worker's table grows to its cap; past it the search stops with storeLimit and exit 3", async () => {
    const r = await compileTo("test/models/mutexn.tspec", "store-limits-mutexn");
    const modulePath = path.resolve(r.dir, "model.ts");
    // n4k4: 12,288 states, about 6,144 per worker. 8,192 slots (32 KB) hold them at load ≤ 0.8; 4,096 hold at most 3,686 (load 0.9).
    const base = { workers: 2, initialSlots: 1024 };
    const fits = await checkParallel(modulePath, "n4k4", { ...base, storeLimits: { maxTableBytes: 8192 * 4 } });
    expect(fits.verdict).toBe("holds");
    expect(fits.stepCode).toBe("packed");
    expect(fits.stats.distinctStates).toBe(12288);
    expect(fits.parallel.growths).toBe(2 * 3);
    const full = await checkParallel(modulePath, "n4k4", { ...base, storeLimits: { maxTableBytes: 4096 * 4 } });
    expect(full.verdict).toBe("incomplete");
    expect(full.limit).toBe("storeLimit");
    expect(exitCodeOf([full])).toBe(EXIT.incomplete);
    expect(full.stats.distinctStates).toBeLessThan(2 * 3687);
    expect(full.stats.distinctStates).toBeGreaterThan(4096);
  }, 60_000);

  it("partitioned: a stream or level buffer that cannot grow stops the search with storeLimit in every worker", async () => {
    const r = await compileTo("test/models/mutexn.tspec", "store-limits-mutexn");
    const modulePath = path.resolve(r.dir, "model.ts");
    // peers-n5k8's levels reach 98,400 states: their key streams (8 bytes a key) outgrow 256 KB long before the end.
    const capped = await checkParallel(modulePath, "peers-n5k8", { workers: 2, maxBufferBytes: 256 * 1024 });
    expect(capped.verdict).toBe("incomplete");
    expect(capped.limit).toBe("storeLimit");
    expect(exitCodeOf([capped])).toBe(EXIT.incomplete);
    expect(capped.stepCode).toBe("packed");
    expect(capped.stats.distinctStates).toBeGreaterThan(1000);
    expect(capped.stats.distinctStates).toBeLessThan(3670016);
    // The same search without the cap completes: the cap is what stopped it.
    const whole = await checkParallel(modulePath, "peers-n5k8", { workers: 2, maxStates: 200_000 });
    expect(whole.limit).toBe("maxStates");
    expect(whole.stats.distinctStates).toBe(200_000);
  }, 60_000);

  it("shared table: grows 2× near the limit and completes with the sequential count, or stops with storeLimit and exit 3", async () => {
    const r = await compileTo("test/models/mutexn.tspec", "store-limits-mutexn");
    const modulePath = path.resolve(r.dir, "model.ts");
    const base = { engine: "shared" as const, workers: 2, prefixStates: 1, initialSlots: 2048 };
    // A cap of `slots` slots, one key segment and `ords` ords of a level (n4k4's levels and the growth margin), but not twice the slots.
    const cap = (slots: number, ords: number): number => SharedTable.bytesFor(slots, 1, ords);
    // 2,048 → 4,096 → 8,192 → 16,384 slots (and one key segment); 12,288 states fit under the emergency load.
    for (const growAhead of [0, 2]) {
      const fits = await checkParallel(modulePath, "n4k4", { ...base, growAhead, storeLimits: { maxTableBytes: cap(16384, 1 << 14) } });
      expect(fits.verdict).toBe("holds");
      expect(fits.stats.distinctStates).toBe(12288);
      expect(fits.stats.storeBytes).toBeGreaterThan(SharedTable.bytesFor(16384, 1));
      expect(fits.stats.storeBytes).toBeLessThanOrEqual(cap(16384, 1 << 14));
      expect(fits.parallel.growths).toBeGreaterThanOrEqual(1);
    }
    // 8,192 slots cannot hold 12,288 states: the search stops at the emergency load (0.92, less a flush per worker).
    const full = await checkParallel(modulePath, "n4k4", { ...base, storeLimits: { maxTableBytes: cap(8192, 1 << 13) } });
    expect(full.verdict).toBe("incomplete");
    expect(full.limit).toBe("storeLimit");
    expect(exitCodeOf([full])).toBe(EXIT.incomplete);
    expect(full.stats.storeBytes).toBeGreaterThan(SharedTable.bytesFor(8192, 1));
    expect(full.stats.storeBytes).toBeLessThanOrEqual(cap(8192, 1 << 13));
    expect(full.stats.distinctStates).toBeGreaterThanOrEqual(Math.floor(8192 * 0.92) - 2 * 64);
    expect(full.stats.distinctStates).toBeLessThan(8192);
  }, 60_000);
});
