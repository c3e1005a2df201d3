/**
 * The generated model's lookup tables that are lists of short items (labels, ordinals), laid out
 * several to a line (layout.ts) so that they read as lists rather than as a column of one item per line.
 */
import { propKey, table } from "./layout.js";
import { str } from "./names.js";

/**
 * `PC_VALUES` (the labels in ordinal order), the `Pc` type derived from it, and `PC_ORD` (label →
 * ordinal). PC_ORD stays an object literal: V8 keeps a literal's properties in fast mode, where an
 * object built key by key with this many keys would become a dictionary, and encoding reads it for
 * every pc of every state.
 */
export function pcTables(uniquePcs: readonly string[]): string {
  return [
    "/** A process's control state: the label of its next atomic step (`procedure.label` inside procedures), or `Done`; in ordinal order. */",
    table("const PC_VALUES = [", uniquePcs.map(str), "] as const;"),
    "export type Pc = (typeof PC_VALUES)[number];",
    "/** The ordinal of each label (encoding, packing). */",
    table(
      "const PC_ORD: Readonly<Record<Pc, number>> = {",
      uniquePcs.map((p, i) => `${propKey(p)}: ${i}`),
      "};",
    ),
  ].join("\n");
}
