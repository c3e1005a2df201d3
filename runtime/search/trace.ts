/**
 * Counterexample reconstruction from the fingerprint store: walk the parent indices back to an initial
 * state, then replay forward — regenerate each state's successors and keep the one produced by the
 * recorded step and instance whose key the store maps to the recorded entry. Only fingerprints are stored, so
 * replay is how states come back; it also re-validates the trace (every pair is a real transition).
 */
import { SpecError, type Model, type StepDef, type Transition } from "../contract/model.js";
import { Fingerprinter, fingerprintInto } from "./fingerprint.js";
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

/** Rebuilds the trace from an initial state to store entry `idx` by replay. */
export function reconstructTrace<S>(model: Model<S>, store: FingerprintStore, idx: number): TraceStep<S>[] {
  const fp = new Fingerprinter(store.fingerprint.bits);
  const path = pathTo(store, idx);
  const first = path[0] as number;
  let state: S | undefined;
  for (const s of model.init()) {
    fingerprintInto(model, s, fp);
    if (store.find(fp) === first) {
      state = s;
      break;
    }
  }
  if (state === undefined) {
    throw new Error(`trace replay failed: no initial state has the recorded fingerprint. ${NONDETERMINISM_HINT}`);
  }
  const trace: TraceStep<S>[] = [{ index: 1, state }];
  for (let k = 1; k < path.length; k++) {
    const target = path[k] as number;
    const step = store.step(target);
    const instance = store.instance(target);
    let found: Transition<S> | undefined;
    try {
      model.successors(state, (t) => {
        if (found !== undefined || t.step !== step || t.instance !== instance) return;
        fingerprintInto(model, t.state, fp);
        if (store.find(fp) === target) found = t;
      });
    } catch (e) {
      // The search expanded this state without error; an error now also means nondeterminism.
      if (!(e instanceof SpecError) || found === undefined) {
        throw new Error(`trace replay failed at step ${k + 1}: successors threw ${String(e)} where the search saw none. ${NONDETERMINISM_HINT}`);
      }
    }
    if (found === undefined) {
      const name = model.steps[step]?.name ?? `#${step}`;
      const who = instance >= 0 ? `${model.instances[instance]?.name ?? `pid ${instance}`} ` : "";
      throw new Error(`trace replay failed at step ${k + 1}: ${who}${name} no longer leads to the recorded state. ${NONDETERMINISM_HINT}`);
    }
    trace.push(toTraceStep(k + 1, found, model.steps));
    state = found.state;
  }
  return trace;
}

/** A trace entry for a transition. */
export function toTraceStep<S>(index: number, t: Transition<S>, steps: readonly StepDef[]): TraceStep<S> {
  const step = steps[t.step];
  return {
    index,
    ...(t.instance >= 0 ? { instance: t.instance } : {}),
    ...(step !== undefined ? { step } : {}),
    ...(t.picks !== undefined ? { picks: t.picks } : {}),
    state: t.state,
  };
}

const NONDETERMINISM_HINT =
  "The model is nondeterministic: init() and successors() must be pure functions of the state " +
  "(no Math.random, clocks, or mutable state shared between calls; iterate Maps/Sets in sorted order), " +
  "and encode() must write equal sequences for equal states.";
