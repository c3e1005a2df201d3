/**
 * The capabilities a model may have beyond its core (`ModelCore` in model.ts), and their guards, in
 * one place. An explorer that needs one asks its guard; a model without it is still a model. The
 * interfaces live in model.ts next to `Model` (which carries each as optional members, so that code
 * written against the whole contract keeps compiling); this file is where code asks for them.
 */
import type { Display, LockInfo, Model, ModelCore, Packable, PorInfo, StepAccess, StepDef, StepDefWithAccess, Symmetric, Symmetry } from "./model.js";
import type { FairnessConstraint, LivenessInfo } from "./model.js";
import type { HasPackedSteps, PackedSteps } from "./packed-steps.js";

export type { Display, LockInfo, Packable, PorInfo, StepAccess, Symmetric } from "./model.js";

/** The packed form, when the model has one and this workload's states fit (`packedBits >= 0`). */
export function packingOf<S>(m: ModelCore<S> & Partial<Packable<S>>): Packable<S> | undefined {
  return typeof m.pack === "function" && typeof m.unpack === "function" && (m.packedBits ?? -1) >= 0 ? (m as Packable<S>) : undefined;
}

/**
 * The step code on packed words (packed-steps.ts), a fresh instance, when the model has it and this
 * workload's states pack; undefined otherwise (the explorer then steps state objects).
 */
export function packedStepsOf<S>(m: ModelCore<S> & Partial<Packable<S>> & Partial<HasPackedSteps>): PackedSteps | undefined {
  if (typeof m.packedSteps !== "function" || packingOf(m) === undefined) return undefined;
  return m.packedSteps();
}

/** The symmetry group, when the spec declares something symmetric. */
export function symmetryOf<S>(m: ModelCore<S> & Partial<Symmetric<S>>): Symmetry<S> | undefined {
  return m.symmetry;
}

/** True when the model declares how its variables display (spec types, ghosts, notes). */
export function hasDisplay<S>(m: ModelCore<S> & Partial<Display>): m is ModelCore<S> & Display {
  return m.viewTypes !== undefined;
}

/**
 * False when the model declares the type of every variable (`viewTypes`) and none holds a lock (a mutex
 * or rwlock shows as an `owner`): no instance ever holds a lock, so the lock-order analysis has nothing
 * to record (and not recording leaves the search free to step packed words).
 */
export function mayHoldLocks<S>(m: ModelCore<S> & Partial<Display>): boolean {
  return m.viewTypes === undefined || JSON.stringify(m.viewTypes).includes('"owner"');
}

/** True when the model can say why each instance of a deadlocked state cannot move. */
export function hasLockInfo<S>(m: ModelCore<S> & Partial<LockInfo<S>>): m is ModelCore<S> & LockInfo<S> {
  return typeof m.blocked === "function";
}

/** True when the model declares temporal properties, fairness and the locks each instance holds. */
export function isLivenessInfo<S>(m: object): m is LivenessInfo<S> {
  const l = m as Partial<LivenessInfo<S>>;
  return Array.isArray(l.properties) && Array.isArray(l.fairness) && typeof l.locksHeld === "function";
}

/** The fairness constraints of a model that has them (none otherwise). */
export function fairnessOf(m: object): readonly FairnessConstraint[] {
  return isLivenessInfo(m) ? m.fairness : [];
}

/**
 * What partial-order reduction reads about the model, or undefined when it cannot run on it at all (no
 * `stepAt`). The step table comes from `stepAccess`; a model written before it existed (its steps carry
 * the access fields themselves, `StepDefWithAccess`) is read the old way, so both kinds reduce alike.
 */
export function porInfoOf<S>(m: Model<S>): (PorInfo<S> & { readonly steps: readonly StepDefWithAccess[] }) | undefined {
  if (typeof m.stepAt !== "function") return undefined;
  const access: readonly StepAccess[] = m.stepAccess ?? (m.steps as readonly StepDefWithAccess[]);
  const steps: readonly StepDefWithAccess[] = m.stepAccess
    ? m.steps.map((s: StepDef, i) => ({ ...s, ...access[i] }))
    : (m.steps as readonly StepDefWithAccess[]);
  const stepAt = m.stepAt;
  const lockValue = m.lockValue;
  return {
    stepAccess: access,
    steps,
    observed: m.observed ?? [],
    stepAt: (s, pid) => stepAt.call(m, s, pid),
    lockValue: (s, lock) => (lockValue ? lockValue.call(m, s, lock) : undefined),
  };
}
