/**
 * `spec2ts replay TRACE.itf.json FILE`: trace validation. Re-executes an ITF trace (one written by
 * `check --itf`, or logged by an implementation) step by step through the spec's model: from each
 * state, a successor whose variables agree with the next ITF state. Exit 0 when the whole trace is a
 * behaviour of the spec, 1 when it diverges (the message says at which step and how), 2 for bad input.
 */
import * as fs from "node:fs";
import { ItfTypeError, replayItf, validateItf, type ItfTrace, type ReplayResult } from "../../runtime/index.js";
import { CliError, EXIT, type ExitCode } from "../exit.js";
import { loadSpec, selectWorkloads } from "../load.js";
import { eprintln, err, out, println } from "../output.js";
import { requireSpecFile } from "../specs.js";

/** Deeper JSON than any value of a spec can be (its types are finite and written by hand). */
export const MAX_ITF_DEPTH = 1000;

/** The nesting depth of a JSON value (iterative; stops counting past `limit`). */
export function nestingDepth(root: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [x, d] = stack.pop() as [unknown, number];
    if (x === null || typeof x !== "object") continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const v of Array.isArray(x) ? x : Object.values(x)) stack.push([v, d + 1]);
  }
  return max;
}

export interface ReplayCommandOptions {
  readonly workload?: string;
  readonly ignoreActions?: boolean;
}

/** Runs the command; returns the exit code. */
export async function replayCommand(traceFile: string, fileArg: string, opts: ReplayCommandOptions): Promise<ExitCode> {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(traceFile, "utf8"));
  } catch (e) {
    throw new CliError(`cannot read the trace ${traceFile}: ${(e as Error).message}`);
  }
  // Issue 14 item 12: a hostile nesting depth would overflow the stack of the recursive validators.
  const depth = nestingDepth(doc, MAX_ITF_DEPTH);
  if (depth > MAX_ITF_DEPTH) throw coded("E830", `${traceFile} is not a valid ITF trace: values are nested more than ${MAX_ITF_DEPTH} levels deep`);
  const problems = validateItf(doc);
  if (problems.length > 0) {
    throw coded(
      "E830",
      `${traceFile} is not a valid ITF trace:\n  ${problems.slice(0, 10).join("\n  ")}${problems.length > 10 ? `\n  … and ${problems.length - 10} more` : ""}`,
    );
  }
  const itf = doc as ItfTrace;
  const file = requireSpecFile(fileArg);
  const { spec } = await loadSpec(file);
  const fromTrace = typeof itf["#meta"]?.workload === "string" ? (itf["#meta"].workload as string) : undefined;
  let workload = opts.workload ?? (fromTrace !== undefined && spec.workloads.includes(fromTrace) ? fromTrace : undefined);
  if (workload === undefined) {
    const all = selectWorkloads(spec, file, undefined);
    if (all.length !== 1) throw new CliError(`${file} has ${all.length} workloads (${all.join(", ")}): choose one with --workload`);
    workload = all[0] as string;
  } else selectWorkloads(spec, file, workload);
  const model = spec.createModel(workload);
  let r: ReplayResult;
  try {
    r = replayItf(model, itf, { matchActions: opts.ignoreActions !== true });
  } catch (e) {
    if (!(e instanceof ItfTypeError)) throw e;
    if (e.at === "vars")
      throw coded("E833", `${traceFile}: ${e.message.replace(/^vars: /, "")} (vars lists the spec's variables, as \`check --itf\` writes them)`);
    throw coded("E831", `${traceFile}: a value does not have its variable's type: ${e.message}`);
  }
  for (const l of r.legacy ?? []) {
    eprintln(
      err.yellow(`warning[E832]: ${traceFile} uses an old spec2ts ITF form: ${l}; it is still read, but deprecated (rewrite the trace with \`check --itf\`)`),
    );
  }
  println(out.bold(`${spec.name} / ${workload}`) + out.dim(` (${file}, replaying ${traceFile}: ${itf.states.length} states)`));
  if (r.ok) {
    println(out.green(`Accepted: ${r.message}.`));
    return EXIT.ok;
  }
  const [first, ...rest] = r.message.split("\n");
  println(out.red(`Rejected: ${first}`));
  for (const l of rest) println(`  ${l}`);
  println(
    out.dim(
      `  (states are numbered from 0, as #meta.index${r.matched === 0 ? "" : `; states 0..${r.matched - 1} match`}${r.steps.length > 0 ? `, the last by ${r.steps[r.steps.length - 1]}` : ""})`,
    ),
  );
  return EXIT.failed;
}

/** A CliError printed as `spec2ts: error[CODE]: message`. */
function coded(code: string, message: string): CliError {
  return new CliError(`error[${code}]: ${message}`, EXIT.usage, true);
}
