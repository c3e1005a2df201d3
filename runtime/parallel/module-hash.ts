/**
 * The content hash of a generated `model.ts` (issue 14 item 5: time-of-check/time-of-use). The CLI
 * hashes the file it imports and verifies; parallel workers, which import the module again in their
 * own threads, check that they load the same bytes — before and after their import — and refuse to
 * search another model (`ModelChangedError`) if the file was replaced in between.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";

/** SHA-256 (hex) of the file's bytes. */
export function moduleHash(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** The prefix of the message of a worker that found another model than the one verified. */
export const MODEL_CHANGED = "model changed:";

/** Throws when `file` no longer hashes to `expected`. */
export function verifyModuleHash(file: string, expected: string | undefined, when: string): void {
  if (expected === undefined) return;
  let actual: string;
  try {
    actual = moduleHash(file);
  } catch (e) {
    throw new Error(`${MODEL_CHANGED} ${file} cannot be read ${when} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (actual !== expected)
    throw new Error(`${MODEL_CHANGED} ${file} is not the file that was verified (${when}: sha256 ${actual.slice(0, 12)}…, verified ${expected.slice(0, 12)}…)`);
}
