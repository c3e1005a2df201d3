/**
 * The checker's proof of exactness: test models whose numbers were derived by hand and confirmed by an
 * independent enumerator (test/models/oracle/enumerate.ts). Distinct states and depth are those of the
 * full reachable graph (TLC conventions: a state is all variables plus every pc and local; depth counts
 * states, an initial state being 1); the verdict and the shortest counterexample length come from the
 * real check.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { checkBfs, simulate, type Model } from "../../runtime/index.js";
import { compileTo } from "../emit/helpers.js";

interface Expected {
  readonly distinctStates: number;
  readonly depth: number;
  readonly verdict: string;
  readonly traceLength?: number;
}

const expected = JSON.parse(fs.readFileSync("test/models/expected.json", "utf8")) as Record<string, Record<string, Expected>>;
/** Workloads too large for the unit suite (they run in `npm run bench`). */
const SKIP = new Set(["mutexn.tspec/peers-n5k8"]);

function verdictOf(r: ReturnType<typeof checkBfs>): string {
  if (r.verdict !== "violated" || !r.violation) return r.verdict;
  const v = r.violation;
  return v.kind === "invariant" ? `violates ${v.property}` : v.kind;
}

/** The same model with no properties: BFS then explores the whole reachable graph. */
function explorationOnly<S>(m: Model<S>): Model<S> {
  return new Proxy(m, {
    get(target, key, receiver) {
      if (key === "invariants") return [];
      if (key === "checkDeadlock") return false;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

describe("exactness on hand-derived models", () => {
  for (const [file, workloads] of Object.entries(expected)) {
    for (const [workload, want] of Object.entries(workloads)) {
      if (SKIP.has(`${file}/${workload}`)) continue;
      it(`${file} ${workload}: ${want.distinctStates} states, depth ${want.depth}, ${want.verdict}`, async () => {
        const r = await compileTo(`test/models/${file}`, `models-${file.replace(".tspec", "")}`);
        const mod = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(`${r.dir}/model.ts`)).href)) as {
          createModel(w: string): Model<unknown>;
        };
        const model = mod.createModel(workload);
        const full = checkBfs(explorationOnly(model), {});
        expect(full.verdict).toBe("holds");
        expect(full.stats.distinctStates).toBe(want.distinctStates);
        expect(full.stats.depth).toBe(want.depth);
        const real = checkBfs(model, {});
        expect(verdictOf(real)).toBe(want.verdict);
        if (want.traceLength !== undefined) expect(real.trace?.length).toBe(want.traceLength);
      });
    }
  }

  it("simulation is reproducible from its seed", async () => {
    const r = await compileTo("test/models/counter.tspec", "models-counter-sim");
    const mod = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(`${r.dir}/model.ts`)).href)) as {
      createModel(w: string): Model<unknown>;
    };
    const a = simulate(mod.createModel("three"), { seed: 42, runs: 50, maxDepth: 20 });
    const b = simulate(mod.createModel("three"), { seed: 42, runs: 50, maxDepth: 20 });
    expect(a.verdict).toBe(b.verdict);
    expect(a.stats.distinctStates).toBe(b.stats.distinctStates);
    expect(a.trace?.map((t) => [t.step?.id, t.instance])).toEqual(b.trace?.map((t) => [t.step?.id, t.instance]));
  });
});
