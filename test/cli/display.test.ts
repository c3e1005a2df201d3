/**
 * Trace display annotations (docs/language.md, "Trace display"): `display` names, `ghost var` hidden
 * unless `--show-ghosts`, `note` under a trace in which the variable changes. They change printing
 * only: the state counts, `--json` and ITF are those of the spec without them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseSpec } from "../../generator/parse/parse.js";
import { astEqual, printSpec } from "../../generator/parse/print.js";
import { formatValue } from "../../runtime/search/format.js";
import type { ViewType } from "../../runtime/contract/view-type.js";
import { ROOT, jsonWorkload, spec2ts } from "./helpers.js";

const SPEC = "test/fixtures/display/ghost-counter.tspec";
const TMP = ".cache/test-cli-display";
const PLAIN = `${TMP}/plain.tspec`;

beforeAll(() => {
  fs.rmSync(path.join(ROOT, TMP), { recursive: true, force: true });
  fs.mkdirSync(path.join(ROOT, TMP), { recursive: true });
  // The same spec without any annotation.
  const text = fs
    .readFileSync(path.join(ROOT, SPEC), "utf8")
    .replace("ghost var", "var")
    .replace(/ display \{[^}]*\}/g, "")
    .replace(/ note "[^"]*"/g, "");
  fs.writeFileSync(path.join(ROOT, PLAIN), text);
});

describe("display, ghost var and note", () => {
  it("round-trip through fmt: print(parse(x)) is x, and reparses to the same tree", () => {
    const src = [
      "spec T",
      "",
      "enum Mode { Idle, Busy }",
      'type Pfn = option<1..3> display { none: "ERR", 1: "P1", some(2): "P2" };',
      'type Sign = -1..1 display { -1: "neg", 0: "zero", 1: "pos" };',
      "ghost var busy: 0..2 = 0;",
      'var counter: 0..1 = 0 note "modulo 2";',
      'var mode: Mode = Idle display { Idle: "idle", Busy: "busy" } note "x";',
      "var display: 0..1 = 0;",
      "var note: 0..1 = 0;",
      "var ghost: 0..1 = 0;",
      `var long_variable_name: option<1..3> = none display { none: "KVM_PFN_ERR_FAULT", 1: "PAGE_ONE", 2: "PAGE_TWO", 3: "PAGE_THREE" } note "a long note that does not fit";`,
      "",
    ].join("\n");
    const a = parseSpec(src, "t.tspec");
    expect(a.diagnostics).toEqual([]);
    const printed = printSpec(a.spec!, src);
    const b = parseSpec(printed, "t.tspec");
    expect(b.diagnostics).toEqual([]);
    expect(astEqual(a.spec!, b.spec!)).toBe(true);
    expect(printSpec(b.spec!, printed)).toBe(printed);
    expect(printed).toContain('ghost var busy: 0..2 = 0;\nvar counter: 0..1 = 0 note "modulo 2";');
    expect(printed).toContain(
      '= none\n  display { none: "KVM_PFN_ERR_FAULT", 1: "PAGE_ONE", 2: "PAGE_TWO", 3: "PAGE_THREE" }\n  note "a long note that does not fit";',
    );
  });

  it("formatValue prints display names, an option's held values by name, and map keys by name", () => {
    const pfn: ViewType = {
      kind: "int",
      display: [
        [1, "P1"],
        [2, "P2"],
      ],
    };
    const opt: ViewType = { kind: "option", elem: pfn, display: [[null, "ERR"]] };
    expect(formatValue(null, opt)).toBe("ERR");
    expect(formatValue(1, opt)).toBe("P1");
    expect(formatValue(3, opt)).toBe("some(3)");
    expect(formatValue(2, { kind: "option", elem: pfn })).toBe("some(P2)");
    expect(formatValue({ 1: 2, 2: 1 }, { kind: "map", key: pfn, value: pfn })).toBe("[P1 |-> P2, P2 |-> P1]");
    expect(formatValue([1, 2], { kind: "set", elem: pfn })).toBe("{P1, P2}");
  });

  it("hides ghosts by default, names values, and prints the note of a variable that changed", async () => {
    const r = await spec2ts(["check", SPEC, "--format", "list"]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/^\s+busy/m);
    expect(r.stdout).toContain("  pfn: ERR → P");
    expect(r.stdout).toContain("Note: seq_no — counts modulo 2: 1 → 0 is a wrap, not a decrease");
    expect(r.stdout).toContain("(ghost variable busy not shown; --show-ghosts shows it)");
    const lanes = await spec2ts(["check", SPEC]);
    expect(lanes.stdout).toContain("(ghost variable busy not shown; --show-ghosts shows it)");
    expect(lanes.stdout).toContain("Note: seq_no");
    expect(lanes.stdout).not.toMatch(/busy: 0 → 1/);
    const mermaid = await spec2ts(["check", SPEC, "--format", "mermaid"]);
    expect(mermaid.stdout).toContain("Note: seq_no");
    expect(mermaid.stdout).not.toMatch(/busy: 0 → 1/);
  });

  it("prints the values a step chose (a `with` binder, an action parameter) by name, in every format", async () => {
    const fixture = "test/fixtures/display/pick-names.tspec";
    const list = await spec2ts(["check", fixture, "--format", "list"]);
    expect(list.code).toBe(1);
    expect(list.stdout).toMatch(/^Step 2: Set \(.*\) with p = P1$/m);
    expect(list.stdout).toMatch(/^Step 3: W\[1\] L1 \(.*\) with q = P2, n = 0$/m);
    const lanes = await spec2ts(["check", fixture]);
    expect(lanes.stdout).toContain("with q = P2, n = 0");
    const mermaid = await spec2ts(["check", fixture, "--format", "mermaid"]);
    expect(mermaid.stdout).toContain("(q = P2, n = 0)");
  });

  it("--show-ghosts prints them", async () => {
    const r = await spec2ts(["check", SPEC, "--format", "list", "--show-ghosts"]);
    expect(r.stdout).toMatch(/^ {2}busy: 0 → 1$/m);
    expect(r.stdout).not.toContain("not shown");
    const s = await spec2ts(["simulate", SPEC, "--seed", "1", "--runs", "50", "--format", "list", "--show-ghosts"]);
    expect(s.stdout).toMatch(/busy/);
  });

  it("changes nothing in the search, --json or ITF: same distinct states as the spec without annotations, raw values", async () => {
    const [a, b] = await Promise.all([spec2ts(["check", SPEC, "--json"]), spec2ts(["check", PLAIN, "--json"])]);
    type W = { stats: { distinctStates: number; statesGenerated: number }; trace: { state: Record<string, unknown> }[] };
    const wa = jsonWorkload<W>(a.stdout);
    const wb = jsonWorkload<W>(b.stdout);
    expect(wa.stats.distinctStates).toBe(wb.stats.distinctStates);
    expect(wa.stats.statesGenerated).toBe(wb.stats.statesGenerated);
    expect(wa.trace.map((t) => t.state)).toEqual(wb.trace.map((t) => t.state));
    expect(wa.trace[0]!.state).toHaveProperty("busy");
    expect(a.stdout).not.toContain('"P1"');
    expect(a.stdout).not.toContain('"ERR"');
    const itf = `${TMP}/t.itf.json`;
    await spec2ts(["check", SPEC, "--itf", itf, "--quiet"]);
    const doc = fs.readFileSync(path.join(ROOT, itf), "utf8");
    expect(doc).toContain('"busy"');
    expect(doc).not.toContain("P1");
    expect(doc).not.toContain("ERR");
  });
});
