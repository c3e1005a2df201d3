/**
 * The runtime's public surface: the model contract and value helpers used by generated code, and the
 * explorers, result types and formatting used by the CLI and tests.
 */
// Everything generated models import, listed once in the contract's barrel.
export * from "./contract/index.js";
export type {
  BfsOptions,
  CheckResult,
  Coverage,
  DfsOptions,
  Limit,
  SearchMode,
  SearchOptions,
  SimulateOptions,
  Stats,
  TraceStep,
  Verdict,
  Violation,
  ViolationKind,
  FoundViolation,
  PorRun,
} from "./search/result.js";
export { violationKey } from "./search/result.js";
export { checkBfs, checkBfsAsync } from "./search/bfs.js";
export { checkDfs, checkDfsAsync } from "./search/dfs.js";
export { simulate, simulateAsync } from "./search/simulate.js";
export { reconstructTrace } from "./search/trace.js";
export { replayPath, type InitialPick, type StepPick, type ReplayError, type PathReplay } from "./search/replay.js";
export { matchesExpectation, describeExpectation, describeViolation } from "./search/expect.js";
export {
  formatResult,
  formatVerdict,
  formatStats,
  formatTrace,
  traceModel,
  traceNotes,
  hiddenGhosts,
  displayName,
  formatValue,
  diffViews,
  changeText,
  isMapLike,
  isVariantLike,
  resultToJson,
  type Change,
  type FormatOptions,
  type JsonResult,
} from "./search/format.js";
export { Fingerprinter, fingerprintHex } from "./search/fingerprint.js";
export { FingerprintStore, type StoreOptions } from "./search/store.js";
export { Random } from "./search/random.js";
export { tuneHeapForSearch } from "./search/tune.js";
export { judgeWorkload, validateTrace, wantsLiveness } from "./workload/testing.js";
export {
  checkWorkloadForTest,
  judgeRun,
  propertiesOf,
  propertyRows,
  type PropertyRow,
  type ExpectationStatus,
  type PropertyOutcome,
  type PropertyVerdict,
  type RunVerdict,
  type TestOutcome,
} from "./workload/verdict.js";
export { buildStateGraph, StateGraph, type GraphOptions, type GraphStats } from "./analyses/graph.js";
export {
  checkLiveness,
  checkAllProperties,
  buildPropertyGraph,
  validateLasso,
  propertyInstances,
  safetyTraceProblems,
  bindingText,
  type FairBinding,
  type PropertyInstance,
  formatLasso,
  classify as classifyProperty,
  type Lasso,
  type LiveModel,
  type LivenessOptions,
  type LivenessResult,
  type LivenessStats,
  type PropertyForm,
  type PropertyGraph,
} from "./analyses/liveness.js";
export { explainDeadlock, waitsFor, waitCycle } from "./analyses/deadlock.js";
export { analyzeLockOrder, type LockOrderEdge, type LockInversion, type LockOrderResult, type LockOrderOptions } from "./analyses/lockorder.js";
export { minimizePreemptions, countPreemptions, type PreemptionOptions, type PreemptionResult } from "./analyses/preemption.js";
export { buildStory, type Story, type StoryStep, type LockEvent } from "./report/story.js";
export { formatSwimlane, formatResultSwimlane, type SwimlaneOptions } from "./report/swimlane.js";
export { formatMermaid, mermaidEscape, type MermaidOptions } from "./report/mermaid.js";
export {
  traceToItf,
  itfToStates,
  itfToValue,
  itfToTyped,
  ItfTypeError,
  valueToItf,
  validateItf,
  stringifyItf,
  replayItf,
  ACTION_TAKEN,
  NONDET_PICKS,
  type ItfTrace,
  type ItfState,
  type ItfValue,
  type ReplayResult,
  type ReplayOptions,
} from "./report/itf.js";
export { pinTrace, replayPinned, type PinnedTrace, type PinnedStep } from "./workload/pinned.js";
export { type BfsCheckOptions, type PorStats } from "./search/bfs.js";
export { type SearchObserver } from "./search/observer.js";
export { recordAnalyses, type OnePassPlan, type Recordings } from "./workload/one-pass.js";
export {
  checkWorkload,
  checkWorkloadSync,
  symmetryApplies,
  withFewestPreemptions,
  LOCK_ORDER_MAX_STATES,
  type AnalysisSource,
  type WorkloadPlan,
  type WorkloadReport,
} from "./workload/check-workload.js";
export {
  assertValidPlan,
  InvalidPlanError,
  planNotes,
  planProblems,
  PLAN_OPTION_NAMES,
  type OptionNames,
  type PlanFinding,
  type PlanOption,
  type PlanOptions,
} from "./workload/plan.js";
export { defaultWorkers, searchSafety, SEQUENTIAL_BUDGET, type SafetyPlan, type SafetyRun } from "./workload/safety.js";
export { CompactStore, type CompactStoreOptions } from "./search/store.js";
export { planPor, explainPor, porUnsupported, PorEngine, type PorPlan } from "./reduce/por.js";
export { porDecision, hasLocks, type PorDecision, type PorRunPlan } from "./reduce/decision.js";
export { PorGuard, POR_GUARD, prunedFraction, type PorGuardOptions } from "./reduce/guard.js";
export { checkParallel, type ParallelOptions } from "./parallel/parallel.js";
export { PackedLevel } from "./contract/packed.js";
