/**
 * The runtime import of a generated model names only what the model uses (generator/emit/imports.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { pruneRuntimeImport, referencedNames } from "../../generator/emit/imports.js";

const SOURCE = `import { a, b } from "x";
/** Uses range in a comment, and "holds" in a string. */
class M extends Base<T> {
  holds = (s: State): boolean => check(s.range, "holds");
  view(w: Writer): void { const { range: r } = w; void r; }
}
const o = { setAt: 1, [key]: 2 };
`;

describe("referencedNames", () => {
  it("counts names in expressions and types, not member names, comments, strings or the imports", () => {
    const names = referencedNames(SOURCE);
    for (const n of ["Base", "T", "State", "check", "Writer", "key", "s", "w", "r", "o"]) expect(names, n).toContain(n);
    for (const n of ["a", "b", "holds", "range", "setAt", "view"]) expect(names, n).not.toContain(n);
  });

  it("pruneRuntimeImport keeps the used candidates in their order", () => {
    const out = pruneRuntimeImport(SOURCE, ["type Writer", "holds", "check", "range", "type State", "Base"]);
    expect(out.split("\n")[0]).toBe('import { type Writer, check, type State, Base } from "x";');
  });
});

/** Every generated model.ts under `dir`. */
function models(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? models(p) : e.name === "model.ts" ? [p] : [];
  });
}

describe("generated models", () => {
  it("import from the runtime only names that appear in their code", () => {
    const files = models("generated");
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = fs.readFileSync(f, "utf8");
      const m = /import \{([^}]*)\} from "[^"]*runtime[^"]*";/.exec(text);
      expect(m, f).not.toBeNull();
      const rest = text.slice((m?.index ?? 0) + (m?.[0].length ?? 0));
      // An independent, textual check: each imported name occurs as a word after the import.
      const names = (m?.[1] ?? "")
        .split(",")
        .map((n) => n.trim().replace(/^type /, ""))
        .filter((n) => n !== "");
      for (const n of names) expect(new RegExp(`(?<![\\w$.])${n.replace(/\$/g, "\\$")}(?![\\w$])`).test(rest), `${f}: ${n}`).toBe(true);
    }
  });
});
