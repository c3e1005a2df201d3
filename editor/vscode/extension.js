// The VS Code client of the spec2ts language server: it starts `spec2ts lsp --stdio` in the workspace
// folder and forwards every .tspec file to it. Everything else (diagnostics, hover, definition,
// references, completion, formatting, the "check workload" lens and its command) is the server's.
"use strict";
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("spec2ts").get("command") ?? ["npx", "--no-install", "spec2ts"];
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const run = { command, args: [...args, "lsp", "--stdio"], transport: TransportKind.stdio, options: { cwd, shell: process.platform === "win32" } };
  client = new LanguageClient("spec2ts", "spec2ts", { run, debug: run }, { documentSelector: [{ scheme: "file", language: "tspec" }] });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
