/**
 * A worker's range of the level just built, rebalanced (parallel-balance.ts): the moves of the plan the
 * workers all computed from the same counts, carried out between them (parallel-worker.ts `arrange`).
 */
import { cutsOf, rangePlan } from "./parallel-balance.js";
import type { WorkerLevel } from "./parallel-frontier.js";
import type { Peers } from "./parallel-peers.js";

/** What `rebalance` did: this worker's range, where every range starts, and the states it gave and took. */
export interface Rebalanced {
  readonly mine: WorkerLevel;
  readonly cuts: readonly number[];
  readonly donated: number;
  readonly received: number;
}

/**
 * Worker `id`'s range of a level of which each worker holds `counts[w]` states (`cur`: its own, in
 * sequential order): its own part, minus what the plan gives to other workers, plus what it gives to this
 * one, in sequential order. `tolerance`, `minMove`: when to move (`rangePlan`); `take`: an empty level.
 */
export function rebalance(
  id: number,
  counts: readonly number[],
  cur: WorkerLevel,
  plan: { readonly balance: boolean; readonly tolerance: number; readonly minMove: number },
  peers: Peers,
  take: () => WorkerLevel,
): Rebalanced {
  const held = cutsOf(counts);
  const p = plan.balance ? rangePlan(counts, plan.tolerance, plan.minMove) : { cuts: held, moves: [] };
  const cuts = p.cuts;
  if (p.moves.length === 0) return { mine: cur, cuts, donated: 0, received: 0 };
  let donated = 0;
  let received = 0;
  const at = held[id]!;
  for (const m of p.moves) {
    if (m.from !== id) continue;
    const piece = cur.slice(m.lo - at, m.hi - at);
    const transfer: ArrayBuffer[] = [piece.h1.buffer as ArrayBuffer, piece.h2.buffer as ArrayBuffer];
    if (piece.words !== null) transfer.push(piece.words.buffer as ArrayBuffer);
    peers.send(m.to, { kind: "states", ...piece }, transfer);
    donated += m.hi - m.lo;
  }
  const mine = take();
  const keepLo = Math.max(at, cuts[id]!);
  const keepHi = Math.min(held[id + 1]!, cuts[id + 1]!);
  // Pieces from the workers before this one come first, then its own, then those from the workers after it.
  const incoming = p.moves.filter((m) => m.to === id).sort((a, b) => a.lo - b.lo);
  let ownDone = false;
  for (const m of incoming) {
    if (!ownDone && m.lo >= keepHi) {
      mine.appendRange(cur, keepLo - at, keepHi - at);
      ownDone = true;
    }
    const piece = peers.receive(m.from, "states");
    mine.append(piece);
    received += piece.h1.length;
  }
  if (!ownDone) mine.appendRange(cur, keepLo - at, keepHi - at);
  return { mine, cuts, donated, received };
}
