/**
 * Independent exactness oracle for the test models under test/models/.
 *
 * Plain TypeScript, imports nothing from the project: each model is re-implemented here by hand as
 * an explicit transition system with the language's semantics (PlusCal-style atomic steps between
 * labels; a state = all variables + every process's pc and locals; Done is a pc value; locks are
 * their owner). A BFS over JSON-encoded states computes, for the FULL reachable graph:
 *   distinctStates  (initial states included)
 *   depth           (states on the longest shortest path; an initial state has depth 1)
 *   verdict         (first found by BFS: invariant violation, assertion, deadlock; else holds)
 *   traceLength     (states on the shortest counterexample: initial .. violating/deadlocked state;
 *                    for an assertion, the state in which the failing step runs)
 *
 * Run: npx tsx test/models/oracle/enumerate.ts [--check] [--big]
 *   --check compares with test/models/expected.json;  --big also runs mutexn peers-n5k8 (3.7M states).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

type State = Record<string, unknown>;
interface Succ {
  readonly s?: State;
  readonly assertion?: string;
}
interface Model {
  readonly init: State[];
  /** successors; an entry with `assertion` means the step fails an assert */
  next(s: State): Succ[];
  invariants: Record<string, (s: State) => boolean>;
  /** all processes done (a terminal state, not a deadlock) */
  done(s: State): boolean;
  checkDeadlock: boolean;
}
export interface Result {
  distinctStates: number;
  depth: number;
  verdict: string;
  traceLength?: number;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export function explore(m: Model): Result {
  const seen = new Map<string, number>(); // key -> depth
  let frontier: State[] = [];
  let verdict: string | undefined;
  let traceLength: number | undefined;
  const note = (v: string, len: number): void => {
    if (verdict === undefined) {
      verdict = v;
      traceLength = len;
    }
  };
  const visit = (s: State, d: number, next: State[]): void => {
    const k = JSON.stringify(s);
    if (seen.has(k)) return;
    seen.set(k, d);
    next.push(s);
    for (const [name, inv] of Object.entries(m.invariants)) if (!inv(s)) note(`violates ${name}`, d);
  };
  for (const s of m.init) visit(s, 1, frontier);
  let depth = 1;
  while (frontier.length) {
    const nf: State[] = [];
    for (const s of frontier) {
      const d = seen.get(JSON.stringify(s))!;
      const succ = m.next(s);
      for (const t of succ) if (t.assertion !== undefined) note(`assertion "${t.assertion}"`, d);
      const real = succ.filter((t) => t.s !== undefined);
      if (real.length === 0 && !m.done(s) && m.checkDeadlock) note("deadlock", d);
      for (const t of real) visit(t.s!, d + 1, nf);
    }
    if (nf.length) depth++;
    frontier = nf;
  }
  return { distinctStates: seen.size, depth, verdict: verdict ?? "holds", ...(traceLength !== undefined ? { traceLength } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Helpers for process-based models: state.pc[i], state.loc[i] (locals), globals as fields.

type Step = (s: State, i: number) => Succ[] | undefined; // undefined/[] = disabled
function processModel(init: State, n: number, steps: (pc: string) => Step, checkDeadlock = true, invariants: Model["invariants"] = {}): Model {
  return {
    init: [init],
    invariants,
    checkDeadlock,
    done: (s) => (s["pc"] as string[]).every((p) => p === "Done"),
    next: (s) => {
      const out: Succ[] = [];
      for (let i = 0; i < n; i++) {
        const pc = (s["pc"] as string[])[i]!;
        if (pc === "Done") continue;
        const r = steps(pc)(s, i);
        if (r) out.push(...r);
      }
      return out;
    },
  };
}
const setPc = (s: State, i: number, pc: string): void => {
  (s["pc"] as string[])[i] = pc;
};

// ---------------------------------------------------------------------------------------------
// The models

function naiveMutex(): Model {
  return processModel(
    { pc: ["L1", "L1"], flag: false, in_cs: 0 },
    2,
    (pc) => (s, i) => {
      const t = clone(s);
      switch (pc) {
        case "L1":
          if (s["flag"]) return [];
          setPc(t, i, "L2");
          return [{ s: t }];
        case "L2":
          t["flag"] = true;
          t["in_cs"] = (t["in_cs"] as number) + 1;
          setPc(t, i, "L3");
          return [{ s: t }];
        case "L3":
          t["in_cs"] = (t["in_cs"] as number) - 1;
          t["flag"] = false;
          setPc(t, i, "Done");
          return [{ s: t }];
      }
      throw new Error(pc);
    },
    true,
    { MutualExclusion: (s) => (s["in_cs"] as number) <= 1 },
  );
}

function dekker(): Model {
  return processModel(
    { pc: ["D1", "D1"], wants: [false, false], turn: 1, in_cs: 0 },
    2,
    (pc) => (s, i) => {
      const t = clone(s);
      const self = i + 1,
        other = 3 - self;
      const w = t["wants"] as boolean[];
      switch (pc) {
        case "D1":
          w[self - 1] = true;
          setPc(t, i, "D2");
          return [{ s: t }];
        case "D2":
          setPc(t, i, w[other - 1] ? "D3" : "CS");
          return [{ s: t }];
        case "D3":
          if (t["turn"] !== self) {
            w[self - 1] = false;
            setPc(t, i, "D4");
          } else setPc(t, i, "D2");
          return [{ s: t }];
        case "D4":
          if (t["turn"] !== self) return [];
          setPc(t, i, "D5");
          return [{ s: t }];
        case "D5":
          w[self - 1] = true;
          setPc(t, i, "D2");
          return [{ s: t }];
        case "CS":
          t["in_cs"] = (t["in_cs"] as number) + 1;
          setPc(t, i, "D6");
          return [{ s: t }];
        case "D6":
          t["in_cs"] = (t["in_cs"] as number) - 1;
          t["turn"] = other;
          w[self - 1] = false;
          setPc(t, i, "Done");
          return [{ s: t }];
      }
      throw new Error(pc);
    },
    true,
    { MutualExclusion: (s) => (s["in_cs"] as number) <= 1 },
  );
}

function ticketLock(N: number, M: number): Model {
  return processModel(
    { pc: Array(N).fill("T1"), my: Array(N).fill(0), next_ticket: 0, serving: 0, in_cs: 0 },
    N,
    (pc) => (s, i) => {
      const t = clone(s);
      const my = t["my"] as number[];
      switch (pc) {
        case "T1":
          my[i] = t["next_ticket"] as number;
          t["next_ticket"] = ((t["next_ticket"] as number) + 1) % M;
          setPc(t, i, "T2");
          return [{ s: t }];
        case "T2":
          if (t["serving"] !== my[i]) return [];
          t["in_cs"] = (t["in_cs"] as number) + 1;
          setPc(t, i, "T3");
          return [{ s: t }];
        case "T3":
          t["in_cs"] = (t["in_cs"] as number) - 1;
          t["serving"] = ((t["serving"] as number) + 1) % M;
          setPc(t, i, "Done");
          return [{ s: t }];
      }
      throw new Error(pc);
    },
    true,
    { MutualExclusion: (s) => (s["in_cs"] as number) <= 1 },
  );
}

function counter(N: number): Model {
  return processModel(
    { pc: Array(N).fill("R"), tmp: Array(N).fill(0), counter: 0, finished: 0 },
    N,
    (pc) => (s, i) => {
      const t = clone(s);
      const tmp = t["tmp"] as number[];
      switch (pc) {
        case "R":
          tmp[i] = t["counter"] as number;
          setPc(t, i, "W");
          return [{ s: t }];
        case "W":
          t["counter"] = tmp[i]! + 1;
          t["finished"] = (t["finished"] as number) + 1;
          setPc(t, i, "Done");
          return [{ s: t }];
      }
      throw new Error(pc);
    },
    true,
    { AllIncrementsCounted: (s) => s["finished"] !== N || s["counter"] === N },
  );
}

function prodCons(K: number, B: number): Model {
  // process 0 = Producer (local i), process 1 = Consumer (local j)
  return processModel({ pc: ["P1", "C1"], i: 1, j: 1, buf: [] as number[] }, 2, (pc) => (s) => {
    const t = clone(s);
    const buf = t["buf"] as number[];
    switch (pc) {
      case "P1": {
        if (buf.length >= B) return [];
        buf.push(t["i"] as number);
        t["i"] = (t["i"] as number) + 1;
        setPc(t, 0, (t["i"] as number) <= K ? "P1" : "Done");
        return [{ s: t }];
      }
      case "C1": {
        if (buf.length === 0) return [];
        if (buf[0] !== t["j"]) return [{ assertion: "FIFO order" }];
        buf.shift();
        t["j"] = (t["j"] as number) + 1;
        setPc(t, 1, (t["j"] as number) <= K ? "C1" : "Done");
        return [{ s: t }];
      }
    }
    throw new Error(pc);
  });
}

function philosophers(): Model {
  // forks[f] = owner instance or null; phil i (0-based) left fork i, right fork (i+1)%3
  return processModel({ pc: ["Left", "Left", "Left"], forks: [null, null, null] }, 3, (pc) => (s, i) => {
    const t = clone(s);
    const f = t["forks"] as (number | null)[];
    const left = i,
      right = (i + 1) % 3;
    switch (pc) {
      case "Left":
        if (f[left] !== null) return [];
        f[left] = i;
        setPc(t, i, "Right");
        return [{ s: t }];
      case "Right":
        if (f[right] !== null) return [];
        f[right] = i;
        setPc(t, i, "Eat");
        return [{ s: t }];
      case "Eat":
        f[left] = null;
        f[right] = null;
        setPc(t, i, "Done");
        return [{ s: t }];
    }
    throw new Error(pc);
  });
}

function rwReadersWriters(): Model {
  // instances 0,1 = readers; 2 = writer. lock = {writer, readers(sorted)}
  return processModel(
    { pc: ["RL", "RL", "WL"], writer: null, readers: [] as number[], readers_in: 0, writing: false },
    3,
    (pc) => (s, i) => {
      const t = clone(s);
      const rd = t["readers"] as number[];
      switch (pc) {
        case "RL":
          if (t["writer"] !== null) return [];
          rd.push(i);
          rd.sort();
          t["readers_in"] = (t["readers_in"] as number) + 1;
          setPc(t, i, "RU");
          return [{ s: t }];
        case "RU":
          t["readers_in"] = (t["readers_in"] as number) - 1;
          t["readers"] = rd.filter((r) => r !== i);
          setPc(t, i, "Done");
          return [{ s: t }];
        case "WL":
          if (t["writer"] !== null || rd.length > 0) return [];
          t["writer"] = i;
          t["writing"] = true;
          setPc(t, i, "WU");
          return [{ s: t }];
        case "WU":
          t["writing"] = false;
          t["writer"] = null;
          setPc(t, i, "Done");
          return [{ s: t }];
      }
      throw new Error(pc);
    },
    true,
    { NoReadWhileWrite: (s) => !(s["writing"] && (s["readers_in"] as number) > 0) },
  );
}

function mutexN(N: number, K: number): Model {
  return {
    init: [{ pc: Array(N).fill(0), cnt: Array(N).fill(0), lk: false }],
    checkDeadlock: false,
    done: () => true,
    invariants: { MutualExclusion: (s) => (s["pc"] as number[]).filter((p) => p === 2).length <= 1 },
    next: (s) => {
      const out: Succ[] = [];
      const pc = s["pc"] as number[];
      for (const act of ["request", "enter", "exit"])
        for (let i = 0; i < N; i++) {
          const t = clone(s);
          const tp = t["pc"] as number[],
            tc = t["cnt"] as number[];
          if (act === "request" && pc[i] === 0) {
            tp[i] = 1;
            out.push({ s: t });
          }
          if (act === "enter" && pc[i] === 1 && !s["lk"]) {
            t["lk"] = true;
            tp[i] = 2;
            out.push({ s: t });
          }
          if (act === "exit" && pc[i] === 2) {
            t["lk"] = false;
            tp[i] = 0;
            tc[i] = (tc[i]! + 1) % K;
            out.push({ s: t });
          }
        }
      return out;
    },
  };
}

// ---------------------------------------------------------------------------------------------

export const MODELS: Record<string, Record<string, () => Model>> = {
  "naive-mutex.tspec": { two: naiveMutex },
  "dekker.tspec": { two: dekker },
  "ticket-lock.tspec": { two: () => ticketLock(2, 3), three: () => ticketLock(3, 4) },
  "counter.tspec": { two: () => counter(2), three: () => counter(3) },
  "prodcons.tspec": { k4b2: () => prodCons(4, 2) },
  "philosophers.tspec": { three: philosophers },
  "rwlock-readers-writers.tspec": { "two-readers-one-writer": rwReadersWriters },
  "mutexn.tspec": { n3k2: () => mutexN(3, 2), n2k3: () => mutexN(2, 3), n4k4: () => mutexN(4, 4), "peers-n5k8": () => mutexN(5, 8) },
};

const BIG = new Set(["peers-n5k8"]);

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const check = process.argv.includes("--check");
  const big = process.argv.includes("--big");
  const here = path.dirname(fileURLToPath(import.meta.url));
  const expected = JSON.parse(fs.readFileSync(path.join(here, "..", "expected.json"), "utf8")) as Record<string, Record<string, Result>>;
  let bad = 0;
  for (const [file, wls] of Object.entries(MODELS))
    for (const [wl, mk] of Object.entries(wls)) {
      if (BIG.has(wl) && !big) continue;
      const t0 = Date.now();
      const r = explore(mk());
      const exp = expected[file]?.[wl];
      const same =
        exp !== undefined &&
        JSON.stringify(r) ===
          JSON.stringify({
            distinctStates: exp.distinctStates,
            depth: exp.depth,
            verdict: exp.verdict,
            ...(exp.traceLength !== undefined ? { traceLength: exp.traceLength } : {}),
          });
      if (check && !same) bad++;
      console.log(
        `${check ? (same ? "ok   " : "DIFF ") : ""}${file} ${wl}: ${JSON.stringify(r)} (${Date.now() - t0} ms)${check && !same ? `  expected ${JSON.stringify(exp)}` : ""}`,
      );
    }
  if (bad) process.exit(1);
}
