/** Output locations of generated files (kept free of ts-morph so the CLI can use it cheaply). */
import * as path from "node:path";

/** Where the generated files of `specFile` go: `specs/a/b.tspec` → `generated/a/b/`. */
export function outputDir(specFile: string, generatedRoot = "generated"): string {
  const norm = specFile.split(path.sep).join("/");
  const rel = norm.startsWith("specs/") ? norm.slice("specs/".length) : norm.replace(/^(\.\.\/)+/, "").replace(/^\//, "");
  return path.posix.join(generatedRoot, rel.replace(/\.tspec$/, ""));
}
