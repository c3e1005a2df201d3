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
import { IoError, ioReason, writeFileAtomic } from "../atomic-write.js";

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
  let ioFailed = 0;
  for (const file of files) {
    let raw: string;
    try {
      raw = fs.readFileSync(file, "utf8");
    } catch (e) {
      eprintln(err.red(`spec2ts: error: cannot read ${file}: ${ioReason(e)}`));
      ioFailed++;
      continue;
    }
    // Issue 14 item 6: a BOM and CRLF line endings are kept as found (the printer works on LF text).
    const { text, restore } = lineEndings(raw);
    const r = formatSource(text, file);
    const errors = reportDiagnostics(r.diagnostics, r.sources ?? new Map([[file, text]]));
    if (errors || r.formatted === undefined) {
      broken++;
      continue;
    }
    const formatted = restore(r.formatted);
    if (formatted === raw) continue;
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
      try {
        // Atomic (temp file, fsync, rename): a full or read-only disk leaves the spec as it was.
        writeFileAtomic(file, formatted);
      } catch (e) {
        if (!(e instanceof IoError)) throw e;
        eprintln(err.red(`spec2ts: error: ${e.message}`));
        ioFailed++;
        continue;
      }
      println(`formatted ${file}`);
    }
  }
  if (ioFailed > 0) {
    eprintln(err.red(`spec2ts: ${ioFailed} file${ioFailed === 1 ? "" : "s"} could not be read or written (left unchanged)`));
    return EXIT.usage;
  }
  if (broken > 0) {
    eprintln(err.red(`spec2ts: ${broken} file${broken === 1 ? "" : "s"} could not be formatted and ${broken === 1 ? "was" : "were"} left unchanged`));
    return EXIT.usage;
  }
  if (opts.check && unformatted.length > 0) return EXIT.failed;
  if (unformatted.length === 0) println(out.dim(`${files.length} file${files.length === 1 ? "" : "s"} already formatted`));
  return EXIT.ok;
}

/**
 * `raw` as the printer wants it (no BOM, LF line endings), and the function that puts the file's own
 * conventions back: the BOM if there was one, CRLF when every line break was CRLF.
 */
export function lineEndings(raw: string): { text: string; restore: (formatted: string) => string } {
  const bom = raw.startsWith("\uFEFF");
  const body = bom ? raw.slice(1) : raw;
  const lf = (body.match(/\n/g) ?? []).length;
  const crlf = (body.match(/\r\n/g) ?? []).length;
  const useCrlf = crlf > 0 && crlf === lf;
  const text = useCrlf ? body.replace(/\r\n/g, "\n") : body;
  return { text, restore: (f) => (bom ? "\uFEFF" : "") + (useCrlf ? f.replace(/\n/g, "\r\n") : f) };
}

/** Ordinary comments (`//` not `///`, `/*` not `/**`) outside string literals: what the printer must keep. */
export function countComments(text: string): number {
  let n = 0;
  const re = /"(?:[^"\\\n]|\\.)*"|\/\/\/?|\/\*\*?/g;
  for (const m of text.matchAll(re)) if (m[0] === "//" || m[0] === "/*") n++;
  return n;
}
