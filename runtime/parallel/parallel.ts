/**
 * Parallel exhaustive BFS on worker_threads (`checkParallel`), in one of two searches:
 *
 * - **partitioned** (owned-worker.ts, owned-search.ts) wherever the run steps packed words: each key
 *   belongs to one worker, which inserts it into its own table in the sequential order of discovery; the
 *   workers exchange streams of keys per level and share nothing per transition;
 * - **shared table** (parallel-worker.ts) everywhere else (POR, symmetry, constraints, the object path):
 *   the workers share one lock-free fingerprint table in SharedArrayBuffers (shared-table.ts) and meet at
 *   barriers between levels (parallel-control.ts); each keeps the states it discovers first in
 *   sequential order, so no per-state message is sent; states cross threads only when a worker's range
 *   of a level has drifted above the mean (parallel-balance.ts).
 *
 * The main thread only spawns the workers, watches the limits (it sets a STOP word; it never joins a
 * barrier, so it stays parked in its event loop), and rebuilds the counterexample.
 *
 * Exactness: the search is the sequential one, run in parallel (parallel-order.ts): the workers keep each
 * level in the sequential search's order (contiguous ranges of it) and every state's parent is its first
 * discoverer in that order, as in the sequential search. So for any number of workers the distinct-state
 * count, depth and queue are the sequential ones, and a counterexample is the sequential search's own:
 * every worker finishes the level, the first candidate in sequential order wins (parallel-protocol.ts
 * `better`: a step error or deadlock of level L before an invariant violated on level L + 1, as the
 * sequential search prefers the shorter trace), and the state count is cut where the sequential search
 * stops. Coverage counts and generated states after a violation count the whole last level.
 *
 * Speed (npm run bench, docs/performance.md "Parallel search"): on mutexN N=5 K=10 two partitioned
 * workers ran 1.74× faster than one on the 2-core machine, for 1.03× the CPU; on the shared table a
 * worker spends about twice the sequential CPU per state (atomic inserts, level renumbering, rebuilds),
 * which two workers repay only on the costlier object path (pfncache under POR: 1.33–1.39×).
 *
 * From source, workers load the generated model (TypeScript) through tsx, which costs about 0.3 s each; the
 * CLI therefore only goes parallel once a sequential search has outgrown a small budget (cli/parallel.ts).
 * Symmetry reduction runs on the workers (they fingerprint orbits and keep concrete states, as the
 * sequential search does). Partial-order reduction runs on the workers too (parallel-por.ts): the same
 * stubborn sets, cycle proviso and guard decisions as the sequential POR search, so the reduced graph, its
 * counterexample and the reduction's statistics are that search's for every worker count. A violation it
 * finds is re-derived without the reduction (`porShortest`, as `checkBfs` does), by a second parallel search.
 */
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { MODEL_CHANGED } from "./module-hash.js";
import type { Model } from "../contract/model.js";
import { replayFingerprints } from "../search/explore.js";
import { POR_GUARD, type PorGuardOptions, type PorStats } from "../reduce/guard.js";
import { addCounts, type PorCounts } from "./parallel-por.js";
import { exactFingerprints, fingerprintInfo } from "../search/fingerprint.js";
import type { CheckResult, Limit, SearchOptions, Stats } from "../search/result.js";
import { better, type Candidate, type WorkerBase, type WorkerData, type WorkerReport } from "./parallel-protocol.js";
import { SharedTable } from "./shared-table.js";
import { OwnedIndex, ownedApplies } from "./owned-search.js";
import { createOwnedBuffers, type OwnedReport, type OwnedWorkerData } from "./owned-protocol.js";
import { overMemory } from "../search/limits.js";
import { ABORT, COUNT, STOP, STOP_LIMITS, createControl, stopCode, type StopLimit } from "./parallel-control.js";

export interface ParallelOptions extends SearchOptions {
  /** Worker threads; default: the number of cores. */
  readonly workers?: number;
  /** SHA-256 of `modulePath` as verified by the caller: workers load only that content (module-hash.ts). */
  readonly moduleHash?: string;
  /** Partial-order reduction (bfs.ts `BfsCheckOptions.por`; on the workers: parallel-por.ts). */
  readonly por?: boolean;
  /** With `por`: its guard (bfs.ts `porGuard`; default `POR_GUARD`, false never stops it). */
  readonly porGuard?: PorGuardOptions | false;
  /** With `por`: re-derive a violation without the reduction (bfs.ts `porShortest`; default true). */
  readonly porShortest?: boolean;
  /** Initial table slots (default 2^16, each worker's 2^12 in the partitioned search; tests start tiny to exercise growth). */
  readonly initialSlots?: number;
  /** Levels smaller than this are expanded by every worker (default 1000 per worker; see parallel-worker.ts). */
  readonly prefixStates?: number;
  /**
   * Table growth at a level boundary: room for the states so far plus this many times the level
   * (default 2). 0 leaves all growth to the mid-level pause (tests exercise that path).
   */
  readonly growAhead?: number;
  /** Move states from over-full workers to the others between levels (default true; see parallel-balance.ts). */
  readonly balance?: boolean;
  /** Smallest excess worth moving (default 1024 states; tests lower it). */
  readonly balanceMinMove?: number;
  /**
   * Which parallel search: `partitioned` (owned-worker.ts; only on the packed step code) or `shared`
   * (parallel-worker.ts); default `auto`, partitioned wherever it applies (owned-search.ts `ownedApplies`).
   */
  readonly engine?: "auto" | "shared" | "partitioned";
  /** Test hook: the largest stream, level or column buffer of the partitioned search (default 4 GiB). */
  readonly maxBufferBytes?: number;
}

/** Parallel search statistics beyond `Stats`. */
export interface ParallelInfo {
  readonly workers: number;
  /** Times the table grew (the partitioned search: the workers' tables, summed). */
  readonly growths: number;
  /** Per worker, states expanded per level after the split (load balance). */
  readonly expanded: readonly (readonly number[])[];
  /** Seconds until every worker had loaded the model. */
  readonly startupSeconds: number;
  /** Per worker, states given to and taken from the others by load balancing. */
  readonly donated: readonly number[];
  readonly received: readonly number[];
  /** Per worker, seconds spent waiting at barriers (idle). */
  readonly waitSeconds: readonly number[];
  /** Per worker, seconds spent growing the table. */
  readonly growSeconds: readonly number[];
}

/** A parallel result: the ordinary result plus `parallel`. */
export type ParallelResult = CheckResult<unknown> & { readonly parallel: ParallelInfo };

/**
 * Worker bootstrap. Compiled (the npm package runs dist/runtime/*.js, and the model it loads is
 * JavaScript) the worker module is imported directly. From source, tsx's ESM hooks are registered inside
 * the worker first, then the worker module (TS) is loaded. (`execArgv: ["--import", "tsx"]` does not
 * apply the hooks to a worker's .ts entry point on Node 20.)
 */
const COMPILED = import.meta.url.endsWith(".js");
const ON_ERROR = `.catch((e) => { if (String(e && e.message).startsWith(${JSON.stringify(MODEL_CHANGED)})) throw e; console.error(e); process.exit(1); });`;
/** The bootstrap of a worker running module `name` (parallel-worker or owned-worker). */
function boot(name: string): string {
  const url = new URL(COMPILED ? `./${name}.js` : `./${name}.ts`, import.meta.url).href;
  return COMPILED
    ? `import(${JSON.stringify(url)})${ON_ERROR}`
    : `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then((m) => { m.register(); return import(${JSON.stringify(url)}); })${ON_ERROR}`;
}

/** Messages of one worker, in order; rejects once the worker fails. */
class Inbox {
  private waiters: { resolve: (m: { t: string }) => void; reject: (e: unknown) => void }[] = [];
  private queue: { t: string }[] = [];
  private failed: unknown;
  constructor(readonly w: Worker) {
    w.on("message", (m: { t: string }) => {
      const f = this.waiters.shift();
      if (f) f.resolve(m);
      else this.queue.push(m);
    });
    const fail = (e: unknown): void => {
      this.failed ??= e;
      for (const f of this.waiters.splice(0)) f.reject(this.failed);
    };
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`parallel BFS worker exited with code ${code}`)));
  }
  next(): Promise<{ t: string }> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    if (this.failed !== undefined) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }
}

/**
 * Checks `workload` of the generated model at `modulePath` (a model.ts) with `workers` threads.
 * Honours maxStates (exactly: each insertion claims its count), maxSeconds, maxMemoryBytes, signal and
 * onProgress (approximate counts between levels).
 */
export async function checkParallel(modulePath: string, workload: string, opts: ParallelOptions = {}): Promise<ParallelResult> {
  const mod = (await import(pathToFileURL(modulePath).href)) as { createModel(w: string): Model<unknown> };
  const model = mod.createModel(workload);
  const r = await searchParallel(model, modulePath, workload, opts);
  if (opts.por !== true || opts.porShortest === false || r.verdict !== "violated" || r.por === undefined) return r;
  // As `checkBfs`: the plain search stops at its first violation, no deeper than the reduced one, and its
  // counterexample is a shortest one; the report keeps what the reduction did.
  const plain = await searchParallel(model, modulePath, workload, { ...opts, por: false });
  return { ...plain, por: { ...r.por, rederived: true } };
}

async function searchParallel(model: Model<unknown>, modulePath: string, workload: string, opts: ParallelOptions): Promise<ParallelResult> {
  const n = Math.max(1, Math.floor(opts.workers ?? availableParallelism()));
  const t0 = performance.now();
  // A successor's owner is a byte (255 marks one seen before: owned-worker.ts), so at most 255 workers partition.
  const applies = n <= 255 && ownedApplies(model, opts);
  if (opts.engine === "partitioned" && !applies)
    throw new Error(
      "parallel BFS: the partitioned search needs the packed step code (no POR, symmetry, constraints or recorded analyses) and at most 255 workers",
    );
  const partitioned = opts.engine !== "shared" && applies;
  const owned = partitioned ? createOwnedBuffers(n) : undefined;
  const ctrlSab = createControl(n);
  const ctrl = new Int32Array(ctrlSab);
  const maxTableBytes = opts.storeLimits?.maxTableBytes;
  // One entry segment to start with; the workers add segments as the states come.
  const table0 = SharedTable.buffers(Math.min(SharedTable.maxSlots(maxTableBytes), Math.max(1024, opts.initialSlots ?? 1 << 16)), 1);
  // One channel per pair of workers: mesh[i][j] is i's end of the channel to j.
  const channels: MessageChannel[] = [];
  const mesh: (MessagePort | null)[][] = Array.from({ length: n }, () => new Array<MessagePort | null>(n).fill(null));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const c = new MessageChannel();
      channels.push(c);
      mesh[i]![j] = c.port1;
      mesh[j]![i] = c.port2;
    }
  const inboxes = Array.from({ length: n }, (_, id) => {
    const ports = mesh[id]!;
    const common: WorkerBase = { modulePath, ...(opts.moduleHash !== undefined ? { moduleHash: opts.moduleHash } : {}), workload, id, n, ctrl: ctrlSab };
    if (owned !== undefined) {
      const data: OwnedWorkerData = {
        ...common,
        owned,
        maxStates: opts.maxStates ?? Infinity,
        initialSlots: opts.initialSlots ?? 1 << 12,
        ...(opts.maxBufferBytes !== undefined ? { maxBufferBytes: opts.maxBufferBytes } : {}),
        ...(maxTableBytes !== undefined ? { maxTableBytes } : {}),
        ...(opts.stepCode !== undefined ? { stepCode: opts.stepCode } : {}),
      };
      return new Inbox(new Worker(boot("owned-worker"), { eval: true, workerData: data }));
    }
    const data: WorkerData = {
      ...common,
      table: table0,
      ports,
      maxStates: opts.maxStates ?? Infinity,
      ...(opts.maxMemoryBytes !== undefined ? { maxMemoryBytes: opts.maxMemoryBytes } : {}),
      ...(maxTableBytes !== undefined ? { maxTableBytes } : {}),
      prefixStates: opts.prefixStates ?? 1000 * n,
      symmetry: opts.symmetry === true,
      growAhead: opts.growAhead ?? 2,
      ...(opts.stepCode !== undefined ? { stepCode: opts.stepCode } : {}),
      balance: opts.balance ?? true,
      balanceMinMove: opts.balanceMinMove ?? 1024,
      ...(opts.por === true ? { por: { guard: opts.porGuard ?? POR_GUARD } } : {}),
    };
    // A larger young generation: the search allocates one short-lived object per transition (see tune.ts).
    return new Inbox(
      new Worker(boot("parallel-worker"), {
        eval: true,
        workerData: data,
        transferList: ports.filter((p) => p !== null),
        resourceLimits: { maxYoungGenerationSizeMb: 96 },
      }),
    );
  });
  const stop = (limit: StopLimit): void => void Atomics.compareExchange(ctrl, STOP, 0, stopCode(limit));
  const timers: NodeJS.Timeout[] = [];
  const onAbort = (): void => stop("interrupted");
  try {
    await Promise.all(inboxes.map((b) => b.next()));
    const startupSeconds = (performance.now() - t0) / 1000;
    if (opts.signal?.aborted) stop("interrupted");
    opts.signal?.addEventListener("abort", onAbort);
    if (opts.maxSeconds !== undefined) timers.push(setTimeout(() => stop("maxSeconds"), Math.max(0, opts.maxSeconds * 1000 - (performance.now() - t0))));
    if (opts.maxMemoryBytes !== undefined) {
      const max = opts.maxMemoryBytes;
      // RSS covers every thread; sampled often, as a table growth or large states add memory fast.
      timers.push(setInterval(() => overMemory(max) && stop("maxMemory"), 50));
    }
    if (opts.onProgress !== undefined) {
      const report = opts.onProgress;
      timers.push(setInterval(() => report(progressStats(Atomics.load(ctrl, COUNT), (performance.now() - t0) / 1000)), opts.progressIntervalMs ?? 1000));
    }
    const reports = (await Promise.all(inboxes.map((b) => b.next()))) as unknown as WorkerReport[];
    for (const t of timers) clearTimeout(t);
    const seconds = (performance.now() - t0) / 1000;
    let best: Candidate | undefined;
    for (const r of reports) if (r.cand !== undefined && better(r.cand, best)) best = r.cand;
    const lead = reports[0]!;
    const escapes = new Map<number, number>();
    let escapeBytes = 0;
    for (const r of reports) {
      for (let i = 0; i + 1 < r.escapes.length; i += 2) escapes.set(r.escapes[i]!, r.escapes[i + 1]!);
      escapeBytes += r.escapes.length * 4;
    }
    const index =
      owned !== undefined
        ? new OwnedIndex(
            reports.map((r) => (r as WorkerReport & { owned: OwnedReport }).owned),
            owned,
            escapes,
          )
        : undefined;
    const table = index === undefined ? new SharedTable(lead.table!) : undefined;
    if (table !== undefined) table.base = lead.final!;
    const storeBytes = (index?.bytes ?? table!.bytes) + escapeBytes;
    // After a violation, the states the sequential search stores before it stops (parallel-order.ts).
    const cut = reports.reduce((a, r) => a + r.cut, 0);
    const distinct =
      best === undefined ? reports.reduce((a, r) => a + r.inserted, 0) : best.init === true ? 0 : reports.reduce((a, r) => a + r.insertedBefore, 0) + cut;
    const depth = best === undefined ? lead.depth : best.init === true ? 0 : lead.lastLevel - 1 + (cut > 0 ? 1 : 0);
    const fired = new Array<number>(model.steps.length).fill(0);
    for (const r of reports) r.fired.forEach((c, i) => (fired[i] = (fired[i] as number) + c));
    const stats: Stats = {
      distinctStates: distinct,
      statesGenerated: reports.reduce((a, r) => a + r.generated, 0),
      depth,
      queue: lead.queue,
      seconds,
      statesPerSec: seconds > 0 ? distinct / seconds : 0,
      bytesPerState: distinct > 0 ? storeBytes / distinct : 0,
      storeBytes,
      fingerprints: fingerprintInfo(distinct, exactFingerprints(model, lead.symmetry)),
    };
    const coverage = { counts: fired, neverFired: model.steps.filter((_, i) => fired[i] === 0) };
    // What the workers ran: each decides on its own, as the sequential search would (packed-worker-steps.ts).
    const stepCode = lead.stepCode;
    if (reports.some((r) => r.stepCode !== stepCode)) throw new Error("parallel BFS: the workers ran different step code");
    const parallel: ParallelInfo = {
      workers: n,
      growths: index !== undefined ? reports.reduce((a, r) => a + r.growths, 0) : lead.growths,
      expanded: reports.map((r) => r.expanded),
      startupSeconds,
      donated: reports.map((r) => r.donated),
      received: reports.map((r) => r.received),
      waitSeconds: reports.map((r) => r.waitSeconds),
      growSeconds: reports.map((r) => r.growSeconds),
    };
    const por = porOf(reports);
    const common = { mode: "bfs" as const, stats, coverage, stepCode, parallel, ...(por !== undefined ? { por: { stats: por } } : {}) };
    if (best !== undefined) {
      // A spec error raised while computing the initial states has no state to trace back to.
      const path = best.init === true ? [] : index !== undefined ? ownedPath(model, index, best) : candidatePath(table!, escapes, best);
      const trace = best.init === true ? [] : replayFingerprints(model, path, lead.symmetry);
      return { ...common, verdict: "violated", violation: best.violation, trace, complete: false };
    }
    if (!lead.complete) {
      const code = Atomics.load(ctrl, STOP);
      const limit: Limit = code > 0 ? STOP_LIMITS[code - 1]! : "interrupted";
      return { ...common, verdict: "incomplete", limit, complete: false };
    }
    return { ...common, verdict: "holds", complete: true };
  } catch (e) {
    // Release the workers still waiting for the failed one, then report the failure.
    Atomics.store(ctrl, ABORT, 1);
    throw e;
  } finally {
    for (const t of timers) clearTimeout(t);
    opts.signal?.removeEventListener("abort", onAbort);
    for (const c of channels) {
      c.port1.close();
      c.port2.close();
    }
    await Promise.all(inboxes.map((b) => b.w.terminate()));
  }
}

/** The reduction's statistics over all workers (parallel-por.ts), or undefined when it did not run. */
function porOf(reports: readonly WorkerReport[]): PorStats | undefined {
  const lead = reports[0]!.por;
  if (lead === undefined) return undefined;
  const c: { -readonly [K in keyof PorCounts]: number } = { ...lead.base };
  for (const r of reports) if (r.por !== undefined) addCounts(c, r.por.own);
  return { ...c, ...(lead.stoppedAfter !== undefined ? { stoppedAfter: lead.stoppedAfter } : {}) };
}

/** Fingerprints from an initial state to the candidate's state in a partitioned search (owned-search.ts). */
function ownedPath(model: Model<unknown>, index: OwnedIndex, best: Candidate): [number, number][] {
  // Rank 0: the state expanded; rank 1: the parent (−1: none) and then the state, which has no number when the search stopped at it.
  if (best.rank === 0) return index.fingerprints(model, index.chain(best.seq));
  return [...(best.seq === -1 ? [] : index.fingerprints(model, index.chain(best.seq))), [best.h1 >>> 0, best.h2 >>> 0]];
}

/** Fingerprints from an initial state to the candidate's state; a state outside the constraint is not in the table, so its path ends at its parent. */
function candidatePath(table: SharedTable, escapes: ReadonlyMap<number, number>, best: Candidate): [number, number][] {
  const out = best.outside;
  if (out === undefined) return pathTo(table, escapes, best.h1, best.h2);
  return [...(out.parent ? pathTo(table, escapes, out.parent[0], out.parent[1]) : []), [best.h1 >>> 0, best.h2 >>> 0]];
}

/** Fingerprints from an initial state to (h1, h2), following the parent links of the final entries (shared-table.ts). */
function pathTo(table: SharedTable, escapes: ReadonlyMap<number, number>, h1: number, h2: number): [number, number][] {
  let e = table.find(h1, h2);
  if (e < 0) throw new Error("parallel BFS: the state of the trace is missing from the table");
  if (e >= table.base) throw new Error("parallel BFS: a state of the trace is not final");
  const path: [number, number][] = [];
  for (;;) {
    path.push([table.h1(e) >>> 0, table.h2(e) >>> 0]);
    const p = table.parent(e, escapes);
    if (p === -1) break;
    if (p < 0 || p >= e) throw new Error("parallel BFS: a state of the trace has no parent link before it");
    e = p;
  }
  return path.reverse();
}

function progressStats(distinct: number, seconds: number): Stats {
  return {
    distinctStates: distinct,
    statesGenerated: 0,
    depth: 0,
    queue: 0,
    seconds,
    statesPerSec: seconds > 0 ? distinct / seconds : 0,
    bytesPerState: 0,
    storeBytes: 0,
  };
}
