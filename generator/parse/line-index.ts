/**
 * Offset → line/column conversion for one source text, matching the positions peggy puts in spans:
 * lines are counted at `\n` only (a `\r` of a CRLF pair is the last column of its line), and columns
 * are 1-based UTF-16 code units (a tab or an astral character is not widened here; the renderer
 * widens tabs for display).
 */
import type { Pos, Span } from "./ast.js";

/** Precomputed line starts for fast position lookups. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  /** The position of `offset` (clamped to the text). */
  pos(offset: number): Pos {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { offset: o, line: lo + 1, column: o - (this.starts[lo] ?? 0) + 1 };
  }

  /** A span of `file` from `start` to `end` offsets. */
  span(file: string, start: number, end: number): Span {
    return { file, start: this.pos(start), end: this.pos(Math.max(start, end)) };
  }

  /** The offset at which 1-based `line` starts, or the text length past the last line. */
  lineStart(line: number): number {
    return this.starts[line - 1] ?? this.text.length;
  }

  /** The number of lines (a trailing newline opens a last, empty line). */
  get lineCount(): number {
    return this.starts.length;
  }
}
