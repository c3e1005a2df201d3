/** The bench's command line. */

/** Parsed flags: `--quick`, `--rounds N` (at least 3), `--only TEXT`. */
export interface BenchArgs {
  readonly quick: boolean;
  readonly rounds: number;
  readonly only?: string;
}

/** Parses `npm run bench -- …` arguments; fewer than 3 rounds are raised to 3 (medians need them). */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const rounds = Math.max(3, Math.floor(Number(value("--rounds") ?? 3)) || 3);
  const only = value("--only");
  return { quick: argv.includes("--quick"), rounds, ...(only !== undefined ? { only } : {}) };
}
