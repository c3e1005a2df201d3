/**
 * Loading the model of a spec for `check` and `simulate`.
 *
 * A spec under `specs/` of this package whose `generated/` output is current is imported from there
 * (from source, with tsx). Otherwise the spec is compiled into `<cache>/<key>/` and imported from there:
 * `<cache>` is the project's `node_modules/.cache/spec2ts` (paths.ts `cacheRoot`), `<key>` hashes the
 * text and path of every file in the `extends` chain, the generator's own sources and the runtime
 * location (see stamps.ts), so an edit to any of them gives a fresh directory. A cache entry imports
 * the runtime by a relative path to this package's runtime. When the CLI runs compiled (the npm
 * package, no tsx) the entry also holds `model.js`, the model transpiled at compile time, and that is
 * what is imported. Whether `generated/` is current is decided by compiling once and comparing, then
 * remembered in a stamp. Once a spec has been loaded, a record of its chain lets the next run find the
 * model without even running the front end (stamps.ts `lookupModelDir`); that fast path prints no warnings.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { EmittedFile } from "../generator/api.js";
import type { Model } from "../runtime/index.js";
import { CliError, EXIT } from "./exit.js";
import { outputDir } from "../generator/emit/paths.js";
import { checkSpecOrFail, compileOrFail, type CompileLimits } from "./frontend.js";
import { defaultMaxMemoryMb } from "./options.js";
import { COMPILED, RUNTIME_INDEX, cacheRoot, displayDir, realPathOf, relativeSpecifier, runtimeDirFromCwd, runtimeImportOptions, runtimeKey } from "./paths.js";
import { genOutputProblem } from "./output-paths.js";
import { workloadError } from "./workload-errors.js";
import { moduleHash } from "../runtime/parallel/module-hash.js";
import { ioReason, makeDirs } from "./atomic-write.js";
import { eprintln, err } from "./output.js";
import { cacheKey, lookupModelDir, recordModelDir, recordStamp, stampMatches } from "./stamps.js";

/** What a generated `model.ts` exports as `spec`. */
export interface LoadedSpec {
  readonly name: string;
  readonly file: string;
  readonly workloads: readonly string[];
  createModel(workload: string): Model<unknown>;
}

/** A loaded spec and where its model came from. */
export interface Loaded {
  readonly spec: LoadedSpec;
  /** The directory the model was imported from (`generated/…`, or a cache entry: absolute). */
  readonly modelDir: string;
  /** The module imported: `<modelDir>/model.ts`, or `model.js` when the CLI runs compiled. */
  readonly modelFile: string;
}

/** The file of a model directory that is imported: JavaScript when there is no TypeScript loader. */
export const MODEL_MODULE = COMPILED ? "model.js" : "model.ts";

/**
 * Checks, compiles if needed, and imports the model of `file` (a display path). `keepErrors`: the
 * CliError thrown for a spec with errors also carries its rendered diagnostics (`details`).
 */
export async function loadSpec(file: string, opts: { readonly keepErrors?: boolean; readonly limits?: CompileLimits } = {}): Promise<Loaded> {
  // Issue 14 item 9: compilation runs under the command's limits (default: the memory cap).
  const limits = opts.limits ?? { maxMemoryMb: defaultMaxMemoryMb() };
  // Records of compiled runs name directories with model.js: kept apart from those of runs from source.
  // (The real paths of the cache and runtime are part of it: entries made before are not trusted.)
  const recordKey = `${COMPILED ? "compiled " : ""}${runtimeDirFromCwd()} ${realPathOf(RUNTIME_INDEX)} from ${realPathOf(cacheRoot())}`;
  const known = lookupModelDir(file, recordKey, generatedMayServe(file));
  if (known !== undefined) return { spec: await importModel(known), modelDir: known, modelFile: path.join(known, MODEL_MODULE) };
  const fe = await checkSpecOrFail(file, opts.keepErrors === true, limits);
  const genRuntime = runtimeImportOptions(outputDir(file));
  // generated/ is used from source only (it holds TypeScript), and only this package's own (a project's
  // imports `spec2ts/runtime`, which need not resolve to the package running now).
  // generated/ of a project whose package.json is not `"type": "module"` would load as CommonJS.
  // Node refuses to import a path with a (percent-encoded) backslash: such a spec's model loads from the cache.
  const genDir =
    !COMPILED &&
    "runtimeDir" in genRuntime &&
    file.startsWith("specs/") &&
    genOutputProblem(`${outputDir(file)}/model.ts`, "generated", file) === undefined &&
    !/[\\%]/.test(path.resolve(outputDir(file))) &&
    isEsmDir(outputDir(file))
      ? outputDir(file)
      : undefined;
  const root = cacheRoot();
  // The key covers what the entry's runtime import is computed from (see below).
  let dir = path.join(root, cacheKey(fe.sources, `${COMPILED ? "js " : ""}${realPathOf(RUNTIME_INDEX)} from ${realPathOf(root)}`));
  if (
    genDir !== undefined &&
    "runtimeDir" in genRuntime &&
    (await generatedIsCurrent(file, genDir, cacheKey(fe.sources, runtimeKey(genRuntime)), genRuntime, limits))
  )
    dir = genDir;
  else if (!fs.existsSync(path.join(dir, MODEL_MODULE)) || !fs.existsSync(path.join(dir, "model.ts"))) {
    const outDir = dir.split(path.sep).join("/");
    // Node resolves an imported module's symlinks before its relative imports (a symlinked
    // node_modules/ would otherwise lead them to another checkout's runtime): relative to the real path.
    const runtimeImport = relativeSpecifier(realPathOf(dir), realPathOf(RUNTIME_INDEX));
    const r = await compileOrFail(file, { outDir, runtimeImport, javascript: COMPILED, format: false }, true, limits);
    writeDirAtomically(root, dir, r.files);
  }
  const spec = await importModel(dir);
  recordModelDir(file, recordKey, fe.sources, dir);
  return { spec, modelDir: dir, modelFile: path.join(dir, MODEL_MODULE) };
}

/**
 * Whether `generated/` might hold the model of `file` (a cheap test, for the fast path; the slow path
 * decides): only from source (it holds TypeScript), for a spec under specs/ whose model.ts exists.
 */
function generatedMayServe(file: string): boolean {
  return !COMPILED && file.startsWith("specs/") && fs.existsSync(path.join(outputDir(file), "model.ts"));
}

async function generatedIsCurrent(
  file: string,
  genDir: string,
  key: string,
  runtime: { readonly runtimeDir: string },
  limits: CompileLimits,
): Promise<boolean> {
  if (!fs.existsSync(path.join(genDir, "model.ts"))) return false;
  if (stampMatches(key, genDir)) return true;
  const r = await compileOrFail(file, runtime, true, limits);
  const current = r.files.every((f) => readOrUndefined(f.path) === f.content);
  if (current) recordStamp(key, genDir);
  return current;
}

function readOrUndefined(p: string): string | undefined {
  try {
    return fs.readFileSync(p, "utf8");
  } catch {
    return undefined;
  }
}

/** Whether `.ts` files in `dir` load as ES modules: the nearest package.json says `"type": "module"`. */
function isEsmDir(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const pkg = readOrUndefined(path.join(d, "package.json"));
    if (pkg !== undefined) {
      try {
        return (JSON.parse(pkg) as { type?: unknown }).type === "module";
      } catch {
        return false;
      }
    }
    if (path.dirname(d) === d) return false;
  }
}

/**
 * Writes the emitted files into a temporary sibling of `dir`, then renames it into place. The cache
 * root gets a `{"type": "module"}` package.json so models load as ES modules whatever the project is.
 */
function writeDirAtomically(root: string, dir: string, files: readonly EmittedFile[]): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  try {
    makeDirs(root);
    const pkg = path.join(root, "package.json");
    if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, '{ "type": "module", "private": true }\n');
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    const outDir = dir.split(path.sep).join("/");
    for (const f of files) {
      const target = path.join(tmp, path.posix.relative(outDir, f.path));
      // A refining spec's abstract model goes to `abstract/model.ts`.
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.content);
    }
    try {
      fs.renameSync(tmp, dir);
    } catch (e) {
      // Another spec2ts process may have filled the same cache entry first: theirs is identical.
      if (!fs.existsSync(path.join(dir, MODEL_MODULE))) throw e;
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  } catch (e) {
    try {
      fs.rmSync(tmp, { recursive: true, force: true });
    } catch {
      // A read-only or full disk: nothing was left to remove, or nothing more can be done.
    }
    // Reported here, so that `spec2ts test` counts the spec as failed and goes on with the others.
    eprintln(err.red(`spec2ts: error: cannot write the model cache ${displayDir(dir)}: ${ioReason(e)}`));
    throw new CliError(`the model of this spec could not be written (exit 2)`, EXIT.usage, true);
  }
}

/** SHA-256 of each model.ts imported (absolute path → hash): what parallel workers must load. */
const VERIFIED = new Map<string, string>();

/** The hash of the `model.ts` this process imported and checked (undefined if it imported none from there). */
export function verifiedModelHash(modelFile: string): string | undefined {
  return VERIFIED.get(path.resolve(modelFile));
}

async function importModel(dir: string): Promise<LoadedSpec> {
  const file = path.resolve(dir, MODEL_MODULE);
  const shown = `${displayDir(dir)}/${MODEL_MODULE}`;
  let mod: { spec?: LoadedSpec; workloads?: { readonly [w: string]: { readonly loc?: string } } };
  let hash: string;
  try {
    hash = moduleHash(file);
    mod = (await import(pathToFileURL(file).href)) as typeof mod;
    // Issue 14 item 5: the module imported is the file hashed (unchanged across the import).
    if (moduleHash(file) !== hash) throw new CliError(`${shown} changed while it was being loaded (another spec2ts gen?); run the command again`);
    VERIFIED.set(file, hash);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot load the generated model ${shown}: ${(e as Error).message}; this is a bug in spec2ts`, EXIT.internal);
  }
  if (mod.spec === undefined || typeof mod.spec.createModel !== "function") {
    throw new CliError(`${shown} does not export \`spec\`; regenerate it with \`spec2ts gen\``, EXIT.internal);
  }
  const spec = mod.spec;
  const workloads = mod.workloads;
  // A workload the spec cannot instantiate is a spec error (E801, exit 2), not an internal error.
  return {
    name: spec.name,
    file: spec.file,
    workloads: spec.workloads,
    createModel(w: string): Model<unknown> {
      try {
        return spec.createModel(w);
      } catch (e) {
        throw workloadError(e, w, Object.hasOwn(workloads ?? {}, w) ? workloads?.[w]?.loc : undefined, spec.file);
      }
    },
  };
}

/** Picks the workloads to run: the one named (or an error listing those available), else all. */
export function selectWorkloads(spec: LoadedSpec, file: string, name: string | undefined): string[] {
  if (name === undefined) return [...spec.workloads];
  if (spec.workloads.includes(name)) return [name];
  const available = spec.workloads.length > 0 ? spec.workloads.join(", ") : "(none)";
  throw new CliError(`unknown workload \`${name}\` in ${file}; available: ${available}`);
}
