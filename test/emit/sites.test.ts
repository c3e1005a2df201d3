/**
 * Issue 17 item 3: the site-id table (generator/emit/sites.ts). A model names the location of each
 * run-time check as `AT[id]`; emitted with `inlineSites` it writes the `file:line:col` string at the
 * check instead, as the emitter did before the table. Differentially, for every site of every shipped
 * spec: the table's strings (as the runtime's `sites` builds them), put back at the uses, give exactly
 * the inline model. So an error raised at any check names the file:line:col it named before the table.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../generator/api.js";
import { emitModel } from "../../generator/emit/module.js";
import { sites } from "../../runtime/contract/model.js";
import { frontEnd } from "../fuzz/harness.js";
import { emitted, run } from "./values-harness.js";

const IMPORT = "../../runtime/contract/index.js";

function specFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.posix.join(dir, e.name);
    return e.isDirectory() ? specFiles(p) : p.endsWith(".tspec") ? [p] : [];
  });
}

/** The `AT` table of an emitted model: its text, and the strings `sites(...)` builds from it. */
function siteTable(code: string): { readonly text: string; readonly strings: readonly string[]; readonly rowIds: readonly number[] } | undefined {
  const m = /\/\*\*\n \* Where the run-time checks[^]*?\nconst AT: readonly string\[\] = sites\((\{[^]*?\n\})\);\n/.exec(code);
  if (!m) return undefined;
  const body = m[1] as string;
  const rowIds = [...body.matchAll(/\/\* (\d+) \*\//g)].map((r) => Number(r[1]));
  const json = body.replace(/\/\* \d+ \*\//g, "").replace(/,(\s*[\]}])/g, "$1");
  return { text: m[0], strings: sites(JSON.parse(json) as { [file: string]: [number, number][] }), rowIds };
}

/** The table model with each `AT[id]` replaced by its string, the table and its `sites` import removed. */
function expand(code: string): { readonly code: string; readonly used: ReadonlySet<number>; readonly count: number } {
  const table = siteTable(code);
  if (!table) return { code, used: new Set(), count: 0 };
  const used = new Set<number>();
  const out = code
    .replace(table.text, "")
    .replace(/^(import \{[^}]*?)\bsites, /m, "$1")
    .replace(/\bAT\[(\d+)\]/g, (_m, id: string) => {
      const s = table.strings[Number(id)];
      if (s === undefined) throw new Error(`AT[${id}] is past the table (${table.strings.length} sites)`);
      used.add(Number(id));
      return JSON.stringify(s);
    });
  // Each row's comment is the id of its first site.
  let next = 0;
  const rows = [...table.text.matchAll(/\/\* (\d+) \*\/ ([^\n]*)/g)];
  for (const r of rows) {
    expect(Number(r[1])).toBe(next);
    next += (r[2] as string).split("], [").length;
  }
  expect(next).toBe(table.strings.length);
  return { code: out, used, count: table.strings.length };
}

describe("site-id table (issue 17 item 3)", () => {
  const files = specFiles("specs").sort();

  it.each(files)("%s: every AT[id] names the location the check names when written inline", (file) => {
    const fe = checkFile(file);
    expect(fe.checked, file).toBeDefined();
    const specs = [fe.checked!, ...(fe.checked!.refines ? [fe.checked!.refines.abstract] : [])];
    for (const spec of specs) {
      const tabled = emitModel(spec, IMPORT);
      const inline = emitModel(spec, IMPORT, { inlineSites: true });
      const { code, used, count } = expand(tabled);
      expect(code).toBe(inline);
      // No site in the table is left unused.
      expect(used.size).toBe(count);
    }
  });

  it("a spec without run-time checks gets no table", () => {
    const o = frontEnd("spec NoChecks\nvar b: bool = false;\naction Flip {\n  b = not b;\n}\n", "test/emit/no-checks.tspec");
    expect(o.checked).toBeDefined();
    const code = emitModel(o.checked!, IMPORT);
    expect(code).not.toMatch(/\bAT\b|\bsites\b/);
  });

  it("an error raised at a check names its file:line:col through the table", async () => {
    const text = [
      "spec SiteErr",
      "var x: 0..3 = 0;",
      "process P[self in 1..1] {",
      "  A: x = x + 2;",
      "  B: x = x + 2;",
      "}",
      "workload w { check deadlock = false; expect holds; }",
      "",
    ].join("\n");
    const o = await run("site-err", text);
    expect(o.verdict).toBe("spec_error");
    // The second assignment (`B`, line 5) is the one that leaves 0..3; the location is its statement.
    expect(o.loc).toBe(".cache/test-values/site-err.tspec:5:3");
    const code = emitted.get(".cache/test-values/site-err/model.ts") as string;
    const id = Number(/checkRange\(\(?t\.x \+ 2\)?, 0, 3, "x", AT\[(\d+)\]\);\n\s*this\.noLocksHeld/.exec(code)?.[1]);
    expect(siteTable(code)?.strings[id]).toBe(".cache/test-values/site-err.tspec:5:3");
  });
});
