/**
 * Micro-benchmark of the BFS explorer on a hand-written `mutexN` model (the peer benchmark of
 * /work/shared/peers: N processes idle → waiting → critical under one lock, per-process counters mod K).
 * The model is written the way the generator is expected to emit code (immutable state objects, one
 * new object per successor), so the figure measures explorer + realistic model cost.
 *
 *   npx tsx bench/explore-mutexn.ts [N=5] [K=8] [--default-heap]
 *
 * By default V8's young generation is enlarged first (runtime/search/tune.ts, as the CLI does); pass
 * `--default-heap` to measure with Node's defaults.
 *
 * The model is exported for test/runtime (tests may import anything; nothing may import test/).
 */
import { pathToFileURL } from "node:url";
import type { Model, StateWriter, StepDef, Transition } from "../runtime/contract/model.js";
import { checkBfs } from "../runtime/search/bfs.js";
import { tuneHeapForSearch } from "../runtime/search/tune.js";

/** State of mutexN: pc per process (0 idle, 1 waiting, 2 critical), counters, the lock. */
export interface MutexNState {
  readonly lock: boolean;
  readonly pc: readonly number[];
  readonly cnt: readonly number[];
}

const PC_NAMES = ["idle", "waiting", "critical"] as const;

/** K^N · (2^N + N·2^(N-1)). */
export function mutexNDistinct(n: number, k: number): number {
  return k ** n * (2 ** n + n * 2 ** (n - 1));
}

/** Transitions: lock free, every process has one step; lock held, the holder and the idle ones do. */
export function mutexNTransitions(n: number, k: number): number {
  return k ** n * (n * 2 ** n + n * (2 ** (n - 1) + (n - 1) * 2 ** (n - 2)));
}

/** The mutexN model for N processes and counters mod K. */
export function mutexN(n: number, k: number): Model<MutexNState> {
  const steps: StepDef[] = [
    { id: 0, name: "request", process: "Proc", loc: "mutexN.tspec:10" },
    { id: 1, name: "enter", process: "Proc", loc: "mutexN.tspec:11" },
    { id: 2, name: "exit", process: "Proc", loc: "mutexN.tspec:12" },
  ];
  const zeros: number[] = new Array<number>(n).fill(0);
  return {
    spec: "mutexN",
    workload: `N${n}K${k}`,
    instances: zeros.map((_, i) => ({ process: "Proc", self: i, name: `Proc[${i}]` })),
    steps,
    invariants: [
      {
        name: "MutualExclusion",
        loc: "mutexN.tspec:20",
        holds: (s) => {
          let inCs = 0;
          for (let i = 0; i < n; i++) if (s.pc[i] === 2) inCs++;
          return inCs <= 1;
        },
      },
    ],
    checkDeadlock: true,
    expect: { kind: "holds" },
    init: () => [{ lock: false, pc: zeros, cnt: zeros }],
    successors(s: MutexNState, out: (t: Transition<MutexNState>) => void): void {
      for (let i = 0; i < n; i++) {
        const p = s.pc[i];
        if (p === 0) {
          const pc = s.pc.slice();
          pc[i] = 1;
          out({ step: 0, instance: i, state: { lock: s.lock, pc, cnt: s.cnt } });
        } else if (p === 1) {
          if (s.lock) continue;
          const pc = s.pc.slice();
          pc[i] = 2;
          out({ step: 1, instance: i, state: { lock: true, pc, cnt: s.cnt } });
        } else {
          const pc = s.pc.slice();
          pc[i] = 0;
          const cnt = s.cnt.slice();
          cnt[i] = ((cnt[i] as number) + 1) % k;
          out({ step: 2, instance: i, state: { lock: false, pc, cnt } });
        }
      }
    },
    done: () => false,
    encode(s: MutexNState, w: StateWriter): void {
      w.int(s.lock ? 1 : 0);
      for (let i = 0; i < n; i++) w.int(s.pc[i] as number);
      for (let i = 0; i < n; i++) w.int(s.cnt[i] as number);
    },
    view: (s) => ({ lock: s.lock, pc: s.pc.map((p) => PC_NAMES[p] as string), cnt: s.cnt }),
  };
}

function main(): void {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const defaultHeap = process.argv.includes("--default-heap");
  if (!defaultHeap) tuneHeapForSearch();
  const n = Number(args[0] ?? 5);
  const k = Number(args[1] ?? 8);
  const model = mutexN(n, k);
  const r = checkBfs(model);
  const s = r.stats;
  const expected = mutexNDistinct(n, k);
  console.log(
    `mutexN N=${n} K=${k}: ${r.verdict}, ${s.distinctStates} distinct (expected ${expected}), ` +
      `${s.statesGenerated} transitions (expected ${mutexNTransitions(n, k)}), depth ${s.depth}, queue ${s.queue}`,
  );
  console.log(
    `${s.seconds.toFixed(2)} s, ${Math.round(s.statesPerSec).toLocaleString("en-US")} distinct states/s, ` +
      `${Math.round(s.statesGenerated / s.seconds).toLocaleString("en-US")} transitions/s, ` +
      `${s.bytesPerState.toFixed(1)} store bytes/state, rss ${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)} MB, ` +
      `node ${process.version}${defaultHeap ? "" : ", 32 MB semi-space"}`,
  );
  if (s.distinctStates !== expected) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
