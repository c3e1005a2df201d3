/**
 * Counterexample presentation: the fewest-preemptions pass, swimlanes, Mermaid, ITF (validator, round
 * trip, replay) and pinned traces — on the test/fixtures/traces fixture, hand-written models and the
 * pfncache race.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { checkBfs } from "../../runtime/search/bfs.js";
import { validateTrace } from "../../runtime/workload/testing.js";
import { countPreemptions, minimizePreemptions } from "../../runtime/analyses/preemption.js";
import { formatLassoSwimlane, formatSwimlane } from "../../runtime/report/swimlane.js";
import { formatLassoMermaid, formatMermaid } from "../../runtime/report/mermaid.js";
import { itfToStates, itfToValue, lassoToItf, replayItf, stringifyItf, traceToItf, validateItf, valueToItf, type ItfTrace } from "../../runtime/report/itf.js";
import { checkAllProperties, type Lasso } from "../../runtime/analyses/liveness.js";
import { pinTrace, replayPinned } from "../../runtime/workload/pinned.js";
import { describeFailure, diffViews } from "../../runtime/search/format.js";
import type { Model, Value } from "../../runtime/contract/model.js";
import type { CheckResult } from "../../runtime/search/result.js";
import { compileTo } from "../emit/helpers.js";
import { naiveMutex, philosophers, picker } from "./models.js";
import { createModel as pfncache } from "../../generated/pfncache/b2-6.2/model.js";
import { createModel as pfncacheD } from "../../generated/pfncache/d-mainline/model.js";

let flagLock: Model<unknown>;

beforeAll(async () => {
  const r = await compileTo("test/fixtures/traces/flag-lock.tspec", "traces-flag-lock");
  const mod = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(`${r.dir}/model.ts`)).href)) as {
    createModel(w: string): Model<unknown>;
  };
  flagLock = mod.createModel("two");
});

function minimized<S>(m: Model<S>): { bfs: CheckResult<S>; min: CheckResult<S>; before: number; after: number } {
  const bfs = checkBfs(m);
  const p = minimizePreemptions(m, bfs);
  return { bfs, min: p.result, before: p.before, after: p.after };
}

describe("fewest preemptions", () => {
  it("finds a shortest counterexample with fewer context switches than the BFS one (fixture)", () => {
    const { bfs, min, before, after } = minimized(flagLock);
    expect(bfs.trace).toHaveLength(8);
    expect(countPreemptions(flagLock, bfs.trace ?? [])).toBe(3);
    expect(before).toBe(3);
    expect(after).toBe(2);
    expect(countPreemptions(flagLock, min.trace ?? [])).toBe(2);
    expect(min.trace).toHaveLength(8);
    expect(min.violation).toEqual(bfs.violation);
    expect(validateTrace(flagLock, min)).toEqual([]);
  });

  it("improves the naive mutex from 3 to 2 and keeps traces valid on other models", () => {
    const { min, before, after } = minimized(naiveMutex());
    expect([before, after]).toEqual([3, 2]);
    expect(validateTrace(naiveMutex(), min)).toEqual([]);
    for (const m of [philosophers(3), picker(5)] as Model<unknown>[]) {
      const r = minimized(m);
      expect(r.after).toBeLessThanOrEqual(r.before);
      expect(r.min.trace).toHaveLength(r.bfs.trace?.length ?? 0);
      expect(validateTrace(m, r.min)).toEqual([]);
    }
  });

  it("is deterministic and never worse on the pfncache races", () => {
    for (const w of ["refresh-deactivate", "reactivate-reader-oops"] as const) {
      const m = pfncache(w as never) as unknown as Model<unknown>;
      const a = minimized(m);
      const b = minimized(m);
      expect(a.after).toBeLessThanOrEqual(a.before);
      expect(a.min.trace?.map((t) => [t.instance, t.step?.id])).toEqual(b.min.trace?.map((t) => [t.instance, t.step?.id]));
      expect(validateTrace(m, a.min)).toEqual([]);
    }
    const m = pfncache("reactivate-reader-oops" as never) as unknown as Model<unknown>;
    const r = minimized(m);
    expect(r.after).toBeLessThan(r.before);
  });

  it("leaves a result without a counterexample alone", () => {
    const r = checkBfs(philosophers(3, { ordered: true }));
    expect(minimizePreemptions(philosophers(3, { ordered: true }), r).result).toBe(r);
  });
});

describe("swimlanes", () => {
  it("puts each step in its process's column, with lock changes in words", () => {
    const { min } = minimized(flagLock);
    const text = formatSwimlane(flagLock, min, { width: 100 }) as string;
    expect(text).toContain("Counterexample: 8 states, 2 preemptions (marked *); lines of test/fixtures/traces/flag-lock.tspec");
    expect(text).toContain("Initially (variables that change): flag = false, in_cs = 0, visits = 0");
    expect(text).toMatch(/^ +Worker\[1\] +Worker\[2\]$/m);
    expect(text).toMatch(/Worker\[\d\] takes m; in_cs: 0 → 1/);
    expect(text).toMatch(/Worker\[\d\] drops m; visits: 0 → 1/);
    expect(text).toContain("Invariant MutualExclusion at test/fixtures/traces/flag-lock.tspec:11 is violated in state 8.");
    // The column of Worker[2] starts where its header does.
    const lines = text.split("\n");
    const col = (lines.find((l) => l.includes("Worker[2]") && l.includes("Worker[1]")) as string).indexOf("Worker[2]");
    const row = lines.find((l) => /^\s*\d+\*?\s+Check :14$/.test(l) && l.indexOf("Check") === col);
    expect(row).toBeDefined();
  });

  it("returns undefined when the columns do not fit", () => {
    expect(formatSwimlane(flagLock, minimized(flagLock).min, { width: 20 })).toBeUndefined();
  });

  it("shows the pfncache race in one screen, maps as m[k], the lock taken in words", () => {
    const m = pfncache("refresh-deactivate" as never) as unknown as Model<unknown>;
    const text = formatSwimlane(m, minimized(m).min, { width: 100 }) as string;
    expect(text.split("\n").length).toBeLessThanOrEqual(40);
    expect(text).toContain("Refresher[1] takes refresh_lock");
    expect(text).toContain("gup[P1]: 0 → 1");
    expect(text).not.toContain("gup.1");
    expect(text).not.toContain(".pc");
    expect(text).toMatch(/Invariant ValidImpliesActive at specs\/pfncache\/base\.tspec:\d+ is violated in state 10\./);
    expect(Math.max(...text.split("\n").map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it("diffViews shows map keys in brackets and record fields with dots", () => {
    expect(
      diffViews(
        { gup: { 1: 0, 2: 0 }, r: { a: 1 }, o: { "P[1]": 1 }, b: { true: 1, false: 2 } },
        { gup: { 1: 1, 2: 0 }, r: { a: 2 }, o: { "P[1]": 2 }, b: { true: 1, false: 3 } },
      ).map((c) => c.path),
    ).toEqual(["gup[1]", "r.a", "o[P[1]]", "b[false]"]);
  });
});

describe("mermaid", () => {
  it("is a sequenceDiagram with participants, lock notes and the violation", () => {
    const { min } = minimized(flagLock);
    const text = formatMermaid(flagLock, min);
    const lines = text.split("\n");
    expect(lines[0]).toBe("sequenceDiagram");
    expect(lines).toContain("  participant P0 as Worker[1]");
    expect(lines).toContain("  participant L2 as m");
    expect(text).toMatch(/Note over L2: Worker\[\d\] takes m/);
    expect(lines[lines.length - 1]).toMatch(/^ {2}Note over P0,V\d+: ✗ Invariant MutualExclusion/);
    // Every line is a statement Mermaid's sequence grammar accepts.
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {2}(participant \w+ as [^;#]+|Note over \w+(,\w+)?: [^;]+|\w+->>\w+: [^;]+)$/);
    expect(formatMermaid(flagLock, min, { fence: true })).toMatch(/^```mermaid\nsequenceDiagram\n[\s\S]*\n```$/);
  });
});

describe("ITF", () => {
  const pf = (): { m: Model<unknown>; r: CheckResult<unknown>; itf: ItfTrace } => {
    const m = pfncache("refresh-deactivate" as never) as unknown as Model<unknown>;
    const r = minimized(m).min;
    return { m, r, itf: JSON.parse(stringifyItf(traceToItf(m, r))) as ItfTrace };
  };

  it("follows the format's rules", () => {
    const { itf } = pf();
    expect(validateItf(itf)).toEqual([]);
    expect(itf.states.map((s) => s["#meta"]?.index)).toEqual([...itf.states.keys()]);
    expect(itf.vars).toContain("Refresher[1].pc");
    expect(itf.vars.slice(-2)).toEqual(["mbt::actionTaken", "mbt::nondetPicks"]);
    const s4 = itf.states[4] as Record<string, unknown>;
    expect(s4["mbt::actionTaken"]).toBe("refresh.B2");
    expect(s4["mbt::nondetPicks"]).toEqual({ fail: { tag: "Some", value: false } });
    expect(s4.gup).toEqual({
      "#map": [
        [{ "#bigint": "1" }, { "#bigint": "1" }],
        [{ "#bigint": "2" }, { "#bigint": "0" }],
      ],
    });
    expect((itf.states[0] as Record<string, unknown>).refresh_lock).toEqual({ tag: "None", value: { "#tup": [] } });
  });

  it("the validator rejects what the rules forbid", () => {
    expect(validateItf([])).toEqual(["the document is not a JSON object"]);
    expect(validateItf({ vars: ["x"], states: [{ x: 1.5 }] })).toEqual(["states[0].x: 1.5 is not a safe integer (use #bigint)"]);
    expect(validateItf({ vars: ["x"], states: [{}] })).toEqual(['states[0] lacks variable "x"']);
    expect(validateItf({ vars: ["x"], states: [{ x: true, y: 1 }] })).toEqual(['states[0] has "y", which is not in vars']);
    expect(validateItf({ vars: ["x"], states: [{ "#meta": { index: 3 }, x: { "#bigint": "1x" } }] })).toEqual([
      "states[0].#meta.index is 3, not 0",
      "states[0].x: #bigint must be a string of decimal digits",
    ]);
    expect(validateItf({ vars: ["x"], states: [{ x: { "#map": [[1]] } }] })).toEqual(["states[0].x.#map[0] is not a [key, value] pair"]);
    expect(validateItf({ vars: ["x"], states: [{ x: { "#set": [], y: 1 } }] })).toEqual(["states[0].x: #set must be the only field of its object"]);
  });

  it("round-trips values and states", () => {
    const values: Value[] = [1, -3, true, "s", null, [1, [2]], { a: 1, b: null }, { 1: "x", 2: "y" }, { "P[1]": 0 }, { true: 1, false: 0 }];
    for (const v of values) {
      expect(itfToValue(JSON.parse(JSON.stringify(valueToItf(v))))).toEqual(v);
    }
    const { m, r, itf } = pf();
    const states = itfToStates(itf);
    (r.trace ?? []).forEach((t, i) => {
      const view = m.view(t.state);
      for (const k of Object.keys(view)) expect(states[i]?.view[k]).toEqual(view[k]);
    });
    expect(states[9]).toMatchObject({ action: "refresh.B4", process: "Refresher[1]" });
  });

  it("replays an exported trace, and pinpoints a tampered one", () => {
    const { m, itf } = pf();
    expect(replayItf(m, itf)).toMatchObject({ ok: true, matched: 10 });
    const bad = JSON.parse(JSON.stringify(itf)) as { states: Record<string, unknown>[] };
    (bad.states[6] as Record<string, unknown>).busy = { "#bigint": "5" };
    const r = replayItf(m, bad as unknown as ItfTrace);
    expect(r.ok).toBe(false);
    expect(r.divergesAt).toBe(6);
    expect(r.message).toContain("differs in busy (trace 5, model 2)");
    // Partial states (an implementation's log) constrain only what they record.
    const partial = { vars: ["valid", "active"], states: itf.states.map((s) => ({ valid: s.valid, active: s.active })) };
    expect(validateItf(partial)).toEqual([]);
    expect(replayItf(m, partial as unknown as ItfTrace).ok).toBe(true);
  });
});

describe("pinned counterexamples", () => {
  it("replay while the bug is there and say where they stop otherwise", () => {
    const { min } = minimized(flagLock);
    const pinned = pinTrace(flagLock, min);
    expect(pinned.violation).toEqual({ kind: "invariant", property: "MutualExclusion" });
    expect(replayPinned(flagLock, pinned).problems).toEqual([]);
    const broken = { ...pinned, steps: pinned.steps.slice(0, -1) };
    expect(replayPinned(flagLock, broken).problems).toEqual(["the last state of the trace satisfies MutualExclusion"]);
    const wrong = { ...pinned, steps: [...pinned.steps.slice(0, 2), { process: "Worker[1]", step: "Leave" }] };
    expect(replayPinned(flagLock, wrong).problems[0]).toMatch(/^step 4: Worker\[1\] Leave is not enabled in state 3$/);
  });
});

describe("lassos (liveness counterexamples)", () => {
  // The pfncache refresh livelock: states 1–6, then a cycle of 16 steps back to state 6.
  const livelock = (): { m: Model<unknown>; lasso: Lasso<unknown> } => {
    const m = pfncacheD("refresh-livelock" as never) as unknown as Model<unknown>;
    const r = checkAllProperties(m as never).find((x) => x.property === "OperationsComplete");
    expect(r?.lasso).toBeDefined();
    return { m, lasso: r!.lasso as Lasso<unknown> };
  };

  it("swimlanes: prefix rows, a cycle separator, ↻ on the cycle rows, and the way back", () => {
    const { m, lasso } = livelock();
    const text = formatLassoSwimlane(m, lasso, { width: 100 });
    expect(text).toBeDefined();
    const lines = text!.split("\n");
    expect(lines[0]).toMatch(/^Lasso: states 1–6, then a cycle of 16 steps \(marked ↻\) back to state 6, forever/);
    const sep = lines.findIndex((l) => l.includes("── cycle: repeats forever from state 6 "));
    expect(sep).toBeGreaterThan(0);
    expect(lines.slice(0, sep).some((l) => l.startsWith("↻"))).toBe(false);
    const rows = lines.filter((l) => /^↻ +\d+/.test(l)).map((l) => Number(/\d+/.exec(l)![0]));
    expect(rows).toEqual([...Array(16).keys()].map((i) => i + 7));
    expect(text).toContain("Refresher[1] takes refresh_lock");
    expect(lines.some((l) => l.includes("── back in state 6 (state 22 = state 6): the cycle repeats forever ──"))).toBe(true);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(formatLassoSwimlane(m, lasso, { width: 40 })).toBeUndefined();
  });

  it("mermaid: the cycle inside a loop block", () => {
    const { m, lasso } = livelock();
    const text = formatLassoMermaid(m, lasso, { message: "OperationsComplete is violated" });
    const lines = text.split("\n");
    const open = lines.indexOf("  loop repeats forever (states 7–22, back to state 6)");
    const close = lines.indexOf("  end");
    expect(open).toBeGreaterThan(0);
    expect(close).toBeGreaterThan(open);
    expect(lines.slice(open + 1, close).every((l) => l.startsWith("    "))).toBe(true);
    expect(lines.slice(open + 1, close).join("\n")).toMatch(/^ {4}P\d+->>V\d+: 7\. I1 /);
    expect(lines.slice(0, open).join("\n")).toContain(": 6. refresh_locked.B3 ");
    // The violation, then the note of the modulo counter that wraps in the cycle.
    expect(lines.at(-2)).toMatch(/^ {2}Note over P0,V\d+: ✗ OperationsComplete is violated$/);
    expect(lines.at(-1)).toMatch(/^ {2}Note over P0,V\d+: Note: mmu_invalidate_seq — /);
  });

  it("ITF: prefix and cycle with loop; replay checks the cycle closes, and rejects tampering", () => {
    const { m, lasso } = livelock();
    const itf = JSON.parse(stringifyItf(lassoToItf(m, lasso))) as ItfTrace;
    expect(validateItf(itf)).toEqual([]);
    expect(itf.states).toHaveLength(22);
    expect(itf.loop).toBe(5);
    const ok = replayItf(m, itf);
    expect(ok).toMatchObject({ ok: true, matched: 22 });
    expect(ok.message).toContain("state 21 is state 5 again");
    // The other convention: the last state steps back to the loop state (not repeated).
    const open = { ...itf, states: itf.states.slice(0, -1) };
    expect(replayItf(m, open).message).toContain("leads from state 20 back to state 5");
    // A loop index the cycle does not return to.
    const wrongLoop = replayItf(m, { ...itf, loop: 4 });
    expect(wrongLoop).toMatchObject({ ok: false, divergesAt: 21 });
    expect(wrongLoop.message).toContain("the cycle does not return to the loop state 4");
    // A state of the cycle changed.
    const bad = JSON.parse(JSON.stringify(itf)) as { states: Record<string, unknown>[] };
    (bad.states[12] as Record<string, unknown>).mn_count = { "#bigint": "0" };
    const r = replayItf(m, bad as unknown as ItfTrace);
    expect(r).toMatchObject({ ok: false, divergesAt: 12 });
    expect(r.message).toContain("in the cycle 6..21");
    expect(replayItf(m, { ...itf, loop: 22 }).ok).toBe(false);
  });
});

describe("a spec error raised evaluating an invariant", () => {
  let m: Model<unknown>;
  beforeAll(async () => {
    const r = await compileTo("test/fixtures/packed/hoisted-reads.tspec", "traces-invariant-error");
    const mod = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(`${r.dir}/model.ts`)).href)) as {
      createModel(w: string): Model<unknown>;
    };
    m = mod.createModel("div-error");
  });

  it("replays: the invariant raises the error on the last state of the trace, and not before", () => {
    const r = checkBfs(m);
    expect(r.violation).toMatchObject({ kind: "spec_error", property: "DivByZero" });
    expect(r.violation?.step).toBeUndefined();
    expect(validateTrace(m, r)).toEqual([]);
    const shorter = { ...r, trace: r.trace!.slice(0, -1) };
    expect(validateTrace(m, shorter)).toEqual(["evaluating DivByZero on the last state of the trace raises no spec_error"]);
  });

  it("is described once, not with the invariant named twice", () => {
    const r = checkBfs(m);
    expect(describeFailure(m, r.violation!, r.trace!)).toEqual([
      "Spec error evaluating invariant DivByZero: division by zero at test/fixtures/packed/hoisted-reads.tspec:23:64",
    ]);
  });
});
