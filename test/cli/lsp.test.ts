/**
 * The language server, tested through the protocol: `spec2ts lsp --stdio` is started as a child
 * process and driven by a JSON-RPC client, as an editor would (no GUI).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";

const BIN = path.resolve("cli/bin.js");

const SPEC = `/// Two workers and a counter.
spec Counter

const N: 1..4 = 2;

/// How many workers are in the critical section.
var inside: 0..4 = 0;
var m: mutex;

def Busy: bool = inside > 0;

invariant AtMostOne: inside <= 1;

process Worker[self in 1..N] {
  var turns: 0..3 = 0;
  Enter: acquire m;
         inside = inside + 1;
  Leave: inside = inside - 1;
         turns = turns + 1;
         release m;
         if (turns < 2) { goto Enter; }
}

workload two {
  const N = 2;
  expect holds;
}
`;

interface PublishedDiagnostics {
  uri: string;
  diagnostics: { range: { start: { line: number; character: number } }; code: string; message: string; severity: number }[];
}

describe("spec2ts lsp --stdio", () => {
  let dir: string;
  let child: ChildProcess;
  let conn: MessageConnection;
  let uri: string;
  const published: PublishedDiagnostics[] = [];
  let waiters: ((d: PublishedDiagnostics) => void)[] = [];

  const nextDiagnostics = (forUri: string): Promise<PublishedDiagnostics> =>
    new Promise((resolve) => {
      waiters.push((d) => {
        if (d.uri === forUri) resolve(d);
        else waiters.push((e) => (e.uri === forUri ? resolve(e) : undefined));
      });
    });

  /** Position of the `nth` occurrence (0-based) of `word` in SPEC, on its first character + 1. */
  const pos = (word: string, nth = 0): { line: number; character: number } => {
    let at = -1;
    for (let i = 0; i <= nth; i++) at = SPEC.indexOf(word, at + 1);
    if (at < 0) throw new Error(`no ${word}`);
    const before = SPEC.slice(0, at);
    const line = before.split("\n").length - 1;
    return { line, character: at - (before.lastIndexOf("\n") + 1) + 1 };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec2ts-lsp-"));
    const file = path.join(dir, "counter.tspec");
    fs.writeFileSync(file, SPEC);
    uri = pathToFileURL(file).href;
    child = spawn(process.execPath, [BIN, "lsp", "--stdio"], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    conn.onNotification("textDocument/publishDiagnostics", (d: PublishedDiagnostics) => {
      published.push(d);
      const ws = waiters;
      waiters = [];
      for (const w of ws) w(d);
    });
    conn.listen();
    const init = (await conn.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} })) as {
      capabilities: Record<string, unknown>;
    };
    expect(init.capabilities.hoverProvider).toBe(true);
    expect(init.capabilities.definitionProvider).toBe(true);
    await conn.sendNotification("initialized", {});
    const first = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "tspec", version: 1, text: SPEC } });
    const d = await first;
    expect(d.diagnostics).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    try {
      await conn.sendRequest("shutdown");
      await conn.sendNotification("exit");
    } catch {
      // already gone
    }
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("hovers a variable use with its declaration and doc comment", async () => {
    const h = (await conn.sendRequest("textDocument/hover", { textDocument: { uri }, position: pos("inside", 1) })) as { contents: { value: string } };
    expect(h.contents.value).toContain("var inside: 0..4 = 0;");
    expect(h.contents.value).toContain("How many workers are in the critical section.");
    expect(h.contents.value).toContain("state variable");
  });

  it("hovers a process local with its type and owner", async () => {
    const h = (await conn.sendRequest("textDocument/hover", { textDocument: { uri }, position: pos("turns", 1) })) as { contents: { value: string } };
    expect(h.contents.value).toContain("turns: int");
    expect(h.contents.value).toContain("local of `Worker`");
  });

  it("goes to the definition of a variable, a label and a constant", async () => {
    const def = async (word: string, nth: number): Promise<{ range: { start: { line: number } } }> =>
      (await conn.sendRequest("textDocument/definition", { textDocument: { uri }, position: pos(word, nth) })) as { range: { start: { line: number } } };
    expect((await def("inside", 2)).range.start.line).toBe(pos("inside", 0).line);
    expect((await def("Enter", 1)).range.start.line).toBe(pos("Enter", 0).line);
    expect((await def("N", 2)).range.start.line).toBe(pos("const N", 0).line);
  });

  it("finds every reference of a variable", async () => {
    const refs = (await conn.sendRequest("textDocument/references", {
      textDocument: { uri },
      position: pos("inside", 0),
      context: { includeDeclaration: true },
    })) as { range: { start: { line: number } } }[];
    const expected = SPEC.split("inside").length - 1;
    expect(refs.length).toBe(expected);
    const without = (await conn.sendRequest("textDocument/references", {
      textDocument: { uri },
      position: pos("inside", 0),
      context: { includeDeclaration: false },
    })) as unknown[];
    expect(without.length).toBe(expected - 1);
  });

  it("completes names in scope and keywords", async () => {
    const items = (await conn.sendRequest("textDocument/completion", { textDocument: { uri }, position: pos("turns + 1") })) as {
      label: string;
      kind: number;
    }[];
    const labels = items.map((i) => i.label);
    expect(labels).toContain("turns");
    expect(labels).toContain("inside");
    expect(labels).toContain("Busy");
    expect(labels).toContain("forall");
    // A local of Worker is not offered outside it.
    const outside = (await conn.sendRequest("textDocument/completion", { textDocument: { uri }, position: pos("inside <= 1") })) as { label: string }[];
    expect(outside.map((i) => i.label)).not.toContain("turns");
  });

  it("offers a check lens per workload and runs it", async () => {
    const lenses = (await conn.sendRequest("textDocument/codeLens", { textDocument: { uri } })) as {
      command: { title: string; command: string; arguments: unknown[] };
    }[];
    expect(lenses.map((l) => l.command.title)).toEqual(["▶ check workload two"]);
    const messages: { message: string }[] = [];
    conn.onNotification("window/showMessage", (m: { message: string }) => {
      messages.push(m);
    });
    const r = (await conn.sendRequest("workspace/executeCommand", { command: lenses[0]!.command.command, arguments: lenses[0]!.command.arguments })) as {
      exitCode: number;
    };
    expect(r.exitCode).toBe(0);
    await new Promise((res) => setTimeout(res, 200));
    expect(messages.map((m) => m.message).join("\n")).toMatch(/two: holds/);
  }, 120_000);

  it("lists the declarations as an outline", async () => {
    const syms = (await conn.sendRequest("textDocument/documentSymbol", { textDocument: { uri } })) as { name: string; detail: string }[];
    expect(syms.map((s) => `${s.detail} ${s.name}`)).toEqual([
      "const N",
      "var inside",
      "var m",
      "def Busy",
      "invariant AtMostOne",
      "process Worker",
      "workload two",
    ]);
  });

  it("formats a document with the spec formatter", async () => {
    const edits = (await conn.sendRequest("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })) as {
      newText: string;
    }[];
    expect(edits.length).toBe(1);
    expect(edits[0]!.newText).toContain("process Worker[self in 1..N] {");
    expect(edits[0]!.newText).toContain("/// How many workers are in the critical section.");
  });

  it("reports diagnostics with codes as the text changes, and clears them when fixed", async () => {
    const broken = SPEC.replace("inside = inside + 1;", "inside = insid + 1;");
    const wait = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: broken }] });
    const d = await wait;
    expect(d.diagnostics.length).toBe(1);
    expect(d.diagnostics[0]!.code).toBe("E201");
    expect(d.diagnostics[0]!.message).toContain("did you mean `inside`");
    expect(d.diagnostics[0]!.range.start.line).toBe(pos("inside = inside + 1").line);

    const syntax = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 3 },
      contentChanges: [{ text: SPEC.replace("var m: mutex;", "var m: mutex") }],
    });
    expect((await syntax).diagnostics[0]!.code).toBe("E101");

    const fixed = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: 4 }, contentChanges: [{ text: SPEC }] });
    expect((await fixed).diagnostics).toEqual([]);
  }, 60_000);
});
