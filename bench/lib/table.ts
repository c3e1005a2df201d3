/** Text tables of the benchmark (pure: rows in, lines out). */
import type { Spread } from "./stats.js";
import type { RatioLine, RunRecord, SummaryRow } from "./summary.js";
import type { CompileStep } from "./tools.js";

/** A number with thousands separators and `d` decimals; "-" for NaN. */
export function fmt(x: number, d = 0): string {
  if (!Number.isFinite(x)) return "-";
  return x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
}

const mb = (bytes: number): string => fmt(bytes / 1e6);

function cells(widths: readonly number[], values: readonly string[]): string {
  // First two columns left-aligned (names), the rest right-aligned (numbers).
  return values
    .map((v, i) => (i < 2 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0)))
    .join("  ")
    .trimEnd();
}

const SUMMARY_HEAD = ["tool", "variant", "ok", "distinct", "=", "wall s", "min–max", "CPU s", "states/s", "peak RSS MB", "RSS B/state", "own s"];
const SUMMARY_W = [8, 22, 5, 12, 1, 8, 13, 8, 10, 11, 11, 6];

/** The median table of one configuration; `=` is ✓ when the tool found the reference state count. */
export function summaryTable(rows: readonly SummaryRow[]): string[] {
  const lines = [cells(SUMMARY_W, SUMMARY_HEAD)];
  for (const r of rows) {
    lines.push(
      cells(SUMMARY_W, [
        r.tool,
        r.variant,
        `${r.okRuns}/${r.runs}`,
        fmt(r.distinctStates),
        r.statesAgree ? "✓" : "✗",
        fmt(r.wall.median, 2),
        `${fmt(r.wall.min, 2)}–${fmt(r.wall.max, 2)}`,
        fmt(r.cpuSeconds, 2),
        fmt(r.statesPerSec),
        mb(r.peakRssBytes),
        fmt(r.rssBytesPerState, 1),
        r.ownSeconds === undefined ? "" : fmt(r.ownSeconds, 2),
      ]),
    );
  }
  return lines;
}

const COMPILE_W = [8, 36, 8, 8, 11];

/** The build steps of one configuration, measured like the runs. */
export function compileTable(steps: readonly CompileStep[]): string[] {
  const lines = [cells(COMPILE_W, ["tool", "build step", "wall s", "CPU s", "peak RSS MB"])];
  for (const s of steps)
    lines.push(cells(COMPILE_W, [s.tool, s.step + (s.ok ? "" : " FAILED"), fmt(s.m.wallSeconds, 2), fmt(s.m.cpuSeconds, 2), mb(s.m.peakRssBytes)]));
  return lines;
}

const spreadText = (s: Spread): string => (s.n === 0 ? "-" : `${fmt(s.median, 2)} (min ${fmt(s.min, 2)}, max ${fmt(s.max, 2)}, n=${s.n})`);

/** Ratio lines: spec2ts ÷ peer per round, wall states/s and states per CPU second. */
export function ratioLines(lines: readonly RatioLine[]): string[] {
  return lines.map((l) => `  ${l.mine} ÷ ${l.peer}: wall ${spreadText(l.wall)}; CPU ${spreadText(l.cpu)}`);
}

/** The progress line printed after each run. */
export function runLine(r: RunRecord, rounds: number): string {
  const state = r.ok ? "" : `  FAILED (${r.note})`;
  return `  round ${r.round + 1}/${rounds} #${r.position + 1}  ${r.key.padEnd(22)} ${fmt(r.wallSeconds, 2).padStart(7)} s wall ${fmt(r.cpuSeconds, 2).padStart(7)} s CPU ${mb(r.peakRssBytes).padStart(6)} MB ${fmt(r.distinctStates).padStart(11)} states${state}`;
}
