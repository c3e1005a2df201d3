/** Running the real CLI (`node cli/bin.js …`) as a child process, from the repository root. */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The executable under test. */
export const BIN = path.join(ROOT, "cli/bin.js");

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  /** Called once with the child, e.g. to send it a signal. */
  readonly onSpawn?: (child: ReturnType<typeof spawn>, output: { stdout: string }) => void;
}

/** Runs `spec2ts …args` with colours off; resolves when it exits. */
export function spec2ts(args: readonly string[], opts: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = { stdout: "", stderr: "" };
    child.stdout.setEncoding("utf8").on("data", (d: string) => (output.stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (output.stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, ...output }));
    opts.onSpawn?.(child, output);
  });
}

/** True when the text looks like a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+(\(|:\d+:\d+)/m.test(text);
}

/** The `--json` document `{ version: 1, workloads: [...] }` of `check`/`simulate`; its workload objects. */
export function jsonWorkloads<T = Record<string, unknown>>(stdout: string): T[] {
  const doc = JSON.parse(stdout) as { version?: unknown; workloads?: unknown };
  if (doc.version !== 1 || !Array.isArray(doc.workloads)) throw new Error(`not a version-1 --json document: ${stdout.slice(0, 200)}`);
  return doc.workloads as T[];
}

/** The only workload object of a `--json` document (one workload checked). */
export function jsonWorkload<T = Record<string, unknown>>(stdout: string): T {
  const ws = jsonWorkloads<T>(stdout);
  if (ws.length !== 1) throw new Error(`expected one workload in the --json document, found ${ws.length}`);
  return ws[0] as T;
}
