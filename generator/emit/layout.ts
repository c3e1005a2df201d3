/**
 * Hand-laid tables of the generated model: short items several to a line under `// prettier-ignore`.
 * Prettier would put one label, one site or one ordinal on each line (a list of 40 labels becomes 40
 * lines); wrapped at the model's print width they read as the list they are.
 */

import { str } from "./names.js";

/** The width generated code is formatted to (format.ts). */
const WIDTH = 110;

/** `items` joined by `sep` into lines of at most WIDTH columns, each indented by `indent` spaces (no trailing separator). */
export function wrapItems(items: readonly string[], indent: number, sep = ", "): string[] {
  const lines: string[] = [];
  let cur = "";
  for (const item of items) {
    const next = cur === "" ? item : `${cur}${sep}${item}`;
    if (cur !== "" && indent + next.length + sep.trimEnd().length > WIDTH) {
      lines.push(cur + sep.trimEnd());
      cur = item;
    } else cur = next;
  }
  if (cur !== "") lines.push(cur);
  return lines.map((l) => " ".repeat(indent) + l);
}

/** `open`, the items wrapped at two spaces, `close`: a prettier-ignored table statement (`open` ends with `[` or `{`). */
export function table(open: string, items: readonly string[], close: string): string {
  const one = `${open}${open.endsWith("{") ? " " : ""}${items.join(", ")}${open.endsWith("{") ? " " : ""}${close}`;
  return one.length <= WIDTH ? one : ["// prettier-ignore", open, ...wrapItems(items, 2), close].join("\n");
}

/** A list nested in a prettier-ignored table: on one line at `indent` when it fits, else wrapped under `open`. */
export function nestedList(open: string, items: readonly string[], close: string, indent: number): string[] {
  const pad = " ".repeat(indent);
  const one = `${pad}${open}${items.join(", ")}${close}`;
  return one.length <= WIDTH ? [one] : [`${pad}${open}`, ...wrapItems(items, indent + 2), `${pad}${close}`];
}

/** An object-literal key: bare when it is an identifier, quoted otherwise (`"refresh.B0"`). */
export function propKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : str(name);
}
