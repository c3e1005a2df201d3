/**
 * One linear lexical pass over a `.tspec` text, independent of the grammar: finds comments (so doc
 * comments can be attached to declarations and spans can be trimmed backwards), and reports what the
 * PEG cannot explain well — unterminated comments/strings (E102) and unknown string escapes (E104).
 */

/** A comment's extent, `[start, end)`; line comments end before their newline and trailing blanks (spaces, tabs, a `\r`). */
export interface Comment {
  readonly start: number;
  readonly end: number;
  /** `docLine` is `///` (not `////`), `docBlock` is `/** … *\/` (not `/**\/`). */
  readonly kind: "line" | "block" | "docLine" | "docBlock";
}

/** A lexical problem; `tokenStart` is where the broken string/comment begins. */
export interface LexIssue {
  readonly code: "E102" | "E104";
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly tokenStart: number;
  /** Where parser errors caused by this issue end (they are not reported separately). */
  readonly tokenEnd: number;
}

/** The comments and lexical issues of one text. */
export interface Trivia {
  readonly comments: readonly Comment[];
  readonly commentEndingAt: ReadonlyMap<number, Comment>;
  readonly issues: readonly LexIssue[];
}

/** Scans `text` once for comments, strings and their problems. */
export function scanTrivia(text: string): Trivia {
  const comments: Comment[] = [];
  const issues: LexIssue[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = scanString(text, i, issues);
    } else if (c === "/" && text[i + 1] === "/") {
      const nl = text.indexOf("\n", i);
      let end = nl < 0 ? text.length : nl;
      // Trailing blanks (and a CR) are not part of the comment, so that scanning backwards over
      // whitespace lands on its end (doc comment runs, previousTokenEnd).
      while (end > i + 2 && (text[end - 1] === " " || text[end - 1] === "\t" || text[end - 1] === "\r")) end--;
      const kind = text[i + 2] === "/" && text[i + 3] !== "/" ? "docLine" : "line";
      comments.push({ start: i, end, kind });
      i = end;
    } else if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) {
        issues.push({
          code: "E102",
          message: "unterminated block comment: `/*` has no matching `*/`",
          start: i,
          end: i + 2,
          tokenStart: i,
          tokenEnd: text.length,
        });
        break;
      }
      const isDoc = text[i + 2] === "*" && text[i + 3] !== "*" && text[i + 3] !== "/";
      comments.push({ start: i, end: close + 2, kind: isDoc ? "docBlock" : "block" });
      i = close + 2;
    } else {
      i++;
    }
  }
  const commentEndingAt = new Map(comments.map((cm) => [cm.end, cm] as const));
  return { comments, commentEndingAt, issues };
}

/** Scans the string starting at the quote `start`; returns the offset after it. */
function scanString(text: string, start: number, issues: LexIssue[]): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return i + 1;
    if (c === "\n" || c === "\r") break;
    if (c === "\\") {
      const e = text[i + 1];
      if (e === undefined || e === "\n" || e === "\r") break;
      if (!'nt"\\'.includes(e)) {
        issues.push({
          code: "E104",
          message: `unknown escape \`\\${e}\` in a string: use \`\\n\`, \`\\t\`, \`\\"\` or \`\\\\\``,
          start: i,
          end: i + 2,
          tokenStart: start,
          tokenEnd: i + 2,
        });
      }
      i += 2;
      continue;
    }
    i++;
  }
  issues.push({
    code: "E102",
    message: 'unterminated string: a string must end with `"` on the same line',
    start,
    end: i,
    tokenStart: start,
    tokenEnd: i,
  });
  return i;
}

const isSpace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\uFEFF";

/** The offset just after the last token before `offset` (skipping whitespace and comments backwards). */
export function previousTokenEnd(text: string, trivia: Trivia, offset: number): number {
  let o = offset;
  for (;;) {
    while (o > 0 && isSpace(text[o - 1])) o--;
    const cm = trivia.commentEndingAt.get(o);
    if (cm === undefined || cm.start >= o) return o;
    o = cm.start;
  }
}

/** The offset of the first token at or after `offset` (skipping whitespace and comments forwards). */
export function nextTokenStart(text: string, trivia: Trivia, offset: number): number {
  const starts = new Map(trivia.comments.map((cm) => [cm.start, cm] as const));
  let o = offset;
  for (;;) {
    while (o < text.length && isSpace(text[o])) o++;
    const cm = starts.get(o);
    if (cm === undefined) return o;
    o = cm.end;
  }
}

/**
 * The doc comment directly before the token at `offset` — a run of `///` lines or one `/** *\/`
 * block, separated from the token only by whitespace — as plain text, or undefined.
 */
export function docBefore(text: string, trivia: Trivia, offset: number): string | undefined {
  const found = docCommentsBefore(text, trivia, offset);
  if (found.length === 0) return undefined;
  const lines =
    found[0]?.kind === "docBlock" ? blockDocLines(text.slice(found[0].start + 3, found[0].end - 2)) : found.map((cm) => text.slice(cm.start + 3, cm.end));
  const doc = normalizeDoc(lines);
  return doc === "" ? undefined : doc;
}

/**
 * The comments `docBefore` reads for the token at `offset` (in source order): a run of `///` lines
 * or one `/** *\/` block, separated from the token only by whitespace; empty when there are none.
 */
export function docCommentsBefore(text: string, trivia: Trivia, offset: number): Comment[] {
  const found: Comment[] = [];
  let o = offset;
  for (;;) {
    while (o > 0 && isSpace(text[o - 1])) o--;
    const cm = trivia.commentEndingAt.get(o);
    if (cm === undefined) break;
    if (cm.kind === "docBlock" && found.length === 0) {
      found.push(cm);
      break;
    }
    if (cm.kind !== "docLine") break;
    found.unshift(cm);
    o = cm.start;
  }
  return found;
}

/** Lines of a `/** *\/` body, without the conventional leading ` * ` decoration. */
function blockDocLines(body: string): string[] {
  return body.split("\n").map((line, i) => (i === 0 ? line : line.replace(/^[ \t]*\*(?: |(?=\S)|$)/, "")));
}

/** Right-trims lines, drops blank first/last lines and removes the indentation common to all lines. */
export function normalizeDoc(raw: readonly string[]): string {
  const lines = raw.map((l) => l.replace(/[ \t\r]+$/, ""));
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const indents = lines.filter((l) => l !== "").map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common)).join("\n");
}
