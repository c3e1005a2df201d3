/** Pure summaries of the measured runs: one row per tool with medians, and per-round ratios between tools. */
import { bestPerRound, median, roundRatios, type Spread } from "./stats.js";
import type { ToolName } from "./tools.js";

/** One run of one tool in one round, as recorded (and written to latest.json). */
export interface RunRecord {
  readonly config: string;
  readonly round: number;
  /** Position of this run in its round (0 = first). */
  readonly position: number;
  readonly key: string;
  readonly tool: ToolName;
  readonly variant: string;
  readonly threads: number;
  readonly ok: boolean;
  readonly note: string;
  readonly distinctStates: number;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
  /** The search's own seconds as the tool reports them (spec2ts only), for comparison with older results. */
  readonly ownSeconds?: number;
}

/** The medians of one tool's runs in one configuration. */
export interface SummaryRow {
  readonly config: string;
  readonly key: string;
  readonly tool: ToolName;
  readonly variant: string;
  readonly threads: number;
  readonly runs: number;
  readonly okRuns: number;
  readonly distinctStates: number;
  /** Every successful run found `reference` states (the formula's count, or the first row's); failed runs show in okRuns. */
  readonly statesAgree: boolean;
  readonly wall: { readonly median: number; readonly min: number; readonly max: number };
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
  readonly statesPerSec: number;
  readonly statesPerCpuSec: number;
  /** Peak RSS of the whole process ÷ distinct states: the same measure for every tool. */
  readonly rssBytesPerState: number;
  readonly ownSeconds?: number;
}

/**
 * One row per tool key (in first-seen order), from the successful runs only. `reference` is the
 * state count every tool must find; without it, the first row's count is the reference.
 */
export function summarize(records: readonly RunRecord[], reference?: number): SummaryRow[] {
  const keys = [...new Set(records.map((r) => r.key))];
  const rows: SummaryRow[] = [];
  let ref = reference;
  for (const key of keys) {
    const all = records.filter((r) => r.key === key);
    const ok = all.filter((r) => r.ok);
    const first = all[0] as RunRecord;
    const counts = [...new Set(ok.map((r) => r.distinctStates))];
    const distinct = counts.length === 1 ? (counts[0] as number) : median(ok.map((r) => r.distinctStates));
    if (ref === undefined && counts.length === 1) ref = distinct;
    const walls = ok.map((r) => r.wallSeconds);
    const wall = { median: median(walls), min: walls.length ? Math.min(...walls) : NaN, max: walls.length ? Math.max(...walls) : NaN };
    const cpu = median(ok.map((r) => r.cpuSeconds));
    const rss = median(ok.map((r) => r.peakRssBytes));
    const own = ok.map((r) => r.ownSeconds).filter((x): x is number => x !== undefined);
    rows.push({
      config: first.config,
      key,
      tool: first.tool,
      variant: first.variant,
      threads: first.threads,
      runs: all.length,
      okRuns: ok.length,
      distinctStates: distinct,
      statesAgree: counts.length === 1 && counts[0] === ref,
      wall,
      cpuSeconds: cpu,
      peakRssBytes: rss,
      statesPerSec: distinct / wall.median,
      statesPerCpuSec: distinct / cpu,
      rssBytesPerState: rss / distinct,
      ...(own.length ? { ownSeconds: median(own) } : {}),
    });
  }
  return rows;
}

/** States per second of each successful run of `key`, by round (wall, or CPU when `cpu`). */
export function ratePerRound(records: readonly RunRecord[], key: string, cpu = false): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of records) if (r.key === key && r.ok) m.set(r.round, r.distinctStates / (cpu ? r.cpuSeconds : r.wallSeconds));
  return m;
}

/** A peer to compare against: the best of its keys in each round (e.g. Rumur's best thread count). */
export interface PeerTarget {
  readonly name: string;
  readonly keys: readonly string[];
}

/** spec2ts ÷ peer, per round: wall states/s and states per CPU second. */
export interface RatioLine {
  readonly config: string;
  readonly mine: string;
  readonly peer: string;
  readonly wall: Spread;
  readonly cpu: Spread;
}

/** The ratios of each of `mine` against each peer target present in `records`. */
export function ratios(config: string, records: readonly RunRecord[], mine: readonly string[], peers: readonly PeerTarget[]): RatioLine[] {
  const lines: RatioLine[] = [];
  for (const m of mine) {
    if (!records.some((r) => r.key === m)) continue;
    for (const p of peers) {
      if (!records.some((r) => p.keys.includes(r.key))) continue;
      const wall = roundRatios(ratePerRound(records, m), bestPerRound(p.keys.map((k) => ratePerRound(records, k))));
      const cpu = roundRatios(ratePerRound(records, m, true), bestPerRound(p.keys.map((k) => ratePerRound(records, k, true))));
      lines.push({ config, mine: m, peer: p.name, wall, cpu });
    }
  }
  return lines;
}
