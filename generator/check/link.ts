/**
 * Loads a spec and its `extends` chain and merges them into one flat list of declarations.
 *
 * `extends` is real inheritance, not textual include: base declarations are kept unless the derived
 * spec `override`s them by name (same kind of declaration), and an `override workload` refines the
 * base workload by appending items (later items win). Node ids of every file are offset so that they
 * stay unique across the chain (side tables downstream are keyed by id).
 */
import * as path from "node:path";
import type { Decl, Ident, SpecFile, WorkloadDecl } from "../parse/ast.js";
import { parseSpec } from "../parse/parse.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { extendsProblem, readSpecText, SpecFileError } from "./spec-file.js";

/** A spec with its extends chain resolved. */
export interface LinkedSpec {
  readonly file: string;
  readonly name: Ident;
  readonly doc?: string;
  readonly decls: readonly Decl[];
  /** Source text of every file in the chain, for rendering diagnostics. */
  readonly sources: ReadonlyMap<string, string>;
  /** Files of the chain, root spec first. */
  readonly chain: readonly string[];
  /** One more than the largest node id in use (for passes that synthesise nodes). */
  readonly nextId: number;
}

export interface LinkResult {
  readonly spec?: LinkedSpec;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
}

/** The name a declaration is known by (for override matching), if it has one. */
export function declName(d: Decl): string {
  return d.name.name;
}

/** Display path: relative to the working directory, with `/` separators (keeps output stable). */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), path.resolve(p));
  return rel.split(path.sep).join("/");
}

function offsetIds<T>(node: T, offset: number): T {
  if (offset === 0) return node;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object" && !(typeof v === "bigint")) {
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o)) {
        const x = o[k];
        out[k] = k === "id" && typeof x === "number" ? x + offset : k === "span" ? x : walk(x);
      }
      return out;
    }
    return v;
  };
  return walk(node) as T;
}

function maxId(node: unknown): number {
  let m = -1;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const x = o[k];
        if (k === "id" && typeof x === "number") m = Math.max(m, x);
        else if (k !== "span") walk(x);
      }
    }
  };
  walk(node);
  return m;
}

function mergeWorkload(base: WorkloadDecl, over: WorkloadDecl): WorkloadDecl {
  return { ...over, doc: over.doc ?? base.doc, items: [...base.items, ...over.items] };
}

/** Loads `file` and everything it extends. Never throws for bad input. */
export function linkSpec(file: string, readFile: (p: string) => string = readSpecText): LinkResult {
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  let nextId = 0;

  const load = (p: string, stack: readonly string[], from?: { span: SpecFile["span"] }): { file: SpecFile; decls: Decl[] } | undefined => {
    const shown = displayPath(p);
    if (stack.includes(shown)) {
      if (from)
        diagnostics.push(
          error("E206", `\`extends\` cycle: ${[...stack, shown].join(" -> ")}; a spec cannot extend itself, directly or through its bases`, from.span),
        );
      return undefined;
    }
    // Issue 14 item 2: an extended file must be a spec of the project; refused before it is read.
    const refused = from ? extendsProblem(p, file) : undefined;
    if (from && refused !== undefined) {
      diagnostics.push(error("E207", `cannot extend \`${shown}\`: ${refused}`, from.span));
      return undefined;
    }
    let text: string;
    try {
      text = readFile(p);
    } catch (e) {
      const why = e instanceof SpecFileError ? `: ${e.message}` : "";
      if (from) diagnostics.push(error("E207", `cannot read the extended spec \`${shown}\`${why}`, from.span));
      else
        diagnostics.push(
          error("E207", `cannot read \`${shown}\`${why}`, { file: shown, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } }),
        );
      return undefined;
    }
    sources.set(shown, text);
    const parsed = parseSpec(text, shown);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.spec) return undefined;
    const spec = offsetIds(parsed.spec, nextId);
    nextId = Math.max(nextId, maxId(spec) + 1);
    if (!spec.extends) {
      for (const d of spec.decls) {
        if (d.override) {
          const name = declName(d);
          diagnostics.push(
            error(
              "E204",
              `\`override ${name}\`: this spec does not \`extends\` another spec, so there is nothing to override; remove \`override\``,
              d.name.span,
            ),
          );
        }
      }
      return { file: spec, decls: [...spec.decls] };
    }
    const basePath = path.resolve(path.dirname(p), spec.extends.value);
    const base = load(basePath, [...stack, shown], { span: spec.extends.span });
    if (!base) return { file: spec, decls: [...spec.decls] };
    const decls = [...base.decls];
    const baseCount = decls.length;
    for (const d of spec.decls) {
      const name = declName(d);
      // Only inherited declarations can be overridden; duplicates within one file are the checker's job.
      const at = decls.findIndex((b, i) => i < baseCount && declName(b) === name);
      const prev = at >= 0 ? decls[at] : undefined;
      if (d.override) {
        if (!prev) {
          diagnostics.push(error("E204", `\`override ${name}\`: the extended spec declares nothing named \`${name}\``, d.name.span));
          decls.push(d);
        } else if (prev.kind !== d.kind) {
          diagnostics.push(
            error("E205", `\`override ${name}\` must override a declaration of the same kind`, d.name.span, [
              { message: `\`${name}\` is declared here as another kind of declaration`, span: prev.name.span },
            ]),
          );
        } else {
          decls[at] = prev.kind === "WorkloadDecl" && d.kind === "WorkloadDecl" ? mergeWorkload(prev, d) : d;
        }
      } else if (prev) {
        diagnostics.push(
          error("E203", `\`${name}\` is already declared in the extended spec; mark this declaration \`override\` to replace it`, d.name.span, [
            { message: "the inherited declaration is here", span: prev.name.span },
          ]),
        );
      } else {
        decls.push(d);
      }
    }
    return { file: spec, decls };
  };

  const root = load(file, []);
  if (!root) return { diagnostics, sources };
  const chain: string[] = [];
  for (const k of sources.keys()) chain.push(k);
  const spec: LinkedSpec = {
    file: displayPath(file),
    name: root.file.name,
    decls: root.decls,
    sources,
    chain,
    nextId,
    ...(root.file.doc !== undefined ? { doc: root.file.doc } : {}),
  };
  return { spec, diagnostics, sources };
}
