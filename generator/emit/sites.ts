/**
 * The site-id table of a generated model. Every run-time check (a range, a map key, an assertion, a
 * lock) names the `file:line:col` of the spec text it checks; a pfncache model has about 190 of them,
 * used at 260 places. Spelled out at each use they were a third of the width of the line and made
 * prettier break most checked assignments over five lines. Each use reads `AT[id]` instead, and
 * one table, `AT`, lists the sites in spec order, several to a row.
 *
 * While the model is emitted a use is a placeholder (`AT[$site$k]`, k in order of first use: valid
 * TypeScript, so ts-morph prints it untouched); `finish` numbers the sites in spec order, writes the
 * table where `SITE_TABLE_MARK` stands and replaces the placeholders.
 */
import { str } from "./names.js";

/** Stands where the table goes (after the imports: before any code that could read it). */
export const SITE_TABLE_MARK = "/* $sites$ */";

/** Sites per row of the table: eight `[line, col]` pairs and the row's id fit the model's 110 columns. */
const PER_ROW = 8;

interface Site {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export class SiteTable {
  private readonly sites: Site[] = [];
  private readonly index = new Map<string, number>();

  /** @param inline write each site's string at its use, with no table (the emitter's form before the table; tests compare the two). */
  constructor(private readonly inline = false) {}

  /** The code naming the site `file:line:col`. */
  ref(file: string, line: number, col: number): string {
    const key = `${file}:${line}:${col}`;
    if (this.inline) return str(key);
    let k = this.index.get(key);
    if (k === undefined) {
      k = this.sites.length;
      this.sites.push({ file, line, col });
      this.index.set(key, k);
    }
    return `AT[$site$${k}]`;
  }

  /** `source` with the table in place of the mark and the placeholders numbered in spec order. */
  finish(source: string): string {
    // Only the sites the text uses: code built for a site and then not chosen leaves none behind.
    const used = new Set([...source.matchAll(/AT\[\$site\$(\d+)\]/g)].map((m) => Number(m[1])));
    if (used.size === 0) return source.replace(`${SITE_TABLE_MARK}\n`, "").replace(SITE_TABLE_MARK, "");
    const order = [...used];
    const files = [...new Set(order.map((k) => (this.sites[k] as Site).file))];
    order.sort((a, b) => {
      const x = this.sites[a] as Site;
      const y = this.sites[b] as Site;
      return files.indexOf(x.file) - files.indexOf(y.file) || x.line - y.line || x.col - y.col;
    });
    const id = new Map<number, number>();
    order.forEach((k, i) => id.set(k, i));
    const rows: string[] = [];
    for (const file of files) {
      rows.push(`  ${str(file)}: [`);
      const mine = order.filter((k) => (this.sites[k] as Site).file === file);
      // Rows of up to PER_ROW sites, each opened by its first site's id: `AT[57]` is found by its row.
      for (let r = 0; r < mine.length; r += PER_ROW) {
        const row = mine.slice(r, r + PER_ROW).map((k) => `[${(this.sites[k] as Site).line}, ${(this.sites[k] as Site).col}]`);
        rows.push(`    /* ${id.get(mine[r] as number) as number} */ ${row.join(", ")},`);
      }
      rows.push("  ],");
    }
    const table = [
      "/**",
      " * Where the run-time checks are in the spec: `AT[id]` is the `file:line:col` an error raised there",
      " * names. Sites are [line, column] per spec file, in spec order; a row's comment is its first site's id.",
      " */",
      "// prettier-ignore",
      "const AT: readonly string[] = sites({",
      ...rows,
      "});",
    ].join("\n");
    return source.replace(SITE_TABLE_MARK, table).replace(/AT\[\$site\$(\d+)\]/g, (_m, k: string) => `AT[${id.get(Number(k)) as number}]`);
  }
}
