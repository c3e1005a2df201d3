/**
 * A workload whose constants or instances cannot be computed — a constant outside its type, a
 * division by zero in a `const`, `1..1000000000` process instances — is a spec error found when the
 * model is created, not a bug in spec2ts (issue 14 item 12). It is reported like a front-end diagnostic
 * (E801, with file:line:col, the source line and a caret) and the command exits 2; `spec2ts test`
 * counts the spec as having errors and goes on with the others.
 */
import * as fs from "node:fs";
import type { Diagnostic } from "../generator/api.js";
import { CliError, EXIT } from "./exit.js";
import { reportDiagnostics } from "./frontend.js";

/** `file.tspec:12` or `file.tspec:12:5` → its parts (undefined for anything else, e.g. ""). */
function parseLoc(loc: string | undefined): { file: string; line: number; column?: number } | undefined {
  const m = /^(.*\.tspec):(\d+)(?::(\d+))?$/.exec(loc ?? "");
  if (!m) return undefined;
  return { file: m[1] as string, line: Number(m[2]), ...(m[3] !== undefined ? { column: Number(m[3]) } : {}) };
}

function readSource(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** The diagnostic for `message` at `loc` (the failing expression), else at `fallback` (the workload). */
function diagnostic(message: string, locs: readonly (string | undefined)[], specFile: string): { d: Diagnostic; sources: Map<string, string> } {
  const at = locs.map(parseLoc).find((l) => l !== undefined) ?? { file: specFile, line: 1 };
  const text = readSource(at.file);
  const lines = text.split("\n");
  const lineText = (lines[at.line - 1] ?? "").replace(/\r$/, "");
  let offset = 0;
  for (let i = 0; i < at.line - 1 && i < lines.length; i++) offset += (lines[i] as string).length + 1;
  const indent = lineText.length - lineText.trimStart().length;
  const startCol = at.column ?? indent + 1;
  const endCol = at.column !== undefined ? startCol + 1 : Math.max(startCol + 1, lineText.trimEnd().length + 1);
  const d: Diagnostic = {
    code: "E801",
    severity: "error",
    message,
    span: {
      file: at.file,
      start: { offset: offset + startCol - 1, line: at.line, column: startCol },
      end: { offset: offset + endCol - 1, line: at.line, column: endCol },
    },
  };
  return { d, sources: new Map([[at.file, text]]) };
}

/**
 * Turns an error thrown while creating the model of `workload` into a reported CliError (exit 2) when
 * it is the spec's fault (a SpecError, or a RangeError from a workload too large to build); returns
 * other errors unchanged.
 */
export function workloadError(e: unknown, workload: string, workloadLoc: string | undefined, specFile: string): unknown {
  const err = e as { name?: unknown; message?: unknown; loc?: unknown };
  const isSpecError = e instanceof Error && err.name === "SpecError";
  if (!isSpecError && !(e instanceof RangeError)) return e;
  const why = isSpecError ? String(err.message) : `the workload is too large to build (${String(err.message)})`;
  const { d, sources } = diagnostic(
    `workload \`${workload}\` cannot be created: ${why}`,
    [typeof err.loc === "string" ? err.loc : undefined, workloadLoc],
    specFile,
  );
  reportDiagnostics([d], sources);
  return new CliError(`${specFile} has errors (workload \`${workload}\`)`, EXIT.usage, true);
}
