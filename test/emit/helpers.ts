/** Compiles fixture specs into a scratch folder inside the repo (so the runtime import resolves). */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { compileFile, type CompileResult } from "../../generator/api.js";

export const SCRATCH = ".cache/test-emit";

/** Compiles `spec` into `.cache/test-emit/<name>/` and writes the files; throws on diagnostics errors. */
export async function compileTo(spec: string, name: string): Promise<CompileResult & { dir: string }> {
  const dir = `${SCRATCH}/${name}`;
  const r = await compileFile(spec, { outDir: dir });
  if (!r.files) {
    throw new Error(`${spec} does not compile:\n${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  }
  for (const f of r.files) {
    fs.mkdirSync(path.dirname(f.path), { recursive: true });
    fs.writeFileSync(f.path, f.content);
  }
  return { ...r, dir };
}

/** The messages of a strict tsc program over generated `model.ts` files on disk (empty when they typecheck). */
export function strictTypeErrors(files: readonly string[]): string[] {
  const program = ts.createProgram([...files], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    types: ["node"],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}
