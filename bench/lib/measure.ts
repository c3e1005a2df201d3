/**
 * Runs one whole process the same way for every tool: under GNU `/usr/bin/time -v` (its report in a
 * file of its own, so the tool's stderr stays apart), which gives the CPU time (user + system of the
 * process and the children it waited for) and the peak RSS; the wall time is measured here around
 * the spawn, so it includes the process's start-up and exit like a user's stopwatch would.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseTimeV } from "./parse.js";

export const GNU_TIME = "/usr/bin/time";

/** One process's cost and output. cpuSeconds/peakRssBytes are NaN without GNU time. */
export interface Measurement {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
  /** The exit code; null when a signal ended the process. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cmd args` in `cwd` (with `env` added to this process's environment) and measures it. */
export function measure(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Measurement {
  const haveTime = fs.existsSync(GNU_TIME);
  const report = path.join(os.tmpdir(), `spec2ts-bench-time-${process.pid}-${Date.now()}.txt`);
  const [c, a] = haveTime ? [GNU_TIME, ["-v", "-o", report, cmd, ...args]] : [cmd, [...args]];
  const t0 = performance.now();
  const r = spawnSync(c, a, { cwd, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: "1", ...env } });
  const wallSeconds = (performance.now() - t0) / 1000;
  let cpuSeconds = NaN;
  let peakRssBytes = NaN;
  if (haveTime && fs.existsSync(report)) {
    const t = parseTimeV(fs.readFileSync(report, "utf8"));
    fs.rmSync(report, { force: true });
    if (t) {
      cpuSeconds = t.userSeconds + t.systemSeconds;
      peakRssBytes = t.maxRssBytes;
    }
  }
  return { wallSeconds, cpuSeconds, peakRssBytes, exitCode: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? String(r.error ?? "") };
}

/** Whether a command is on the PATH. */
export function hasCommand(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

/** The first line a command prints (stdout, else stderr) for `args`, e.g. a version; "" when it fails. */
export function firstLine(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) return "";
  return (`${r.stdout ?? ""}`.trim() || `${r.stderr ?? ""}`.trim()).split("\n")[0]?.trim() ?? "";
}
