/**
 * Running the generator's front end for the CLI: check or compile a spec and print its diagnostics
 * (rendered with the source line and a caret) on stderr. Errors become a reported `CliError` (exit 2).
 * The generator is imported on first use: it loads ts-morph and prettier (about a second), which
 * usage errors should not wait for.
 */
import type { CompileResult, Diagnostic, EmitOptions, FrontEndResult } from "../generator/api.js";
import { renderDiagnostics } from "../generator/api.js";
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
 * Checks a spec, printing its diagnostics; throws a reported CliError when it has errors. With
 * `keepErrors`, the error also carries them, rendered without colour, in `details` (for a report).
 */
export async function checkSpecOrFail(file: string, keepErrors = false): Promise<FrontEndResult & { checked: NonNullable<FrontEndResult["checked"]> }> {
  const r = (await generatorApi()).checkFile(file);
  failOnErrors(file, r, false, keepErrors);
  return r as FrontEndResult & { checked: NonNullable<FrontEndResult["checked"]> };
}

/** Compiles a spec, printing its diagnostics; throws a reported CliError when it has errors. */
export async function compileOrFail(
  file: string,
  opts: EmitOptions = {},
  quietWarnings = false,
): Promise<CompileResult & { files: NonNullable<CompileResult["files"]> }> {
  const r = await (await generatorApi()).compileFile(file, opts);
  failOnErrors(file, r, quietWarnings);
  return r as CompileResult & { files: NonNullable<CompileResult["files"]> };
}

function failOnErrors(file: string, r: FrontEndResult, quietWarnings = false, keepErrors = false): void {
  const errors = r.diagnostics.some((d) => d.severity === "error");
  if (errors || !quietWarnings) reportDiagnostics(r.diagnostics, r.sources);
  if (errors || r.checked === undefined) {
    const details = keepErrors ? renderDiagnostics(r.diagnostics, r.sources, { color: false }) : undefined;
    throw new CliError(`${file} has errors`, EXIT.usage, true, details);
  }
}
