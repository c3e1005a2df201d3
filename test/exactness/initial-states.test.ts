/**
 * Initial values computed from other variables and `def`s (issue 13 item 2): exact counts derived by
 * hand in each model's header, for the initial states alone and for the reachable graph.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { checkBfs, type Model } from "../../runtime/index.js";
import { compileTo } from "../emit/helpers.js";

async function load(file: string, name: string): Promise<{ createModel(w: string): Model<unknown> }> {
  const r = await compileTo(file, name);
  return (await import(/* @vite-ignore */ pathToFileURL(path.resolve(`${r.dir}/model.ts`)).href)) as { createModel(w: string): Model<unknown> };
}

describe("initial values that read other variables", () => {
  it("init-dependent: 4 initial states (c = b, done in {false, same}), 12 states, depth 3", async () => {
    const m = (await load("test/models/init-dependent.tspec", "init-dependent")).createModel("w");
    const init = m.init() as readonly { b: number; c: number; done: boolean }[];
    expect(init.length).toBe(4);
    for (const s of init) expect(s.c).toBe(s.b);
    expect(init.filter((s) => s.done).length).toBe(2);
    const r = checkBfs(m, {});
    expect(r.verdict).toBe("holds");
    expect(r.stats.distinctStates).toBe(12);
    expect(r.stats.depth).toBe(3);
  });
});

describe("process locals with a nondeterministic initial value", () => {
  it("local-choice: 4 initial locals per instance, 16 initial states, 64 states, depth 3", async () => {
    const m = (await load("test/models/local-choice.tspec", "local-choice")).createModel("two");
    const init = m.init() as readonly { Node: readonly { initiator: boolean; k: number; kk: number }[] }[];
    expect(init.length).toBe(16);
    // Every combination appears once: instance 1's k in {0, 1}, instance 2's k in {0, 2}.
    const keys = new Set(init.map((s) => JSON.stringify(s.Node)));
    expect(keys.size).toBe(16);
    for (const s of init) {
      expect([0, 1]).toContain(s.Node[0]?.k);
      expect([0, 2]).toContain(s.Node[1]?.k);
      for (const l of s.Node) expect(l.kk).toBe(l.k);
    }
    const r = checkBfs(m, {});
    expect(r.verdict).toBe("holds");
    expect(r.stats.distinctStates).toBe(64);
    expect(r.stats.depth).toBe(3);
  });
});

describe("let and with (x = e) as statements", () => {
  it("let-with: 7 states, depth 4, two successors per step (e in {0, 1}), one per let", async () => {
    const m = (await load("test/models/let-with.tspec", "let-with")).createModel("w");
    const r = checkBfs(m, {});
    expect(r.verdict).toBe("holds");
    expect(r.stats.distinctStates).toBe(7);
    expect(r.stats.depth).toBe(4);
    expect(r.stats.statesGenerated).toBe(10);
  });
});
