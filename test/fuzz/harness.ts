/**
 * Shared machinery for the fuzz and robustness suites: run spec text through the front end in memory
 * (parse → link → check), emit the model, validate diagnostics, typecheck many generated modules in one
 * strict tsc program (in-memory overlay, no disk writes), and the seed / run-count configuration.
 *
 * The pipeline mirrors `generator/api.ts` (`checkFile` + `emitSpec`), but reads the root spec from a
 * string so that tens of thousands of inputs need no temporary files; `extends` of other files still
 * reads the disk, relative to the virtual path given.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { linkSpec } from "../../generator/check/link.js";
import { checkSpec } from "../../generator/check/check.js";
import type { CheckedSpec } from "../../generator/check/checked.js";
import { hasErrors, type Diagnostic } from "../../generator/diagnostics/diagnostic.js";
import { emitModel } from "../../generator/emit/module.js";
import { formatTs } from "../../generator/emit/format.js";
import { LineIndex } from "../../generator/parse/line-index.js";
import type { Model } from "../../runtime/contract/model.js";

export const ROOT = path.resolve(import.meta.dirname, "../..");

// ---------------------------------------------------------------------------------------------------
// Configuration

/** `FUZZ_LONG=1` or `FUZZ_RUNS=N` selects the long run. */
export const LONG = process.env["FUZZ_LONG"] === "1" || process.env["FUZZ_RUNS"] !== undefined;

/** Number of inputs for a suite: `FUZZ_RUNS` (split by the suite's share), else its short/long default. */
export function runs(short: number, long: number, share = 1): number {
  const env = process.env["FUZZ_RUNS"];
  if (env !== undefined) return Math.max(1, Math.round(Number(env) * share));
  return LONG ? long : short;
}

/** The seed for this process (`FUZZ_SEED` replays); printed once. */
export const SEED: number = (() => {
  const env = process.env["FUZZ_SEED"];
  const seed = env !== undefined ? Number(env) >>> 0 : (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0;
  return seed;
})();

/** `FUZZ_STRICT=1`: known crashes (see KNOWN_CRASHES) fail the run too. */
export const STRICT = process.env["FUZZ_STRICT"] === "1";

// ---------------------------------------------------------------------------------------------------
// Front end in memory

export interface Outcome {
  readonly text: string;
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  readonly checked?: CheckedSpec;
}

/** parse → link → check of `text` as if it were the file `file` (repo-relative). Lets exceptions escape. */
export function frontEnd(text: string, file: string): Outcome {
  const abs = path.resolve(ROOT, file);
  const linked = linkSpec(abs, (p) => (path.resolve(p) === abs ? text : fs.readFileSync(p, "utf8")));
  if (!linked.spec || hasErrors(linked.diagnostics)) return { text, file, diagnostics: linked.diagnostics, sources: linked.sources };
  const checked = checkSpec(linked.spec);
  return {
    text,
    file,
    diagnostics: [...linked.diagnostics, ...checked.diagnostics],
    sources: linked.sources,
    ...(checked.checked ? { checked: checked.checked } : {}),
  };
}

/** The unformatted `model.ts` of a checked spec placed in `outDir` (repo-relative). */
export function emitUnformatted(checked: CheckedSpec, outDir: string): string {
  let rel = path.posix.relative(outDir, "runtime/contract/index.js");
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return emitModel(checked, rel);
}

export { formatTs };

/** Problems with the diagnostics of an outcome (empty when they are well-formed). */
export function diagnosticProblems(o: Outcome): string[] {
  const problems: string[] = [];
  const errors = o.diagnostics.filter((d) => d.severity === "error");
  if (!o.checked && errors.length === 0) problems.push("no checked spec and no error diagnostic");
  if (o.checked && errors.length > 0) problems.push(`checked spec despite errors: ${errors.map((d) => d.code).join(", ")}`);
  const spans = o.diagnostics.flatMap((d) => [
    { d, span: d.span, what: "span" },
    ...(d.notes ?? []).flatMap((n) => (n.span ? [{ d, span: n.span, what: "note span" }] : [])),
  ]);
  for (const { d, span, what } of spans) {
    const text = o.sources.get(span.file);
    const tag = `${d.code} ${what} ${span.file}:${span.start.line}:${span.start.column}-${span.end.line}:${span.end.column}`;
    if (!/^[EW]\d{3}$/.test(d.code)) problems.push(`${tag}: bad code`);
    const prose = d.message.replace(/`[^`]*`/g, "");
    if (!d.message || /\bundefined\b|\bNaN\b|\[object Object\]/.test(prose)) problems.push(`${tag}: suspicious message ${JSON.stringify(d.message)}`);
    if (text === undefined) {
      // E207 for an unreadable root points at the root file, whose text we know.
      if (span.file !== o.file && !(d.code === "E207")) problems.push(`${tag}: span in a file with no source`);
      continue;
    }
    const lines = new LineIndex(text);
    for (const [k, p] of [
      ["start", span.start],
      ["end", span.end],
    ] as const) {
      if (!(Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= text.length)) problems.push(`${tag}: ${k} offset ${p.offset} outside 0..${text.length}`);
      if (!(p.line >= 1 && p.line <= lines.lineCount)) problems.push(`${tag}: ${k} line ${p.line} outside 1..${lines.lineCount}`);
      if (!(p.column >= 1)) problems.push(`${tag}: ${k} column ${p.column} < 1`);
      const want = lines.pos(p.offset);
      if (want.line !== p.line || want.column !== p.column)
        problems.push(`${tag}: ${k} line/column ${p.line}:${p.column} do not match offset ${p.offset} (${want.line}:${want.column})`);
    }
    if (span.end.offset < span.start.offset) problems.push(`${tag}: end before start`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Known crashes (bugs owned by other engineers; reported, not fixed here)

export interface KnownCrash {
  readonly id: string;
  readonly issue: string;
  readonly matches: (e: unknown, stage: string) => boolean;
}

const isStackOverflow = (e: unknown): boolean => e instanceof RangeError && /call stack/i.test(e.message);

/** Exceptions that are known bugs; the fuzzers count them and keep going unless FUZZ_STRICT=1. */
export const KNOWN_CRASHES: readonly KnownCrash[] = [
  {
    // Not a bug: generator/api.ts turns stack exhaustion while emitting/formatting into diagnostic E107
    // (this harness calls the emitter directly, so it sees the RangeError the API catches).
    id: "e107-too-deep-to-generate",
    issue: "deep nesting: compileFile reports E107 instead of generated code",
    matches: (e, stage) => (stage === "emit" || stage === "format") && isStackOverflow(e),
  },
];

export function knownCrash(e: unknown, stage: string): KnownCrash | undefined {
  return STRICT ? undefined : KNOWN_CRASHES.find((k) => k.matches(e, stage));
}

// ---------------------------------------------------------------------------------------------------
// Typechecking many generated modules in one strict program

export const TS_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  types: ["node"],
  lib: ["lib.es2023.d.ts"],
};

/**
 * Typechecks `files` (repo-relative path → content, not on disk) together with the real runtime in one
 * program. Returns the diagnostics as `path:line:col message`.
 */
export function typecheck(files: ReadonlyMap<string, string>): string[] {
  const overlay = new Map<string, string>();
  for (const [p, c] of files) overlay.set(path.resolve(ROOT, p), c);
  const host = ts.createCompilerHost(TS_OPTIONS, true);
  const base = { ...host };
  host.fileExists = (f) => overlay.has(path.resolve(f)) || base.fileExists(f);
  host.readFile = (f) => overlay.get(path.resolve(f)) ?? base.readFile(f);
  host.getSourceFile = (f, lang, onError, create) => {
    const c = overlay.get(path.resolve(f));
    return c !== undefined ? ts.createSourceFile(f, c, lang, true) : base.getSourceFile(f, lang, onError, create);
  };
  const program = ts.createProgram([...overlay.keys()], TS_OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return msg;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(ROOT, d.file.fileName)}:${line + 1}:${character + 1} ${msg}`;
  });
}

/** Writes files (repo-relative) to disk, creating folders. */
export function writeFiles(files: ReadonlyMap<string, string>): void {
  for (const [p, c] of files) {
    const abs = path.resolve(ROOT, p);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, c);
  }
}

/** A generated model module: its workloads and how to build one. */
export interface LoadedSpec {
  readonly workloads: Record<string, unknown>;
  createModel(w: string): Model<unknown>;
}

/**
 * Compiles spec `text` (generated by a test, so a diagnostic is a bug in the generator of specs) into
 * `<dir>/model.ts` and imports it.
 */
export async function loadSpecText(text: string, dir: string): Promise<LoadedSpec> {
  const o = frontEnd(text, `${dir}.tspec`);
  if (!o.checked) throw new Error(`generated spec rejected:\n${o.diagnostics.map((d) => d.message).join("\n")}\n${text}`);
  writeFiles(new Map([[`${dir}/model.ts`, emitUnformatted(o.checked, dir)]]));
  return (await import(/* @vite-ignore */ pathToFileURL(path.resolve(ROOT, dir, "model.ts")).href)) as LoadedSpec;
}

/** Every `.tspec` under the given repo folders, sorted. */
export function specFiles(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(path.resolve(ROOT, d), { withFileTypes: true })) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".tspec")) out.push(p);
    }
  };
  for (const d of dirs) if (fs.existsSync(path.resolve(ROOT, d))) walk(d);
  return out.sort();
}
