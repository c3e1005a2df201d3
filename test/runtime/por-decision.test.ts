/**
 * `porDecision` (runtime/reduce/decision.ts): one case per reason, on a small hand-built model whose
 * facts are varied one at a time, so each test fails if its reason stops being decided.
 */
import { describe, expect, it } from "vitest";
import { hasLocks, porDecision, type PorRunPlan } from "../../runtime/reduce/decision.js";
import type { Model } from "../../runtime/contract/model.js";
import type { ViewType } from "../../runtime/contract/view-type.js";

type S = { readonly x: number };

/** Two instances of one process with one step each, access sets known, no locks: POR can run. */
function model(extra: Partial<Record<string, unknown>> = {}): Model<S> {
  const base = {
    spec: "Fake",
    workload: "w",
    instances: [
      { name: "P[1]", process: "P", pid: 0 },
      { name: "P[2]", process: "P", pid: 1 },
    ],
    steps: [{ id: 0, name: "inc", process: "P", loc: "fake.tspec:1", reads: ["x"], writes: ["x"], next: [0] }],
    invariants: [],
    checkDeadlock: true,
    expect: { kind: "holds" },
    init: () => [{ x: 0 }],
    successors: () => undefined,
    done: () => false,
    encode: () => undefined,
    view: (s: S) => ({ x: s.x }),
    stepAt: () => 0,
    viewTypes: { x: { kind: "int" } },
  };
  return { ...base, ...extra } as unknown as Model<S>;
}

const BFS: PorRunPlan = { search: "bfs" };

describe("porDecision", () => {
  it("is on by default when the run checks only safety on a model it can reduce", () => {
    expect(porDecision(model(), BFS)).toEqual({ on: true, forced: false });
    expect(porDecision(model(), { ...BFS, requested: true })).toEqual({ on: true, forced: true });
  });

  it("--no-por: off, whatever else", () => {
    expect(porDecision(model(), { ...BFS, requested: false })).toEqual({ on: false, reason: "--no-por" });
  });

  const unsound: [string, Model<S>, PorRunPlan, RegExp][] = [
    ["the depth-first search", model(), { search: "dfs" }, /depth-first/],
    ["--continue", model(), { ...BFS, continue: true }, /--continue/],
    ["refinement", model({ refinement: { check: () => undefined, initialViolation: () => undefined } }), BFS, /refines/],
    ["a state constraint", model({ constraints: [{ name: "x < 3", holds: () => true }] }), BFS, /constraint/],
    ["symmetry", model(), { ...BFS, symmetry: true }, /symmetry/],
  ];
  it.each(unsound)("%s: off by default, refused when forced", (_, m, plan, reason) => {
    const d = porDecision(m, plan);
    expect(d.on).toBe(false);
    if (!d.on) {
      expect(d.reason).toMatch(reason);
      expect(d.refused).toBeUndefined();
    }
    const f = porDecision(m, { ...plan, requested: true });
    expect(f.on).toBe(false);
    if (!f.on) {
      expect(f.reason).toMatch(reason);
      expect(f.refused).toBe(true);
    }
    // And --no-por says so rather than the other reason.
    expect(porDecision(m, { ...plan, requested: false })).toEqual({ on: false, reason: "--no-por" });
  });

  it("temporal properties checked: off by default; forced, on (the run then does not check them)", () => {
    const d = porDecision(model(), { ...BFS, properties: true });
    expect(d).toEqual({ on: false, reason: expect.stringMatching(/temporal properties/) as unknown });
    expect(porDecision(model(), { ...BFS, properties: true, requested: true })).toEqual({ on: true, forced: true });
    expect(porDecision(model(), { ...BFS, properties: false })).toEqual({ on: true, forced: false });
  });

  it("lock-order analysis: off by default only when the model has locks", () => {
    const locked = model({ viewTypes: { x: { kind: "int" }, lock: { kind: "owner" } } });
    const d = porDecision(locked, { ...BFS, lockOrder: true });
    expect(d.on).toBe(false);
    if (!d.on) expect(d.reason).toMatch(/lock-order/);
    expect(porDecision(locked, { ...BFS, lockOrder: false })).toEqual({ on: true, forced: false });
    expect(porDecision(locked, { ...BFS, lockOrder: true, requested: true })).toEqual({ on: true, forced: true });
    expect(porDecision(model(), { ...BFS, lockOrder: true })).toEqual({ on: true, forced: false });
  });

  it("what the model cannot support: off, forced or not, never refused", () => {
    const cases: [Model<S>, RegExp][] = [
      [model({ stepAt: undefined }), /current steps/],
      [model({ steps: [{ id: 0, name: "inc", process: "P", loc: "fake.tspec:1" }] }), /access sets/],
      [model({ instances: [{ name: "P[1]", process: "P", pid: 0 }] }), /fewer than two/],
    ];
    for (const [m, reason] of cases) {
      for (const requested of [undefined, true]) {
        const d = porDecision(m, { ...BFS, requested });
        expect(d.on).toBe(false);
        if (!d.on) {
          expect(d.reason).toMatch(reason);
          expect(d.refused).toBeUndefined();
        }
      }
    }
  });
});

describe("hasLocks", () => {
  const withType = (t: ViewType): Model<S> => model({ viewTypes: { v: t } });
  it("finds a lock owner anywhere in the view types, and assumes locks without view types", () => {
    expect(hasLocks(withType({ kind: "int" }))).toBe(false);
    expect(hasLocks(withType({ kind: "owner" }))).toBe(true);
    expect(hasLocks(withType({ kind: "map", key: { kind: "int" }, value: { kind: "record", fields: [["writer", { kind: "owner" }]] } }))).toBe(true);
    expect(
      hasLocks(
        withType({
          kind: "variant",
          cases: [
            ["A", []],
            ["B", [["o", { kind: "owner" }]]],
          ],
        }),
      ),
    ).toBe(true);
    expect(hasLocks(withType({ kind: "set", elem: { kind: "name" } }))).toBe(false);
    expect(hasLocks(model({ viewTypes: undefined }))).toBe(true);
  });
});
