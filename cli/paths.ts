/** Where this package lives, so the CLI works when installed elsewhere (node_modules, npx). */
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The package root (the directory holding cli/, generator/, runtime/). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The runtime directory of this package, relative to the working directory, `/`-separated. */
export function runtimeDirFromCwd(): string {
  const rel = path.relative(process.cwd(), path.join(PACKAGE_ROOT, "runtime")).split(path.sep).join("/");
  return rel === "" ? "." : rel;
}
