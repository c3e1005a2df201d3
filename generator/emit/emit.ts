/**
 * The emission facade: a checked spec becomes `generated/<path>/<Spec>/model.ts` and its vitest file,
 * formatted, with the runtime imported by a relative path.
 */
import * as path from "node:path";
import type { CheckedSpec } from "../check/checked.js";
import { formatTs } from "./format.js";
import { emitModel } from "./module.js";
import { emitTestFile } from "./test-file.js";
import { outputDir } from "./paths.js";

export { outputDir };

export interface EmittedFile {
  /** Path relative to the repository root, with `/` separators. */
  readonly path: string;
  readonly content: string;
}

/** Emits and formats the generated files for a checked spec. */
export async function emitSpec(spec: CheckedSpec, opts: { outDir?: string; runtimeDir?: string } = {}): Promise<EmittedFile[]> {
  const dir = opts.outDir ?? outputDir(spec.linked.file);
  const runtimeDir = opts.runtimeDir ?? "runtime";
  let rel = path.posix.relative(dir, `${runtimeDir}/index.js`);
  if (!rel.startsWith(".")) rel = `./${rel}`;
  const base = path.posix.basename(dir);
  const files = [
    { path: `${dir}/model.ts`, content: await formatTs(emitModel(spec, rel)) },
    { path: `${dir}/${base}.test.ts`, content: await formatTs(emitTestFile(spec, rel)) },
  ];
  // `refines`: the abstract spec's own model, next to this one (the checker is generated code on both sides).
  if (spec.refines) files.push({ path: `${dir}/abstract/model.ts`, content: await formatTs(emitModel(spec.refines.abstract, `../${rel}`, { refinedEntry: true })) });
  return files;
}
