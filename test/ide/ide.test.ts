/**
 * Editor queries (generator/ide) on real specs: every name occurrence of a valid spec resolves to a
 * declaration, definitions cross `extends` files, and hover/completion see scoped names.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../../generator/api.js";

const { analyzeSpec, definitionAt, hoverAt, referencesAt, completionsAt } = api.ide;

function specFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...specFiles(p));
    else if (e.name.endsWith(".tspec")) out.push(p);
  }
  return out.sort();
}

/** Spans of every name use the AST has (names in expressions, types, calls, gotos, assignments). */
function nameUses(node: unknown, out: { file: string; offset: number; name: string }[] = []): typeof out {
  if (Array.isArray(node)) node.forEach((n) => nameUses(n, out));
  else if (node !== null && typeof node === "object") {
    const n = node as Record<string, unknown> & { kind?: string };
    const pick = (k: string): void => {
      const id = n[k] as { name: string; span: { file: string; start: { offset: number } } } | undefined;
      if (id) out.push({ file: id.span.file, offset: id.span.start.offset, name: id.name });
    };
    if (n.kind === "NameExpr" || n.kind === "NamedType") pick("name");
    if (n.kind === "CallExpr" || n.kind === "CallStmt") pick("callee");
    if (n.kind === "GotoStmt" || n.kind === "AssignStmt") pick("target");
    if (n.kind === "LockStmt") pick("lock");
    for (const [k, v] of Object.entries(n)) if (k !== "span") nameUses(v, out);
  }
  return out;
}

describe("generator/ide", () => {
  const files = [...specFiles("specs"), ...specFiles("test/conformance")];

  it.each(files)("resolves every name use in %s", (file) => {
    const a = analyzeSpec(file);
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // Names in the declarations in effect (an overridden base declaration is not part of the spec).
    const unresolved: string[] = [];
    for (const u of nameUses(a.decls)) {
      // `$…` names are made by the front end (a tuple binder `<<b, v>> in S` binds `$t_b_v`), never written.
      if (u.name === "Done" || u.name.startsWith("$") || Object.hasOwn(api.ide.BUILTIN_FUNCTIONS, u.name)) continue;
      const def = definitionAt(a, u.file, u.offset + 1);
      const named = def && a.sources.get(def.file)?.slice(def.start.offset, def.end.offset);
      if (named !== u.name) unresolved.push(`${u.file}:${u.offset} ${u.name} -> ${named}`);
    }
    expect(unresolved).toEqual([]);
  });

  it("goes to a definition in the extended spec", () => {
    const file = "specs/pfncache/b2-6.2.tspec";
    const a = analyzeSpec(file);
    const base = "specs/pfncache/base.tspec";
    const text = a.sources.get(base)!;
    const use = text.indexOf("ValidImpliesActive");
    expect(use).toBeGreaterThan(0);
    const def = definitionAt(a, base, use + 1)!;
    expect(def.file).toBe(base);
    expect(referencesAt(a, base, use + 1, true).length).toBeGreaterThanOrEqual(1);
  });

  it("resolves variant case tags (bare, built and tested) to their case", () => {
    const file = "test/conformance/MCPaxos/MCPaxos.tspec";
    const a = analyzeSpec(file);
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const text = a.sources.get(file)!;
    const decl = text.indexOf("| M2a {") + 2;
    for (const use of [text.indexOf("M2a { bal: b, val: v }"), text.indexOf("m is M2a") + 5]) {
      expect(use).toBeGreaterThan(decl);
      expect(definitionAt(a, file, use + 1)?.start.offset).toBe(decl);
    }
    expect(referencesAt(a, file, decl + 1, true).length).toBeGreaterThanOrEqual(4);
  });

  it("shows doc comments on hover and offers scoped names only in scope", () => {
    const file = "specs/examples/mutex.tspec";
    const a = analyzeSpec(file);
    const text = a.sources.get(file)!;
    const h = hoverAt(a, file, text.indexOf("in_cs <= 1") + 1)!;
    expect(h.markdown).toContain("var in_cs: 0..8 = 0;");
    const inside = completionsAt(a, file, text.indexOf("in_cs = in_cs + 1")).map((c) => c.label);
    expect(inside).toContain("in_cs");
    expect(inside).toContain("self" in {} ? "never" : "Worker");
  });

  it("still indexes a spec with type errors (names resolve by scope)", () => {
    const dir = fs.mkdtempSync(path.join(process.cwd(), ".tmp-ide-"));
    try {
      const file = path.relative(process.cwd(), path.join(dir, "bad.tspec"));
      fs.writeFileSync(file, "spec Bad\nvar x: 0..3 = 0;\ninvariant I: x == true;\naction A { x = x + 1; }\n");
      const a = analyzeSpec(file);
      expect(a.diagnostics.map((d) => d.code)).toContain("E302");
      const text = fs.readFileSync(file, "utf8");
      expect(definitionAt(a, file.split(path.sep).join("/"), text.indexOf("x + 1") + 1)?.start.line).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
