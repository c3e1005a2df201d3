/**
 * `spec2ts lsp --stdio`: a Language Server Protocol server for `.tspec` files, usable from any LSP
 * editor (the VS Code extension in editor/vscode starts it). Diagnostics with codes as you type,
 * hover with the declaration and its doc comment, go to definition, find references, completion,
 * format document, and a "check this workload" code lens whose command runs `spec2ts check`.
 *
 * The queries live in generator/ide (pure, tested directly); this file only speaks the protocol.
 * Unsaved buffers are read before the disk, so `extends` chains see what the editor shows.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  type CodeLens,
  CompletionItemKind,
  createConnection,
  DiagnosticSeverity,
  MessageType,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type Location,
  type Range,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import * as api from "../../generator/api.js";

const { analyzeSpec, completionsAt, definitionAt, hoverAt, referencesAt } = api.ide;
type SpecAnalysis = api.ide.SpecAnalysis;
const readSpecText = api.readSpecText;
import { EXIT, type ExitCode } from "../exit.js";
import { PACKAGE_DIR } from "../paths.js";

type Span = api.Diagnostic["span"];

export const CHECK_COMMAND = "spec2ts.checkWorkload";

const COMPLETION_KIND: Record<string, CompletionItemKind> = {
  const: CompletionItemKind.Constant,
  type: CompletionItemKind.TypeParameter,
  enum: CompletionItemKind.Enum,
  member: CompletionItemKind.EnumMember,
  case: CompletionItemKind.EnumMember,
  var: CompletionItemKind.Variable,
  def: CompletionItemKind.Function,
  invariant: CompletionItemKind.Property,
  property: CompletionItemKind.Property,
  action: CompletionItemKind.Method,
  process: CompletionItemKind.Class,
  procedure: CompletionItemKind.Method,
  macro: CompletionItemKind.Snippet,
  local: CompletionItemKind.Variable,
  param: CompletionItemKind.Variable,
  binder: CompletionItemKind.Variable,
  label: CompletionItemKind.Reference,
  keyword: CompletionItemKind.Keyword,
  builtin: CompletionItemKind.Function,
};

const SYMBOL_KIND: Record<string, SymbolKind> = {
  ConstDecl: SymbolKind.Constant,
  TypeDecl: SymbolKind.TypeParameter,
  EnumDecl: SymbolKind.Enum,
  VarDecl: SymbolKind.Variable,
  DefDecl: SymbolKind.Function,
  InvariantDecl: SymbolKind.Property,
  PropertyDecl: SymbolKind.Property,
  ActionDecl: SymbolKind.Method,
  ProcessDecl: SymbolKind.Class,
  ProcedureDecl: SymbolKind.Method,
  MacroDecl: SymbolKind.Function,
  WorkloadDecl: SymbolKind.Event,
  OptionDecl: SymbolKind.Key,
};

/** A span's file (a display path, relative to the working directory) as an absolute path. */
function spanPath(span: Span): string {
  return path.resolve(process.cwd(), span.file);
}

function toRange(span: Span): Range {
  return {
    start: { line: span.start.line - 1, character: span.start.column - 1 },
    end: { line: span.end.line - 1, character: span.end.column - 1 },
  };
}

function uriPath(uri: string): string | undefined {
  try {
    return uri.startsWith("file:") ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export interface ServerOptions {
  /** Debounce of re-analysis after an edit, in ms (tests use 0). */
  readonly debounceMs?: number;
  /** How to run `spec2ts check` for the code lens command (defaults to this CLI, with --json). */
  readonly runCheck?: (file: string, workload: string) => Promise<{ code: number; stdout: string }>;
}

function defaultRunCheck(file: string, workload: string): Promise<{ code: number; stdout: string }> {
  // The package's executable: cli/bin.js of the checkout, or of node_modules/spec2ts when installed
  // (this module is then dist/cli/lsp/server.js, so a path relative to it would miss).
  const bin = path.join(PACKAGE_DIR, "cli", "bin.js");
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, "check", file, "--workload", workload, "--json"], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      const code = err && typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : err ? 2 : 0;
      resolve({ code, stdout });
    });
  });
}

export function startServer(connection: Connection, opts: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, SpecAnalysis>();
  const timers = new Map<string, NodeJS.Timeout>();
  const debounce = opts.debounceMs ?? 150;
  const runCheck = opts.runCheck ?? defaultRunCheck;

  /** Open buffers first, then the disk (with the checker's own safety rules). */
  const readFile = (p: string): string => {
    const open = documents.get(pathToFileURL(path.resolve(p)).href);
    return open ? open.getText() : readSpecText(p);
  };

  const analysisOf = (uri: string): { a: SpecAnalysis; file: string } | undefined => {
    const p = uriPath(uri);
    if (p === undefined) return undefined;
    let a = analyses.get(uri);
    if (!a) {
      a = analyzeSpec(path.relative(process.cwd(), p) || p, readFile);
      analyses.set(uri, a);
    }
    return { a, file: path.relative(process.cwd(), p).split(path.sep).join("/") };
  };

  const validate = (uri: string): void => {
    analyses.delete(uri);
    const r = analysisOf(uri);
    if (!r) return;
    const here = uriPath(uri)!;
    const diagnostics: LspDiagnostic[] = r.a.diagnostics.map((d) => {
      const local = spanPath(d.span) === here;
      const related = (d.notes ?? [])
        .filter((n) => n.span)
        .map((n) => ({ location: { uri: pathToFileURL(spanPath(n.span!)).href, range: toRange(n.span!) }, message: n.message }));
      return {
        range: local ? toRange(d.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        code: d.code,
        codeDescription: { href: `https://github.com/spec2ts/spec2ts/blob/main/docs/diagnostics.md#${d.code.toLowerCase()}` },
        source: "spec2ts",
        message: local ? d.message : `${d.span.file}:${d.span.start.line}:${d.span.start.column}: ${d.message}`,
        ...(related.length > 0 || !local
          ? {
              relatedInformation: [
                ...(local ? [] : [{ location: { uri: pathToFileURL(spanPath(d.span)).href, range: toRange(d.span) }, message: d.message }]),
                ...related,
              ],
            }
          : {}),
      };
    });
    void connection.sendDiagnostics({ uri, diagnostics });
  };

  const schedule = (uri: string): void => {
    analyses.delete(uri);
    clearTimeout(timers.get(uri));
    if (debounce === 0) validate(uri);
    else
      timers.set(
        uri,
        setTimeout(() => validate(uri), debounce),
      );
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      completionProvider: { triggerCharacters: ["."] },
      documentFormattingProvider: true,
      codeLensProvider: { resolveProvider: false },
      documentSymbolProvider: true,
      executeCommandProvider: { commands: [CHECK_COMMAND] },
    },
    serverInfo: { name: "spec2ts", version: "0.1.0" },
  }));

  documents.onDidOpen((e) => schedule(e.document.uri));
  documents.onDidChangeContent((e) => {
    // A change can affect every open spec that extends this one: re-check them all.
    for (const d of documents.all()) if (d.uri !== e.document.uri) analyses.delete(d.uri);
    schedule(e.document.uri);
  });
  documents.onDidClose((e) => {
    analyses.delete(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const at = (uri: string, position: { line: number; character: number }): { a: SpecAnalysis; file: string; offset: number } | undefined => {
    const doc = documents.get(uri);
    const r = analysisOf(uri);
    if (!doc || !r) return undefined;
    return { ...r, offset: doc.offsetAt(position) };
  };
  const location = (span: Span): Location => ({ uri: pathToFileURL(spanPath(span)).href, range: toRange(span) });

  connection.onHover((p) => {
    const r = at(p.textDocument.uri, p.position);
    const h = r && hoverAt(r.a, r.file, r.offset);
    return h ? { contents: { kind: "markdown", value: h.markdown }, range: toRange(h.span) } : null;
  });
  connection.onDefinition((p) => {
    const r = at(p.textDocument.uri, p.position);
    const s = r && definitionAt(r.a, r.file, r.offset);
    return s ? location(s) : null;
  });
  connection.onReferences((p) => {
    const r = at(p.textDocument.uri, p.position);
    return r ? referencesAt(r.a, r.file, r.offset, p.context.includeDeclaration).map(location) : [];
  });
  connection.onCompletion((p) => {
    const r = at(p.textDocument.uri, p.position);
    if (!r) return [];
    return completionsAt(r.a, r.file, r.offset).map((c) => ({
      label: c.label,
      kind: COMPLETION_KIND[c.kind] ?? CompletionItemKind.Text,
      ...(c.detail ? { detail: c.detail } : {}),
    }));
  });
  connection.onDocumentFormatting((p) => {
    const doc = documents.get(p.textDocument.uri);
    const file = uriPath(p.textDocument.uri);
    if (!doc || file === undefined) return [];
    const r = api.formatSource(doc.getText(), path.relative(process.cwd(), file));
    if (r.formatted === undefined || r.formatted === doc.getText()) return [];
    return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, newText: r.formatted }];
  });
  connection.onDocumentSymbol((p) => {
    const r = analysisOf(p.textDocument.uri);
    const here = uriPath(p.textDocument.uri);
    if (!r || here === undefined) return [];
    return r.a.decls
      .filter((d) => spanPath(d.span) === here)
      .map((d) => ({
        name: d.name.name,
        detail: d.kind.replace(/Decl$/, "").toLowerCase(),
        kind: SYMBOL_KIND[d.kind] ?? SymbolKind.Object,
        range: toRange(d.span),
        selectionRange: toRange(d.name.span),
      }));
  });
  connection.onCodeLens((p) => {
    const r = analysisOf(p.textDocument.uri);
    const here = uriPath(p.textDocument.uri);
    if (!r || here === undefined) return [];
    return r.a.workloads
      .filter((w) => spanPath(w.span) === here)
      .map((w): CodeLens => ({
        range: toRange(w.span),
        command: { title: `▶ check workload ${w.name}`, command: CHECK_COMMAND, arguments: [p.textDocument.uri, w.name] },
      }));
  });
  connection.onExecuteCommand(async (p) => {
    if (p.command !== CHECK_COMMAND) return null;
    const [uri, workload] = (p.arguments ?? []) as [unknown, unknown];
    const file = typeof uri === "string" ? uriPath(uri) : undefined;
    if (file === undefined || typeof workload !== "string") {
      void connection.window.showErrorMessage(`${CHECK_COMMAND} takes a file URI and a workload name`);
      return null;
    }
    const { code, stdout } = await runCheck(file, workload);
    let summary = `spec2ts check ${path.basename(file)} --workload ${workload}: exit ${code}`;
    try {
      const json = JSON.parse(stdout) as unknown;
      const first = (Array.isArray(json) ? json[0] : ((json as { workloads?: unknown[] }).workloads?.[0] ?? json)) as {
        verdict?: string;
        expectation?: { met?: boolean };
      };
      if (first && typeof first.verdict === "string") summary = `${workload}: ${first.verdict}`;
    } catch {
      // Not JSON (a spec error): the exit code says enough; the output goes to the log.
      connection.console.log(stdout);
    }
    void connection.sendNotification(ShowMessageNotification.type, { type: code === 0 ? MessageType.Info : MessageType.Warning, message: summary });
    return { exitCode: code, output: stdout };
  });

  documents.listen(connection);
  connection.listen();
}

/** Entry point of `spec2ts lsp --stdio`. */
export function lspCommand(o: { stdio?: boolean }): Promise<ExitCode> {
  if (!o.stdio) {
    process.stderr.write("spec2ts lsp: only --stdio is supported (start it from your editor's LSP client)\n");
    return Promise.resolve(EXIT.usage);
  }
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  startServer(connection);
  // The server runs until the client sends `exit` (the library then ends the process).
  return new Promise<ExitCode>(() => undefined);
}
