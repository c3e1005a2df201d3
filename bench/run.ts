/**
 * `npm run bench`: spec2ts against SPIN, Rumur and (when a jar is present) TLC on the peers' mutexN
 * model, plus the symmetric mutexN and the pfncache `full` workloads — every tool measured the same
 * way (bench/lib/measure.ts: the whole process, wall and CPU time, peak RSS), compile steps apart from
 * the search, each configuration run in `--rounds` rounds (≥ 3) whose order rotates so that a drift of
 * the machine's load favours no tool. Prints medians, per-round ratios and whether every tool found the
 * same number of states; writes bench/results/latest.json (latest-quick.json for --quick) with the
 * commit and the machine measured.
 *
 *   npm run bench [-- --quick] [-- --rounds N] [-- --only TEXT]
 *     --quick   mutexN N=5 K=6 (870,912 states) instead of N5K8 (3.67 M) and N5K10 (11.2 M)
 *     --rounds  rounds per configuration (default and minimum 3)
 *     --only    run only the configurations whose label contains TEXT
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { configs, type BenchEnv } from "./configs.js";
import { parseArgs } from "./lib/args.js";
import { findTlc, gitState, loadAverage, machineFacts, toolVersions } from "./lib/machine.js";
import { ensurePeers, peersDir } from "./lib/peers.js";
import { rotation } from "./lib/stats.js";
import { ratios, summarize, type RatioLine, type RunRecord, type SummaryRow } from "./lib/summary.js";
import { compileTable, ratioLines, runLine, summaryTable } from "./lib/table.js";
import type { CompileStep } from "./lib/tools.js";
import { mutexnBenchSpec, ROOT } from "./models.js";

const args = parseArgs(process.argv.slice(2));
const started = new Date();
const git = gitState(ROOT);
const machine = machineFacts();
const loadStart = loadAverage();
const installed = ensurePeers();
const notes = [...installed.notes];
if (!installed.spin) notes.push("SPIN not run: `spin`/`gcc` not available");
if (!installed.rumur) notes.push("Rumur not run: `rumur`/`cc` not available");
const tlc = findTlc(ROOT);
if ("skip" in tlc) notes.push(tlc.skip);
const versions = toolVersions("jar" in tlc);
if ("jar" in tlc) versions.tlc = tlc.jar;

const work = fs.mkdtempSync(path.join(os.tmpdir(), "spec2ts-bench-"));
const env: BenchEnv = {
  // A model cache of the bench's own, so that the compile row starts from an empty cache.
  spec2ts: { root: ROOT, cacheDir: path.join(work, "spec2ts-cache") },
  peersDir: peersDir(ROOT),
  workDir: work,
  cores: machine.cores,
  spin: installed.spin,
  rumur: installed.rumur,
  ...("jar" in tlc ? { tlcJar: tlc.jar } : {}),
  tlaDir: path.join(ROOT, "bench/tla"),
};

const gb = (b: number): string => (b / 2 ** 30).toFixed(1);
console.log(
  `spec2ts bench ${started.toISOString()}  commit ${git.commit}${git.dirty ? " (dirty: uncommitted changes)" : git.dirty === null ? " (dirty: unknown)" : ""}`,
);
console.log(`machine: ${machine.cores} cores (${machine.cpuModel}), ${gb(machine.totalMemBytes)} GiB, ${machine.platform}; node ${machine.node}`);
console.log(`load average at start: ${loadStart.join(", ")}  (other processes share these cores: compare within a round, not across runs)`);
for (const [tool, v] of Object.entries(versions)) console.log(`  ${tool}: ${v}`);
console.log(`rounds: ${args.rounds}, order rotated each round${args.quick ? "; --quick" : ""}${args.only !== undefined ? `; --only ${args.only}` : ""}`);
for (const n of notes) console.log(`note: ${n}`);

const records: RunRecord[] = [];
const compile: (CompileStep & { config: string })[] = [];
const summary: SummaryRow[] = [];
const ratioOut: RatioLine[] = [];
try {
  for (const cfg of configs(env, mutexnBenchSpec(), args.quick)) {
    if (args.only !== undefined && !cfg.label.includes(args.only)) continue;
    console.log(`\n== ${cfg.label}${cfg.reference !== undefined ? ` (expected ${cfg.reference.toLocaleString("en-US")} states)` : ""}`);
    const built = cfg.build();
    if (built.steps.length) console.log(compileTable(built.steps).join("\n"));
    compile.push(...built.steps.map((s) => ({ ...s, config: cfg.label })));
    const mine: RunRecord[] = [];
    for (let round = 0; round < args.rounds; round++) {
      rotation(built.tools, round, args.rounds).forEach((t, position) => {
        const s = t.run();
        const r: RunRecord = {
          config: cfg.label,
          round,
          position,
          key: t.key,
          tool: t.tool,
          variant: t.variant,
          threads: t.threads,
          ok: s.ok,
          note: s.note,
          distinctStates: s.distinctStates,
          wallSeconds: s.m.wallSeconds,
          cpuSeconds: s.m.cpuSeconds,
          peakRssBytes: s.m.peakRssBytes,
          ...(s.ownSeconds !== undefined ? { ownSeconds: s.ownSeconds } : {}),
        };
        mine.push(r);
        console.log(runLine(r, args.rounds));
      });
    }
    records.push(...mine);
    const rows = summarize(mine, cfg.reference);
    summary.push(...rows);
    console.log(`medians of ${args.rounds} runs:`);
    console.log(summaryTable(rows).join("\n"));
    const bad = rows.filter((r) => !r.statesAgree);
    if (bad.length)
      console.log(
        `✗ state counts disagree: ${bad.map((r) => `${r.key} ${r.distinctStates}`).join(", ")} (reference ${cfg.reference ?? rows[0]?.distinctStates})`,
      );
    const rl = [...ratios(cfg.label, mine, cfg.mine, cfg.peers), ...(cfg.pairs ?? []).flatMap((p) => ratios(cfg.label, mine, [p.mine], [p.peer]))];
    ratioOut.push(...rl);
    if (rl.length)
      console.log(`ratios of distinct states per second (wall) and per CPU second, within each round (median, min, max):\n${ratioLines(rl).join("\n")}`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const loadEnd = loadAverage();
console.log(`\nload average at end: ${loadEnd.join(", ")}`);
console.log(
  "columns: wall = median process wall time; CPU = user + system of the process; states/s = distinct ÷ median wall; RSS B/state = peak RSS ÷ distinct states (the same measure for every tool); own s = the search time spec2ts reports itself (earlier results used it)",
);
const out = {
  date: started.toISOString(),
  commit: git.commit,
  dirty: git.dirty,
  quick: args.quick,
  rounds: args.rounds,
  machine: { ...machine, loadStart, loadEnd },
  versions,
  notes,
  compile: compile.map(({ m, ...s }) => ({ ...s, wallSeconds: m.wallSeconds, cpuSeconds: m.cpuSeconds, peakRssBytes: m.peakRssBytes })),
  summary,
  ratios: ratioOut,
  runs: records,
};
fs.mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
// A quick run does not replace the full run's record.
const file = `bench/results/${args.quick ? "latest-quick" : "latest"}.json`;
fs.writeFileSync(path.join(ROOT, file), JSON.stringify(out, null, 2) + "\n");
console.log(`wrote ${file}`);
