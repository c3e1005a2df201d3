/**
 * Terminal output helpers: colour per stream (picocolors, honouring NO_COLOR and FORCE_COLOR), and
 * plain writes to stdout/stderr (no console.log formatting surprises).
 */
import pc from "picocolors";
import { terminalSafe } from "./terminal.js";

export type Colors = ReturnType<typeof pc.createColors>;

/** Whether to colour output written to `stream`: NO_COLOR wins, then FORCE_COLOR, then "is it a TTY". */
export function colorEnabled(stream: NodeJS.WriteStream): boolean {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** Colour functions for stdout. */
export const out: Colors = pc.createColors(colorEnabled(process.stdout));

// `spec2ts check … | head` closes the pipe early: that is not an error, just stop writing.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}
/** Colour functions for stderr. */
export const err: Colors = pc.createColors(colorEnabled(process.stderr));

const stdoutColors = colorEnabled(process.stdout);
const stderrColors = colorEnabled(process.stderr);

/** Writes a line (or lines) to stdout; control characters from specs are made visible (terminal.ts). */
export function println(text = ""): void {
  process.stdout.write(terminalSafe(text, stdoutColors) + "\n");
}

/** Writes a line (or lines) to stderr; control characters from specs are made visible (terminal.ts). */
export function eprintln(text = ""): void {
  process.stderr.write(terminalSafe(text, stderrColors) + "\n");
}

/** `1234567` → `1,234,567`. */
export { int } from "../runtime/search/digits.js";
