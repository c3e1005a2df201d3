/**
 * Which combinations of a workload plan's options make sense, decided in one place (issue 17 item 1;
 * Stateright's `CheckerBuilder` refuses invalid combinations the same way). `checkWorkload` refuses an
 * invalid plan before searching, and `spec2ts check` reports the same problems in its flags' names, so
 * the rules cannot drift between the command line, `spec2ts test`, the generated tests and API callers.
 *
 * Two kinds of finding:
 * - a **problem**: the combination is meaningless or not established as sound (a depth bound on a
 *   breadth-first search, POR with symmetry or `continue`); the run is refused;
 * - a **note**: an option that this combination does not use (workers under `continue`, a depth-first
 *   search or 96-bit keys); the run goes on and the caller may say so.
 *
 * What depends on the model as well as the options (whether POR is sound for this model, whether its
 * symmetry can be enumerated) is decided by `porDecision` (reduce/decision.ts) and `symmetryApplies`.
 */
/** The plan options the rules speak of (a subset of `WorkloadPlan`, which check-workload.ts defines). */
export interface PlanOptions {
  readonly search?: "bfs" | "dfs";
  readonly maxDepth?: number;
  readonly maxStates?: number;
  readonly maxSeconds?: number;
  readonly maxMemoryBytes?: number;
  readonly expectedStates?: number;
  readonly symmetry?: boolean;
  readonly por?: boolean;
  readonly porForced?: boolean;
  readonly continue?: boolean;
  readonly workers?: number;
}

/** An option as a finding names it; `dfs` stands for `search: "dfs"`. */
export type PlanOption = Exclude<keyof PlanOptions, "search"> | "dfs";

/** How an option is written where the finding is shown: the API's field names, or the CLI's flags. */
export type OptionNames = Readonly<Record<PlanOption, string>>;

/** The option names of the `WorkloadPlan` API (the default wording of findings). */
export const PLAN_OPTION_NAMES: OptionNames = {
  dfs: 'search: "dfs"',
  maxDepth: "maxDepth",
  maxStates: "maxStates",
  maxSeconds: "maxSeconds",
  maxMemoryBytes: "maxMemoryBytes",
  expectedStates: "expectedStates",
  symmetry: "symmetry: true",
  por: "por: true",
  porForced: "porForced",
  continue: "continue: true",
  workers: "workers",
};

/** A combination `checkWorkload` refuses, or an option it will not use. */
export interface PlanFinding {
  /** The option at fault (for a conflict, the first of the pair). */
  readonly option: PlanOption;
  /** The option it conflicts with, if any. */
  readonly conflictsWith?: PlanOption;
  /** The sentence, in the caller's names for the options. */
  text(names: OptionNames): string;
}

/** The rules, in the order their findings are reported. */
interface Rule {
  readonly option: PlanOption;
  readonly conflictsWith?: PlanOption;
  applies(p: PlanOptions): boolean;
  text(n: OptionNames): string;
}

const dfs = (p: PlanOptions): boolean => p.search === "dfs";

/** A positive integer, or absent. */
const badCount = (v: number | undefined): boolean => v !== undefined && !(Number.isSafeInteger(v) && v >= 1);
/** A positive number, or absent. */
const badAmount = (v: number | undefined): boolean => v !== undefined && !(v > 0 && Number.isFinite(v));

const PROBLEMS: readonly Rule[] = [
  {
    option: "maxDepth",
    conflictsWith: "dfs",
    applies: (p) => p.maxDepth !== undefined && !dfs(p),
    text: (n) => `${n.maxDepth} bounds a depth-first search: add ${n.dfs}`,
  },
  {
    option: "symmetry",
    conflictsWith: "por",
    applies: (p) => p.symmetry === true && p.por === true,
    text: (n) => `${n.symmetry} and ${n.por} cannot be combined (their combination is not established as sound here): choose one`,
  },
  {
    option: "continue",
    conflictsWith: "dfs",
    applies: (p) => p.continue === true && dfs(p),
    text: (n) => `${n.continue} needs the breadth-first search (its traces are shortest per violation): drop ${n.dfs}`,
  },
  {
    option: "continue",
    conflictsWith: "por",
    applies: (p) => p.continue === true && p.por === true,
    text: (n) => `${n.continue} and ${n.por} cannot be combined (a reduced search misses violations it does not stop at): choose one`,
  },
  {
    option: "por",
    conflictsWith: "dfs",
    applies: (p) => p.por === true && dfs(p),
    text: (n) => `${n.por} cannot be used with ${n.dfs}: the depth-first search does not reduce (only the breadth-first search does)`,
  },
  {
    option: "porForced",
    conflictsWith: "por",
    applies: (p) => p.porForced === true && p.por !== true,
    text: (n) => `${n.porForced} says the reduction was asked for, but ${n.por} is not set`,
  },
  ...(["maxDepth", "maxStates", "workers"] as const).map((o): Rule => ({
    option: o,
    applies: (p) => badCount(p[o]),
    text: (n) => `${n[o]} must be a whole number of at least 1`,
  })),
  ...(["maxSeconds", "maxMemoryBytes"] as const).map((o): Rule => ({
    option: o,
    applies: (p) => badAmount(p[o]),
    text: (n) => `${n[o]} must be a positive number`,
  })),
  {
    option: "expectedStates",
    applies: (p) => p.expectedStates !== undefined && !(Number.isSafeInteger(p.expectedStates) && p.expectedStates >= 0),
    text: (n) => `${n.expectedStates} must be a whole number of at least 0`,
  },
];

const workers = (p: PlanOptions): number => p.workers ?? 1;

const NOTES: readonly Rule[] = [
  {
    option: "workers",
    conflictsWith: "continue",
    applies: (p) => workers(p) > 1 && p.continue === true && !dfs(p),
    text: (n) => `${n.workers} is not used: a ${n.continue} search runs on 1 thread`,
  },
  {
    option: "workers",
    conflictsWith: "dfs",
    applies: (p) => workers(p) > 1 && dfs(p),
    text: (n) => `${n.workers} is not used: the depth-first search runs on 1 thread`,
  },
];

const finding = (r: Rule): PlanFinding => ({ option: r.option, ...(r.conflictsWith !== undefined ? { conflictsWith: r.conflictsWith } : {}), text: r.text });

/** The combinations of `plan` that `checkWorkload` refuses (empty: the plan is valid). */
export function planProblems(plan: PlanOptions): readonly PlanFinding[] {
  return PROBLEMS.filter((r) => r.applies(plan)).map(finding);
}

/**
 * Options of a valid `plan` that the run will not use. 96-bit keys keeping the search sequential are
 * not among them: `workers` is a default there as much as a request, and the caller that knows whether
 * it was asked for says so itself (see `keysOf`).
 */
export function planNotes(plan: PlanOptions): readonly PlanFinding[] {
  return NOTES.filter((r) => r.applies(plan)).map(finding);
}

/** A plan `checkWorkload` refuses; `problems` says why, in the API's names. */
export class InvalidPlanError extends Error {
  constructor(readonly problems: readonly PlanFinding[]) {
    super(`invalid workload plan: ${problems.map((p) => p.text(PLAN_OPTION_NAMES)).join("; ")}`);
    this.name = "InvalidPlanError";
  }
}

/** Throws `InvalidPlanError` when `plan` has a problem. */
export function assertValidPlan(plan: PlanOptions): void {
  const problems = planProblems(plan);
  if (problems.length > 0) throw new InvalidPlanError(problems);
}
