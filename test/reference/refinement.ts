/**
 * The reference semantics of `refines` (a test oracle): both specs interpreted by the reference
 * interpreter (interp.ts), the mapping evaluated on the implementation's states, and the refinement
 * conditions checked over the whole reachable graph — sharing no code with runtime/contract/refinement.ts or
 * the generated abstract model.
 */
import type { CheckedSpec, CheckedWorkload } from "../../generator/check/checked.js";
import { Reference, type RefState } from "./interp.js";
import { canonical } from "./graph.js";

export interface RefRefinement {
  readonly states: number;
  /** The initial states whose image is not an abstract initial state (their abstract keys). */
  readonly badInits: readonly string[];
  /** Violating steps: step name, abstract key before, abstract key after, and the BFS depth of the source (1 = initial). */
  readonly badSteps: readonly { readonly step: string; readonly before: string; readonly after: string; readonly depth: number }[];
}

/** Explores `spec` (which `refines`) under `workload` and checks every initial state and step against the abstract spec. */
export function referenceRefinement(spec: CheckedSpec, workload: CheckedWorkload, cap = 20_000): RefRefinement {
  const r = spec.refines;
  if (!r) throw new Error("the spec does not refine another");
  const impl = new Reference(spec, workload);
  const abs = new Reference(r.abstract, {
    decl: undefined as never,
    name: "refinement",
    constants: new Map(),
    run: new Map(),
    expect: { kind: "holds", span: r.decl.span },
    checkDeadlock: false,
    constraints: [],
    span: r.decl.span,
  });
  // Abstract constants: the mapping's (evaluated over this spec's constants), the others their defaults, in order.
  for (const c of r.abstract.consts) {
    const given = r.consts.get(c.name.name);
    abs.consts.set(c.name.name, given !== undefined ? impl.ev(given, { pid: -1, env: new Map() }) : abs.ev(c.value, { pid: -1, env: new Map() }));
  }
  const image = (st: RefState): RefState => {
    const g: Record<string, unknown> = {};
    for (const v of r.vars) g[v.name] = impl.ev(v.value, { st, pid: -1, env: new Map() });
    return { g: g as RefState["g"], pc: [], loc: [], fr: {} };
  };
  const key = (a: RefState): string => canonical(abs, a);
  const absInit = new Set(abs.init().map(key));
  const succCache = new Map<string, Set<string>>();
  const absSucc = (a: RefState, k: string): Set<string> => {
    let s = succCache.get(k);
    if (s === undefined) {
      s = new Set(abs.successors(a).map((t) => key(t.to)));
      succCache.set(k, s);
    }
    return s;
  };
  const badInits: string[] = [];
  const badSteps: { step: string; before: string; after: string; depth: number }[] = [];
  const seen = new Set<string>();
  let level: RefState[] = [];
  for (const s of impl.init()) {
    if (!impl.inModel(s)) continue;
    const k = canonical(impl, s);
    if (seen.has(k)) continue;
    seen.add(k);
    level.push(s);
    const ka = key(image(s));
    if (!absInit.has(ka)) badInits.push(ka);
  }
  for (let depth = 1; level.length > 0 && seen.size <= cap; depth++) {
    const next: RefState[] = [];
    for (const s of level) {
      const a = image(s);
      const ka = key(a);
      for (const t of impl.successors(s)) {
        const kb = key(image(t.to));
        if (ka !== kb && !absSucc(a, ka).has(kb)) badSteps.push({ step: t.step, before: ka, after: kb, depth });
        // TLC's CONSTRAINT (the workload's `constraint`): the step is checked, a successor outside is
        // neither counted nor expanded.
        if (!impl.inModel(t.to)) continue;
        const k = canonical(impl, t.to);
        if (seen.has(k)) continue;
        seen.add(k);
        next.push(t.to);
      }
    }
    level = next;
  }
  return { states: seen.size, badInits, badSteps };
}
