// Renders docs/diagnostics.md from the diagnostic catalog (generator/diagnostics/catalog.ts) and, for
// each code, the first golden fixture under test/fixtures whose expected output shows it:
//   node --import tsx scripts/diagnostics-doc.mts          (rewrite docs/diagnostics.md)
//   node --import tsx scripts/diagnostics-doc.mts --check  (exit 1 if it would change)
import * as fs from "node:fs";
import * as path from "node:path";
import { CATALOG, catalogCodes } from "../generator/diagnostics/catalog.js";

const DOC = "docs/diagnostics.md";
const FIXTURES = "test/fixtures";

function expectedFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...expectedFiles(p));
    else if (e.name.endsWith(".expected.txt")) out.push(p);
  }
  return out;
}

/** The first fixture output that reports `code` as its first diagnostic, trimmed to that diagnostic. */
function example(code: string, files: readonly string[]): { file: string; text: string } | undefined {
  for (const f of files) {
    const text = fs.readFileSync(f, "utf8");
    const first = /^(?:error|warning)\[([EW]\d{3})\]/m.exec(text);
    if (first?.[1] !== code) continue;
    const lines = text.split("\n");
    const start = lines.findIndex((l) => /^(?:error|warning)\[/.test(l));
    let end = lines.findIndex((l, i) => i > start && (/^(?:error|warning)\[/.test(l) || /^\d+ (?:error|warning)/.test(l)));
    if (end < 0) end = lines.length;
    return { file: f, text: lines.slice(start, end).join("\n").trimEnd() };
  }
  return undefined;
}

export function renderDiagnosticsDoc(): string {
  const files = expectedFiles(FIXTURES);
  const parts: string[] = [
    "# Diagnostics",
    "",
    "<!-- Generated from generator/diagnostics/catalog.ts by scripts/diagnostics-doc.mts; do not edit by hand. -->",
    "",
    "Every error and warning spec2ts prints carries a stable code, e.g. `error[E201]`. `spec2ts explain E201`",
    "prints the entry below in the terminal; `spec2ts explain` lists every code. Ranges: E1xx parsing, E2xx",
    "names and declarations, E3xx types and expressions, E4xx locks, macros and statements, E5xx labels and",
    "control flow, E6xx workloads, E7xx symmetry, E8xx errors found when a workload is built or run, W1xx warnings.",
    "Examples are the golden outputs of the test suite (test/fixtures), so they are what spec2ts prints today.",
    "",
    "| code | meaning |",
    "|---|---|",
    ...catalogCodes().map((c) => `| [${c}](#${c.toLowerCase()}) | ${CATALOG[c]!.title.replaceAll("|", "\\|")} |`),
    "",
  ];
  for (const c of catalogCodes()) {
    const e = CATALOG[c]!;
    parts.push(`## ${c}`, "", `**${e.title}.** ${e.explanation}`, "");
    const ex = example(c, files);
    if (ex) parts.push(`Example (\`${ex.file.replace(/\.expected\.txt$/, ".tspec")}\`):`, "", "```text", ex.text, "```", "");
  }
  return parts.join("\n");
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const want = renderDiagnosticsDoc();
  const have = fs.existsSync(DOC) ? fs.readFileSync(DOC, "utf8") : "";
  if (process.argv.includes("--check")) {
    if (have !== want) {
      console.log(`${DOC} is stale: run node --import tsx scripts/diagnostics-doc.mts`);
      process.exit(1);
    }
  } else if (have !== want) fs.writeFileSync(DOC, want);
}
