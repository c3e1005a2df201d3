/** Compiles the benchmark specs into .cache/bench/<name>/ (once per content) and loads their models. */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { compileFile } from "../generator/api.js";
import type { Model } from "../runtime/index.js";

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const CACHE = path.join(ROOT, ".cache/bench");

/** mutexn.tspec plus benchmark workloads (N=5,K=6: 870,912 states, for --quick; N=5,K=10: 11.2M states). */
export function mutexnBenchSpec(): string {
  const src = fs.readFileSync(path.join(ROOT, "test/models/mutexn.tspec"), "utf8");
  const file = path.join(CACHE, "src/mutexn-bench.tspec");
  const text =
    src +
    "\nworkload bench-n5k10 {\n  const N = 5;\n  const K = 10;\n  expect holds;\n}\n\nworkload bench-n5k6 {\n  const N = 5;\n  const K = 6;\n  expect holds;\n}\n";
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
  return file;
}

/** Compiles `spec` to .cache/bench/<name>/model.ts; returns the module path. */
export async function compileBench(spec: string, name: string): Promise<string> {
  const dir = path.join(CACHE, name);
  const r = await compileFile(spec, { outDir: dir });
  if (!r.files) throw new Error(`${spec} does not compile: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  for (const f of r.files) {
    fs.mkdirSync(path.dirname(f.path), { recursive: true });
    if (!fs.existsSync(f.path) || fs.readFileSync(f.path, "utf8") !== f.content) fs.writeFileSync(f.path, f.content);
  }
  return path.join(dir, "model.ts");
}

export interface BenchModel {
  /** Row label, e.g. `mutexN N5K8`. */
  readonly label: string;
  readonly spec: string;
  readonly name: string;
  readonly workload: string;
  /** SPIN/Rumur sizes when the peers have this model. */
  readonly peer?: { readonly n: number; readonly k: number };
  /** Check with symmetry reduction (the spec declares symmetric types; BFS, one worker, no POR). */
  readonly symmetry?: boolean;
}

export const BENCH_MODELS: readonly BenchModel[] = [
  { label: "mutexN N5K8", spec: "mutexn", name: "mutexn-bench", workload: "peers-n5k8", peer: { n: 5, k: 8 } },
  { label: "mutexN N5K10", spec: "mutexn", name: "mutexn-bench", workload: "bench-n5k10", peer: { n: 5, k: 10 } },
  { label: "mutexN-sym N5K8", spec: "test/models/mutexn-sym.tspec", name: "mutexn-sym", workload: "peers-n5k8", symmetry: true },
  { label: "pfncache d-mainline full", spec: "specs/pfncache/d-mainline.tspec", name: "d-mainline", workload: "full" },
  { label: "pfncache b2-external-lock full", spec: "specs/pfncache/b2-external-lock.tspec", name: "b2-external-lock", workload: "full" },
];

/** The spec file of a bench model (mutexn gets the generated bench copy). */
export function specFile(m: BenchModel): string {
  return m.spec === "mutexn" ? mutexnBenchSpec() : path.join(ROOT, m.spec);
}

/** Compiles and loads one bench model. */
export async function loadModel(modulePath: string, workload: string): Promise<Model<unknown>> {
  const mod = (await import(pathToFileURL(modulePath).href)) as { createModel(w: string): Model<unknown> };
  return mod.createModel(workload);
}
