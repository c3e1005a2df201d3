/**
 * The layout engine of the `.tspec` formatter: a Wadler/prettier-style document. A group is printed
 * flat (each `line` a space, each `softline` nothing) when it fits in what is left of the WIDTH-column
 * line, else its own lines break (and its inner groups are tried again). `indent` breaks 2 columns
 * deeper than the enclosing indentation; `align` breaks at the column where it starts (kernel-style
 * continuation lines). print.ts and print-expr.ts build documents; `render` prints them.
 */

/** The line width the formatter aims for (a line can be longer when nothing can break). */
export const WIDTH = 100;

export type Doc = string | Doc[] | { readonly k: "line"; readonly soft: boolean } | { readonly k: "group" | "indent" | "align"; readonly d: Doc };

export const line: Doc = { k: "line", soft: false };
export const softline: Doc = { k: "line", soft: true };
export const group = (...d: Doc[]): Doc => ({ k: "group", d });
export const indent = (...d: Doc[]): Doc => ({ k: "indent", d });
export const align = (...d: Doc[]): Doc => ({ k: "align", d });
export const join = (sep: Doc, ds: readonly Doc[]): Doc[] => ds.flatMap((d, i) => (i === 0 ? [d] : [sep, d]));

type Cmd = readonly [ind: number, flat: boolean, doc: Doc];

/** Prints `doc` starting at column `col`, lines breaking at indentation `ind`. */
export function render(doc: Doc, ind: number, col = ind): string {
  let out = "";
  let pos = col;
  const stack: Cmd[] = [[ind, false, doc]];
  for (let c = stack.pop(); c !== undefined; c = stack.pop()) {
    const [i, flat, d] = c;
    if (typeof d === "string") {
      out += d;
      const nl = d.lastIndexOf("\n");
      pos = nl < 0 ? pos + d.length : d.length - nl - 1;
    } else if (Array.isArray(d)) {
      for (let j = d.length - 1; j >= 0; j--) stack.push([i, flat, d[j] as Doc]);
    } else if (d.k === "line") {
      if (flat) {
        if (!d.soft) out += " ";
        pos += d.soft ? 0 : 1;
      } else {
        out += `\n${" ".repeat(i)}`;
        pos = i;
      }
    } else if (d.k === "indent") stack.push([i + 2, flat, d.d]);
    else if (d.k === "align") stack.push([pos, flat, d.d]);
    else stack.push([i, flat || fits(d.d, stack, WIDTH - pos), d.d]);
  }
  return out;
}

/** Whether `doc` printed flat, and what follows it up to the next possible line break, takes at most `width` columns. */
function fits(doc: Doc, rest: readonly Cmd[], width: number): boolean {
  const todo: [boolean, Doc][] = [[true, doc]];
  let r = rest.length;
  let w = width;
  while (w >= 0) {
    const t = todo.pop();
    if (t === undefined) {
      const next = rest[--r];
      if (next === undefined) return true;
      todo.push([next[1], next[2]]);
      continue;
    }
    const [flat, d] = t;
    if (typeof d === "string") {
      const nl = d.indexOf("\n");
      if (nl >= 0) return w - nl >= 0;
      w -= d.length;
    } else if (Array.isArray(d)) {
      for (let j = d.length - 1; j >= 0; j--) todo.push([flat, d[j] as Doc]);
    } else if (d.k === "line") {
      if (!flat) return true;
      w -= d.soft ? 0 : 1;
    } else todo.push([flat, d.d]);
  }
  return false;
}
