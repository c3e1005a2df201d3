/**
 * Golden diagnostics for semantically broken specs (test/fixtures/check-errors): each `NN-name.tspec`
 * goes through `checkFile` (paths relative to the repo root, which is vitest's working directory) and
 * its rendered diagnostics must equal `NN-name.expected.txt`. `UPDATE_GOLDENS=1` rewrites them.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../generator/api.js";
import { renderDiagnostics } from "../../generator/diagnostics/render.js";

const DIR = "test/fixtures/check-errors";
const update = process.env.UPDATE_GOLDENS === "1";

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith(".tspec"))
  .sort()
  .map((f) => f.slice(0, -".tspec".length));

function run(name: string): { rendered: string; result: ReturnType<typeof checkFile> } {
  const result = checkFile(join(DIR, `${name}.tspec`));
  // A file outside the project (the 370 fixture's /tmp/spec2ts-outside) is shown relative to the working
  // directory, which depends on where the clone lies: the golden has it as the absolute path.
  const outside = path.relative(process.cwd(), "/tmp/spec2ts-outside").split(path.sep).join("/");
  const rendered = (result.diagnostics.length === 0 ? "no diagnostics\n" : renderDiagnostics(result.diagnostics, result.sources)).replaceAll(
    `\`${outside}/`,
    "`/tmp/spec2ts-outside/",
  );
  return { rendered, result };
}

describe("check error goldens", () => {
  it("has at least 40 cases, each with a numbered name", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases) expect(c).toMatch(/^\d{2,3}-[a-z0-9-]+$/);
  });

  it.each(cases)("%s", (name) => {
    const { rendered, result } = run(name);
    const expectedPath = join(DIR, `${name}.expected.txt`);

    // Every case is broken on purpose: it reports something, and nothing crashed on the way.
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(rendered).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(rendered).not.toMatch(/TypeError|ReferenceError|RangeError|undefined|\[object Object\]|NaN/);

    // Every diagnostic (and note) points inside a file we know, with consistent line/column.
    for (const d of result.diagnostics) {
      expect(d.message.length).toBeGreaterThan(0);
      for (const span of [d.span, ...(d.notes ?? []).flatMap((n) => (n.span ? [n.span] : []))]) {
        const text = result.sources.get(span.file);
        expect(text, `${d.code}: unknown file ${span.file}`).toBeDefined();
        if (text === undefined) continue;
        expect(span.start.offset).toBeGreaterThanOrEqual(0);
        expect(span.start.offset).toBeLessThanOrEqual(span.end.offset);
        expect(span.end.offset).toBeLessThanOrEqual(text.length);
        for (const p of [span.start, span.end]) {
          const before = text.slice(0, p.offset);
          expect(p.line, `${d.code} line`).toBe(before.split("\n").length);
          expect(p.column, `${d.code} column`).toBe(p.offset - (before.lastIndexOf("\n") + 1) + 1);
        }
      }
    }

    if (update) {
      writeFileSync(expectedPath, rendered);
      return;
    }
    expect(existsSync(expectedPath), `missing ${expectedPath}: run UPDATE_GOLDENS=1 npx vitest run test/check/goldens.test.ts`).toBe(true);
    expect(rendered).toBe(readFileSync(expectedPath, "utf8"));
  });

  it("has an expected file for every spec and no stray expected files", () => {
    const expected = readdirSync(DIR)
      .filter((f) => f.endsWith(".expected.txt"))
      .map((f) => f.slice(0, -".expected.txt".length))
      .sort();
    if (!update) expect(expected).toEqual(cases);
  });
});
