/**
 * One fuzz input through parse → check → emit, with the robustness property: the input ends either in
 * well-formed diagnostics (no exception, every span inside the input, at least one error) or in
 * generated code; known crashes (see `KNOWN_CRASHES`) are counted instead of failing (unless
 * FUZZ_STRICT=1). Generated modules are collected for one strict tsc program at the end.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { diagnosticProblems, emitUnformatted, formatTs, frontEnd, knownCrash, ROOT, STRICT, typecheck, type Outcome } from "./harness.js";

export interface Tally {
  inputs: number;
  diagnostics: number;
  generated: number;
  formatted: number;
  known: Map<string, number>;
  /** Generated modules by path (deduplicated by content). */
  modules: Map<string, string>;
  /** Spec text of each module, for reporting typecheck failures. */
  specOf: Map<string, string>;
  hashes: Set<string>;
}

export function newTally(): Tally {
  return { inputs: 0, diagnostics: 0, generated: 0, formatted: 0, known: new Map(), modules: new Map(), specOf: new Map(), hashes: new Set() };
}

/** Where found crashes are written (as `.tspec` files) for triage; regressions are copied from here. */
export const CRASH_DIR = ".cache/fuzz-crashes";

function saveCrash(kind: string, text: string): string {
  const h = createHash("sha1").update(text).digest("hex").slice(0, 10);
  const p = path.resolve(ROOT, CRASH_DIR, `${kind}-${h}.tspec`);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return path.relative(ROOT, p);
}

/**
 * Runs one input. Throws (failing the property) on an escaped exception that is not a known crash or
 * on malformed diagnostics. `formatEvery`: run prettier on every n-th generated module (0 = never).
 */
export async function runInput(t: Tally, text: string, file: string, opts: { formatEvery: number; outDir: string }): Promise<Outcome | undefined> {
  t.inputs++;
  let stage = "check";
  try {
    const o = frontEnd(text, file);
    const problems = diagnosticProblems(o);
    if (problems.length > 0) {
      const saved = saveCrash("diag", text);
      throw new Error(`malformed diagnostics (input saved to ${saved}):\n${problems.slice(0, 10).join("\n")}`);
    }
    if (!o.checked) {
      t.diagnostics++;
      return o;
    }
    stage = "emit";
    const code = emitUnformatted(o.checked, opts.outDir);
    t.generated++;
    if (opts.formatEvery > 0 && t.generated % opts.formatEvery === 0) {
      stage = "format";
      await formatTs(code);
      t.formatted++;
    }
    const h = createHash("sha1")
      .update(code.replace(/\.cache\/[^"':]*/g, ""))
      .digest("hex");
    if (!t.hashes.has(h)) {
      t.hashes.add(h);
      const p = `${opts.outDir}/model.ts`;
      t.modules.set(p, code);
      t.specOf.set(p, text);
    }
    return o;
  } catch (e) {
    if (e instanceof Error && e.message.startsWith("malformed diagnostics")) throw e;
    const known = knownCrash(e, stage);
    if (known) {
      t.known.set(known.id, (t.known.get(known.id) ?? 0) + 1);
      if ((t.known.get(known.id) ?? 0) <= 3) saveCrash(known.id, text);
      return undefined;
    }
    const saved = saveCrash(`crash-${stage}`, text);
    throw new Error(`exception escaped the ${stage} stage (input saved to ${saved}): ${e instanceof Error ? e.stack : String(e)}`);
  }
}

/** Known typecheck failures of generated code (emitter bugs reported to the lead), by TS code/message. */
// Empty: every typecheck failure the fuzzers found is fixed and pinned in test/fixtures/hostile/bugs/.
export const KNOWN_TS: readonly { id: string; issue: string; matches: (d: string) => boolean }[] = [];

/**
 * Typechecks the collected modules in one program (chunks of `chunk` modules in long runs to bound
 * memory). Returns unexplained diagnostics (grouped per module with its spec) and counts known ones.
 */
export function typecheckTally(t: Tally, chunk = Infinity, max = Infinity): { unexplained: string[]; checked: number } {
  let entries = [...t.modules.entries()];
  if (entries.length > max) {
    const step = entries.length / max;
    entries = Array.from({ length: max }, (_, i) => entries[Math.floor(i * step)] as [string, string]);
  }
  const unexplained: string[] = [];
  for (let i = 0; i < entries.length; i += chunk === Infinity ? entries.length : chunk) {
    const part = new Map(entries.slice(i, i + (chunk === Infinity ? entries.length : chunk)));
    let diags: string[];
    try {
      diags = typecheck(part);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      // TypeScript itself overflows on very deeply nested generated code: check module by module and
      // count those as the known deep-nesting bug (no nesting bound before emission).
      diags = [];
      for (const [p, c] of part) {
        try {
          diags.push(...typecheck(new Map([[p, c]])));
        } catch (e2) {
          if (!(e2 instanceof RangeError) || STRICT) throw e2;
          t.known.set("tsc-deep-nesting", (t.known.get("tsc-deep-nesting") ?? 0) + 1);
          saveCrash("tsc-deep-nesting", t.specOf.get(p) ?? "");
        }
      }
    }
    const byFile = new Map<string, string[]>();
    for (const d of diags) {
      const f = d.split(":")[0] as string;
      byFile.set(f, [...(byFile.get(f) ?? []), d]);
    }
    for (const [f, ds] of byFile) {
      const lines = ds.flatMap((d) => [d.replace(/^\S+ /, ""), ...d.split("\n").slice(1)]);
      const ids = new Set<string>();
      const unknown = ds.filter((d) => {
        const k = KNOWN_TS.find((x) => x.matches(d.replace(/^\S+ /, "")));
        if (k) ids.add(k.id);
        return !k;
      });
      void lines;
      if (unknown.length === 0 && !STRICT) {
        for (const id of ids) t.known.set(id, (t.known.get(id) ?? 0) + 1);
        if (ids.size > 0) saveCrash([...ids][0] as string, t.specOf.get(f) ?? "");
        continue;
      }
      const saved = saveCrash("tsc", t.specOf.get(f) ?? "");
      unexplained.push(`${f} (spec saved to ${saved}):\n  ${(STRICT ? ds : unknown).slice(0, 6).join("\n  ")}`);
    }
  }
  return { unexplained, checked: entries.length };
}

export function summary(name: string, t: Tally, seconds: number): string {
  const known = [...t.known].map(([k, n]) => `${k}×${n}`).join(", ") || "none";
  return `[fuzz ${name}] ${t.inputs} inputs in ${seconds.toFixed(1)} s: ${t.diagnostics} ended in diagnostics, ${t.generated} generated code (${t.modules.size} distinct, ${t.formatted} formatted); known bugs hit: ${known}`;
}
