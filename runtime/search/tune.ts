/**
 * V8 heap tuning for long searches. Exhaustive search allocates one short-lived object per transition
 * and keeps a frontier of states alive; with V8's default 16 MB semi-spaces the scavenger runs very often
 * and copies the frontier repeatedly. 32–64 MB semi-spaces made BFS on mutexN N=5 K=8 about 20% faster
 * (measured with bench/explore-mutexn.ts). Opt-in (process-wide side effect): the CLI calls it once at
 * startup, before the search allocates.
 */
import { setFlagsFromString } from "node:v8";

/** Enlarges V8's young generation (semi-space size in MB). */
export function tuneHeapForSearch(semiSpaceMb = 32): void {
  setFlagsFromString(`--max-semi-space-size=${Math.max(1, Math.floor(semiSpaceMb))}`);
}
