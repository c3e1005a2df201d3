/**
 * Partial-order reduction for safety checking: static ample sets from the access sets of the steps
 * (`StepDef.reads`/`writes`) and the variables the invariants read (`Model.observed`).
 *
 * At a state s, the transitions of one process instance p form the ample set when
 *
 * - C0: they are not empty (p has at least one enabled transition at s);
 * - C1 (independence): every step id among them is *safe for p*: it is statically independent of every
 *   step any OTHER instance can ever take — no write/write or read/write overlap of their access sets.
 *   The steps other instances can take are those of the other process types, those of p's own type when
 *   that type has ≥ 2 instances (another instance may run the same label), every action, and the
 *   procedure labels some other instance may run: a procedure step lists its `callers` (the process
 *   types that call the procedure, directly or not), and only an instance of a caller type runs it, so
 *   it is another instance's step when a caller type other than p's has instances, or p's own type has
 *   ≥ 2 (a procedure step without `callers` is anyone's, conservatively). Since
 *   p's pc and locals belong to p alone and the accessed shared variables are disjoint, no other
 *   transition can enable, disable or change the effect of p's transitions at s, nor the reverse;
 * - C2 (invisibility): a safe step writes no variable in `model.observed` (the invariants' variables),
 *   so firing it first cannot make an invariant flip unseen;
 * - C3 (cycle proviso, BFS version): every ample successor is new (not in the visited set); otherwise
 *   the state is expanded fully. This prevents a transition from being postponed forever around a cycle.
 *
 * Under C0–C3 every reachable deadlock and every reachable invariant violation has a counterpart in the
 * reduced graph (the reduced graph is stuttering-equivalent for LTL without next, which covers "always
 * Inv"; persistent sets preserve deadlocks). Assertion, lock and spec errors are raised while a step is
 * *executed*; the explorer still generates every successor of each visited state (it needs them to pick
 * the ample set), so an error in any enabled step of a visited state is found. A failing step of another
 * instance q that is postponed stays enabled and fails the same way after p's independent step (it reads
 * nothing p writes), and C3 guarantees it is not postponed forever, so failing steps stay found.
 *
 * Not sound for liveness (fairness and cycles need a stronger proviso): the liveness checker builds the
 * full graph and never uses this.
 */
import type { Model, StepDef } from "./model.js";

/** The static analysis result: which step is safe (ample-eligible) for which instance. */
export interface PorPlan {
  /** False when no step is safe for any instance (POR cannot reduce anything: skip its overhead). */
  readonly useful: boolean;
  readonly nSteps: number;
  /** `safe[pid * nSteps + step]` = 1 when `step` taken by instance `pid` may form an ample set. */
  readonly safe: Uint8Array;
  /** Per step: why it is not safe (for diagnostics and the benchmark report); absent when safe. */
  readonly why: readonly (string | undefined)[];
}

function conflict(a: StepDef, b: StepDef): string | undefined {
  const ar = a.reads ?? [];
  const aw = a.writes ?? [];
  const br = new Set(b.reads ?? []);
  const bw = new Set(b.writes ?? []);
  for (const v of aw) if (bw.has(v) || br.has(v)) return v;
  for (const v of ar) if (bw.has(v)) return v;
  return undefined;
}

/** Computes which steps are safe for which instances. */
export function planPor<S>(model: Model<S>): PorPlan {
  const steps = model.steps;
  const n = steps.length;
  const insts = model.instances;
  const safe = new Uint8Array(insts.length * n);
  const why: (string | undefined)[] = new Array<string | undefined>(n).fill(undefined);
  if (model.observed === undefined) {
    return { useful: false, nSteps: n, safe, why: why.map(() => "the model lists no observed variables") };
  }
  const observed = new Set(model.observed);
  const perType = new Map<string, number>();
  for (const i of insts) perType.set(i.process, (perType.get(i.process) ?? 0) + 1);
  // Per process type: the verdict for each step (computed once per type).
  const byType = new Map<string, Uint8Array>();
  const whyByType = new Map<string, (string | undefined)[]>();
  for (const [type, count] of perType) {
    /** Whether an instance other than one of `type` can run a step owned by process type `u`. */
    const otherRuns = (u: string): boolean => (u !== type && perType.has(u)) || (u === type && count >= 2);
    const others = steps.filter((o) =>
      o.process !== undefined ? otherRuns(o.process) : o.callers === undefined ? true : o.callers.some(otherRuns),
    );
    const ok = new Uint8Array(n);
    const reasons: (string | undefined)[] = [];
    for (const st of steps) {
      let reason: string | undefined;
      if (st.reads === undefined || st.writes === undefined) reason = "no access sets";
      else {
        const vis = st.writes.find((v) => observed.has(v));
        if (vis !== undefined) reason = `writes observed ${vis}`;
        else
          for (const o of others) {
            const v = conflict(st, o);
            if (v !== undefined) {
              reason = `${v} shared with ${o.process ?? "action/procedure"} ${o.name}`;
              break;
            }
          }
      }
      if (reason === undefined) ok[st.id] = 1;
      reasons[st.id] = reason;
    }
    byType.set(type, ok);
    whyByType.set(type, reasons);
  }
  let useful = false;
  insts.forEach((inst, pid) => {
    const ok = byType.get(inst.process) as Uint8Array;
    for (let s = 0; s < n; s++) {
      const st = steps[s] as StepDef;
      // Only steps this instance can take matter (a step of another type never appears for it).
      const mine = st.process !== undefined ? st.process === inst.process : st.callers === undefined || st.callers.includes(inst.process);
      if (ok[s] === 1 && mine) {
        safe[pid * n + s] = 1;
        useful = true;
      }
    }
  });
  for (let s = 0; s < n; s++) {
    const st = steps[s] as StepDef;
    const type = st.process ?? st.callers?.find((u) => perType.has(u)) ?? insts[0]?.process;
    why[s] = type !== undefined ? whyByType.get(type)?.[s] : "no instances";
    if (why[s] === undefined && st.process === undefined) {
      // A procedure step's verdict depends on the caller's type; report the first unsafe one.
      for (const [t, r] of whyByType) if (r[s] !== undefined && (st.callers === undefined || st.callers.includes(t))) why[s] = r[s];
    }
  }
  return { useful, nSteps: n, safe, why };
}

/** One line per step that blocks reduction, grouped by reason (for reports). */
export function explainPor<S>(model: Model<S>): string[] {
  const plan = planPor(model);
  return model.steps.map((s, i) => `${s.process ?? "-"}.${s.name}: ${plan.why[i] ?? "safe"}`);
}
