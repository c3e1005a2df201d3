/**
 * The keys a worker of the partitioned search generated lately (owned-worker.ts), in a small direct-mapped
 * cache (by the low bits of lane 1, 384 KB, so it stays in the core's cache): a successor found there was
 * generated before, so it is not new, and it is not sent to its owner at all.
 *
 * Why: a BFS meets most states several times, and often soon again (siblings, diamonds that close within a
 * few states): on mutexN N=5 K=10 a 2^15-entry cache holds a third of the successors (2^14: less, 2^17:
 * more but slower, out of L2). Each one skipped saves its trip through the stream, the owner's lookup and
 * the result byte: the 2-worker search ran 15% faster (4.5 → 3.8 s). The sequential search gains nothing
 * from it (tried: same hit rate, same time), since its read-ahead already makes a repeated key's lookup a
 * cache hit. It only ever answers "seen" for a key generated before, so no count, parent or
 * counterexample changes.
 */
export class SeenCache {
  private readonly keys: Int32Array;
  private readonly mask: number;

  constructor(bits = 15) {
    this.keys = new Int32Array(3 << bits);
    this.mask = (1 << bits) - 1;
  }

  /** Whether key (k1, k2, k3) (int32 lanes; k3 0 for 64-bit keys) is in the cache. */
  has(k1: number, k2: number, k3: number): boolean {
    const i = (k1 & this.mask) * 3;
    const t = this.keys;
    // An empty entry reads as the key (0, 0, 0), which must not count as seen.
    return t[i] === k1 && t[i + 1] === k2 && t[i + 2] === k3 && (k1 | k2 | k3) !== 0;
  }

  /** Remembers key (k1, k2, k3), which the visited set holds now (replacing the key in its entry). */
  add(k1: number, k2: number, k3: number): void {
    const i = (k1 & this.mask) * 3;
    const t = this.keys;
    t[i] = k1;
    t[i + 1] = k2;
    t[i + 2] = k3;
  }
}
