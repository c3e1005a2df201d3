// Regenerates the checker-output blocks of the docs from the real CLI output:
//   node --import tsx scripts/gen-docs.mts            (rewrite the docs listed in DOCS below)
//   node --import tsx scripts/gen-docs.mts --check    (exit 1 if it would change)
// Blocks look like
//   <!-- spec2ts:table -->…<!-- /spec2ts -->
//   <!-- spec2ts:run check specs/pfncache/b2-6.2.tspec --workload refresh-deactivate -->…<!-- /spec2ts -->
//   <!-- spec2ts:file docs/tutorial/bank-1.tspec -->…<!-- /spec2ts -->   (the file's text)
// so every verdict, number and counterexample in the docs is what `spec2ts` prints today.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";

const DOCS = ["docs/pfncache.md", "README.md", "docs/tutorial.md", "docs/cookbook.md"];
const VERSIONS = [
  "a-5.18",
  "b1-6.1",
  "b2-6.2",
  "b2-external-lock",
  "c-email-fix",
  "c-no-refresh-lock",
  "c-fix",
  "d-mainline",
  "d-hva-fix",
  "d-hva-fix-start",
];
const SHORT: Record<string, string> = {
  ValidImpliesActive: "P1",
  ActiveValidImpliesListed: "P2",
  ValidImpliesMapped: "P3",
  ValidImpliesFresh: "P4",
  ValidUhvaNotError: "P4e",
  ReaderSafe: "P5",
  GupBalanced: "P8",
  NoLeak: "P9",
};

function cli(args: string[]): string {
  try {
    return execFileSync("node", ["cli/bin.js", ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, NO_COLOR: "1", COLUMNS: "110", FORCE_COLOR: "0" },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stdout?: string };
    if (typeof err.stdout === "string") return err.stdout; // exit 1 = a violation: still output
    throw e;
  }
}

interface JsonResult {
  workload: string;
  verdict: string;
  violation?: { kind: string; property?: string; message: string };
  properties?: { property: string; verdict: string }[];
  stats: { distinctStates: number; depth: number };
}

/** One `check --json` run per version (every workload), shared by all the tables of a run. */
const resultsByVersion = new Map<string, JsonResult[]>();
function versionResults(v: string): JsonResult[] {
  let results = resultsByVersion.get(v);
  if (!results) {
    results = (JSON.parse(cli(["check", `specs/pfncache/${v}.tspec`, "--json", "--quiet"])) as { workloads: JsonResult[] }).workloads;
    resultsByVersion.set(v, results);
  }
  return results;
}

/** A verdict table; `args` may restrict it: `workloads=w1,w2` (columns, in that order). */
function table(args: string): string {
  const only = /workloads=(\S+)/.exec(args)?.[1]?.split(",");
  let workloads: string[] = [];
  const rows: string[] = [];
  for (const v of VERSIONS) {
    const all = versionResults(v);
    const results = only ? only.map((w) => all.find((r) => r.workload === w)).filter((r): r is JsonResult => r !== undefined) : all;
    workloads = results.map((r) => r.workload);
    const cells = results.map((r) => {
      const x = r.violation;
      const liveBad = (r.properties ?? []).filter((p) => p.verdict !== "holds").map((p) => `**${p.property}** (liveness)`);
      const what = !x
        ? liveBad.length
          ? liveBad.join(", ")
          : r.verdict
        : x.kind === "invariant"
          ? `**${SHORT[x.property ?? ""] ?? ""} ${x.property}**`
          : `**${x.kind}**: ${x.message.replace(/\|/g, "\\|").replace(/^assertion failed: /, "")}`;
      return `${what}<br><sub>${r.stats.distinctStates.toLocaleString("en-US")} st., depth ${r.stats.depth}</sub>`;
    });
    rows.push(`| ${v} | ${cells.join(" | ")} |`);
  }
  return [`| version | ${workloads.join(" | ")} |`, `|---|${workloads.map(() => "---").join("|")}|`, ...rows].join("\n");
}

function render(kind: string, args: string): string {
  if (kind === "table") return `\n${table(args)}\n`;
  // A spec file shown whole, so a page's listings are the files its commands run on.
  if (kind === "file") return `\n\`\`\`tspec\n${fs.readFileSync(args, "utf8").replace(/\s+$/, "")}\n\`\`\`\n`;
  // Timings vary run to run; the docs keep only deterministic numbers.
  const out = cli(args.split(/\s+/).filter(Boolean))
    .replace(/\s+$/, "")
    .replace(/, [\d.]+ s \([\d,.]+ states\/s, [\d.]+ bytes\/state\)/g, "");
  // Mermaid output is already markdown (heading, verdict, fenced diagram): pasted as is.
  if (args.includes("--format mermaid")) return `\n${out.replace(/^### .*\n\n/, "")}\n`;
  const fence = "text";
  return `\n\`\`\`${fence}\n$ spec2ts ${args}\n${out}\n\`\`\`\n`.replace(/```mermaid\n\$ spec2ts [^\n]*\n/, "```mermaid\n");
}

let changed = false;
for (const file of DOCS) {
  const text = fs.readFileSync(file, "utf8");
  const next = text.replace(/<!-- spec2ts:(\w+)( [^>]*)? -->[\s\S]*?<!-- \/spec2ts -->/g, (_m, kind: string, args?: string) => {
    const a = (args ?? "").trim();
    return `<!-- spec2ts:${kind}${a ? ` ${a}` : ""} -->${render(kind, a.replace(/^check\b/, "check"))}<!-- /spec2ts -->`;
  });
  if (next !== text) {
    changed = true;
    if (!process.argv.includes("--check")) fs.writeFileSync(file, next);
    console.log(`${process.argv.includes("--check") ? "out of date" : "updated"}: ${file}`);
  }
}
if (changed && process.argv.includes("--check")) process.exit(1);
