/**
 * The visited set's key modes against the reference semantics (issue 18 item 3): on specs whose packed
 * state is 80 bits (exact 96-bit keys with `fingerprint: 96`) and 100 bits (hashed 96-bit keys), and
 * through the unpacked `encode` path, BFS and DFS with 64- and 96-bit keys find exactly the reference's
 * reachable states, its verdicts and its shortest counterexamples (replayed through the wider store).
 * `differential` (differential.ts) runs the default search and the 96-bit one and compares both.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { checkBfs, checkDfs, type Model } from "../../runtime/index.js";
import { differential } from "./differential.js";

/** `vars` counters of 20 bits each (packed: 20·vars bits), each stepping 0..`top`; `bad` is the invariant. */
function wideSpec(vars: number, top: number, bad: string): string {
  const names = Array.from({ length: vars }, (_, i) => `v${i}`);
  return [
    "spec Wide",
    ...names.map((v) => `var ${v}: 0..1048575 = 0;`),
    `invariant Bound: ${bad};`,
    ...names.map((v) => `action inc_${v} when ${v} < ${top} { ${v} = ${v} + 1; }`),
    ...names.map(
      (v, i) =>
        `action carry_${v} when ${v} == ${top} and ${names[(i + 1) % vars]} < ${top} { ${v} = 0; ${names[(i + 1) % vars]} = ${names[(i + 1) % vars]} + 1; }`,
    ),
    "check deadlock = false;",
    "workload w {",
    "  expect holds;",
    "}",
    "",
  ].join("\n");
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly exact96: boolean;
}

const cases: readonly Case[] = [
  { name: "wide80-holds", text: wideSpec(4, 4, "v0 + v1 + v2 + v3 < 100"), exact96: true },
  { name: "wide80-violated", text: wideSpec(4, 4, "v0 + v1 + v2 < 7"), exact96: true },
  { name: "wide100-holds", text: wideSpec(5, 3, "v0 < 100"), exact96: false },
  { name: "wide100-violated", text: wideSpec(5, 3, "v3 + v4 < 5"), exact96: false },
];

async function load(name: string): Promise<Model<unknown>> {
  const mod = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(`.cache/reference/fp-${name}/model.ts`)).href)) as {
    createModel(w: string): Model<unknown>;
  };
  return mod.createModel("w");
}

describe("fingerprint modes vs the reference semantics", () => {
  for (const c of cases) {
    it(`${c.name}: 64- and 96-bit keys agree with the reference (states, verdict, shortest trace)`, async () => {
      const r = await differential(c.text, `fp-${c.name}`, { cap: 20_000 });
      expect(r.problems, r.problems.join("\n")).toEqual([]);
      expect(r.capped).toBe(false);
      const model = await load(c.name);
      const auto = checkBfs(model);
      const wide = checkBfs(model, { fingerprint: 96 });
      // The mode each run used is the one the report states.
      expect(auto.stats.fingerprints).toMatchObject({ bits: 64, exact: false });
      expect(wide.stats.fingerprints).toMatchObject({ bits: 96, exact: c.exact96 });
      if (c.exact96) expect(wide.stats.fingerprints?.collisionProbability).toBe(0);
      else expect(wide.stats.fingerprints?.collisionProbability).toBeLessThan(auto.stats.fingerprints?.collisionProbability as number);
      // `auto` widens for a run bounded at 10^8 states or more.
      expect(checkBfs(model, { maxStates: 1e8 }).stats.fingerprints?.bits).toBe(96);
      // The unpacked path (Model.encode, hashed at either width) finds the same states and trace lengths.
      // (The model is a class instance: a prototype-linked view keeps its methods and hides `pack`.)
      const unpacked = Object.create(model, { pack: { value: undefined } }) as Model<unknown>;
      for (const fingerprint of [64, 96] as const) {
        for (const u of [checkBfs(unpacked, { fingerprint }), checkBfs(model, { fingerprint })]) {
          expect(u.verdict).toBe(auto.verdict);
          expect(u.stats.distinctStates).toBe(auto.stats.distinctStates);
          expect(u.trace?.length).toBe(auto.trace?.length);
        }
        expect(checkDfs(model, { fingerprint }).verdict).toBe(auto.verdict);
      }
      expect(checkBfs(unpacked, { fingerprint: 96 }).stats.fingerprints).toMatchObject({ bits: 96, exact: false });
    }, 120_000);
  }
});
