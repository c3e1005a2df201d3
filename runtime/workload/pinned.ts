/**
 * Pinned counterexamples: a trace written as data — the (instance, step, picks) sequence and the
 * violation it ends in — that a test replays through the model (`spec2ts check --emit-test`). The
 * test keeps passing while the spec still has the bug along that exact schedule, and fails (saying at
 * which step) once the spec changes so that the schedule is no longer possible or no longer violates.
 */
import { SpecError, type Model, type Value } from "../contract/model.js";
import type { CheckResult, TraceStep, Violation } from "../search/result.js";
import { valueEquals } from "../search/format.js";
import { toTraceStep } from "../search/trace.js";
import { validateTrace } from "./testing.js";

export interface PinnedStep {
  /** Instance name (`Refresher[1]`); absent for an action. */
  readonly process?: string;
  /** Step name (`refresh.B4`). */
  readonly step: string;
  readonly picks?: { readonly [name: string]: Value };
}

export interface PinnedTrace {
  readonly steps: readonly PinnedStep[];
  readonly violation: {
    readonly kind: Violation["kind"];
    /** The invariant, for `invariant`. */
    readonly property?: string;
    /** For step errors: the failing step and instance. */
    readonly step?: string;
    readonly process?: string;
  };
}

/** Writes a result's counterexample as a pinned trace. */
export function pinTrace<S>(model: Model<S>, result: CheckResult<S>): PinnedTrace {
  const v = result.violation;
  if (v === undefined || result.trace === undefined) throw new Error("no counterexample to pin");
  const name = (pid: number | undefined): string | undefined => (pid === undefined || pid < 0 ? undefined : model.instances[pid]?.name);
  return {
    steps: result.trace.slice(1).map((t) => {
      const process = name(t.instance);
      return {
        ...(process !== undefined ? { process } : {}),
        step: t.step?.name ?? "?",
        ...(t.picks !== undefined && Object.keys(t.picks).length > 0 ? { picks: t.picks } : {}),
      };
    }),
    violation: {
      kind: v.kind,
      ...(v.property !== undefined ? { property: v.property } : {}),
      ...(v.step !== undefined ? { step: v.step.name } : {}),
      ...(name(v.instance) !== undefined ? { process: name(v.instance) as string } : {}),
    },
  };
}

/**
 * Replays a pinned trace: from an initial state, each step must be enabled for its instance with its
 * picks, and the last state must show the violation. Returns what is wrong (empty when the bug is
 * still there) and the replayed trace.
 */
export function replayPinned<S>(model: Model<S>, pinned: PinnedTrace): { problems: string[]; trace: TraceStep<S>[] } {
  const names = model.instances.map((i) => i.name);
  let best: { problems: string[]; trace: TraceStep<S>[] } | undefined;
  for (const init of model.init()) {
    const trace: TraceStep<S>[] = [{ index: 1, state: init }];
    const problems: string[] = [];
    let state = init;
    for (let k = 0; k < pinned.steps.length; k++) {
      const want = pinned.steps[k] as PinnedStep;
      const pid = want.process !== undefined ? names.indexOf(want.process) : -1;
      let found: TraceStep<S> | undefined;
      try {
        model.successors(state, (t) => {
          if (found !== undefined || t.instance !== pid || model.steps[t.step]?.name !== want.step) return;
          if (!samePicks(t.picks, want.picks)) return;
          found = toTraceStep(k + 2, t, model.steps);
        });
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        problems.push(`step ${k + 2}: expanding state ${k + 1} raised ${e.errorKind} (${e.message})`);
        break;
      }
      if (found === undefined) {
        problems.push(
          `step ${k + 2}: ${want.process !== undefined ? `${want.process} ` : ""}${want.step}${picksText(want.picks)} is not enabled in state ${k + 1}`,
        );
        break;
      }
      trace.push(found);
      state = found.state;
    }
    if (problems.length === 0) problems.push(...violationProblems(model, pinned, trace));
    if (problems.length === 0) return { problems, trace };
    if (best === undefined || trace.length > best.trace.length) best = { problems, trace };
  }
  return best ?? { problems: ["the model has no initial state"], trace: [] };
}

function violationProblems<S>(model: Model<S>, pinned: PinnedTrace, trace: TraceStep<S>[]): string[] {
  const pv = pinned.violation;
  const v: Violation = {
    kind: pv.kind,
    message: "",
    ...(pv.property !== undefined ? { property: pv.property } : {}),
  };
  const result: CheckResult<S> = {
    mode: "bfs",
    verdict: "violated",
    violation: v,
    trace,
    stats: { distinctStates: 0, statesGenerated: 0, depth: 0, queue: 0, seconds: 0, statesPerSec: 0, bytesPerState: 0, storeBytes: 0 },
    coverage: { counts: [], neverFired: [] },
    complete: false,
  };
  const problems = validateTrace(model, result);
  if (problems.length > 0 || pv.step === undefined) return problems;
  // A step error: the failing step must be the pinned one.
  const last = (trace[trace.length - 1] as TraceStep<S>).state;
  try {
    model.successors(last, () => undefined);
  } catch (e) {
    if (e instanceof SpecError && e.step >= 0) {
      const step = model.steps[e.step]?.name;
      const who = e.instance >= 0 ? model.instances[e.instance]?.name : undefined;
      if (step !== pv.step || (pv.process !== undefined && who !== pv.process)) {
        return [`the last state raises ${pv.kind} in ${who ?? ""} ${step ?? "?"}, not in ${pv.process ?? ""} ${pv.step}`];
      }
    }
  }
  return [];
}

function samePicks(a: { readonly [k: string]: Value } | undefined, b: { readonly [k: string]: Value } | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  if (ka.length !== kb.length) return false;
  return ka.every((k) => b !== undefined && k in b && valueEquals((a as { [k: string]: Value })[k] as Value, b[k] as Value));
}

function picksText(p: { readonly [k: string]: Value } | undefined): string {
  return p === undefined ? "" : ` with ${JSON.stringify(p)}`;
}
