/**
 * The model contract: everything generated model code imports, and nothing else. A generated
 * `model.ts` imports this barrel only, so loading a model does not load the explorers, the analyses or
 * `worker_threads`. This wing imports nothing from the rest of the runtime (lint rule in eslint.config.js).
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
export { temporalForall } from "./temporal.js";
export { viewTypesOf, viewTypeOf, typedEquals, showViewType, type ViewType, type ViewTypes, type ViewTypeDecls } from "./view-type.js";
export { BitWriter, BitReader, bitsFor, packedWidth, MAX_PACKED_BITS } from "./packed.js";
export { SymmetryGroup, optMap, permutationsOf, MAX_PERMUTATIONS, type SymPerm, type SymmetricType, type SymmetricInstances } from "./symmetry.js";
export * from "./capabilities.js";
export { getBits, setBits, copyWords, keyAt$, updateKeyAt$, FieldPositions, type PackedSteps, type HasPackedSteps } from "./packed-steps.js";
export { ModelBase, type ModelTables, type StepMethod, type LockWait } from "./base.js";
