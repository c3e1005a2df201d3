/**
 * Micro-benchmark of the parallel search's growth rebuild (runtime/parallel/shared-table.ts): a table
 * of `ENTRIES` keys (default 8 M: half final entries, half a level being built with every 16th entry
 * unused) rebuilt into 1.3× the slots, from one thread: the whole `rehash` (new transient buffers), and the
 * phases of 2 workers run one after the other (the slowest worker's CPU per phase, summed: what each of 2
 * real workers would spend; the words in the old slot table, as in parallel-worker.ts).
 *
 *   nice -n 15 npx tsx bench/shared-rehash.ts            (ROUNDS=3, ENTRIES=8000000)
 */
import { loadavg } from "node:os";
import { ORD_INIT, SharedTable } from "../runtime/parallel/shared-table.js";

const entries = Number(process.env.ENTRIES ?? 8_000_000);
const rounds = Number(process.env.ROUNDS ?? 3);
const base = entries >>> 1;
const slots = Math.ceil(entries / 0.8);
const key1 = (k: number): number => Math.imul(k ^ 0x5bd1e995, 0x9e3779b1);
const key2 = (k: number): number => Math.imul((k + 0x27d4eb2d) ^ (k >>> 3), 0x85ebca77);

/** The old table: keys written straight to their entries (the slots do not matter to a rebuild), ords of the level. */
const old = new SharedTable(SharedTable.buffers(slots, entries, undefined, entries - base));
old.base = base;
for (let e = 0; e < entries; e++) {
  const keys = old.keys[e >>> 18]!;
  keys[(e & 0x3ffff) * 2] = key1(e);
  keys[(e & 0x3ffff) * 2 + 1] = key2(e);
  if (e >= base) old.ords[e - base] = e % 16 === 15 ? 0 : ORD_INIT;
}
const used = entries - Math.floor((entries - base) / 16);
// Its slot table's pages faulted in, as a table the search filled.
old.slotArr.fill(1);

function grown(): SharedTable {
  const t = new SharedTable(SharedTable.buffers(slots * 1.3, entries, old.buffers, entries - base));
  t.base = base;
  t.slotArr.fill(1);
  t.slotArr.fill(0); // pages faulted in: the rebuild alone is measured
  return t;
}

function cpu(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

function check(t: SharedTable): void {
  let n = 0;
  for (let i = 0; i < t.slots; i++) if (t.slotArr[i] !== 0) n++;
  if (n !== used) throw new Error(`${n} slots in use, ${used} entries in use`);
  for (let e = 0; e < entries; e += 9973) if ((e < base || t.ords[e - base] !== 0) && t.find(key1(e), key2(e)) !== e) throw new Error(`entry ${e} lost`);
}

/** The rebuild of `workers` simulated workers: ms per phase for each. */
function simulated(t: SharedTable, workers: number): number[] {
  // The words in the old slot table, as the workers put them when it has room.
  const scratch = SharedTable.rehashScratch(t.slots, entries, workers, old.buffers.slots);
  if (scratch === null) throw new Error("no memory for the rebuild's buckets");
  const deferred: number[][] = Array.from({ length: workers }, () => []);
  const phases = [
    (w: number) => t.rehashSort(w, workers, entries, scratch),
    (w: number) => t.rehashRegion(w, workers, entries, scratch, deferred[w]!),
    (w: number) => t.rehashDeferred(deferred[w]!),
  ];
  return phases.map((phase) => {
    let most = 0;
    for (let w = 0; w < workers; w++)
      most = Math.max(
        most,
        cpu(() => phase(w)),
      );
    return most;
  });
}

const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
console.log(`load ${load()}; ${entries} entries (${used} in use), ${slots} -> ${Math.ceil(slots * 1.3)} slots`);
const one: number[] = [];
const two: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const kind of r % 2 === 0 ? ["one", "two"] : ["two", "one"]) {
    const t = grown();
    if (kind === "one") {
      const ms = cpu(() => t.rehash(entries));
      one.push(ms);
      console.log(`round ${r + 1} rehash (one thread): ${ms.toFixed(0)} ms`);
    } else {
      const ph = simulated(t, 2);
      const ms = ph.reduce((a, b) => a + b, 0);
      two.push(ms);
      console.log(`round ${r + 1} 2 workers: ${ms.toFixed(0)} ms per worker (slowest per phase: ${ph.map((x) => x.toFixed(0)).join(" + ")})`);
    }
    check(t);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(`median: rehash ${median(one).toFixed(0)} ms, 2 workers ${median(two).toFixed(0)} ms per worker; load ${load()}`);
