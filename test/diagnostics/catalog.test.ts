/**
 * Every diagnostic code the front end, the CLI or the runtime can emit is documented in the catalog
 * (which `spec2ts explain` prints and docs/diagnostics.md is generated from), and the catalog lists no
 * code that nothing emits.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../generator/diagnostics/catalog.js";
import { renderDiagnosticsDoc } from "../../scripts/diagnostics-doc.mts";

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(ts|js)$/.test(e.name) && !e.name.endsWith(".generated.js") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/**
 * Codes written as string literals ("E201", `code: "W102"`), in a printed tag (`warning[E832]`) or at the
 * start of a message (`"E820: …"`) in the tool's source.
 */
function emittedCodes(): Set<string> {
  const codes = new Set<string>();
  for (const dir of ["generator", "cli", "runtime"]) {
    for (const f of sources(dir)) {
      if (f.endsWith(path.join("diagnostics", "catalog.ts"))) continue;
      for (const m of fs.readFileSync(f, "utf8").matchAll(/["'`[]([EW]\d{3})(?:["'`\]]|: )/g)) codes.add(m[1]!);
    }
  }
  return codes;
}

describe("diagnostic catalog", () => {
  const emitted = emittedCodes();

  it("finds the codes in the source (sanity check of the scan)", () => {
    expect(emitted.has("E201")).toBe(true);
    expect(emitted.has("W102")).toBe(true);
    expect(emitted.size).toBeGreaterThan(50);
  });

  it("documents every emitted code", () => {
    expect([...emitted].filter((c) => !Object.hasOwn(CATALOG, c)).sort()).toEqual([]);
  });

  it("has no entry for a code nothing emits", () => {
    expect(
      Object.keys(CATALOG)
        .filter((c) => !emitted.has(c))
        .sort(),
    ).toEqual([]);
  });

  it("has a title and an explanation for every code", () => {
    for (const [code, e] of Object.entries(CATALOG)) {
      expect(e.title.length, code).toBeGreaterThan(3);
      expect(e.explanation.length, code).toBeGreaterThan(20);
    }
  });

  it("docs/diagnostics.md is current (regenerate: node --import tsx scripts/diagnostics-doc.mts)", () => {
    expect(fs.readFileSync("docs/diagnostics.md", "utf8")).toBe(renderDiagnosticsDoc());
  });

  it("`spec2ts explain` prints an entry and rejects an unknown code with exit 2", () => {
    const out = execFileSync("node", ["cli/bin.js", "explain", "e201"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(out).toContain("E201: unknown name");
    expect(out).toContain(CATALOG.E201!.explanation);
    let status = 0;
    let stderr = "";
    try {
      execFileSync("node", ["cli/bin.js", "explain", "E999"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    } catch (e) {
      const err = e as { status: number; stderr: string };
      status = err.status;
      stderr = err.stderr;
    }
    expect(status).toBe(2);
    expect(stderr).toContain("unknown diagnostic code `E999`");
  }, 60_000);
});
