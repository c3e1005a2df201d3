/**
 * The part of every generated model that is the same for every spec, driven by the tables the
 * generator emits: the running instances of a workload, dispatch of each instance's step by its `pc`,
 * fairness per instance, termination, and why a deadlocked instance waits. A generated model extends
 * `ModelBase` and adds what reads as its spec: the steps, invariants, definitions, encoding and view.
 */
import { SpecError, type FairnessConstraint, type Instance, type StepDef, type Transition, type Value } from "./model.js";

/** A step method of a generated model: the successors of `s` by instance `pid` at that step. */
export type StepMethod<S> = (s: S, pid: number, out: (t: Transition<S>) => void) => void;

/** A step whose first statement takes a lock: what a deadlock report says an instance there waits for. */
export interface LockWait<S> {
  /** The lock as written in the spec, e.g. `lock` or `locks[self]`. */
  readonly shown: string;
  readonly mode: "mutex" | "read" | "write";
  /** The lock's value (a Mutex or RwLock of locks.ts) in `s` as instance `pid` sees it. */
  readonly lock: (s: S, pid: number) => unknown;
}

/** The spec's tables a model is built from (module-level constants of the generated file). */
export interface ModelTables {
  /** The spec's process names, in declaration order (pids are numbered in this order). */
  readonly processes: readonly string[];
  /**
   * The spec's steps (the model's `steps`): a process label's step has its `process`, a procedure
   * label's is named `procedure.label` (a `.` no action name has), an action's neither.
   */
  readonly steps: readonly StepDef[];
  /** Per fair process: weak or strong, and the steps its instances take (its labels and its procedures'). */
  readonly fairProcesses: { readonly [process: string]: { readonly kind: "weak" | "strong"; readonly steps: readonly number[] } };
  /** The fairness constraints of actions. */
  readonly fairActions: readonly FairnessConstraint[];
}

export abstract class ModelBase<S extends { readonly pc: readonly string[] }> {
  readonly instances: readonly Instance[];
  /** The process of each pid. */
  readonly kinds: readonly string[];
  /** The `self` value of each pid. */
  readonly selves: readonly Value[];
  readonly pids: readonly number[];
  /** The pid of each process's first instance. */
  readonly first: { readonly [process: string]: number };
  /** Fairness constraints of this workload's instances and actions. */
  readonly fairness: readonly FairnessConstraint[];
  /** Per pid: the step id of each label its process can be at (its own labels, every procedure's). */
  private readonly stepOfPc$: readonly { readonly [pc: string]: number }[];
  /** The method of each step, by id (undefined for actions, which `successors` runs by name). */
  protected abstract readonly stepMethods$: readonly (StepMethod<S> | undefined)[];
  /** The steps that start by taking a lock, by id (deadlock reports). */
  protected abstract readonly lockWaits$: { readonly [step: number]: LockWait<S> };

  constructor(run: { readonly [process: string]: readonly Value[] }, tables: ModelTables) {
    const kinds: string[] = [];
    const selves: Value[] = [];
    const first: { [process: string]: number } = {};
    const instances: Instance[] = [];
    for (const p of tables.processes) {
      first[p] = kinds.length;
      for (const self of run[p] ?? []) {
        kinds.push(p);
        selves.push(self);
        instances.push({ process: p, self, name: `${p}[${typeof self === "string" ? self : JSON.stringify(self)}]` });
      }
    }
    this.kinds = kinds;
    this.selves = selves;
    this.first = first;
    this.instances = instances;
    this.pids = kinds.map((_, pid) => pid);
    this.fairness = [
      ...instances.flatMap((inst, pid) => {
        const f = tables.fairProcesses[inst.process];
        return f ? [{ kind: f.kind, name: inst.name, instance: pid, steps: f.steps }] : [];
      }),
      ...tables.fairActions,
    ];
    // One table per process, shared by its instances: its own labels, and every procedure's.
    const byProcess = new Map<string, { [pc: string]: number }>();
    for (const p of tables.processes) {
      const t: { [pc: string]: number } = Object.create(null) as { [pc: string]: number };
      for (const step of tables.steps) {
        if (step.process === undefined ? step.name.includes(".") : step.process === p) t[step.name] = step.id;
      }
      byProcess.set(p, t);
    }
    this.stepOfPc$ = kinds.map((k) => byProcess.get(k) ?? {});
  }

  /** Every process instance's next step (with every nondeterministic choice); a spec error names the step. */
  protected runProcesses$(s: S, out: (t: Transition<S>) => void): void {
    const pcs = s.pc;
    for (let pid = 0; pid < pcs.length; pid++) {
      const id = this.stepOfPc$[pid]![pcs[pid]!];
      if (id === undefined) continue;
      try {
        this.stepMethods$[id]!.call(this, s, pid, out);
      } catch (e) {
        throw e instanceof SpecError ? e.at(id, pid) : e;
      }
    }
  }

  /**
   * Runs step `id` of instance `pid` on `s`, naming it in a spec error: the packed step code
   * (packed-steps.ts) runs a step it does not compile to words this way, in its place in the order.
   */
  runStep$(id: number, s: S, pid: number, out: (t: Transition<S>) => void): void {
    try {
      this.stepMethods$[id]!.call(this, s, pid, out);
    } catch (e) {
      throw e instanceof SpecError ? e.at(id, pid) : e;
    }
  }

  /** The step id of instance `pid` at label `pc`, or -1 when it has none there (finished). */
  stepIdOf$(pid: number, pc: string): number {
    return this.stepOfPc$[pid]?.[pc] ?? -1;
  }

  /** Runs action `step` (a method taking the state), naming it in a spec error. */
  protected runAction$(step: number, s: S, out: (t: Transition<S>) => void, action: (s: S, out: (t: Transition<S>) => void) => void): void {
    try {
      action.call(this, s, out);
    } catch (e) {
      throw e instanceof SpecError ? e.at(step, -1) : e;
    }
  }

  /** Every successor of `s`: each process instance's next step. A spec with actions adds them. */
  successors(s: S, out: (t: Transition<S>) => void): void {
    this.runProcesses$(s, out);
  }

  /** The step `pid` takes next (index into `steps`), -1 when it has finished, -2 when unknown (partial-order reduction). */
  stepAt(s: S, pid: number): number {
    const pc = s.pc[pid];
    if (pc === "Done") return -1;
    return (pc === undefined ? undefined : this.stepOfPc$[pid]?.[pc]) ?? -2;
  }

  /** The `self` values of one process's instances, in pid order. */
  selvesOf(process: string): Value[] {
    return this.selves.filter((_, pid) => this.kinds[pid] === process);
  }

  /** Termination (PlusCal's `Terminating`): processes run and all have finished. Actions alone never terminate. */
  done(s: S): boolean {
    return s.pc.length > 0 && s.pc.every((pc) => pc === "Done");
  }

  /** Display name of a pid (lock owners). */
  nameOf(pid: number | null): string | null {
    return pid === null ? null : (this.instances[pid]?.name ?? `#${pid}`);
  }

  /** Why each unfinished instance cannot move (deadlock reports). */
  blocked(s: S): readonly { readonly instance: number; readonly reason: string }[] {
    const out: { instance: number; reason: string }[] = [];
    s.pc.forEach((pc, pid) => {
      if (pc === "Done") return;
      const id = this.stepOfPc$[pid]?.[pc];
      const w = id === undefined ? undefined : this.lockWaits$[id];
      if (w === undefined) {
        out.push({ instance: pid, reason: `at ${pc}: no step enabled (await false or empty choice)` });
        return;
      }
      const by = this.holders$(w.lock(s, pid), w.mode)
        .filter((x) => x !== null)
        .join(", ");
      const mode = w.mode === "mutex" ? "" : ` (${w.mode})`;
      out.push({ instance: pid, reason: `at ${pc}: waits for ${w.shown}${mode}${by ? ` held by ${by}` : ""}` });
    });
    return out;
  }

  /** Who holds a lock in a way that blocks taking it in `mode`: a mutex's owner; a writer; for write, the readers too. */
  private holders$(l: unknown, mode: LockWait<S>["mode"]): (string | null)[] {
    if (mode === "mutex") return [this.nameOf(l as number | null)];
    const rw = l as { readonly writer: number | null; readonly readers: readonly number[] };
    return mode === "read" ? [this.nameOf(rw.writer)] : [this.nameOf(rw.writer), ...rw.readers.map((r) => this.nameOf(r))];
  }
}
