/**
 * The fewest-preemptions pass as it was before `minimizePreemptionsEach` (one pass per violation,
 * string keys, `Map`/`Set` per node), kept verbatim as the reference of the differential test in
 * preemption-each.test.ts: the shared pass must choose exactly the traces this one chooses.
 */
import { SpecError, type Model, type Transition } from "../../runtime/contract/model.js";
import { Fingerprinter, fingerprintInto } from "../../runtime/search/fingerprint.js";
import type { CheckResult, TraceStep, Violation } from "../../runtime/search/result.js";
import { toTraceStep } from "../../runtime/search/trace.js";
import { countPreemptions, type PreemptionOptions, type PreemptionResult } from "../../runtime/analyses/preemption.js";

interface Node<S> {
  readonly state: S;
  /** Instances (pid, -1 for actions) with an enabled step; filled when the state is expanded. */
  enabled?: Set<number>;
  /** Best cost per last mover (undefined mover key = initial state: `NONE`). */
  readonly best: Map<number, Entry<S>>;
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
export function legacyMinimizePreemptions<S>(model: Model<S>, result: CheckResult<S>, opts: PreemptionOptions = {}): PreemptionResult<S> {
  const trace = result.trace;
  const v = result.violation;
  const unchanged = (applied: boolean): PreemptionResult<S> => {
    const n = trace !== undefined ? countPreemptions(model, trace) : 0;
    return { result, before: n, after: n, applied };
  };
  if (trace === undefined || v === undefined || trace.length < 3) return unchanged(trace !== undefined && v !== undefined);
  const before = countPreemptions(model, trace);
  if (before === 0) return { result, before, after: 0, applied: true };
  const L = trace.length;
  const maxStates = opts.maxStates ?? 2_000_000;
  const deadline = Date.now() + (opts.maxSeconds ?? 30) * 1000;
  const fp = new Fingerprinter();
  const key = (s: S): string => {
    fingerprintInto(model, s, fp);
    return `${fp.h1}:${fp.h2}`;
  };
  const seen = new Set<string>();
  let layer: Node<S>[] = [];
  for (const s of model.init()) {
    const k = key(s);
    if (seen.has(k)) continue;
    seen.add(k);
    layer.push({ state: s, best: new Map([[NONE, { cost: 0 }]]) });
  }
  for (let d = 0; d < L - 1; d++) {
    const next = new Map<string, Node<S>>();
    for (const node of layer) {
      const succ: Transition<S>[] = [];
      try {
        model.successors(node.state, (t) => succ.push(t));
      } catch {
        continue; // a failing state before the last layer is not on a shortest path to this violation
      }
      node.enabled = new Set(succ.map((t) => t.instance));
      for (const t of succ) {
        const k = key(t.state);
        let target = next.get(k);
        if (target === undefined) {
          if (seen.has(k)) continue; // reached earlier: not on a shortest path
          seen.add(k);
          target = { state: t.state, best: new Map() };
          next.set(k, target);
        }
        for (const [mover, e] of node.best) {
          const switched = mover !== NONE && mover !== t.instance && node.enabled.has(mover);
          const cost = e.cost + (switched ? 1 : 0);
          const cur = target.best.get(t.instance);
          if (cur === undefined || cost < cur.cost) target.best.set(t.instance, { cost, parent: { node, mover }, via: t });
        }
      }
      if (seen.size > maxStates || Date.now() > deadline) return unchanged(false);
    }
    layer = [...next.values()];
    // Drop the per-layer enabled sets we no longer need? They are needed for costs only while expanding.
  }
  // The last layer: the cheapest state showing the same violation.
  let bestNode: Node<S> | undefined;
  let bestMover = NONE;
  let bestCost = Infinity;
  let bestViolation: Violation | undefined;
  for (const node of layer) {
    let cheapest: [number, Entry<S>] | undefined;
    for (const [m, e] of node.best) if (cheapest === undefined || e.cost < cheapest[1].cost) cheapest = [m, e];
    if (cheapest === undefined || cheapest[1].cost >= bestCost) continue;
    const shown = violationIn(model, node.state, v);
    if (shown === undefined) continue;
    bestNode = node;
    bestMover = cheapest[0];
    bestCost = cheapest[1].cost;
    bestViolation = shown;
  }
  if (bestNode === undefined || bestViolation === undefined || bestCost >= before) return unchanged(bestNode !== undefined);
  // Walk the parent pointers back.
  const transitions: Transition<S>[] = [];
  let node: Node<S> = bestNode;
  let mover = bestMover;
  let initial: S = bestNode.state;
  for (;;) {
    const e = node.best.get(mover) as Entry<S>;
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
