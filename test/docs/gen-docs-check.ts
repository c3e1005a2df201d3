/** Runs `scripts/gen-docs.mts --check` with extra arguments; its output and exit code, as one string. */
import { execFileSync } from "node:child_process";

export function genDocsCheck(args: readonly string[]): string {
  try {
    const out = execFileSync("node", ["--import", "tsx", "scripts/gen-docs.mts", "--check", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return `${out}exit 0`;
  } catch (e) {
    const err = e as { status?: number; stdout?: string };
    return `${err.stdout ?? ""}exit ${err.status ?? 1}`;
  }
}
