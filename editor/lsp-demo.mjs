// Drives `npx spec2ts lsp --stdio` with raw JSON-RPC (Content-Length framing) and prints what it answers:
// initialize, then specs/counter.tspec (from `spec2ts init`) opened with `count` misspelt. Run it in the
// project folder: `node path/to/editor/lsp-demo.mjs` (docs/editors.md shows its output).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const child = spawn("npx", ["spec2ts", "lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
const send = (m) => {
  const b = JSON.stringify({ jsonrpc: "2.0", ...m });
  child.stdin.write(`Content-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`);
};
let buf = Buffer.alloc(0);
child.stdout.on("data", (d) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const h = buf.indexOf("\r\n\r\n");
    if (h < 0) return;
    const n = Number(/Content-Length: (\d+)/.exec(buf.slice(0, h).toString())[1]);
    if (buf.length < h + 4 + n) return;
    const msg = JSON.parse(buf.slice(h + 4, h + 4 + n).toString());
    buf = buf.slice(h + 4 + n);
    if (msg.id === 1) {
      console.log("<- initialize:", JSON.stringify(msg.result.serverInfo ?? {}), Object.keys(msg.result.capabilities).join(", "));
    } else if (msg.method === "textDocument/publishDiagnostics") {
      console.log(
        "<- publishDiagnostics",
        msg.params.uri.replace(/.*\//, ""),
        JSON.stringify(
          msg.params.diagnostics.map(({ range, severity, code, message }) => ({ range: range.start, severity, code, message })),
          null,
          1,
        ).replace(/\n\s*/g, " "),
      );
      send({ id: 2, method: "shutdown" });
    } else if (msg.id === 2) {
      send({ method: "exit" });
    }
  }
});
const text = readFileSync("specs/counter.tspec", "utf8").replace("count == N;", "cuont == N;");
send({ id: 1, method: "initialize", params: { processId: process.pid, rootUri: pathToFileURL(process.cwd()).href, capabilities: {} } });
send({ method: "initialized", params: {} });
send({ method: "textDocument/didOpen", params: { textDocument: { uri: pathToFileURL("specs/counter.tspec").href, languageId: "tspec", version: 1, text } } });
