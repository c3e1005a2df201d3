/**
 * The sequential order in the parallel BFS: what makes every worker count report the sequential search's
 * counterexample, depth and state count.
 *
 * The sequential BFS numbers its states 0, 1, 2, … level by level, each level in discovery order, and a
 * state's parent is its first discoverer: the predecessor met first in (frontier order, successor order).
 * The parallel search gives every state the same *sequence number*: each worker holds a contiguous range
 * of the level in sequential order (parallel-balance.ts), so a state's number is its level's first number,
 * plus where its worker's range starts, plus its index in the range. A state of the level being built
 * remembers (in the shared table's `ord` lane, lowered with a compare-and-swap) the smallest number of
 * the states it was found from: that is its sequential parent, and the worker that found it from there
 * keeps it (the others drop their copy once the level is done). A worker expands its range in order and
 * keeps states in the order it finds them, so its part of the next level is again in sequential order,
 * and the next level is the concatenation of the workers' parts.
 *
 * Violations: the sequential search stops at the first it meets. The workers finish the level and keep
 * their first candidate in that order (parallel-protocol.ts `better`); the sequential search would have
 * stored the states of the next level met before it, which `cutoff` bounds so that the state count and
 * depth match too.
 */

import { S_ERR_J, S_ERR_SEQ, S_INV_J, S_INV_SEQ, statLane } from "./parallel-control.js";

/** No candidate (a sequence number no state gets). */
export const NONE = 0x7fffffff;

/** (s1, j1) ≤ (s2, j2) in sequential order. */
export function rankAtMost(s1: number, j1: number, s2: number, j2: number): boolean {
  return s1 < s2 || (s1 === s2 && j1 <= j2);
}

/**
 * The last discovery (parent's sequence number, successor index) the sequential search makes on the
 * level where it stops, given the first invariant violation (`inv`, found at that discovery, included)
 * and the first step error or deadlock (`err`: the state's sequence number and the successors it emitted
 * before failing, all of them stored). NONE components for what was not found.
 */
export function cutoff(inv: readonly [number, number], err: readonly [number, number]): readonly [number, number] {
  if (err[0] === NONE) return inv;
  const before: readonly [number, number] = [err[0], err[1] - 1];
  return rankAtMost(inv[0], inv[1], before[0], before[1]) ? inv : before;
}

/** A worker's first step error or deadlock and first invariant violation in sequential order (`Candidate` rank 0 and 1). */
export class FirstCandidates {
  private errSeq = NONE;
  private errJ = NONE;
  private invSeq = NONE;
  private invJ = NONE;

  /** Takes a candidate into account (a spec error of the initial states has no place in the order). */
  note(c: { readonly rank: number; readonly seq: number; readonly j: number; readonly init?: boolean }): void {
    if (c.rank === 0 && rankAtMost(c.seq, c.j, this.errSeq, this.errJ) && c.init !== true) [this.errSeq, this.errJ] = [c.seq, c.j];
    if (c.rank === 1 && rankAtMost(c.seq, c.j, this.invSeq, this.invJ)) [this.invSeq, this.invJ] = [c.seq, c.j];
  }

  /** Publishes them for `level` (read by `levelCutoff`). */
  publish(ctrl: Int32Array, n: number, level: number, worker: number): void {
    ctrl[statLane(n, level, worker, S_ERR_SEQ)] = this.errSeq;
    ctrl[statLane(n, level, worker, S_ERR_J)] = this.errJ;
    ctrl[statLane(n, level, worker, S_INV_SEQ)] = this.invSeq;
    ctrl[statLane(n, level, worker, S_INV_J)] = this.invJ;
  }
}

/**
 * `cutoff` of the first invariant violation and the first step error or deadlock the `n` workers
 * published for `level` (parallel-control.ts). Its sequence number is that of the first state whose
 * expansion met a violation: where the sequential search stops expanding.
 */
export function levelCutoff(ctrl: Int32Array, n: number, level: number): readonly [number, number] {
  let inv: readonly [number, number] = [NONE, NONE];
  let err: readonly [number, number] = [NONE, NONE];
  for (let w = 0; w < n; w++) {
    const i = [ctrl[statLane(n, level, w, S_INV_SEQ)] as number, ctrl[statLane(n, level, w, S_INV_J)] as number] as const;
    const e = [ctrl[statLane(n, level, w, S_ERR_SEQ)] as number, ctrl[statLane(n, level, w, S_ERR_J)] as number] as const;
    if (rankAtMost(i[0], i[1], inv[0], inv[1])) inv = i;
    if (rankAtMost(e[0], e[1], err[0], err[1])) err = e;
  }
  return cutoff(inv, err);
}
