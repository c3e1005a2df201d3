/**
 * The explorers' watchdog: time, memory and cancellation limits, the progress callback, and the time
 * slices of the async drivers. The hot loops call `tick()` (a decrement) once per expanded state and
 * only `poll()` when it fires; the tick interval adapts so that polls happen every few milliseconds
 * whether a state takes 100 ns or 10 ms to expand.
 */
import type { Limit, SearchOptions, Stats } from "./result.js";
import { getHeapStatistics } from "node:v8";
import { evaluationProgress, startEvaluationBudget } from "../contract/budget.js";

/**
 * True when the process uses more than `maxBytes` of memory (RSS), or when this thread's V8 heap is
 * close enough to its own limit that V8 would soon abort the process (see HEAP_LIMIT_FRACTION).
 */
export function overMemory(maxBytes: number): boolean {
  if (process.memoryUsage.rss() > maxBytes) return true;
  const h = getHeapStatistics();
  return h.used_heap_size > HEAP_LIMIT_FRACTION * h.heap_size_limit;
}

/**
 * The V8 heap may not grow past this fraction of its limit (`heap_size_limit`): beyond it V8 dies with a
 * fatal out-of-memory error (exit 134, no report), so the search stops first with limit `maxMemory`,
 * whatever `--max-memory` says (issue 14 item 8).
 */
export const HEAP_LIMIT_FRACTION = 0.9;
/** Polls closer than this are too frequent: double the interval. */
const POLL_MIN_MS = 2;
/** Polls further apart than this are too rare for a responsive Ctrl-C or time limit: halve it. */
const POLL_MAX_MS = 20;
const INTERVAL_MAX = 1 << 16;
/** The memory limit is checked at most this often (see `poll`). */
const MEMORY_POLL_MS = 10;

/** What `poll` tells the loop: go on, hand control back to the async driver, or stop at a limit. */
export type PollResult = "continue" | "yield" | Limit;

/** Tracks limits and progress for one search. */
export class Watchdog {
  /** performance.now() at the start of the search. */
  readonly startMs: number;
  /** The async driver's current slice end; Infinity when synchronous. */
  sliceEndMs = Infinity;
  private countdown = 1;
  private interval = 1;
  private lastPollMs: number;
  private lastProgressMs: number;
  /** When memory was last checked (-Infinity: the first poll checks it). */
  private lastMemoryMs = -Infinity;
  private readonly progressMs: number;

  constructor(private readonly opts: SearchOptions) {
    this.startMs = performance.now();
    this.lastPollMs = this.startMs;
    this.lastProgressMs = this.startMs;
    this.progressMs = opts.progressIntervalMs ?? 1000;
    // The time limit also holds inside one state's evaluation (runtime/contract/budget.ts).
    startEvaluationBudget(opts.maxSeconds, this.startMs);
  }

  /** Counts one unit of work; true when it is time to `poll`. */
  tick(): boolean {
    return --this.countdown <= 0;
  }

  /** Seconds since the start. */
  elapsedSeconds(): number {
    return (performance.now() - this.startMs) / 1000;
  }

  /** Checks the limits (and reports progress); `distinct` is the number of states found so far. */
  poll(distinct: number, stats: () => Stats): PollResult {
    const now = performance.now();
    const since = now - this.lastPollMs;
    if (since < POLL_MIN_MS && this.interval < INTERVAL_MAX) this.interval *= 2;
    else if (since > POLL_MAX_MS && this.interval > 1) this.interval >>= 1;
    this.countdown = this.interval;
    this.lastPollMs = now;
    evaluationProgress(now);
    const o = this.opts;
    if (o.signal?.aborted) return "interrupted";
    if (o.maxSeconds !== undefined && now - this.startMs >= o.maxSeconds * 1000) return "maxSeconds";
    // At most every MEMORY_POLL_MS (polls are 2-20 ms apart): a search of large states can grow by
    // gigabytes within 64k states, but not within 10 ms. RSS covers the whole process (every worker
    // thread too); reading it is a system call, 2% of a mutexN N5K8 profile when made at every poll.
    if (o.maxMemoryBytes !== undefined && now - this.lastMemoryMs >= MEMORY_POLL_MS) {
      this.lastMemoryMs = now;
      if (overMemory(o.maxMemoryBytes)) return "maxMemory";
    }
    if (o.onProgress !== undefined && now - this.lastProgressMs >= this.progressMs) {
      this.lastProgressMs = now;
      o.onProgress(stats());
    }
    return now >= this.sliceEndMs ? "yield" : "continue";
  }

  /** The limit already hit before any work (an aborted signal, a zero budget), or undefined. */
  initial(): Limit | undefined {
    if (this.opts.signal?.aborted) return "interrupted";
    if (this.opts.maxSeconds !== undefined && this.opts.maxSeconds <= 0) return "maxSeconds";
    return undefined;
  }
}
