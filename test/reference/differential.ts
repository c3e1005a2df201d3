/**
 * One differential check: a spec compiled by the real generator and run by the runtime, against the
 * reference semantics (test/reference/interp.ts). Compared, in one neutral canonical form:
 * - the set of reachable states and the set of transitions (from, step, instance, to);
 * - the states whose expansion fails, and how;
 * - the verdict and shortest counterexample length of BFS (default flags), BFS with POR (unguarded, as
 *   `check` decides by default, stopped part-way by its guard; and the reduced searches' own verdicts), BFS with
 *   `--symmetry` (when the spec declares symmetry), parallel BFS with 1 and 2 workers (parallel path
 *   forced with `prefixStates: 1`), and the verdict of DFS (not exact for lengths);
 * - BFS with `continue: true`: every violation (each invariant, deadlock, each error kind) with the
 *   reference's shortest length, valid traces, and the full reachable count.
 * Returns the disagreements as readable lines (empty: agreement).
 */
import * as path from "node:path";
import { checkBfs, checkDfs, checkParallel, porDecision, validateTrace, type CheckResult, type Model } from "../../runtime/index.js";
import type { CheckedSpec } from "../../generator/check/checked.js";
import { pathToFileURL } from "node:url";
import { emitUnformatted, frontEnd, ROOT, writeFiles, type LoadedSpec } from "../fuzz/harness.js";
import { referenceGraph, type RefGraph } from "./graph.js";
import { generatedGraph, missing } from "./compare.js";
import { stableJson } from "./values.js";

/** A guard that stops the reduction after 5 expansions whatever they pruned. */
const STOP_EARLY = { sample: 5, minPruned: 1.01 };

export interface DiffOptions {
  /** Also run the parallel explorer (worker threads: slow to start). */
  readonly parallel?: boolean;
  /** The spec declares symmetry: also compare `symmetry: true`. */
  readonly symmetric?: boolean;
  /**
   * The spec's only symmetry is the swap of these two instances (one symmetric process over a
   * two-value type whose values are stored nowhere but as pids): the reduced state count must then
   * be the number of orbits of the reference's states under the swap.
   */
  readonly swap?: readonly [string, string];
  /** State cap for both full graphs; above it the spec is skipped (reported as `capped`). */
  readonly cap?: number;
  /** The workload to check (default: the first). */
  readonly workload?: string;
}

export interface DiffResult {
  readonly problems: string[];
  readonly capped: boolean;
  readonly states: number;
  readonly verdict: string;
}

/** Checks one spec text (compiled into `.cache/reference/<name>`), workload `w`. */
export async function differential(text: string, name: string, opts: DiffOptions = {}, file = `.cache/reference/${name}.tspec`): Promise<DiffResult> {
  const cap = opts.cap ?? 5000;
  const o = frontEnd(text, file);
  if (!o.checked)
    return {
      problems: [`rejected: ${o.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`).join("; ")}`],
      capped: false,
      states: 0,
      verdict: "-",
    };
  const checked: CheckedSpec = o.checked;
  const problems: string[] = [];
  const dir = `.cache/reference/${name}`;
  // Compiled in memory by the real generator (as `spec2ts gen` would), written once, imported.
  writeFiles(new Map([[`${dir}/model.ts`, emitUnformatted(checked, dir)]]));
  const mod = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(ROOT, dir, "model.ts")).href)) as LoadedSpec;
  for (const w of checked.workloads) {
    if (opts.workload !== undefined && w.name !== opts.workload) continue;
    const ref = referenceGraph(checked, w, cap);
    const model = mod.createModel(w.name);
    const gen = generatedGraph(model, cap);
    if (ref.capped || gen.capped) {
      if (ref.capped !== gen.capped) problems.push(`${w.name}: one side exceeds ${cap} states (reference ${ref.nodes.size}, generated ${gen.states.size})`);
      return { problems, capped: true, states: ref.nodes.size, verdict: "capped" };
    }
    problems.push(...compareGraphs(w.name, ref, gen));
    problems.push(...(await compareVerdicts(w.name, ref, model, path.resolve(ROOT, dir, "model.ts"), opts)));
    return { problems, capped: false, states: ref.nodes.size, verdict: verdictText(ref) };
  }
  return { problems: ["no workload"], capped: false, states: 0, verdict: "-" };
}

function verdictText(ref: RefGraph): string {
  if (ref.initError) return `init ${ref.initError.kind}`;
  return ref.shortest ? `${[...ref.shortest.kinds].join("+")}@${ref.shortest.length}` : "holds";
}

function compareGraphs(w: string, ref: RefGraph, gen: ReturnType<typeof generatedGraph>): string[] {
  const out: string[] = [];
  if (Boolean(ref.initError) !== Boolean(gen.initError))
    out.push(`${w}: initial states: reference ${ref.initError?.kind ?? "ok"}, generated ${gen.initError ?? "ok"}`);
  const refOnly = missing(ref.nodes.keys(), gen.states, 2);
  const genOnly = missing(gen.states.keys(), ref.nodes, 2);
  if (refOnly.length || genOnly.length || ref.nodes.size !== gen.states.size) {
    out.push(`${w}: reachable states differ: reference ${ref.nodes.size}, generated ${gen.states.size}`);
    for (const k of refOnly) out.push(`  only in reference: ${k}`);
    for (const k of genOnly) out.push(`  only in generated: ${k}`);
    return out; // the transition diff would only repeat it
  }
  const eRef = missing(ref.edges, gen.edges, 2);
  const eGen = missing(gen.edges, ref.edges, 2);
  if (eRef.length || eGen.length || ref.edges.size !== gen.edges.size) {
    out.push(`${w}: transitions differ: reference ${ref.edges.size}, generated ${gen.edges.size}`);
    for (const k of eRef) out.push(`  only in reference: ${k}`);
    for (const k of eGen) out.push(`  only in generated: ${k}`);
  }
  for (const [k, n] of ref.nodes) {
    const inv = gen.invariants.get(k);
    if (inv !== undefined && inv !== n.invariants.join(",")) {
      out.push(`${w}: invariants violated in state ${k}: reference [${n.invariants.join(",")}], generated [${inv}]`);
      break;
    }
  }
  for (const [k, n] of ref.nodes) {
    const g = gen.errors.get(k);
    if ((n.error?.kind ?? undefined) !== g) {
      out.push(`${w}: step error in state ${k}: reference ${n.error ? `${n.error.kind} (${n.error.message})` : "none"}, generated ${g ?? "none"}`);
      break;
    }
  }
  return out;
}

/** The result's violation length (trace states) and kind, or "holds". */
function outcome(r: CheckResult<unknown>): { verdict: string; kind?: string; property?: string; length?: number } {
  if (r.verdict !== "violated") return { verdict: r.verdict };
  return {
    verdict: "violated",
    kind: r.violation?.kind ?? "?",
    ...(r.violation?.property ? { property: r.violation.property } : {}),
    length: r.trace?.length ?? 0,
  };
}

async function compareVerdicts(w: string, ref: RefGraph, model: Model<unknown>, modulePath: string, opts: DiffOptions): Promise<string[]> {
  const out: string[] = [];
  const want = ref.shortest;
  const judge = (what: string, r: CheckResult<unknown>, exactLength: boolean): void => {
    const got = outcome(r);
    if (!want) {
      if (got.verdict !== "holds") out.push(`${w} ${what}: reference holds, checker ${got.verdict} ${got.kind ?? ""} (length ${got.length ?? "-"})`);
      return;
    }
    if (got.verdict !== "violated") {
      out.push(`${w} ${what}: reference finds ${[...want.kinds].join("/")} at length ${want.length}, checker ${got.verdict}`);
      return;
    }
    if (!exactLength) return;
    if (got.length !== want.length) out.push(`${w} ${what}: shortest counterexample: reference ${want.length}, checker ${got.length} (${got.kind})`);
    else if (!want.kinds.has(got.kind as never))
      out.push(`${w} ${what}: at length ${want.length} the reference finds ${[...want.kinds].join("/")}, checker ${got.kind}`);
    else if (got.kind === "invariant" && got.property && !want.invariants.has(got.property))
      out.push(`${w} ${what}: invariant ${got.property} is not violated there`);
  };
  if (ref.initError) return out;
  const bfs = checkBfs(model);
  judge("bfs", bfs, true);
  if (bfs.verdict === "holds" && bfs.stats.distinctStates !== ref.nodes.size)
    out.push(`${w} bfs: ${bfs.stats.distinctStates} distinct states, reference ${ref.nodes.size}`);
  // 96-bit keys (exact when the packed state fits in 96 bits, hashed otherwise): the same states, verdicts
  // and shortest traces, replayed through the wider store (issue 18 item 3).
  const wide = checkBfs(model, { fingerprint: 96 });
  judge("bfs --fingerprint 96", wide, true);
  if (wide.verdict === "holds" && wide.stats.distinctStates !== ref.nodes.size)
    out.push(`${w} bfs --fingerprint 96: ${wide.stats.distinctStates} distinct states, reference ${ref.nodes.size}`);
  if (wide.verdict === "violated") {
    const bad = validateTrace(model, wide);
    if (bad.length > 0) out.push(`${w} bfs --fingerprint 96: invalid trace: ${bad.join("; ")}`);
  }
  // POR: the engine unguarded; as `check` runs it by default (the decision for a safety-only run, with
  // the adaptive guard); with the guard stopping it part-way (after 5 expansions, so that the switch to
  // full expansion happens on these small specs); and the reduced searches' own verdicts (not
  // re-derived by a plain search).
  judge("por", checkBfs(model, { por: true, porGuard: false }), true);
  judge("por-default", checkBfs(model, { por: porDecision(model, { search: "bfs" }).on }), true);
  judge("por-stopped", checkBfs(model, { por: true, porGuard: STOP_EARLY }), true);
  judge("por-own", checkBfs(model, { por: true, porGuard: false, porShortest: false }), false);
  judge("por-stopped-own", checkBfs(model, { por: true, porGuard: STOP_EARLY, porShortest: false }), false);
  out.push(...compareContinued(w, ref, model));
  judge("dfs", checkDfs(model), false);
  judge("dfs --fingerprint 96", checkDfs(model, { fingerprint: 96 }), false);
  if (opts.symmetric) {
    const sym = checkBfs(model, { symmetry: true });
    judge("symmetry", sym, true);
    if (opts.swap && sym.verdict === "holds") {
      const orbits = orbitCount(ref.nodes.keys(), opts.swap, model);
      if (sym.stats.distinctStates !== orbits) out.push(`${w} symmetry: ${sym.stats.distinctStates} states, reference ${orbits} orbits`);
    }
  }
  if (opts.parallel) {
    for (const workers of [1, 2]) {
      const r = await checkParallel(modulePath, w, { workers, prefixStates: 1 });
      judge(`parallel×${workers}`, r, true);
      if (r.verdict === "holds" && r.stats.distinctStates !== ref.nodes.size)
        out.push(`${w} parallel×${workers}: ${r.stats.distinctStates} distinct states, reference ${ref.nodes.size}`);
    }
  }
  return out;
}

/**
 * `continue: true` against the reference's `firsts`: the same violations (each invariant, deadlock,
 * each error kind), each with the reference's shortest length, every trace valid, and every reachable
 * state counted.
 */
function compareContinued(w: string, ref: RefGraph, model: Model<unknown>): string[] {
  const out: string[] = [];
  const r = checkBfs(model, { continue: true });
  const got = new Map<string, number>();
  for (const f of r.violations ?? []) {
    const v = f.violation;
    const k = v.kind === "invariant" ? `invariant:${v.property ?? ""}` : v.kind;
    // Several failing statements of one kind: the reference knows kinds only, so the shortest per kind.
    got.set(k, Math.min(got.get(k) ?? Infinity, f.trace.length));
    const bad = validateTrace(model, { ...r, violation: v, trace: f.trace });
    if (bad.length > 0) out.push(`${w} continue: the trace of ${k} is not valid: ${bad.join("; ")}`);
  }
  const want = [...ref.firsts]
    .sort()
    .map(([k, n]) => `${k}@${n}`)
    .join(" ");
  const have = [...got]
    .sort()
    .map(([k, n]) => `${k}@${n}`)
    .join(" ");
  if (want !== have) out.push(`${w} continue: violations: reference [${want}], checker [${have}]`);
  if (r.stats.distinctStates !== ref.nodes.size) out.push(`${w} continue: ${r.stats.distinctStates} distinct states, reference ${ref.nodes.size}`);
  if (!r.complete) out.push(`${w} continue: the search is not complete`);
  if ((r.violations?.length ?? 0) > 0 !== (r.verdict === "violated"))
    out.push(`${w} continue: verdict ${r.verdict} with ${r.violations?.length ?? 0} violations`);
  return out;
}

/** The number of orbits of canonical state keys under swapping two instances (names, pcs, locals, lock owners). */
function orbitCount(keys: Iterable<string>, [a, b]: readonly [string, string], model: Model<unknown>): number {
  const order = new Map(model.instances.map((inst, pid) => [inst.name, pid]));
  const rename = (x: string): string =>
    x === a ? b : x === b ? a : x.startsWith(`${a}.`) ? b + x.slice(a.length) : x.startsWith(`${b}.`) ? a + x.slice(b.length) : x;
  const swap = (v: unknown): unknown => {
    if (typeof v === "string") return rename(v);
    if (Array.isArray(v)) {
      const xs = v.map(swap);
      // Lock readers are kept in pid order.
      return xs.every((x) => typeof x === "string" && order.has(x))
        ? [...xs].sort((p, q) => (order.get(p as string) ?? 0) - (order.get(q as string) ?? 0))
        : xs;
    }
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [rename(k), swap(x)]));
    return v;
  };
  const reps = new Set<string>();
  for (const k of keys) {
    const other = stableJson(swap(JSON.parse(k)));
    reps.add(k < other ? k : other);
  }
  return reps.size;
}
