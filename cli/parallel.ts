/**
 * How `check` runs the safety BFS with worker threads (`--workers N`): the runtime's `searchSafety`
 * (runtime/workload/safety.ts: sequential first, restarted on the workers past `SEQUENTIAL_BUDGET`),
 * given the model file's hash verified at load time, and with a replaced model file said as a CLI error.
 */
import { searchSafety, type CheckResult, type Model, type SafetyRun, type SearchObserver, type SearchOptions } from "../runtime/index.js";
import { MODEL_CHANGED } from "../runtime/parallel/module-hash.js";
import { CliError } from "./exit.js";
import { verifiedModelHash } from "./load.js";

export { defaultWorkers, SEQUENTIAL_BUDGET } from "../runtime/index.js";

/** The hash the workers must find in `modelFile` (issue 14 item 5: they import model.ts again). */
export function moduleHashOf(modelFile: string): () => string | undefined {
  return () => verifiedModelHash(modelFile);
}

/** Runs `f`; a model file replaced under the workers becomes a CLI error that says so. */
export async function withModelFile<T>(modelFile: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.startsWith(MODEL_CHANGED)) {
      throw new CliError(
        `${modelFile} was replaced during the check (${message.slice(MODEL_CHANGED.length).trim()}); the workers would have checked another model, so the check stopped: run it again`,
      );
    }
    throw e;
  }
}

/** Exhaustive BFS of `model` (the workload `model.workload` of the module `modelFile`), sequential first. */
export async function checkSafety(
  model: Model<unknown>,
  modelFile: string,
  search: SearchOptions,
  opts: {
    readonly workers: number;
    readonly por: boolean;
    /** `--por`: the reduction was asked for (no guard; the workers reduce as the sequential search does). */
    readonly porForced?: boolean;
    readonly budget?: number;
    readonly continue?: boolean;
    readonly observers?: readonly SearchObserver<unknown>[];
  },
): Promise<SafetyRun<unknown> & { readonly result: CheckResult<unknown> }> {
  return withModelFile(modelFile, () => searchSafety(model, search, { ...opts, modelFile, moduleHash: moduleHashOf(modelFile) }));
}
