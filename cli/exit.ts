/**
 * Exit codes and the error types that map to them. Commands throw `CliError` for anything the user
 * can fix (bad flag, missing file, unknown workload, spec errors already printed); anything else that
 * escapes is a bug in spec2ts and exits with `EXIT.internal`.
 */

/** Process exit codes, shared by every command (documented in docs/cli.md). */
export const EXIT = {
  /** Every property holds / nothing to report. */
  ok: 0,
  /** A violation was found (check, simulate), a test failed, or `--check` found differences. */
  failed: 1,
  /** Bad usage or a spec with errors. */
  usage: 2,
  /** The search did not finish: a limit was hit or it was interrupted (Ctrl-C). */
  incomplete: 3,
  /** An unexpected internal error (EX_SOFTWARE from sysexits.h). */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The message of a spec error raised outside any search, e.g. a workload constant outside its type
 * while the model is created (`file.tspec:line:col: …`); undefined for anything else. By name, not
 * `instanceof`: the generated model may load its own copy of the runtime.
 */
export function specErrorMessage(e: unknown): string | undefined {
  if (!(e instanceof Error) || e.name !== "SpecError") return undefined;
  const loc = (e as Error & { loc?: unknown }).loc;
  return typeof loc === "string" && loc !== "" ? `${loc}: ${e.message}` : e.message;
}

/** An error the user can fix: printed as `spec2ts: error: <message>` (unless already reported) with no stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
    /** True when the details were already printed (e.g. rendered diagnostics). */
    readonly reported = false,
    /** The rendered diagnostics, when they were kept for the caller instead of printed (`spec2ts test`). */
    readonly details?: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}
