/**
 * Where this package lives, so the CLI works when installed elsewhere (node_modules, npx), and where
 * its model cache goes.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(import.meta.url);

/**
 * True when the CLI runs as compiled JavaScript (dist/, the npm package): generated models must then
 * be loaded as JavaScript (tsx is not there). False when it runs from the TypeScript sources with tsx.
 */
export const COMPILED = !HERE.endsWith(".ts");

/** The directory holding cli/, generator/, runtime/: the checkout, or its dist/ when compiled. */
export const PACKAGE_ROOT = path.resolve(path.dirname(HERE), "..");

/** The package itself (the directory of its package.json): the checkout, or node_modules/spec2ts. */
export const PACKAGE_DIR = COMPILED && path.basename(PACKAGE_ROOT) === "dist" ? path.dirname(PACKAGE_ROOT) : PACKAGE_ROOT;

/** The module specifier generated code outside this package imports the runtime by. */
export const RUNTIME_PACKAGE_IMPORT = "spec2ts/runtime";

/** The runtime's entry module (absolute; `.js` also names the `.ts` source under tsx). */
export const RUNTIME_INDEX = path.join(PACKAGE_ROOT, "runtime", "index.js");

/** The runtime directory of this package, relative to the working directory, `/`-separated. */
export function runtimeDirFromCwd(): string {
  const rel = path.relative(process.cwd(), path.join(PACKAGE_ROOT, "runtime")).split(path.sep).join("/");
  return rel === "" ? "." : rel;
}

/** Whether `p` (relative to the working directory, or absolute) lies inside this package. */
export function insidePackage(p: string): boolean {
  const rel = path.relative(PACKAGE_DIR, path.resolve(p));
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * How files generated into `outDir` import the runtime: this package's own output (its generated/,
 * its tests' scratch directories) by a relative path; any other project by the package name,
 * `spec2ts/runtime`, which resolves to the installed package. The result is the runtime directory for
 * the emitter (`runtimeDir`, relative to the working directory) or a module specifier (`runtimeImport`).
 */
export function runtimeImportOptions(outDir: string): { readonly runtimeDir: string } | { readonly runtimeImport: string } {
  return insidePackage(outDir) ? { runtimeDir: runtimeDirFromCwd() } : { runtimeImport: RUNTIME_PACKAGE_IMPORT };
}

/** What a runtime-import choice contributes to a stamp key (see stamps.ts `cacheKey`). */
export function runtimeKey(opts: { readonly runtimeDir: string } | { readonly runtimeImport: string }): string {
  return "runtimeImport" in opts ? `import ${opts.runtimeImport}` : opts.runtimeDir;
}

/** Relative module specifier from directory `fromDir` to file `to` (both absolute), `/`-separated. */
export function relativeSpecifier(fromDir: string, to: string): string {
  const rel = path.relative(fromDir, to).split(path.sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

let cacheRootMemo: string | undefined;

/**
 * The model cache (absolute): `$SPEC2TS_CACHE_DIR` when set; else `node_modules/.cache/spec2ts` of the
 * project (the nearest directory up from the working directory with a package.json); else, outside
 * any project, `spec2ts/` in the OS cache directory ($XDG_CACHE_HOME, or ~/.cache; %LOCALAPPDATA% on
 * Windows, ~/Library/Caches on macOS).
 */
export function cacheRoot(): string {
  if (cacheRootMemo !== undefined) return cacheRootMemo;
  const env = process.env.SPEC2TS_CACHE_DIR;
  if (env !== undefined && env !== "") return (cacheRootMemo = path.resolve(env));
  for (let d = process.cwd(); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "package.json"))) return (cacheRootMemo = path.join(d, "node_modules", ".cache", "spec2ts"));
    if (path.dirname(d) === d) break;
  }
  return (cacheRootMemo = path.join(osCacheDir(), "spec2ts"));
}

function osCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg !== undefined && path.isAbsolute(xdg)) return xdg;
  if (process.platform === "win32" && process.env.LOCALAPPDATA) return process.env.LOCALAPPDATA;
  if (process.platform === "darwin") return path.join(os.homedir(), "Library", "Caches");
  return path.join(os.homedir(), ".cache");
}

/** The real path of `p` (symlinks resolved), also when its last components do not exist yet. */
export function realPathOf(p: string): string {
  const abs = path.resolve(p);
  for (let d = abs; ; d = path.dirname(d)) {
    try {
      return path.join(fs.realpathSync(d), path.relative(d, abs));
    } catch {
      if (path.dirname(d) === d) return abs;
    }
  }
}

/** A path for messages: relative to the working directory when inside it, else absolute. */
export function displayDir(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : p;
}
