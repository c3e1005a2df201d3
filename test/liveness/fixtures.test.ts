/**
 * Known-answer tests on small specs (test/fixtures/liveness/*.tspec), compiled by the real generator.
 * The expected verdicts are derived by hand in each spec's header comment (and agree with TLC's
 * classic answers: Peterson is starvation-free under WF; a blocking test-and-set lock needs SF against
 * starvation; a retry loop does not help even under SF).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { checkBfs } from "../../runtime/search/bfs.js";
import { checkAllProperties, checkLiveness, formatLasso, validateLasso, type LivenessResult } from "../../runtime/analyses/liveness.js";
import { checkWorkloadForTest } from "../../runtime/workload/verdict.js";
import { explainDeadlock } from "../../runtime/analyses/deadlock.js";
import { analyzeLockOrder } from "../../runtime/analyses/lockorder.js";
import type { TraceStep } from "../../runtime/search/result.js";
import { loadFixture, type AnyModel } from "./helpers.js";

type Fixture = Awaited<ReturnType<typeof loadFixture>>;
const fx: Record<string, Fixture> = {};

beforeAll(async () => {
  for (const f of ["spinlock", "peterson", "retry", "philosophers", "abba"]) fx[f] = await loadFixture(f);
});

function verdicts(m: AnyModel): Record<string, string> {
  return Object.fromEntries(checkAllProperties(m).map((r) => [r.property, r.verdict]));
}

/** Full lasso check: validateLasso plus the form-specific falsification, explicitly. */
function assertLasso(m: AnyModel, r: LivenessResult<unknown>): void {
  expect(r.verdict).toBe("violated");
  const lasso = r.lasso;
  expect(lasso).toBeDefined();
  if (!lasso) return;
  const prop = m.properties.find((p) => p.name === r.property);
  expect(prop).toBeDefined();
  expect(validateLasso(m, prop!, lasso)).toEqual([]);
  expect(lasso.loopIndex).toBe(lasso.prefix.length);
  expect(lasso.prefix[0]?.step).toBeUndefined();
  const all = [...lasso.prefix, ...lasso.cycle];
  all.forEach((t, i) => expect(t.index).toBe(i + 1));
  if (lasso.cycle.length > 0) expect(m.view(lasso.cycle.at(-1)!.state)).toEqual(m.view(lasso.prefix.at(-1)!.state));
}

describe("spinlock (test-and-set)", () => {
  const table: [string, Record<string, string>][] = [
    ["await-unfair", { SomeoneEnters: "violated", P1Enters: "violated" }],
    ["await-weak", { SomeoneEnters: "holds", P1Enters: "violated" }],
    ["await-strong", { SomeoneEnters: "holds", P1Enters: "holds" }],
    ["await-strong-3", { SomeoneEnters: "holds", P1Enters: "holds" }],
    ["spin-weak", { SomeoneEnters: "holds", P1Enters: "violated" }],
    ["spin-strong", { SomeoneEnters: "holds", P1Enters: "holds" }],
  ];
  for (const [w, want] of table) {
    it(`${w}: ${JSON.stringify(want)}`, () => {
      const m = fx["spinlock"]!.create(w);
      expect(verdicts(m)).toEqual(want);
      for (const r of checkAllProperties(m)) if (r.verdict === "violated") assertLasso(m, r);
    });
  }

  it("without fairness the counterexample is stuttering in the initial state", () => {
    const m = fx["spinlock"]!.create("await-unfair");
    const r = checkLiveness(m, "SomeoneEnters");
    expect(r.lasso?.stutter).toBe(true);
    expect(r.lasso?.prefix.length).toBe(1);
    expect(formatLasso(m, r.lasso!)).toContain("Stuttering forever in state 1");
  });

  it("await + WF: P[2] re-acquires forever; P[1] is enabled only when the lock is free", () => {
    const m = fx["spinlock"]!.create("await-weak");
    const r = checkLiveness(m, "P1Enters");
    assertLasso(m, r);
    const cyc = r.lasso!.cycle;
    expect(cyc.length).toBe(2);
    expect(cyc.every((t) => m.instances[t.instance!]?.name === "AwaitWeak[2]")).toBe(true);
    expect(cyc.map((t) => t.step?.name)).toEqual(expect.arrayContaining(["Try", "Exit"]));
  });

  it("spin + SF: spinning is stuttering (<<A>>_vars), so SF forces P[1] in as with await; spin + WF does not", () => {
    // The spin step `Try: if (lock) goto Try;` changes nothing: a self-loop of the graph.
    const m = fx["spinlock"]!.create("spin-strong");
    let selfLoops = 0;
    const [s0] = m.init();
    const seen = new Set<string>();
    const todo = [s0];
    while (todo.length > 0) {
      const s = todo.pop()!;
      const key = JSON.stringify(m.view(s));
      if (seen.has(key)) continue;
      seen.add(key);
      m.successors(s, (t) => {
        if (JSON.stringify(m.view(t.state)) === key) selfLoops++;
        todo.push(t.state);
      });
    }
    expect(selfLoops).toBeGreaterThan(0);
    expect(checkLiveness(m, "P1Enters").verdict).toBe("holds");
    // Under WF, P[1]'s real step (the lock is free) is not continuously enabled: P[2] re-acquires forever.
    const w = fx["spinlock"]!.create("spin-weak");
    const r = checkLiveness(w, "P1Enters");
    assertLasso(w, r);
    expect(r.lasso!.cycle.every((t) => w.instances[t.instance!]?.name === "SpinWeak[2]")).toBe(true);
  });

  it("SF refinement is exercised for await-strong (and the fair SCC is split)", () => {
    const r = checkLiveness(fx["spinlock"]!.create("await-strong"), "P1Enters");
    expect(r.verdict).toBe("holds");
    expect(r.stats.refinements).toBeGreaterThan(0);
  });
});

describe("Peterson", () => {
  it("is starvation-free under weak fairness (TLC: holds)", () => {
    const m = fx["peterson"]!.create("weak");
    expect(checkBfs(m).verdict).toBe("holds");
    expect(verdicts(m)).toEqual({ NoStarvation1: "holds", NoStarvation2: "holds", InfinitelyOften1: "holds" });
  });

  it("without fairness a process may stop while the other waits", () => {
    const m = fx["peterson"]!.create("unfair");
    const r = checkLiveness(m, "NoStarvation1");
    assertLasso(m, r);
    expect(r.lasso!.stutter).toBe(true);
    const loop = m.view(r.lasso!.prefix.at(-1)!.state) as { flag: Record<string, boolean>; incs: Record<string, boolean> };
    expect(loop.flag["1"]).toBe(true);
    expect(loop.incs["1"]).toBe(false);
  });
});

describe("retry loop against an invalidator", () => {
  it("unbounded invalidation: `eventually returned` is violated by a fair cycle", () => {
    const m = fx["retry"]!.create("unbounded");
    const r = checkLiveness(m, "Returns");
    assertLasso(m, r);
    expect(r.lasso!.stutter).toBe(false);
    const all = [...r.lasso!.prefix, ...r.lasso!.cycle];
    expect(all.every((t) => (m.view(t.state) as { returned: boolean }).returned === false)).toBe(true);
    const steps = r.lasso!.cycle.map((t) => t.step?.name);
    expect(steps).toEqual(expect.arrayContaining(["Read", "Validate", "Inv"]));
  });

  it("bounded invalidation: holds under WF of the reader (MAXINV 2 and 3)", () => {
    expect(verdicts(fx["retry"]!.create("bounded"))).toEqual({ Returns: "holds" });
    expect(verdicts(fx["retry"]!.create("bounded-3"))).toEqual({ Returns: "holds" });
  });

  it("an unfair reader may never return", () => {
    const m = fx["retry"]!.create("lazy");
    assertLasso(m, checkLiveness(m, "Returns"));
  });
});

describe("deadlock explanation", () => {
  it("dining philosophers: the wait-for cycle", () => {
    const m = fx["philosophers"]!.create("three");
    const r = checkBfs(m);
    expect(r.violation?.kind).toBe("deadlock");
    expect(explainDeadlock(m, r.trace!.at(-1)!.state)).toEqual([
      "deadlock cycle: Phil1[1] → Phil2[2] → Phil3[3] → Phil1[1]",
      "Phil1[1] holds f1, waits for f2 held by Phil2[2]",
      "Phil2[2] holds f2, waits for f3 held by Phil3[3]",
      "Phil3[3] holds f3, waits for f1 held by Phil1[1]",
    ]);
  });

  it("dining philosophers (fair): `eventually everyone ate` fails by stuttering in the deadlock", () => {
    const m = fx["philosophers"]!.create("three");
    const r = checkLiveness(m, "AllEat");
    assertLasso(m, r);
    expect(r.lasso!.stutter).toBe(true);
    const loop = r.lasso!.prefix.at(-1)!.state;
    let moves = 0;
    m.successors(loop, () => moves++);
    expect(moves).toBe(0);
    expect(explainDeadlock(m, loop)[0]).toMatch(/^deadlock cycle/);
  });

  it("rwlock + mutex (refresh/deactivate)", () => {
    const m = fx["abba"]!.create("rw");
    const r = checkBfs(m);
    expect(r.violation?.kind).toBe("deadlock");
    expect(explainDeadlock(m, r.trace!.at(-1)!.state)).toEqual([
      "deadlock cycle: Refresher[1] → Deactivator[1] → Refresher[1]",
      "Refresher[1] holds refresh_lock, waits for lock (write) held by Deactivator[1]",
      "Deactivator[1] holds lock (write), waits for refresh_lock held by Refresher[1]",
    ]);
  });
});

describe("lock-order inversions", () => {
  /** Each example is a real trace whose last step acquires `to` while holding `from`. */
  function checkExample(m: AnyModel, ex: readonly TraceStep<unknown>[], from: string, to: string): void {
    expect(ex.length).toBeGreaterThanOrEqual(2);
    for (let k = 1; k < ex.length; k++) {
      let ok = false;
      m.successors(ex[k - 1]!.state, (t) => {
        if (t.step === ex[k]!.step?.id && t.instance === (ex[k]!.instance ?? -1) && JSON.stringify(m.view(t.state)) === JSON.stringify(m.view(ex[k]!.state)))
          ok = true;
      });
      expect(ok).toBe(true);
    }
    const pid = ex.at(-1)!.instance!;
    const base = (x: string) => x.replace(/ \((read|write)\)$/, "");
    const before = m.locksHeld(ex.at(-2)!.state, pid).map(base);
    const after = m.locksHeld(ex.at(-1)!.state, pid).map(base);
    expect(before).toContain(from);
    expect(before).not.toContain(to);
    expect(after).toContain(to);
  }

  it("AB/BA in separate phases: no deadlock is reachable, but the inversion is reported", () => {
    const m = fx["abba"]!.create("phased");
    expect(checkBfs(m).verdict).toBe("holds");
    const lo = analyzeLockOrder(m);
    expect(lo.complete).toBe(true);
    expect(lo.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(["a->b", "b->a"]);
    expect(lo.inversions.length).toBe(1);
    const inv = lo.inversions[0]!;
    expect(inv.cycle).toEqual(["a", "b"]);
    expect(inv.mayDeadlock).toBe(true);
    expect(inv.instances).toEqual([["T1[1]"], ["Later[1]"]]);
    expect(inv.message).toBe("lock-order inversion a → b → a: a → b (T1[1]); b → a (Later[1])");
    checkExample(m, inv.examples[0]!, "a", "b");
    checkExample(m, inv.examples[1]!, "b", "a");
    // The shortest example for b → a runs T1 to completion first (phase 1).
    expect(inv.examples[1]!.length).toBe(7);
  });

  it("the real AB/BA deadlock: same inversion, and a deadlock with its cycle", () => {
    const m = fx["abba"]!.create("abba");
    const lo = analyzeLockOrder(m);
    expect(lo.inversions.map((i) => i.cycle)).toEqual([["a", "b"]]);
    const r = checkBfs(m);
    expect(r.violation?.kind).toBe("deadlock");
    expect(explainDeadlock(m, r.trace!.at(-1)!.state)).toEqual([
      "deadlock cycle: T1[1] → Eager[1] → T1[1]",
      "T1[1] holds a, waits for b held by Eager[1]",
      "Eager[1] holds b, waits for a held by T1[1]",
    ]);
  });

  it("three-lock cycle (philosophers) and read-shared inversions", () => {
    const ph = fx["philosophers"]!.create("three");
    const lo = analyzeLockOrder(ph);
    expect(lo.inversions.map((i) => i.cycle)).toEqual([["f1", "f2", "f3"]]);
    lo.inversions[0]!.examples.forEach((ex, i) => checkExample(ph, ex, ["f1", "f2", "f3"][i]!, ["f2", "f3", "f1"][i]!));
    const rd = fx["abba"]!.create("readers");
    const lr = analyzeLockOrder(rd);
    expect(lr.inversions.length).toBe(1);
    expect(lr.inversions[0]!.mayDeadlock).toBe(false);
    const rw = analyzeLockOrder(fx["abba"]!.create("rw"));
    expect(rw.inversions[0]!.mayDeadlock).toBe(true);
    expect(rw.edges.find((e) => e.from === "refresh_lock")?.variants).toEqual([{ held: "refresh_lock", acquired: "lock (write)" }]);
  });
});

describe("checkWorkloadForTest with temporal properties", () => {
  it("every fixture workload matches its expect clause (liveness included)", () => {
    for (const [name, f] of Object.entries(fx)) {
      for (const w of f.workloads) {
        const o = checkWorkloadForTest(f.create(w));
        expect({ w: `${name}/${w}`, problems: o.problems }).toEqual({ w: `${name}/${w}`, problems: [] });
        if (f.create(w).properties.length > 0 && ["holds", "violates"].includes(f.create(w).expect.kind)) expect(o.liveness).toBeDefined();
      }
    }
  });

  it("reports a mismatch when a property expected to hold is violated", () => {
    const m = fx["spinlock"]!.create("await-weak");
    const withExpect = (e: unknown): AnyModel => Object.assign(Object.create(Object.getPrototypeOf(m)), m, { expect: e });
    const o = checkWorkloadForTest(withExpect({ kind: "holds" }));
    expect(o.problems.join("\n")).toMatch(/expected holds, got P1Enters is violated/);
    const o2 = checkWorkloadForTest(withExpect({ kind: "violates", property: "SomeoneEnters" }));
    expect(o2.problems.join("\n")).toMatch(/expected violates SomeoneEnters, but it holds/);
  });
});
