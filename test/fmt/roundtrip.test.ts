/**
 * The formatter's law on every spec in the repository: parse(format(x)) equals parse(x) (ignoring
 * ids and spans), and formatting is idempotent.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { formatSource, parseSpec } from "../../generator/api.js";
import { astEqual } from "../../generator/parse/print.js";

function specFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...specFiles(p));
    else if (e.name.endsWith(".tspec")) out.push(p);
  }
  return out.sort();
}

const files = [...specFiles("specs"), ...specFiles("test/models"), ...specFiles("test/fixtures/emit"), ...specFiles("test/fixtures/liveness")];

describe("spec2ts fmt round trip", () => {
  it("covers the repository's specs", () => {
    expect(files.length).toBeGreaterThan(15);
  });
  for (const f of files) {
    it(`parse(format(${f})) == parse(${f}) and format is idempotent`, () => {
      const text = fs.readFileSync(f, "utf8");
      const once = formatSource(text, f);
      expect(once.formatted).toBeDefined();
      const again = formatSource(once.formatted as string, f);
      expect(again.formatted).toBe(once.formatted);
      expect(astEqual(parseSpec(once.formatted as string, f).spec, parseSpec(text, f).spec)).toBe(true);
    });
  }
});
