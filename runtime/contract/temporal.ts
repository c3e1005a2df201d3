/** The temporal-formula constructors generated models call (split from analyses/liveness.ts, which checks them). */
import type { TemporalFormula, Value } from "./model.js";

/**
 * `forall name in domain: body` as a formula (what generated models call): `values` is the constant
 * set, `body` the formula for one of its values, typed as the set's elements.
 */
export function temporalForall<S, T extends Value>(
  name: string,
  domain: string,
  values: () => readonly T[],
  body: (v: T) => TemporalFormula<S>,
): TemporalFormula<S> {
  return { kind: "forall", name, domain, values, body: (v) => body(v as T) };
}
