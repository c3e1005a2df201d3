/**
 * Running the generator's front end for the CLI: check or compile a spec and print its diagnostics
 * (rendered with the source line and a caret) on stderr. Errors become a reported `CliError` (exit 2).
 */
import { checkFile, compileFile, type CompileResult, type Diagnostic, type FrontEndResult } from "../generator/api.js";
import { renderDiagnostics } from "../generator/diagnostics/render.js";
import { CliError, EXIT } from "./exit.js";
import { colorEnabled } from "./output.js";

/** Prints diagnostics (errors and warnings) on stderr; returns whether any is an error. */
export function reportDiagnostics(ds: readonly Diagnostic[], sources: ReadonlyMap<string, string>): boolean {
  if (ds.length > 0) process.stderr.write(renderDiagnostics(ds, sources, { color: colorEnabled(process.stderr) }));
  return ds.some((d) => d.severity === "error");
}

/** Checks a spec, printing its diagnostics; throws a reported CliError when it has errors. */
export function checkSpecOrFail(file: string): FrontEndResult & { checked: NonNullable<FrontEndResult["checked"]> } {
  const r = checkFile(file);
  failOnErrors(file, r);
  return r as FrontEndResult & { checked: NonNullable<FrontEndResult["checked"]> };
}

/** Compiles a spec, printing its diagnostics; throws a reported CliError when it has errors. */
export async function compileOrFail(
  file: string,
  opts: { outDir?: string; runtimeDir?: string } = {},
  quietWarnings = false,
): Promise<CompileResult & { files: NonNullable<CompileResult["files"]> }> {
  const r = await compileFile(file, opts);
  failOnErrors(file, r, quietWarnings);
  return r as CompileResult & { files: NonNullable<CompileResult["files"]> };
}

function failOnErrors(file: string, r: FrontEndResult, quietWarnings = false): void {
  const errors = r.diagnostics.some((d) => d.severity === "error");
  if (errors || !quietWarnings) reportDiagnostics(r.diagnostics, r.sources);
  if (errors || r.checked === undefined) {
    throw new CliError(`${file} has errors`, EXIT.usage, true);
  }
}
