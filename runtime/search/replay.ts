/**
 * One replay of a path through the model (issue 17 item 1): from a chosen initial state, regenerate each
 * state's successors and keep the one the next pick describes. Every place that turns recorded choices
 * back into states goes through `replayPath`: counterexamples rebuilt from the store's fingerprints
 * (sequential, parallel, symmetry-reduced), the liveness graph's edges, lock-order examples, pinned
 * traces (`--emit-test`) and the re-validation of reported traces. Only how the next step is picked
 * differs, and that is data (`StepPick`), so the loop, its error handling and its trace entries are
 * written once. `replayPath` never throws for a path the model does not have: it returns a typed
 * `ReplayError` with the prefix it did replay, and each caller words it for its users.
 *
 * The replay of an ITF trace (report/itf.ts) is not a path but a set of candidate paths (a partial
 * state can match several successors, and all are followed), so it keeps its own breadth-wise loop.
 */
import { SpecError, type Model, type Transition, type Value } from "../contract/model.js";
import { Fingerprinter, fingerprintInto, type FingerprintMode } from "./fingerprint.js";
import type { FingerprintKey } from "./store.js";
import { valueEquals } from "./format.js";
import type { TraceStep } from "./result.js";

/**
 * A visited set that answers "which entry holds this key". Its keys live only in its table (one memory
 * access per lookup), so "is `state` entry i" is `find(key of state) === i`, keyed as `fingerprint` says.
 */
export interface KeyedStore {
  readonly fingerprint: FingerprintMode;
  find(k: FingerprintKey): number;
}

/** Where a replayed path starts. */
export type InitialPick<S> =
  /** The initial state that is entry `index` of `store` (an orbit's under `canonical`). */
  | { readonly kind: "entry"; readonly store: KeyedStore; readonly index: number }
  /** The initial state with this fingerprint (an orbit's under `canonical`). */
  | { readonly kind: "fingerprint"; readonly h1: number; readonly h2: number }
  /** The initial state equal to this one (compared by its `encode` fingerprint, independent of packing). */
  | { readonly kind: "state"; readonly state: S }
  /** The `index`-th of `model.init()` (0-based). */
  | { readonly kind: "index"; readonly index: number }
  /** Continue from a trace entry already replayed (not checked to be initial); the numbering continues from it. */
  | { readonly kind: "at"; readonly from: TraceStep<S> };

/** How the next step of a path is chosen among the current state's successors (the first that matches). */
export type StepPick<S> =
  /**
   * The successor that is entry `index` of `store` (an orbit's under `canonical`), optionally also produced
   * by this step and instance, and accepted by `accept` (the liveness graph's fairness tag).
   */
  | {
      readonly kind: "entry";
      readonly store: KeyedStore;
      readonly index: number;
      readonly step?: number;
      readonly instance?: number;
      readonly accept?: (t: Transition<S>) => boolean;
    }
  /**
   * The successor with this fingerprint (an orbit's under `canonical`), optionally also produced by this
   * step and instance, and accepted by `accept` (the liveness graph's fairness tag).
   */
  | {
      readonly kind: "fingerprint";
      readonly h1: number;
      readonly h2: number;
      readonly step?: number;
      readonly instance?: number;
      readonly accept?: (t: Transition<S>) => boolean;
    }
  /** The successor equal to `state` (by `encode` fingerprint), produced by this step and, when given, instance. */
  | { readonly kind: "state"; readonly state: S; readonly step: number; readonly instance?: number }
  /** The step named `step` of the instance named `process` (an action: none) with exactly these picks. */
  | { readonly kind: "label"; readonly step: string; readonly process?: string; readonly picks?: { readonly [name: string]: Value } }
  /** The `index`-th successor (0-based) in the order `successors` produces them. */
  | { readonly kind: "index"; readonly index: number };

/** Why a path could not be replayed. `at` is the 1-based trace index of the state that was not produced. */
export type ReplayError =
  | { readonly kind: "no-initial" }
  | { readonly kind: "no-successor"; readonly at: number }
  /** `successors` threw: a SpecError before the pick matched (or at all, with `strict`), or any other error. */
  | { readonly kind: "threw"; readonly at: number; readonly error: unknown; readonly matched: boolean };

/** The replayed trace, or the error and the prefix replayed before it. */
export type PathReplay<S> =
  { readonly ok: true; readonly trace: TraceStep<S>[] } | { readonly ok: false; readonly error: ReplayError; readonly trace: TraceStep<S>[] };

export interface ReplayOptions {
  /** Fingerprint picks are of orbits (the search reduced by symmetry): each step takes a successor in the recorded orbit. */
  readonly canonical?: boolean;
  /**
   * A SpecError raised while expanding a state is an error even when the pick matched before it (pinned
   * traces: the schedule must not meet an error on the way). Default: only an error before the match.
   */
  readonly strict?: boolean;
}

/** Replays `steps` from `initial`; pure (given a deterministic model). */
export function replayPath<S>(model: Model<S>, initial: InitialPick<S>, steps: readonly StepPick<S>[], opts: ReplayOptions = {}): PathReplay<S> {
  const keys = new Keys(model, opts.canonical === true);
  const first = initialOf(model, initial, keys);
  if (first === undefined) return { ok: false, error: { kind: "no-initial" }, trace: [] };
  const trace: TraceStep<S>[] = [first];
  const names = model.instances.map((i) => i.name);
  let state = first.state;
  let index = first.index;
  for (const pick of steps) {
    index++;
    const matches = matcher(model, pick, keys, names);
    let found: Transition<S> | undefined;
    let error: unknown;
    let threw = false;
    try {
      model.successors(state, (t) => {
        if (found === undefined && matches(t)) found = t;
      });
    } catch (e) {
      threw = true;
      error = e;
    }
    if (threw && (found === undefined || opts.strict === true || !(error instanceof SpecError))) {
      return { ok: false, error: { kind: "threw", at: index, error, matched: found !== undefined }, trace };
    }
    if (found === undefined) return { ok: false, error: { kind: "no-successor", at: index }, trace };
    trace.push(traceStepOf(index, found, model));
    state = found.state;
  }
  return { ok: true, trace };
}

/** A trace entry for a transition. */
export function traceStepOf<S>(index: number, t: Transition<S>, model: Pick<Model<S>, "steps">): TraceStep<S> {
  const step = model.steps[t.step];
  return {
    index,
    ...(t.instance >= 0 ? { instance: t.instance } : {}),
    ...(step !== undefined ? { step } : {}),
    ...(t.picks !== undefined ? { picks: t.picks } : {}),
    state: t.state,
  };
}

/** The two ways of comparing states: the search's fingerprint (packed, or an orbit's) and the `encode` stream's. */
class Keys<S> {
  private readonly fp = new Fingerprinter();
  /** One fingerprinter per key width a store asks for (64 or 96 bits). */
  private readonly byBits = new Map<number, Fingerprinter>();
  constructor(
    private readonly model: Model<S>,
    private readonly canonical: boolean,
  ) {}

  /** True when `s` has the search's fingerprint (h1, h2). */
  hasFingerprint(s: S, h1: number, h2: number): boolean {
    fingerprintInto(this.model, s, this.fp, this.canonical);
    return this.fp.h1 === h1 >>> 0 && this.fp.h2 === h2 >>> 0;
  }

  /** True when `s` is entry `index` of `store`. */
  isEntry(s: S, store: KeyedStore, index: number): boolean {
    const bits = store.fingerprint.bits;
    let f = this.byBits.get(bits);
    if (f === undefined) this.byBits.set(bits, (f = new Fingerprinter(bits)));
    fingerprintInto(this.model, s, f, this.canonical);
    return store.find(f) === index;
  }

  /** The `encode` fingerprint of `s`: what a state given as a value is compared by. */
  encoded(s: S): string {
    const f = this.fp;
    f.reset();
    this.model.encode(s, f);
    f.finish();
    return `${f.h1}:${f.h2}`;
  }
}

function initialOf<S>(model: Model<S>, pick: InitialPick<S>, keys: Keys<S>): TraceStep<S> | undefined {
  let state: S | undefined;
  switch (pick.kind) {
    case "at":
      return pick.from;
    case "index":
      state = model.init()[pick.index];
      break;
    case "fingerprint":
      state = model.init().find((s) => keys.hasFingerprint(s, pick.h1, pick.h2));
      break;
    case "entry":
      state = model.init().find((s) => keys.isEntry(s, pick.store, pick.index));
      break;
    case "state": {
      const want = keys.encoded(pick.state);
      state = model.init().find((s) => keys.encoded(s) === want);
      break;
    }
    default:
      return assertNever(pick);
  }
  return state === undefined ? undefined : { index: 1, state };
}

function matcher<S>(model: Model<S>, pick: StepPick<S>, keys: Keys<S>, names: readonly string[]): (t: Transition<S>) => boolean {
  switch (pick.kind) {
    case "fingerprint": {
      const { h1, h2, step, instance, accept } = pick;
      return (t) =>
        (step === undefined || t.step === step) &&
        (instance === undefined || t.instance === instance) &&
        (accept === undefined || accept(t)) &&
        keys.hasFingerprint(t.state, h1, h2);
    }
    case "entry": {
      const { store, index, step, instance, accept } = pick;
      return (t) =>
        (step === undefined || t.step === step) &&
        (instance === undefined || t.instance === instance) &&
        (accept === undefined || accept(t)) &&
        keys.isEntry(t.state, store, index);
    }
    case "state": {
      const want = keys.encoded(pick.state);
      const { step, instance } = pick;
      return (t) => t.step === step && (instance === undefined || t.instance === instance) && keys.encoded(t.state) === want;
    }
    case "label": {
      const pid = pick.process !== undefined ? names.indexOf(pick.process) : -1;
      return (t) => t.instance === pid && model.steps[t.step]?.name === pick.step && samePicks(t.picks, pick.picks);
    }
    case "index": {
      let seen = 0;
      return () => seen++ === pick.index;
    }
    default:
      return assertNever(pick);
  }
}

/** The same binder names with equal values (no picks ≡ empty picks). */
export function samePicks(a: { readonly [k: string]: Value } | undefined, b: { readonly [k: string]: Value } | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  if (ka.length !== kb.length) return false;
  return ka.every((k) => b !== undefined && k in b && valueEquals((a as { [k: string]: Value })[k] as Value, b[k] as Value));
}

/** The end of an exhaustive switch. */
export function assertNever(x: never): never {
  throw new Error(`unexpected replay pick ${JSON.stringify(x)}`);
}

/** A store that keeps keys and parent links only (no step/instance): `CompactStore`. */
export interface ParentStore extends KeyedStore {
  readonly size: number;
  parent(i: number): number;
}

/** The store indices from an initial state to `idx`, in path order (parent links followed back). */
export function parentPath(store: Pick<ParentStore, "size" | "parent">, idx: number): number[] {
  const path: number[] = [];
  for (let i = idx; i >= 0; i = store.parent(i)) {
    path.push(i);
    if (path.length > store.size) throw new Error("trace reconstruction: cycle in parent links (store corrupted)");
  }
  return path.reverse();
}

/**
 * Rebuilds the trace to store entry `idx` by replay: walk the parent links back to an initial state,
 * then regenerate each state's successors and keep the first that the store maps to the recorded entry
 * (any transition producing it is a real one). A mismatch means the model is nondeterministic (see trace.ts).
 */
export function replayTrace<S>(model: Model<S>, store: ParentStore, idx: number, canonical = false): TraceStep<S>[] {
  const path = parentPath(store, idx);
  const r = replayPath(
    model,
    { kind: "entry", store, index: path[0] as number },
    path.slice(1).map((index) => ({ kind: "entry", store, index })),
    { canonical },
  );
  return r.ok ? r.trace : throwReplayError(r.error);
}

/**
 * Replays a path given as 64-bit fingerprints (lane 1, lane 2) from an initial state (the parallel
 * search's paths). With `canonical` (a search under symmetry reduction) the fingerprints are of orbits:
 * each step takes a successor in the recorded orbit, which exists because permutations map successors
 * to successors, so the trace is a concrete behaviour of the model. Throws when the model does not
 * replay it (a nondeterministic model).
 */
export function replayFingerprints<S>(model: Model<S>, fps: readonly (readonly [number, number])[], canonical = false): TraceStep<S>[] {
  const [f0, g0] = fps[0] as readonly [number, number];
  const r = replayPath(
    model,
    { kind: "fingerprint", h1: f0, h2: g0 },
    fps.slice(1).map(([h1, h2]) => ({ kind: "fingerprint", h1, h2 })),
    { canonical },
  );
  return r.ok ? r.trace : throwReplayError(r.error);
}

/** The search recorded this path, so a replay that fails means the model is nondeterministic. */
function throwReplayError(e: ReplayError): never {
  switch (e.kind) {
    case "no-initial":
      throw new Error("trace replay failed: no initial state has the recorded fingerprint (nondeterministic model?)");
    case "threw":
      throw new Error(`trace replay failed at step ${e.at}: ${String(e.error)}`);
    case "no-successor":
      throw new Error(`trace replay failed at step ${e.at}: no successor has the recorded fingerprint (nondeterministic model?)`);
    default:
      return assertNever(e);
  }
}
