/**
 * The emission facade: a checked spec becomes `generated/<path>/<Spec>/model.ts` and its vitest file,
 * formatted, with the runtime imported by a relative path.
 */
import * as path from "node:path";
import { tsMorph } from "./ts-morph.js";
import type { CheckedSpec } from "../check/checked.js";
import { formatTs } from "./format.js";
import { emitModel, emitModelFiles } from "./module.js";
import { emitTestFile } from "./test-file.js";
import { outputDir } from "./paths.js";

export { outputDir };

export interface EmittedFile {
  /** Path relative to the repository root, with `/` separators. */
  readonly path: string;
  readonly content: string;
}

/** Where the emitted files go and how they import the runtime. */
export interface EmitOptions {
  /** Output directory (default `generated/<path of the spec under specs/>`). */
  readonly outDir?: string;
  /**
   * The runtime directory, relative to the same root as `outDir` (default `runtime`): the files import
   * its `index.js` by a relative path. Used when `runtimeImport` is absent.
   */
  readonly runtimeDir?: string;
  /**
   * The module specifier the files import the runtime by, verbatim, e.g. `spec2ts/runtime` for a
   * project that depends on the spec2ts package. Takes precedence over `runtimeDir`.
   */
  readonly runtimeImport?: string;
  /**
   * Also emit `model.js`: the model transpiled to JavaScript (ES2022 modules), for loading without a
   * TypeScript loader (the CLI's model cache when it runs compiled).
   */
  readonly javascript?: boolean;
  /**
   * Format the files with prettier (default true). The CLI's model cache passes false: nobody reads
   * those files, and prettier (loading it and formatting) is about half a second of a first `check`.
   * Unformatted output is ts-morph's printing: indented, deterministic, the same code.
   */
  readonly format?: boolean;
}

/** Emits and formats the generated files for a checked spec. */
export async function emitSpec(spec: CheckedSpec, opts: EmitOptions = {}): Promise<EmittedFile[]> {
  const dir = opts.outDir ?? outputDir(spec.linked.file);
  let rel = opts.runtimeImport;
  if (rel === undefined) {
    rel = path.posix.relative(dir, `${opts.runtimeDir ?? "runtime"}/index.js`);
    if (!rel.startsWith(".")) rel = `./${rel}`;
  }
  const base = path.posix.basename(dir);
  const format = opts.format === false ? unformatted : formatTs;
  const emitted = emitModelFiles(spec, contractImport(rel));
  const model = await format(emitted.model);
  const packed = emitted.packed !== undefined ? await format(emitted.packed) : undefined;
  const files = [
    { path: `${dir}/model.ts`, content: model },
    // The steps on packed words (generator/emit/packed-steps.ts), imported by model.ts.
    ...(packed !== undefined ? [{ path: `${dir}/packed.ts`, content: packed }] : []),
    ...(packed !== undefined && opts.javascript === true ? [{ path: `${dir}/packed.js`, content: transpile(packed, "packed.ts") }] : []),
    { path: `${dir}/${base}.test.ts`, content: await format(emitTestFile(spec, rel)) },
    ...(opts.javascript === true ? [{ path: `${dir}/model.js`, content: transpile(model) }] : []),
  ];
  // `refines`: the abstract spec's own model, next to this one (the checker is generated code on both sides).
  if (spec.refines) {
    // One directory down: a relative runtime path gains a `../`; a package specifier stays as it is.
    const abstractRel = rel.startsWith(".") ? `../${rel}` : rel;
    const abstract = await format(emitModel(spec.refines.abstract, contractImport(abstractRel), { refinedEntry: true }));
    files.push({ path: `${dir}/abstract/model.ts`, content: abstract });
    if (opts.javascript === true) files.push({ path: `${dir}/abstract/model.js`, content: transpile(abstract) });
  }
  return files;
}

/** The source as printed, ending in a newline as prettier's output does. */
function unformatted(source: string): Promise<string> {
  return Promise.resolve(source.endsWith("\n") ? source : `${source}\n`);
}

/**
 * Where a model imports the runtime from: its contract barrel (`runtime/contract/index.js`, or
 * `spec2ts/runtime/contract` through the package), not the whole runtime, so that loading a model does
 * not load every explorer. The vitest file keeps `runtimeImport` (it runs the checks).
 */
export function contractImport(runtimeImport: string): string {
  return runtimeImport.endsWith("/index.js") ? `${runtimeImport.slice(0, -"/index.js".length)}/contract/index.js` : `${runtimeImport}/contract`;
}

/** The model as JavaScript: types erased by TypeScript's single-file transpiler (ts-morph's copy, already loaded). */
function transpile(source: string, fileName = "model.ts"): string {
  const { ts } = tsMorph;
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, removeComments: false },
    fileName,
  });
  return out.outputText;
}
