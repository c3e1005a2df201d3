/** Shared helpers for the liveness tests: compile a fixture spec and load its models. */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { compileTo } from "../emit/helpers.js";
import type { LiveModel } from "../../runtime/analyses/liveness.js";
import type { Model, StateWriter, FairnessConstraint, TemporalProperty, StepDef, Instance } from "../../runtime/contract/model.js";

export type AnyModel = LiveModel<unknown> & Required<Pick<Model<unknown>, "blocked">>;

/** Compiles test/fixtures/liveness/<name>.tspec and returns `createModel` and the workload names. */
export async function loadFixture(name: string): Promise<{ create: (w: string) => AnyModel; workloads: string[] }> {
  const r = await compileTo(`test/fixtures/liveness/${name}.tspec`, `liveness-${name}`);
  const mod = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(`${r.dir}/model.ts`)).href)) as {
    createModel(w: string): AnyModel;
    workloads: Record<string, unknown>;
  };
  return { create: (w) => mod.createModel(w), workloads: Object.keys(mod.workloads) };
}

/**
 * An edge of a hand-built graph model: from, to, step id, instance (-1 = action), and optionally the
 * value of the action parameter `x` (its `picks`, for per-binding fairness).
 */
export type GEdge = readonly [number, number, number, number] | readonly [number, number, number, number, number];

/**
 * A model whose states are the integers 0..n-1 and whose transitions are given explicitly — for
 * known-answer and randomized tests of the liveness algorithm independent of the compiler.
 */
export function graphModel(opts: {
  n: number;
  edges: readonly GEdge[];
  init: readonly number[];
  nSteps: number;
  nInstances: number;
  fairness: readonly FairnessConstraint[];
  properties: readonly TemporalProperty<number>[];
}): LiveModel<number> {
  const out: GEdge[][] = Array.from({ length: opts.n }, () => []);
  for (const e of opts.edges) (out[e[0]] as GEdge[]).push(e);
  const steps: StepDef[] = Array.from({ length: opts.nSteps }, (_, id) => ({ id, name: `s${id}`, loc: `graph:${id}` }));
  const instances: Instance[] = Array.from({ length: opts.nInstances }, (_, i) => ({ process: "P", self: i, name: `P[${i}]` }));
  return {
    spec: "Graph",
    workload: "w",
    instances,
    steps,
    invariants: [],
    checkDeadlock: false,
    expect: { kind: "holds" },
    init: () => opts.init,
    successors: (s, emit) => {
      for (const e of out[s] ?? []) emit({ step: e[2], instance: e[3], state: e[1], ...(e.length === 5 ? { picks: { x: e[4] } } : {}) });
    },
    done: () => false,
    encode: (s: number, w: StateWriter) => w.int(s),
    view: (s: number) => ({ s }),
    properties: opts.properties,
    fairness: opts.fairness,
    locksHeld: () => [],
  };
}

/** A state predicate from a set of states. */
export function inSet(text: string, set: ReadonlySet<number>): { kind: "state"; text: string; holds: (s: number) => boolean } {
  return { kind: "state", text, holds: (s) => set.has(s) };
}
