/**
 * Parallel exhaustive BFS on worker_threads.
 *
 * States are partitioned by fingerprint: worker `h2 mod n` owns a state's store entry. Levels are
 * synchronous. Each worker expands the states it holds; a successor it owns is deduplicated at once, one
 * owned by another worker is *claimed*: only its fingerprint and parent id travel (typed arrays, through
 * the main thread), the owner inserts the claims in sender order and answers with the new entry's global
 * id or -1, and the claiming worker keeps the new states (objects never cross threads). So the visited
 * set is exactly the sequential one and the distinct-state count does not depend on n.
 *
 * Violations: every worker finishes the level and reports its best candidate; the main thread picks the
 * minimal one by (rank, fingerprint), rank 0 being an error or deadlock found expanding a level-L state
 * (trace length L) and rank 1 an invariant violated by a new level-(L+1) state. Level order gives a
 * shortest counterexample; the fingerprint order makes the choice independent of n and of timing, so
 * 1 and n workers report the same counterexample. The trace is rebuilt by walking the parent ids across
 * the workers' stores, then replaying fingerprints in the main thread (which loads the model too).
 *
 * Workers load the generated model (TypeScript) through tsx: `execArgv: ["--import", "tsx"]`.
 * Partial-order reduction is not combined with workers (its cycle proviso needs the global visited set
 * at once); `por: true` runs the sequential search.
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import type { Model } from "./model.js";
import { replayFingerprints } from "./explore.js";
import { checkBfs } from "./bfs.js";
import type { CheckResult, SearchOptions, Stats } from "./result.js";
import type { Candidate } from "./parallel-worker.js";

export interface ParallelOptions extends SearchOptions {
  /** Worker threads; default: the number of cores. */
  readonly workers?: number;
  /** Partial-order reduction: runs the sequential search (see above). */
  readonly por?: boolean;
}

/**
 * Worker bootstrap: register tsx's ESM hooks inside the worker, then load the worker module (TS).
 * (`execArgv: ["--import", "tsx"]` does not apply the hooks to a worker's .ts entry point on Node 20.)
 */
const BOOT = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then((m) => { m.register(); return import(${JSON.stringify(new URL("./parallel-worker.ts", import.meta.url).href)}); })
  .catch((e) => { console.error(e); process.exit(1); });`;

type Msg = { t: string; [k: string]: unknown };

class Port {
  private waiters: { resolve: (m: Msg) => void; reject: (e: unknown) => void }[] = [];
  private queue: Msg[] = [];
  private failed: unknown;
  constructor(readonly w: Worker) {
    w.on("message", (m: Msg) => {
      const f = this.waiters.shift();
      if (f) f.resolve(m);
      else this.queue.push(m);
    });
    w.on("error", (e) => {
      this.failed = e;
      for (const f of this.waiters.splice(0)) f.reject(e);
    });
  }
  next(): Promise<Msg> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    if (this.failed !== undefined) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }
  async ask(msg: Msg, transfer: ArrayBuffer[] = []): Promise<Msg> {
    this.w.postMessage(msg, transfer);
    return this.next();
  }
}

function better(a: Candidate, b: Candidate | undefined): boolean {
  if (b === undefined) return true;
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.h2 >>> 0 !== b.h2 >>> 0) return a.h2 >>> 0 < b.h2 >>> 0;
  return a.h1 >>> 0 < b.h1 >>> 0;
}

/**
 * Checks `workload` of the generated model at `modulePath` (a model.ts) with `workers` threads.
 * Only `maxStates`/`maxSeconds` limits are honoured (checked between levels).
 */
export async function checkParallel(modulePath: string, workload: string, opts: ParallelOptions = {}): Promise<CheckResult<unknown>> {
  const mod = (await import(pathToFileURL(modulePath).href)) as { createModel(w: string): Model<unknown> };
  const model = mod.createModel(workload);
  if (opts.por === true) return checkBfs(model, opts);
  const n = Math.max(1, Math.floor(opts.workers ?? availableParallelism()));
  const t0 = performance.now();
  const ports = Array.from({ length: n }, (_, id) => new Port(new Worker(BOOT, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 96 }, workerData: { modulePath, workload, id, n } })));
  try {
    await Promise.all(ports.map((p) => p.next()));
    let replies = await Promise.all(ports.map((p) => p.ask({ t: "init" })));
    let depth = 0;
    let queue = 0;
    let limit: "maxStates" | "maxSeconds" | undefined;
    let best: Candidate | undefined;
    for (;;) {
      const nextTotal = replies.reduce((a, r) => a + (r["next"] as number), 0);
      if (nextTotal > 0) depth++;
      queue = Math.max(queue, nextTotal);
      for (const r of replies) {
        const c = r["cand"] as Candidate | undefined;
        if (c !== undefined && better(c, best)) best = c;
      }
      const size = replies.reduce((a, r) => a + (r["size"] as number), 0);
      if (best !== undefined || nextTotal === 0) break;
      if (opts.maxStates !== undefined && size >= opts.maxStates) {
        limit = "maxStates";
        break;
      }
      if (opts.maxSeconds !== undefined && (performance.now() - t0) / 1000 >= opts.maxSeconds) {
        limit = "maxSeconds";
        break;
      }
      const outs = await Promise.all(ports.map((p) => p.ask({ t: "expand" })));
      const claimed = await Promise.all(
        ports.map((p, o) => {
          const list = outs
            .map((m, from) => ({ from, ...(m["batches"] as { fps: Uint32Array; parents: Int32Array }[])[o]! }))
            .filter((b) => b.from !== o && b.parents.length > 0);
          return p.ask({ t: "claims", list }, list.flatMap((b) => [b.fps.buffer as ArrayBuffer, b.parents.buffer as ArrayBuffer]));
        }),
      );
      replies = await Promise.all(
        ports.map((p, from) => {
          const list = claimed.flatMap((m, o) =>
            (m["replies"] as { to: number; idx: Int32Array }[]).filter((r) => r.to === from).map((r) => ({ from: o, idx: r.idx })),
          );
          return p.ask({ t: "approved", list }, list.map((r) => r.idx.buffer as ArrayBuffer));
        }),
      );
    }
    const distinct = replies.reduce((a, r) => a + (r["size"] as number), 0);
    const bytes = replies.reduce((a, r) => a + (r["bytes"] as number), 0);
    const generated = replies.reduce((a, r) => a + (r["generated"] as number), 0);
    const fired = new Array<number>(model.steps.length).fill(0);
    for (const p of ports) {
      const m = await p.ask({ t: "coverage" });
      (m["fired"] as number[]).forEach((c, i) => (fired[i] = (fired[i] as number) + c));
    }
    let trace: CheckResult<unknown>["trace"];
    if (best !== undefined) {
      const fps: [number, number][] = [];
      for (let g = best.gid; g >= 0; ) {
        const m = await ports[g % n]!.ask({ t: "entry", idx: Math.floor(g / n) });
        fps.push([m["h1"] as number, m["h2"] as number]);
        g = m["parent"] as number;
      }
      trace = fps.length === 0 ? [] : replayFingerprints(model, fps.reverse());
    }
    const seconds = (performance.now() - t0) / 1000;
    const stats: Stats = {
      distinctStates: distinct,
      statesGenerated: generated,
      depth,
      queue,
      seconds,
      statesPerSec: seconds > 0 ? distinct / seconds : 0,
      bytesPerState: distinct > 0 ? bytes / distinct : 0,
      storeBytes: bytes,
    };
    const coverage = { counts: fired, neverFired: model.steps.filter((_, i) => fired[i] === 0) };
    if (best !== undefined) {
      return { mode: "bfs", verdict: "violated", violation: best.violation, trace: trace ?? [], stats, coverage, complete: false };
    }
    if (limit !== undefined) return { mode: "bfs", verdict: "incomplete", limit, stats, coverage, complete: false };
    return { mode: "bfs", verdict: "holds", stats, coverage, complete: true };
  } finally {
    await Promise.all(ports.map((p) => p.w.terminate()));
  }
}
