/**
 * rustc-style rendering of diagnostics:
 *
 *   error[E101]: expected `;` after the variable declaration `x`, found `var`
 *     --> specs/x.tspec:3:19
 *      |
 *    3 | var x: bool = true
 *      |                   ^ expected `;`
 *      = note: …
 *      = help: …   (a suggested fix)
 *
 * The caret underlines the span on its first line (at least one `^`, so empty spans at end of input
 * render too). For "expected X …, found Y" messages the caret is labelled "expected X". Tabs display
 * as four spaces and a BOM is hidden, with carets shifted to match. Colour (picocolors) only when
 * asked for, never detected from the environment, so output is reproducible.
 */
import pc from "picocolors";
import type { Span } from "../parse/ast.js";
import type { Diagnostic, Note } from "./diagnostic.js";

/** Rendering switches. */
export interface RenderOptions {
  /** ANSI colours (default false). */
  readonly color?: boolean;
  /** Sources of other files, for notes that point into them. */
  readonly sources?: ReadonlyMap<string, string>;
}

type Colors = ReturnType<typeof pc.createColors>;

const TAB = "    ";

/** Renders one diagnostic against the text of its file. Ends with a newline. */
export function renderDiagnostic(d: Diagnostic, sourceText: string, opts: RenderOptions = {}): string {
  const c = pc.createColors(opts.color ?? false);
  const sourceOf = (file: string): string | undefined => (file === d.span.file ? sourceText : opts.sources?.get(file));
  const spans = [d.span, ...(d.notes ?? []).flatMap((n) => (n.span ? [n.span] : []))];
  const width = Math.max(...spans.map((s) => String(s.start.line).length));
  const headColor = d.severity === "error" ? c.red : c.yellow;
  const out: string[] = [`${c.bold(headColor(`${d.severity}[${d.code}]`))}${c.bold(`: ${d.message}`)}`];
  out.push(...snippet(d.span, sourceText, width, headColor, caretLabel(d.message), c));
  for (const note of d.notes ?? []) out.push(...renderNote(note, sourceOf, width, c));
  return out.join("\n") + "\n";
}

/** Renders diagnostics sorted by file and position, then a summary line ("2 errors, 1 warning"). */
export function renderDiagnostics(ds: readonly Diagnostic[], sources: ReadonlyMap<string, string>, opts: RenderOptions = {}): string {
  const sorted = [...ds].sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.start.offset - b.span.start.offset ||
      a.span.end.offset - b.span.end.offset,
  );
  const blocks = sorted.map((d) => renderDiagnostic(d, sources.get(d.span.file) ?? "", { ...opts, sources }));
  const summary = summaryLine(ds);
  return blocks.length === 0 ? "" : `${blocks.join("\n")}\n${summary}\n`;
}

/** "1 error", "2 errors, 1 warning", "3 warnings"; empty when there is nothing. */
export function summaryLine(ds: readonly Diagnostic[]): string {
  const errors = ds.filter((d) => d.severity === "error").length;
  const warnings = ds.length - errors;
  const parts = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  return parts.join(", ");
}

/** For "expected X [after|in …], found Y" the caret label is "expected X". */
function caretLabel(message: string): string | undefined {
  const m = /^expected (.+?)(?: (?:after|in) the .+?)?, found .+$/s.exec(message);
  return m ? `expected ${m[1]}` : undefined;
}

function renderNote(note: Note, sourceOf: (file: string) => string | undefined, width: number, c: Colors): string[] {
  const pad = " ".repeat(width + 2);
  if (note.span === undefined) return [`${c.blue(c.bold(`${pad}=`))} ${c.bold(note.kind ?? "note")}: ${note.message}`];
  const text = sourceOf(note.span.file);
  const head = `${c.bold(c.green(note.kind ?? "note"))}: ${note.message}`;
  if (text === undefined) return [head, `${" ".repeat(width + 1)}${c.blue(c.bold("-->"))} ${location(note.span)}`];
  return [head, ...snippet(note.span, text, width, c.green, undefined, c)];
}

function location(s: Span): string {
  return `${s.file}:${s.start.line}:${s.start.column}`;
}

/** The `-->` line, the source line and the caret line for `span`. */
function snippet(span: Span, text: string, width: number, markColor: (s: string) => string, label: string | undefined, c: Colors): string[] {
  const gutter = (s: string): string => c.blue(c.bold(s));
  const lineNo = span.start.line;
  const raw = (text.split("\n")[lineNo - 1] ?? "").replace(/\r$/, "");
  const startCol = Math.max(1, span.start.column);
  const endCol = span.end.line === lineNo ? Math.max(span.end.column, startCol) : raw.length + 1;
  const before = display(raw.slice(0, startCol - 1));
  const marked = display(raw.slice(startCol - 1, endCol - 1));
  const carets = "^".repeat(Math.max(1, marked.length));
  const empty = gutter(`${" ".repeat(width + 2)}|`);
  const shown = display(raw);
  return [
    `${" ".repeat(width + 1)}${gutter("-->")} ${location(span)}`,
    empty,
    `${gutter(` ${String(lineNo).padStart(width)} |`)}${shown === "" ? "" : ` ${shown}`}`,
    `${empty} ${" ".repeat(before.length)}${markColor(carets)}${label === undefined ? "" : ` ${markColor(label)}`}`,
  ];
}

/** Display form of source text: tabs widened, BOM hidden. */
function display(s: string): string {
  return s.replace(/\uFEFF/g, "").replace(/\t/g, TAB);
}
