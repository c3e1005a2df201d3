/**
 * Escaping of text that reaches emitted TypeScript, one function per context (issue 14 item 1).
 * Everything that comes from outside the generator — spec paths, names, doc comments, messages, the
 * import paths of `--emit-test` — goes through exactly one of these before it is pasted into code:
 *
 * - `stringLiteral`: a TS/JS string literal (JSON plus the two line separators JSON leaves raw);
 * - `blockCommentText`: the inside of a `/* … *\/` or JSDoc comment (cannot close it);
 * - `lineCommentText`: the rest of a `//` comment (cannot end the line: no line terminator survives).
 *
 * Kept free of ts-morph so the CLI can use it cheaply.
 */

/** A string literal (double-quoted) whose value is exactly `text`. */
export function stringLiteral(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** `\uXXXX` for one UTF-16 code unit. */
function u(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Text for the inside of a block comment: `*\/` cannot close it (`*\/` → `*\\/`), carriage returns are
 * dropped (the generated files use `\n`), and other control characters (except newline and tab) are
 * shown as `\uXXXX`, so no byte of the text can end the comment or hide in it.
 */
export function blockCommentText(text: string): string {
  return text
    .replace(/\*\//g, "*\\/")
    .replace(/\r/g, "")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, u);
}

/**
 * Text for the rest of a `//` line comment: every line terminator (`\n`, `\r`, U+2028, U+2029) and every
 * other control character is shown as `\uXXXX`, so the text cannot start a line of code.
 */
export function lineCommentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, u);
}
