/**
 * Editor queries over a spec (the language server's engine, `spec2ts lsp`): diagnostics, hover,
 * definition, references, completion, formatting and the workloads to offer a "check" lens for.
 * Works on unsaved text: the caller passes a reader that returns open buffers before disk contents.
 */
import { checkSpec } from "../check/check.js";
import { linkSpec } from "../check/link.js";
import { loadAbstract } from "../check/refines.js";
import { readSpecText } from "../check/spec-file.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import type { Decl, RefinesDecl, Span } from "../parse/ast.js";
import { buildSymbolIndex, occurrenceAt, occurrencesOf, visibleAt, type SpecSymbol, type SymbolIndex } from "./symbols.js";

export type { Occurrence, SpecSymbol, SymbolIndex, SymbolKind } from "./symbols.js";
export { BUILTIN_FUNCTIONS } from "./symbols.js";

export interface SpecAnalysis {
  readonly diagnostics: readonly Diagnostic[];
  /** Source texts by display path (as in spans). */
  readonly sources: ReadonlyMap<string, string>;
  /** Absent only when the spec does not parse. */
  readonly index?: SymbolIndex;
  /** The declarations in effect (after `extends`/`override`), for outlines. */
  readonly decls: readonly Decl[];
  /** Workload names and the spans of their names, for "check this workload". */
  readonly workloads: readonly { readonly name: string; readonly span: Span }[];
}

/** Links, checks and indexes `file`; never throws for bad input. */
export function analyzeSpec(file: string, readFile: (p: string) => string = readSpecText): SpecAnalysis {
  const linked = linkSpec(file, readFile);
  if (!linked.spec) return { diagnostics: linked.diagnostics, sources: linked.sources, decls: [], workloads: [] };
  let diagnostics = linked.diagnostics;
  let checked;
  const sources = new Map(linked.sources);
  if (!hasErrors(diagnostics)) {
    try {
      // `refines "abstract.tspec"`: the abstract spec is loaded (through the same reader, so an open
      // buffer counts) and checked first, as `checkFile` does; its diagnostics are shown too.
      const refines = linked.spec.decls.find((d): d is RefinesDecl => d.kind === "RefinesDecl");
      const abs = refines ? loadAbstract(refines, file, (l) => checkSpec(l), readFile) : undefined;
      if (abs) {
        diagnostics = [...diagnostics, ...abs.diagnostics];
        for (const [k, v] of abs.sources) if (!sources.has(k)) sources.set(k, v);
      }
      const r = checkSpec(linked.spec, abs?.checked ? { abstract: abs.checked } : refines ? { abstractFailed: true } : {});
      diagnostics = [...diagnostics, ...r.diagnostics];
      checked = r.checked;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
  }
  const index = buildSymbolIndex(linked.spec, checked);
  const workloads = linked.spec.decls.filter((d) => d.kind === "WorkloadDecl").map((d) => ({ name: d.name.name, span: d.name.span }));
  return { diagnostics, sources, decls: linked.spec.decls, index, workloads };
}

const KIND_TEXT: Record<SpecSymbol["kind"], string> = {
  const: "constant",
  type: "type",
  enum: "enum",
  member: "enum member",
  case: "variant case",
  var: "state variable",
  def: "definition",
  invariant: "invariant",
  property: "temporal property",
  action: "action",
  process: "process",
  procedure: "procedure",
  macro: "macro",
  workload: "workload",
  option: "check option",
  local: "local",
  param: "parameter",
  binder: "bound name",
  label: "label",
  builtin: "built-in function",
};

/** The declaration's head as written (up to its body), for hovers. */
function signature(s: SpecSymbol, sources: ReadonlyMap<string, string>): string {
  const text = sources.get(s.declSpan.file);
  if (text === undefined) return s.name;
  let head = text.slice(s.declSpan.start.offset, s.declSpan.end.offset);
  if (s.kind === "label") return `${s.name}:`;
  if (s.kind === "builtin") return s.doc ?? s.name;
  if (s.kind === "member") return `${s.owner}.${s.name}`;
  if (s.kind === "binder" || s.kind === "param" || s.kind === "local") return s.type ? `${s.name}: ${s.type}` : head.split("\n")[0]!.trim();
  // Blocks show their head, definitions their signature; short declarations are shown whole.
  const cut = ["action", "process", "procedure", "macro", "workload"].includes(s.kind) ? head.indexOf("{") : s.kind === "def" ? head.search(/\s=\s/) : -1;
  if (cut > 0) head = head.slice(0, cut);
  const lines = head.trimEnd().split("\n");
  const shown = lines.slice(0, 4).join("\n") + (lines.length > 4 ? "\n…" : "");
  return shown.length > 400 ? `${shown.slice(0, 400)}…` : shown;
}

export interface Hover {
  readonly span: Span;
  /** Markdown. */
  readonly markdown: string;
}

export function hoverAt(a: SpecAnalysis, file: string, offset: number): Hover | undefined {
  const o = a.index && occurrenceAt(a.index, file, offset);
  if (!o) return undefined;
  const s = o.symbol;
  const where = s.owner && s.kind !== "member" ? ` of \`${s.owner}\`` : "";
  const parts = ["```tspec", signature(s, a.sources), "```", `*${KIND_TEXT[s.kind]}${where}*`];
  if (s.doc && s.kind !== "builtin") parts.push("", s.doc.trim());
  return { span: o.span, markdown: parts.join("\n") };
}

/** The declaring name of what is at `offset`; undefined for built-ins (declared nowhere) and non-names. */
export function definitionAt(a: SpecAnalysis, file: string, offset: number): Span | undefined {
  const o = a.index && occurrenceAt(a.index, file, offset);
  return o && o.symbol.kind !== "builtin" ? o.symbol.span : undefined;
}

export function referencesAt(a: SpecAnalysis, file: string, offset: number, includeDeclaration: boolean): Span[] {
  const o = a.index && occurrenceAt(a.index, file, offset);
  if (!o || !a.index) return [];
  return occurrencesOf(a.index, o.symbol)
    .filter((x) => includeDeclaration || !x.isDeclaration)
    .map((x) => x.span);
}

/** Keywords offered by completion (statement and expression keywords of the language). */
export const KEYWORDS = [
  "spec",
  "extends",
  "override",
  "const",
  "type",
  "enum",
  "var",
  "def",
  "invariant",
  "property",
  "action",
  "process",
  "procedure",
  "macro",
  "workload",
  "run",
  "expect",
  "holds",
  "violates",
  "deadlock",
  "check",
  "fair",
  "strong",
  "when",
  "in",
  "notin",
  "subset",
  "union",
  "intersect",
  "minus",
  "and",
  "or",
  "not",
  "if",
  "then",
  "else",
  "let",
  "forall",
  "exists",
  "choose",
  "true",
  "false",
  "none",
  "self",
  "bool",
  "set",
  "map",
  "seq",
  "option",
  "mutex",
  "rwlock",
  "while",
  "goto",
  "await",
  "either",
  "with",
  "assert",
  "skip",
  "call",
  "return",
  "acquire",
  "release",
  "read_lock",
  "read_unlock",
  "write_lock",
  "write_unlock",
  "always",
  "eventually",
  "leadsto",
  "symmetric",
] as const;

export interface Completion {
  readonly label: string;
  readonly kind: SpecSymbol["kind"] | "keyword";
  readonly detail?: string;
}

/** Names visible at `offset` (innermost scope first), then keywords. */
export function completionsAt(a: SpecAnalysis, file: string, offset: number): Completion[] {
  const out: Completion[] = [];
  if (a.index) {
    for (const s of visibleAt(a.index, file, offset)) {
      if (s.kind === "workload" || s.kind === "option") continue;
      out.push({ label: s.name, kind: s.kind, detail: s.type ? `${KIND_TEXT[s.kind]}: ${s.type}` : KIND_TEXT[s.kind] });
    }
  }
  const names = new Set(out.map((c) => c.label));
  for (const k of KEYWORDS) if (!names.has(k)) out.push({ label: k, kind: "keyword" });
  return out;
}
