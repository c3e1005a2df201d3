/**
 * The liveness algorithm on hand-built graph models: known answers, a randomized comparison with a
 * brute-force oracle (enumerate every strongly connected set of states, test fairness directly from
 * the TLA+ definitions), large graphs (no recursion), limits and unsupported formulas.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildStateGraph } from "../../runtime/analyses/graph.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { checkAllProperties, checkLiveness, safetyTraceProblems, validateLasso } from "../../runtime/analyses/liveness.js";
import type { FairnessConstraint, TemporalFormula, TemporalProperty } from "../../runtime/contract/model.js";
import { graphModel, inSet, loadFixture, type GEdge } from "./helpers.js";

const st = (text: string, f: (s: number) => boolean): TemporalFormula<number> => ({ kind: "state", text, holds: f });

describe("known answers on small graphs", () => {
  // 0 ⇄ 1 by P[0] (step 0), 1 → 2 by P[1] (step 1); P = {2}.
  const edges: GEdge[] = [
    [0, 1, 0, 0],
    [1, 0, 0, 0],
    [1, 2, 1, 1],
  ];
  const ev2: TemporalProperty<number> = { name: "Reach2", loc: "t", formula: { kind: "eventually", arg: inSet("s == 2", new Set([2])) } };
  const mk = (fairness: FairnessConstraint[]) => graphModel({ n: 3, edges, init: [0], nSteps: 2, nInstances: 2, fairness, properties: [ev2] });

  it("no fairness: stutter in the initial state", () => {
    const r = checkLiveness(mk([]), "Reach2");
    expect(r.verdict).toBe("violated");
    expect(r.lasso?.stutter).toBe(true);
    expect(r.lasso?.prefix.map((t) => t.state)).toEqual([0]);
  });

  it("WF on P[1] alone: P[1] is enabled only in state 1, so the 0 ⇄ 1 cycle is WF-fair", () => {
    const m = mk([
      { kind: "weak", name: "P[1]", instance: 1, steps: [1] },
      { kind: "weak", name: "P[0]", instance: 0, steps: [0] },
    ]);
    const r = checkLiveness(m, "Reach2");
    expect(r.verdict).toBe("violated");
    expect(r.lasso?.cycle.map((t) => t.state)).toEqual([1, 0]);
    expect(validateLasso(m, ev2, r.lasso!)).toEqual([]);
  });

  it("SF on P[1]: enabled infinitely often in that cycle, so it must be taken: holds", () => {
    const m = mk([
      { kind: "strong", name: "P[1]", instance: 1, steps: [1] },
      { kind: "weak", name: "P[0]", instance: 0, steps: [0] },
    ]);
    const r = checkLiveness(m, "Reach2");
    expect(r.verdict).toBe("holds");
    expect(r.stats.refinements).toBe(1);
  });

  it("SF on P[1] without WF on P[0]: stuttering in state 0 (P[1] disabled there) is fair", () => {
    const m = mk([{ kind: "strong", name: "P[1]", instance: 1, steps: [1] }]);
    const r = checkLiveness(m, "Reach2");
    expect(r.verdict).toBe("violated");
    expect(r.lasso?.stutter).toBe(true);
    expect(r.lasso?.prefix.at(-1)?.state).toBe(0);
  });

  it("terminal states stutter: eventually P fails when the run ends in a ¬P state", () => {
    // 0 → 1 (terminal), fair.
    const m = graphModel({
      n: 2,
      edges: [[0, 1, 0, 0]],
      init: [0],
      nSteps: 1,
      nInstances: 1,
      fairness: [{ kind: "weak", name: "P[0]", instance: 0, steps: [0] }],
      properties: [
        { name: "Ev0", loc: "t", formula: { kind: "eventually", arg: st("s == 5", (s) => s === 5) } },
        { name: "EvAlw", loc: "t", formula: { kind: "eventually", arg: { kind: "always", arg: st("s == 1", (s) => s === 1) } } },
        { name: "AlwEv", loc: "t", formula: { kind: "always", arg: { kind: "eventually", arg: st("s == 0", (s) => s === 0) } } },
        { name: "Lt", loc: "t", formula: { kind: "leadsto", left: st("s == 0", (s) => s === 0), right: st("s == 1", (s) => s === 1) } },
        { name: "Safe", loc: "t", formula: { kind: "always", arg: st("s <= 0", (s) => s <= 0) } },
        { name: "Init", loc: "t", formula: st("s == 0", (s) => s === 0) },
      ],
    });
    const r = Object.fromEntries(checkAllProperties(m).map((x) => [x.property, x]));
    expect(r["Ev0"]?.verdict).toBe("violated");
    expect(r["Ev0"]?.lasso?.prefix.map((t) => t.state)).toEqual([0, 1]);
    expect(r["Ev0"]?.lasso?.stutter).toBe(true);
    expect(r["EvAlw"]?.verdict).toBe("holds");
    expect(r["AlwEv"]?.verdict).toBe("violated");
    expect(r["Lt"]?.verdict).toBe("holds");
    expect(r["Safe"]?.verdict).toBe("violated");
    expect(r["Safe"]?.form).toBe("always");
    expect(r["Safe"]?.trace?.map((t) => t.state)).toEqual([0, 1]);
    expect(r["Safe"]?.lasso).toBeUndefined();
    expect(r["Init"]?.verdict).toBe("holds");
  });

  it("eventually always: a fair cycle through a ¬P state", () => {
    // 0 ⇄ 1 (WF P[0]); P = {0}: the cycle visits 1 infinitely often.
    const m = graphModel({
      n: 2,
      edges: [
        [0, 1, 0, 0],
        [1, 0, 0, 0],
      ],
      init: [0],
      nSteps: 1,
      nInstances: 1,
      fairness: [{ kind: "weak", name: "P[0]", instance: 0, steps: [0] }],
      properties: [{ name: "FG", loc: "t", formula: { kind: "eventually", arg: { kind: "always", arg: st("s == 0", (s) => s === 0) } } }],
    });
    const r = checkLiveness(m, "FG");
    expect(r.verdict).toBe("violated");
    expect(r.lasso?.cycle.length).toBe(2);
    expect(validateLasso(m, m.properties[0]!, r.lasso!)).toEqual([]);
  });

  it("unsupported formulas are reported, not mis-checked", () => {
    const m = graphModel({
      n: 1,
      edges: [],
      init: [0],
      nSteps: 1,
      nInstances: 1,
      fairness: [],
      properties: [
        {
          name: "Nested",
          loc: "t",
          formula: { kind: "eventually", arg: { kind: "leadsto", left: st("a", () => true), right: st("b", () => true) } },
        },
      ],
    });
    const r = checkLiveness(m, "Nested");
    expect(r.verdict).toBe("incomplete");
    expect(r.error).toMatch(/unsupported temporal formula/);
  });
});

type OracleForm = "always" | "eventually" | "leadsto" | "always-eventually" | "eventually-always" | "always-implies-always" | "implies-always";

/**
 * Brute force from the definitions, the oracle of the randomized suites: a strongly connected S (a singleton
 * is a stutter or self-loop) reachable where the property allows, that is fair; each binding of an `each`
 * constraint is a constraint of its own.
 */
function bruteForceFairCycle(edges: GEdge[], init: number[], fairness: FairnessConstraint[], form: OracleForm, P: Set<number>, Q: Set<number>): boolean {
  const succ = (v: number) => edges.filter((e) => e[0] === v);
  const reach = (from: number[], ok: (v: number) => boolean): Set<number> => {
    const seen = new Set(from.filter(ok));
    const q = [...seen];
    while (q.length) for (const e of succ(q.pop()!)) if (ok(e[1]) && !seen.has(e[1])) (seen.add(e[1]), q.push(e[1]));
    return seen;
  };
  const R = reach(init, () => true);
  if (form === "always") return [...R].some((v) => !P.has(v));
  if (form === "always-implies-always" || form === "implies-always") {
    const from = (form === "implies-always" ? init : [...R]).filter((v) => P.has(v));
    return [...reach(from, () => true)].some((v) => !Q.has(v));
  }
  // Expand per-binding constraints over the binding values of the edges.
  type C = { kind: "weak" | "strong"; matches: (e: GEdge) => boolean };
  const cs: C[] = [];
  for (const c of fairness) {
    // A self-loop is a stutter: it neither enables nor takes a constraint (<<A>>_vars).
    const base = (e: GEdge) => e[0] !== e[1] && c.steps.includes(e[2]) && (c.instance < 0 || c.instance === e[3]);
    if (c.each === undefined) cs.push({ kind: c.kind, matches: base });
    else for (const v of new Set(edges.filter(base).map((e) => e[4]))) cs.push({ kind: c.kind, matches: (e) => base(e) && e[4] === v });
  }
  let allowed: (v: number) => boolean;
  let sources: number[];
  if (form === "eventually") ((allowed = (v) => !P.has(v)), (sources = init));
  else if (form === "leadsto") ((allowed = (v) => !Q.has(v)), (sources = [...R].filter((v) => P.has(v))));
  else if (form === "always-eventually") ((allowed = (v) => !P.has(v)), (sources = [...R]));
  else ((allowed = () => true), (sources = [...R]));
  const A = [...reach(sources, allowed)];
  for (let mask = 1; mask < 1 << A.length; mask++) {
    const S = A.filter((_, i) => mask & (1 << i));
    const inS = new Set(S);
    if (S.length > 1) {
      const fw = reach([S[0]!], (v) => inS.has(v));
      const bw = new Set([S[0]!]);
      let grown = true;
      while (grown) {
        grown = false;
        for (const e of edges) if (inS.has(e[0]) && bw.has(e[1]) && !bw.has(e[0])) (bw.add(e[0]), (grown = true));
      }
      if (fw.size !== S.length || bw.size !== S.length) continue;
    }
    if (form === "eventually-always" && !S.some((v) => !P.has(v))) continue;
    const fair = cs.every((c) => {
      if (edges.some((e) => inS.has(e[0]) && inS.has(e[1]) && c.matches(e))) return true;
      const enabled = S.map((v) => succ(v).some((e) => c.matches(e)));
      return c.kind === "weak" ? enabled.some((x) => !x) : enabled.every((x) => !x);
    });
    if (fair) return true;
  }
  return false;
}

describe("randomized: agrees with a brute-force oracle", () => {
  type Form = "always" | "eventually" | "leadsto" | "always-eventually" | "eventually-always";
  const FORMS: Form[] = ["always", "eventually", "leadsto", "always-eventually", "eventually-always"];

  const arb = fc
    .record({
      n: fc.integer({ min: 1, max: 7 }),
      rawEdges: fc.array(fc.tuple(fc.nat(6), fc.nat(6), fc.nat(2), fc.nat(1)), { maxLength: 14 }),
      init: fc.array(fc.nat(6), { minLength: 1, maxLength: 2 }),
      fair: fc.array(fc.constantFrom("none", "weak", "strong"), { minLength: 3, maxLength: 3 }),
      P: fc.array(fc.nat(6), { maxLength: 4 }),
      Q: fc.array(fc.nat(6), { maxLength: 4 }),
      form: fc.constantFrom(...FORMS),
    })
    .map((r) => {
      // Steps 0 and 1 belong to instances 0 and 1; step 2 is an action (instance -1).
      const edges: GEdge[] = r.rawEdges.map(([a, b, s, i]) => [a % r.n, b % r.n, s, s === 2 ? -1 : i]);
      const fairness: FairnessConstraint[] = [];
      const kinds = r.fair as ("none" | "weak" | "strong")[];
      if (kinds[0] !== "none") fairness.push({ kind: kinds[0]!, name: "P[0]", instance: 0, steps: [0, 1] });
      if (kinds[1] !== "none") fairness.push({ kind: kinds[1]!, name: "P[1]", instance: 1, steps: [0, 1] });
      if (kinds[2] !== "none") fairness.push({ kind: kinds[2]!, name: "Act", instance: -1, steps: [2] });
      return {
        n: r.n,
        edges,
        init: [...new Set(r.init.map((x) => x % r.n))],
        fairness,
        P: new Set(r.P.map((x) => x % r.n)),
        Q: new Set(r.Q.map((x) => x % r.n)),
        form: r.form,
      };
    });

  it("on 1500 random graphs, all five forms, WF/SF mixes; every lasso validates", () => {
    fc.assert(
      fc.property(arb, (c) => {
        const p = st("P", (s) => c.P.has(s));
        const q = st("Q", (s) => c.Q.has(s));
        const formula: TemporalFormula<number> =
          c.form === "always"
            ? { kind: "always", arg: p }
            : c.form === "eventually"
              ? { kind: "eventually", arg: p }
              : c.form === "leadsto"
                ? { kind: "leadsto", left: p, right: q }
                : c.form === "always-eventually"
                  ? { kind: "always", arg: { kind: "eventually", arg: p } }
                  : { kind: "eventually", arg: { kind: "always", arg: p } };
        const prop: TemporalProperty<number> = { name: "X", loc: "t", formula };
        const m = graphModel({ n: c.n, edges: c.edges, init: c.init, nSteps: 3, nInstances: 2, fairness: c.fairness, properties: [prop] });
        const r = checkLiveness(m, prop);
        const want = bruteForceFairCycle(c.edges, c.init, c.fairness, c.form, c.P, c.Q);
        expect(r.verdict).toBe(want ? "violated" : "holds");
        if (r.lasso) expect(validateLasso(m, prop, r.lasso)).toEqual([]);
        if (r.trace) expect(c.P.has(r.trace.at(-1)!.state)).toBe(false);
      }),
      { numRuns: 1500, seed: 20240601 },
    );
  });
});

describe("large graphs and limits", () => {
  // A ring 0 → 1 → … → n-1 → 0, one fair process.
  const ring = (n: number, fair: boolean) =>
    graphModel({
      n,
      edges: Array.from({ length: n }, (_, i): GEdge => [i, (i + 1) % n, 0, 0]),
      init: [0],
      nSteps: 1,
      nInstances: 1,
      fairness: fair ? [{ kind: "weak", name: "P[0]", instance: 0, steps: [0] }] : [],
      properties: [
        { name: "Never", loc: "t", formula: { kind: "eventually", arg: st("s < 0", (s) => s < 0) } },
        { name: "Zero", loc: "t", formula: { kind: "always", arg: { kind: "eventually", arg: st("s == 0", (s) => s === 0) } } },
      ],
    });

  it("a 300k-state ring: iterative SCCs, a 300k-step fair cycle", () => {
    const n = 300_000;
    const m = ring(n, true);
    const rs = checkAllProperties(m);
    expect(rs.map((r) => r.verdict)).toEqual(["violated", "holds"]);
    const lasso = rs[0]!.lasso!;
    expect(lasso.prefix.length).toBe(1);
    expect(lasso.cycle.length).toBe(n);
    expect(lasso.cycle.at(-1)!.state).toBe(0);
    expect(rs[0]!.stats.states).toBe(n);
    expect(rs[0]!.stats.edges).toBe(n);
  });

  it("maxStates: incomplete (no proof), but a violation inside the explored part is still reported", () => {
    const r = checkLiveness(ring(1000, true), "Zero", { maxStates: 100 });
    expect(r.verdict).toBe("incomplete");
    expect(r.limit).toBe("maxStates");
    const r2 = checkLiveness(ring(1000, false), "Zero", { maxStates: 100 });
    expect(r2.verdict).toBe("violated"); // stuttering in state 1 needs no unexplored state
  });

  it("the graph of a compiled model has exactly BFS's states and transitions", async () => {
    const f = await loadFixture("peterson");
    const m = f.create("weak");
    const g = buildStateGraph(m);
    const b = checkBfs(m);
    expect(g.complete).toBe(true);
    expect(g.size).toBe(b.stats.distinctStates);
    expect(g.edgeCount).toBe(b.stats.statesGenerated);
    expect(g.stats().depth).toBe(b.stats.depth);
    // Every edge replays to a real transition.
    for (let v = 0; v < g.size; v++) {
      const tr = g.traceTo(v);
      for (let e = g.edgeBegin(v); e < g.edgeEnd(v); e++) expect(g.replay(tr, [e]).length).toBe(tr.length + 1);
    }
  });
});

describe("scaling (compiled perf.tspec)", () => {
  it("k10 / k20 (20k / 160k states): verdicts, lasso validity, and a time budget", async () => {
    const f = await loadFixture("perf");
    for (const [w, states] of [
      ["k10", 20_000],
      ["k20", 160_000],
    ] as const) {
      const m = f.create(w);
      const t0 = performance.now();
      const rs = checkAllProperties(m);
      const secs = (performance.now() - t0) / 1000;
      expect(rs.map((r) => [r.property, r.verdict])).toEqual([
        ["Progress", "holds"],
        ["W1Counts", "violated"],
      ]);
      expect(rs[0]!.stats.states).toBe(states);
      const bad = rs[1]!;
      expect(validateLasso(m, m.properties[1]!, bad.lasso!)).toEqual([]);
      // Workers 2 and 3 pass the mutex around while worker 1 waits at B.
      expect(bad.lasso!.cycle.some((t) => t.instance === 0)).toBe(false);
      expect(bad.stats.bytes / bad.stats.states).toBeLessThan(100);
      expect(secs).toBeLessThan(30);
    }
  });
});

describe("per-binding fairness, quantified properties, always (P => always Q)", () => {
  const st2 = (text: string, f: (s: number) => boolean): TemporalFormula<number> => ({ kind: "state", text, holds: f });

  it("known answer: WF on the disjunction is met by one binding, WF per binding is not", () => {
    // 0 ⇄ 1 by A(x = 0); A(x = 1) is enabled in 0 and 1 and leads to 2 (P).
    const edges: GEdge[] = [
      [0, 1, 0, -1, 0],
      [1, 0, 0, -1, 0],
      [0, 2, 0, -1, 1],
      [1, 2, 0, -1, 1],
    ];
    const prop: TemporalProperty<number> = { name: "Reach2", loc: "t", formula: { kind: "eventually", arg: st2("s == 2", (s) => s === 2) } };
    const mk = (each: boolean) =>
      graphModel({
        n: 3,
        edges,
        init: [0],
        nSteps: 1,
        nInstances: 0,
        fairness: [{ kind: "weak", name: "A", instance: -1, steps: [0], ...(each ? { each: ["x"] } : {}) }],
        properties: [prop],
      });
    const shared = checkLiveness(mk(false), prop);
    expect(shared.verdict).toBe("violated");
    expect(shared.lasso?.cycle.map((t) => t.picks)).toEqual([{ x: 0 }, { x: 0 }]);
    expect(validateLasso(mk(false), prop, shared.lasso!)).toEqual([]);
    // The same lasso is unfair per binding: A(x = 1) is always enabled and never taken.
    expect(validateLasso(mk(true), prop, shared.lasso!)).toEqual(["the cycle is unfair: WF A(x = 1) is always enabled and never taken"]);
    expect(checkLiveness(mk(true), prop).verdict).toBe("holds");
  });

  it("known answer: a quantified property reports the violated value", () => {
    const edges: GEdge[] = [[0, 1, 0, 0]];
    const prop: TemporalProperty<number> = {
      name: "Each",
      loc: "t",
      formula: {
        kind: "forall",
        name: "k",
        domain: "{0, 1, 2}",
        values: () => [0, 1, 2],
        body: (k) => ({ kind: "eventually", arg: st2(`s == ${String(k)}`, (s) => s === k) }),
      },
    };
    const m = graphModel({
      n: 2,
      edges,
      init: [0],
      nSteps: 1,
      nInstances: 1,
      fairness: [{ kind: "weak", name: "P[0]", instance: 0, steps: [0] }],
      properties: [prop],
    });
    const r = checkLiveness(m, prop);
    expect(r.verdict).toBe("violated");
    expect(r.binding).toEqual({ k: 2 });
    expect(r.message).toMatch(/^Each \(for k = 2\) is violated/);
    expect(validateLasso(m, prop, r.lasso!, r.binding)).toEqual([]);
    // The lasso (stuck in 1) does not violate the instance k = 1.
    expect(validateLasso(m, prop, r.lasso!, { k: 1 })).not.toEqual([]);
  });

  type Form = "eventually" | "leadsto" | "always-eventually" | "eventually-always" | "always-implies-always" | "implies-always";
  const FORMS: Form[] = ["eventually", "leadsto", "always-eventually", "eventually-always", "always-implies-always", "implies-always"];

  const arb = fc
    .record({
      n: fc.integer({ min: 1, max: 7 }),
      rawEdges: fc.array(fc.tuple(fc.nat(6), fc.nat(6), fc.nat(2), fc.nat(1), fc.nat(2)), { maxLength: 14 }),
      init: fc.array(fc.nat(6), { minLength: 1, maxLength: 2 }),
      fair: fc.array(fc.constantFrom("none", "weak", "strong"), { minLength: 2, maxLength: 2 }),
      each: fc.boolean(),
      P: fc.array(fc.array(fc.nat(6), { maxLength: 4 }), { minLength: 2, maxLength: 2 }),
      Q: fc.array(fc.nat(6), { maxLength: 4 }),
      form: fc.constantFrom(...FORMS),
    })
    .map((r) => {
      // Step 0 belongs to instance 0 or 1; steps 1 and 2 are actions with a parameter x in 0..2.
      const edges: GEdge[] = r.rawEdges.map(([a, b, s, i, x]) => (s === 0 ? [a % r.n, b % r.n, 0, i] : [a % r.n, b % r.n, s, -1, x]));
      const fairness: FairnessConstraint[] = [];
      const kinds = r.fair as ("none" | "weak" | "strong")[];
      if (kinds[0] !== "none") fairness.push({ kind: kinds[0]!, name: "P[0]", instance: 0, steps: [0] });
      if (kinds[1] !== "none") fairness.push({ kind: kinds[1]!, name: "Act", instance: -1, steps: [1], ...(r.each ? { each: ["x"] } : {}) });
      const P = r.P.map((ps) => new Set(ps.map((x) => x % r.n)));
      return { n: r.n, edges, init: [...new Set(r.init.map((x) => x % r.n))], fairness, P, Q: new Set(r.Q.map((x) => x % r.n)), form: r.form };
    });

  it("on 1000 random graphs: per-binding WF/SF, a forall over two instances, six forms; every counterexample validates", () => {
    fc.assert(
      fc.property(arb, (c) => {
        const q = st2("Q", (s) => c.Q.has(s));
        const body = (k: number): TemporalFormula<number> => {
          const p = st2(`P${k}`, (s) => (c.P[k] as Set<number>).has(s));
          switch (c.form) {
            case "eventually":
              return { kind: "eventually", arg: p };
            case "leadsto":
              return { kind: "leadsto", left: p, right: q };
            case "always-eventually":
              return { kind: "always", arg: { kind: "eventually", arg: p } };
            case "eventually-always":
              return { kind: "eventually", arg: { kind: "always", arg: p } };
            case "always-implies-always":
              return { kind: "always", arg: { kind: "implies", left: p, right: { kind: "always", arg: q } } };
            case "implies-always":
              return { kind: "implies", left: p, right: { kind: "always", arg: q } };
          }
        };
        const prop: TemporalProperty<number> = {
          name: "X",
          loc: "t",
          formula: { kind: "forall", name: "k", domain: "{0, 1}", values: () => [0, 1], body: (k) => body(k as number) },
        };
        const m = graphModel({ n: c.n, edges: c.edges, init: c.init, nSteps: 3, nInstances: 2, fairness: c.fairness, properties: [prop] });
        const r = checkLiveness(m, prop);
        const want = [0, 1].map((k) => bruteForceFairCycle(c.edges, c.init, c.fairness, c.form, c.P[k] as Set<number>, c.Q));
        expect(r.verdict).toBe(want.some((x) => x) ? "violated" : "holds");
        if (r.verdict === "violated") {
          expect(r.binding).toEqual({ k: want[0] ? 0 : 1 });
          if (r.lasso) expect(validateLasso(m, prop, r.lasso, r.binding)).toEqual([]);
          else expect(safetyTraceProblems(prop, r.trace ?? [])).toEqual([]);
        }
      }),
      { numRuns: 1000, seed: 20261203 },
    );
  });
});
