/**
 * `parseSpec`: `.tspec` text → AST + diagnostics, never throwing.
 *
 * Pipeline: a lexical pre-scan (trivia.ts: comments, unterminated strings/comments) → the generated
 * PEG parser → on a syntax error, panic-mode recovery → doc-comment attachment → literal checks.
 *
 * Recovery: peggy stops at the first error, so the parser reports every top-level declaration as soon
 * as it parses (`onDecl`). After an error we record one E101, skip to the next line that starts with a
 * declaration keyword (or a doc comment) at or after the error and no more indented than the broken
 * declaration, and re-parse the rest with the `DeclList` start rule. The text before the restart point
 * is blanked to spaces (newlines kept), so offsets, lines and columns in spans stay exact without any
 * re-basing.
 *
 * Positions: lines count `\n` (CRLF works; the `\r` is the last column of its line), columns are
 * 1-based UTF-16 code units, a leading BOM is whitespace (it occupies column 1 of line 1).
 */
import type { Decl, Expr, IntLit, SpecFile } from "./ast.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { LineIndex } from "./line-index.js";
import { parse, SyntaxError, type ParsedHeader, type ParserOptions } from "./parser.generated.js";
import { DECL_KEYWORDS, syntaxErrorDiagnostic, type ErrorSite } from "./syntax-error.js";
import { docBefore, nextTokenStart, scanTrivia, type Trivia } from "./trivia.js";

/** The result of parsing one file: the (possibly partial) spec and everything wrong with it. */
export interface ParseResult {
  /** Present when the `spec Name` header parsed; holds every declaration that parsed. */
  readonly spec?: SpecFile;
  /** Sorted by position. */
  readonly diagnostics: Diagnostic[];
}

/** Largest integer literal the checker represents exactly (it computes with JS numbers). */
export const MAX_INT_LITERAL = 2n ** 53n - 1n;

/** Parses one `.tspec` file. Never throws: every problem is a diagnostic. */
export function parseSpec(text: string, file: string): ParseResult {
  try {
    return parseSpecUnguarded(text, file);
  } catch (e) {
    return { diagnostics: [internalError(e, text, file)] };
  }
}

/** Parses a lone expression (tests, REPLs, tooling). Never throws. */
export function parseExpression(text: string, file = "<expr>"): { expr?: Expr; diagnostics: Diagnostic[] } {
  const lines = new LineIndex(text);
  const trivia = scanTrivia(text);
  try {
    const expr = parse(text, { file, ids: { next: 1 }, startRule: "ExprOnly" });
    const diagnostics = lexicalDiagnostics(trivia, lines, file);
    checkIntLiterals(expr, diagnostics);
    return { expr, diagnostics };
  } catch (e) {
    if (!(e instanceof SyntaxError)) return { diagnostics: [internalError(e, text, file)] };
    const site: ErrorSite = { text, file, lines, trivia, declStart: 0 };
    const lex = lexicalDiagnostics(trivia, lines, file);
    const covered = coveringIssue(trivia, e.location.start.offset);
    return { diagnostics: covered ? lex : [...lex, syntaxErrorDiagnostic(site, e.location.start.offset, e.expected ?? [])] };
  }
}

function parseSpecUnguarded(text: string, file: string): ParseResult {
  const lines = new LineIndex(text);
  const trivia = scanTrivia(text);
  const diagnostics = lexicalDiagnostics(trivia, lines, file);
  let header: ParsedHeader | undefined;
  const decls: Decl[] = [];
  const options: ParserOptions = {
    file,
    ids: { next: 1 },
    onHeader: (h) => {
      header = h;
    },
    onDecl: (d) => {
      decls.push(d);
    },
  };

  let input = text;
  let startRule: "SpecFile" | "DeclList" = "SpecFile";
  let restartAt = 0;
  for (;;) {
    const before = decls.length;
    try {
      if (startRule === "SpecFile") parse(input, { ...options, startRule });
      else parse(input, { ...options, startRule });
      break;
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      const offset = e.location.start.offset;
      // The declaration that failed starts after the last one that parsed (or the header, or the restart point).
      const lastEnd = decls.length > before ? decls[decls.length - 1]?.span.end.offset : undefined;
      const headerParsed = header !== undefined;
      const from = lastEnd ?? (startRule === "SpecFile" ? (header?.span.end.offset ?? 0) : restartAt);
      const declStart = headerParsed || startRule === "DeclList" ? nextTokenStart(text, trivia, from) : undefined;
      if (!coveringIssue(trivia, offset)) {
        diagnostics.push(syntaxErrorDiagnostic({ text, file, lines, trivia, declStart }, offset, e.expected ?? []));
      }
      const minimum = declStart === undefined ? offset : Math.max(offset, declStart + 1);
      const next = resyncPoint(text, lines, minimum, declStart === undefined ? undefined : indentOf(text, lines, declStart));
      if (next === undefined) break;
      restartAt = next;
      input = blankBefore(text, next);
      startRule = "DeclList";
    }
  }

  const withDocs = decls.map((d) => attachDoc(d, text, trivia));
  let spec: SpecFile | undefined;
  if (header !== undefined) {
    const last = withDocs[withDocs.length - 1];
    const h = header;
    const doc = docBefore(text, trivia, h.span.start.offset);
    spec = {
      kind: "SpecFile",
      id: options.ids.next++,
      span: { file, start: h.span.start, end: last?.span.end ?? h.span.end },
      ...(doc === undefined ? {} : { doc }),
      name: h.name,
      ...(h.extends === null ? {} : { extends: h.extends }),
      decls: withDocs,
    };
    checkIntLiterals(spec, diagnostics);
  } else {
    checkIntLiterals(withDocs, diagnostics);
  }
  diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset || a.span.end.offset - b.span.end.offset);
  return spec === undefined ? { diagnostics } : { spec, diagnostics };
}

function attachDoc(d: Decl, text: string, trivia: Trivia): Decl {
  const doc = docBefore(text, trivia, d.span.start.offset);
  return doc === undefined ? d : { ...d, doc };
}

function lexicalDiagnostics(trivia: Trivia, lines: LineIndex, file: string): Diagnostic[] {
  return trivia.issues.map((i) => error(i.code, i.message, lines.span(file, i.start, i.end)));
}

/** True when a syntax error at `offset` is explained by an unterminated string/comment (already reported). */
function coveringIssue(trivia: Trivia, offset: number): boolean {
  return trivia.issues.some((i) => offset >= i.tokenStart && offset <= i.tokenEnd);
}

/** Column of the first token on the line of `offset`, in code units from the line start. */
function indentOf(text: string, lines: LineIndex, offset: number): number {
  const start = lines.lineStart(lines.pos(offset).line);
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0].length ?? 0;
}

/** Declaration keywords that also start items nested in bodies (process locals, workload items). */
const NESTED_KEYWORDS: ReadonlySet<string> = new Set(["var", "const", "check"]);

/**
 * The first line start at or after `minimum` whose first token is a declaration keyword or a doc
 * comment. `var`, `const` and `check` lines (and doc comments) only count when indented no deeper
 * than the broken declaration: deeper ones are usually its own body (process locals, workload items).
 */
function resyncPoint(text: string, lines: LineIndex, minimum: number, maxIndent: number | undefined): number | undefined {
  for (let line = lines.pos(minimum).line; line <= lines.lineCount; line++) {
    const start = lines.lineStart(line);
    const indent = /^[ \t\uFEFF]*/.exec(text.slice(start, start + 200))?.[0].length ?? 0;
    const tokenAt = start + indent;
    if (tokenAt < minimum) continue;
    const rest = text.slice(tokenAt, tokenAt + 40);
    const word = /^[a-z]+(?![A-Za-z0-9_])/.exec(rest)?.[0];
    const doc = /^\/\/\/(?!\/)/.test(rest) || /^\/\*\*(?![*/])/.test(rest);
    const deeper = maxIndent !== undefined && indent > maxIndent;
    if (word !== undefined && DECL_KEYWORDS.has(word) && !(deeper && NESTED_KEYWORDS.has(word))) return tokenAt;
    if (doc && !deeper) return tokenAt;
  }
  return undefined;
}

/** `text` with everything before `offset` replaced by spaces, newlines kept (spans stay exact). */
function blankBefore(text: string, offset: number): string {
  return text.slice(0, offset).replace(/[^\n]/g, " ") + text.slice(offset);
}

/** Reports E103 for integer literals the checker cannot represent exactly. */
function checkIntLiterals(root: unknown, out: Diagnostic[]): void {
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    if (typeof v !== "object" || v === null) return;
    const node = v as { kind?: unknown };
    if (node.kind === "IntLit") {
      const lit = v as IntLit;
      if (lit.value > MAX_INT_LITERAL) {
        out.push(error("E103", `integer literal is too large: ${lit.value} is more than ${MAX_INT_LITERAL} (2^53 - 1)`, lit.span));
      }
      return;
    }
    for (const [k, x] of Object.entries(v)) if (k !== "span") visit(x);
  };
  visit(root);
}

function internalError(e: unknown, text: string, file: string): Diagnostic {
  const lines = new LineIndex(text);
  const tooDeep = e instanceof RangeError;
  const message = tooDeep ? "the input is nested too deeply to parse" : `internal parser error: ${e instanceof Error ? e.message : String(e)}`;
  return error(tooDeep ? "E105" : "E100", message, lines.span(file, 0, 0));
}
