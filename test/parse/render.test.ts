/** rustc-style rendering: layout, carets, labels, notes, EOF spans, colour and the summary line. */
import { describe, expect, it } from "vitest";
import type { Span } from "../../generator/parse/ast.js";
import { error, warning } from "../../generator/diagnostics/diagnostic.js";
import { renderDiagnostic, renderDiagnostics, summaryLine } from "../../generator/diagnostics/render.js";
import { LineIndex } from "../../generator/parse/line-index.js";

const text = "spec S\nvar x: bool = true\nvar long_name: bool = false;\n";
const lines = new LineIndex(text);
const span = (start: number, end: number, file = "x.tspec"): Span => lines.span(file, start, end);

describe("renderDiagnostic", () => {
  it("renders the rustc layout with a labelled caret", () => {
    const d = error("E101", "expected `;` after the variable declaration, found `var`", span(25, 25));
    expect(renderDiagnostic(d, text)).toBe(
      [
        "error[E101]: expected `;` after the variable declaration, found `var`",
        "  --> x.tspec:2:19",
        "   |",
        " 2 | var x: bool = true",
        "   |                   ^ expected `;`",
        "",
      ].join("\n"),
    );
  });
  it("underlines multi-character spans, and only the first line of multi-line spans", () => {
    const name = text.indexOf("long_name");
    expect(renderDiagnostic(error("E201", "unknown", span(name, name + 9)), text)).toContain("   |     ^^^^^^^^^\n");
    const multi = renderDiagnostic(error("E201", "multi", span(7, 40)), text);
    expect(multi).toContain(" 2 | var x: bool = true\n   | ^^^^^^^^^^^^^^^^^^\n");
  });
  it("renders notes with and without locations, and warnings", () => {
    const d = warning("W101", "unused", span(11, 12), [{ message: "declared here", span: span(11, 12) }, { message: "remove it" }]);
    expect(renderDiagnostic(d, text)).toBe(
      [
        "warning[W101]: unused",
        "  --> x.tspec:2:5",
        "   |",
        " 2 | var x: bool = true",
        "   |     ^",
        "note: declared here",
        "  --> x.tspec:2:5",
        "   |",
        " 2 | var x: bool = true",
        "   |     ^",
        "   = note: remove it",
        "",
      ].join("\n"),
    );
  });
  it("renders notes in other files from `sources`, or just their location", () => {
    const other = "spec Base\nvar x: bool = true;\n";
    const d = error("E202", "duplicate", span(11, 12), [{ message: "first here", span: new LineIndex(other).span("base.tspec", 14, 15) }]);
    expect(renderDiagnostic(d, text, { sources: new Map([["base.tspec", other]]) })).toContain(" 2 | var x: bool = true;\n");
    expect(renderDiagnostic(d, text)).toContain("note: first here\n  --> base.tspec:2:5\n");
  });
  it("renders spans at end of input, after a trailing newline", () => {
    const out = renderDiagnostic(error("E101", "expected `}`, found end of input", span(text.length, text.length)), text);
    expect(out).toContain("  --> x.tspec:4:1\n   |\n 4 |\n   | ^ expected `}`\n");
  });
  it("widens the gutter for long line numbers and tabs in the source", () => {
    const long = `${"\n".repeat(120)}\tx = 1;`;
    const li = new LineIndex(long);
    const out = renderDiagnostic(error("E1", "m", li.span("f", 121, 122)), long);
    expect(out).toContain("    --> f:121:2\n     |\n 121 |     x = 1;\n     |     ^\n");
  });
  it("colours only when asked", () => {
    const d = error("E101", "expected `;`, found `x`", span(25, 25));
    expect(renderDiagnostic(d, text)).not.toContain("\u001b[");
    expect(renderDiagnostic(d, text, { color: true })).toContain("\u001b[31m");
  });
});

describe("renderDiagnostics", () => {
  it("sorts by file then position and ends with a summary", () => {
    const ds = [error("E2", "second", span(20, 21)), warning("W1", "third", span(1, 2, "z.tspec")), error("E1", "first", span(8, 9))];
    const out = renderDiagnostics(
      ds,
      new Map([
        ["x.tspec", text],
        ["z.tspec", text],
      ]),
    );
    expect(out.indexOf("first")).toBeLessThan(out.indexOf("second"));
    expect(out.indexOf("second")).toBeLessThan(out.indexOf("third"));
    expect(out.endsWith("\n2 errors, 1 warning\n")).toBe(true);
  });
  it("summaries", () => {
    expect(summaryLine([])).toBe("");
    expect(summaryLine([error("E1", "m", span(0, 1))])).toBe("1 error");
    expect(summaryLine([warning("W1", "m", span(0, 1)), warning("W1", "m", span(0, 1))])).toBe("2 warnings");
    expect(renderDiagnostics([], new Map())).toBe("");
  });
});
