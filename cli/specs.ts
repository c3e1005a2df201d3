/**
 * Finding spec files: the default set (`specs/**\/*.tspec`, sorted), directories expanded
 * recursively, and clear errors for paths that do not exist or are not specs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CliError } from "./exit.js";

/** Where specs live, relative to the working directory. */
export const SPECS_DIR = "specs";
/** Where `gen` writes, relative to the working directory. */
export const GENERATED_DIR = "generated";

/** A path relative to the working directory with `/` separators (the form diagnostics and outputDir use). */
export function displayPath(p: string): string {
  return path.relative(process.cwd(), path.resolve(p)).split(path.sep).join("/");
}

/** Every `*.tspec` under `dir`, recursively, sorted by path. */
export function specsUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith(".tspec")) found.push(displayPath(p));
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * The spec files named by `args` (files, or directories searched recursively), or every spec under
 * `specs/` when there are none. Paths come back relative to the working directory, sorted, deduplicated.
 */
export function resolveSpecs(args: readonly string[]): string[] {
  if (args.length === 0) {
    if (!isDir(SPECS_DIR)) throw new CliError(`no ${SPECS_DIR}/ directory here (${process.cwd()}); name the spec files to use`);
    return specsUnder(SPECS_DIR);
  }
  const files = new Set<string>();
  for (const a of args) {
    if (isDir(a)) for (const f of specsUnder(a)) files.add(f);
    else files.add(requireSpecFile(a));
  }
  return [...files].sort();
}

/** Checks that `file` is an existing `.tspec` file; returns its display path. */
export function requireSpecFile(file: string): string {
  if (!fs.existsSync(file)) throw new CliError(`no such file: ${file}`);
  if (isDir(file)) throw new CliError(`${file} is a directory; expected a .tspec file`);
  if (!file.endsWith(".tspec")) throw new CliError(`${file} is not a spec (expected a .tspec file)`);
  return displayPath(file);
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
