/**
 * Micro-benchmark of the visited stores alone: ns/insert (process CPU time) and bytes/state for the
 * insert stream of a BFS of mutexN N=5 K=8 (3,670,016 new keys among 13,107,200 inserts; a repeat is
 * an earlier key drawn at random, so this is a worst case for cache locality).
 *
 *   npx tsx bench/visited-table.ts compact compact96 fingerprint shared      (ROUNDS=3 by default, rotated order)
 *
 * `shared` is the parallel search's table (runtime/parallel/shared-table.ts) used from one thread, growing
 * as the workers grow it (doubling at load 0.75, rebuilt from its entries): the cost of its atomics and
 * layout without contention.
 *
 * `compact96` is the BFS store with 96-bit keys (a third lane). To compare with another version of
 * store.ts, copy it next to store.ts and import it here as another kind.
 */
import { CompactStore, FingerprintStore } from "../runtime/search/store.js";
import { INSERTED, SharedTable } from "../runtime/parallel/shared-table.js";
import { mutexNDistinct, mutexNTransitions } from "./explore-mutexn.js";

const n = mutexNDistinct(5, 8);
const T = mutexNTransitions(5, 8);
// Keys: well-mixed 64-bit fingerprints of key number k.
const key1 = (k: number): number => Math.imul(k ^ 0x5bd1e995, 0x9e3779b1) >>> 0;
const key2 = (k: number): number => Math.imul((k + 0x27d4eb2d) ^ (k >>> 3), 0x85ebca77) >>> 0;
const key3 = (k: number): number => Math.imul(k ^ 0x165667b1, 0x27d4eb2f) >>> 0;
// The BFS stream: T inserts, n of them new (spread evenly), the others repeats of an earlier key.
const seq = new Int32Array(T);
let next = 0;
let rnd = 12345;
for (let t = 0; t < T; t++) {
  if (next < n && (t * n) / T >= next) seq[t] = next++;
  else {
    rnd = (Math.imul(rnd, 1103515245) + 12345) | 0;
    seq[t] = (rnd >>> 1) % Math.max(1, next);
  }
}
type Key = { h1: number; h2: number; h3: number };
/** The shared table from one thread, grown as parallel-worker.ts grows it. */
class SharedFromOneThread {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(16));
  private readonly claims = { ctrl: this.ctrl, counter: 0, pause: 1, margin: 1 << 16 };
  private t = new SharedTable(SharedTable.buffers(1 << 16, 1), this.claims);
  size = 0;
  get bytes(): number {
    return this.t.bytes;
  }
  insert(k: Key): number {
    if (this.t.insert(k.h1, k.h2, 2) !== INSERTED) return -1;
    if (++this.size > this.t.slots * 0.75 || this.ctrl[0]! + 2 * this.claims.margin > this.t.capacity) {
      const old = this.t;
      const slots = this.size > old.slots * 0.75 ? old.slots * 2 : old.slots;
      this.t = new SharedTable(
        SharedTable.buffers(slots, this.ctrl[0]! + 4 * this.claims.margin, old.buffers, this.ctrl[0]! + 4 * this.claims.margin),
        this.claims,
        old.block,
      );
      if (this.t.slots !== old.slots) this.t.rehash(this.ctrl[0]!);
    }
    return this.t.at;
  }
}
function run(kind: string): [number, number, number] {
  const s: { insert(k: Key, p: number, a?: number, b?: number): number; size: number; bytes: number } =
    kind === "compact"
      ? new CompactStore()
      : kind === "compact96"
        ? new CompactStore({ mode: { bits: 96, exact: false } })
        : kind === "shared"
          ? new SharedFromOneThread()
          : (new FingerprintStore() as never);
  const key: Key = { h1: 0, h2: 0, h3: 0 };
  const c0 = process.cpuUsage();
  for (let t = 0; t < T; t++) {
    const k = seq[t] as number;
    key.h1 = key1(k);
    key.h2 = key2(k);
    key.h3 = key3(k);
    s.insert(key, t >> 2, 0, 0);
  }
  const c = process.cpuUsage(c0);
  const ms = (c.user + c.system) / 1000;
  if (s.size !== n) throw new Error(`size ${s.size} != ${n}`);
  return [(ms * 1e6) / T, s.bytes / n, ms];
}
const os = await import("node:os");
console.log(
  `load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}; ${n} states, ${T} inserts`,
);
const kinds = process.argv.slice(2);
const res: Record<string, number[][]> = {};
for (let r = 0; r < Number(process.env.ROUNDS ?? 3); r++)
  for (const k of r % 2 === 0 ? kinds : [...kinds].reverse()) {
    const x = run(k);
    (res[k] ??= []).push(x);
    console.log(`round ${r + 1} ${k}: ${x[0].toFixed(1)} ns/insert, ${x[1].toFixed(2)} bytes/state`);
  }
for (const k of kinds) {
  const ns = res[k]!.map((x) => x[0]).sort((a, b) => a - b);
  console.log(`${k}: median ${ns[ns.length >> 1]!.toFixed(1)} ns/insert, ${res[k]![0]![1].toFixed(2)} bytes/state`);
}
console.log(
  `load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
