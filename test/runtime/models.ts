/**
 * Hand-written `Model` implementations for the runtime tests (the compiler is built in parallel), plus
 * an independent naive BFS oracle and a trace validator.
 */
import { expect } from "vitest";
import {
  SpecError,
  type Expectation,
  type Instance,
  type Invariant,
  type Model,
  type StateWriter,
  type StepDef,
  type Transition,
  type Value,
} from "../../runtime/contract/model.js";
import { mutexAcquire, mutexRelease, type Mutex } from "../../runtime/contract/locks.js";
import { fingerprintHex } from "../../runtime/search/fingerprint.js";
import type { TraceStep } from "../../runtime/search/result.js";

export { mutexN, mutexNDistinct, mutexNTransitions, type MutexNState } from "../../bench/explore-mutexn.js";

/** Fills in the boilerplate of a model. */
function model<S>(m: {
  spec: string;
  workload?: string;
  instances: readonly Instance[];
  steps: readonly StepDef[];
  invariants?: readonly Invariant<S>[];
  checkDeadlock?: boolean;
  expect?: Expectation;
  init: () => readonly S[];
  successors: (s: S, out: (t: Transition<S>) => void) => void;
  done?: (s: S) => boolean;
  encode: (s: S, w: StateWriter) => void;
  view: (s: S) => { readonly [name: string]: Value };
  blocked?: (s: S) => readonly { readonly instance: number; readonly reason: string }[];
}): Model<S> {
  return {
    workload: "default",
    invariants: [],
    checkDeadlock: true,
    expect: { kind: "holds" },
    done: () => false,
    ...m,
  };
}

function instances(process: string, n: number): Instance[] {
  return Array.from({ length: n }, (_, i) => ({ process, self: i, name: `${process}[${i}]` }));
}

function steps(process: string | undefined, names: readonly string[], file: string): StepDef[] {
  return names.map((name, id) => ({ id, name, ...(process !== undefined ? { process } : {}), loc: `${file}:${id + 3}` }));
}

// ---------------------------------------------------------------------------------------------------

/** Naive mutex: `check: if (!locked) goto set else goto check; set: locked := true; cs: locked := false`. */
export interface NaiveState {
  readonly pc: readonly ("check" | "set" | "cs")[];
  readonly locked: boolean;
}

const NAIVE_PCS = ["check", "set", "cs"] as const;

/** Two processes test the flag and set it in separate steps: mutual exclusion fails after 4 steps. */
export function naiveMutex(): Model<NaiveState> {
  return model<NaiveState>({
    spec: "naive",
    instances: instances("P", 2),
    steps: steps("P", ["check", "set", "cs"], "naive.tspec"),
    invariants: [{ name: "MutualExclusion", loc: "naive.tspec:20", holds: (s) => !(s.pc[0] === "cs" && s.pc[1] === "cs") }],
    expect: { kind: "violates", property: "MutualExclusion" },
    init: () => [{ pc: ["check", "check"], locked: false }],
    successors(s, out) {
      for (let i = 0; i < 2; i++) {
        const pc = s.pc.slice();
        const p = s.pc[i];
        if (p === "check") {
          pc[i] = s.locked ? "check" : "set";
          out({ step: 0, instance: i, state: { pc, locked: s.locked } });
        } else if (p === "set") {
          pc[i] = "cs";
          out({ step: 1, instance: i, state: { pc, locked: true } });
        } else {
          pc[i] = "check";
          out({ step: 2, instance: i, state: { pc, locked: false } });
        }
      }
    },
    encode(s, w) {
      w.int(s.locked ? 1 : 0);
      for (const p of s.pc) w.int(NAIVE_PCS.indexOf(p));
    },
    view: (s) => ({ locked: s.locked, "P[0]": { pc: s.pc[0] as string }, "P[1]": { pc: s.pc[1] as string } }),
  });
}

// ---------------------------------------------------------------------------------------------------

/** Dining philosophers with forks as mutexes. */
export interface PhilState {
  readonly forks: readonly Mutex[];
  readonly pc: readonly ("first" | "second" | "eat" | "done")[];
}

const PHIL_PCS = ["first", "second", "eat", "done"] as const;

/**
 * N philosophers; philosopher i takes fork i then fork i+1 (mod N), eats, releases both. `ordered`: the
 * last one takes its forks in the other order (no deadlock). `eatOnce`: each finishes after one meal.
 */
export function philosophers(n: number, opts: { ordered?: boolean; eatOnce?: boolean; checkDeadlock?: boolean } = {}): Model<PhilState> {
  const forksOf = (i: number): [number, number] => {
    const l = i;
    const r = (i + 1) % n;
    return opts.ordered === true && i === n - 1 ? [r, l] : [l, r];
  };
  const loc = (k: number): string => `phil.tspec:${10 + k}:5`;
  const philStep = (s: PhilState, i: number, out: (t: Transition<PhilState>) => void): void => {
    const [a, b] = forksOf(i);
    const p = s.pc[i];
    if (p === "first" || p === "second") {
      const f = p === "first" ? a : b;
      const got = mutexAcquire(s.forks[f] as Mutex, i, `fork[${f}]`, loc(0));
      if (got === undefined) return;
      const forks = s.forks.slice();
      forks[f] = got;
      const pc = s.pc.slice();
      pc[i] = p === "first" ? "second" : "eat";
      out({ step: p === "first" ? 0 : 1, instance: i, state: { forks, pc } });
    } else if (p === "eat") {
      const forks = s.forks.slice();
      forks[a] = mutexRelease(forks[a] as Mutex, i, `fork[${a}]`, loc(2));
      forks[b] = mutexRelease(forks[b] as Mutex, i, `fork[${b}]`, loc(2));
      const pc = s.pc.slice();
      pc[i] = opts.eatOnce === true ? "done" : "first";
      out({ step: 2, instance: i, state: { forks, pc } });
    }
  };
  return model<PhilState>({
    spec: "philosophers",
    workload: `N${n}`,
    instances: instances("Phil", n),
    steps: steps("Phil", ["first", "second", "eat"], "phil.tspec"),
    checkDeadlock: opts.checkDeadlock ?? true,
    expect: opts.ordered === true ? { kind: "holds" } : { kind: "deadlock" },
    init: () => [{ forks: new Array<Mutex>(n).fill(null), pc: new Array<PhilState["pc"][number]>(n).fill("first") }],
    successors(s, out) {
      for (let i = 0; i < n; i++) {
        const p = s.pc[i];
        const step = p === "first" ? 0 : p === "second" ? 1 : 2;
        try {
          philStep(s, i, out);
        } catch (e) {
          // As the generated dispatcher does: attribute the error to the step and instance.
          throw e instanceof SpecError ? e.at(step, i) : e;
        }
      }
    },
    done: (s) => s.pc.every((p) => p === "done"),
    encode(s, w) {
      for (const f of s.forks) w.int(f === null ? -1 : f);
      for (const p of s.pc) w.int(PHIL_PCS.indexOf(p));
    },
    view: (s) => ({ forks: s.forks, pc: s.pc }),
    blocked(s) {
      const out: { instance: number; reason: string }[] = [];
      for (let i = 0; i < n; i++) {
        const p = s.pc[i];
        if (p !== "first" && p !== "second") continue;
        const f = forksOf(i)[p === "first" ? 0 : 1];
        out.push({ instance: i, reason: `waits for lock fork[${f}] held by Phil[${String(s.forks[f])}]` });
      }
      return out;
    },
  });
}

// ---------------------------------------------------------------------------------------------------

/** Lost update: two non-atomic increments, then a checker asserts x = 2. */
export interface LostState {
  readonly x: number;
  readonly tmp: readonly number[];
  readonly pc: readonly ("read" | "write" | "done")[];
  readonly checker: "check" | "done";
}

const LOST_PCS = ["read", "write", "done"] as const;

/** `Inc[i]`: read: tmp := x; write: x := tmp + 1. `Checker`: check: await Inc done; assert x = 2. */
export function lostUpdate(): Model<LostState> {
  const stepDefs: StepDef[] = [
    { id: 0, name: "read", process: "Inc", loc: "lost.tspec:4" },
    { id: 1, name: "write", process: "Inc", loc: "lost.tspec:5" },
    { id: 2, name: "check", process: "Checker", loc: "lost.tspec:9" },
  ];
  return model<LostState>({
    spec: "lost",
    instances: [...instances("Inc", 2), { process: "Checker", self: null, name: "Checker" }],
    steps: stepDefs,
    expect: { kind: "assertion", message: "x = 2" },
    init: () => [{ x: 0, tmp: [0, 0], pc: ["read", "read"], checker: "check" }],
    successors(s, out) {
      for (let i = 0; i < 2; i++) {
        const p = s.pc[i];
        if (p === "done") continue;
        const pc = s.pc.slice();
        pc[i] = p === "read" ? "write" : "done";
        if (p === "read") {
          const tmp = s.tmp.slice();
          tmp[i] = s.x;
          out({ step: 0, instance: i, state: { ...s, tmp, pc } });
        } else {
          out({ step: 1, instance: i, state: { ...s, x: (s.tmp[i] as number) + 1, pc } });
        }
      }
      if (s.checker === "check" && s.pc.every((p) => p === "done")) {
        // What the generated dispatcher does: raise, then attribute to the step and instance.
        if (s.x !== 2) throw new SpecError("assertion", "x = 2", "lost.tspec:10:7").at(2, 2);
        out({ step: 2, instance: 2, state: { ...s, checker: "done" } });
      }
    },
    done: (s) => s.checker === "done" && s.pc.every((p) => p === "done"),
    encode(s, w) {
      w.int(s.x);
      for (const t of s.tmp) w.int(t);
      for (const p of s.pc) w.int(LOST_PCS.indexOf(p));
      w.int(s.checker === "check" ? 0 : 1);
    },
    view: (s) => ({
      x: s.x,
      "Inc[0]": { pc: s.pc[0] as string, tmp: s.tmp[0] as number },
      "Inc[1]": { pc: s.pc[1] as string, tmp: s.tmp[1] as number },
      Checker: { pc: s.checker },
    }),
  });
}

// ---------------------------------------------------------------------------------------------------

/** A counter 0..limit with one action `inc`; `fail` decides what goes wrong, to exercise each path. */
export function counter(opts: {
  limit: number;
  invariant?: (x: number) => boolean;
  /** Throw this from successors at this value. */
  throwAt?: { x: number; error: SpecError };
  /** Throw from init. */
  initError?: SpecError;
  /** Throw a SpecError from the invariant at this value. */
  invariantThrowsAt?: number;
  /** After this many successors() calls, step by 2 instead of 1 (breaks replay). */
  driftAfterCalls?: number;
  /** States at `limit` are done (else: deadlock there). */
  doneAtLimit?: boolean;
  checkDeadlock?: boolean;
}): Model<number> {
  let calls = 0;
  const invs: Invariant<number>[] = [];
  if (opts.invariant !== undefined) invs.push({ name: "Inv", loc: "counter.tspec:7", holds: opts.invariant });
  if (opts.invariantThrowsAt !== undefined) {
    const at = opts.invariantThrowsAt;
    invs.push({
      name: "Lookup",
      loc: "counter.tspec:8",
      holds: (x) => {
        if (x === at) throw new SpecError("spec_error", "map lookup with a key outside the map's domain", "counter.tspec:8:20");
        return true;
      },
    });
  }
  return model<number>({
    spec: "counter",
    instances: [],
    steps: [{ id: 0, name: "inc", loc: "counter.tspec:4" }],
    invariants: invs,
    checkDeadlock: opts.checkDeadlock ?? true,
    init: () => {
      if (opts.initError !== undefined) throw opts.initError;
      return [0];
    },
    successors(x, out) {
      calls++;
      if (opts.throwAt !== undefined && x === opts.throwAt.x) throw opts.throwAt.error;
      if (x >= opts.limit) return;
      const d = opts.driftAfterCalls !== undefined && calls > opts.driftAfterCalls ? 2 : 1;
      out({ step: 0, instance: -1, state: x + d });
    },
    done: (x) => opts.doneAtLimit === true && x >= opts.limit,
    encode: (x, w) => w.int(x),
    view: (x) => ({ x }),
  });
}

/** A model with a branching action that records picks: `add(d)` for d in 1..2, x bounded. */
export function picker(limit: number): Model<number> {
  return model<number>({
    spec: "picker",
    instances: [],
    steps: [{ id: 0, name: "add", loc: "picker.tspec:3" }],
    invariants: [{ name: "Small", loc: "picker.tspec:6", holds: (x) => x !== limit }],
    init: () => [0],
    successors(x, out) {
      for (let d = 1; d <= 2; d++) if (x + d <= limit) out({ step: 0, instance: -1, picks: { d }, state: x + d });
    },
    encode: (x, w) => w.int(x),
    view: (x) => ({ x }),
  });
}

// ---------------------------------------------------------------------------------------------------

/** An independent, slow BFS (JSON keys in a Map) to cross-check counts and depth. */
export function oracleBfs<S>(m: Model<S>): { distinct: number; transitions: number; depth: number } {
  const key = (s: S): string => fingerprintHex(m, s);
  const seen = new Set<string>();
  let level: S[] = [];
  for (const s of m.init()) {
    if (!seen.has(key(s))) {
      seen.add(key(s));
      level.push(s);
    }
  }
  let depth = level.length > 0 ? 1 : 0;
  let transitions = 0;
  while (level.length > 0) {
    const next: S[] = [];
    for (const s of level) {
      m.successors(s, (t) => {
        transitions++;
        const k = key(t.state);
        if (!seen.has(k)) {
          seen.add(k);
          next.push(t.state);
        }
      });
    }
    if (next.length > 0) depth++;
    level = next;
  }
  return { distinct: seen.size, transitions, depth };
}

/** Asserts that a trace starts in an initial state and each step is a real transition of the model. */
export function expectValidTrace<S>(m: Model<S>, trace: readonly TraceStep<S>[]): void {
  expect(trace.length).toBeGreaterThan(0);
  const fp = (s: S): string => fingerprintHex(m, s);
  const first = trace[0] as TraceStep<S>;
  expect(first.index).toBe(1);
  expect(first.step).toBeUndefined();
  expect(m.init().map(fp)).toContain(fp(first.state));
  for (let k = 1; k < trace.length; k++) {
    const prev = trace[k - 1] as TraceStep<S>;
    const cur = trace[k] as TraceStep<S>;
    expect(cur.index).toBe(k + 1);
    const matches: Transition<S>[] = [];
    m.successors(prev.state, (t) => {
      if (m.steps[t.step] === cur.step && t.instance === (cur.instance ?? -1) && fp(t.state) === fp(cur.state)) matches.push(t);
    });
    expect(matches.length, `step ${k + 1} is not a transition of the model`).toBeGreaterThan(0);
  }
}

/** Step names with their instance, e.g. `P[0].check`, for asserting on traces. */
export function stepNames<S>(m: Model<S>, trace: readonly TraceStep<S>[]): string[] {
  return trace.map((t) => (t.step === undefined ? "init" : `${t.instance !== undefined ? `${m.instances[t.instance]?.name}.` : ""}${t.step.name}`));
}
