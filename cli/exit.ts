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
