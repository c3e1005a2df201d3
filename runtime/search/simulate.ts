/**
 * Random simulation: `runs` random walks, each from a uniformly chosen initial state taking a uniformly
 * chosen successor at every step, ending at a terminal state, a violation, or `maxDepth` states. The
 * walks are driven only by a seeded PRNG, so the same seed gives the same runs, result and trace.
 *
 * Visited fingerprints are still stored: invariants are checked once per distinct state and
 * `distinctStates` tells how much of the state space the runs covered. `holds` means "no violation in
 * these runs" — `complete` is always false.
 */
import { SpecError, type Model, type Transition } from "../contract/model.js";
import { Explorer, runAsync, runSync, type Search } from "./explore.js";
import { Random, randomSeed } from "./random.js";
import { toTraceStep } from "./trace.js";
import type { CheckResult, SimulateOptions, TraceStep } from "./result.js";

const DEFAULT_RUNS = 1000;
/** As TLC's `-depth` default for simulation. */
const DEFAULT_MAX_DEPTH = 100;

/** Random simulation; reproducible from `opts.seed` (reported in the result). */
export function simulate<S>(model: Model<S>, opts: SimulateOptions = {}): CheckResult<S> {
  return runSync(new SimulateSearch(model, opts));
}

/** `simulate` yielding to the event loop every `sliceMs`. */
export function simulateAsync<S>(model: Model<S>, opts: SimulateOptions = {}, sliceMs?: number): Promise<CheckResult<S>> {
  return runAsync(new SimulateSearch(model, opts), sliceMs);
}

/** The simulation loop, resumable between watchdog slices. */
export class SimulateSearch<S> implements Search<S> {
  readonly explorer: Explorer<S>;
  readonly seed: number;
  private readonly rng: Random;
  private readonly runs: number;
  private readonly maxDepth: number;
  private run = 0;
  private inits: readonly S[] = [];
  /** The current walk: its states and the transitions between them. */
  private walk: S[] = [];
  private via: Transition<S>[] = [];
  private started = false;
  private done = false;
  private failTrace: TraceStep<S>[] | undefined;
  private collecting: Transition<S>[] = [];
  private readonly onSuccessor = (t: Transition<S>): void => {
    this.collecting.push(t);
  };

  constructor(
    readonly model: Model<S>,
    opts: SimulateOptions,
  ) {
    this.explorer = new Explorer(model, "simulate", opts);
    this.seed = (opts.seed ?? randomSeed()) >>> 0;
    this.rng = new Random(this.seed);
    this.runs = Math.max(0, opts.runs ?? DEFAULT_RUNS);
    this.maxDepth = Math.max(1, opts.maxDepth ?? DEFAULT_MAX_DEPTH);
  }

  advance(): boolean {
    if (this.done) return true;
    const ex = this.explorer;
    if (!this.started) {
      this.started = true;
      const inits = ex.start();
      if (inits === undefined) {
        if (ex.violation !== undefined) this.failTrace = [];
        return this.finish();
      }
      this.inits = inits;
      ex.queue = 1;
    }
    for (;;) {
      if (this.walk.length === 0) {
        if (this.run === this.runs || this.inits.length === 0) return this.finish();
        this.run++;
        const s = this.inits[this.rng.int(this.inits.length)] as S;
        if (this.visit(s, undefined)) return this.finish();
        continue;
      }
      if (this.walk.length >= this.maxDepth) {
        this.endRun();
        continue;
      }
      const s = this.walk[this.walk.length - 1] as S;
      const list: Transition<S>[] = [];
      this.collecting = list;
      try {
        this.model.successors(s, this.onSuccessor);
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        ex.violation = ex.specError(e);
        this.failTrace = this.trace();
        return this.finish();
      }
      ex.generated += list.length;
      for (const t of list) ex.fired[t.step]++;
      if (list.length === 0) {
        if (ex.isDeadlock(s)) {
          ex.violation = ex.deadlock();
          this.failTrace = this.trace();
          return this.finish();
        }
        this.endRun();
        continue;
      }
      const t = list[this.rng.int(list.length)] as Transition<S>;
      if (this.visit(t.state, t)) return this.finish();
      if (ex.watchdog.tick()) {
        const r = ex.poll();
        if (r === "stop") return this.finish();
        if (r === "yield") return false;
      }
    }
  }

  result(): CheckResult<S> {
    return this.explorer.result(this.failTrace, false, { runs: this.run, seed: this.seed, maxDepth: this.maxDepth });
  }

  /** Appends a state to the walk, checking it if new; true when the search must stop. */
  private visit(s: S, t: Transition<S> | undefined): boolean {
    const ex = this.explorer;
    this.walk.push(s);
    if (t !== undefined) this.via.push(t);
    if (this.walk.length > ex.depth) ex.depth = this.walk.length;
    if (ex.constrained) {
      // TLC's CONSTRAINT: a state outside is checked and ends the run (TLC's simulator does the same).
      const v = ex.outsideViolation(s);
      if (v !== "inside") {
        if (v !== undefined) {
          ex.violation = v;
          this.failTrace = this.trace();
          return true;
        }
        this.endRun();
        return false;
      }
    }
    ex.fingerprint(s);
    // Parent links are not used by simulation (the trace is the walk).
    if (ex.store.insert(ex.fp, -1, t?.step ?? -1, t?.instance ?? -1) < 0) return false;
    const v = ex.checkState(s, t === undefined);
    if (v !== undefined) {
      ex.violation = v;
      this.failTrace = this.trace();
      return true;
    }
    return ex.overStates();
  }

  private endRun(): void {
    this.walk = [];
    this.via = [];
  }

  private trace(): TraceStep<S>[] {
    const steps = this.model.steps;
    return this.walk.map((state, i) => (i === 0 ? { index: 1, state } : toTraceStep(i + 1, this.via[i - 1] as Transition<S>, steps)));
  }

  private finish(): true {
    this.done = true;
    this.explorer.stop();
    return true;
  }
}
