/**
 * The runtime's public surface: the model contract and value helpers used by generated code, and the
 * explorers, result types and formatting used by the CLI and tests.
 */
export * from "./model.js";
export * from "./values.js";
export * from "./locks.js";
export {
  tick$,
  budget,
  EvaluationStopped,
  isEvaluationStopped,
  startEvaluationBudget,
  endEvaluationBudget,
  evaluationProgress,
  pollEvaluation,
  POLL_EVERY,
  STUCK_MS,
} from "./budget.js";
export { Refinement, RefinementError, refinementOf, type RefinementDetail } from "./refinement.js";
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
} from "./result.js";
export { violationKey } from "./result.js";
export { checkBfs, checkBfsAsync } from "./bfs.js";
export { checkDfs, checkDfsAsync } from "./dfs.js";
export { simulate, simulateAsync } from "./simulate.js";
export { reconstructTrace } from "./trace.js";
export { matchesExpectation, describeExpectation, describeViolation } from "./expect.js";
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
} from "./format.js";
export { viewTypesOf, viewTypeOf, typedEquals, showViewType, type ViewType, type ViewTypes, type ViewTypeDecls } from "./view-type.js";
export { Fingerprinter, fingerprintHex } from "./fingerprint.js";
export { FingerprintStore, type StoreOptions } from "./store.js";
export { Random } from "./random.js";
export { tuneHeapForSearch } from "./tune.js";
export { judgeWorkload, validateTrace, wantsLiveness } from "./testing.js";
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
} from "./verdict.js";
export { buildStateGraph, StateGraph, type GraphOptions, type GraphStats } from "./graph.js";
export {
  checkLiveness,
  checkAllProperties,
  buildPropertyGraph,
  validateLasso,
  propertyInstances,
  temporalForall,
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
} from "./liveness.js";
export { explainDeadlock, waitsFor, waitCycle } from "./deadlock.js";
export { analyzeLockOrder, type LockOrderEdge, type LockInversion, type LockOrderResult, type LockOrderOptions } from "./lockorder.js";
export { minimizePreemptions, countPreemptions, type PreemptionOptions, type PreemptionResult } from "./preemption.js";
export { buildStory, type Story, type StoryStep, type LockEvent } from "./story.js";
export { formatSwimlane, formatResultSwimlane, type SwimlaneOptions } from "./swimlane.js";
export { formatMermaid, mermaidEscape, type MermaidOptions } from "./mermaid.js";
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
} from "./itf.js";
export { pinTrace, replayPinned, type PinnedTrace, type PinnedStep } from "./pinned.js";
export { type BfsCheckOptions, type PorStats } from "./bfs.js";
export { CompactStore, type CompactStoreOptions } from "./store.js";
export { planPor, explainPor, porUnsupported, PorEngine, type PorPlan } from "./por.js";
export { checkParallel, type ParallelOptions } from "./parallel.js";
export { BitWriter, BitReader, PackedLevel, bitsFor, packedWidth, MAX_PACKED_BITS } from "./packed.js";
export { SymmetryGroup, optMap, permutationsOf, MAX_PERMUTATIONS, type SymPerm, type SymmetricType, type SymmetricInstances } from "./symmetry.js";
