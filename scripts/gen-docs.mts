// Regenerates the checker-output blocks of the docs from the real CLI output:
//   node --import tsx scripts/gen-docs.mts            (rewrite the docs listed in DOCS below)
//   node --import tsx scripts/gen-docs.mts --check    (exit 1 if it would change)
//   node --import tsx scripts/gen-docs.mts README.md  (only the docs named; the pfncache tables take minutes)
//   … --only=properties / --skip=properties            (only / all but the blocks of that kind; the others
//                                                       are left as they are: lets tests split the work)
// Blocks look like
//   <!-- spec2ts:table -->…<!-- /spec2ts -->
//   <!-- spec2ts:run check specs/pfncache/b2-6.2.tspec --workload refresh-deactivate -->…<!-- /spec2ts -->
//   <!-- spec2ts:file docs/tutorial/bank-1.tspec -->…<!-- /spec2ts -->   (the file's text)
//   <!-- spec2ts:properties a-5.18 -->…<!-- /spec2ts -->   (per-property table of a version, from check --continue)
// so every verdict, number and counterexample in the docs is what `spec2ts` prints today.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

const DOCS = ["docs/pfncache.md", "README.md", "docs/tutorial.md", "docs/cookbook.md", "docs/language.md"];
const VERSIONS = ["a-5.18", "b1-6.1", "b2-6.2", "b2-external-lock", "c-email-fix", "c-no-refresh-lock", "c-fix", "d-mainline", "d-hva-fix", "d-hva-fix-start"];
const SHORT: Record<string, string> = {
  ValidImpliesActive: "P1",
  ActiveValidImpliesListed: "P2",
  ValidImpliesMapped: "P3",
  ValidImpliesFresh: "P4",
  ValidUhvaNotError: "P4e",
  ReaderSafe: "P5",
  GupBalanced: "P8",
  NoLeak: "P9",
  NoRefreshWarn: "P10w",
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

// ---------------------------------------------------------------------------------------------
// The per-property table: one `check --continue --json` run per version (every workload), each
// workload a row, each invariant, assertion (grouped by its message) and temporal property a column.

interface PropertyRowJson {
  kind: "invariant" | "property" | "deadlock" | "assertion" | "lock_error" | "spec_error" | "errors";
  name: string;
  verdict: string;
  traceLength?: number;
  message: string;
}
interface ContinueResult extends JsonResult {
  complete: boolean;
  perProperty: PropertyRowJson[];
}

/** Past this many distinct states a --continue run stops (its open cells then say `n/c`). */
const CONTINUE_MAX_STATES = 250_000;

const continueByVersion = new Map<string, ContinueResult[]>();
function continueResults(v: string): ContinueResult[] {
  let results = continueByVersion.get(v);
  if (!results) {
    const args = ["check", `specs/pfncache/${v}.tspec`, "--continue", "--max-states", String(CONTINUE_MAX_STATES), "--json", "--quiet"];
    results = (JSON.parse(cli(args)) as { workloads: ContinueResult[] }).workloads;
    continueByVersion.set(v, results);
  }
  return results;
}

/** The assertions, by message: short column name (in column order). A message not listed gets an `other` cell. */
const ASSERTIONS: [RegExp, string][] = [
  [/^P5 ReaderSafe: R3/, "P5 R3"],
  [/^P5 ReaderSafe: Q3/, "P5 Q3"],
  [/^P6 /, "P6"],
  [/^P7 NoUnmapWhileInstalled/, "P7 unmap"],
  [/^P7 install/, "P7 install"],
  [/^P8 GUP reference dropped twice/, "P8 put"],
  [/^P10 KVM_BUG_ON/, "P10"],
  [/^list_add /, "list_add"],
  [/^list_del /, "list_del"],
  [/^rwlock_init\(\)/, "rwlock_init"],
];
const assertionColumn = (message: string): string | undefined => ASSERTIONS.find(([re]) => re.test(message))?.[1];

/** Gates: invariant name or assertion column → the boolean constant that switches it off in a workload. */
function gates(): Map<string, string> {
  const g = new Map<string, string>();
  for (const f of fs.readdirSync("specs/pfncache").filter((x) => x.endsWith(".tspec"))) {
    const src = fs.readFileSync(path.join("specs/pfncache", f), "utf8");
    for (const m of src.matchAll(/^invariant (\w+):\s*(CHECK_\w+)\s*=>/gm)) g.set(m[1] ?? "", m[2] ?? "");
    for (const m of src.matchAll(/assert\s+(CHECK_\w+)\s*=>[^"]*"([^"]+)"/g)) {
      const col = assertionColumn(m[2] ?? "");
      if (col !== undefined) g.set(col, m[1] ?? "");
    }
  }
  return g;
}

/** The assertion columns that exist in a version's code (its generated model's assertion statements). */
function assertionsOf(v: string): Set<string> {
  const src = fs.readFileSync(`generated/pfncache/${v}/model.ts`, "utf8");
  const cols = new Set<string>();
  for (const m of src.matchAll(/new SpecError\(\s*"assertion",\s*"((?:[^"\\]|\\.)*)"/g)) {
    const col = assertionColumn(m[1] ?? "");
    if (col !== undefined) cols.add(col);
  }
  return cols;
}

/** Each workload's constants (for the gates), from the generated model. */
async function constantsOf(v: string, workload: string): Promise<Record<string, unknown>> {
  const mod = (await import(pathToFileURL(path.resolve(`generated/pfncache/${v}/model.ts`)).href)) as {
    createModel(w: string): { c: Record<string, unknown> };
  };
  return mod.createModel(workload).c;
}

async function propertiesTable(v: string): Promise<string> {
  const results = continueResults(v);
  const gate = gates();
  const present = assertionsOf(v);
  const invariants: string[] = [];
  const temporal: string[] = [];
  for (const r of results)
    for (const p of r.perProperty) {
      if (p.kind === "invariant" && !invariants.includes(p.name)) invariants.push(p.name);
      if (p.kind === "property" && !temporal.includes(p.name)) temporal.push(p.name);
    }
  // Invariants in P-number order (then any other), assertions as listed, temporal, deadlock, and `other`
  // only when some step failed with an assertion, lock or run-time error of no listed column.
  const order = Object.keys(SHORT);
  const rank = (n: string): number => (order.includes(n) ? order.indexOf(n) : order.length);
  invariants.sort((x, y) => rank(x) - rank(y));
  const asserts = ASSERTIONS.map(([, c]) => c);
  const isOther = (p: PropertyRowJson): boolean =>
    (p.kind === "assertion" && assertionColumn(p.message) === undefined) || p.kind === "lock_error" || p.kind === "spec_error";
  const anyOther = results.some((r) => r.perProperty.some(isOther));
  const cols = [...invariants, ...asserts, ...temporal, "deadlock", ...(anyOther ? ["other"] : [])];
  const head = cols.map((c) => (SHORT[c] !== undefined ? `${SHORT[c]}` : c));
  const lines = [`| workload | states | ${head.join(" | ")} |`, `|---|--:|${cols.map(() => ":-:").join("|")}|`];
  for (const r of results) {
    const c = await constantsOf(v, r.workload);
    const off = (col: string): boolean => gate.has(col) && c[gate.get(col) ?? ""] === false;
    const violated = (len: number | undefined): string => `**✗ ${len ?? "?"}**`;
    const open = (p: PropertyRowJson): string => (p.verdict === "incomplete" ? "inc." : "n/c");
    const cells = cols.map((col) => {
      if (asserts.includes(col) && !present.has(col)) return "—";
      if (off(col)) return "off";
      if (col === "other") {
        const odd = r.perProperty.filter(isOther);
        return odd.map((p) => `**✗ ${p.traceLength ?? "?"}** ${p.message.replace(/\|/g, "\\|")}`).join("<br>") || (r.complete ? "✓" : "n/c");
      }
      if (asserts.includes(col)) {
        const bad = r.perProperty.filter((p) => p.kind === "assertion" && assertionColumn(p.message) === col && p.verdict === "violated");
        if (bad.length) return violated(Math.min(...bad.map((p) => p.traceLength ?? Infinity)));
        const steps = r.perProperty.find((p) => p.kind === "errors");
        // No failing step of this assertion: it holds if every step was checked (no `errors` row means some
        // other step failed, and --continue still explored every state).
        if (steps === undefined) return r.complete ? "✓" : "n/c";
        return steps.verdict === "holds" ? "✓" : "n/c";
      }
      const p = r.perProperty.find((x) => (col === "deadlock" ? x.kind === "deadlock" : x.name === col && (x.kind === "invariant" || x.kind === "property")));
      if (p === undefined) return "—";
      if (p.verdict === "holds") return "✓";
      if (p.verdict === "violated") return violated(p.traceLength);
      if (p.verdict === "not checked" && /check deadlock = false/.test(p.message)) return "—";
      return open(p);
    });
    const states = `${r.stats.distinctStates.toLocaleString("en-US")}${r.complete ? "" : "+"}`;
    lines.push(`| ${r.workload} | ${states} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

async function render(kind: string, args: string): Promise<string> {
  if (kind === "table") return `\n${table(args)}\n`;
  if (kind === "properties") return `\n${await propertiesTable(args)}\n`;
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
const named = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = option("only");
const skip = option("skip");
const selected = (kind: string): boolean => (only === undefined || only === kind) && skip !== kind;
for (const file of named.length > 0 ? DOCS.filter((d) => named.includes(d)) : DOCS) {
  const text = fs.readFileSync(file, "utf8");
  let next = "";
  let last = 0;
  for (const m of text.matchAll(/<!-- spec2ts:(\w+)( [^>]*)? -->[\s\S]*?<!-- \/spec2ts -->/g)) {
    const kind = m[1] ?? "";
    const a = (m[2] ?? "").trim();
    next += text.slice(last, m.index) + (selected(kind) ? `<!-- spec2ts:${kind}${a ? ` ${a}` : ""} -->${await render(kind, a)}<!-- /spec2ts -->` : m[0]);
    last = (m.index ?? 0) + m[0].length;
  }
  next += text.slice(last);
  if (next !== text) {
    changed = true;
    if (!process.argv.includes("--check")) fs.writeFileSync(file, next);
    console.log(`${process.argv.includes("--check") ? "out of date" : "updated"}: ${file}`);
  }
}
if (changed && process.argv.includes("--check")) process.exit(1);
