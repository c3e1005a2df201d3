/** What the parallel BFS's main thread and workers exchange (types and the candidate order). */
import type { MessagePort } from "node:worker_threads";
import type { Violation } from "../search/result.js";
import type { TableBuffers } from "./shared-table.js";
import type { PorGuardOptions } from "../reduce/guard.js";
import type { WorkerPorReport } from "./parallel-por.js";

/**
 * A violation candidate: rank 0 = found expanding a level-L state (a step error or a deadlock: a trace of
 * L states), 1 = an invariant violated by a state of level L + 1 (or one outside the constraints).
 */
export interface Candidate {
  readonly rank: number;
  /**
   * Where the sequential search meets it (parallel-order.ts): rank 0, the sequence number of the state
   * expanded and `j` the successors it emitted before failing; rank 1, the sequence number of the
   * parent (-1 for an initial state) and `j` the index of the state among the parent's successors
   * (among the initial states).
   */
  readonly seq: number;
  readonly j: number;
  /** Fingerprint of the state the trace ends in (0, 0 and `init` for a SpecError in init()). */
  readonly h1: number;
  readonly h2: number;
  readonly init?: boolean;
  /**
   * The state is outside the workload's state constraints, so it is not in the table: the trace is the
   * path to `parent` (absent for an initial state) followed by the state (h1, h2).
   */
  readonly outside?: { readonly parent?: readonly [number, number] };
  readonly violation: Violation;
}

/** What a worker reports when the search is over. */
export interface WorkerReport {
  readonly t: "done";
  readonly cand: Candidate | undefined;
  /** Every reachable state was expanded. */
  readonly complete: boolean;
  readonly inserted: number;
  readonly generated: number;
  readonly fired: number[];
  /** The search reduced by symmetry (the option, and a model that declares something symmetric). */
  readonly symmetry: boolean;
  /** The step code this worker ran (packed-worker-steps.ts). */
  readonly stepCode: "packed" | "object";
  /** Levels with states (the search depth). */
  readonly depth: number;
  /** Largest level expanded (all workers). */
  readonly queue: number;
  /** The last level built (its states are not all expanded when a violation stopped the search). */
  readonly lastLevel: number;
  /** States this worker inserted before the last level. */
  readonly insertedBefore: number;
  /**
   * After a violation: states of the last level this worker kept that the sequential search inserts
   * before it stops (parallel-order.ts `cutoff`).
   */
  readonly cut: number;
  /** States this worker expanded per level after the split (load balance, for the benchmark). */
  readonly expanded: number[];
  /** The table in use at the end and its final entries (worker 0 only). */
  readonly table?: TableBuffers;
  readonly final?: number;
  /** Parent links of final entries this worker wrote that did not fit a delta: (entry, parent) pairs (shared-table.ts). */
  readonly escapes: Int32Array;
  readonly growths: number;
  /** States this worker gave to / took from the others. */
  readonly donated: number;
  readonly received: number;
  /** Seconds spent waiting for the other workers at barriers. */
  readonly waitSeconds: number;
  /** Seconds spent growing the table (allocating and copying). */
  readonly growSeconds: number;
  /** What partial-order reduction did (absent: it did not run). */
  readonly por?: WorkerPorReport;
}

/** What every worker is given (worker-start.ts). */
export interface WorkerBase {
  readonly modulePath: string;
  /** SHA-256 of the model file the caller verified; the worker refuses any other (module-hash.ts). */
  readonly moduleHash?: string;
  readonly workload: string;
  readonly id: number;
  readonly n: number;
  readonly ctrl: SharedArrayBuffer;
}

export interface WorkerData extends WorkerBase {
  readonly table: TableBuffers;
  /** `ports[w]`: the channel to worker w (null for oneself): new tables, donated states. */
  readonly ports: readonly (MessagePort | null)[];
  /** Move states between workers after a level when the shares drift apart (parallel-balance.ts). */
  readonly balance: boolean;
  /** Smallest excess worth moving (parallel-balance.ts; tests lower it to exercise the moves). */
  readonly balanceMinMove: number;
  readonly maxStates: number;
  /** The process's memory cap (bytes): the table does not grow past it (issue 14 item 8). */
  readonly maxMemoryBytes?: number;
  /** Largest table buffer (bytes); below the real limit only in tests (`StoreLimits.maxTableBytes`). */
  readonly maxTableBytes?: number;
  readonly prefixStates: number;
  /** Symmetry reduction (`SearchOptions.symmetry`): states are fingerprinted by their orbit's canonical form. */
  readonly symmetry: boolean;
  /** Which step code to run (`SearchOptions.stepCode`; the decision is packed-worker-steps.ts's). */
  readonly stepCode?: "auto" | "packed" | "object";
  /** At a level boundary the table grows to fit the states so far plus this many times the level. */
  readonly growAhead: number;
  /** Partial-order reduction with this guard (parallel-por.ts; `false`: never stopped); absent: off. */
  readonly por?: { readonly guard: PorGuardOptions | false };
}

/**
 * Candidate order: the sequential search's (parallel-order.ts). On the level where violations are found,
 * any step error or deadlock (shorter trace) before any invariant violation, each kind in sequential
 * order: independent of the worker count.
 */
export function better(a: Candidate, b: Candidate | undefined): boolean {
  if (b === undefined) return true;
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.seq !== b.seq) return a.seq < b.seq;
  return a.j < b.j;
}
