/**
 * The public surface of the generator: text → AST → checked spec → TypeScript. The CLI and tests
 * import only this file from generator/. The emitter (ts-morph, prettier) is loaded lazily, so
 * commands that only parse or check start fast.
 */
import { linkSpec } from "./check/link.js";
import { checkSpec } from "./check/check.js";
import type { CheckedSpec } from "./check/checked.js";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { hasErrors } from "./diagnostics/diagnostic.js";
import { renderDiagnostic, renderDiagnostics, summaryLine } from "./diagnostics/render.js";
import type { EmittedFile } from "./emit/emit.js";
import { parseSpec } from "./parse/parse.js";
import { printSpec } from "./parse/print.js";

export type { CheckedSpec, Diagnostic, EmittedFile };
export { parseSpec, renderDiagnostic, renderDiagnostics, summaryLine };
export { outputDir } from "./emit/paths.js";

export interface FrontEndResult {
  readonly checked?: CheckedSpec;
  readonly diagnostics: readonly Diagnostic[];
  /** Source texts by display path, for rendering diagnostics. */
  readonly sources: ReadonlyMap<string, string>;
}

/** Parses, links and checks a spec file (never throws for bad input). */
export function checkFile(file: string): FrontEndResult {
  const linked = linkSpec(file);
  if (!linked.spec || hasErrors(linked.diagnostics)) return { diagnostics: linked.diagnostics, sources: linked.sources };
  const checked = checkSpec(linked.spec);
  return { ...(checked.checked ? { checked: checked.checked } : {}), diagnostics: [...linked.diagnostics, ...checked.diagnostics], sources: linked.sources };
}

export interface CompileResult extends FrontEndResult {
  readonly files?: readonly EmittedFile[];
}


/** Checks a spec and emits its generated files (not written to disk). */
export async function compileFile(file: string, opts: { outDir?: string; runtimeDir?: string } = {}): Promise<CompileResult> {
  const fe = checkFile(file);
  if (!fe.checked) return fe;
  const { emitSpec } = await import("./emit/emit.js");
  return { ...fe, files: await emitSpec(fe.checked, opts) };
}

/** Canonical text of a spec (`spec2ts fmt`); undefined `formatted` when it does not parse. */
export function formatSource(text: string, file: string): { readonly formatted?: string; readonly diagnostics: readonly Diagnostic[] } {
  const r = parseSpec(text, file);
  if (!r.spec || hasErrors(r.diagnostics)) return { diagnostics: r.diagnostics };
  return { formatted: printSpec(r.spec, text), diagnostics: r.diagnostics };
}
