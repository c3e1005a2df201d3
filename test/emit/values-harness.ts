/**
 * Runs small value specs end to end for the value tests (issue 12 items 3, 7, 11, 13): front end,
 * emitted model (kept for one strict typecheck of all of them), BFS, and a pack/unpack round trip of
 * every reachable state.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";
import { BitReader, BitWriter } from "../../runtime/contract/packed.js";
import { checkBfs, type CheckResult, type Model, type StateWriter } from "../../runtime/index.js";
import type { Diagnostic } from "../../generator/diagnostics/diagnostic.js";
import { emitUnformatted, frontEnd, ROOT, writeFiles } from "../fuzz/harness.js";

/** Every model emitted so far (repo-relative path → code), for one typecheck at the end of a file. */
export const emitted = new Map<string, string>();

/** Error diagnostics of `text` as `CODE line:col`. */
export function errorsOf(text: string, file = "test/emit/values.tspec"): string[] {
  const o = frontEnd(text, file);
  return o.diagnostics.filter((d: Diagnostic) => d.severity === "error").map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`);
}

/** Compiles `text` (no errors allowed) and loads its model for `workload` (the first one by default). */
export async function load(name: string, text: string, workload?: string): Promise<Model<unknown>> {
  const dir = `.cache/test-values/${name}`;
  const o = frontEnd(text, `${dir}.tspec`);
  const errs = o.diagnostics.filter((d) => d.severity === "error");
  if (!o.checked || errs.length > 0) throw new Error(`${name} rejected:\n${errs.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  const code = emitUnformatted(o.checked, dir);
  emitted.set(`${dir}/model.ts`, code);
  writeFiles(new Map([[`${dir}/model.ts`, code]]));
  const mod = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(ROOT, dir, "model.ts")).href)) as {
    spec: { workloads: string[] };
    createModel(w: string): Model<unknown>;
  };
  return mod.createModel(workload ?? (mod.spec.workloads[0] as string));
}

export interface Outcome {
  /** `holds`, `violates NAME`, or a violation kind (`spec_error`, `deadlock`, …). */
  readonly verdict: string;
  readonly states: number;
  readonly message?: string;
  readonly loc?: string;
  readonly result: CheckResult<unknown>;
}

export function outcome(model: Model<unknown>, symmetry = false): Outcome {
  const r = checkBfs(model, { symmetry });
  const v = r.violation;
  const verdict = r.verdict !== "violated" || !v ? r.verdict : v.kind === "invariant" ? `violates ${v.property}` : v.kind;
  return { verdict, states: r.stats.distinctStates, result: r, ...(v ? { message: v.message } : {}), ...(v?.loc ? { loc: v.loc } : {}) };
}

/** Compile, check with BFS, and round-trip every reachable state through pack/unpack when packable. */
export async function run(name: string, text: string, workload?: string): Promise<Outcome> {
  const model = await load(name, text, workload);
  const out = outcome(model);
  roundTrip(model);
  return out;
}

class Recorder implements StateWriter {
  out: number[] = [];
  int(v: number): void {
    this.out.push(v);
  }
}

function encoding(model: Model<unknown>, s: unknown): string {
  const r = new Recorder();
  model.encode(s, r);
  return r.out.join(",");
}

/** unpack(pack(s)) has the encoding of s, and packing is injective, on up to 5,000 reachable states. */
export function roundTrip(model: Model<unknown>): void {
  if (model.pack === undefined || model.unpack === undefined || (model.packedBits ?? -1) < 0) return;
  const w = new BitWriter();
  const rd = new BitReader();
  const seen = new Map<string, string>();
  let queue: unknown[];
  try {
    queue = [...model.init()];
  } catch {
    return;
  }
  for (let i = 0; i < queue.length && seen.size < 5000; i++) {
    const s = queue[i];
    const enc = encoding(model, s);
    if (seen.has(enc)) continue;
    w.begin();
    model.pack(s, w);
    const n = w.end();
    rd.reset(w.words, 0);
    expect(encoding(model, model.unpack(rd)), `${model.spec}: unpack(pack(s))`).toBe(enc);
    seen.set(enc, Array.from(w.words.subarray(0, n)).join(","));
    try {
      model.successors(s, (t) => queue.push(t.state));
    } catch {
      // a failing step ends that branch
    }
  }
  expect(new Set(seen.values()).size, `${model.spec}: packing is injective`).toBe(seen.size);
}
