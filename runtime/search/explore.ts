/**
 * What BFS, DFS and simulation share: the fingerprint store and writer, invariant checking, turning
 * SpecErrors and deadlocks into violations, coverage counts, the watchdog, statistics, the result, and
 * the sync/async drivers.
 *
 * Each strategy (bfs.ts, dfs.ts, simulate.ts) is a `Search`: a resumable loop over its own frontier
 * (BFS: two level arrays with implicit store indices; DFS: a stack of frames; simulation: one walk) that
 * calls into this core per state. They are separate loops rather than one loop over a frontier
 * interface because the hot paths differ in what they need per state (BFS: nothing but the state;
 * DFS: depth and pending successors), and a shared interface would make BFS pay for DFS's bookkeeping.
 */
import { RefinementError, refinementOf, type Refinement } from "../contract/refinement.js";
import { initialStates, SpecError, type Invariant, type Model, type StepDef } from "../contract/model.js";
import { Fingerprinter, fingerprintMode, type FingerprintMode } from "./fingerprint.js";
import { FingerprintStore, MAX_META } from "./store.js";
import { exactFingerprints, fingerprintInfo, fingerprintInto } from "./fingerprint.js";
import { Watchdog } from "./limits.js";
import { endEvaluationBudget, isEvaluationStopped } from "../contract/budget.js";
import { deadlockReason } from "./format.js";
import type { CheckResult, Coverage, Limit, SearchMode, SearchOptions, Stats, TraceStep, Violation } from "./result.js";

/** A resumable search: `advance` runs until done (true) or until the watchdog's slice ends (false). */
export interface Search<S> {
  /** Runs until the search is over (true) or the watchdog's slice has ended (false). */
  advance(): boolean;
  /** The result; call once `advance` has returned true. Rebuilds the trace (BFS replays it). */
  result(): CheckResult<S>;
  readonly explorer: Explorer<S, VisitedSet>;
}

/** Runs a search to completion on the current thread. */
export function runSync<S>(search: Search<S>): CheckResult<S> {
  try {
    while (!advanceOrStop(search)) {
      // Unreachable when synchronous (the slice never ends); kept total.
    }
    return search.result();
  } finally {
    endEvaluationBudget();
  }
}

/**
 * `search.advance()`, ending the search with a limit when an evaluation was stopped inside a state
 * (runtime/contract/budget.ts: a time limit or interrupt reached while one invariant or step was still running),
 * a store could not take one more state, or an allocation failed.
 */
function advanceOrStop<S>(search: Search<S>): boolean {
  try {
    return search.advance();
  } catch (e) {
    const limit = isEvaluationStopped(e) ? e.limit : isAllocationFailure(e) ? "maxMemory" : undefined;
    if (limit === undefined) throw e;
    const ex = search.explorer;
    if (ex.violation === undefined) ex.limit = limit;
    ex.stop();
    return true;
  }
}

/**
 * V8 could not allocate a typed array's buffer (a level, a store chunk): memory ran out, which ends the
 * search with `maxMemory` and the statistics so far (the stores convert their own failures already).
 */
function isAllocationFailure(e: unknown): boolean {
  return e instanceof RangeError && e.message.startsWith("Array buffer allocation failed");
}

/**
 * Runs a search in slices of `sliceMs`, yielding to the event loop between them so that timers,
 * signal handlers (Ctrl-C → AbortController.abort()) and I/O get to run.
 */
export async function runAsync<S>(search: Search<S>, sliceMs = 50): Promise<CheckResult<S>> {
  const dog = search.explorer.watchdog;
  try {
    for (;;) {
      dog.sliceEndMs = performance.now() + sliceMs;
      if (advanceOrStop(search)) return search.result();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    endEvaluationBudget();
  }
}

/** What the explorer core needs of a visited set (FingerprintStore for DFS/simulation, CompactStore for BFS). */
export interface VisitedSet {
  readonly size: number;
  readonly bytes: number;
  /** The keys it holds (absent: 64-bit fingerprints, exact when the model's states fit in 64 bits). */
  readonly fingerprint?: FingerprintMode;
}

export { replayFingerprints, replayTrace, type ParentStore } from "./replay.js";

/** Shared state and helpers of one search. */
export class Explorer<S, St extends VisitedSet = FingerprintStore> {
  readonly store: St;
  /** Keys the states: its width is the store's (`fingerprint`). */
  readonly fp: Fingerprinter;
  readonly watchdog: Watchdog;
  /** Transitions fired per step index (Float64 so counts never wrap). */
  readonly fired: Float64Array;
  readonly maxStates: number;
  /** The workload's state constraints (empty: none). */
  readonly constraints: readonly Invariant<S>[];
  /** True when the workload has state constraints: successors outside them are checked, then dropped. */
  readonly constrained: boolean;
  /** Symmetry reduction in effect (`opts.symmetry` and a model that declares something symmetric). */
  readonly symmetry: Model<S>["symmetry"];
  /** Transitions produced so far. */
  generated = 0;
  /** See `Stats.depth`. */
  depth = 0;
  /** See `Stats.queue`. */
  queue = 0;
  /** States in the store that do not count as found (DFS: beyond the depth bound). */
  uncounted = 0;
  violation: Violation | undefined;
  limit: Limit | undefined;
  /** The refinement a refining model checks (initial states here; steps inside its `successors`). */
  private readonly refinement: Refinement<S, unknown> | undefined;
  private endSeconds: number | undefined;

  constructor(
    readonly model: Model<S>,
    readonly mode: SearchMode,
    readonly opts: SearchOptions,
    store?: St | ((mode: FingerprintMode) => St),
  ) {
    // A group too large to enumerate per state is ignored (the CLI says so): exact search instead.
    // Refinement is checked on the concrete transitions of every state: no reduction by symmetry.
    this.refinement = refinementOf(model);
    this.symmetry = opts.symmetry === true && model.symmetry?.usable === true && this.refinement === undefined ? model.symmetry : undefined;
    // Simulation keeps its store to count distinct states only: 64-bit keys do.
    const keys = fingerprintMode(model, this.symmetry !== undefined, mode === "simulate" ? 64 : opts.fingerprint, opts.maxStates, opts.expectedStates);
    if (typeof store === "function") this.store = store(keys);
    else this.store = store ?? (new FingerprintStore({ mode: keys, ...(opts.storeLimits !== undefined ? { limits: opts.storeLimits } : {}) }) as unknown as St);
    this.fp = new Fingerprinter(this.store.fingerprint?.bits ?? 64);
    if (store === undefined && (model.steps.length > MAX_META || model.instances.length > MAX_META)) {
      throw new RangeError(`model too large for the store: at most ${MAX_META} steps and instances`);
    }
    this.watchdog = new Watchdog(opts);
    this.fired = new Float64Array(model.steps.length);
    this.maxStates = opts.maxStates ?? Infinity;
    this.constraints = model.constraints ?? [];
    this.constrained = this.constraints.length > 0;
  }

  /** Fingerprints `s` into `this.fp.h1`/`h2` (its orbit's, under symmetry reduction). */
  fingerprint(s: S): void {
    fingerprintInto(this.model, s, this.fp, this.symmetry !== undefined);
  }

  /**
   * Whether `s` satisfies every state constraint of the workload (TLC's CONSTRAINT): true or false, or
   * the spec_error violation raised evaluating one. Only call it when `constrained`.
   */
  inModel(s: S): boolean | Violation {
    const cs = this.constraints;
    let i = 0;
    try {
      for (; i < cs.length; i++) if (!(cs[i] as Invariant<S>).holds(s)) return false;
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      return { kind: "spec_error", message: `evaluating constraint ${(cs[i] as Invariant<S>).name}: ${e.message}`, loc: e.loc };
    }
    return true;
  }

  /**
   * TLC's CONSTRAINT for one generated state: `"inside"` when `s` satisfies every constraint of the
   * workload; otherwise `s` is outside (neither stored nor expanded) and the result is the violation it
   * still shows — an invariant checked on it, or the spec error raised evaluating a constraint — or
   * undefined. Only call it when `constrained`.
   */
  outsideViolation(s: S): Violation | undefined | "inside" {
    const m = this.inModel(s);
    if (m === true) return "inside";
    return m === false ? this.checkState(s) : m;
  }

  /**
   * The first invariant `s` violates, or undefined. A SpecError while evaluating one is a spec_error.
   * `initial`: `s` is an initial state, so a refining model first checks that it maps to an initial state
   * of the abstract spec (a `refinement` violation whose trace is that state).
   */
  checkState(s: S, initial = false): Violation | undefined {
    if (initial) {
      const r = this.initialRefinement(s);
      if (r !== undefined) return r;
    }
    const invs = this.model.invariants;
    let i = 0;
    try {
      for (; i < invs.length; i++) {
        const inv = invs[i] as Invariant<S>;
        if (!inv.holds(s)) {
          return { kind: "invariant", property: inv.name, message: `invariant ${inv.name} is violated`, loc: inv.loc };
        }
      }
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      const inv = invs[i] as Invariant<S>;
      return {
        kind: "spec_error",
        property: inv.name,
        message: `evaluating invariant ${inv.name}: ${e.message}`,
        loc: e.loc,
      };
    }
    return undefined;
  }

  /** For a refining model: the violation when initial state `s` maps outside the abstract spec's initial states. */
  private initialRefinement(s: S): Violation | undefined {
    if (this.refinement === undefined) return undefined;
    try {
      const r = this.refinement.initialViolation(s);
      return r !== undefined ? this.specError(r) : undefined;
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      return this.specError(e);
    }
  }

  /** Every invariant `s` violates, in declaration order (a SpecError evaluating one is its spec_error). */
  checkAll(s: S, initial = false): Violation[] {
    const out: Violation[] = [];
    const r = initial ? this.initialRefinement(s) : undefined;
    if (r !== undefined) out.push(r);
    for (const inv of this.model.invariants) {
      try {
        if (!inv.holds(s)) out.push({ kind: "invariant", property: inv.name, message: `invariant ${inv.name} is violated`, loc: inv.loc });
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        out.push({ kind: "spec_error", property: inv.name, message: `evaluating invariant ${inv.name}: ${e.message}`, loc: e.loc });
      }
    }
    return out;
  }

  /** The violation for a SpecError thrown by `init` or `successors`. */
  /**
   * The initial states, or undefined when the search is over before it starts: a limit already hit
   * (recorded in `limit`), or a SpecError raised by `init` (recorded in `violation`).
   */
  start(): readonly S[] | undefined {
    const initial = this.watchdog.initial();
    if (initial !== undefined) {
      this.limit = initial;
      return undefined;
    }
    try {
      return initialStates(this.model);
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      this.violation = this.specError(e);
      return undefined;
    }
  }

  specError(e: SpecError): Violation {
    const step: StepDef | undefined = e.step >= 0 ? this.model.steps[e.step] : undefined;
    return {
      kind: e.errorKind,
      message: e.message,
      loc: e.loc,
      ...(step !== undefined ? { step } : {}),
      ...(e.instance >= 0 ? { instance: e.instance } : {}),
      ...(e instanceof RefinementError ? { property: "refinement", refinement: e.detail } : {}),
    };
  }

  /** True when `s`, which has no successors, is a deadlock to report. */
  isDeadlock(s: S): boolean {
    return this.model.checkDeadlock && !this.model.done(s);
  }

  /** The deadlock violation. */
  deadlock(): Violation {
    return { kind: "deadlock", message: `deadlock: ${deadlockReason(this.model)}` };
  }

  /** Calls the watchdog; records a limit and returns "stop", or returns "yield"/"continue". */
  poll(): "continue" | "yield" | "stop" {
    const r = this.watchdog.poll(this.store.size - this.uncounted, () => this.stats());
    if (r === "continue" || r === "yield") return r;
    this.limit = r;
    return "stop";
  }

  /**
   * True when `maxStates` distinct states are stored: no further state may be stored, so a search stops
   * exactly at the limit, not one expansion (the branching factor) past it (issue 14 item 11).
   */
  atCapacity(): boolean {
    return this.store.size - this.uncounted >= this.maxStates;
  }

  /** Records a limit hit by the state count; true when the search must stop. */
  overStates(): boolean {
    if (this.store.size - this.uncounted < this.maxStates) return false;
    this.limit = "maxStates";
    return true;
  }

  /** Freezes the clock (called once when the search ends, before the trace is rebuilt). */
  stop(): void {
    this.endSeconds ??= this.watchdog.elapsedSeconds();
  }

  /** Statistics so far. */
  stats(extra: { cutOff?: number; runs?: number } = {}): Stats {
    const seconds = this.endSeconds ?? this.watchdog.elapsedSeconds();
    const distinct = this.store.size - this.uncounted;
    const bytes = this.store.bytes;
    return {
      distinctStates: distinct,
      statesGenerated: this.generated,
      depth: this.depth,
      queue: this.queue,
      seconds,
      statesPerSec: seconds > 0 ? distinct / seconds : 0,
      bytesPerState: distinct > 0 ? bytes / distinct : 0,
      storeBytes: bytes,
      // Simulation keeps no visited set that could prune a state: nothing to estimate.
      ...(this.mode !== "simulate" ? { fingerprints: this.fingerprintInfo() } : {}),
      ...extra,
    };
  }

  /** What the visited set guarantees (a store without a mode: 64-bit, exact when the model's states fit). */
  private fingerprintInfo(): ReturnType<typeof fingerprintInfo> {
    const m = this.store.fingerprint;
    if (m === undefined) return fingerprintInfo(this.store.size, exactFingerprints(this.model, this.symmetry !== undefined));
    return fingerprintInfo(this.store.size, m.exact, m.bits);
  }

  /** Transitions fired per step, and the steps that never fired. */
  coverage(): Coverage {
    const counts = Array.from(this.fired);
    return { counts, neverFired: this.model.steps.filter((_, i) => counts[i] === 0) };
  }

  /** The final result; `complete` only matters when no violation or limit was recorded. */
  result(
    trace: readonly TraceStep<S>[] | undefined,
    complete: boolean,
    extra: { cutOff?: number; runs?: number; seed?: number; maxDepth?: number } = {},
  ): CheckResult<S> {
    this.stop();
    const { seed, maxDepth, ...statsExtra } = extra;
    const base = {
      mode: this.mode,
      stats: this.stats(statsExtra),
      coverage: this.coverage(),
      ...(seed !== undefined ? { seed } : {}),
      ...(maxDepth !== undefined && maxDepth !== Infinity ? { maxDepth } : {}),
    };
    if (this.violation !== undefined) {
      return { ...base, verdict: "violated", violation: this.violation, trace: trace ?? [], complete: false };
    }
    if (this.limit !== undefined) return { ...base, verdict: "incomplete", complete: false, limit: this.limit };
    return { ...base, verdict: "holds", complete };
  }
}
