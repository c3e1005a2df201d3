/**
 * replayPath (runtime/search/replay.ts): the one replay of a path through a model — each initial and
 * step pick kind, the typed errors, and the store-based wrappers built on it.
 */
import { describe, expect, it } from "vitest";
import { replayFingerprints, replayPath, replayTrace, type StepPick } from "../../runtime/search/replay.js";
import { Fingerprinter, fingerprintInto } from "../../runtime/search/fingerprint.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { SpecError, type Model } from "../../runtime/contract/model.js";
import { counter, naiveMutex, picker, stepNames, expectValidTrace, type NaiveState } from "./models.js";

function fpOf<S>(m: Model<S>, s: S): { h1: number; h2: number } {
  const fp = new Fingerprinter();
  fingerprintInto(m, s, fp);
  return { h1: fp.h1, h2: fp.h2 };
}

/** P[0] takes the lock first, then P[1] passes its check only after P[0] left (a 7-state path). */
const naiveLabels: StepPick<NaiveState>[] = [
  { kind: "label", process: "P[0]", step: "check" },
  { kind: "label", process: "P[1]", step: "check" },
  { kind: "label", process: "P[0]", step: "set" },
  { kind: "label", process: "P[1]", step: "set" },
];

describe("replayPath", () => {
  it("picks by label: process, step name and picks", () => {
    const m = naiveMutex();
    const r = replayPath(m, { kind: "index", index: 0 }, naiveLabels);
    expect(r.ok).toBe(true);
    expect(stepNames(m, r.trace)).toEqual(["init", "P[0].check", "P[1].check", "P[0].set", "P[1].set"]);
    expect(r.trace.map((t) => t.index)).toEqual([1, 2, 3, 4, 5]);
    expect(r.trace[4]?.state).toEqual({ pc: ["cs", "cs"], locked: true });
    expectValidTrace(m, r.trace);
    // Picks select among the branches of one step; other picks or none do not match.
    const p = picker(5);
    const two = replayPath(p, { kind: "index", index: 0 }, [{ kind: "label", step: "add", picks: { d: 2 } }]);
    expect(two.ok && two.trace[1]?.state).toBe(2);
    expect(two.trace[1]?.picks).toEqual({ d: 2 });
    const none = replayPath(p, { kind: "index", index: 0 }, [{ kind: "label", step: "add" }]);
    expect(none).toMatchObject({ ok: false, error: { kind: "no-successor", at: 2 } });
  });

  it("picks by fingerprint, with or without step and instance, and by an `accept` predicate", () => {
    const m = picker(5);
    const r = replayPath(m, { kind: "fingerprint", ...fpOf(m, 0) }, [
      { kind: "fingerprint", ...fpOf(m, 2) },
      { kind: "fingerprint", ...fpOf(m, 3), step: 0, instance: -1 },
    ]);
    expect(r.ok && r.trace.map((t) => t.state)).toEqual([0, 2, 3]);
    // The right state by a wrong step or instance is no match.
    expect(replayPath(m, { kind: "index", index: 0 }, [{ kind: "fingerprint", ...fpOf(m, 1), instance: 0 }]).ok).toBe(false);
    expect(replayPath(m, { kind: "index", index: 0 }, [{ kind: "fingerprint", ...fpOf(m, 1), step: 1 }]).ok).toBe(false);
    const rejected = replayPath(m, { kind: "index", index: 0 }, [{ kind: "fingerprint", ...fpOf(m, 1), accept: () => false }]);
    expect(rejected).toMatchObject({ ok: false, error: { kind: "no-successor", at: 2 } });
  });

  it("picks by state (its encode fingerprint) and by successor index", () => {
    const m = picker(6);
    const byState = replayPath(m, { kind: "state", state: 0 }, [
      { kind: "state", state: 1, step: 0 },
      { kind: "state", state: 3, step: 0, instance: -1 },
    ]);
    expect(byState.ok && byState.trace.map((t) => t.state)).toEqual([0, 1, 3]);
    const byIndex = replayPath(m, { kind: "index", index: 0 }, [
      { kind: "index", index: 1 },
      { kind: "index", index: 0 },
      { kind: "index", index: 1 },
    ]);
    expect(byIndex.ok && byIndex.trace.map((t) => t.state)).toEqual([0, 2, 3, 5]);
    expect(replayPath(m, { kind: "index", index: 0 }, [{ kind: "index", index: 2 }])).toMatchObject({ ok: false, error: { kind: "no-successor", at: 2 } });
  });

  it("continues from a given trace entry, numbering on from it", () => {
    const m = picker(6);
    const r = replayPath(m, { kind: "at", from: { index: 4, state: 3 } }, [{ kind: "index", index: 0 }]);
    expect(r.ok && r.trace).toEqual([
      { index: 4, state: 3 },
      { index: 5, step: m.steps[0], picks: { d: 1 }, state: 4 },
    ]);
  });

  it("returns no-initial, no-successor and the prefix replayed", () => {
    const m = picker(6);
    expect(replayPath(m, { kind: "fingerprint", h1: 1, h2: 2 }, [])).toEqual({ ok: false, error: { kind: "no-initial" }, trace: [] });
    expect(replayPath(m, { kind: "state", state: 4 }, [])).toMatchObject({ ok: false, error: { kind: "no-initial" } });
    expect(replayPath(m, { kind: "index", index: 1 }, [])).toMatchObject({ ok: false, error: { kind: "no-initial" } });
    const r = replayPath(m, { kind: "index", index: 0 }, [
      { kind: "state", state: 2, step: 0 },
      { kind: "state", state: 7, step: 0 },
    ]);
    expect(r).toMatchObject({ ok: false, error: { kind: "no-successor", at: 3 } });
    expect(r.trace.map((t) => t.state)).toEqual([0, 2]);
  });

  it("reports errors raised by successors: a SpecError before the match, any after it only when strict", () => {
    const boom = new SpecError("assertion", "boom", "counter.tspec:5:1");
    const m = counter({ limit: 5, throwAt: { x: 1, error: boom } });
    const r = replayPath(m, { kind: "index", index: 0 }, [
      { kind: "index", index: 0 },
      { kind: "index", index: 0 },
    ]);
    expect(r).toMatchObject({ ok: false, error: { kind: "threw", at: 3, error: boom, matched: false } });
    expect(r.trace.map((t) => t.state)).toEqual([0, 1]);
    const m2 = counter({ limit: 5, throwAt: { x: 0, error: new SpecError("spec_error", "late", "c:1") } });
    // Raised before producing anything: no match, strict or not.
    expect(replayPath(m2, { kind: "index", index: 0 }, [{ kind: "index", index: 0 }])).toMatchObject({ ok: false, error: { kind: "threw", matched: false } });
  });

  it("a SpecError after the match is tolerated by default and an error with strict", () => {
    const late = new SpecError("spec_error", "late", "m:1");
    const m: Model<number> = {
      ...picker(3),
      successors(x, out) {
        out({ step: 0, instance: -1, state: x + 1 });
        throw late;
      },
    };
    expect(replayPath(m, { kind: "index", index: 0 }, [{ kind: "index", index: 0 }]).ok).toBe(true);
    expect(replayPath(m, { kind: "index", index: 0 }, [{ kind: "index", index: 0 }], { strict: true })).toMatchObject({
      ok: false,
      error: { kind: "threw", at: 2, error: late, matched: true },
    });
    // Any other error is an error even after the match (a bug, not the spec's).
    const bug = new TypeError("x is undefined");
    const buggy: Model<number> = {
      ...m,
      successors(x, out) {
        out({ step: 0, instance: -1, state: x + 1 });
        throw bug;
      },
    };
    expect(replayPath(buggy, { kind: "index", index: 0 }, [{ kind: "index", index: 0 }])).toMatchObject({ ok: false, error: { kind: "threw", error: bug } });
  });
});

describe("the store-based replays on replayPath", () => {
  it("replayTrace rebuilds a BFS counterexample from parent links; replayFingerprints words the errors as before", () => {
    const m = naiveMutex();
    const r = checkBfs(m);
    expect(r.verdict).toBe("violated");
    expectValidTrace(m, r.trace ?? []);
    const fps = (r.trace ?? []).map((t) => {
      const f = fpOf(m, t.state);
      return [f.h1, f.h2] as const;
    });
    expect(replayFingerprints(m, fps).map((t) => t.state)).toEqual((r.trace ?? []).map((t) => t.state));
    // A parent store of three entries: 0 ← 1 ← 2, keyed by 64-bit fingerprints.
    const store = {
      size: 3,
      fingerprint: { bits: 64, exact: false } as const,
      find: (k: { h1: number; h2: number }) => fps.findIndex(([h1, h2]) => h1 === k.h1 && h2 === k.h2),
      parent: (i: number) => i - 1,
    };
    expect(replayTrace(m, store, 2).length).toBe(3);
    expect(() => replayFingerprints(m, [[1, 2]])).toThrow("trace replay failed: no initial state has the recorded fingerprint (nondeterministic model?)");
    expect(() => replayFingerprints(m, [fps[0] as readonly [number, number], [1, 2]])).toThrow(
      "trace replay failed at step 2: no successor has the recorded fingerprint (nondeterministic model?)",
    );
    const cyclic = { size: 2, fingerprint: { bits: 64, exact: false } as const, find: () => 0, parent: () => 0 };
    expect(() => replayTrace(m, cyclic, 1)).toThrow("cycle in parent links");
  });
});
