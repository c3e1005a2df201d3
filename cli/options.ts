/** Parsers for numeric flag values: a bad value is a usage error (exit 2) naming the flag. */
import { InvalidArgumentError } from "commander";
import { totalmem } from "node:os";

/**
 * The memory cap of `check` and `test` when `--max-memory` is not given (issue 14 item 8): half the
 * machine's physical memory, so that a runaway search stops (exit 3, with its statistics) while the
 * machine is still usable. Documented in docs/cli.md.
 */
export function defaultMaxMemoryMb(): number {
  return Math.max(256, Math.floor(totalmem() / 2 / 2 ** 20));
}

/** An integer ≥ 1 (`--max-states`, `--runs`, `--depth`). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer.");
  return n;
}

/** A number > 0, fractions allowed (`--max-seconds`, `--max-memory`). */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number.");
  return n;
}

/** A simulation seed: an integer in 0 .. 2^32-1. */
export function seed(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n > 0xffffffff) {
    throw new InvalidArgumentError("expected an integer from 0 to 4294967295.");
  }
  return n;
}
