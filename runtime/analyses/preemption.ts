/**
 * Counterexamples with the fewest preemptions.
 *
 * Breadth-first search reports *a* shortest counterexample, the first one its queue order happens to
 * reach; it often hops between processes more than needed, which makes a race hard to read. This
 * post-pass keeps the length and minimises the number of context switches, as CHESS-style tools do:
 * a step counts as a preemption when the instance that moves differs from the previous mover and the
 * previous mover could still have moved (it had an enabled step in the state where the other one moved).
 * Switching away from a blocked or finished process is free.
 *
 * Every state on a shortest path to a state at BFS depth L-1 lies at its own BFS depth, so the search
 * runs layer by layer over the BFS layers 0..L-1, keeping for each (state, last mover) the least number
 * of preemptions to reach it and a parent pointer. Among the states in the last layer that show the same
 * violation (same kind, and same invariant for an invariant violation) the cheapest is picked. Ties are
 * broken deterministically: states in discovery order, transitions in `successors` order, the first
 * strictly better candidate wins.
 */
import { SpecError, type Model, type Transition } from "../contract/model.js";
import { Fingerprinter, fingerprintInto } from "../search/fingerprint.js";
import type { CheckResult, TraceStep, Violation } from "../search/result.js";
import { toTraceStep } from "../search/trace.js";
import { VisitedTable } from "../search/visited-table.js";

/** Context switches of a trace: see the module comment. Actions count as one mover (pid -1). */
export function countPreemptions<S>(model: Model<S>, trace: readonly TraceStep<S>[]): number {
  let n = 0;
  for (let k = 2; k < trace.length; k++) {
    const prevMover = moverOf(trace[k - 1] as TraceStep<S>);
    const mover = moverOf(trace[k] as TraceStep<S>);
    if (mover === prevMover) continue;
    if (enabledMovers(model, (trace[k - 1] as TraceStep<S>).state).has(prevMover)) n++;
  }
  return n;
}

/** Options for `minimizePreemptions`. */
export interface PreemptionOptions {
  /** Give up (return the input unchanged) once this many states have been stored; default 2,000,000. */
  readonly maxStates?: number;
  /** Give up after this many seconds; default 30. */
  readonly maxSeconds?: number;
}

/** What `minimizePreemptions` did. */
export interface PreemptionResult<S> {
  /** The result with the new trace (and, for step errors, the violation of the new last state). */
  readonly result: CheckResult<S>;
  /** Preemptions of the input trace and of the returned one. */
  readonly before: number;
  readonly after: number;
  /** False when the pass gave up (limits, or no violating state found) and returned the input. */
  readonly applied: boolean;
}

/** A state of the layered search. */
interface Node<S> {
  readonly state: S;
  /** Instances (pid, -1 for actions) with an enabled step; filled when the state is expanded. */
  enabled?: number[];
  /**
   * Best cost per last mover, as parallel columns in first-reached order (`NONE` = initial state).
   * A better cost for a mover already present overwrites its entry in place, so the order is the
   * insertion order a `Map` would keep: the tie-breaking of the module comment depends on it.
   */
  readonly movers: number[];
  readonly best: Entry<S>[];
}

interface Entry<S> {
  readonly cost: number;
  readonly parent?: { readonly node: Node<S>; readonly mover: number };
  readonly via?: Transition<S>;
}

/** "No previous mover" (the initial state). */
const NONE = -2;

/**
 * Among the shortest counterexamples of a BFS result, one with the fewest preemptions (same length,
 * same kind of violation). Returns the input when there is nothing to improve or a limit is hit.
 */
export function minimizePreemptions<S>(model: Model<S>, result: CheckResult<S>, opts: PreemptionOptions = {}): PreemptionResult<S> {
  return minimizePreemptionsEach(model, [result], opts)[0] as PreemptionResult<S>;
}

/**
 * `minimizePreemptions` of each result (the violations of one `--continue` search), from one layered
 * pass: the layers and each state's best costs depend only on the model, not on the violation, so a
 * violation whose trace has L states is answered as soon as layer L-1 is complete, and the pass goes
 * on to the deepest one. Each answer, and each limit, is the one its own pass would give: the pass
 * reaches the same layers in the same order with the same `seen` set, and the limits are checked
 * only while some unanswered violation still needs the layer being expanded (the time limit runs from
 * the start of the shared pass, which is where a lone pass for the deepest violation would start).
 */
export function minimizePreemptionsEach<S>(model: Model<S>, results: readonly CheckResult<S>[], opts: PreemptionOptions = {}): PreemptionResult<S>[] {
  const out: (PreemptionResult<S> | undefined)[] = results.map(() => undefined);
  /** Results that need the search, with their trace length and preemptions, shallowest first. */
  const pending: { readonly at: number; readonly L: number; readonly before: number }[] = [];
  results.forEach((result, at) => {
    const trace = result.trace;
    const v = result.violation;
    if (trace === undefined || v === undefined || trace.length < 3) {
      out[at] = unchanged(model, result, trace !== undefined && v !== undefined);
      return;
    }
    const before = countPreemptions(model, trace);
    if (before === 0) out[at] = { result, before, after: 0, applied: true };
    else pending.push({ at, L: trace.length, before });
  });
  if (pending.length > 0) {
    pending.sort((a, b) => a.L - b.L || a.at - b.at);
    layeredSearch(model, results, pending, opts, out);
  }
  return out as PreemptionResult<S>[];
}

function unchanged<S>(model: Model<S>, result: CheckResult<S>, applied: boolean): PreemptionResult<S> {
  const n = result.trace !== undefined ? countPreemptions(model, result.trace) : 0;
  return { result, before: n, after: n, applied };
}

/** The one layered pass of `minimizePreemptionsEach`; fills `out` for every pending result. */
function layeredSearch<S>(
  model: Model<S>,
  results: readonly CheckResult<S>[],
  pending: readonly { readonly at: number; readonly L: number; readonly before: number }[],
  opts: PreemptionOptions,
  out: (PreemptionResult<S> | undefined)[],
): void {
  const maxStates = opts.maxStates ?? 2_000_000;
  const deadline = Date.now() + (opts.maxSeconds ?? 30) * 1000;
  const fp = new Fingerprinter();
  // Every state ever reached, by its 64-bit fingerprint (the entry number indexes `depthOf`): a
  // numeric table instead of `${h1}:${h2}` strings, with the same identity.
  const seen = new VisitedTable({ what: "fewest-preemptions search", initialSlots: 1024, maxLoad: 0.75, growth: 2 });
  const depthOf: number[] = [];
  const nodeOf: Node<S>[] = [];
  /** Entry number of `s`: >= 0 when new (then added at `depth`), else -1 - its entry number. */
  const visit = (s: S, depth: number): number => {
    fingerprintInto(model, s, fp);
    const i = seen.insertOrFind(fp.h1 | 0, fp.h2 | 0, 0);
    if (i >= 0) depthOf.push(depth);
    return i;
  };
  let layer: Node<S>[] = [];
  for (const s of model.init()) {
    if (visit(s, 0) < 0) continue;
    const node: Node<S> = { state: s, movers: [NONE], best: [{ cost: 0 }] };
    nodeOf.push(node);
    layer.push(node);
  }
  let next = 0; // first pending result not answered yet
  for (let d = 0; next < pending.length; d++) {
    // Layer d is complete: answer every violation whose last state lies in it.
    while (next < pending.length && (pending[next] as (typeof pending)[number]).L - 1 === d) {
      const p = pending[next++] as (typeof pending)[number];
      out[p.at] = answer(model, results[p.at] as CheckResult<S>, layer, p.before);
    }
    if (next === pending.length) break;
    const nextLayer: Node<S>[] = [];
    for (const node of layer) {
      const succ: Transition<S>[] = [];
      try {
        model.successors(node.state, (t) => succ.push(t));
      } catch {
        continue; // a failing state before the last layer is not on a shortest path to this violation
      }
      const enabled = succ.map((t) => t.instance);
      node.enabled = enabled;
      for (const t of succ) {
        const i = visit(t.state, d + 1);
        let target: Node<S>;
        if (i >= 0) {
          target = { state: t.state, movers: [], best: [] };
          nodeOf.push(target);
          nextLayer.push(target);
        } else if (depthOf[-1 - i] === d + 1) target = nodeOf[-1 - i] as Node<S>;
        else continue; // reached earlier: not on a shortest path
        const movers = node.movers;
        for (let j = 0; j < movers.length; j++) {
          const mover = movers[j] as number;
          const e = node.best[j] as Entry<S>;
          const switched = mover !== NONE && mover !== t.instance && enabled.includes(mover);
          const cost = e.cost + (switched ? 1 : 0);
          const at = target.movers.indexOf(t.instance);
          if (at < 0) {
            target.movers.push(t.instance);
            target.best.push({ cost, parent: { node, mover }, via: t });
          } else if (cost < (target.best[at] as Entry<S>).cost) target.best[at] = { cost, parent: { node, mover }, via: t };
        }
      }
      if (seen.size > maxStates || Date.now() > deadline) {
        // Every violation still pending needed this layer expanded: each gives up, as its own pass would.
        for (; next < pending.length; next++) {
          const p = pending[next] as (typeof pending)[number];
          out[p.at] = unchanged(model, results[p.at] as CheckResult<S>, false);
        }
        return;
      }
    }
    layer = nextLayer;
  }
}

/** The answer for `result` (trace of L states, `before` preemptions) from the complete layer L-1. */
function answer<S>(model: Model<S>, result: CheckResult<S>, layer: readonly Node<S>[], before: number): PreemptionResult<S> {
  const v = result.violation as Violation;
  // The last layer: the cheapest state showing the same violation.
  let bestNode: Node<S> | undefined;
  let bestMover = NONE;
  let bestCost = Infinity;
  let bestViolation: Violation | undefined;
  for (const node of layer) {
    let cheapest = -1;
    for (let j = 0; j < node.best.length; j++) if (cheapest < 0 || (node.best[j] as Entry<S>).cost < (node.best[cheapest] as Entry<S>).cost) cheapest = j;
    if (cheapest < 0 || (node.best[cheapest] as Entry<S>).cost >= bestCost) continue;
    const shown = violationIn(model, node.state, v);
    if (shown === undefined) continue;
    bestNode = node;
    bestMover = node.movers[cheapest] as number;
    bestCost = (node.best[cheapest] as Entry<S>).cost;
    bestViolation = shown;
  }
  if (bestNode === undefined || bestViolation === undefined || bestCost >= before) return unchanged(model, result, bestNode !== undefined);
  // Walk the parent pointers back.
  const transitions: Transition<S>[] = [];
  let node: Node<S> = bestNode;
  let mover = bestMover;
  let initial: S = bestNode.state;
  for (;;) {
    const e = node.best[node.movers.indexOf(mover)] as Entry<S>;
    if (e.parent === undefined || e.via === undefined) {
      initial = node.state;
      break;
    }
    transitions.push(e.via);
    node = e.parent.node;
    mover = e.parent.mover;
  }
  transitions.reverse();
  const newTrace: TraceStep<S>[] = [{ index: 1, state: initial }];
  transitions.forEach((t, i) => newTrace.push(toTraceStep(i + 2, t, model.steps)));
  const after = countPreemptions(model, newTrace);
  return { result: { ...result, trace: newTrace, violation: bestViolation }, before, after, applied: true };
}

/** The violation `s` shows if it is of the same kind (and invariant) as `v`, else undefined. */
function violationIn<S>(model: Model<S>, s: S, v: Violation): Violation | undefined {
  switch (v.kind) {
    case "invariant": {
      const inv = model.invariants.find((i) => i.name === v.property);
      try {
        return inv !== undefined && !inv.holds(s) ? v : undefined;
      } catch {
        return undefined;
      }
    }
    case "property":
      // Reported by the property check, never by the search this pass reorders.
      return undefined;
    case "deadlock": {
      if (model.done(s)) return undefined;
      let any = false;
      try {
        model.successors(s, () => (any = true));
      } catch {
        return undefined;
      }
      return any ? undefined : v;
    }
    default: {
      try {
        model.successors(s, () => undefined);
        return undefined;
      } catch (e) {
        if (!(e instanceof SpecError) || e.errorKind !== v.kind) return undefined;
        if (v.property !== undefined) return undefined; // raised by an invariant, not a step
        const step = e.step >= 0 ? model.steps[e.step] : undefined;
        return {
          kind: v.kind,
          message: e.message,
          ...(e.loc !== "" ? { loc: e.loc } : {}),
          ...(step !== undefined ? { step } : {}),
          ...(e.instance >= 0 ? { instance: e.instance } : {}),
        };
      }
    }
  }
}

function moverOf<S>(t: TraceStep<S>): number {
  return t.instance ?? -1;
}

function enabledMovers<S>(model: Model<S>, s: S): Set<number> {
  const out = new Set<number>();
  try {
    model.successors(s, (t) => out.add(t.instance));
  } catch {
    // a state whose expansion fails: the movers found before the failure
  }
  return out;
}
