/**
 * Diagnostics produced by every stage of the front end. A diagnostic has a stable code (`E1xx` parse,
 * `E2xx` names, `E3xx` types, `E4xx` locks and statements, `E5xx` labels and control flow, `E6xx`
 * workloads and configuration, `W…` warnings), a span and a plain-English message saying what was
 * expected. Rendering (source line, caret) happens late, in `render.ts`.
 */
import type { Span } from "../parse/ast.js";

export type Severity = "error" | "warning";

/** A secondary location with an explanation ("previous declaration here"). */
export interface Note {
  readonly message: string;
  readonly span?: Span;
  /** "help" renders as `= help: …` (a suggested fix); default "note". */
  readonly kind?: "note" | "help";
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly notes?: readonly Note[];
}

export function error(code: string, message: string, span: Span, notes?: readonly Note[]): Diagnostic {
  return notes ? { code, severity: "error", message, span, notes } : { code, severity: "error", message, span };
}

export function warning(code: string, message: string, span: Span, notes?: readonly Note[]): Diagnostic {
  return notes ? { code, severity: "warning", message, span, notes } : { code, severity: "warning", message, span };
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}
