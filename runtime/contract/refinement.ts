/**
 * Refinement checking (`refines "abstract.tspec" with { … }`): TLC's `Spec => Abs!Spec`, safety part.
 *
 * A refining model wraps its `successors` (generated code) with a `Refinement`: every transition s → t
 * the explorers see, mapped, must be a stutter (equal images) or a transition of the abstract model;
 * and the explorers check with it that every initial state, mapped, is an initial state of the abstract
 * model (`Explorer.checkState(s, true)`, so the counterexample is that state). The
 * abstract model is the abstract spec's own generated model; the successors of each abstract state are
 * computed once and cached by its canonical encoding. Because the check sits inside `successors`, every
 * explorer (BFS, DFS, the parallel workers, simulation, the liveness graph) checks every transition it
 * generates, and a violation is a `SpecError` of kind `refinement` attributed to the step that made it.
 *
 * Not checked here: the abstract spec's fairness (the liveness part of `Abs!Spec`); `hasFairness`
 * lets the CLI say so.
 */
import { SpecError, type Model, type StateWriter, type Transition, type Value } from "./model.js";

/** The abstract states before and after a step that is not an abstract step (views, for display). */
export interface RefinementDetail {
  /** The abstract spec's name. */
  readonly abstract: string;
  /** Location of the `refines` declaration. */
  readonly loc: string;
  /** The mapped abstract state before the step (absent for an initial state). */
  readonly before?: { readonly [name: string]: Value };
  readonly after: { readonly [name: string]: Value };
  /** The implementation state after the step, or the initial state (for display). */
  readonly state: { readonly [name: string]: Value };
}

/** A step (or an initial state) whose image is not a step (an initial state) of the abstract spec. */
export class RefinementError extends SpecError {
  constructor(
    message: string,
    loc: string,
    readonly detail: RefinementDetail,
    step = -1,
    instance = -1,
  ) {
    super("refinement", message, loc, step, instance);
    this.name = "RefinementError";
  }

  override at(step: number, instance: number): SpecError {
    return this.step >= 0 ? this : new RefinementError(this.message, this.loc, this.detail, step, instance);
  }
}

/** Collects an encoding as a string key. */
class KeyWriter implements StateWriter {
  parts: number[] = [];
  int(v: number): void {
    this.parts.push(v);
  }
}

/** At most this many abstract states keep their successor sets cached (then the cache starts over). */
const CACHE_LIMIT = 1 << 20;

export class Refinement<S, A> {
  private readonly succ = new Map<string, Set<string>>();
  private initKeys: Set<string> | undefined;
  /** Abstract states whose successors were computed (for statistics). */
  computed = 0;

  constructor(
    /** The abstract spec's generated model (its `refinedState` builds the images of the mapping). */
    readonly abstract: Model<A>,
    private readonly map: (s: S) => A,
    private readonly view: (s: S) => { readonly [name: string]: Value },
    readonly loc: string,
    /** The abstract spec declares fairness: the liveness part of `Abs!Spec` exists (and is not checked). */
    readonly hasFairness: boolean,
  ) {}

  /** The abstract spec's name. */
  get spec(): string {
    return this.abstract.spec;
  }

  key(a: A): string {
    const w = new KeyWriter();
    this.abstract.encode(a, w);
    return w.parts.join(",");
  }

  private image(s: S): A {
    try {
      return this.map(s);
    } catch (e) {
      if (e instanceof SpecError && !(e instanceof RefinementError)) {
        throw new SpecError(e.errorKind, `in the refinement mapping of ${this.abstract.spec}: ${e.message}`, e.loc || this.loc);
      }
      throw e;
    }
  }

  /**
   * Undefined when the initial state `s` maps to an initial state of the abstract spec; else the error
   * to report (the explorers call this on every initial state, so the counterexample is that state).
   */
  initialViolation(s: S): RefinementError | undefined {
    if (this.initKeys === undefined) {
      const keys = new Set<string>();
      try {
        for (const a of this.abstract.init()) keys.add(this.key(a));
      } catch (e) {
        if (e instanceof SpecError) throw new SpecError(e.errorKind, `in the abstract spec ${this.abstract.spec} (refinement): ${e.message}`, e.loc);
        throw e;
      }
      this.initKeys = keys;
    }
    const a = this.image(s);
    if (this.initKeys.has(this.key(a))) return undefined;
    return new RefinementError(`the initial state maps to a state that is not an initial state of ${this.abstract.spec}`, this.loc, {
      abstract: this.abstract.spec,
      loc: this.loc,
      after: this.abstract.view(a),
      state: this.view(s),
    });
  }

  /** The keys of the abstract successors of `a` (cached by `ka`). */
  successorKeys(a: A, ka: string): Set<string> {
    let set = this.succ.get(ka);
    if (set !== undefined) return set;
    set = new Set<string>();
    const out = set;
    try {
      this.abstract.successors(a, (t: Transition<A>) => {
        out.add(this.key(t.state));
      });
    } catch (e) {
      if (e instanceof SpecError) throw new SpecError(e.errorKind, `in the abstract spec ${this.abstract.spec} (refinement): ${e.message}`, e.loc);
      throw e;
    }
    if (this.succ.size >= CACHE_LIMIT) this.succ.clear();
    this.succ.set(ka, set);
    this.computed++;
    return set;
  }

  /** Checks the transition `s` → `t.state`: a stutter or a step of the abstract spec under the mapping. */
  check(s: S, t: Transition<S>): void {
    const a = this.image(s);
    const b = this.image(t.state);
    const ka = this.key(a);
    const kb = this.key(b);
    if (ka === kb) return;
    if (this.successorKeys(a, ka).has(kb)) return;
    throw new RefinementError(
      `no step of ${this.abstract.spec} leads from the mapped state before this step to the mapped state after it (and it is not a stutter)`,
      this.loc,
      { abstract: this.abstract.spec, loc: this.loc, before: this.abstract.view(a), after: this.abstract.view(b), state: this.view(t.state) },
      t.step,
      t.instance,
    );
  }
}

/** The refinement a model checks, if any (a generated model of a spec that `refines` another). */
export function refinementOf<S>(model: Model<S>): Refinement<S, unknown> | undefined {
  const r = (model as { refinement?: unknown }).refinement;
  return r !== null &&
    typeof r === "object" &&
    typeof (r as { check?: unknown }).check === "function" &&
    typeof (r as { initialViolation?: unknown }).initialViolation === "function"
    ? (r as Refinement<S, unknown>)
    : undefined;
}
