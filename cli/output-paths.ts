/**
 * Where the CLI may write (issue 14 item 4). `gen` writes only inside `generated/`, whatever a spec is
 * called (`specs/...tspec` would otherwise map to `generated/..` = the project root). `--itf` and
 * `--emit-test` never write over a spec, over the input, or over an existing file that spec2ts did not
 * write (an ITF file with `"generated-by": "spec2ts"`, a test starting with the `--emit-test` header),
 * unless `--force`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CliError } from "./exit.js";

/** Whether `p` lies strictly inside `dir` (both resolved against the working directory). */
export function strictlyInside(p: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(p));
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/**
 * Why `gen` may not write `file` for `spec` (undefined when it may): it must lie inside `root`, in a
 * real subdirectory, and the spec's name (without `.tspec`) must be a usable directory name — `..tspec`
 * and `...tspec` would map to `.` and `..`, i.e. into the project root or onto another spec's output.
 */
export function genOutputProblem(file: string, root: string, spec?: string): string | undefined {
  const stem = spec === undefined ? "x" : path.posix.basename(spec).replace(/\.tspec$/, "");
  if (stem === "" || stem === "." || stem === "..")
    return `its name \`${path.posix.basename(spec ?? "")}\` maps to no usable directory under ${root}/ (rename the spec)`;
  const parts = file.split("/");
  if (parts.some((s) => s === "" || s === "." || s === "..") || !strictlyInside(file, root) || !strictlyInside(path.dirname(file), root)) {
    return `its output ${file} would not be inside ${root}/ (rename the spec: a name like \`..\` or \`...\` is not usable)`;
  }
  return undefined;
}

/** The first bytes of `file`, or undefined when it does not exist. */
function head(file: string, bytes = 4096): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

/** What kind of file `--itf` / `--emit-test` writes (how its earlier output is recognised). */
export type OutputKind = "itf" | "emit-test" | "html";

const EMIT_TEST_HEADER = "// Pinned by `spec2ts ";

/** Whether an existing file is earlier output of this kind (safe to replace). */
function isOwnOutput(text: string, kind: OutputKind): boolean {
  if (kind === "emit-test") return text.startsWith(EMIT_TEST_HEADER);
  if (kind === "html") return text.startsWith("<!doctype html>") && text.includes('<meta name="generator" content="spec2ts">');
  return /^\s*\{/.test(text) && /"generated-by"\s*:\s*"spec2ts"/.test(text);
}

/**
 * Throws a CliError (exit 2) when `--itf` / `--emit-test` may not write `target`: it is a spec (ends in
 * `.tspec`), one of the `inputs` (the spec and its chain, a trace), a directory, or an existing file
 * spec2ts did not write, unless `force`.
 */
export function checkOutputTarget(target: string, kind: OutputKind, flag: string, inputs: readonly string[], force: boolean): void {
  const abs = path.resolve(target);
  if (target.endsWith(".tspec")) throw new CliError(`${flag} ${target}: refusing to write a .tspec file (it would replace a spec); choose another name`);
  if (inputs.some((i) => path.resolve(i) === abs || sameFile(i, target)))
    throw new CliError(`${flag} ${target}: that is an input of this command; choose another name`);
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(target);
  } catch {
    return;
  }
  if (st.isDirectory()) throw new CliError(`${flag} ${target}: is a directory`);
  if (force) return;
  if (!st.isFile() || !isOwnOutput(head(target) ?? "", kind)) {
    throw new CliError(`${flag} ${target}: the file exists and was not written by spec2ts; refusing to overwrite it (use --force to replace it)`);
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    const x = fs.statSync(a);
    const y = fs.statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
