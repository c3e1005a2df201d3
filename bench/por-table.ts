/**
 * The partial-order reduction table of docs/performance.md: for every workload of the shipped
 * examples (specs/examples), the big pfncache workloads, mutexN, the test models (test/models) and the
 * conformance corpus
 * (test/conformance), what `check` decides by default (runtime/reduce/decision.ts) and, where the
 * reduction can run at all, distinct states and search CPU without POR, with POR as `check` runs it
 * (with the adaptive guard of runtime/reduce/guard.ts) and with POR unguarded.
 *
 *   node --import tsx bench/por-table.ts               # everything (several minutes)
 *   node --import tsx bench/por-table.ts examples      # rows whose label contains the word
 *   node --import tsx bench/por-table.ts --write       # everything, into docs/performance.md
 *
 * `--write` replaces the text between the `por-table` markers of docs/performance.md with the table.
 *
 * CPU is this process's user + system time around each search (process.cpuUsage), one run each, in
 * the order plain, guarded, unguarded; the machine's load average is printed with the table. A
 * violated workload stops at its first violation in every column (the states are the work done to
 * find it); a workload over MAX_STATES without POR is left out of the search columns.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BfsSearch } from "../runtime/search/bfs.js";
import { runSync } from "../runtime/search/explore.js";
import { porDecision } from "../runtime/reduce/decision.js";
import { prunedFraction } from "../runtime/reduce/guard.js";
import type { Model } from "../runtime/contract/model.js";
import type { CheckResult } from "../runtime/search/result.js";
import { compileBench, loadModel, mutexnBenchSpec, ROOT } from "./models.js";

const filter = process.argv.slice(2).find((a) => !a.startsWith("--"));
const write = process.argv.includes("--write");
if (write && filter !== undefined) throw new Error("--write writes the whole table: give no filter");
const lines: string[] = [];
/** Prints a line of the table (and keeps it for --write). */
function emit(line = ""): void {
  console.log(line);
  lines.push(line);
}
/** Workloads larger than this without POR are not searched here (the bench covers mutexN N5K10). */
const MAX_STATES = 4_000_000;

interface Row {
  readonly group: string;
  readonly spec: string;
  /** Workloads to tabulate (undefined: all). */
  readonly workloads?: readonly string[];
}

const rows: Row[] = [
  ...fs
    .readdirSync(path.join(ROOT, "specs/examples"))
    .filter((f) => f.endsWith(".tspec"))
    .sort()
    .map((f) => ({ group: "examples", spec: `specs/examples/${f}` })),
  ...["d-mainline", "b2-external-lock", "a-5.18"].map((v) => ({
    group: "pfncache",
    spec: `specs/pfncache/${v}.tspec`,
    workloads: ["full", "large", "memslot", "gpa-change"],
  })),
  { group: "mutexN", spec: "mutexn", workloads: ["n4k4", "peers-n5k8"] },
  { group: "best-case", spec: "bench/por/local-work.tspec" },
  ...fs
    .readdirSync(path.join(ROOT, "test/models"))
    .filter((f) => f.endsWith(".tspec") && !f.startsWith("mutexn"))
    .sort()
    .map((f) => ({ group: "test-models", spec: `test/models/${f}` })),
  ...fs
    .readdirSync(path.join(ROOT, "test/conformance"))
    .filter((d) => fs.existsSync(path.join(ROOT, "test/conformance", d, "expected.json")))
    .sort()
    .map((d) => ({
      group: "conformance",
      spec: `test/conformance/${d}/${d}.tspec`,
      workloads: [(JSON.parse(fs.readFileSync(path.join(ROOT, "test/conformance", d, "expected.json"), "utf8")) as { workload: string }).workload],
    })),
];

function cpu<T>(f: () => T): { value: T; seconds: number } {
  const t0 = process.cpuUsage();
  const value = f();
  const d = process.cpuUsage(t0);
  return { value, seconds: (d.user + d.system) / 1e6 };
}

const int = (n: number): string => n.toLocaleString("en-US");
const verdictOf = (r: CheckResult<unknown>): string =>
  r.verdict === "violated" ? `violates ${r.violation?.kind === "invariant" ? r.violation.property : r.violation?.kind}` : r.verdict;

/** What `check` decides by default for this model (symmetry on when declared, properties and lock order checked). */
function defaultDecision(model: Model<unknown>): string {
  const props = (model as { properties?: readonly unknown[] }).properties;
  const d = porDecision(model, {
    search: "bfs",
    symmetry: model.symmetry?.usable === true,
    properties: Array.isArray(props) && props.length > 0,
    lockOrder: true,
  });
  return d.on ? "on" : `off: ${d.reason}`;
}

/** Whether POR can run at all on this model's safety search (forced, nothing else checked). */
function forcedDecision(model: Model<unknown>): string | undefined {
  const d = porDecision(model, { search: "bfs", requested: true });
  return d.on ? undefined : d.reason;
}

function row(group: string, label: string, w: string, model: Model<unknown>): string {
  const decision = defaultDecision(model);
  const cannot = forcedDecision(model);
  const head = `| ${group} | ${label} | ${w} | ${decision} |`;
  if (cannot !== undefined) return `${head} — | — | — | — | n/a: ${cannot} |`;
  const plain = cpu(() => runSync(new BfsSearch(model, { maxStates: MAX_STATES })));
  if (plain.value.verdict === "incomplete") return `${head} > ${int(MAX_STATES)} | — | — | — | not searched here |`;
  const guardedSearch = new BfsSearch(model, { por: true });
  const guarded = cpu(() => runSync(guardedSearch));
  const freeSearch = new BfsSearch(model, { por: true, porGuard: false });
  const free = cpu(() => runSync(freeSearch));
  const g = guardedSearch.porStats;
  const gNote =
    g.stoppedAfter !== undefined
      ? `stopped after ${int(g.stoppedAfter)} (pruned ${(100 * prunedFraction(g)).toFixed(1)}%)`
      : `pruned ${(100 * prunedFraction(g)).toFixed(1)}%`;
  const same = plain.value.verdict === guarded.value.verdict && plain.value.verdict === free.value.verdict;
  const states = `${int(plain.value.stats.distinctStates)} | ${int(guarded.value.stats.distinctStates)} | ${int(free.value.stats.distinctStates)}`;
  const secs = `${plain.seconds.toFixed(2)} / ${guarded.seconds.toFixed(2)} / ${free.seconds.toFixed(2)}`;
  return `${head} ${states} | ${secs} | ${verdictOf(plain.value)}${same ? "" : " (VERDICTS DIFFER)"}; guard: ${gNote}; unguarded pruned ${(100 * prunedFraction(freeSearch.porStats)).toFixed(1)}% |`;
}

emit(
  `Load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ")} at the start; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`,
);
emit();
emit(
  "| group | spec | workload | `check` by default | states, no POR | states, POR | states, POR unguarded | CPU s: no POR / POR / unguarded | verdict; POR |",
);
emit("|---|---|---|---|---:|---:|---:|---:|---|");
for (const r of rows) {
  if (filter !== undefined && !`${r.group} ${r.spec}`.includes(filter)) continue;
  const base = path.basename(r.spec, ".tspec");
  const file = await compileBench(r.spec === "mutexn" ? mutexnBenchSpec() : path.join(ROOT, r.spec), `por-table-${r.group}-${base}`);
  const mod = (await import(file)) as { spec: { workloads: string[] } };
  for (const w of r.workloads ?? mod.spec.workloads) {
    const model = await loadModel(file, w);
    emit(row(r.group, base, w, model));
  }
}
emit();
emit(
  `Load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ")} at the end.`,
);

if (write) {
  const doc = path.join(ROOT, "docs/performance.md");
  const text = fs.readFileSync(doc, "utf8");
  const start = "<!-- por-table:start (bench/por-table.ts --write) -->";
  const end = "<!-- por-table:end -->";
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`docs/performance.md has no ${start} … ${end} markers`);
  fs.writeFileSync(doc, `${text.slice(0, a + start.length)}\n${lines.join("\n")}\n${text.slice(b)}`);
  console.error(`wrote the table into ${path.relative(ROOT, doc)}`);
}
