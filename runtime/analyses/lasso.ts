/**
 * Liveness counterexamples: the lasso (a prefix, then a cycle back to its loop state), its independent
 * validation (`validateLasso` replays it on the model and re-checks fairness and the property without
 * the checker's graph), and its TLC-style text.
 */
import type { FairnessConstraint, LivenessInfo, Model, TemporalProperty, Transition, Value } from "../contract/model.js";
import { formatValue } from "../search/format.js";
import { fingerprintHex } from "../search/fingerprint.js";
import { replayPath, type StepPick } from "../search/replay.js";
import type { TraceStep } from "../search/result.js";
import { bindingText, classify, propertyInstances, sameBinding, type Pred } from "./temporal-forms.js";

/** A model with liveness information. */
export type LiveModel<S> = Model<S> & LivenessInfo<S>;

/** An infinite counterexample: `prefix` (initial state … loop state) then `cycle` back to the loop state. */
export interface Lasso<S> {
  /** From an initial state to the loop state (its last entry), as real transitions. */
  readonly prefix: readonly TraceStep<S>[];
  /** Transitions from the loop state back to it; empty when the behaviour stutters there forever. */
  readonly cycle: readonly TraceStep<S>[];
  /** The 1-based `index` of the loop state (= prefix.length): the cycle's last state equals it. */
  readonly loopIndex: number;
  /** True when the cycle is stuttering (no process or action can be made to move fairly). */
  readonly stutter: boolean;
}

/**
 * Re-checks a liveness counterexample against the model: every step is a real transition, the prefix
 * starts in an initial state, the cycle returns to the loop state, the cycle is fair (for every WF
 * constraint: taken in the cycle or disabled in one of its states; for every SF constraint: taken, or
 * disabled in all its states; stuttering: no constraint enabled in the loop state), and the property is
 * false along the lasso. Returns the problems (empty when it is a genuine fair counterexample).
 */
export function validateLasso<S>(model: LiveModel<S>, property: TemporalProperty<S>, lasso: Lasso<S>, binding?: { readonly [name: string]: Value }): string[] {
  if (property.formula.kind === "forall") {
    // The lasso must violate the instance for `binding` (by default: some instance).
    let first: string[] | undefined;
    for (const inst of propertyInstances(property)) {
      if (binding !== undefined && !sameBinding(inst.binding, binding)) continue;
      const p = validateLasso(model, { ...property, formula: inst.formula }, lasso);
      if (p.length === 0) return [];
      first ??= p.map((x) => `for ${bindingText(inst.binding)}: ${x}`);
    }
    return first ?? [`${property.name} has no instance for ${binding !== undefined ? bindingText(binding) : "any value"}`];
  }
  const problems: string[] = [];
  const fp = (s: S): string => fingerprintHex(model, s);
  const shape = classify(property.formula);
  if (typeof shape === "string") return [shape];
  const { prefix, cycle } = lasso;
  if (prefix.length === 0) return ["empty prefix"];
  const inits = new Set(model.init().map(fp));
  if (!inits.has(fp((prefix[0] as TraceStep<S>).state))) problems.push("the prefix does not start in an initial state");
  const all = [...prefix, ...cycle];
  for (let k = 1; k < all.length; k++) {
    const prev = (all[k - 1] as TraceStep<S>).state;
    const cur = all[k] as TraceStep<S>;
    // Pairwise (each step from the lasso's own state), so every broken step is reported, not only the first.
    const pick: StepPick<S> = { kind: "state", state: cur.state, step: cur.step?.id ?? -1, instance: cur.instance ?? -1 };
    const r = replayPath(model, { kind: "at", from: { index: k, state: prev } }, [pick], { strict: true });
    if (!r.ok && r.error.kind === "threw") throw r.error.error;
    if (!r.ok) problems.push(`step ${k + 1} of the lasso is not a transition of the model`);
    if (cur.index !== k + 1) problems.push(`step ${k + 1} has index ${cur.index}`);
  }
  if (lasso.loopIndex !== prefix.length) problems.push(`loopIndex ${lasso.loopIndex} is not the last prefix state ${prefix.length}`);
  const loop = (prefix[prefix.length - 1] as TraceStep<S>).state;
  if (cycle.length > 0 && fp((cycle[cycle.length - 1] as TraceStep<S>).state) !== fp(loop)) problems.push("the cycle does not return to the loop state");
  if (lasso.stutter !== (cycle.length === 0)) problems.push("stutter flag inconsistent with the cycle");
  // Fairness of the cycle.
  const cycStates = cycle.length === 0 ? [loop] : cycle.map((c) => c.state);
  // A per-binding constraint (`each`) is one constraint per binding of its parameters: the bindings
  // that matter are those enabled in some cycle state (one never enabled there is met trivially).
  const bindingOf = (c: FairnessConstraint, picks: { readonly [name: string]: Value } | undefined): string =>
    c.each === undefined ? "" : c.each.map((n) => `${n} = ${picks !== undefined && n in picks ? formatValue(picks[n] as Value) : "?"}`).join(", ");
  // Steps that change nothing (self-loops) are stuttering: they neither enable nor take (`<<A>>_vars`).
  const succs = cycStates.map((s) => {
    const ts: Transition<S>[] = [];
    const from = fp(s);
    model.successors(s, (t) => {
      if (fp(t.state) !== from) ts.push(t);
    });
    return ts;
  });
  const moves = cycle.filter((t, i) => fp(t.state) !== fp(i === 0 ? loop : (cycle[i - 1] as TraceStep<S>).state));
  model.fairness.forEach((c) => {
    const steps = new Set(c.steps);
    const matches = (step: number, inst: number): boolean => steps.has(step) && (c.instance < 0 || c.instance === inst);
    const keys = new Set<string>();
    for (const ts of succs) for (const t of ts) if (matches(t.step, t.instance)) keys.add(bindingOf(c, t.picks));
    if (keys.size === 0) keys.add(bindingOf(c, undefined));
    for (const key of keys) {
      const enabled = succs.map((ts) => ts.some((t) => matches(t.step, t.instance) && bindingOf(c, t.picks) === key));
      const taken = moves.some((t) => t.step !== undefined && matches(t.step.id, t.instance ?? -1) && bindingOf(c, t.picks) === key);
      if (taken) continue;
      const name = c.each === undefined ? c.name : `${c.name}(${key})`;
      if (c.kind === "weak" && enabled.every((x) => x)) problems.push(`the cycle is unfair: WF ${name} is always enabled and never taken`);
      if (c.kind === "strong" && enabled.some((x) => x)) problems.push(`the cycle is unfair: SF ${name} is enabled and never taken`);
    }
  });
  // The property is false along the lasso.
  const P = shape.p;
  switch (shape.form) {
    case "eventually":
      if (all.some((t) => P(t.state))) problems.push(`a state of the lasso satisfies ${shape.pText}`);
      break;
    case "leadsto": {
      const Q = shape.q as Pred<S>;
      // Some state satisfies P and no later state (cycle included) satisfies Q.
      let lastQ = -1;
      all.forEach((t, i) => {
        if (Q(t.state)) lastQ = i;
      });
      if (cycle.some((t) => Q(t.state)) || (cycle.length === 0 && Q(loop))) problems.push(`the cycle satisfies ${shape.qText ?? "Q"}`);
      else if (!all.some((t, i) => i > lastQ && P(t.state))) problems.push(`no ${shape.pText} state is followed by ¬(${shape.qText ?? "Q"}) forever`);
      break;
    }
    case "always-eventually":
      if (cycStates.some((s) => P(s))) problems.push(`the cycle visits ${shape.pText}`);
      break;
    case "eventually-always":
      if (cycStates.every((s) => P(s))) problems.push(`the cycle never falsifies ${shape.pText}`);
      break;
    default:
      problems.push(`${shape.form} is not a liveness form`);
  }
  return problems;
}

/** A lasso as text, TLC style: states numbered, "Back to state N" (or stuttering) at the end. */
export function formatLasso<S>(model: Model<S>, lasso: Lasso<S>): string {
  const lines: string[] = [];
  const show = (t: TraceStep<S>): void => {
    const who = t.instance !== undefined ? `${model.instances[t.instance]?.name ?? t.instance} ` : "";
    const head = t.step ? `${who}${t.step.name} (${t.step.loc})` : "initial state";
    lines.push(`State ${t.index}: ${head}`);
    const v = model.view(t.state);
    for (const [k, x] of Object.entries(v)) lines.push(`  ${k} = ${JSON.stringify(x)}`);
  };
  for (const t of lasso.prefix) show(t);
  for (const t of lasso.cycle) show(t);
  lines.push(lasso.stutter ? `Stuttering forever in state ${lasso.loopIndex}` : `Back to state ${lasso.loopIndex}`);
  return lines.join("\n");
}
