/**
 * Differential testing of the explorers on grammar-generated specs: an independent reference BFS
 * (exact string encodings, no fingerprints), the runtime's `checkBfs`, and random `simulate` must agree.
 *
 * - every state a simulation visits is reachable (reference), and simulation never sees more
 *   distinct states than exist;
 * - a complete `checkBfs` with verdict `holds` saw exactly the reference's reachable states and the
 *   reference found no violation;
 * - a `checkBfs` violation has a replayable trace whose length is the reference's shortest violation
 *   depth (or one more: BFS checks the invariants of level d+1 while expanding level d, so a step
 *   error at depth d can be reported after an invariant violation at depth d+1);
 * - every violation simulation finds, BFS finds too, with a trace no longer.
 *
 * Short run: 12 specs; FUZZ_LONG=1: 1000 (FUZZ_RUNS=N: N/10). Seed printed; FUZZ_SEED replays.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { checkBfs, simulate, SpecError, type Model, type StateWriter } from "../../runtime/index.js";
import { LONG, loadSpecText, runs, SEED } from "./harness.js";
import { wellFormedSpec } from "./spec-arb.js";

const CAP = 20_000;

/** Exact encoding of a state (the model's canonical int stream as a string). */
export function enc<S>(model: Model<S>, s: S): string {
  const xs: number[] = [];
  const w: StateWriter = { int: (v) => void xs.push(v) };
  model.encode(s, w);
  return xs.join(",");
}

export interface Reference {
  /** Encoding → BFS depth (initial states are depth 1). */
  readonly depth: Map<string, number>;
  /** Shortest depth of any violation (0: init() throws), or undefined. */
  readonly minViolation?: number;
  /** Encodings of states that violate an invariant (or whose invariant evaluation throws). */
  readonly invariantBad: Set<string>;
  readonly capped: boolean;
}

/** Plain BFS over init/successors, not stopping at violations; a state whose expansion throws is terminal. */
export function reference<S>(model: Model<S>, cap = CAP): Reference {
  const depth = new Map<string, number>();
  const invariantBad = new Set<string>();
  let minViolation: number | undefined;
  const note = (d: number): void => {
    if (minViolation === undefined || d < minViolation) minViolation = d;
  };
  let inits: readonly S[];
  try {
    inits = model.init();
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return { depth, minViolation: 0, invariantBad, capped: false };
  }
  // TLC's CONSTRAINT (runtime/contract/model.ts `constraints`): a state outside is checked against the
  // invariants where it is generated, then neither stored, counted nor expanded.
  const constraints = model.constraints ?? [];
  const inside = (s: S, d: number): boolean => {
    let ok: boolean;
    try {
      ok = constraints.every((c) => c.holds(s));
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      ok = false;
    }
    if (ok) return true;
    let bad: boolean;
    try {
      bad = model.invariants.some((inv) => !inv.holds(s));
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      bad = true;
    }
    if (bad) {
      invariantBad.add(enc(model, s));
      note(d);
    }
    return false;
  };
  let level: S[] = [];
  for (const s of inits) {
    if (!inside(s, 1)) continue;
    const k = enc(model, s);
    if (!depth.has(k)) {
      depth.set(k, 1);
      level.push(s);
    }
  }
  for (let d = 1; level.length > 0; d++) {
    const next: S[] = [];
    for (const s of level) {
      const k = enc(model, s);
      try {
        if (model.invariants.some((inv) => !inv.holds(s))) {
          invariantBad.add(k);
          note(d);
        }
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        invariantBad.add(k);
        note(d);
      }
      const succ: S[] = [];
      try {
        model.successors(s, (t) => void succ.push(t.state));
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        note(d);
        continue;
      }
      if (succ.length === 0 && model.checkDeadlock && !model.done(s)) note(d);
      for (const t of succ) {
        const kt = enc(model, t);
        if (depth.has(kt)) continue;
        if (!inside(t, d + 1)) continue;
        depth.set(kt, d + 1);
        next.push(t);
        if (depth.size > cap) return { depth, invariantBad, capped: true, ...(minViolation !== undefined ? { minViolation } : {}) };
      }
    }
    level = next;
  }
  return { depth, invariantBad, capped: false, ...(minViolation !== undefined ? { minViolation } : {}) };
}

/**
 * Replays a counterexample (like runtime `validateTrace`, which currently lets a SpecError of another
 * step of an intermediate state escape — see test/fixtures/hostile/bugs/validate-trace-throws.tspec).
 */
export function replay<S>(
  model: Model<S>,
  trace: readonly { state: S; step?: { id: number }; instance?: number }[],
  kind: string,
  property?: string,
): string[] {
  if (trace.length === 0) return [];
  const succ = (s: S): { list: { step: number; instance: number; k: string }[]; error?: SpecError } => {
    const list: { step: number; instance: number; k: string }[] = [];
    try {
      model.successors(s, (t) => void list.push({ step: t.step, instance: t.instance, k: enc(model, t.state) }));
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      return { list, error: e };
    }
    return { list };
  };
  const inits = new Set(model.init().map((s) => enc(model, s)));
  if (!inits.has(enc(model, (trace[0] as { state: S }).state))) return ["trace does not start in an initial state"];
  for (let k = 1; k < trace.length; k++) {
    const cur = trace[k] as { state: S; step?: { id: number }; instance?: number };
    const want = enc(model, cur.state);
    const ok = succ((trace[k - 1] as { state: S }).state).list.some(
      (t) => t.k === want && t.step === cur.step?.id && (cur.instance === undefined || t.instance === cur.instance),
    );
    if (!ok) return [`step ${k + 1} of the trace is not a transition`];
  }
  const last = (trace[trace.length - 1] as { state: S }).state;
  if (kind === "invariant") {
    const inv = model.invariants.find((i) => i.name === property);
    if (!inv || inv.holds(last)) return [`last state satisfies ${property}`];
  } else if (kind === "deadlock") {
    const r = succ(last);
    if (r.list.length > 0 || r.error || model.done(last)) return ["last state is not a deadlock"];
  } else if (succ(last).error?.errorKind !== kind) return [`last state raises no ${kind}`];
  return [];
}

/**
 * The model with no invariants and no deadlock checking (so that explorations go deeper than the first
 * random invariant violation); only step errors (assert, ranges, locks) remain.
 */
function relaxed<S>(model: Model<S>): Model<S> {
  return Object.create(model, { invariants: { value: [] }, checkDeadlock: { value: false } }) as Model<S>;
}

/**
 * Wraps a model so that every state it fingerprints is recorded (simulation fingerprints exactly the
 * states it visits, through `pack` when the model packs, else `encode`).
 */
function recording<S>(model: Model<S>, seen: Set<string>): Model<S> {
  const w = Object.create(model) as Model<S> & { encode: Model<S>["encode"]; pack: Model<S>["pack"] };
  w.encode = (s, writer) => {
    seen.add(enc(model, s));
    model.encode(s, writer);
  };
  const pack = model.pack?.bind(model);
  if (pack !== undefined) {
    w.pack = (s, writer) => {
      seen.add(enc(model, s));
      pack(s, writer);
    };
  }
  return w;
}

const stats = { specs: 0, compared: 0, capped: 0, bfsViolations: 0, simViolations: 0, simStates: 0 };
const started = performance.now();
afterAll(() => {
  console.log(
    `[fuzz differential] ${stats.specs} specs in ${((performance.now() - started) / 1000).toFixed(1)} s (seed ${SEED}): ${stats.compared} compared, ${stats.capped} over the ${CAP}-state cap, ${stats.bfsViolations} BFS violations, ${stats.simViolations} simulation violations, ${stats.simStates} simulated states checked`,
  );
});

let n = 0;

describe("differential: reference BFS vs checkBfs vs simulate", () => {
  it(
    `agree on generated specs (seed ${SEED})`,
    async () => {
      await fc.assert(
        fc.asyncProperty(wellFormedSpec, fc.integer({ min: 0, max: 0xffffffff }), async (text, simSeed) => {
          const dir = `.cache/fuzz-diff/d${n++}`;
          const mod = await loadSpecText(text, dir);
          stats.specs++;
          for (const [w, variant] of Object.keys(mod.workloads).flatMap(
            (w) =>
              [
                [w, (m: Model<unknown>) => m],
                [w, relaxed],
              ] as const,
          )) {
            const make = (): Model<unknown> => variant(mod.createModel(w));
            const ref = reference(make());
            if (ref.capped) {
              stats.capped++;
              continue;
            }
            stats.compared++;
            const ctx = `workload ${w}${variant === relaxed ? " (relaxed)" : ""} of\n${text}`;

            const bfsSeen = new Set<string>();
            const bfs = checkBfs(recording(make(), bfsSeen), { maxStates: CAP * 2 });
            if (bfs.verdict === "holds") {
              expect(bfs.complete, ctx).toBe(true);
              expect(ref.minViolation, `reference finds a violation BFS missed: ${ctx}`).toBeUndefined();
              expect(bfs.stats.distinctStates, ctx).toBe(ref.depth.size);
              for (const k of bfsSeen) expect(ref.depth.has(k), `BFS state not reachable: ${k}\n${ctx}`).toBe(true);
            } else if (bfs.verdict === "violated") {
              stats.bfsViolations++;
              const len = bfs.trace?.length ?? 0;
              expect(ref.minViolation, ctx).toBeDefined();
              const min = ref.minViolation as number;
              expect(len, `BFS trace length vs shortest violation ${min}: ${ctx}`).toBeGreaterThanOrEqual(min);
              expect(len, `BFS trace length vs shortest violation ${min}: ${ctx}`).toBeLessThanOrEqual(min + 1);
              expect(replay(make(), bfs.trace ?? [], bfs.violation?.kind ?? "", bfs.violation?.property), ctx).toEqual([]);
            }

            const simSeen = new Set<string>();
            const sim = simulate(recording(make(), simSeen), { seed: simSeed, runs: 100, maxDepth: 40 });
            stats.simStates += simSeen.size;
            expect(sim.stats.distinctStates, ctx).toBeLessThanOrEqual(ref.depth.size);
            for (const k of simSeen) expect(ref.depth.has(k), `simulated state not reachable: ${k}\n${ctx}`).toBe(true);
            if (sim.verdict === "violated") {
              stats.simViolations++;
              const len = sim.trace?.length ?? 0;
              expect(replay(make(), sim.trace ?? [], sim.violation?.kind ?? "", sim.violation?.property), ctx).toEqual([]);
              expect(bfs.verdict, `simulation found ${sim.violation?.kind} but BFS did not: ${ctx}`).toBe("violated");
              const bfsLen = bfs.trace?.length ?? 0;
              // BFS reports a shortest counterexample of any kind (an invariant violated one level deeper
              // waits for the rest of the level's step errors), so no simulated violation is shorter.
              expect(bfsLen, `BFS trace longer than simulation's: ${ctx}`).toBeLessThanOrEqual(len);
              if (sim.violation?.kind === "invariant") {
                const last = sim.trace?.[len - 1]?.state;
                expect(last !== undefined && ref.invariantBad.has(enc(make(), last)), ctx).toBe(true);
              }
            }
          }
        }),
        { seed: SEED + 3, numRuns: runs(12, 1000, 0.1), endOnFailure: true },
      );
    },
    LONG ? 3_600_000 : 120_000,
  );
});
