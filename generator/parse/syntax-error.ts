/**
 * Turns peggy's "farthest failure" (position + list of expectations) into one readable E101
 * diagnostic: expectation lists are collapsed into words ("an expression", "a type", "a statement",
 * "a declaration"), operator noise is dropped when something more useful is expected, the found
 * token is shown whole (`var`, not `v`), and the enclosing declaration gives context.
 */
import type { Span } from "./ast.js";
import { error, type Diagnostic, type Note } from "../diagnostics/diagnostic.js";
import type { LineIndex } from "./line-index.js";
import type { Expectation } from "./parser.generated.js";
import { previousTokenEnd, type Trivia } from "./trivia.js";
import { tlaHint } from "./tla-hints.js";

/** The reserved words of docs/language.md ("Lexical structure"). */
export const KEYWORDS: ReadonlySet<string> = new Set(
  (
    "spec extends override const type enum var def invariant property action process procedure macro " +
    "workload run expect holds violates deadlock assertion lock_error spec_error check fair strong when in " +
    "notin subset union intersect minus and or not if then else let forall exists choose true false none " +
    "self bool set map seq option mutex rwlock pid while goto await either with assert skip call return " +
    "acquire release read_lock read_unlock write_lock write_unlock always eventually leadsto symmetric"
  ).split(" "),
);

/** Keywords that begin a top-level declaration (also the resynchronisation points of recovery). */
export const DECL_KEYWORDS: ReadonlySet<string> = new Set(
  "const type enum var def invariant property action process procedure macro workload check override fair strong symmetric refines ghost".split(" "),
);

const q = (s: string): string => `\`${s}\``;

// Tokens that could continue an expression; listed only when nothing else is expected.
const OPERATORS = new Set(
  [".", "[", "(", "*", "/", "%", "intersect", "+", "-", "union", "minus", "\\", "..", "with", "->", ">>"]
    .concat(["==", "!=", "<=", ">=", "<", ">", "notin", "subset", "in", "is", "and", "&&", "or", "||", "=>", "<=>"])
    .map(q),
);
const EXPR_STARTS = new Set(
  ["if", "let", "forall", "exists", "choose", "true", "false", "none", "self", "bool", "holds", "(", "{", "[", "<<", "-", "not", "!"]
    .map(q)
    .concat(["a number", "a string", "an identifier"]),
);
const TYPE_STARTS = new Set(["bool", "set", "map", "seq", "option", "tuple", "mutex", "rwlock", "pid"].map(q));
const STMT_STARTS = new Set(
  ["if", "while", "either", "with", "let", "{", "goto", "await", "assert", "skip", "return", "call"]
    .concat(["acquire", "release", "read_lock", "read_unlock", "write_lock", "write_unlock"])
    .map(q)
    .concat(["an identifier"]),
);
const DECL_STARTS = new Set([...DECL_KEYWORDS].map(q));

const CMP_TOKENS = new Set(["==", "!=", "<", "<=", ">", ">="].map(q));

const DECL_NOUNS: Readonly<Record<string, string>> = {
  const: "constant declaration",
  type: "type declaration",
  enum: "enum declaration",
  var: "variable declaration",
  def: "definition",
  invariant: "invariant",
  property: "property",
  action: "action",
  process: "process",
  procedure: "procedure",
  macro: "macro",
  workload: "workload",
  check: "option",
};
const BLOCK_DECLS = new Set(["action", "process", "procedure", "macro", "workload", "enum"]);

const PUNCTUATION = ["<=>", "<<", "|->", "...", "..", "==", "!=", "<=", ">=", "=>", "&&", "||", "//", "/*", "*/"];

/** What the parser found at an offset: its display text and extent. */
export interface FoundToken {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly keyword: boolean;
}

/** The token at `offset`, read whole (a word, a number, an operator, or one character). */
export function tokenAt(text: string, offset: number): FoundToken {
  if (offset >= text.length) return { text: "end of input", start: offset, end: offset, keyword: false };
  const rest = text.slice(offset, offset + 64);
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0] ?? /^[0-9][A-Za-z0-9_]*/.exec(rest)?.[0];
  if (word !== undefined) {
    return { text: q(word), start: offset, end: offset + word.length, keyword: KEYWORDS.has(word) };
  }
  if (rest.startsWith('"')) {
    const close = rest.indexOf('"', 1);
    const nl = rest.search(/[\r\n]/);
    const end = close > 0 && (nl < 0 || close < nl) ? close + 1 : 1;
    return { text: "a string", start: offset, end: offset + end, keyword: false };
  }
  const punct = PUNCTUATION.find((p) => rest.startsWith(p));
  if (punct !== undefined) return { text: q(punct), start: offset, end: offset + punct.length, keyword: false };
  const cp = text.codePointAt(offset) ?? 0;
  const ch = String.fromCodePoint(cp);
  const shown = cp < 0x20 || cp === 0x7f || cp === 0xfeff ? `U+${cp.toString(16).toUpperCase().padStart(4, "0")}` : ch;
  return { text: q(shown), start: offset, end: offset + ch.length, keyword: false };
}

/** Readable names of peggy expectations, collapsed and de-duplicated, in first-seen order. */
export function describeExpectations(expected: readonly Expectation[]): string[] {
  let items = [...new Set(expected.map(expectationText))];
  const collapse = (members: ReadonlySet<string>, word: string): void => {
    const at = items.findIndex((i) => members.has(i));
    if (at < 0) return;
    const kept = items.filter((i) => !members.has(i));
    kept.splice(Math.min(at, kept.length), 0, word);
    items = kept;
  };
  if (items.includes(q("skip")) && items.includes(q("goto"))) collapse(STMT_STARTS, "a statement");
  if (items.includes(q("process")) && items.includes(q("workload"))) collapse(DECL_STARTS, "a declaration");
  if (items.includes(q("bool")) && items.includes(q("mutex"))) {
    collapse(new Set([...TYPE_STARTS, ...EXPR_STARTS]), "a type");
  } else if (items.includes("a number") && items.includes("an identifier")) {
    collapse(EXPR_STARTS, "an expression");
  }
  // `var x: T in S;` — keep `in` next to `=`: there it is a declaration form, not an operator.
  const operators = items.includes(q("=")) ? new Set([...OPERATORS].filter((o) => o !== q("in"))) : OPERATORS;
  const useful = items.filter((i) => !operators.has(i) && i !== "end of input");
  if (useful.length > 0) return useful;
  // Only operators: after a complete operand inside `set<…>`/`seq<…, N>` the closer is what's missing.
  if (items.includes(q(">"))) return [q(">")];
  return items.length > 3 ? ["an operator"] : items;
}

function expectationText(e: Expectation): string {
  switch (e.type) {
    case "literal":
      return q(e.text);
    case "other":
      return e.description;
    case "end":
      return "end of input";
    case "any":
      return "any character";
    case "class":
      return "a character";
  }
}

/** "a", "a or b", "a, b, or c". */
export function oneOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "something else";
  if (items.length === 2) return `${items[0]} or ${items[1]}`;
  return `${items.slice(0, -1).join(", ")}, or ${items[items.length - 1]}`;
}

/** Where the error happened: the source, and the start of the declaration being parsed. */
export interface ErrorSite {
  readonly text: string;
  readonly file: string;
  readonly lines: LineIndex;
  readonly trivia: Trivia;
  /** Offset of the first token of the failing declaration; undefined while parsing the header. */
  readonly declStart: number | undefined;
}

/** Keywords that start an optional clause at the end of a declaration (see `syntaxErrorDiagnostic`). */
const OPTIONAL_CLAUSES = new Set([q("display"), q("note")]);

/** Builds the E101 diagnostic for a failure at `offset` with peggy's `expected` list. */
export function syntaxErrorDiagnostic(site: ErrorSite, offset: number, expected: readonly Expectation[]): Diagnostic {
  const { text, file, lines } = site;
  const found = tokenAt(text, offset);
  // A declaration's optional trailing clauses (`display { … }`, `note "…"`) are not what a missing `;`
  // is about: name only the terminator, as before those clauses existed.
  const all = describeExpectations(expected);
  const items = all.includes(q(";")) ? all.filter((i) => !OPTIONAL_CLAUSES.has(i)) : all;
  const notes: Note[] = [];

  if (site.declStart === undefined && items.includes(q("spec"))) {
    const blank = text.replace(/^\uFEFF/, "").trim() === "";
    const message = blank
      ? "the file is empty: expected the spec header `spec Name`"
      : `expected the spec header \`spec Name\` at the start of the file, found ${found.text}`;
    return error("E101", message, lines.span(file, found.start, found.end), [
      { message: 'every .tspec file starts with `spec Name` (optionally `extends "base.tspec"`)' },
    ]);
  }
  const wantedName = found.keyword && items.includes("an identifier");
  if (wantedName) notes.push({ message: `${found.text} is a reserved keyword and cannot be used as a name` });
  const couldCompare = expected.some((e) => e.type === "literal" && e.text === "==");
  if (found.text === q("=") && couldCompare && !items.includes(q("="))) notes.push({ message: "`=` assigns; compare with `==`" });
  // TLA+/PlusCal habits (`\\in`, `/\\`, `x'`, `Foo == e`, …): a `help:` line naming the spec2ts form.
  const hint = tlaHint({ text, trivia: site.trivia, offset, items });
  if (CMP_TOKENS.has(found.text) && !items.includes(found.text) && hint === undefined) {
    notes.push({ message: "comparisons do not chain: write `a < b and b < c`" });
  }
  if ((text.codePointAt(offset) ?? 0) > 0x7f) {
    notes.push({ message: "names and operators are ASCII: letters, digits and `_`" });
  }
  if (hint !== undefined) notes.push({ message: hint.help, kind: "help" });
  const context = items.includes(q("action")) ? "" : contextPhrase(site, offset, items);
  const message = `expected ${oneOf(items)}${context}, found ${wantedName ? "keyword " : ""}${found.text}`;

  // A missing terminator is best shown right after the previous token, on the line where it belongs.
  const prevEnd = previousTokenEnd(text, site.trivia, offset);
  const terminator = items.some((i) => [";", ")", "]", "}", ">"].map(q).includes(i));
  const span: Span =
    terminator && prevEnd < offset && lines.pos(prevEnd).line < lines.pos(offset).line
      ? lines.span(file, prevEnd, prevEnd)
      : lines.span(file, found.start, found.end);
  return error("E101", message, span, notes.length > 0 ? notes : undefined);
}

/** " after the variable declaration `x`" / " in the process `Worker`" / " in the spec header". */
function contextPhrase(site: ErrorSite, offset: number, items: readonly string[]): string {
  if (site.declStart === undefined) return " in the spec header";
  const words = site.text.slice(site.declStart, site.declStart + 200).match(/[A-Za-z_][A-Za-z0-9_-]*/g) ?? [];
  const kwIndex = words.findIndex((w) => !["override", "fair", "strong", "ghost"].includes(w));
  const kw = words[kwIndex];
  if (kw === undefined || site.text.slice(site.declStart).match(/^[A-Za-z_]/) === null) return "";
  const noun = Object.hasOwn(DECL_NOUNS, kw) ? DECL_NOUNS[kw] : undefined;
  if (noun === undefined) return "";
  const name = words[kwIndex + 1];
  const named = name !== undefined && !KEYWORDS.has(name) && offset > site.declStart + kw.length ? ` ${q(name)}` : "";
  const onlySemicolon = items.length === 1 && items[0] === q(";");
  const preposition = onlySemicolon && !BLOCK_DECLS.has(kw) ? "after" : "in";
  return ` ${preposition} the ${noun}${named}`;
}
