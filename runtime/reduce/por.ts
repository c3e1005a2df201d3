/**
 * Partial-order reduction for safety checking: stubborn sets computed per state, over process
 * instances, from the steps' access sets (`StepAccess.reads`/`writes`/`counters`), each instance's
 * control-flow future (`StepAccess.next`/`nextDelta`, `Model.stepAt`), the locks that block steps
 * (`StepAccess.gate`, `Model.lockValue`) and the structure of the invariants (`Invariant.shape`).
 * (Valmari's stubborn sets / Godefroid's persistent sets, with Schmidt's up-sets for reachability of
 * a state predicate, and a BFS cycle proviso.)
 *
 * Terms. At a state s every unfinished instance q is at one step, cur(q) (its pc); all transitions of q
 * at s are choices of that step. Actions form one pseudo-instance whose current and future steps are all
 * actions. Two steps are *dependent* when one writes a variable the other reads or writes (locks
 * included; process locals, pc and procedure frames belong to their instance and are never shared),
 * except that two counter updates of the same variable (`x = x ± k` and nothing else reading x) are not.
 * For a set P of instances, fut(q, P) is the set of steps q can take along any path on which no member
 * of P moves: the steps reachable from cur(q) through `next` edges (over-approximate control flow,
 * calls and returns included), restricted to q's process type, stopping at a *gate* step (its first
 * statement acquires a whole lock) that cannot run while P stands still: its lock is a mutex a member
 * holds, an rwlock a member write-holds, or (for a write gate) an rwlock a member read-holds while q
 * holds it not and no step of q before the gate touches it; likewise a way out of a step on which every
 * path acquires a whole lock a member holds (`StepAccess.nextLocks`) is not followed. Such a lock stays held while P does not move
 * (only its holder can release it: a release by anyone else is a lock error, which changes no state),
 * so q's gate step stays disabled (it cannot fail either: q is not the holder) and nothing after it is
 * reachable.
 *
 * The reduced search expands s along ample(s) = the enabled transitions of a set P of instances with a
 * key member k (enabled; the seed, or a member whose current step can change no invariant) such that
 *
 * - S0: k has an enabled transition at s;
 * - S1 (persistence / D1): for p in P, q not in P, no step of fut(q, P) is dependent on cur(p). For an
 *   enabled p this makes p's transitions commute with every path of outsiders; for a disabled p it makes
 *   P contain every instance that could enable cur(p) (an enabling step writes a variable cur(p) reads,
 *   hence is dependent on it);
 * - S2 (up-set for the invariants cur(k) may change, i.e. that read a variable cur(k) may write): no
 *   path of outsiders' steps from s can change the value (true, false, or an evaluation error) of such
 *   an invariant I. The value of I is that of its `shape` evaluated left to right with short circuits,
 *   as the compiled invariant does, hence a function of the atoms that evaluation visits. For each such
 *   atom, no step of fut(q, P), q not in P, may change it: it writes none of the atom's variables — or,
 *   for an atom `x op c` comparing an int variable with a constant, the outsiders together cannot move
 *   x far enough the way that flips it (`reach`: the extreme prefix sums of x's changes along their
 *   futures, `StepAccess.nextDelta`), and for a bool variable, no outsider step writes it the flipping way.
 *   An and/or decided by its k-th argument keeps its value when the earlier arguments change the
 *   harmless way, so for those only a change to an evaluation error counts (none for comparisons);
 * - S3 (cycle proviso, BFS version): every ample successor is new or already discovered on the next
 *   BFS level; otherwise s is expanded fully. A reduced expansion then only creates edges from level d
 *   to level d + 1, so every cycle of the reduced graph contains a fully expanded state.
 *
 * Soundness (the reduced graph reaches a violation iff the full graph does; the "if" is trivial since
 * every reduced edge is a transition): let s be reduced-reachable and w = t1…tn a full-graph path from s
 * to a violation. Let t be the first enabled transition of k at s.
 * (A) If some ti belongs to an instance of P, take the first: t1…ti-1 are outsiders' steps, in their
 *     futures (members of P do not move, so their gate locks stay held), so ti is independent of them by
 *     S1, was enabled at s (nothing outside P can enable it), is in ample(s), and ti t1…ti-1 ti+1…tn is
 *     a path from ti(s) of n - 1 steps that reaches the same violation, or meets a failing step earlier
 *     (two counter updates commute only when neither fails) — a violation too, closer.
 * (B) Otherwise all of w is outsiders' steps, each in its instance's future, and t is independent of
 *     all of them.
 *     - Deadlock at the end of w: impossible, t reads nothing w writes, so it is still enabled there.
 *     - Invariant I violated at the end of w (false, or its evaluation fails): if cur(k) may change I,
 *       impossible by S2. Otherwise t cannot change I, so w from t(s) reaches a state violating I too
 *       (or meets a failing step first), in at most n steps.
 *     - A step e failing (assertion, lock or spec error) after w: if e is a member's step it is cur(p),
 *       it reads nothing w writes, so it fails at s already — and every enabled transition of every
 *       expanded state is executed (the ample set is picked among all successors), so the error is
 *       found at s. If e is an outsider's, it is in its future and independent of t, so w e fails from
 *       t(s) as well (or a step of w does first), with at most the same length.
 *     In the last two cases follow t (chosen deterministically per state) to t(s), which is in the
 *     reduced graph, with a path no longer than before. The length only decreases in case (A) and at a
 *     failure met earlier; if it never did, the walk would cycle among reduced states with one fixed
 *     path, and a cycle contains a fully expanded state (S3), where t1 (or e) is in the ample set:
 *     case (A) after all.
 * So by induction on n every violation kind — invariants (including an invariant whose evaluation
 * fails), assertions, lock and spec errors, deadlocks — stays reachable. Counterexamples are real
 * behaviours but may be longer than the shortest one (BFS is shortest within the reduced graph only);
 * `checkBfs` re-derives a violation without POR by default.
 *
 * Not sound for liveness (fairness and cycles need a stronger proviso): the liveness checker builds the
 * full graph and never uses this.
 */
import { isEvaluationStopped } from "../contract/budget.js";
import { refinementOf } from "../contract/refinement.js";
import type { Model, Shape, StepDefWithAccess, Transition } from "../contract/model.js";
import { porInfoOf } from "../contract/capabilities.js";

/** The steps with their access sets (`Model.stepAccess`, or on the steps of an older model). */
function stepsOf<S>(model: Model<S>): readonly StepDefWithAccess[] {
  return porInfoOf(model)?.steps ?? (model.steps as readonly StepDefWithAccess[]);
}

/** Why POR cannot run on a model (for reports), or undefined when it can. */
export function porUnsupported<S>(model: Model<S>): string | undefined {
  if (typeof model.stepAt !== "function") return "the model does not report instances' current steps (regenerate it)";
  // Refinement is checked on every transition generated: a reduced search would skip some.
  if (refinementOf(model) !== undefined) return "the spec `refines` another, and every transition must be checked against it";
  if (stepsOf(model).some((s) => s.reads === undefined || s.writes === undefined)) return "some steps have no access sets";
  // A constraint prunes the graph by what it reads: the stubborn-set argument does not cover it.
  if ((model.constraints?.length ?? 0) > 0) return "the workload has a state constraint";
  // One unit (a single instance, or actions only): every stubborn set is everything.
  if (model.instances.length + (model.steps.some(isAction) ? 1 : 0) < 2) return "fewer than two processes (actions count as one)";
  return undefined;
}

/** The static plan (kept for reports): whether POR can run, and per step what it conflicts with statically. */
export interface PorPlan {
  readonly useful: boolean;
  readonly nSteps: number;
  /** Per step: a note for reports (the variables it writes that invariants read, its gate lock). */
  readonly why: readonly (string | undefined)[];
}

export function planPor<S>(model: Model<S>): PorPlan {
  const bad = porUnsupported(model);
  const observed = new Set(model.observed ?? []);
  const why = stepsOf(model).map((s) => {
    if (bad !== undefined) return bad;
    const vis = (s.writes ?? []).filter((v) => observed.has(v));
    const parts = [
      vis.length ? `writes observed ${vis.join(", ")}` : "invisible",
      s.gate ? `gate ${s.gate.lock} (${s.gate.mode})` : "",
      s.next ? `next ${s.next.length}` : "next unknown",
    ];
    return parts.filter((x) => x !== "").join("; ");
  });
  return { useful: bad === undefined && model.instances.length + (model.steps.some(isAction) ? 1 : 0) > 1, nSteps: model.steps.length, why };
}

/** One line per step (for reports). */
export function explainPor<S>(model: Model<S>): string[] {
  const plan = planPor(model);
  return model.steps.map((s, i) => `${s.process ?? "-"}.${s.name}: ${plan.why[i] ?? ""}`);
}

function isAction(s: StepDefWithAccess): boolean {
  return s.process === undefined && s.callers === undefined;
}

/** A fixed-size bit set over step ids. */
class Bits {
  readonly w: Uint32Array;
  constructor(n: number) {
    this.w = new Uint32Array((n + 31) >>> 5);
  }
  has(i: number): boolean {
    return ((this.w[i >>> 5] as number) & (1 << (i & 31))) !== 0;
  }
  add(i: number): void {
    this.w[i >>> 5] = (this.w[i >>> 5] as number) | (1 << (i & 31));
  }
  clear(): void {
    this.w.fill(0);
  }
  or(o: Bits): void {
    for (let k = 0; k < this.w.length; k++) this.w[k] = (this.w[k] as number) | (o.w[k] as number);
  }
  intersects(o: Bits): boolean {
    for (let k = 0; k < this.w.length; k++) if (((this.w[k] as number) & (o.w[k] as number)) !== 0) return true;
    return false;
  }
}

/**
 * Computes ample sets per state (see the header). One engine per search; not thread-safe (it reuses
 * buffers between calls).
 */
export class PorEngine<S> {
  private readonly n: number;
  /** Instances, plus one pseudo-instance for the actions when there are any. */
  private readonly nUnits: number;
  private readonly actionUnit: number;
  /** dep[a]: the steps dependent on step a. */
  private readonly dep: Bits[];
  /** writers[v]: the steps that may write variable v. */
  private readonly writers = new Map<string, Bits>();
  /** rise[v] / fall[v]: the steps that may increase / decrease variable v (writers minus one-way ones). */
  private readonly rise = new Map<string, Bits>();
  private readonly fall = new Map<string, Bits>();
  /** Steps that write anything (no access sets): they count as writers of every variable. */
  private readonly writesAll: Bits;
  /** mine[u]: the steps unit u can take. */
  private readonly mine: Bits[];
  private readonly actionSteps: number[];
  private readonly next: (readonly number[] | undefined)[];
  private readonly gate: (StepDefWithAccess["gate"] | undefined)[];
  private readonly gateLocks: string[];
  /** Per step and successor (parallel to `next`): indices into `gateLocks` every path there acquires. */
  private readonly nextLocks: (number[][] | undefined)[];
  private readonly shapes: (Shape<S> | undefined)[];
  /** visibleTo[step]: the invariants (indices) reading a variable the step may write. */
  private readonly visibleTo: number[][];
  /** Per invariant: the steps that may write a variable of its dn(I, s) at the current state. */
  private readonly dnSteps: Bits[];
  /** Per invariant: its counter atoms at the current state (see `Bound`). */
  private readonly dnBounds: Bound[][];
  /** The bounds S2 must respect for the current seed. */
  private bounds: Bound[] = [];

  // per-state buffers
  private readonly cur: Int32Array;
  private readonly enabled: Int32Array;
  private readonly holder: Int32Array;
  /** Per gate lock: the pids holding it for read (rwlocks). */
  private readonly readers: (readonly number[])[] = [];
  /** Whether `blocked` also counts write gates of rwlocks read-held by a member (see `future`). */
  private readerGates = false;
  /** The unit whose future is being computed. */
  private futOf = -1;
  private readonly inP: Uint8Array;
  private readonly visible: Bits;
  private readonly curP: Bits;
  private readonly fut: Bits;
  private readonly stack: number[] = [];
  /** Where `visit` records the counter atoms it meets. */
  private visitBounds: Bound[] = [];
  /** Why the last `futureConflicts` returned true (diagnostics). */
  private reason = "";

  constructor(readonly model: Model<S>) {
    const steps = stepsOf(model);
    const n = steps.length;
    this.n = n;
    const nI = model.instances.length;
    this.actionSteps = steps.filter(isAction).map((s) => s.id);
    this.actionUnit = this.actionSteps.length > 0 ? nI : -1;
    this.nUnits = nI + (this.actionSteps.length > 0 ? 1 : 0);
    this.writesAll = new Bits(n);
    this.dep = steps.map(() => new Bits(n));
    for (const a of steps) {
      if (a.writes === undefined) this.writesAll.add(a.id);
      for (const v of a.writes ?? []) {
        let b = this.writers.get(v);
        if (!b) this.writers.set(v, (b = new Bits(n)));
        b.add(a.id);
      }
      for (const b of steps) if (dependent(a, b)) (this.dep[a.id] as Bits).add(b.id);
    }
    for (const [v, w] of this.writers) {
      const rise = new Bits(n);
      const fall = new Bits(n);
      for (const a of steps) {
        if (!w.has(a.id)) continue;
        const d = a.effects?.[v];
        if (d !== "down") rise.add(a.id);
        if (d !== "up") fall.add(a.id);
      }
      this.rise.set(v, rise);
      this.fall.set(v, fall);
    }
    this.mine = [];
    for (const inst of model.instances) {
      const b = new Bits(n);
      for (const s of steps) {
        if (s.process !== undefined ? s.process === inst.process : s.callers !== undefined && (s.callers.length === 0 || s.callers.includes(inst.process)))
          b.add(s.id);
      }
      this.mine.push(b);
    }
    if (this.actionUnit >= 0) {
      const b = new Bits(n);
      for (const id of this.actionSteps) b.add(id);
      this.mine.push(b);
    }
    this.next = steps.map((s) => s.next);
    this.gate = steps.map((s) => s.gate);
    this.gateLocks = [...new Set(steps.flatMap((s) => [...(s.gate ? [s.gate.lock] : []), ...(s.nextLocks ?? []).flatMap((ls) => ls.map((l) => l.lock))]))];
    this.nextLocks = steps.map((s) => s.nextLocks?.map((ls) => ls.map((l) => this.gateLocks.indexOf(l.lock))));
    this.shapes = model.invariants.map((i) => i.shape);
    // The variables each invariant reads (without a shape: `observed`, or everything when unknown).
    const invReads: (Set<string> | undefined)[] = this.shapes.map((sh) =>
      sh !== undefined ? shapeReads(sh, new Set()) : model.observed !== undefined ? new Set(model.observed) : undefined,
    );
    this.visibleTo = steps.map((st) => {
      const ks: number[] = [];
      invReads.forEach((r, k) => {
        if (r === undefined || st.writes === undefined || st.writes.some((v) => r.has(v))) ks.push(k);
      });
      return ks;
    });
    this.dnSteps = this.shapes.map(() => new Bits(n));
    this.dnBounds = this.shapes.map(() => []);
    this.cur = new Int32Array(this.nUnits);
    this.enabled = new Int32Array(this.nUnits);
    this.holder = new Int32Array(this.gateLocks.length);
    this.inP = new Uint8Array(this.nUnits);
    this.visible = new Bits(n);
    this.curP = new Bits(n);
    this.fut = new Bits(n);
  }

  /**
   * Candidate ample sets at `s`, whose successors are `succ` (all of them, in `successors` order): per
   * candidate, a mask over units (instances, then the actions) whose enabled transitions form it. Only
   * proper subsets of the enabled transitions are returned, smallest first.
   */
  candidates(s: S, succ: readonly Transition<S>[]): Uint8Array[] {
    const model = this.model;
    const nI = model.instances.length;
    const cur = this.cur;
    const enabled = this.enabled;
    enabled.fill(0);
    for (const t of succ) enabled[t.instance < 0 ? this.actionUnit : t.instance]++;
    const stepAt = model.stepAt as (s: S, pid: number) => number;
    for (let u = 0; u < nI; u++) cur[u] = stepAt.call(model, s, u);
    if (this.actionUnit >= 0) cur[this.actionUnit] = -3; // "all actions"
    // Lock holders (mutex owner / rwlock writer) of the gate locks.
    const lockValue = model.lockValue;
    for (let k = 0; k < this.gateLocks.length; k++) {
      const v = lockValue ? (lockValue.call(model, s, this.gateLocks[k] as string) as unknown) : undefined;
      this.holder[k] =
        typeof v === "number"
          ? v
          : v !== null && typeof v === "object" && typeof (v as { writer?: unknown }).writer === "number"
            ? (v as { writer: number }).writer
            : -1;
      const rs = v !== null && typeof v === "object" ? (v as { readers?: unknown }).readers : undefined;
      this.readers[k] = Array.isArray(rs) ? (rs as number[]) : [];
    }
    this.computeVisible(s);
    const out: { mask: Uint8Array; count: number }[] = [];
    const total = succ.length;
    // Enabled units whose current step can change no invariant: as the key transition they need no
    // up-set at all (S2), so a seed is also tried together with each of them.
    const quiet: number[] = [];
    for (let u = 0; u < this.nUnits; u++) {
      const c = cur[u] as number;
      if (enabled[u] !== 0 && c >= 0 && (this.visibleTo[c] as number[]).length === 0) quiet.push(u);
    }
    for (let seed = 0; seed < this.nUnits; seed++) {
      if (enabled[seed] === 0) continue;
      // Every enabled unit is tried as a seed: closures from different seeds differ in size.
      for (const key of [seed, ...quiet]) {
        if (key !== seed && quiet.includes(seed)) break;
        const mask = this.close(seed, undefined, key);
        let count = 0;
        for (let u = 0; u < this.nUnits; u++) if (mask[u] === 1) count += enabled[u] as number;
        if (count < total && !out.some((o) => sameMask(o.mask, mask))) out.push({ mask: mask.slice(), count });
      }
    }
    out.sort((a, b) => a.count - b.count);
    return out.map((o) => o.mask);
  }

  /** Per invariant, dn(I, s) as steps: those that may write a variable whose change could change the invariant's value. */
  private computeVisible(s: S): void {
    this.shapes.forEach((sh, k) => {
      const b = this.dnSteps[k] as Bits;
      b.clear();
      this.visitBounds = this.dnBounds[k] as Bound[];
      this.visitBounds.length = 0;
      if (sh === undefined) {
        for (const v of this.model.observed ?? []) this.writersOf(v, b);
        if (this.model.observed === undefined) for (let i = 0; i < this.n; i++) b.add(i);
      } else this.visit(sh, s, b);
      b.or(this.writesAll);
    });
  }

  private writersOf(v: string, into: Bits): void {
    const w = this.writers.get(v);
    if (w) into.or(w);
  }

  /**
   * Adds to `into` every step that may change the value of `sh` (true, false, or an evaluation error)
   * from its value at `s`, evaluating left to right with short circuits as the compiled invariant does
   * (the value is a function of the atoms that evaluation visits). Refinements:
   * - an and/or decided by its k-th argument (the first false / first true) keeps its value when the
   *   earlier arguments change the harmless way (true→false before a false in an `and`): they matter
   *   only by starting to fail ("bottom" mode), which a subtree of comparison atoms cannot do;
   * - a comparison atom `x op c` only changes when x moves towards the other side of c: only the steps
   *   that may move x that way count, and for an int counter the move is bounded instead (`Bound`).
   * Returns 1 (true), 0 (false) or 2 (evaluation error).
   */
  private visit(sh: Shape<S>, s: S, into: Bits, mode: "change" | "bottom" = "change"): number {
    if (mode === "bottom") {
      const v = evalShape(sh, s);
      if (canFail(sh)) this.allWriters(sh, into);
      return v;
    }
    switch (sh.kind) {
      case "atom": {
        let val: number;
        try {
          val = sh.holds(s) ? 1 : 0;
        } catch (e) {
          if (isEvaluationStopped(e)) throw e;
          for (const v of sh.reads) this.writersOf(v, into);
          return 2;
        }
        const cmp = sh.cmp;
        const x = cmp !== undefined ? cmp.x(s) : 0;
        const c = cmp !== undefined ? cmp.c() : 0;
        const dir = cmp !== undefined ? needed(cmp.op, x, c) : "any";
        if (dir === "any" || cmp === undefined) for (const v of sh.reads) this.writersOf(v, into);
        else if (cmp.int === true) {
          // A counter: the atom only flips once x has moved `budget` + 1 the needed way (see Bound).
          this.visitBounds.push({ v: cmp.v, dir, budget: budget(cmp.op, x, c, dir) });
        } else {
          const b = (dir === "up" ? this.rise : this.fall).get(cmp.v);
          if (b) into.or(b);
        }
        return val;
      }
      case "not": {
        const v = this.visit(sh.arg, s, into);
        return v === 2 ? 2 : 1 - v;
      }
      case "if": {
        const c = this.visit(sh.cond, s, into);
        if (c === 2) return 2;
        return this.visit(c === 1 ? sh.then : sh.else, s, into);
      }
      case "and":
      case "or": {
        const stop = sh.kind === "and" ? 0 : 1;
        let k = -1;
        for (let j = 0; j < sh.args.length && k < 0; j++) {
          const v = evalShape(sh.args[j] as Shape<S>, s);
          if (v === 2) {
            this.allWriters(sh, into);
            return 2;
          }
          if (v === stop) k = j;
        }
        if (k < 0) {
          for (const a of sh.args) this.visit(a, s, into);
          return 1 - stop;
        }
        for (let j = 0; j < k; j++) this.visit(sh.args[j] as Shape<S>, s, into, "bottom");
        this.visit(sh.args[k] as Shape<S>, s, into);
        return stop;
      }
    }
  }

  /** Every step that may write a variable `sh` reads. */
  private allWriters(sh: Shape<S>, into: Bits): void {
    for (const v of shapeReads(sh, new Set())) this.writersOf(v, into);
  }

  /**
   * V for a seed: the union of dn(I, s) over the invariants the seed's current step may change. The
   * seed's transition is the key transition of the proof: it cannot change the other invariants, so for
   * them the up-set condition is not needed (their violations are carried along by the proviso).
   */
  private seedVisible(seed: number): void {
    const vis = this.visible;
    vis.clear();
    const ks = new Set<number>();
    const c = this.cur[seed] as number;
    if (c >= 0) for (const k of this.visibleTo[c] as number[]) ks.add(k);
    else {
      // Unknown position or the actions: any step the unit may take.
      const mine = this.mine[seed] as Bits;
      for (let i = 0; i < this.n; i++) if (mine.has(i)) for (const k of this.visibleTo[i] as number[]) ks.add(k);
    }
    this.bounds = [];
    for (const k of ks) {
      vis.or(this.dnSteps[k] as Bits);
      this.bounds.push(...(this.dnBounds[k] as Bound[]));
    }
  }

  /**
   * Why the stubborn sets at `s` are what they are (diagnostics): V(s), then per enabled seed the units
   * its closure adds and, for each, a step of its future that forced it in.
   */
  explain(s: S, succ: readonly Transition<S>[]): string[] {
    this.candidates(s, succ);
    const name = (u: number): string => (u === this.actionUnit ? "actions" : (this.model.instances[u]?.name ?? `#${u}`));
    const stepName = (i: number): string => this.model.steps[i]?.name ?? `#${i}`;
    const out = [`at: ${[...this.cur].map((c, u) => `${name(u)}@${c >= 0 ? stepName(c) : c}`).join(" ")}`];
    for (let seed = 0; seed < this.nUnits; seed++) {
      if (this.enabled[seed] === 0) continue;
      const why: string[] = [];
      this.close(seed, why);
      const c = this.cur[seed] as number;
      const vis = c >= 0 ? (this.visibleTo[c] as number[]).map((k) => this.model.invariants[k]?.name).join(",") : "?";
      out.push(`  seed ${name(seed)} (changes ${vis || "no invariant"}): ${why.join("; ")}`);
    }
    return out;
  }

  /**
   * The closure of {seed, key} under S1 and S2, where `key` is the unit whose enabled transition plays
   * the key transition of the proof (S2 covers the invariants its current step may change); returns
   * `inP`.
   */
  private close(seed: number, why?: string[], key = seed): Uint8Array {
    const inP = this.inP;
    inP.fill(0);
    inP[seed] = 1;
    inP[key] = 1;
    this.seedVisible(key);
    const curP = this.curP;
    curP.clear();
    this.addCur(seed);
    this.addCur(key);
    for (let changed = true; changed;) {
      changed = false;
      for (let q = 0; q < this.nUnits; q++) {
        if (inP[q] === 1 || this.cur[q] === -1) continue;
        if (this.futureConflicts(q)) {
          if (why) why.push(`+${q === this.actionUnit ? "actions" : this.model.instances[q]?.name}: ${this.reason}`);
          inP[q] = 1;
          this.addCur(q);
          changed = true;
        }
      }
      if (changed) continue;
      // S2 for counter atoms: the outsiders together must not be able to move the counter past the
      // atom's budget; otherwise every outsider that can move it that way joins.
      for (const b of this.bounds) {
        let total = 0;
        const movers: number[] = [];
        for (let q = 0; q < this.nUnits && total <= b.budget; q++) {
          if (inP[q] === 1 || this.cur[q] === -1) continue;
          const m = this.reach(q, b.v, b.dir);
          if (m > 0) movers.push(q);
          total += m;
        }
        if (total <= b.budget) continue;
        for (let q = 0; q < this.nUnits; q++) {
          if (inP[q] === 1 || this.cur[q] === -1 || this.reach(q, b.v, b.dir) === 0) continue;
          if (why) why.push(`+${q === this.actionUnit ? "actions" : this.model.instances[q]?.name}: may move ${b.v} ${b.dir} past the budget ${b.budget}`);
          inP[q] = 1;
          this.addCur(q);
          changed = true;
        }
        if (changed) break;
      }
    }
    return inP;
  }

  private addCur(u: number): void {
    const c = this.cur[u] as number;
    if (c >= 0) this.curP.add(c);
    else if (c !== -1) this.curP.or(this.mine[u] as Bits);
  }

  /** Whether a step of fut(q, P) is dependent on a member's current step or writes a variable of V(s). */
  private futureConflicts(q: number): boolean {
    const fut = this.future(q);
    if (fut.intersects(this.visible)) {
      this.reason = "future writes V";
      return true;
    }
    const w = fut.w;
    for (let k = 0; k < w.length; k++) {
      let bits = w[k] as number;
      while (bits !== 0) {
        const low = bits & -bits;
        const i = (k << 5) + 31 - Math.clz32(low);
        bits ^= low;
        if ((this.dep[i] as Bits).intersects(this.curP)) {
          this.reason = `future ${this.model.steps[i]?.name} depends on a member's step`;
          return true;
        }
      }
    }
    return false;
  }

  /**
   * How far q can move counter v the given way ("down": by how much it can lower it) along any path on
   * which P does not move: the extreme prefix sum of the steps' changes (`nextDelta`/`exitDelta`) over
   * the paths of fut(q, P) from cur(q) (Bellman-Ford; a cycle that keeps moving v that way, or a change
   * that is not known, gives Infinity).
   */
  private reach(q: number, v: string, dir: "up" | "down"): number {
    const fut = this.future(q);
    // Per step: the change of v on each way out, signed so that "moving v the given way" is negative.
    const delta = (st: StepDefWithAccess, d: { readonly [x: string]: readonly [number, number] } | undefined): number => {
      if (d === undefined) return st.writes === undefined || st.writes.includes(v) ? -Infinity : 0;
      const r = d[v];
      if (r === undefined) return 0;
      return dir === "down" ? r[0] : -r[1];
    };
    const steps = this.model.steps;
    const c = this.cur[q] as number;
    let best = 0;
    const ids: number[] = [];
    for (let i = 0; i < this.n; i++) if (fut.has(i)) ids.push(i);
    if (ids.length === 0) return 0;
    if (c < 0) {
      // No position (actions, unknown): anything any of its steps can do, any number of times.
      for (const i of ids) {
        const st = steps[i] as StepDefWithAccess;
        if (st.writes === undefined || st.writes.includes(v)) return Infinity;
      }
      return 0;
    }
    const dist = new Map<number, number>([[c, 0]]);
    for (let round = 0; round <= ids.length; round++) {
      let changed = false;
      for (const x of ids) {
        const dx = dist.get(x);
        if (dx === undefined) continue;
        const st = steps[x] as StepDefWithAccess;
        const nx = this.next[x];
        if (nx === undefined) return st.writes === undefined || st.writes.includes(v) ? Infinity : best;
        const exit = dx + delta(st, st.exitDelta ?? (st.nextDelta !== undefined ? {} : undefined));
        if (exit < best) best = exit;
        nx.forEach((y, j) => {
          if (this.edgeBlocked(x, j)) return;
          const val = dx + delta(st, st.nextDelta !== undefined ? (st.nextDelta[j] ?? {}) : undefined);
          if (val < best) best = val;
          if (!fut.has(y)) return;
          const dy = dist.get(y);
          if (dy === undefined || val < dy) {
            dist.set(y, val);
            changed = true;
          }
        });
        if (best === -Infinity) return Infinity;
      }
      if (!changed) return -best;
    }
    // Still improving after |fut| rounds: a cycle moves v that way without bound.
    return Infinity;
  }

  /** fut(q, P) (see the header), in `this.fut`. */
  private future(q: number): Bits {
    // First with write gates of an rwlock that a member read-holds counted as blocked: q blocks there
    // unless it holds the lock for read itself, in which case its write_lock fails instead. It does not
    // now (checked in `blocked`); if no step before such a gate can touch the lock either, it cannot
    // then, and the truncated future is right. Otherwise compute it again without that rule.
    this.futOf = q;
    this.readerGates = true;
    const fut = this.walkFuture(q);
    if (!this.readerGated) return fut;
    for (let k = 0; k < this.gateLocks.length; k++) {
      if (!this.lockTouched(k)) continue;
      const w = this.writers.get(this.gateLocks[k] as string);
      if (w && fut.intersects(w)) {
        this.readerGates = false;
        return this.walkFuture(q);
      }
    }
    return fut;
  }

  /** Set by `blocked` when it truncated at a write gate because of a member's read lock. */
  private readerGated = false;
  private readonly touched = new Set<number>();

  private lockTouched(k: number): boolean {
    return this.touched.has(k);
  }

  private walkFuture(q: number): Bits {
    this.readerGated = false;
    this.touched.clear();
    const fut = this.fut;
    fut.clear();
    const c = this.cur[q] as number;
    const mine = this.mine[q] as Bits;
    if (c < 0) {
      // Unknown position (or the actions): anything the unit can take.
      fut.or(mine);
    } else {
      const stack = this.stack;
      stack.length = 0;
      if (!this.blocked(c)) {
        fut.add(c);
        stack.push(c);
      }
      while (stack.length > 0) {
        const x = stack.pop() as number;
        const nx = this.next[x];
        if (nx === undefined) {
          fut.or(mine);
          break;
        }
        for (let j = 0; j < nx.length; j++) {
          const y = nx[j] as number;
          if (fut.has(y) || !mine.has(y) || this.blocked(y) || this.edgeBlocked(x, j)) continue;
          fut.add(y);
          stack.push(y);
        }
      }
    }
    return fut;
  }

  /**
   * The way from step x to its j-th successor acquires, on every path, a whole lock that a member of P
   * holds (mutex, or rwlock for write): it cannot be taken while P stands still (the acquire blocks; it
   * cannot fail, the holder being another instance and a write-held rwlock having no readers).
   */
  private edgeBlocked(x: number, j: number): boolean {
    const ls = this.nextLocks[x]?.[j];
    if (ls === undefined) return false;
    for (const k of ls) {
      const h = this.holder[k] as number;
      if (h >= 0 && h < this.inP.length && this.inP[h] === 1) return true;
    }
    return false;
  }

  /** A gate step whose lock a member of P holds (mutex, or rwlock for write). */
  private blocked(step: number): boolean {
    const g = this.gate[step];
    if (g === undefined) return false;
    const k = this.gateLocks.indexOf(g.lock);
    const h = this.holder[k] as number;
    if (h >= 0 && h < this.inP.length && this.inP[h] === 1) return true;
    if (!this.readerGates || g.mode !== "write") return false;
    const rs = this.readers[k] as readonly number[];
    if (rs.includes(this.futOf) || !rs.some((r) => r < this.inP.length && this.inP[r] === 1)) return false;
    this.readerGated = true;
    this.touched.add(k);
    return true;
  }
}

function sameMask(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A counter atom `x op c` met while evaluating an invariant: it only changes value once x has moved
 * more than `budget` the way `dir` (e.g. `busy == 0` with busy = 2: down, budget 1).
 */
interface Bound {
  readonly v: string;
  readonly dir: "up" | "down";
  readonly budget: number;
}

/** How far x can move `dir` (from x, relative to c) without changing the value of `x op c`. */
function budget(op: "eq" | "ne" | "lt" | "le" | "gt" | "ge", x: number, c: number, dir: "up" | "down"): number {
  if (dir === "down") {
    // The largest value below x at which the atom differs.
    const t = op === "lt" || op === "ge" ? c - 1 : c;
    return x - t - 1;
  }
  // The smallest value above x at which the atom differs.
  const t = op === "le" || op === "gt" ? c + 1 : c;
  return t - x - 1;
}

/**
 * Which way `x` must move for `x op c` to change its value ("any": either). E.g. `x == c` with x > c
 * becomes true only after a decrease; once true, any change falsifies it.
 */
function needed(op: "eq" | "ne" | "lt" | "le" | "gt" | "ge", x: number, c: number): "up" | "down" | "any" {
  switch (op) {
    case "eq":
    case "ne":
      return x === c ? "any" : x < c ? "up" : "down";
    case "lt":
      return x < c ? "up" : "down";
    case "le":
      return x <= c ? "up" : "down";
    case "gt":
      return x > c ? "down" : "up";
    case "ge":
      return x >= c ? "down" : "up";
  }
}

/**
 * Static dependence: one step writes a variable the other reads or writes (no access sets: always),
 * except two counter updates of the same variable: `x = x + 1` and `x = x - 1` reach the same state in
 * either order when neither fails, and neither reads x otherwise (so neither enables or disables the
 * other). One order may fail a range check where the other does not; the proof only moves transitions
 * within real paths of the model, and a failure met on such a path is a real (and earlier) violation.
 */
function dependent(a: StepDefWithAccess, b: StepDefWithAccess): boolean {
  if (a.reads === undefined || a.writes === undefined || b.reads === undefined || b.writes === undefined) return true;
  const br = new Set(b.reads);
  const bw = new Set(b.writes);
  // Counter updates of the same variable commute (see StepDefWithAccess.counters).
  const shared = (v: string): boolean => (a.counters?.includes(v) ?? false) && (b.counters?.includes(v) ?? false);
  for (const v of a.writes) if ((bw.has(v) || br.has(v)) && !shared(v)) return true;
  for (const v of a.reads) if (bw.has(v) && !shared(v)) return true;
  return false;
}

/** The value of `sh` at `s` as the compiled invariant computes it: 1 true, 0 false, 2 evaluation error. */
function evalShape<S>(sh: Shape<S>, s: S): number {
  switch (sh.kind) {
    case "atom":
      try {
        return sh.holds(s) ? 1 : 0;
      } catch (e) {
        if (isEvaluationStopped(e)) throw e;
        return 2;
      }
    case "not": {
      const v = evalShape(sh.arg, s);
      return v === 2 ? 2 : 1 - v;
    }
    case "if": {
      const c = evalShape(sh.cond, s);
      return c === 2 ? 2 : evalShape(c === 1 ? sh.then : sh.else, s);
    }
    default: {
      const stop = sh.kind === "and" ? 0 : 1;
      for (const a of sh.args) {
        const v = evalShape(a, s);
        if (v === 2 || v === stop) return v;
      }
      return 1 - stop;
    }
  }
}

/**
 * Whether evaluating `sh` may fail in some state. A comparison of a variable with a constant (`cmp`)
 * reads a plain field and cannot; an atom that reads no variable evaluates the same in every state (it
 * did not fail here). Anything else may (a map lookup out of range, `get(none)`, …).
 */
function canFail<S>(sh: Shape<S>): boolean {
  switch (sh.kind) {
    case "atom":
      return sh.cmp === undefined && sh.reads.length > 0;
    case "not":
      return canFail(sh.arg);
    case "if":
      return canFail(sh.cond) || canFail(sh.then) || canFail(sh.else);
    default:
      return sh.args.some(canFail);
  }
}

/** Every variable the atoms of `sh` read. */
function shapeReads<S>(sh: Shape<S>, into: Set<string>): Set<string> {
  switch (sh.kind) {
    case "atom":
      for (const v of sh.reads) into.add(v);
      break;
    case "not":
      shapeReads(sh.arg, into);
      break;
    case "if":
      shapeReads(sh.cond, into);
      shapeReads(sh.then, into);
      shapeReads(sh.else, into);
      break;
    default:
      for (const a of sh.args) shapeReads(a, into);
  }
  return into;
}
