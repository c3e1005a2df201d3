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
