/**
 * The TextMate grammar of editor/vscode, tokenised with VS Code's own engine (vscode-textmate with the
 * oniguruma regex library): declarations, labels, keywords, comments, strings and operators get the
 * scopes themes colour, and every keyword of the parser's grammar is highlighted.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";

const GRAMMAR = "editor/vscode/syntaxes/tspec.tmLanguage.json";
let grammar: vsctm.IGrammar;

/** [text, innermost scope] for every token of `line`. */
function tokens(line: string): [string, string][] {
  const r = grammar.tokenizeLine(line, vsctm.INITIAL);
  return r.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]!]);
}
function scopeOf(line: string, text: string): string | undefined {
  return tokens(line).find(([t]) => t.trim() === text)?.[1];
}

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (scope === "source.tspec" ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, "utf8"), GRAMMAR) : null),
  });
  grammar = (await registry.loadGrammar("source.tspec"))!;
});

describe("TextMate grammar", () => {
  it("scopes declarations and their names", () => {
    expect(scopeOf("var inside: 0..4 = 0;", "var")).toBe("storage.type.tspec");
    expect(scopeOf("var inside: 0..4 = 0;", "inside")).toBe("entity.name.tspec");
    expect(scopeOf("process Worker[self in 1..N] {", "Worker")).toBe("entity.name.tspec");
    expect(scopeOf("workload refresh-deactivate {", "refresh-deactivate")).toBe("entity.name.tspec");
    expect(scopeOf("process Worker[self in 1..N] {", "self")).toBe("variable.language.self.tspec");
  });

  it("scopes labels, goto targets and lock statements", () => {
    expect(scopeOf("  Enter: acquire m;", "Enter")).toBe("entity.name.label.tspec");
    expect(scopeOf("  Enter: acquire m;", "acquire")).toBe("keyword.other.lock.tspec");
    expect(scopeOf("         goto Enter;", "Enter")).toBe("entity.name.label.tspec");
    // `x := …` is not a label; `==` after a name at line start is a comparison.
    expect(scopeOf("  x == 1", "x")).not.toBe("entity.name.label.tspec");
  });

  it("scopes comments, doc comments, strings and escapes", () => {
    expect(scopeOf("/// The cache.", "/// The cache.")).toBe("comment.line.documentation.tspec");
    expect(scopeOf("x = 1; // why", "// why")).toBe("comment.line.double-slash.tspec");
    expect(tokens('assert x, "a \\"b\\"";').some(([t, s]) => t === '\\"' && s === "constant.character.escape.tspec")).toBe(true);
    const r = grammar.tokenizeLine("/* open", vsctm.INITIAL);
    const next = grammar.tokenizeLine("var x still comment */ var", r.ruleStack);
    expect(next.tokens[0]!.scopes).toContain("comment.block.tspec");
  });

  it("scopes operators, longest first", () => {
    expect(scopeOf("a <=> b", "<=>")).toBe("keyword.operator.logical.tspec");
    expect(scopeOf("a => b", "=>")).toBe("keyword.operator.logical.tspec");
    expect(scopeOf("a <= b", "<=")).toBe("keyword.operator.comparison.tspec");
    expect(scopeOf("x in 0..3", "..")).toBe("keyword.operator.range.tspec");
    expect(scopeOf("[x in S |-> 0]", "|->")).toBe("keyword.operator.mapsto.tspec");
  });

  it("highlights every keyword of the parser's grammar", () => {
    const peggy = fs.readFileSync("grammar/spec2ts.peggy", "utf8");
    const list = /const KEYWORDS = new Set\(\[([\s\S]*?)\]\)/.exec(peggy)![1]!;
    const keywords = [...list.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]!);
    expect(keywords.length).toBeGreaterThan(50);
    const plain = keywords.filter((k) => (scopeOf(`${k} `, k) ?? "source.tspec") === "source.tspec");
    expect(plain).toEqual([]);
  });

  it("highlights the contextual keywords ghost, display and note only where they are keywords", () => {
    const line = 'ghost var seq: 0..1 = 0 display { 0: "even" } note "modulo 2";';
    expect(scopeOf(line, "ghost")).toBe("storage.modifier.tspec");
    expect(scopeOf(line, "display")).toBe("storage.modifier.tspec");
    expect(scopeOf(line, "note")).toBe("storage.modifier.tspec");
    expect(scopeOf("x = note + display;", "note")).not.toBe("storage.modifier.tspec");
    expect(scopeOf("x = note + display;", "display")).not.toBe("storage.modifier.tspec");
  });

  it("is declared by the extension manifest for .tspec files", () => {
    const pkg = JSON.parse(fs.readFileSync("editor/vscode/package.json", "utf8")) as {
      contributes: { languages: { id: string; extensions: string[] }[]; grammars: { language: string; scopeName: string; path: string }[] };
      main: string;
    };
    expect(pkg.contributes.languages[0]!.extensions).toEqual([".tspec"]);
    const g = pkg.contributes.grammars[0]!;
    expect(g.language).toBe(pkg.contributes.languages[0]!.id);
    expect(fs.existsSync(`editor/vscode/${g.path}`)).toBe(true);
    expect(fs.existsSync(`editor/vscode/${pkg.main}`)).toBe(true);
    expect(JSON.parse(fs.readFileSync(GRAMMAR, "utf8")).scopeName).toBe(g.scopeName);
  });
});
