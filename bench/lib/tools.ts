/**
 * The measured tools. Each is built once per configuration (its compile steps measured as processes of
 * their own) and then run as a whole process per round through `measure`, the same way for all:
 *
 *   spec2ts  `node cli/bin.js check SPEC -w WORKLOAD --json --workers N` with the model already in the
 *            CLI's cache (the cold compile is its own row), exactly what a user runs;
 *   SPIN     `spin -a` + `gcc` (BFS: -DBFS; DFS: the default), then `./pan`;
 *   Rumur    `rumur --threads N` + `cc` (the thread count is fixed when the verifier is generated), then `./m`;
 *   TLC      `java -cp tla2tools.jar tlc2.TLC -workers N` on bench/tla/MutexN.tla (it has no separate compile).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { measure, type Measurement } from "./measure.js";
import { parseRumur, parseSpec2tsJson, parseSpin, parseTlc, tlcConfig, type PeerOutput } from "./parse.js";

export type ToolName = "spec2ts" | "spin" | "rumur" | "tlc";

/** One measured run of a tool. */
export interface Sample {
  readonly distinctStates: number;
  readonly ok: boolean;
  /** What the tool said (verdict), or why the run failed. */
  readonly note: string;
  readonly m: Measurement;
  /** The search's own seconds as the tool reports them (spec2ts's JSON), when it does. */
  readonly ownSeconds?: number;
}

/** A runnable configuration of one tool. */
export interface Tool {
  /** Unique within a configuration: `spec2ts w2`, `spin BFS`, `rumur t1`. */
  readonly key: string;
  readonly tool: ToolName;
  readonly variant: string;
  readonly threads: number;
  run(): Sample;
}

/** One measured build step (SPIN's `spin -a`, `gcc`; Rumur's `rumur`, `cc`; spec2ts's cold compile). */
export interface CompileStep {
  readonly tool: ToolName;
  readonly step: string;
  readonly ok: boolean;
  readonly m: Measurement;
}

/** Where spec2ts's CLI is and which model cache it uses. */
export interface Spec2tsEnv {
  readonly root: string;
  readonly cacheDir: string;
}

function spec2tsArgs(env: Spec2tsEnv, spec: string, workload: string, flags: readonly string[]): string[] {
  return [path.join(env.root, "cli/bin.js"), "check", spec, "-w", workload, "--json", ...flags];
}

function spec2tsSample(m: Measurement): Sample {
  const out = parseSpec2tsJson(m.stdout);
  // Exit 3 is "incomplete": what the safety-only rows (--no-liveness) report by design.
  if (!out || (m.exitCode !== 0 && m.exitCode !== 3)) {
    return { distinctStates: out?.distinctStates ?? NaN, ok: false, note: `exit ${m.exitCode}: ${m.stderr.trim().split("\n").at(-1) ?? ""}`, m };
  }
  const via = out.workers > 1 ? `, ${out.workers} workers` : "";
  return { distinctStates: out.distinctStates, ok: out.safety === "holds", note: `${out.verdict}${via}`, m, ownSeconds: out.searchSeconds };
}

/**
 * spec2ts's compile, measured as a user meets it: `check … --max-states 1` in an empty model cache
 * (parse, check, emit, load the model, one state), then the same command again with the cache filled
 * (start-up alone). The first fills the cache that the measured runs use.
 */
export function spec2tsCompile(env: Spec2tsEnv, spec: string, workload: string): CompileStep[] {
  const args = spec2tsArgs(env, spec, workload, ["--max-states", "1", "--workers", "1"]);
  const e = { SPEC2TS_CACHE_DIR: env.cacheDir };
  const cold = measure(process.execPath, args, env.root, e);
  const warm = measure(process.execPath, args, env.root, e);
  const ok = (m: Measurement): boolean => parseSpec2tsJson(m.stdout) !== undefined;
  return [
    { tool: "spec2ts", step: "compile (empty cache, to 1 state)", ok: ok(cold), m: cold },
    { tool: "spec2ts", step: "start-up (cached, to 1 state)", ok: ok(warm), m: warm },
  ];
}

/** `spec2ts check` of one workload with `flags` (e.g. `--workers 2`, `--no-liveness`). */
export function spec2tsTool(env: Spec2tsEnv, spec: string, workload: string, key: string, variant: string, threads: number, flags: readonly string[]): Tool {
  const args = spec2tsArgs(env, spec, workload, flags);
  return {
    key,
    tool: "spec2ts",
    variant,
    threads,
    run: () => spec2tsSample(measure(process.execPath, args, env.root, { SPEC2TS_CACHE_DIR: env.cacheDir })),
  };
}

function peerSample(m: Measurement, out: PeerOutput | undefined): Sample {
  if (!out || m.exitCode !== 0) return { distinctStates: out?.distinctStates ?? NaN, ok: false, note: `exit ${m.exitCode}, output not understood`, m };
  return { distinctStates: out.distinctStates, ok: out.noError, note: out.noError ? "no error" : "error reported", m };
}

function step(tool: ToolName, name: string, cmd: string, args: readonly string[], cwd: string): CompileStep {
  const m = measure(cmd, args, cwd);
  return { tool, step: name, ok: m.exitCode === 0, m };
}

/** A built peer: its compile steps, and the tool when every step succeeded. */
export interface Built {
  readonly steps: CompileStep[];
  readonly tool?: Tool;
}

/** SPIN on mutexN.pml (the peers' command; `bfs` adds -DBFS), built in `dir`. */
export function buildSpin(peers: string, dir: string, n: number, k: number, bfs: boolean): Built {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(peers, "mutexN.pml"), path.join(dir, "mutexN.pml"));
  const mode = bfs ? "BFS" : "DFS";
  const steps = [step("spin", `spin -a (${mode})`, "spin", [`-DN=${n}`, `-DK=${k}`, "-a", "mutexN.pml"], dir)];
  if (steps[0]?.ok)
    steps.push(step("spin", `gcc (${mode})`, "gcc", ["-O2", "-DSAFETY", "-DNOREDUCE", ...(bfs ? ["-DBFS"] : []), "-w", "-o", "pan", "pan.c"], dir));
  if (!steps.every((s) => s.ok)) return { steps };
  const run = (): Sample => {
    const m = measure("./pan", ["-m10000000", "-w26"], dir);
    return peerSample(m, parseSpin(m.stdout));
  };
  return { steps, tool: { key: `spin ${mode}`, tool: "spin", variant: mode, threads: 1, run } };
}

/** Rumur on mutexN.m with `threads` fixed at generation (`rumur --threads N`), built in `dir`. */
export function buildRumur(peers: string, dir: string, n: number, k: number, threads: number): Built {
  fs.mkdirSync(dir, { recursive: true });
  const src = fs.readFileSync(path.join(peers, "mutexN.m"), "utf8").replace(/const N: \d+; K: \d+;/, `const N: ${n}; K: ${k};`);
  fs.writeFileSync(path.join(dir, "mutexN.m"), src);
  const t = `${threads} thread${threads > 1 ? "s" : ""}`;
  const steps = [step("rumur", `rumur --threads ${threads}`, "rumur", ["--threads", String(threads), "mutexN.m", "--output", "m.c"], dir)];
  if (steps[0]?.ok) steps.push(step("rumur", `cc (${t})`, "cc", ["-std=c11", "-O3", "-mcx16", "-o", "m", "m.c", "-lpthread"], dir));
  if (!steps.every((s) => s.ok)) return { steps };
  const run = (): Sample => {
    const m = measure("./m", [], dir);
    return peerSample(m, parseRumur(m.stdout));
  };
  return { steps, tool: { key: `rumur t${threads}`, tool: "rumur", variant: t, threads, run } };
}

/** TLC on bench/tla/MutexN.tla with `workers` worker threads, run in `dir` (its states/ go there). */
export function tlcTool(jar: string, tlaDir: string, dir: string, n: number, k: number, workers: number): Tool {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(tlaDir, "MutexN.tla"), path.join(dir, "MutexN.tla"));
  fs.writeFileSync(path.join(dir, "MutexN.cfg"), tlcConfig(n, k));
  const run = (): Sample => {
    const meta = path.join(dir, "states");
    fs.rmSync(meta, { recursive: true, force: true });
    const args = ["-XX:+UseParallelGC", "-cp", jar, "tlc2.TLC", "-workers", String(workers), "-metadir", meta, "-config", "MutexN.cfg", "MutexN.tla"];
    const m = measure("java", args, dir);
    return peerSample(m, parseTlc(m.stdout));
  };
  return { key: `tlc w${workers}`, tool: "tlc", variant: `${workers} worker${workers > 1 ? "s" : ""}`, threads: workers, run };
}
