/**
 * The live progress line on stderr during a search (only on a TTY): distinct states, rate, queue,
 * depth and elapsed time, redrawn in place and erased when the search ends.
 */
import type { Stats } from "../runtime/index.js";
import { int } from "./output.js";

/** Redraw interval: frequent enough to feel live, rare enough to cost nothing. */
export const PROGRESS_INTERVAL_MS = 250;

/** A single redrawable status line. */
export class ProgressLine {
  private shown = false;

  constructor(
    private readonly enabled: boolean,
    private readonly label: string,
  ) {}

  /** For the explorer's `onProgress`. */
  readonly update = (s: Stats): void => {
    if (!this.enabled) return;
    const width = process.stderr.columns || 100;
    const text =
      `${this.label}: ${int(s.distinctStates)} distinct states, ${int(Math.round(s.statesPerSec))} states/s, ` +
      `queue ${int(s.queue)}, depth ${s.depth}, ${s.seconds.toFixed(1)} s`;
    process.stderr.write(`\r\x1b[K${text.slice(0, Math.max(10, width - 1))}`);
    this.shown = true;
  };

  /** Erases the line. */
  clear(): void {
    if (this.shown) process.stderr.write("\r\x1b[K");
    this.shown = false;
  }
}
