/**
 * The benchmark's configurations: what each runs, and which state count its tools must agree on.
 * A configuration is built once (its compile steps measured) and then run round by round.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { mutexnStates } from "./lib/parse.js";
import type { PeerTarget } from "./lib/summary.js";
import { buildRumur, buildSpin, spec2tsCompile, spec2tsTool, tlcTool, type CompileStep, type Spec2tsEnv, type Tool } from "./lib/tools.js";

/** One configuration: tools that explore the same state space. */
export interface Config {
  readonly label: string;
  /** The state count every tool must find (the formula's, when there is one). */
  readonly reference?: number;
  build(): { steps: CompileStep[]; tools: Tool[] };
  /** spec2ts keys compared against `peers` round by round. */
  readonly mine: readonly string[];
  readonly peers: readonly PeerTarget[];
  /** Further spec2ts-against-spec2ts ratios (2 workers ÷ 1; safety search ÷ the whole `check`). */
  readonly pairs?: readonly { readonly mine: string; readonly peer: PeerTarget }[];
}

/** What the configurations need from the machine. */
export interface BenchEnv {
  readonly spec2ts: Spec2tsEnv;
  readonly peersDir: string;
  readonly workDir: string;
  readonly cores: number;
  readonly spin: boolean;
  readonly rumur: boolean;
  /** The TLC jar, when Java and a jar are present. */
  readonly tlcJar?: string;
  readonly tlaDir: string;
}

/** Compiles each spec once into the bench's model cache: the first configuration of a spec reports it. */
function compileOnce(env: BenchEnv, done: Set<string>, spec: string, workload: string): CompileStep[] {
  if (done.has(spec)) return [];
  done.add(spec);
  return spec2tsCompile(env.spec2ts, spec, workload);
}

const MUTEXN_PEERS: readonly PeerTarget[] = [
  { name: "SPIN BFS", keys: ["spin BFS"] },
  { name: "SPIN DFS", keys: ["spin DFS"] },
  { name: "Rumur (best thread count)", keys: ["rumur t1", "rumur t2"] },
  { name: "TLC (best worker count)", keys: ["tlc w1", "tlc w2"] },
];

/** mutexN at one size: spec2ts with 1 worker (default flags, and the safety search alone) and 2 workers through the CLI, SPIN BFS and DFS, Rumur 1 and 2 threads, TLC. */
function mutexn(env: BenchEnv, done: Set<string>, spec: string, n: number, k: number, workload: string): Config {
  const two = env.cores > 1;
  return {
    label: `mutexN N${n}K${k}`,
    reference: mutexnStates(n, k),
    mine: two ? ["spec2ts w1", "spec2ts w1 safety", "spec2ts w2"] : ["spec2ts w1", "spec2ts w1 safety"],
    peers: MUTEXN_PEERS,
    pairs: [{ mine: "spec2ts w2", peer: { name: "spec2ts 1 worker", keys: ["spec2ts w1"] } }],
    build() {
      const steps = compileOnce(env, done, spec, workload);
      const tools: Tool[] = [
        spec2tsTool(env.spec2ts, spec, workload, "spec2ts w1", "1 worker", 1, ["--workers", "1"]),
        // The default `check` also runs the lock-order analysis over the explored states (mutexN has no
        // locks, yet the pass costs ~60% more CPU): this row is the safety search alone.
        spec2tsTool(env.spec2ts, spec, workload, "spec2ts w1 safety", "1 worker, safety only", 1, [
          "--workers",
          "1",
          "--no-lock-order",
          "--no-liveness",
          "--no-por",
        ]),
      ];
      if (two) tools.push(spec2tsTool(env.spec2ts, spec, workload, "spec2ts w2", "2 workers", 2, ["--workers", "2"]));
      const dir = (name: string): string => path.join(env.workDir, `N${n}K${k}-${name}`);
      const peers = [
        ...(env.spin ? [buildSpin(env.peersDir, dir("spin-bfs"), n, k, true), buildSpin(env.peersDir, dir("spin-dfs"), n, k, false)] : []),
        ...(env.rumur ? [buildRumur(env.peersDir, dir("rumur-t1"), n, k, 1)] : []),
        ...(env.rumur && two ? [buildRumur(env.peersDir, dir("rumur-t2"), n, k, 2)] : []),
      ];
      for (const p of peers) {
        steps.push(...p.steps);
        if (p.tool) tools.push(p.tool);
      }
      if (env.tlcJar !== undefined) {
        tools.push(tlcTool(env.tlcJar, env.tlaDir, dir("tlc-w1"), n, k, 1));
        if (two) tools.push(tlcTool(env.tlcJar, env.tlaDir, dir("tlc-w2"), n, k, 2));
      }
      return { steps, tools };
    },
  };
}

/** A spec2ts-only configuration: each `variants` entry is [key, variant, flags]. */
function spec2tsOnly(
  env: BenchEnv,
  done: Set<string>,
  label: string,
  spec: string,
  workload: string,
  variants: readonly [string, string, string[]][],
  opts: { reference?: number; pairs?: Config["pairs"] } = {},
): Config {
  return {
    label,
    ...opts,
    mine: [],
    peers: [],
    build() {
      const steps = compileOnce(env, done, spec, workload);
      return { steps, tools: variants.map(([key, variant, flags]) => spec2tsTool(env.spec2ts, spec, workload, key, variant, 1, flags)) };
    },
  };
}

/**
 * Every configuration, in run order. `quick` replaces the two large mutexN sizes by N=5 K=6 (870,912
 * states: still past the 300,000 states after which `check --workers 2` starts its workers).
 */
export function configs(env: BenchEnv, mutexnSpec: string, quick: boolean): Config[] {
  const done = new Set<string>();
  const root = env.spec2ts.root;
  const sizes: [number, number, string][] = quick
    ? [[5, 6, "bench-n5k6"]]
    : [
        [5, 8, "peers-n5k8"],
        [5, 10, "bench-n5k10"],
      ];
  const out = sizes.map(([n, k, w]) => mutexn(env, done, mutexnSpec, n, k, w));
  const sym = path.join(root, "test/models/mutexn-sym.tspec");
  // The orbit count of mutexN N5K8 under the permutations of the processes (test/perf/symmetry.test.ts).
  if (fs.existsSync(sym))
    out.push(
      spec2tsOnly(env, done, "mutexN-sym N5K8 (symmetry)", sym, "peers-n5k8", [["spec2ts sym", "symmetry, 1 worker", ["--workers", "1"]]], {
        reference: 46_512,
      }),
    );
  for (const name of ["d-mainline", "b2-external-lock"]) {
    const spec = path.join(root, `specs/pfncache/${name}.tspec`);
    if (!fs.existsSync(spec)) continue;
    // Below 300,000 states `check` never starts its workers, so the worker count does not matter here.
    // The safety search alone, unreduced (`check` reduces by default when nothing else is checked).
    const safety = ["--no-liveness", "--no-lock-order"];
    out.push(
      spec2tsOnly(
        env,
        done,
        `pfncache ${name} full`,
        spec,
        "full",
        [
          ["spec2ts check", "check (default flags)", []],
          ["spec2ts safety", "safety only", [...safety, "--no-por"]],
        ],
        // check's time ÷ the safety search's: what liveness and lock order add (issue 17 asks ≤ 1.3×).
        { pairs: [{ mine: "spec2ts safety", peer: { name: "spec2ts check (default flags)", keys: ["spec2ts check"] } }] },
      ),
      spec2tsOnly(env, done, `pfncache ${name} full, POR`, spec, "full", [["spec2ts por", "safety only, --por", ["--por", ...safety]]]),
    );
  }
  return out;
}
