/**
 * Reading spec files safely (issue 14 item 2). A spec, and every file its `extends` chain names, must be
 * a regular file no larger than `MAX_SPEC_BYTES`; a base named by `extends` must also end in `.tspec` and
 * lie inside the working directory (the project) or the directory of the root spec, unless
 * `SPEC2TS_EXTENDS_ANYWHERE=1` allows any location. So `extends "/proc/self/environ"` or
 * `extends "/dev/zero"` is refused before a byte is read, and no diagnostic ever quotes a file that is
 * not a spec.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The largest spec file read (bytes): far above any hand-written spec, far below what hurts. */
export const MAX_SPEC_BYTES = 8 * 1024 * 1024;

/** A spec file that cannot be read; the message is safe to show (it quotes no content). */
export class SpecFileError extends Error {
  override readonly name = "SpecFileError";
}

/** Reads a spec as UTF-8: a regular file of at most `MAX_SPEC_BYTES` bytes (read with a bound, too). */
export function readSpecText(p: string): string {
  let fd: number;
  try {
    fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new SpecFileError(reason(e));
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new SpecFileError("it is not a regular file");
    if (st.size > MAX_SPEC_BYTES) throw new SpecFileError(`it is larger than ${MAX_SPEC_BYTES / 1024 / 1024} MiB`);
    const buf = Buffer.alloc(Math.min(MAX_SPEC_BYTES + 1, Math.max(st.size + 1, 4096)));
    let n = 0;
    for (;;) {
      const r = fs.readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      if (n > MAX_SPEC_BYTES) throw new SpecFileError(`it is larger than ${MAX_SPEC_BYTES / 1024 / 1024} MiB`);
      if (n === buf.length) throw new SpecFileError("it grew while being read");
    }
    return buf.subarray(0, n).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return code ?? "unreadable";
}

/** Whether `child` is `dir` or lies below it. */
function inside(child: string, dir: string): boolean {
  const rel = path.relative(dir, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Why `base` (resolved) may not be extended from the root spec `rootFile`, or undefined when it may:
 * it must end in `.tspec` and lie (after symlinks) inside the working directory or the root spec's
 * directory, unless SPEC2TS_EXTENDS_ANYWHERE=1.
 */
export function extendsProblem(base: string, rootFile: string): string | undefined {
  if (!base.endsWith(".tspec")) return "it is not a spec (an extended file must end in `.tspec`)";
  if (process.env["SPEC2TS_EXTENDS_ANYWHERE"] === "1") return undefined;
  const target = real(base);
  const roots = [real(process.cwd()), real(path.dirname(path.resolve(rootFile)))];
  if (!roots.some((r) => inside(target, r))) {
    return "it lies outside the project (the working directory) and the root spec's directory; set SPEC2TS_EXTENDS_ANYWHERE=1 to allow it";
  }
  return undefined;
}
