/** Compiles fixture specs into a scratch folder inside the repo (so the runtime import resolves). */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { compileFile, type CompileResult } from "../../generator/api.js";
import { generatorFingerprint } from "../../cli/stamps.js";

export const SCRATCH = ".cache/test-emit";

/**
 * Compiles `spec` into `.cache/test-emit/<name>/` and writes the files; throws on diagnostics errors.
 * Many test files compile the same specs (every pfncache version, the examples), and a compile is
 * most of their time, so a compile is reused while its inputs are unchanged: the texts of the spec's
 * whole chain (`extends`, `refines`: the sources the front end read, a chain only changes through
 * its members' texts), the generator's sources, and where the runtime is relative to the output.
 * The result then has no `checked` model (no caller of `compileTo` reads it).
 */
export async function compileTo(spec: string, name: string): Promise<CompileResult & { dir: string }> {
  const dir = `${SCRATCH}/${name}`;
  const runtimeRel = path.relative(dir, "runtime");
  const cached = cachedCompile(spec, runtimeRel);
  const r: CompileResult = cached
    ? {
        diagnostics: [],
        sources: cached.sources,
        files: cached.files.map((f) => ({ path: path.join(dir, testFileName(f.rel, "{name}", name)), content: f.content })),
      }
    : await compileFile(spec, { outDir: dir });
  if (!r.files) {
    throw new Error(`${spec} does not compile:\n${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  }
  if (!cached) recordCompile(spec, runtimeRel, r.sources, r.files, dir, name);
  for (const f of r.files) {
    fs.mkdirSync(path.dirname(f.path), { recursive: true });
    fs.writeFileSync(f.path, f.content);
  }
  return { ...r, dir };
}

const COMPILED = `${SCRATCH}/.compiled`;

/** The generated vitest file is named after the output directory: `from.test.ts` becomes `to.test.ts`. */
function testFileName(rel: string, from: string, to: string): string {
  return rel === `${from}.test.ts` ? `${to}.test.ts` : rel;
}

interface CompileRecord {
  readonly key: string;
  readonly sources: readonly string[];
  /** Paths relative to the output directory, `{name}` standing for the directory's name. */
  readonly files: readonly { readonly rel: string; readonly content: string }[];
}

let generatorHash: string | undefined;

/** The CLI's hash of the generator's sources, and the versions of the packages it formats with (what the emitted text depends on besides the spec). */
function generatorSourcesHash(): string {
  if (generatorHash !== undefined) return generatorHash;
  const h = createHash("sha256").update(generatorFingerprint());
  for (const pkg of ["prettier", "ts-morph"]) h.update(fs.readFileSync(`node_modules/${pkg}/package.json`));
  generatorHash = h.digest("hex");
  return generatorHash;
}

function compileKey(spec: string, runtimeRel: string, sources: readonly string[]): string | undefined {
  const h = createHash("sha256").update(`${generatorSourcesHash()}\0${spec}\0${runtimeRel}\0`);
  for (const s of [...sources].sort()) {
    if (!fs.existsSync(s)) return undefined;
    h.update(`${s}\0`).update(fs.readFileSync(s)).update("\0");
  }
  return h.digest("hex");
}

const recordPath = (spec: string, runtimeRel: string): string =>
  path.join(COMPILED, `${createHash("sha256").update(`${spec}\0${runtimeRel}`).digest("hex").slice(0, 32)}.json`);

function cachedCompile(spec: string, runtimeRel: string): { sources: Map<string, string>; files: CompileRecord["files"] } | undefined {
  let rec: CompileRecord;
  try {
    rec = JSON.parse(fs.readFileSync(recordPath(spec, runtimeRel), "utf8")) as CompileRecord;
  } catch {
    return undefined;
  }
  if (compileKey(spec, runtimeRel, rec.sources) !== rec.key) return undefined;
  return { sources: new Map(rec.sources.map((s) => [s, fs.readFileSync(s, "utf8")])), files: rec.files };
}

function recordCompile(
  spec: string,
  runtimeRel: string,
  sources: ReadonlyMap<string, string>,
  files: CompileResult["files"] & object,
  dir: string,
  name: string,
): void {
  const key = compileKey(spec, runtimeRel, [...sources.keys()]);
  if (key === undefined) return;
  const rec: CompileRecord = {
    key,
    sources: [...sources.keys()],
    files: files.map((f) => ({ rel: testFileName(path.relative(dir, f.path), name, "{name}"), content: f.content })),
  };
  // Two test files may record the same spec at once: write aside, then rename (atomic).
  fs.mkdirSync(COMPILED, { recursive: true });
  const target = recordPath(spec, runtimeRel);
  const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(tmp, JSON.stringify(rec));
  fs.renameSync(tmp, target);
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
