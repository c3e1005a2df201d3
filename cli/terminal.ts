/**
 * Terminal-safe output (issue 14 item 3). Text from a spec — assert messages, string values, names,
 * source lines quoted by diagnostics — may contain control characters: ESC sequences that erase lines,
 * move the cursor or hide text, carriage returns that overwrite the verdict, bidirectional overrides
 * that reorder it. Every line the CLI prints for humans goes through `terminalSafe`: such characters
 * are shown as `\uNNNN` (valid in JSON strings too), never sent raw. The only escape sequences let through are the
 * colour codes the CLI itself uses, and only when colour is on for that stream (so `NO_COLOR` output
 * contains no ESC byte at all). JSON output is already escaped by JSON.stringify.
 */

/** The SGR codes picocolors emits for the styles the CLI uses (bold, dim, underline, colours, resets). */
const OWN_SGR = /^\x1b\[(?:1|2|4|22|24|3[1-6]|39|90)m/;

/** C0 controls except tab and newline, DEL, C1 controls, line/paragraph separators, bidi controls. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function shown(c: string): string {
  const n = c.charCodeAt(0);
  return `\\u${n.toString(16).padStart(4, "0")}`;
}

/**
 * `text` with every control character made visible, except newlines, tabs and (when `colors` is true)
 * the CLI's own colour codes.
 */
export function terminalSafe(text: string, colors: boolean): string {
  if (!colors) return text.replace(CONTROL, shown);
  let out = "";
  let i = 0;
  while (i < text.length) {
    const esc = text.indexOf("\x1b", i);
    const end = esc < 0 ? text.length : esc;
    out += text.slice(i, end).replace(CONTROL, shown);
    if (esc < 0) break;
    const own = OWN_SGR.exec(text.slice(esc, esc + 8));
    if (own) {
      out += own[0];
      i = esc + own[0].length;
    } else {
      out += shown("\x1b");
      i = esc + 1;
    }
  }
  return out;
}

/**
 * `text` on one line: newlines, carriage returns and tabs shown as `\uNNNN` too. For cells of a table
 * (a path with a newline in `spec2ts test`'s table would break its rows) and one-line headings.
 */
export function singleLine(text: string): string {
  return text.replace(/[\n\r\t]/g, shown);
}
