/** Throw-away projects in the system temp directory, and the real CLI run inside them (issue 14 suites). */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";
import { afterAll } from "vitest";
import { BIN, ROOT, type CliRun } from "../cli/helpers.js";

export { ROOT };

/** A new empty project directory (an ES-module package, as `spec2ts gen` output expects). */
export function tempProject(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `spec2ts-${name}-`));
  fs.writeFileSync(path.join(dir, "package.json"), '{ "type": "module", "private": true }\n');
  return dir;
}

/**
 * A `project(name, files)` maker for one test file: each call is a fresh temp project holding `files`,
 * and all of them are removed after the file's tests.
 */
export function projectsRemovedAfterAll(): (name: string, files?: Record<string, string>) => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  return (name, files = {}) => {
    const dir = tempProject(name);
    dirs.push(dir);
    writeTree(dir, files);
    return dir;
  };
}

/** Writes `files` (relative path → text) under `dir`, creating directories. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
}

export interface RunOpts {
  readonly env?: Record<string, string | undefined>;
  readonly onSpawn?: (child: ReturnType<typeof spawn>, output: { stdout: string; stderr: string }) => void;
  /** Run under `unshare -rm sh -c 'PRELUDE; node …; POSTLUDE'` (a private mount namespace, e.g. for a small tmpfs). */
  readonly prelude?: string;
  /** Shell lines run inside the namespace after spec2ts exits (their output goes to stderr); `$0` is the project. */
  readonly postlude?: string;
}

/** Runs `spec2ts …args` in `cwd` (colours off unless `env` says otherwise). */
export function run(cwd: string, args: readonly string[], opts: RunOpts = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...opts.env };
    const child =
      opts.prelude === undefined
        ? spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
        : spawn(
            "unshare",
            ["-rm", "sh", "-c", `${opts.prelude}\ncd "$0" && "$@"; rc=$?\n{ ${opts.postlude ?? ":"}; } >&2\nexit $rc`, cwd, process.execPath, BIN, ...args],
            { cwd: "/", env, stdio: ["ignore", "pipe", "pipe"] },
          );
    const output = { stdout: "", stderr: "" };
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (output.stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (output.stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, ...output }));
    opts.onSpawn?.(child, output);
  });
}

/** Whether this machine lets an unprivileged process mount a tmpfs in its own namespace. */
export const CAN_MOUNT_TMPFS = ((): boolean => {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), "spec2ts-mnt-"));
  const r = spawnSync("unshare", ["-rm", "sh", "-c", `mount -t tmpfs -o size=64k tmpfs "${probe}" && touch "${probe}/x"`], { encoding: "utf8" });
  fs.rmSync(probe, { recursive: true, force: true });
  return r.status === 0;
})();

/** Identifiers of TypeScript source (comments and string contents are not identifiers). */
export function codeIdentifiers(source: string): Set<string> {
  const sf = ts.createSourceFile("x.ts", source, ts.ScriptTarget.ES2022, true);
  const ids = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) ids.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return ids;
}

/** Syntax errors of a TypeScript source. */
export function syntaxErrors(source: string): string[] {
  const out = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/** Every file under `dir`, relative, recursively. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else found.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return found.sort();
}

export const MUTEX = fs.readFileSync(path.join(ROOT, "specs/examples/mutex.tspec"), "utf8");
export const RACY = fs.readFileSync(path.join(ROOT, "specs/examples/racy-counter.tspec"), "utf8");
