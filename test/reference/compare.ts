/**
 * The generated checker's side of the differential comparison: its full reachable graph in the same
 * canonical form as the reference's (test/reference/graph.ts), and a readable diff of two graphs.
 * (This file, unlike interp.ts, talks to the runtime: it drives the generated model.)
 */
import { SpecError, type Model } from "../../runtime/index.js";
import { edgeKey } from "./graph.js";
import { stableJson } from "./values.js";

export interface GenGraph {
  readonly states: Map<string, number>;
  readonly edges: Set<string>;
  /** Keys of states whose expansion threw a SpecError, with its kind. */
  readonly errors: Map<string, string>;
  /** Key → the invariants violated there, comma-separated ("spec_error" when evaluating one throws). */
  readonly invariants: Map<string, string>;
  readonly initError?: string;
  readonly capped: boolean;
}

/** Plain BFS over `init`/`successors` of a generated model, keyed by `stableJson(view(s))`. */
export function generatedGraph<S>(model: Model<S>, cap = 50_000): GenGraph {
  const states = new Map<string, number>();
  const edges = new Set<string>();
  const errors = new Map<string, string>();
  const invariants = new Map<string, string>();
  const key = (s: S): string => stableJson(model.view(s));
  // State constraints: a state outside is neither a node nor an edge target. (A constraint that cannot
  // be evaluated drops the state too; the verdict comparison judges that error.)
  const inside = (s: S): boolean => {
    try {
      return (model.constraints ?? []).every((c) => c.holds(s));
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      return false;
    }
  };
  let inits: readonly S[];
  try {
    inits = model.init();
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return { states, edges, errors, invariants, initError: e.errorKind, capped: false };
  }
  let level: { k: string; s: S }[] = [];
  for (const s of inits) {
    if (!inside(s)) continue;
    const k = key(s);
    if (!states.has(k)) {
      states.set(k, 1);
      level.push({ k, s });
    }
  }
  let capped = false;
  for (let d = 1; level.length > 0 && !capped; d++) {
    const next: { k: string; s: S }[] = [];
    for (const { k, s } of level) {
      try {
        invariants.set(
          k,
          model.invariants
            .filter((inv) => !inv.holds(s))
            .map((inv) => inv.name)
            .join(","),
        );
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        invariants.set(k, "spec_error");
      }
      const succ: { step: number; instance: number; state: S }[] = [];
      try {
        model.successors(s, (t) => void succ.push(t));
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        errors.set(k, e.errorKind);
        continue;
      }
      for (const t of succ) {
        if (!inside(t.state)) continue;
        const kt = key(t.state);
        const inst = t.instance < 0 ? "" : (model.instances[t.instance]?.name ?? "?");
        edges.add(edgeKey(k, model.steps[t.step]?.name ?? "?", inst, kt));
        if (states.has(kt)) continue;
        states.set(kt, d + 1);
        next.push({ k: kt, s: t.state });
        if (states.size > cap) capped = true;
      }
    }
    level = next;
  }
  return { states, edges, errors, invariants, capped };
}

/** Up to `n` elements of `a` not in `b`. */
export function missing(a: Iterable<string>, b: { has(k: string): boolean }, n = 3): string[] {
  const out: string[] = [];
  for (const x of a) {
    if (!b.has(x)) out.push(x);
    if (out.length >= n) break;
  }
  return out;
}
