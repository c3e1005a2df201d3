/**
 * Counterexample reconstruction from the fingerprint store: walk the parent indices back to an initial
 * state, then replay forward — regenerate each state's successors and keep the one produced by the
 * recorded step and instance whose key the store maps to the recorded entry (`replayPath`). Only fingerprints are
 * stored, so replay is how states come back; it also re-validates the trace (every pair is a real transition).
 */
import type { Model, StepDef, Transition } from "../contract/model.js";
import { assertNever, replayPath, traceStepOf } from "./replay.js";
import type { FingerprintStore } from "./store.js";
import type { TraceStep } from "./result.js";

/** The store indices from an initial state to `idx`, in path order. */
export function pathTo(store: FingerprintStore, idx: number): number[] {
  const path: number[] = [];
  for (let i = idx; i >= 0; i = store.parent(i)) {
    path.push(i);
    if (path.length > store.size) throw new Error("trace reconstruction: cycle in parent links (store corrupted)");
  }
  return path.reverse();
}

/** Rebuilds the trace from an initial state to store entry `idx` by replay (the recorded step and instance each time). */
export function reconstructTrace<S>(model: Model<S>, store: FingerprintStore, idx: number): TraceStep<S>[] {
  const path = pathTo(store, idx);
  const first = path[0] as number;
  const r = replayPath(
    model,
    { kind: "entry", store, index: first },
    path.slice(1).map((index) => ({ kind: "entry", store, index, step: store.step(index), instance: store.instance(index) })),
  );
  if (r.ok) return r.trace;
  const e = r.error;
  switch (e.kind) {
    case "no-initial":
      throw new Error(`trace replay failed: no initial state has the recorded fingerprint. ${NONDETERMINISM_HINT}`);
    case "threw":
      // The search expanded this state without error; an error now also means nondeterminism.
      throw new Error(`trace replay failed at step ${e.at}: successors threw ${String(e.error)} where the search saw none. ${NONDETERMINISM_HINT}`);
    case "no-successor": {
      const target = path[e.at - 1] as number;
      const step = store.step(target);
      const instance = store.instance(target);
      const name = model.steps[step]?.name ?? `#${step}`;
      const who = instance >= 0 ? `${model.instances[instance]?.name ?? `pid ${instance}`} ` : "";
      throw new Error(`trace replay failed at step ${e.at}: ${who}${name} no longer leads to the recorded state. ${NONDETERMINISM_HINT}`);
    }
    default:
      return assertNever(e);
  }
}

/** A trace entry for a transition. */
export function toTraceStep<S>(index: number, t: Transition<S>, steps: readonly StepDef[]): TraceStep<S> {
  return traceStepOf(index, t, { steps });
}

const NONDETERMINISM_HINT =
  "The model is nondeterministic: init() and successors() must be pure functions of the state " +
  "(no Math.random, clocks, or mutable state shared between calls; iterate Maps/Sets in sorted order), " +
  "and encode() must write equal sequences for equal states.";
