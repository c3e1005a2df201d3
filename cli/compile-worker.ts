/**
 * The front end (check, or check and emit) of one spec in a worker thread (see frontend.ts
 * `inWorker`): the main thread stays free to stop it at `--max-seconds` (terminate) and V8 stops it at
 * `--max-memory` (the worker's heap limit). Posts the result without the checked spec itself, which
 * the CLI does not read (`ok` says whether there was one).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { EmitOptions } from "../generator/api.js";

const { kind, file, opts } = workerData as { kind: "check" | "compile"; file: string; opts: EmitOptions };
const api = await import("../generator/api.js");
const r = kind === "check" ? api.checkFile(file) : await api.compileFile(file, opts);
parentPort!.postMessage({ diagnostics: r.diagnostics, sources: r.sources, files: "files" in r ? r.files : undefined, ok: r.checked !== undefined });
