/** The peers' models (shared/peers beside the checkout) and their tools, installed with apt-get when missing. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { GNU_TIME, hasCommand } from "./measure.js";

/** shared/peers beside the checkout (CI lays it out the same way), else the workplace's copy. */
export function peersDir(root: string): string {
  const candidates = [path.resolve(root, "../shared/peers"), "/work/shared/peers"];
  return candidates.find((p) => fs.existsSync(path.join(p, "mutexN.pml"))) ?? (candidates[0] as string);
}

/**
 * Installs SPIN, Rumur and GNU time with apt-get when missing. `apt-get update` may fail (an index
 * that cannot be verified) while the cached index still installs: the install is tried either way.
 * Returns which peers can run and notes on what could not be installed.
 */
export function ensurePeers(): { spin: boolean; rumur: boolean; notes: string[] } {
  const notes: string[] = [];
  const missing = [hasCommand("spin") ? "" : "spin", hasCommand("rumur") ? "" : "rumur", fs.existsSync(GNU_TIME) ? "" : "time"].filter(Boolean);
  if (missing.length > 0) {
    const root = process.getuid?.() === 0;
    const apt = (args: string[]): boolean =>
      (root ? spawnSync("apt-get", args, { stdio: "inherit" }) : spawnSync("sudo", ["-n", "apt-get", ...args], { stdio: "inherit" })).status === 0;
    apt(["update"]);
    if (!apt(["install", "-y", ...missing])) notes.push(`apt-get could not install ${missing.join(", ")}`);
  }
  if (!fs.existsSync(GNU_TIME)) notes.push("GNU time (/usr/bin/time) missing: CPU time and peak RSS are not measured");
  return { spin: hasCommand("spin") && hasCommand("gcc"), rumur: hasCommand("rumur") && hasCommand("cc"), notes };
}
