/** What a benchmark result must record to be read later: the commit measured, the machine, the tool versions. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { firstLine, hasCommand } from "./measure.js";

/** The commit of the checkout at `root` and whether its tracked files differ from it. */
export function gitState(root: string): { commit: string; dirty: boolean | null } {
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" });
  if (head.status !== 0) return { commit: "unknown", dirty: null };
  const st = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" });
  return { commit: head.stdout.trim(), dirty: st.status === 0 ? st.stdout.trim() !== "" : null };
}

/** The machine facts printed in the header and kept in latest.json. */
export interface MachineFacts {
  readonly cores: number;
  readonly cpuModel: string;
  readonly totalMemBytes: number;
  readonly platform: string;
  readonly node: string;
}

export function machineFacts(): MachineFacts {
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "",
    totalMemBytes: os.totalmem(),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
  };
}

/** The 1-, 5- and 15-minute load averages, rounded. */
export function loadAverage(): [number, number, number] {
  const [a = 0, b = 0, c = 0] = os.loadavg().map((x) => Math.round(x * 100) / 100);
  return [a, b, c];
}

/** Versions of the peers and their compilers (empty when absent). */
export function toolVersions(java: boolean): Record<string, string> {
  const v: Record<string, string> = {};
  if (hasCommand("spin")) v.spin = firstLine("spin", ["-V"]);
  if (hasCommand("rumur")) v.rumur = firstLine("rumur", ["--version"]);
  if (hasCommand("gcc")) v.gcc = firstLine("gcc", ["--version"]);
  if (hasCommand("cc")) v.cc = firstLine("cc", ["--version"]);
  if (java) v.java = firstLine("java", ["-version"]);
  return v;
}

/**
 * Where a TLC jar may be: `$TLA2TOOLS_JAR`, then the places packagers and the TLA+ Toolbox use.
 * Pure so that the search order is testable.
 */
export function tlaJarCandidates(env: NodeJS.ProcessEnv, root: string, home: string): string[] {
  return [
    ...(env.TLA2TOOLS_JAR ? [env.TLA2TOOLS_JAR] : []),
    path.join(root, ".cache/tla2tools.jar"),
    "/usr/share/java/tla2tools.jar",
    "/usr/share/tlaplus/tla2tools.jar",
    "/usr/local/share/java/tla2tools.jar",
    "/usr/local/lib/tla2tools.jar",
    "/opt/tlaplus/tla2tools.jar",
    "/opt/TLA+Toolbox/tla2tools.jar",
    path.join(home, "tla2tools.jar"),
    path.join(home, ".tlaplus/tla2tools.jar"),
  ];
}

/** The TLC jar and whether Java runs, or why TLC cannot be run here. */
export function findTlc(root: string): { jar: string } | { skip: string } {
  const java = hasCommand("java") && spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0;
  const candidates = tlaJarCandidates(process.env, root, os.homedir());
  const jar = candidates.find((p) => fs.existsSync(p));
  if (java && jar) return { jar };
  const missing = [java ? "" : "Java (`java -version` fails)", jar ? "" : `tla2tools.jar (set TLA2TOOLS_JAR; looked in ${candidates.join(", ")})`].filter(
    Boolean,
  );
  return { skip: `TLC not run: no ${missing.join(" and no ")}. No TLC figure is used in any ratio.` };
}
