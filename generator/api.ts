/**
 * The public surface of the generator: text → AST → checked spec → TypeScript. The CLI and tests
 * import only this file from generator/. The emitter (ts-morph, prettier) is loaded lazily, so
 * commands that only parse or check start fast.
 */
import { linkSpec } from "./check/link.js";
import { loadAbstract } from "./check/refines.js";
import type { RefinesDecl } from "./parse/ast.js";
import { checkSpec } from "./check/check.js";
import type { CheckedSpec } from "./check/checked.js";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { error, hasErrors } from "./diagnostics/diagnostic.js";
import type { Span } from "./parse/ast.js";
import { renderDiagnostic, renderDiagnostics, summaryLine } from "./diagnostics/render.js";
import type { EmitOptions, EmittedFile } from "./emit/emit.js";
import { parseSpec } from "./parse/parse.js";
import { printSpec } from "./parse/print.js";

export type { CheckedSpec, Diagnostic, EmitOptions, EmittedFile };
export { parseSpec, renderDiagnostic, renderDiagnostics, summaryLine };
export { outputDir } from "./emit/paths.js";

export interface FrontEndResult {
  readonly checked?: CheckedSpec;
  readonly diagnostics: readonly Diagnostic[];
  /** Source texts by display path, for rendering diagnostics. */
  readonly sources: ReadonlyMap<string, string>;
}

/** The whole file, as a span (for diagnostics about the spec as a whole). */
function wholeFile(file: string): Span {
  return { file, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
}

/**
 * Stack exhaustion on pathologically deep input (thousands of nested operators) becomes a diagnostic,
 * never a crash: the passes recurse over the tree.
 */
function tooDeep(file: string, stage: string): Diagnostic {
  return error("E107", `the spec is nested too deeply to ${stage}; split deep expressions or statements into definitions`, wholeFile(file));
}

/** Parses, links and checks a spec file (never throws for bad input). */
export function checkFile(file: string): FrontEndResult {
  const linked = linkSpec(file);
  if (!linked.spec || hasErrors(linked.diagnostics)) return { diagnostics: linked.diagnostics, sources: linked.sources };
  // `refines "abstract.tspec"`: the abstract spec is checked on its own first (its diagnostics are shown too).
  const refines = linked.spec.decls.find((d): d is RefinesDecl => d.kind === "RefinesDecl");
  const sources = new Map(linked.sources);
  const diagnostics: Diagnostic[] = [...linked.diagnostics];
  let abstract: CheckedSpec | undefined;
  if (refines) {
    const abs = loadAbstract(refines, file, (l) => {
      try {
        return checkSpec(l);
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        return { diagnostics: [tooDeep(l.file, "check")] };
      }
    });
    for (const [k, v] of abs.sources) if (!sources.has(k)) sources.set(k, v);
    diagnostics.push(...abs.diagnostics);
    abstract = abs.checked;
  }
  let checked: ReturnType<typeof checkSpec>;
  try {
    checked = checkSpec(linked.spec, abstract ? { abstract } : refines ? { abstractFailed: true } : {});
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return { diagnostics: [...diagnostics, tooDeep(linked.spec.file, "check")], sources };
  }
  diagnostics.push(...checked.diagnostics);
  if (refines && !abstract) return { diagnostics, sources };
  return { ...(checked.checked ? { checked: checked.checked } : {}), diagnostics, sources };
}

export interface CompileResult extends FrontEndResult {
  readonly files?: readonly EmittedFile[];
}

/** Checks a spec and emits its generated files (not written to disk). */
export async function compileFile(file: string, opts: EmitOptions = {}): Promise<CompileResult> {
  const fe = checkFile(file);
  if (!fe.checked) return fe;
  const { emitSpec } = await import("./emit/emit.js");
  try {
    return { ...fe, files: await emitSpec(fe.checked, opts) };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const { checked: _c, ...rest } = fe;
    void _c;
    return { ...rest, diagnostics: [...fe.diagnostics, tooDeep(fe.checked.linked.file, "generate code for")] };
  }
}

/** Canonical text of a spec (`spec2ts fmt`); undefined `formatted` when it does not parse. */
export function formatSource(text: string, file: string): { readonly formatted?: string; readonly diagnostics: readonly Diagnostic[] } {
  const r = parseSpec(text, file);
  if (!r.spec || hasErrors(r.diagnostics)) return { diagnostics: r.diagnostics };
  return { formatted: printSpec(r.spec, text), diagnostics: r.diagnostics };
}

export { CATALOG, catalogCodes, type CatalogEntry } from "./diagnostics/catalog.js";
export { readSpecText } from "./check/spec-file.js";
export * as ide from "./ide/index.js";
