/**
 * The full reachable graph of a workload under the reference semantics, and the neutral canonical
 * form in which its states are compared with the generated checker's.
 *
 * The canonical form is the display form the generated model's `view()` documents (runtime/contract/model.ts:
 * globals by name, then `Inst.pc`, `Inst.local`, `Inst.proc` for an active frame; sets and sequences
 * as arrays, maps as objects keyed by their keys, options as the value or null, pids and lock owners
 * as instance names), serialised with sorted object keys. The reference computes it from its own
 * values; the generated side from `view()`.
 */
import type { CheckedSpec, CheckedWorkload } from "../../generator/check/checked.js";
import type { Type } from "../../generator/check/types.js";
import { Reference, type RefState } from "./interp.js";
import { RefError, show, stableJson, type ErrKind, type V } from "./values.js";

/** One reachable state with what happens there. */
export interface RefNode {
  readonly state: RefState;
  /** BFS depth: initial states are 1 (a counterexample ending here has this many states). */
  readonly depth: number;
  /** Invariants violated here (or "spec_error" when one cannot be evaluated). */
  readonly invariants: readonly string[];
  /** A step from here fails (the state is not expanded further, like the checkers do). */
  readonly error?: { readonly kind: ErrKind; readonly message: string };
  readonly deadlock: boolean;
}

/** A violation kind as the explorers report it. */
export type Kind = "invariant" | "deadlock" | ErrKind;

export interface RefGraph {
  /** Canonical key → node. */
  readonly nodes: Map<string, RefNode>;
  /** `from|step|instance|to` for every transition (instance name, or "" for an action). */
  readonly edges: Set<string>;
  /** Initial states could not be built. */
  readonly initError?: { readonly kind: ErrKind; readonly message: string };
  /** Shortest counterexample length and the kinds of violation found at that depth. */
  readonly shortest?: { readonly length: number; readonly kinds: ReadonlySet<Kind>; readonly invariants: ReadonlySet<string> };
  /**
   * Every violation with the length of its shortest counterexample (what `check --continue` reports):
   * `invariant:Name`, `deadlock`, and the error kinds (`assertion`, `lock_error`, `spec_error`).
   */
  readonly firsts: ReadonlyMap<string, number>;
  readonly capped: boolean;
}

export function edgeKey(from: string, step: string, inst: string, to: string): string {
  return `${from}|${step}|${inst}|${to}`;
}

/** Explores every reachable state (breadth first), past invariant violations, stopping at step errors. */
export function referenceGraph(spec: CheckedSpec, workload: CheckedWorkload, cap = 50_000): RefGraph {
  const ref = new Reference(spec, workload);
  const nodes = new Map<string, RefNode>();
  const edges = new Set<string>();
  let inits: RefState[];
  try {
    inits = ref.init();
  } catch (e) {
    if (!(e instanceof RefError)) throw e;
    return { nodes, edges, initError: { kind: e.errKind, message: e.message }, firsts: new Map(), capped: false };
  }
  const firsts = new Map<string, number>();
  let shortest: { length: number; kinds: Set<Kind>; invariants: Set<string> } | undefined;
  const note = (depth: number, kind: Kind, inv?: string): void => {
    if (shortest && shortest.length < depth) return;
    if (!shortest || shortest.length > depth) shortest = { length: depth, kinds: new Set(), invariants: new Set() };
    shortest.kinds.add(kind);
    if (inv) shortest.invariants.add(inv);
  };
  const first = (depth: number, kind: Kind, inv?: string): void => {
    const k = kind === "invariant" ? `invariant:${inv ?? ""}` : kind;
    if (!firsts.has(k)) firsts.set(k, depth);
  };
  const noteAll = (depth: number, kind: Kind, inv?: string): void => {
    note(depth, kind, inv);
    first(depth, kind, inv);
  };
  /**
   * TLC's CONSTRAINT: true when `s` (reached at `depth`) is inside; a state outside is checked against
   * the invariants here and dropped. A constraint that cannot be evaluated is a spec error (state dropped).
   */
  const inside = (s: RefState, depth: number): boolean => {
    try {
      if (ref.inModel(s)) return true;
    } catch (e) {
      if (!(e instanceof RefError)) throw e;
      noteAll(depth, "spec_error");
      return false;
    }
    try {
      for (const i of ref.violated(s)) noteAll(depth, "invariant", i);
    } catch (e) {
      if (!(e instanceof RefError)) throw e;
      noteAll(depth, "spec_error");
    }
    return false;
  };
  let level: { key: string; state: RefState }[] = [];
  const seen = new Set<string>();
  for (const s of inits) {
    if (!inside(s, 1)) continue;
    const k = canonical(ref, s);
    if (!seen.has(k)) {
      seen.add(k);
      level.push({ key: k, state: s });
    }
  }
  let capped = false;
  for (let depth = 1; level.length > 0 && !capped; depth++) {
    const next: { key: string; state: RefState }[] = [];
    for (const { key, state } of level) {
      let invariants: string[];
      try {
        invariants = ref.violated(state);
        for (const i of invariants) noteAll(depth, "invariant", i);
      } catch (e) {
        if (!(e instanceof RefError)) throw e;
        invariants = ["spec_error"];
        noteAll(depth, "spec_error");
      }
      let succ;
      try {
        succ = ref.successors(state);
      } catch (e) {
        if (!(e instanceof RefError)) throw e;
        noteAll(depth, e.errKind);
        nodes.set(key, { state, depth, invariants, error: { kind: e.errKind, message: e.message }, deadlock: false });
        continue;
      }
      const deadlock = succ.length === 0 && ref.checkDeadlock && !ref.done(state);
      if (deadlock) noteAll(depth, "deadlock");
      nodes.set(key, { state, depth, invariants, deadlock });
      for (const t of succ) {
        if (!inside(t.to, depth + 1)) continue;
        const k = canonical(ref, t.to);
        edges.add(edgeKey(key, t.step, t.pid < 0 ? "" : (ref.instances[t.pid]?.name ?? "?"), k));
        if (seen.has(k)) continue;
        seen.add(k);
        next.push({ key: k, state: t.to });
        if (seen.size > cap) capped = true;
      }
    }
    level = next;
  }
  return { nodes, edges, firsts, capped, ...(shortest ? { shortest } : {}) };
}

/** The canonical (view-shaped) key of a reference state. */
export function canonical(ref: Reference, st: RefState): string {
  const v: Record<string, unknown> = {};
  const name = (p: number | null): string | null => (p === null ? null : (ref.instances[p]?.name ?? `#${p}`));
  const view = (x: V, t: Type): unknown => {
    if (x === null) return null;
    if (typeof x !== "object") return x;
    switch (x.t) {
      case "some":
        return view(x.v, t.kind === "option" ? t.elem : t);
      case "set":
      case "seq":
        return x.xs.map((e) => view(e, t.kind === "set" || t.kind === "seq" ? t.elem : t));
      case "map":
        return Object.fromEntries(x.ks.map((k, i) => [keyText(k, name), view(x.vs[i] as V, t.kind === "map" ? t.value : t)]));
      case "rec":
        return Object.fromEntries(
          Object.entries(x.fs).map(([f, fv]) => [f, view(fv, t.kind === "record" ? (t.fields.find((g) => g.name === f)?.type ?? t) : t)]),
        );
      case "var":
        // As the generated model's view: the case under `$tag`, then its fields.
        return {
          $tag: x.tag,
          ...Object.fromEntries(
            Object.entries(x.fs).map(([f, fv]) => [
              f,
              view(fv, t.kind === "variant" ? (t.cases.find((c) => c.tag === x.tag)?.fields.find((g) => g.name === f)?.type ?? t) : t),
            ]),
          ),
        };
      case "pid":
        return name(x.p);
      case "mutex":
        return name(x.owner);
      case "rw":
        return { writer: name(x.writer), readers: x.readers.map(name) };
    }
  };
  for (const d of ref.spec.vars) v[d.name.name] = view(st.g[d.name.name] as V, ref.typeOf(d.id));
  ref.instances.forEach((inst, pid) => {
    v[`${inst.name}.pc`] = st.pc[pid];
    for (const l of inst.process.locals) v[`${inst.name}.${l.name.name}`] = view(st.loc[pid]?.[l.name.name] as V, ref.typeOf(l.id));
  });
  for (const p of ref.spec.procedures) {
    ref.instances.forEach((inst, pid) => {
      const f = st.fr[p.name.name]?.[pid];
      if (!f) return;
      const o: Record<string, unknown> = { ret: f.ret };
      for (const x of [...p.params, ...p.locals]) o[x.name.name] = view(f.vals[x.name.name] as V, ref.typeOf(x.id));
      v[`${inst.name}.${p.name.name}`] = o;
    });
  }
  return stableJson(v);
}

function keyText(k: V, name: (p: number | null) => string | null): string {
  if (k !== null && typeof k === "object" && k.t === "pid") return String(name(k.p));
  if (k === null || typeof k !== "object") return String(k);
  return show(k);
}
