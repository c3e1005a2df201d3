/**
 * Atomic file writes (issue 14 item 6). Every file the CLI writes for the user (`fmt`, `gen`, `--itf`,
 * `--emit-test`) is written to a temporary file in the same directory, flushed to disk (fsync) and
 * renamed over the target: on any error — a full disk (ENOSPC), a read-only file system (EROFS), a
 * permission — the original file is intact, the temporary file is removed, and the error is a clear
 * I/O error (`IoError`, exit 2), never "internal error".
 *
 * The file-system calls go through `AtomicFs` so tests can inject failures at any call.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CliError, EXIT } from "./exit.js";

/** The calls an atomic write makes (node:fs by default; tests inject failures). */
export interface AtomicFs {
  mkdirSync(dir: string, opts: { recursive: boolean }): unknown;
  openSync(file: string, flags: string, mode?: number): number;
  writeSync(fd: number, data: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(file: string, opts: { force: true }): void;
  statSync(file: string): { mode: number };
}

/** The real file system (tests wrap it to inject failures). */
export const nodeFs: AtomicFs = {
  mkdirSync: (d, o) => fs.mkdirSync(d, o),
  openSync: (f, fl, m) => fs.openSync(f, fl, m),
  writeSync: (fd, b, o, l) => fs.writeSync(fd, b, o, l),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (a, b) => fs.renameSync(a, b),
  rmSync: (f, o) => fs.rmSync(f, o),
  statSync: (f) => fs.statSync(f),
};

/** A write that failed: a user-facing I/O error (exit 2). */
export class IoError extends CliError {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message, EXIT.usage);
  }
}

/** "no space left on the device" for ENOSPC, and so on: the reason, without a stack. */
export function ioReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case "ENOSPC":
      return "no space left on the device (ENOSPC)";
    case "EDQUOT":
      return "disk quota exceeded (EDQUOT)";
    case "EROFS":
      return "the file system is read-only (EROFS)";
    case "EACCES":
    case "EPERM":
      return `permission denied (${err.code})`;
    case "ENOTDIR":
      return "a parent of the path is not a directory (ENOTDIR)";
    case "EISDIR":
      return "the path is a directory (EISDIR)";
    case "EIO":
      return "input/output error (EIO)";
    default:
      return err.code !== undefined ? `${err.code}` : String((e as Error)?.message ?? e);
  }
}

/**
 * `mkdir -p`, with the real reason when it fails: Node's recursive mkdir reports ENOENT on a read-only
 * file system, so the missing directories are then created one by one to surface EROFS (or EACCES…).
 */
export function makeDirs(dir: string, io: AtomicFs = nodeFs): void {
  try {
    io.mkdirSync(dir, { recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    const missing: string[] = [];
    for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
      missing.unshift(d);
      if (path.dirname(d) === d) break;
    }
    for (const d of missing) io.mkdirSync(d, { recursive: false });
    throw e;
  }
}

let counter = 0;

/**
 * Writes `data` to `file` atomically: `.<name>.tmp-<pid>-<n>` in the same directory, fsync, rename.
 * Keeps the permissions of the file it replaces. Throws `IoError` (the original untouched, the
 * temporary removed) when any step fails.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, io: AtomicFs = nodeFs): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${counter++}`);
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let fd: number | undefined;
  let created = false;
  try {
    makeDirs(dir, io);
    let mode = 0o666;
    try {
      mode = io.statSync(file).mode & 0o7777;
    } catch {
      // A new file: default permissions (umask applies).
    }
    fd = io.openSync(tmp, "wx", mode);
    created = true;
    for (let off = 0; off < bytes.length;) off += io.writeSync(fd, bytes, off, bytes.length - off);
    io.fsyncSync(fd);
    const f = fd;
    fd = undefined;
    io.closeSync(f);
    io.renameSync(tmp, file);
    created = false;
  } catch (e) {
    if (fd !== undefined) {
      try {
        io.closeSync(fd);
      } catch {
        // Already failing: the write error is the one to report.
      }
    }
    if (created) {
      try {
        io.rmSync(tmp, { force: true });
      } catch {
        // Nothing more can be done; the message names the temporary file.
      }
    }
    throw new IoError(
      `cannot write ${file}: ${ioReason(e)}; ${existsNow(file) ? "the existing file is unchanged" : "nothing was written"}`,
      (e as NodeJS.ErrnoException).code,
    );
  }
}

function existsNow(file: string): boolean {
  try {
    fs.statSync(file);
    return true;
  } catch {
    return false;
  }
}
