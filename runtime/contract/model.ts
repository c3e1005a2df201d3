/**
 * The contract between generated models and the explorers.
 *
 * A generated `model.ts` exports, per workload, an object implementing `Model<S>`: how to build the
 * initial states, how to enumerate the successors of a state (one per enabled atomic step and
 * nondeterministic choice), the invariants, and a canonical encoding used for fingerprints. The
 * explorers (BFS, DFS, simulation) only ever talk to this interface.
 */
import type { HasPackedSteps } from "./packed-steps.js";
import type { BitReader, BitWriter } from "./packed.js";
import type { ViewType, ViewTypes } from "./view-type.js";

/** A plain, JSON-like value as shown in traces (sets and sequences are arrays, records objects). */
export type Value = boolean | number | string | null | readonly Value[] | { readonly [field: string]: Value };

/** One process instance of a workload, e.g. `Refresher[1]`. Instances are numbered 0..n-1 (their `pid`). */
export interface Instance {
  /** The process declaration's name. */
  readonly process: string;
  /** The value of `self` for this instance. */
  readonly self: Value;
  /** Display name, e.g. `Refresher[1]`. */
  readonly name: string;
}

/** A static atomic step of the spec: a process (or procedure) label, or an action. */
export interface StepDef {
  readonly id: number;
  /** Label or action name, e.g. `B1` or `refresh.B1` for a procedure label. */
  readonly name: string;
  /** The process that owns the label, or undefined for a spec-level action or a procedure label. */
  readonly process?: string;
  /** `specs/…/x.tspec:42` */
  readonly loc: string;
  /** The types of the values the step chooses (`with` binders, action parameters) that have display names, by binder name. */
  readonly picks?: { readonly [name: string]: ViewType };
}

/**
 * What partial-order reduction knows statically about one step (`PorInfo.stepAccess`, parallel to
 * `Model.steps`). Every field over-approximates; an absent one means "anything".
 */
export interface StepAccess {
  /**
   * For a procedure label: the process types whose instances may run it (the processes that call the
   * procedure, directly or through other procedures). Absent for process labels and actions; absent on
   * a procedure step means "any process" (partial-order reduction then treats it conservatively).
   */
  readonly callers?: readonly string[];
  /**
   * State variables (and locks) the step may read / write, over-approximated statically from its
   * statements (process locals, pc and procedure frames are not listed: they are the instance's own).
   */
  readonly reads?: readonly string[];
  readonly writes?: readonly string[];
  /**
   * Written variables every write of which goes one way: "up" never decreases the variable
   * (`x = x + 1`, `b = true`), "down" never increases it. Absent: either way.
   */
  readonly effects?: { readonly [variable: string]: "up" | "down" };
  /** Int variables the step touches only through `x = x ± k` updates (k a positive literal): two steps that both list x commute on it. */
  readonly counters?: readonly string[];
  /** The steps the same instance may take right after this one (control flow, through calls and returns). */
  readonly next?: readonly number[];
  /**
   * Parallel to `next`: how much each whole int variable the step writes changes on the way to that
   * successor, as [least, greatest] (±Infinity when unknown; a variable not listed does not change).
   * `exitDelta`: the same for the ways out of the process or procedure. Partial-order reduction bounds
   * with them how far other instances can move a counter such as `busy`.
   */
  readonly nextDelta?: readonly { readonly [variable: string]: readonly [number, number] }[];
  readonly exitDelta?: { readonly [variable: string]: readonly [number, number] };
  /**
   * Parallel to `next`: the whole locks every path to that successor acquires (blocking). While another
   * instance holds one of them (mutex; rwlock for write), that way out of the step cannot be taken.
   */
  readonly nextLocks?: readonly (readonly { readonly lock: string; readonly mode: "mutex" | "read" | "write" }[])[];
  /** The whole lock variable the step's first statement acquires (the step is disabled while another instance holds it in a conflicting mode). */
  readonly gate?: { readonly lock: string; readonly mode: "mutex" | "read" | "write" };
}

/**
 * A step as models written before `StepAccess` moved out of it (hand-written models, tests) still
 * describe it: `porInfoOf` reads these fields when the model has no `stepAccess` table.
 */
export type StepDefWithAccess = StepDef & StepAccess;

/** One successor produced by `Model.successors`. */
export interface Transition<S> {
  /** Index into `Model.steps`. */
  readonly step: number;
  /** The pid of the instance that moved, or -1 for an action. */
  readonly instance: number;
  /** Values chosen by `with`/`either`/action parameters, by binder name (for traces and ITF). */
  readonly picks?: { readonly [name: string]: Value };
  readonly state: S;
}

/** `refinement`: a step (or initial state) whose image under a `refines` mapping is not one of the abstract spec (runtime/contract/refinement.ts). */
export type ErrorKind = "assertion" | "lock_error" | "spec_error" | "refinement";

/**
 * Raised by generated code when executing a step hits an error in the spec: a failed `assert`, a lock
 * misuse, or a run-time error (value out of its declared range, bad map key, sequence overflow, …).
 * `step`/`instance` are filled by the generated dispatcher so the explorer can name the failing step.
 */
export class SpecError extends Error {
  constructor(
    readonly errorKind: ErrorKind,
    message: string,
    /** Source location of the failing statement, `file.tspec:line:col`. */
    readonly loc: string,
    readonly step: number = -1,
    readonly instance: number = -1,
  ) {
    super(message);
    this.name = "SpecError";
  }

  /** The same error attributed to a step and instance. */
  at(step: number, instance: number): SpecError {
    return this.step >= 0 ? this : new SpecError(this.errorKind, this.message, this.loc, step, instance);
  }
}

/**
 * A generated model's site table (`AT`): the `file:line:col` of each run-time check, numbered in the
 * order given, from `[line, col]` pairs per spec file. The strings are built once, when the model's
 * module loads, so a check passes a ready string exactly as when it was written at the check.
 */
export function sites(byFile: { readonly [file: string]: readonly (readonly [line: number, col: number])[] }): readonly string[] {
  return Object.entries(byFile).flatMap(([file, at]) => at.map(([line, col]) => `${file}:${line}:${col}`));
}

/**
 * `model.init()`, never empty: a spec with no initial state has no behaviour at all, so every search
 * of it would trivially "hold". That is reported as a spec error instead (whatever emptied it: an
 * empty `in` set, a workload's constants).
 */
export function initialStates<S>(model: Pick<Model<S>, "init" | "spec">): readonly S[] {
  const inits = model.init();
  if (inits.length === 0) throw new SpecError("spec_error", `${model.spec} has no initial state: nothing can be checked`, "");
  return inits;
}

/** A named state predicate. */
export interface Invariant<S> {
  readonly name: string;
  readonly loc: string;
  readonly holds: (s: S) => boolean;
  /** The and/or/not structure of the predicate over atoms (partial-order reduction; see por.ts). */
  readonly shape?: Shape<S>;
}

/** A boolean formula over atoms that list the state variables they read; `holds` of the whole is the invariant's. */
export type Shape<S> =
  | { readonly kind: "and" | "or"; readonly args: readonly Shape<S>[] }
  | { readonly kind: "not"; readonly arg: Shape<S> }
  | { readonly kind: "if"; readonly cond: Shape<S>; readonly then: Shape<S>; readonly else: Shape<S> }
  | {
      readonly kind: "atom";
      readonly reads: readonly string[];
      readonly holds: (s: S) => boolean;
      /**
       * Present when the atom is `x op c` for a whole int variable `x` (a whole bool variable is
       * `x >= 1` with false = 0, true = 1) and an expression `c` that reads no variable: the atom then
       * changes only when `x` moves in a known direction.
       */
      readonly cmp?: {
        readonly v: string;
        /** `v` is an int variable (its changes are in `StepDef.nextDelta`), not a bool. */
        readonly int?: boolean;
        readonly op: "eq" | "ne" | "lt" | "le" | "gt" | "ge";
        readonly x: (s: S) => number;
        readonly c: () => number;
      };
    };

/** The verdict a workload expects, as written in its `expect` clause. */
export type Expectation =
  | { readonly kind: "holds" }
  | { readonly kind: "violates"; readonly property: string }
  | { readonly kind: "deadlock" }
  | { readonly kind: "assertion"; readonly message?: string }
  | { readonly kind: "lock_error" }
  | { readonly kind: "spec_error" };

/** Receives the canonical integer encoding of a state; the explorer hashes it into a fingerprint. */
export interface StateWriter {
  int(v: number): void;
  /**
   * Set by a writer that needs no more values (symmetry reduction's least-encoding search, once the
   * current permutation is known to be larger): an encoder may then return early. Never set by
   * the fingerprinter.
   */
  readonly stop?: boolean;
}

/**
 * The core of a checkable model: one spec under one workload. This is all an explorer needs for a
 * safety search; everything else is a capability (runtime/contract/capabilities.ts), present or not,
 * and asked for through its guard there.
 */
export interface ModelCore<S> {
  readonly spec: string;
  readonly workload: string;
  readonly instances: readonly Instance[];
  readonly steps: readonly StepDef[];
  readonly invariants: readonly Invariant<S>[];
  /**
   * The workload's state constraints (TLC's CONSTRAINT; absent or empty: none). A state that violates
   * one is still checked against the invariants when it is generated, but it is not counted, not stored
   * and not expanded (so it is never a deadlock either). `name` is the constraint's source text.
   */
  readonly constraints?: readonly Invariant<S>[];
  /** Deadlock checking (spec `check deadlock = false;` turns it off). */
  readonly checkDeadlock: boolean;
  readonly expect: Expectation;
  /** All initial states (may throw SpecError). */
  init(): readonly S[];
  /** Calls `out` once per successor, in a deterministic order (may throw SpecError, attributed). */
  successors(s: S, out: (t: Transition<S>) => void): void;
  /**
   * True when the state is a proper termination, PlusCal's `Terminating`: the workload runs at least
   * one process instance and every one has finished. A state without successors is a deadlock unless
   * this holds (and `checkDeadlock` is on), so a spec of actions alone deadlocks when none is enabled.
   */
  done(s: S): boolean;
  /** Writes the canonical encoding: equal states write equal sequences, different states different ones. */
  encode(s: S, w: StateWriter): void;
  /** Variables (globals, then `Instance.local`, including `pc`) as plain values for display. */
  view(s: S): { readonly [name: string]: Value };
}

/**
 * A checkable model as the explorers take it: the core plus every capability, each optional (a
 * generated model has those its spec calls for). New code asks for a capability with its guard
 * (`packingOf`, `porInfoOf`, … in capabilities.ts) rather than testing members one by one.
 */
export interface Model<S>
  extends ModelCore<S>, Partial<Display>, Partial<Packable<S>>, Partial<HasPackedSteps>, Partial<Symmetric<S>>, Partial<PorInfo<S>>, Partial<LockInfo<S>> {}

/** How traces show the variables (capability). */
export interface Display {
  /**
   * The spec type of every `view` variable (generated models declare them): traces print sets as sets
   * and options as options with them, and ITF tells sets, sequences and options apart. Absent: guessed
   * from the values.
   */
  readonly viewTypes: ViewTypes;
  /**
   * The `ghost` variables (bookkeeping for properties): part of the state like any variable, but trace
   * printers hide them unless asked (`--show-ghosts`; see `traceModel`). `--json` and ITF keep them.
   */
  readonly ghosts: readonly string[];
  /** A variable's `note "…"`: printed once under a trace in which the variable changes. */
  readonly notes: { readonly [name: string]: string };
}

/** States of a fixed width in bits (capability; see packed.ts). */
export interface Packable<S> {
  /**
   * Width in bits of every packed state of this workload, or -1 when the state cannot be packed: then
   * the explorers fingerprint `encode` instead.
   */
  readonly packedBits: number;
  /** Writes `s` as exactly `packedBits` bits; injective, like `encode`. */
  pack(s: S, w: BitWriter): void;
  /** Reads back a state written by `pack`. */
  unpack(r: BitReader): S;
}

/**
 * Symmetry reduction (capability; spec `symmetric type` / `symmetric process`): present when the spec
 * declares something symmetric. Explorers use it only when asked (`symmetry: true`); see runtime/contract/symmetry.ts.
 */
export interface Symmetric<S> {
  readonly symmetry: Symmetry<S>;
}

/** What partial-order reduction needs beyond the core (capability; runtime/reduce/por.ts). */
export interface PorInfo<S> {
  /** Parallel to `steps`: each step's access sets and control-flow successors. */
  readonly stepAccess: readonly StepAccess[];
  /** State variables read by the invariants (steps writing none of them are invisible to safety checks). */
  readonly observed: readonly string[];
  /** The step `pid` takes next (index into `steps`), -1 when finished, -2 when unknown. */
  stepAt(s: S, pid: number): number;
  /** The value of a whole lock variable (a Mutex or RwLock of locks.ts), by name. */
  lockValue(s: S, lock: string): unknown;
}

/** Locks and deadlocks (capability): deadlock reports say what each instance waits for. */
export interface LockInfo<S> {
  /** For a deadlock: why each unfinished instance cannot move, e.g. "waits for lock (write) held by Refresher[1]". */
  blocked(s: S): readonly { readonly instance: number; readonly reason: string }[];
}

/**
 * The permutations of a model's interchangeable values (the product of the symmetric groups of its
 * symmetric types) and the canonical encoding they induce.
 */
export interface Symmetry<S> {
  /** The symmetric types with their sizes in this workload, e.g. `[{ name: "Proc", size: 3 }]`. */
  readonly types: readonly { readonly name: string; readonly size: number }[];
  /** Number of permutations (the identity is number 0). */
  readonly size: number;
  /** False when the group is too large to enumerate per state: the explorers then ignore it. */
  readonly usable: boolean;
  /** Writes the least encoding of any permutation of `s`: equal exactly for states in one orbit. */
  encodeCanonical(s: S, w: StateWriter): void;
  /** Writes `encode(permute(s, k))` without building the permuted state. */
  encodePermuted(s: S, k: number, w: StateWriter): void;
  /** `s` with permutation `k` applied (tests and law checks). */
  permute(s: S, k: number): S;
}

/** A temporal formula over state predicates (the spec's `property` declarations). */
export type TemporalFormula<S> =
  | { readonly kind: "always"; readonly arg: TemporalFormula<S> }
  | { readonly kind: "eventually"; readonly arg: TemporalFormula<S> }
  | { readonly kind: "leadsto"; readonly left: TemporalFormula<S>; readonly right: TemporalFormula<S> }
  | { readonly kind: "state"; readonly text: string; readonly holds: (s: S) => boolean }
  /** `P => F`: P a state predicate (`always (P => always Q)` is a safety property: once P, Q forever). */
  | { readonly kind: "implies"; readonly left: TemporalFormula<S>; readonly right: TemporalFormula<S> }
  /**
   * `forall x in D: F` — TLA+'s `\A x \in D: F` with D a constant set: one property per value, each
   * checked on its own (a violation names the value). `values` is evaluated once, `body` once per value.
   */
  | {
      readonly kind: "forall";
      readonly name: string;
      /** The domain as written, for messages. */
      readonly domain: string;
      readonly values: () => readonly Value[];
      readonly body: (v: Value) => TemporalFormula<S>;
    };

/** A `property Name: …;` declaration. */
export interface TemporalProperty<S> {
  readonly name: string;
  readonly loc: string;
  readonly formula: TemporalFormula<S>;
}

/**
 * A fairness constraint, TLA+ style. `fair process P` gives one weak constraint per instance of P
 * (its steps: every label of P and of the procedures it calls, taken by that instance: PlusCal's
 * `\A self \in S: WF_vars(P(self))`); `fair action A(x in S)` one constraint on all bindings of A
 * (`WF_vars(\E x \in S: A(x))`); `fair each action A(x in S)` one constraint per binding
 * (`\A x \in S: WF_vars(A(x))`, `each`). `strong` is strong fairness.
 */
export interface FairnessConstraint {
  readonly kind: "weak" | "strong";
  /** Display name, e.g. `Refresher[1]` or `Drain`. */
  readonly name: string;
  /** The pid the constraint is about, or -1 for an action. */
  readonly instance: number;
  /** Step ids (into `Model.steps`) that count as "taking" the constrained action. */
  readonly steps: readonly number[];
  /**
   * Per binding (`fair each action A(x in S, y in T)`, or `fair each x action …` for some of the
   * parameters): the action parameters, by name, whose values split the constraint — the checker
   * treats every distinct combination of their values (`Transition.picks`) as its own constraint.
   * Absent: one constraint over all bindings.
   */
  readonly each?: readonly string[];
}

/** Optional members a generated model provides for liveness and lock analysis. */
export interface LivenessInfo<S> {
  readonly properties: readonly TemporalProperty<S>[];
  readonly fairness: readonly FairnessConstraint[];
  /** Names of the locks `pid` holds in `s`, with mode, e.g. `["refresh_lock", "lock (write)"]`. */
  locksHeld(s: S, pid: number): readonly string[];
}

/** One entry of a generated model's `workloads` table: how to build that workload's model. */
export interface WorkloadDef<C> {
  /** `file.tspec:line` of the workload declaration. */
  readonly loc: string;
  /** The constants, each checked against its declared type (may throw SpecError). */
  readonly constants: () => C;
  /** The `self` values of each running process's instances. */
  readonly instances: (c: C) => { readonly [process: string]: readonly Value[] };
  /** Absent: deadlock is checked (the spec's default; a workload says `check deadlock = false` to turn it off). */
  readonly checkDeadlock?: boolean;
  readonly expect: Expectation;
  /** Indices of the workload's state constraints among the spec's (the model's `constraint$k`); absent: none. */
  readonly constraints?: readonly number[];
}

/**
 * Builders of invariant shapes (`Invariant.shape`), so that a generated model states the structure of
 * an invariant in one line per node instead of an object literal per node.
 */
export const shape = {
  atom: <S>(reads: readonly string[], holds: (s: S) => boolean): Shape<S> => ({ kind: "atom", reads, holds }),
  /** A whole bool variable `v` (`holds` reads it): false = 0, true = 1, so the atom is `v >= 1`. */
  bool: <S>(v: string, holds: (s: S) => boolean): Shape<S> => ({
    kind: "atom",
    reads: [v],
    holds,
    cmp: { v, op: "ge", x: (s: S): number => (holds(s) ? 1 : 0), c: (): number => 1 },
  }),
  /** `x op c` for a whole int variable `v` and a variable-free `c`. */
  cmp: <S>(
    reads: readonly string[],
    holds: (s: S) => boolean,
    v: string,
    op: "eq" | "ne" | "lt" | "le" | "gt" | "ge",
    x: (s: S) => number,
    c: () => number,
  ): Shape<S> => ({ kind: "atom", reads, holds, cmp: { v, int: true, op, x, c } }),
  not: <S>(arg: Shape<S>): Shape<S> => ({ kind: "not", arg }),
  and: <S>(...args: Shape<S>[]): Shape<S> => ({ kind: "and", args }),
  or: <S>(...args: Shape<S>[]): Shape<S> => ({ kind: "or", args }),
  if: <S>(cond: Shape<S>, then: Shape<S>, otherwise: Shape<S>): Shape<S> => ({ kind: "if", cond, then, else: otherwise }),
};
