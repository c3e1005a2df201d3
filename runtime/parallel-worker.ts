/**
 * One worker of the parallel BFS (see parallel.ts). It owns the states whose fingerprint lane 2 is
 * ≡ id (mod n): their store entries, and the state objects it expands. Loaded with tsx so it can import
 * the generated model (TypeScript).
 */
import { parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { SpecError, type Model, type Transition } from "./model.js";
import { Explorer } from "./explore.js";
import { CompactStore } from "./store.js";
import type { Violation } from "./result.js";

/** A violation candidate: rank 0 = found expanding a level-L state, 1 = an invariant of a level-(L+1) state. */
export interface Candidate {
  readonly rank: number;
  readonly h1: number;
  readonly h2: number;
  /** Global id of the state shown last (idx * n + owner), -1 for init errors. */
  readonly gid: number;
  readonly violation: Violation;
}

interface Data {
  readonly modulePath: string;
  readonly workload: string;
  readonly id: number;
  readonly n: number;
}

const data = workerData as Data;
const port = parentPort!;
const { id, n } = data;
const mod = (await import(pathToFileURL(data.modulePath).href)) as { createModel(w: string): Model<unknown> };
const model = mod.createModel(data.workload);
const store = new CompactStore();
const ex = new Explorer<unknown, CompactStore>(model, "bfs", {}, store);
type S = unknown;

let cur: S[] = [];
let curIds: number[] = [];
let next: S[] = [];
let nextIds: number[] = [];
/** Remote successors waiting for their owner's verdict, per owner. */
let pending: S[][] = [];
let outFps: number[][] = [];
let outParents: number[][] = [];
let cand: Candidate | undefined;

const owner = (h2: number): number => (h2 >>> 0) % n;
const gidOf = (idx: number, w: number): number => {
  const g = idx * n + w;
  if (g > 0x7fffffff) throw new RangeError("parallel BFS: too many states for 31-bit global ids");
  return g;
};

function better(a: Candidate, b: Candidate | undefined): boolean {
  if (b === undefined) return true;
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.h2 >>> 0 !== b.h2 >>> 0) return a.h2 >>> 0 < b.h2 >>> 0;
  return a.h1 >>> 0 < b.h1 >>> 0;
}

function offer(c: Candidate): void {
  if (better(c, cand)) cand = c;
}

/** A state this worker now holds for the next level: check its invariants. */
function accept(s: S, gid: number): void {
  next.push(s);
  nextIds.push(gid);
  if (model.invariants.length === 0) return;
  const v = ex.checkState(s);
  if (v !== undefined) {
    ex.fingerprint(s);
    offer({ rank: 1, h1: ex.fp.h1, h2: ex.fp.h2, gid, violation: v });
  }
}

function resetOut(): void {
  pending = Array.from({ length: n }, () => []);
  outFps = Array.from({ length: n }, () => []);
  outParents = Array.from({ length: n }, () => []);
}

function ready(): void {
  port.postMessage({ t: "ready", next: next.length, size: store.size, bytes: store.bytes, cand, generated: ex.generated });
}

/**
 * Remote fingerprints this worker has already claimed (direct-mapped, lossy: a slot keeps the latest).
 * A hit means the owner already has the state — our earlier claim precedes this one, and claims are
 * inserted in sender order — so its answer would be -1: the successor is dropped here, exactly as the
 * owner would have, without keeping the state object alive until the end of the level or sending it.
 */
const CLAIM_CACHE_BITS = 20;
const claimCache = new Uint32Array(2 << CLAIM_CACHE_BITS);
const claimCacheMask = (1 << CLAIM_CACHE_BITS) - 1;

let parentGid = -1;
let emitted = 0;
const onSucc = (t: Transition<S>): void => {
  emitted++;
  ex.generated++;
  ex.fired[t.step]++;
  ex.fingerprint(t.state);
  const h1 = ex.fp.h1;
  const h2 = ex.fp.h2;
  const o = owner(h2);
  if (o === id) {
    const idx = store.insert(h1, h2, parentGid);
    if (idx >= 0) accept(t.state, gidOf(idx, id));
  } else {
    const slot = (h1 & claimCacheMask) << 1;
    if (claimCache[slot] === h1 && claimCache[slot + 1] === h2 && (h1 | h2) !== 0) return;
    claimCache[slot] = h1;
    claimCache[slot + 1] = h2;
    pending[o]!.push(t.state);
    const f = outFps[o]!;
    f.push(h1, h2);
    outParents[o]!.push(parentGid);
  }
};

port.on("message", (msg: { t: string; [k: string]: unknown }) => {
  switch (msg.t) {
    case "init": {
      try {
        for (const s of model.init()) {
          ex.fingerprint(s);
          const h1 = ex.fp.h1;
          const h2 = ex.fp.h2;
          if (owner(h2) !== id) continue;
          const idx = store.insert(h1, h2, -1);
          if (idx >= 0) accept(s, gidOf(idx, id));
        }
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        offer({ rank: 0, h1: 0, h2: 0, gid: -1, violation: ex.specError(e) });
      }
      ready();
      return;
    }
    case "expand": {
      cur = next;
      curIds = nextIds;
      next = [];
      nextIds = [];
      resetOut();
      for (let i = 0; i < cur.length; i++) {
        const s = cur[i] as S;
        cur[i] = undefined;
        parentGid = curIds[i] as number;
        emitted = 0;
        try {
          model.successors(s, onSucc);
        } catch (e) {
          if (!(e instanceof SpecError)) throw e;
          ex.fingerprint(s);
          offer({ rank: 0, h1: ex.fp.h1, h2: ex.fp.h2, gid: parentGid, violation: ex.specError(e) });
          continue;
        }
        if (emitted === 0 && ex.isDeadlock(s)) {
          ex.fingerprint(s);
          offer({ rank: 0, h1: ex.fp.h1, h2: ex.fp.h2, gid: parentGid, violation: ex.deadlock() });
        }
      }
      const batches = outFps.map((f, o) => ({ fps: Uint32Array.from(f), parents: Int32Array.from(outParents[o]!) }));
      outFps = [];
      outParents = [];
      port.postMessage(
        { t: "out", batches },
        batches.flatMap((b) => [b.fps.buffer, b.parents.buffer]),
      );
      return;
    }
    case "claims": {
      // Claims from the other workers, in sender order (deterministic first-claim-wins).
      const list = msg.list as { from: number; fps: Uint32Array; parents: Int32Array }[];
      const replies = list.map(({ from, fps, parents }) => {
        const idx = new Int32Array(parents.length);
        for (let k = 0; k < parents.length; k++) {
          const j = store.insert(fps[2 * k] as number, fps[2 * k + 1] as number, parents[k] as number);
          idx[k] = j < 0 ? -1 : gidOf(j, id);
        }
        return { to: from, idx };
      });
      port.postMessage({ t: "claimed", replies }, replies.map((r) => r.idx.buffer));
      return;
    }
    case "approved": {
      // Verdicts from each owner on the successors this worker sent it.
      const list = msg.list as { from: number; idx: Int32Array }[];
      for (const { from, idx } of list) {
        const states = pending[from]!;
        for (let k = 0; k < idx.length; k++) {
          const g = idx[k] as number;
          if (g < 0) continue;
          accept(states[k] as S, g);
        }
      }
      pending = [];
      ready();
      return;
    }
    case "entry": {
      const idx = msg.idx as number;
      port.postMessage({ t: "entry", h1: store.h1(idx), h2: store.h2(idx), parent: store.parent(idx) });
      return;
    }
    case "coverage": {
      port.postMessage({ t: "coverage", fired: Array.from(ex.fired) });
      return;
    }
  }
});
port.postMessage({ t: "loaded" });
