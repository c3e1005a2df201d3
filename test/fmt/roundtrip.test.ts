/**
 * The formatter's laws on every spec in the repository that parses without errors (specs/**,
 * test/models/**, test/fixtures/**):
 *   (1) parse(format(x)) equals parse(x), ignoring ids and spans (docs included);
 *   (2) format is idempotent;
 *   (3) the comments of x that are not attached doc comments — as found by the trivia scanner — are
 *       those of format(x), as a multiset of texts (up to re-indentation and trailing whitespace).
 * comments.property.test.ts checks the same laws on generated specs with comments sprinkled in.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { formatSource, parseSpec } from "../../generator/api.js";
import { hasErrors } from "../../generator/diagnostics/diagnostic.js";
import { astEqual } from "../../generator/parse/print.js";
import { commentTexts } from "./comment-texts.js";

function specFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...specFiles(p));
    else if (e.name.endsWith(".tspec")) out.push(p);
  }
  return out.sort();
}

const candidates = [...specFiles("specs"), ...specFiles("test/models"), ...specFiles("test/fixtures")];
const files = candidates.filter((f) => {
  const r = parseSpec(fs.readFileSync(f, "utf8"), f);
  return r.spec !== undefined && !hasErrors(r.diagnostics);
});

describe("spec2ts fmt laws on the repository's specs", () => {
  it("covers the repository's specs, comments included", () => {
    expect(files.length).toBeGreaterThan(60);
    expect(files.filter((f) => f.startsWith("specs/")).length).toBeGreaterThanOrEqual(10);
    const withComments = files.filter((f) => commentTexts(fs.readFileSync(f, "utf8"), f).length > 0);
    expect(withComments.length).toBeGreaterThanOrEqual(8);
  });
  for (const f of files) {
    it(`${f}: parse(format(x)) == parse(x), idempotent, comments kept`, () => {
      const text = fs.readFileSync(f, "utf8");
      const once = formatSource(text, f).formatted;
      if (once === undefined) throw new Error("not formatted");
      expect(formatSource(once, f).formatted).toBe(once);
      expect(astEqual(parseSpec(once, f).spec, parseSpec(text, f).spec)).toBe(true);
      expect(commentTexts(once, f)).toEqual(commentTexts(text, f));
      expect(once).not.toMatch(/[ \t]$/m);
      expect(once).not.toMatch(/\n\n\n/);
    });
  }
});
