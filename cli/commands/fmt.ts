/**
 * `spec2ts fmt [--check] FILES…`: rewrite specs in canonical form (the generator's printer: 2-space
 * indentation, canonical operators, all comments kept). A file that does not parse is left untouched
 * and reported (exit 2); so is one the formatter would lose a comment of (a safety net: it keeps them).
 *
 * Goes through `generator/api.ts` only; it needs `formatSource(text, file)` there (see FormatSource).
 */
import * as fs from "node:fs";
import * as api from "../../generator/api.js";
import type { Diagnostic } from "../../generator/api.js";
import { CliError, EXIT, type ExitCode } from "../exit.js";
import { reportDiagnostics } from "../frontend.js";
import { eprintln, err, out, println } from "../output.js";
import { resolveSpecs } from "../specs.js";

/** The api.ts entry point fmt expects: parse `text` (shown as `file`) and print it canonically. */
export type FormatSource = (
  text: string,
  file: string,
) => { readonly formatted?: string; readonly diagnostics: readonly Diagnostic[]; readonly sources?: ReadonlyMap<string, string> };

export interface FmtOptions {
  readonly check?: boolean;
}

/** Runs the command; returns the exit code. */
export async function fmtCommand(args: readonly string[], opts: FmtOptions): Promise<ExitCode> {
  const formatSource = (api as { formatSource?: FormatSource }).formatSource;
  if (typeof formatSource !== "function") {
    throw new CliError("`spec2ts fmt` is not available yet: generator/api.ts does not export formatSource(text, file)", EXIT.internal);
  }
  const files = resolveSpecs(args);
  const unformatted: string[] = [];
  let broken = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const r = formatSource(text, file);
    const errors = reportDiagnostics(r.diagnostics, r.sources ?? new Map([[file, text]]));
    if (errors || r.formatted === undefined) {
      broken++;
      continue;
    }
    if (r.formatted === text) continue;
    const lost = countComments(text) - countComments(r.formatted);
    if (lost > 0) {
      // Safety net: the printer keeps every comment; never rewrite a file if one would be deleted.
      eprintln(err.yellow(`spec2ts: ${file}: not formatted: the formatter would drop ${lost} comment${lost === 1 ? "" : "s"} (a formatter bug)`));
      broken++;
      continue;
    }
    unformatted.push(file);
    if (opts.check) println(`not formatted: ${file}`);
    else {
      fs.writeFileSync(file, r.formatted);
      println(`formatted ${file}`);
    }
  }
  if (broken > 0) {
    eprintln(err.red(`spec2ts: ${broken} file${broken === 1 ? "" : "s"} could not be formatted and ${broken === 1 ? "was" : "were"} left unchanged`));
    return EXIT.usage;
  }
  if (opts.check && unformatted.length > 0) return EXIT.failed;
  if (unformatted.length === 0) println(out.dim(`${files.length} file${files.length === 1 ? "" : "s"} already formatted`));
  return EXIT.ok;
}

/** Ordinary comments (`//` not `///`, `/*` not `/**`) outside string literals: what the printer must keep. */
export function countComments(text: string): number {
  let n = 0;
  const re = /"(?:[^"\\\n]|\\.)*"|\/\/\/?|\/\*\*?/g;
  for (const m of text.matchAll(re)) if (m[0] === "//" || m[0] === "/*") n++;
  return n;
}
