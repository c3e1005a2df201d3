/**
 * What the explorers return: the verdict, the violation and its counterexample trace, statistics and
 * step coverage, plus the options they all share (limits, progress, cancellation).
 */
import type { PorStats } from "../reduce/guard.js";
import type { StepDef, Value } from "../contract/model.js";
import type { RefinementDetail } from "../contract/refinement.js";
import type { FingerprintInfo, FingerprintRequest } from "./fingerprint.js";

/** `holds`: no violation found; `violated`: see `violation`; `incomplete`: a limit stopped the search. */
export type Verdict = "holds" | "violated" | "incomplete";

/**
 * `property`: a temporal property of a safety form (`property P: always X`, TLA+'s `[]X` under
 * PROPERTIES, or `property P: X` on the initial states) is false in the trace's last state. The safety
 * search never reports it; the property check does, with a shortest finite trace.
 */
export type ViolationKind = "invariant" | "assertion" | "deadlock" | "lock_error" | "spec_error" | "property" | "refinement";

/**
 * Which limit stopped an `incomplete` search (`interrupted`: the AbortSignal fired; `storeLimit`: the
 * visited-state store reached the largest size it can address or allocate, see docs/performance.md).
 */
export type Limit = "maxStates" | "maxSeconds" | "maxMemory" | "interrupted" | "storeLimit";

/**
 * Caps on the visited-state store below its real limits (runtime/search/store.ts, runtime/parallel/shared-table.ts), so
 * that tests reach those limits on small models. Not a user setting: `--max-memory` is.
 */
export interface StoreLimits {
  /** Most entries the store may hold (default: `MAX_ENTRIES` in store.ts). */
  readonly maxEntries?: number;
  /** Largest hash-table buffer in bytes (default: what the engine's typed arrays can address). */
  readonly maxTableBytes?: number;
}

export type SearchMode = "bfs" | "dfs" | "simulate";

/** What went wrong. */
export interface Violation {
  readonly kind: ViolationKind;
  /** The violated invariant or property (kind `invariant`/`property`, or `spec_error` raised evaluating an invariant). */
  readonly property?: string;
  readonly message: string;
  /** Source location: the invariant's, or the failing statement's for assertion/lock/spec errors. */
  readonly loc?: string;
  /** The step whose execution failed (assertion, lock_error, spec_error in a step). */
  readonly step?: StepDef;
  /** The instance that executed the failing step (absent for actions). */
  readonly instance?: number;
  /** Kind `refinement`: the abstract states before and after (plain data: it crosses worker threads). */
  readonly refinement?: RefinementDetail;
}

/**
 * One state of a counterexample. The first entry is an initial state (no `step`). For assertion, lock
 * and spec errors the trace ends in the state where the failing step was *attempted*; the step itself is
 * in `Violation.step`.
 */
export interface TraceStep<S> {
  /** 1-based position in the trace. */
  readonly index: number;
  /** The pid that moved (absent for the initial state and for actions). */
  readonly instance?: number;
  readonly step?: StepDef;
  /** Values chosen by `with`/`either`/parameters in this step. */
  readonly picks?: { readonly [name: string]: Value };
  readonly state: S;
}

/** Search statistics. */
export interface Stats {
  /** Distinct states found (and checked). */
  readonly distinctStates: number;
  /** Transitions explored: successors produced by `Model.successors`, duplicates included, initial states not. */
  readonly statesGenerated: number;
  /**
   * TLC convention: the number of states on the longest path explored, an initial state being depth 1.
   * For BFS that is the number of levels (the longest shortest path), for DFS the deepest stack, for
   * simulation the longest run.
   */
  readonly depth: number;
  /** Largest frontier: BFS the largest level, DFS the deepest stack, simulation 1. */
  readonly queue: number;
  readonly seconds: number;
  /** distinctStates / seconds. */
  readonly statesPerSec: number;
  /** Fingerprint-store bytes / distinctStates (the frontier's state objects are not included). */
  readonly bytesPerState: number;
  /** Bytes allocated by the fingerprint store. */
  readonly storeBytes: number;
  /** Exhaustive searches: whether the visited set is exact, else its collision probability estimate. */
  readonly fingerprints?: FingerprintInfo;
  /** DFS: states beyond `maxDepth` that were never explored (0 when complete). */
  readonly cutOff?: number;
  /** Simulation: runs started. */
  readonly runs?: number;
}

/** How often each step fired (one count per `Model.steps` entry, in the same order). */
export interface Coverage {
  readonly counts: readonly number[];
  readonly neverFired: readonly StepDef[];
}

/** The outcome of `checkBfs`, `checkDfs` or `simulate`. */
export interface CheckResult<S> {
  readonly mode: SearchMode;
  readonly verdict: Verdict;
  readonly violation?: Violation;
  /** The counterexample (for `violated`): BFS shortest, DFS the stack, simulation the run. */
  readonly trace?: readonly TraceStep<S>[];
  readonly stats: Stats;
  readonly coverage: Coverage;
  /**
   * True when every reachable state was explored, so `holds` is a proof. False for a violation (the
   * search stopped there), a limit, a DFS depth bound that cut states off, and always for simulation.
   */
  readonly complete: boolean;
  readonly limit?: Limit;
  /**
   * `continue: true` (BFS, TLC's -continue): every distinct violation found, each once with a shortest
   * trace, shortest first (`violation`/`trace` are the first of them). A violation is identified by
   * `violationKey`: the invariant, the failing statement (assertion, lock and spec errors), or deadlock.
   * `complete` is then true when every reachable state was explored despite the violations.
   */
  readonly violations?: readonly FoundViolation<S>[];
  /** Simulation: the seed, to reproduce the run (given or drawn). */
  readonly seed?: number;
  /** DFS / simulation: the depth bound in force. */
  readonly maxDepth?: number;
  /** BFS with partial-order reduction: what it did (absent when the search did not reduce). */
  readonly por?: PorRun;
  /** BFS: the step code that ran, the readable methods on state objects or the packed form on words (packed-path.ts). */
  readonly stepCode?: "packed" | "object";
}

/** What partial-order reduction did in a BFS (see runtime/reduce/guard.ts). */
export interface PorRun {
  readonly stats: PorStats;
  /**
   * The reduced search found a violation, and the result is that of the plain search that re-derived
   * it (its statistics and shortest counterexample; `stats` are the reduced search's).
   */
  readonly rederived?: boolean;
}

/** One violation of a `continue` search and its shortest counterexample. */
export interface FoundViolation<S> {
  readonly violation: Violation;
  readonly trace: readonly TraceStep<S>[];
}

/**
 * What makes two violations "the same" for `continue`: the invariant or property violated, the
 * statement that failed (assertion, lock error, spec error; with the invariant whose evaluation
 * failed), or deadlock.
 */
export function violationKey(v: Violation): string {
  if (v.kind === "invariant" || v.kind === "property") return `${v.kind}:${v.property ?? ""}`;
  if (v.kind === "deadlock") return "deadlock";
  return `${v.kind}:${v.loc ?? ""}:${v.property ?? ""}`;
}

/** Limits, progress and cancellation, shared by all explorers. */
export interface SearchOptions {
  /** Stop (incomplete) once this many distinct states have been found. */
  readonly maxStates?: number;
  readonly maxSeconds?: number;
  /** Stop when the process RSS exceeds this; sampled about every 64k states. */
  readonly maxMemoryBytes?: number;
  /** Test hook: store caps below the real limits (see `StoreLimits`). */
  readonly storeLimits?: StoreLimits;
  /** Stop (incomplete, `interrupted`) when aborted. A synchronous check only sees an abort that was
   * signalled before it started or from inside a callback; use the `…Async` variants for Ctrl-C. */
  readonly signal?: AbortSignal;
  /** Called about once per `progressIntervalMs` with the statistics so far. */
  readonly onProgress?: (stats: Stats) => void;
  /** Default 1000. */
  readonly progressIntervalMs?: number;
  /**
   * Symmetry reduction: fingerprint states by `model.symmetry.encodeCanonical`, so one state per
   * orbit is explored (ignored when the model declares nothing symmetric). Default false: exact state
   * counts (TLC comparisons, test/exactness) need it off. Used by BFS and DFS (simulation only counts
   * orbits); parallel BFS does not support it yet (its trace replay matches exact fingerprints).
   */
  readonly symmetry?: boolean;
  /**
   * Key width of the visited set of BFS and DFS (`check --fingerprint`): 64 or 96 bits, or `"auto"`
   * (the default: 96 when `maxStates` is at least `WIDE_FINGERPRINT_STATES`, else 64). A state whose
   * packed form fits in the key is stored exactly whatever this says (see `fingerprintMode`). The
   * parallel search always keeps 64-bit fingerprints.
   */
  readonly fingerprint?: FingerprintRequest;
  /**
   * Distinct states the search is expected to reach (`check --expected-states`): BFS allocates its
   * visited table for that many up front (no growth, so no moment holding an old and a new table at
   * once: the peak memory of a very large run), and `fingerprint: "auto"` counts it as the run's size.
   * A hint only: a search may find fewer or more.
   */
  readonly expectedStates?: number;
  /**
   * Which step code the sequential BFS runs when the model has both (runtime/search/packed-path.ts):
   * `auto` (default) the step code on packed words when the run allows it and most steps are compiled
   * to words; `object` always the readable step methods on state objects (`--object-steps`); `packed`
   * the packed step code whenever the run allows it, however many steps fall back (tests).
   */
  readonly stepCode?: "auto" | "packed" | "object";
}

export type BfsOptions = SearchOptions;

export interface DfsOptions extends SearchOptions {
  /** Longest path explored, in states (an initial state is depth 1); default unbounded. */
  readonly maxDepth?: number;
}

export interface SimulateOptions extends SearchOptions {
  /** PRNG seed (uint32); drawn at random and reported in the result when absent. */
  readonly seed?: number;
  /** Number of random runs; default 1000. */
  readonly runs?: number;
  /** Longest run, in states; default 100. */
  readonly maxDepth?: number;
}
