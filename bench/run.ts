/**
 * `npm run bench`: spec2ts BFS (1 and 2 workers, with and without POR) against SPIN and Rumur on the
 * peers' mutexN model, plus the pfncache `full` workloads. Each run is a child process measured with
 * /usr/bin/time -v (peak RSS). Prints a table and writes bench/results/latest.json.
 *
 *   npm run bench [-- --quick]   (--quick: skip the 11.2M-state size)
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BENCH_MODELS, ROOT, compileBench, specFile } from "./models.js";

interface Row {
  model: string;
  tool: string;
  workers: number;
  por: boolean;
  symmetry: boolean;
  distinctStates: number;
  seconds: number;
  statesPerSec: number;
  peakRssBytes: number;
  bytesPerState: number | null;
  verdict?: string;
  note?: string;
}

const quick = process.argv.includes("--quick");
// The peers' models live in shared/ beside the checkout (CI lays it out the same way).
const PEERS = [path.resolve(ROOT, "../shared/peers"), "/work/shared/peers"].find((p) => fs.existsSync(p)) ?? path.resolve(ROOT, "../shared/peers");
const rows: Row[] = [];
const notes: string[] = [];

/** Runs a command under /usr/bin/time -v (when present); stdout, seconds (wall) and peak RSS. */
function timed(cmd: string, args: readonly string[], cwd: string): { stdout: string; seconds: number; rss: number; ok: boolean } {
  const useTime = fs.existsSync("/usr/bin/time");
  const t0 = performance.now();
  const r = useTime
    ? spawnSync("/usr/bin/time", ["-v", cmd, ...args], { cwd, encoding: "utf8", maxBuffer: 1 << 28 })
    : spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t0) / 1000;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? "");
  const rss = m ? Number(m[1]) * 1024 : 0;
  if (r.status !== 0) process.stderr.write(`${cmd} ${args.join(" ")} failed:\n${r.stderr}\n`);
  return { stdout: r.stdout ?? "", seconds, rss, ok: r.status === 0 };
}

function hasCmd(c: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${c}`]).status === 0;
}

/** Installs SPIN and Rumur with apt-get when missing; returns which are available. */
function ensurePeers(): { spin: boolean; rumur: boolean } {
  const missing = [hasCmd("spin") ? "" : "spin", hasCmd("rumur") ? "" : "rumur", fs.existsSync("/usr/bin/time") ? "" : "time"].filter(Boolean);
  if (missing.length > 0) {
    const sudo = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
    const run = (args: string[]): boolean =>
      spawnSync(sudo[0] ?? args[0]!, [...sudo.slice(1), ...(sudo.length ? args : args.slice(1))], { stdio: "inherit" }).status === 0;
    if (!(run(["apt-get", "update"]) && run(["apt-get", "install", "-y", ...missing]))) notes.push(`apt-get could not install ${missing.join(", ")}`);
  }
  return { spin: hasCmd("spin") && hasCmd("gcc"), rumur: hasCmd("rumur") && hasCmd("cc") };
}

function spec2ts(label: string, modulePath: string, workload: string, por: boolean, workers: number, symmetry = false): Row | undefined {
  const r = timed(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "bench/child.ts"), modulePath, workload, por ? "1" : "0", String(workers), symmetry ? "1" : "0"],
    ROOT,
  );
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (!r.ok || !line.startsWith("{")) {
    notes.push(`spec2ts ${label} workers=${workers} por=${por} failed`);
    return undefined;
  }
  const out = JSON.parse(line) as { verdict: string; stats: { distinctStates: number; seconds: number; bytesPerState: number } };
  const row: Row = {
    model: label,
    tool: "spec2ts",
    workers,
    por,
    symmetry,
    distinctStates: out.stats.distinctStates,
    seconds: out.stats.seconds,
    statesPerSec: out.stats.distinctStates / out.stats.seconds,
    peakRssBytes: r.rss,
    bytesPerState: out.stats.bytesPerState,
    verdict: out.verdict,
  };
  rows.push(row);
  print(row);
  return row;
}

function spin(label: string, n: number, k: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-spin-"));
  fs.copyFileSync(path.join(PEERS, "mutexN.pml"), path.join(dir, "mutexN.pml"));
  try {
    execFileSync("spin", [`-DN=${n}`, `-DK=${k}`, "-a", "mutexN.pml"], { cwd: dir, stdio: "pipe" });
    execFileSync("gcc", ["-O2", "-DSAFETY", "-DNOREDUCE", "-w", "-o", "pan", "pan.c"], { cwd: dir, stdio: "pipe" });
  } catch (e) {
    notes.push(`SPIN build failed for ${label}: ${String(e)}`);
    return;
  }
  const r = timed("./pan", ["-m10000000", "-w26"], dir);
  const states = /(\d+) states, stored/.exec(r.stdout);
  const elapsed = /pan: elapsed time ([\d.e+]+) seconds/.exec(r.stdout);
  if (!states) {
    notes.push(`SPIN ${label}: could not parse output`);
    return;
  }
  // SPIN counts one pre-init state (the `init` process before it has run anything).
  const distinct = Number(states[1]) - 1;
  const seconds = r.seconds;
  const row: Row = {
    model: label,
    tool: "spin",
    workers: 1,
    por: false,
    symmetry: false,
    distinctStates: distinct,
    seconds,
    statesPerSec: distinct / seconds,
    peakRssBytes: r.rss,
    bytesPerState: null,
  };
  if (elapsed) row.note = `pan elapsed ${elapsed[1]}s`;
  rows.push(row);
  print(row);
  fs.rmSync(dir, { recursive: true, force: true });
}

function rumur(label: string, n: number, k: number, threads: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-rumur-"));
  const src = fs.readFileSync(path.join(PEERS, "mutexN.m"), "utf8").replace(/const N: \d+; K: \d+;/, `const N: ${n}; K: ${k};`);
  fs.writeFileSync(path.join(dir, "mutexN.m"), src);
  try {
    execFileSync("rumur", ["mutexN.m", "--output", "m.c"], { cwd: dir, stdio: "pipe" });
    execFileSync("cc", ["-std=c11", "-O3", "-mcx16", "-o", "m", "m.c", "-lpthread"], { cwd: dir, stdio: "pipe" });
  } catch (e) {
    notes.push(`Rumur build failed for ${label}: ${String(e)}`);
    return;
  }
  const r = timed("./m", ["--threads", String(threads)], dir);
  const states = /State Space Explored:\s*(\d+) states/.exec(r.stdout);
  if (!states) {
    notes.push(`Rumur ${label}: could not parse output`);
    return;
  }
  const distinct = Number(states[1]);
  const row: Row = {
    model: label,
    tool: "rumur",
    workers: threads,
    por: false,
    symmetry: false,
    distinctStates: distinct,
    seconds: r.seconds,
    statesPerSec: distinct / r.seconds,
    peakRssBytes: r.rss,
    bytesPerState: null,
  };
  rows.push(row);
  print(row);
  fs.rmSync(dir, { recursive: true, force: true });
}

const fmt = (x: number, d = 0): string => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
function header(): void {
  console.log(
    [
      "model".padEnd(32),
      "tool".padEnd(8),
      "wk",
      "reductions".padEnd(10),
      "distinct".padStart(11),
      "seconds".padStart(8),
      "states/s".padStart(10),
      "peak RSS MB".padStart(11),
      "B/state".padStart(8),
      "verdict",
    ].join(" "),
  );
}
function print(r: Row): void {
  console.log(
    [
      r.model.padEnd(32),
      r.tool.padEnd(8),
      String(r.workers).padStart(2),
      (r.por ? "por" : r.symmetry ? "symmetry" : "-").padEnd(10),
      fmt(r.distinctStates).padStart(11),
      fmt(r.seconds, 2).padStart(8),
      fmt(r.statesPerSec).padStart(10),
      fmt(r.peakRssBytes / 1e6, 0).padStart(11),
      (r.bytesPerState === null ? "" : fmt(r.bytesPerState, 1)).padStart(8),
      r.verdict ?? "",
    ].join(" "),
  );
}

const cores = os.cpus().length;
const peers = ensurePeers();
if (!peers.spin) notes.push("SPIN skipped: `spin`/`gcc` not available (apt-get install spin failed?)");
if (!peers.rumur) notes.push("Rumur skipped: `rumur`/`cc` not available (apt-get install rumur failed?)");
header();
for (const bm of BENCH_MODELS) {
  if (quick && bm.label.includes("N5K10")) continue;
  const modulePath = await compileBench(specFile(bm), bm.name);
  // Symmetric rows: one BFS run with the reduction (not combined with POR or workers).
  if (bm.symmetry) {
    spec2ts(bm.label, modulePath, bm.workload, false, 1, true);
    continue;
  }
  const one = spec2ts(bm.label, modulePath, bm.workload, false, 1);
  const big = bm.label.includes("N5K10");
  if (cores > 1) spec2ts(bm.label, modulePath, bm.workload, false, Math.min(cores, 2));
  if (!bm.peer && !big) spec2ts(bm.label, modulePath, bm.workload, true, 1);
  if (bm.peer) {
    if (peers.spin) spin(bm.label, bm.peer.n, bm.peer.k);
    if (peers.rumur) {
      rumur(bm.label, bm.peer.n, bm.peer.k, 1);
      if (cores > 1) rumur(bm.label, bm.peer.n, bm.peer.k, 2);
    }
    // Cross-check: all tools must agree on the distinct-state count.
    const counts = new Set(rows.filter((r) => r.model === bm.label && !r.por).map((r) => r.distinctStates));
    if (counts.size > 1) notes.push(`${bm.label}: state counts disagree across tools: ${[...counts].join(", ")}`);
  }
  void one;
}

console.log("\nratios (spec2ts states/s ÷ peer states/s, same workers):");
for (const r of rows.filter((x) => x.tool !== "spec2ts")) {
  const mine =
    rows.find((x) => x.tool === "spec2ts" && x.model === r.model && !x.por && x.workers === r.workers) ??
    rows.find((x) => x.tool === "spec2ts" && x.model === r.model && !x.por && x.workers === 1);
  if (mine)
    console.log(
      `  ${r.model} spec2ts(${mine.workers}) / ${r.tool}(${r.workers}): ${(mine.statesPerSec / r.statesPerSec).toFixed(2)}  RSS ratio ${(mine.peakRssBytes / Math.max(1, r.peakRssBytes)).toFixed(2)}`,
    );
}
// The targets: best worker count without reductions against SPIN in this run, and against
// TLC's published figure for this model (2 workers ≈ 0.24 M states/s, shared/peers/README.md; TLC is
// not run here: it is not in the project's registries).
const TLC_PUBLISHED = 240_000;
for (const bm of BENCH_MODELS.filter((b) => b.peer)) {
  const plain = rows.filter((x) => x.tool === "spec2ts" && x.model === bm.label && !x.por && !x.symmetry);
  const best = plain.sort((a, b) => b.statesPerSec - a.statesPerSec)[0];
  const sp = rows.find((x) => x.tool === "spin" && x.model === bm.label);
  if (best && sp)
    console.log(
      `  ${bm.label}: spec2ts best (${best.workers} worker${best.workers > 1 ? "s" : ""}) / SPIN: ${(best.statesPerSec / sp.statesPerSec).toFixed(2)}; / TLC published 0.24M/s: ${(best.statesPerSec / TLC_PUBLISHED).toFixed(2)}`,
    );
}
for (const bm of BENCH_MODELS.filter((b) => b.symmetry)) {
  const sym = rows.find((x) => x.model === bm.label && x.symmetry);
  // The symmetric spec without the reduction has exactly the plain model's states (same semantics).
  const base = rows.find((x) => x.tool === "spec2ts" && x.model === bm.label.replace("-sym", "") && x.workers === 1 && !x.por && !x.symmetry);
  if (sym && base)
    console.log(
      `  ${bm.label}: symmetry reduction ${(base.distinctStates / sym.distinctStates).toFixed(1)}× (${base.distinctStates} → ${sym.distinctStates} orbits), time ${(base.seconds / sym.seconds).toFixed(1)}× shorter`,
    );
}
for (const bm of BENCH_MODELS) {
  const w1 = rows.find((x) => x.tool === "spec2ts" && x.model === bm.label && !x.por && x.workers === 1);
  const w2 = rows.find((x) => x.tool === "spec2ts" && x.model === bm.label && !x.por && x.workers === 2);
  const p = rows.find((x) => x.tool === "spec2ts" && x.model === bm.label && x.por);
  if (w1 && w2) console.log(`  ${bm.label}: 2-worker speedup ${(w1.seconds / w2.seconds).toFixed(2)}×`);
  if (w1 && p) console.log(`  ${bm.label}: POR reduction ${(w1.distinctStates / p.distinctStates).toFixed(2)}× (${w1.distinctStates} → ${p.distinctStates})`);
}
if (notes.length) console.log("\nnotes:\n" + notes.map((n) => "  - " + n).join("\n"));

let commit = "unknown";
try {
  const head = fs.readFileSync(path.join(ROOT, ".git/HEAD"), "utf8").trim();
  commit = head.startsWith("ref: ") ? fs.readFileSync(path.join(ROOT, ".git", head.slice(5)), "utf8").trim() : head;
} catch {
  // not a git checkout (or a packed ref): leave "unknown"
}
const out = {
  date: new Date().toISOString(),
  commit,
  machine: { cpus: cores, cpuModel: os.cpus()[0]?.model ?? "", totalMemBytes: os.totalmem(), platform: `${os.platform()} ${os.release()}` },
  node: process.version,
  notes,
  rows,
};
fs.mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
fs.writeFileSync(path.join(ROOT, "bench/results/latest.json"), JSON.stringify(out, null, 2) + "\n");
console.log(`\nwrote bench/results/latest.json`);
