/**
 * What every parallel worker does first (parallel-worker.ts, owned-worker.ts): load the model the main
 * thread verified, make an explorer that judges states without a store of its own, and let the main
 * thread stop an evaluation in progress through the shared STOP word.
 */
import { pathToFileURL } from "node:url";
import type { Model } from "../contract/model.js";
import { Explorer, type VisitedSet } from "../search/explore.js";
import { budget } from "../contract/budget.js";
import { verifyModuleHash } from "./module-hash.js";
import { STOP } from "./parallel-control.js";
import type { WorkerBase } from "./parallel-protocol.js";

export interface WorkerStart {
  readonly model: Model<unknown>;
  readonly ex: Explorer<unknown, VisitedSet>;
  readonly ctrl: Int32Array;
}

export async function startWorker(data: WorkerBase, symmetry: boolean): Promise<WorkerStart> {
  const ctrl = new Int32Array(data.ctrl);
  // The module must be the one the main thread verified: same bytes before and after this import.
  verifyModuleHash(data.modulePath, data.moduleHash, "before a worker loaded it");
  const mod = (await import(pathToFileURL(data.modulePath).href)) as { createModel(w: string): Model<unknown> };
  verifyModuleHash(data.modulePath, data.moduleHash, "after a worker loaded it");
  const model = mod.createModel(data.workload);
  const noStore: VisitedSet = { size: 0, bytes: 0 };
  const ex = new Explorer<unknown, VisitedSet>(model, "bfs", symmetry ? { symmetry: true } : {}, noStore);
  // The main thread stops a worker busy inside one evaluation through the STOP word (runtime/contract/budget.ts).
  budget.stopFlag = ctrl;
  budget.stopIndex = STOP;
  return { model, ex, ctrl };
}
