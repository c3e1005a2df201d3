/**
 * Running the generator's front end for the CLI: check or compile a spec and print its diagnostics
 * (rendered with the source line and a caret) on stderr. Errors become a reported `CliError` (exit 2).
 * The generator is imported on first use: it loads ts-morph and prettier (about a second), which
 * usage errors should not wait for.
 */
import type { CompileResult, Diagnostic, EmitOptions, FrontEndResult } from "../generator/api.js";
// The renderer alone, not the generator's API: a cached model loads without the parser and checker.
import { renderDiagnostics } from "../generator/diagnostics/render.js";
import * as fs from "node:fs";
import { Worker } from "node:worker_threads";
import { CliError, EXIT } from "./exit.js";
import { colorEnabled } from "./output.js";
import { terminalSafe } from "./terminal.js";

/** Prints diagnostics (errors and warnings) on stderr; returns whether any is an error. */
export function reportDiagnostics(ds: readonly Diagnostic[], sources: ReadonlyMap<string, string>): boolean {
  const color = colorEnabled(process.stderr);
  if (ds.length > 0) process.stderr.write(terminalSafe(renderDiagnostics(ds, sources, { color }), color));
  return ds.some((d) => d.severity === "error");
}

/** The generator's public API (generator/api.ts), loaded once. */
export function generatorApi(): Promise<typeof import("../generator/api.js")> {
  return import("../generator/api.js");
}

/**
 * Limits on compiling a spec (issue 14 item 9): `--max-seconds` and `--max-memory` (MiB; default: half
 * the physical memory) apply to compilation too. A spec over `WORKER_BYTES` is compiled in a worker
 * thread, which is stopped at the time limit and whose heap is capped: exit 3 with a message. Smaller
 * specs compile in a few seconds in this thread, and the memory cap is checked after each phase.
 */
export interface CompileLimits {
  readonly maxSeconds?: number;
  readonly maxMemoryMb?: number;
}

/** Spec files larger than this are compiled in a worker thread (see CompileLimits). */
export const WORKER_BYTES = 64 * 1024;

/**
 * Checks a spec, printing its diagnostics; throws a reported CliError when it has errors. With
 * `keepErrors`, the error also carries them, rendered without colour, in `details` (for a report).
 */
export async function checkSpecOrFail(
  file: string,
  keepErrors = false,
  limits: CompileLimits = {},
): Promise<FrontEndResult & { checked: NonNullable<FrontEndResult["checked"]> }> {
  const t0 = performance.now();
  const r = useWorker(file) ? await inWorker("check", file, {}, limits) : (await generatorApi()).checkFile(file);
  afterPhase(file, t0, limits);
  failOnErrors(file, r, false, keepErrors);
  return r as FrontEndResult & { checked: NonNullable<FrontEndResult["checked"]> };
}

/** Compiles a spec, printing its diagnostics; throws a reported CliError when it has errors. */
export async function compileOrFail(
  file: string,
  opts: EmitOptions = {},
  quietWarnings = false,
  limits: CompileLimits = {},
): Promise<CompileResult & { files: NonNullable<CompileResult["files"]> }> {
  const t0 = performance.now();
  const r = useWorker(file) ? await inWorker("compile", file, opts, limits) : await (await generatorApi()).compileFile(file, opts);
  afterPhase(file, t0, limits);
  failOnErrors(file, r, quietWarnings);
  return r as CompileResult & { files: NonNullable<CompileResult["files"]> };
}

function useWorker(file: string): boolean {
  if (process.env["SPEC2TS_COMPILE_IN_WORKER"] === "1") return true;
  try {
    return fs.statSync(file).size > WORKER_BYTES;
  } catch {
    return false;
  }
}

function tooLong(file: string, seconds: number): CliError {
  return new CliError(`compiling ${file} took more than ${seconds} s (--max-seconds): stopped (exit 3)`, EXIT.incomplete);
}

function tooLarge(file: string, mb: number): CliError {
  return new CliError(`compiling ${file} needs more than ${mb} MiB (--max-memory): stopped (exit 3)`, EXIT.incomplete);
}

/**
 * The in-thread check after a phase: memory only. A small spec's compile that has finished is not
 * thrown away for its time (on a loaded machine it may take seconds); the search's own limit follows.
 */
function afterPhase(file: string, t0: number, limits: CompileLimits): void {
  void t0;
  if (limits.maxMemoryMb !== undefined && process.memoryUsage.rss() > limits.maxMemoryMb * 2 ** 20) throw tooLarge(file, limits.maxMemoryMb);
}

/**
 * Worker bootstrap, as in runtime/parallel/parallel.ts. Compiled (the npm package, which has no tsx) the worker
 * module (JavaScript) is imported directly; from source, tsx's hooks are registered first. Built on
 * first use: resolving tsx when this module loads would fail in the installed package.
 */
function workerBoot(): string {
  const compiled = import.meta.url.endsWith(".js");
  const worker = JSON.stringify(new URL(compiled ? "./compile-worker.js" : "./compile-worker.ts", import.meta.url).href);
  const onError = `.catch((e) => { console.error(e); process.exit(1); });`;
  return compiled
    ? `import(${worker})${onError}`
    : `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then((m) => { m.register(); return import(${worker}); })${onError}`;
}

/** Runs the front end in a worker thread under the limits (see CompileLimits). */
function inWorker(kind: "check" | "compile", file: string, opts: EmitOptions, limits: CompileLimits): Promise<CompileResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerBoot(), {
      eval: true,
      workerData: { kind, file, opts },
      ...(limits.maxMemoryMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: Math.max(64, Math.floor(limits.maxMemoryMb)) } } : {}),
    });
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      f();
      void w.terminate();
    };
    const timer =
      limits.maxSeconds !== undefined ? setTimeout(() => finish(() => reject(tooLong(file, limits.maxSeconds!))), limits.maxSeconds * 1000) : undefined;
    w.on("message", (m: { diagnostics: CompileResult["diagnostics"]; sources: CompileResult["sources"]; files?: CompileResult["files"]; ok: boolean }) =>
      finish(() =>
        resolve({
          diagnostics: m.diagnostics,
          sources: m.sources,
          ...(m.files !== undefined ? { files: m.files } : {}),
          // The checked spec stays in the worker: callers only need to know there is one.
          ...(m.ok ? { checked: {} as NonNullable<CompileResult["checked"]> } : {}),
        }),
      ),
    );
    w.on("error", (e: Error & { code?: string }) => finish(() => reject(e.code === "ERR_WORKER_OUT_OF_MEMORY" ? tooLarge(file, limits.maxMemoryMb ?? 0) : e)));
    w.on("exit", (code) => finish(() => reject(new Error(`the compile worker for ${file} exited with code ${code}`))));
  });
}

function failOnErrors(file: string, r: FrontEndResult, quietWarnings = false, keepErrors = false): void {
  const errors = r.diagnostics.some((d) => d.severity === "error");
  if (errors || !quietWarnings) reportDiagnostics(r.diagnostics, r.sources);
  if (errors || r.checked === undefined) {
    const details = keepErrors ? renderDiagnostics(r.diagnostics, r.sources, { color: false }) : undefined;
    throw new CliError(`${file} has errors`, EXIT.usage, true, details);
  }
}
