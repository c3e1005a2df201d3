/**
 * The temporal properties the liveness checker supports, as forms: a formula normalised to one of
 * them (`classify`), the safety forms whose violations are finite traces, the instances of a
 * quantified property, and their text. Shared by the checker (liveness.ts) and the lasso validator
 * (lasso.ts).
 */
import type { TemporalFormula, TemporalProperty, Value } from "../contract/model.js";
import { formatValue } from "../search/format.js";
import type { TraceStep } from "../search/result.js";

/** The normalised shape of a property. */
export type PropertyForm =
  "initial" | "always" | "implies-always" | "always-implies-always" | "eventually" | "leadsto" | "always-eventually" | "eventually-always";

/** A state predicate. */
export type Pred<S> = (s: S) => boolean;

/** A property normalised to one of the supported forms: its predicates and their text. */
export interface Shape<S> {
  readonly form: PropertyForm;
  readonly p: Pred<S>;
  readonly pText: string;
  readonly q?: Pred<S>;
  readonly qText?: string;
}

/** Normalises a formula to one of the supported forms, or returns an error message. */
export function classify<S>(f: TemporalFormula<S>): Shape<S> | string {
  const strip = (x: TemporalFormula<S>): TemporalFormula<S> => {
    // always always X = always X; eventually eventually X = eventually X;
    // always eventually always X = eventually always X; eventually always eventually X = always eventually X.
    for (;;) {
      if ((x.kind === "always" || x.kind === "eventually") && x.arg.kind === x.kind) x = x.arg;
      else if (x.kind === "always" && x.arg.kind === "eventually" && x.arg.arg.kind === "always") x = x.arg;
      else if (x.kind === "eventually" && x.arg.kind === "always" && x.arg.arg.kind === "eventually") x = x.arg;
      else if (x.kind === "always" && x.arg.kind === "leadsto") x = x.arg;
      else return x;
    }
  };
  const g = strip(f);
  const st = (x: TemporalFormula<S>): x is Extract<TemporalFormula<S>, { kind: "state" }> => x.kind === "state";
  if (st(g)) return { form: "initial", p: g.holds, pText: g.text };
  // P => always Q (initially), always (P => always Q) (from every P state on).
  const impliesAlways = (x: TemporalFormula<S>): Shape<S> | undefined => {
    if (x.kind !== "implies" || !st(x.left)) return undefined;
    const r = strip(x.right);
    if (r.kind === "always" && st(r.arg)) return { form: "implies-always", p: x.left.holds, pText: x.left.text, q: r.arg.holds, qText: r.arg.text };
    return undefined;
  };
  const ia = impliesAlways(g);
  if (ia !== undefined) return ia;
  if (g.kind === "always") {
    const inner = impliesAlways(g.arg);
    if (inner !== undefined) return { ...inner, form: "always-implies-always" };
  }
  if (g.kind === "always" && st(g.arg)) return { form: "always", p: g.arg.holds, pText: g.arg.text };
  if (g.kind === "eventually" && st(g.arg)) return { form: "eventually", p: g.arg.holds, pText: g.arg.text };
  if (g.kind === "always" && g.arg.kind === "eventually" && st(g.arg.arg)) {
    return { form: "always-eventually", p: g.arg.arg.holds, pText: g.arg.arg.text };
  }
  if (g.kind === "eventually" && g.arg.kind === "always" && st(g.arg.arg)) {
    return { form: "eventually-always", p: g.arg.arg.holds, pText: g.arg.arg.text };
  }
  if (g.kind === "leadsto") {
    // P leadsto eventually Q = P leadsto Q.
    let r = g.right;
    while (r.kind === "eventually") r = r.arg;
    if (st(g.left) && st(r)) return { form: "leadsto", p: g.left.holds, pText: g.left.text, q: r.holds, qText: r.text };
  }
  if (g.kind === "forall") return `a quantified formula is supported only as the whole property: ${formulaText(f)}`;
  return `unsupported temporal formula ${formulaText(f)} (supported: P, always P, always (P => always Q), eventually P, P leadsto Q, always eventually P, eventually always P, and forall x in S: any of them)`;
}

/** A property of a safety form: its violations are finite traces. */
export interface SafetyForm<S> {
  readonly form: "initial" | "always" | "implies-always" | "always-implies-always";
  /** The predicate the trace's last state falsifies. */
  readonly holds: Pred<S>;
  readonly text: string;
  /** For `(always) (P => always Q)`: P, which some state of the trace (the first, for `implies-always`) satisfies. */
  readonly from?: Pred<S>;
  readonly fromText?: string;
}

/**
 * The safety form of a property (`P`: every initial state; `always P`: every reachable state;
 * `always (P => always Q)`: every state reachable from a P state), whose violations are finite traces;
 * undefined for the liveness forms. For a quantified property, that of the instance for `binding`
 * (by default the first instance).
 */
export function safetyForm<S>(prop: TemporalProperty<S>, binding?: { readonly [name: string]: Value }): SafetyForm<S> | undefined {
  const insts = propertyInstances(prop);
  const inst = binding === undefined ? insts[0] : insts.find((i) => sameBinding(i.binding, binding));
  if (inst === undefined) return undefined;
  const shape = classify(inst.formula);
  if (typeof shape === "string") return undefined;
  if (shape.form === "initial" || shape.form === "always") return { form: shape.form, holds: shape.p, text: shape.pText };
  if (shape.form === "implies-always" || shape.form === "always-implies-always") {
    return { form: shape.form, holds: shape.q as Pred<S>, text: shape.qText ?? "", from: shape.p, fromText: shape.pText };
  }
  return undefined;
}

/**
 * What is wrong with `trace` as a counterexample to a safety-form property (empty: it is one). For a
 * quantified property it must violate some instance.
 */
export function safetyTraceProblems<S>(prop: TemporalProperty<S>, trace: readonly TraceStep<S>[]): string[] {
  let first: string[] | undefined;
  for (const inst of propertyInstances(prop)) {
    const form = safetyForm(prop, inst.binding);
    const problems: string[] = [];
    const last = (trace[trace.length - 1] as TraceStep<S>).state;
    if (form === undefined) problems.push(`${prop.name} is not of a safety form (P, always P, always (P => always Q))`);
    else if ((form.form === "initial" || form.form === "implies-always") && form.from === undefined && trace.length !== 1)
      problems.push(`${prop.name} is about initial states, but the trace has ${trace.length} states`);
    else if (form.holds(last)) problems.push(`the last state of the trace satisfies ${form.text}`);
    else if (form.from !== undefined) {
      const from = form.from;
      const ok = form.form === "implies-always" ? from((trace[0] as TraceStep<S>).state) : trace.some((t) => from(t.state));
      if (!ok) problems.push(`no state of the trace satisfies ${form.fromText ?? "P"}${form.form === "implies-always" ? " initially" : ""}`);
    }
    if (problems.length === 0) return [];
    first ??= problems;
  }
  return first ?? [`${prop.name} has no instance (its domain is empty)`];
}

/** One instance of a property: the formula for one value of each `forall` binder (none: the property). */
export interface PropertyInstance<S> {
  readonly binding: { readonly [name: string]: Value };
  readonly formula: TemporalFormula<S>;
}

const instanceCache = new WeakMap<object, readonly unknown[]>();

/**
 * The instances of a property: `forall x in D: F` is one instance per value of D (nested `forall`s
 * multiply), anything else is itself. Computed once per property object, so the predicates of an
 * instance are the same functions each time (the graph labels are keyed by them).
 */
export function propertyInstances<S>(prop: TemporalProperty<S>): readonly PropertyInstance<S>[] {
  const hit = instanceCache.get(prop);
  if (hit !== undefined) return hit as readonly PropertyInstance<S>[];
  const out: PropertyInstance<S>[] = [];
  const walk = (f: TemporalFormula<S>, binding: { readonly [name: string]: Value }): void => {
    if (f.kind !== "forall") {
      out.push({ binding, formula: f });
      return;
    }
    for (const v of f.values()) walk(f.body(v), { ...binding, [f.name]: v });
  };
  walk(prop.formula, {});
  instanceCache.set(prop, out);
  return out;
}

/** `c = 2, r = 1` */
export function bindingText(b: { readonly [name: string]: Value }): string {
  return Object.entries(b)
    .map(([k, v]) => `${k} = ${formatValue(v)}`)
    .join(", ");
}

/** True when two bindings give the same values to the same names. */
export function sameBinding(a: { readonly [name: string]: Value }, b: { readonly [name: string]: Value }): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => k in b && formatValue(a[k] as Value) === formatValue(b[k] as Value));
}

/** The formula as written (approximately). */
export function formulaText<S>(f: TemporalFormula<S>): string {
  switch (f.kind) {
    case "state":
      return f.text;
    case "always":
      return `always ${formulaText(f.arg)}`;
    case "eventually":
      return `eventually ${formulaText(f.arg)}`;
    case "leadsto":
      return `${formulaText(f.left)} leadsto ${formulaText(f.right)}`;
    case "implies":
      return `(${formulaText(f.left)} => ${formulaText(f.right)})`;
    case "forall":
      return `forall ${f.name} in ${f.domain}: …`;
  }
}
