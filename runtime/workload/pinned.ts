/**
 * Pinned counterexamples: a trace written as data — the (instance, step, picks) sequence and the
 * violation it ends in — that a test replays through the model (`spec2ts check --emit-test`). The
 * test keeps passing while the spec still has the bug along that exact schedule, and fails (saying at
 * which step) once the spec changes so that the schedule is no longer possible or no longer violates.
 */
import { SpecError, type Model, type Value } from "../contract/model.js";
import type { CheckResult, TraceStep, Violation } from "../search/result.js";
import { assertNever, replayPath, type ReplayError, type StepPick } from "../search/replay.js";
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
  const picks = pinned.steps.map((p): StepPick<S> => ({
    kind: "label",
    step: p.step,
    ...(p.process !== undefined ? { process: p.process } : {}),
    ...(p.picks !== undefined ? { picks: p.picks } : {}),
  }));
  let best: { problems: string[]; trace: TraceStep<S>[] } | undefined;
  const inits = model.init();
  for (let i = 0; i < inits.length; i++) {
    // Strict: the pinned schedule must not meet a spec error on the way, even in another step.
    const r = replayPath(model, { kind: "index", index: i }, picks, { strict: true });
    const problems = r.ok ? violationProblems(model, pinned, r.trace) : [pinnedProblem(r.error, pinned)];
    if (problems.length === 0) return { problems, trace: r.trace };
    if (best === undefined || r.trace.length > best.trace.length) best = { problems, trace: r.trace };
  }
  return best ?? { problems: ["the model has no initial state"], trace: [] };
}

/** What a failed replay of a pinned trace says (`at`: the trace index of the state the step would have led to). */
function pinnedProblem(e: ReplayError, pinned: PinnedTrace): string {
  switch (e.kind) {
    case "no-initial":
      return "the model has no initial state";
    case "threw":
      if (!(e.error instanceof SpecError)) throw e.error;
      return `step ${e.at}: expanding state ${e.at - 1} raised ${e.error.errorKind} (${e.error.message})`;
    case "no-successor": {
      const want = pinned.steps[e.at - 2] as PinnedStep;
      return `step ${e.at}: ${want.process !== undefined ? `${want.process} ` : ""}${want.step}${picksText(want.picks)} is not enabled in state ${e.at - 1}`;
    }
    default:
      return assertNever(e);
  }
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

function picksText(p: { readonly [k: string]: Value } | undefined): string {
  return p === undefined ? "" : ` with ${JSON.stringify(p)}`;
}
