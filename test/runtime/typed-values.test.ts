/**
 * Typed rendering of display values (issue 15 item 4) and the typed ITF encoding (item 5): sets as
 * sets with the elements a step removed and added, options as `some(…)`, records in declaration
 * order, maps `[k |-> v]`, sequences from index 1; ITF as ADR-015/Quint encode it, read back by type
 * (sets in any order, old untyped forms noted), and Mermaid text that survives Mermaid's entity rules.
 */
import { describe, expect, it } from "vitest";
import { changeText, diffViews, formatValue } from "../../runtime/search/format.js";
import { ItfTypeError, itfToTyped, valueToItf } from "../../runtime/report/itf.js";
import { mermaidEscape } from "../../runtime/report/mermaid.js";
import { typedEquals, viewTypesOf, type ViewType } from "../../runtime/contract/view-type.js";
import type { Value } from "../../runtime/contract/model.js";

const INT: ViewType = { kind: "int" };
const NAME: ViewType = { kind: "name" };
const MSG: ViewType = {
  kind: "record",
  fields: [
    ["src", INT],
    ["v", INT],
  ],
};
const ROUTE: ViewType = {
  kind: "record",
  fields: [
    ["to", INT],
    ["from", INT],
  ],
};
const NET: ViewType = { kind: "set", elem: MSG };

describe("formatValue with types", () => {
  it.each<[Value, ViewType, string]>([
    [[], { kind: "set", elem: INT }, "{}"],
    [[1, 2], { kind: "set", elem: INT }, "{1, 2}"],
    [[1, 2], { kind: "seq", elem: INT }, "[1, 2]"],
    [null, { kind: "option", elem: INT }, "none"],
    [3, { kind: "option", elem: INT }, "some(3)"],
    [{ from: 1, to: 2 }, ROUTE, "{to: 2, from: 1}"],
    [{ _1: 1, _2: "A" }, { kind: "tuple", elems: [INT, NAME] }, "<<1, A>>"],
    [{ 1: true, 2: false }, { kind: "map", key: INT, value: { kind: "bool" } }, "[1 |-> true, 2 |-> false]"],
    ["x", { kind: "string" }, '"x"'],
    ["Refresher[1]", { kind: "owner" }, "Refresher[1]"],
    [null, { kind: "owner" }, "none"],
    [[[1], []], { kind: "set", elem: { kind: "set", elem: INT } }, "{{1}, {}}"],
  ])("%j as %j is %s", (v, t, text) => {
    expect(formatValue(v, t)).toBe(text);
  });

  it("without a type, guesses as before", () => {
    expect(formatValue([1, 2])).toBe("[1, 2]");
    expect(formatValue(null)).toBe("none");
    expect(formatValue("A")).toBe('"A"');
  });
});

describe("diffViews with types", () => {
  const types = { net: NET, log: { kind: "seq", elem: INT } as ViewType, seen: { kind: "map", key: INT, value: { kind: "bool" } } as ViewType, route: ROUTE };

  it("a set change is the elements removed and added, not field edits of array slots", () => {
    const before = {
      net: [
        { src: 1, v: 0 },
        { src: 2, v: 0 },
      ],
    };
    const after = {
      net: [
        { src: 2, v: 0 },
        { src: 3, v: 1 },
      ],
    };
    const cs = diffViews(before, after, types);
    expect(cs.map(changeText)).toEqual(["net: −{src: 1, v: 0} +{src: 3, v: 1}"]);
    // Untyped, the same change used to read as slot edits.
    expect(diffViews(before, after).map(changeText)).toEqual(["net[0].src: 1 → 2", "net[1].src: 2 → 3", "net[1].v: 0 → 1"]);
  });

  it("sets compare whatever the order; sequences index from 1; maps by key; records in declaration order", () => {
    expect(
      diffViews(
        {
          net: [
            { src: 1, v: 0 },
            { src: 2, v: 0 },
          ],
        },
        {
          net: [
            { src: 2, v: 0 },
            { src: 1, v: 0 },
          ],
        },
        types,
      ),
    ).toEqual([]);
    expect(diffViews({ log: [1, 2] }, { log: [1, 3] }, types).map(changeText)).toEqual(["log[2]: 2 → 3"]);
    expect(diffViews({ log: [1] }, { log: [1, 2] }, types).map(changeText)).toEqual(["log: [1] → [1, 2]"]);
    expect(diffViews({ seen: { 1: false, 2: false } }, { seen: { 1: true, 2: false } }, types).map(changeText)).toEqual(["seen[1]: false → true"]);
    expect(diffViews({ route: { from: 1, to: 1 } }, { route: { from: 2, to: 3 } }, types).map((c) => c.path)).toEqual(["route.to", "route.from"]);
  });

  it("typedEquals: sets as sets, records whatever their field order", () => {
    expect(typedEquals([1, 2], [2, 1], { kind: "set", elem: INT })).toBe(true);
    expect(typedEquals([1, 2], [2, 1], { kind: "seq", elem: INT })).toBe(false);
    expect(typedEquals({ to: 1, from: 2 }, { from: 2, to: 1 }, ROUTE)).toBe(true);
  });

  it("viewTypesOf names every instance's pc, locals and frames", () => {
    const t = viewTypesOf([{ process: "P", self: 1, name: "P[1]" }], {
      globals: [["x", INT]],
      locals: { P: [["n", INT]] },
      frames: [["f", { kind: "frame", fields: [["ret", NAME]] }]],
    });
    expect(Object.keys(t)).toEqual(["x", "P[1].pc", "P[1].n", "P[1].f"]);
  });
});

describe("typed ITF", () => {
  const cases: [Value | undefined, ViewType, unknown][] = [
    [[1, 2], { kind: "set", elem: INT }, { "#set": [{ "#bigint": "1" }, { "#bigint": "2" }] }],
    [[1, 2], { kind: "seq", elem: INT }, [{ "#bigint": "1" }, { "#bigint": "2" }]],
    [null, { kind: "option", elem: INT }, { tag: "None", value: { "#tup": [] } }],
    [3, { kind: "option", elem: INT }, { tag: "Some", value: { "#bigint": "3" } }],
    ["P[1]", { kind: "owner" }, { tag: "Some", value: "P[1]" }],
    [undefined, { kind: "frame", fields: [["ret", NAME]] }, { tag: "None", value: { "#tup": [] } }],
    [{ ret: "B1" }, { kind: "frame", fields: [["ret", NAME]] }, { tag: "Some", value: { ret: "B1" } }],
    [
      { 1: true, 2: false },
      { kind: "map", key: INT, value: { kind: "bool" } },
      {
        "#map": [
          [{ "#bigint": "1" }, true],
          [{ "#bigint": "2" }, false],
        ],
      },
    ],
    [
      { true: 0, false: 1 },
      { kind: "map", key: { kind: "bool" }, value: INT },
      {
        "#map": [
          [true, { "#bigint": "0" }],
          [false, { "#bigint": "1" }],
        ],
      },
    ],
    [{ _1: 1, _2: "A" }, { kind: "tuple", elems: [INT, NAME] }, { "#tup": [{ "#bigint": "1" }, "A"] }],
    [{ from: 1, to: 2 }, ROUTE, { to: { "#bigint": "2" }, from: { "#bigint": "1" } }],
  ];
  it.each(cases)("%j as %j encodes as Quint does, and reads back", (v, t, itf) => {
    const enc = valueToItf(v, t);
    expect(enc).toEqual(itf);
    expect(JSON.stringify(enc)).toBe(JSON.stringify(itf));
    const back = itfToTyped(JSON.parse(JSON.stringify(enc)), t, "x");
    expect(typedEquals(back as Value, v as Value, t) || (back === undefined && v === undefined)).toBe(true);
  });

  it("reads the old untyped forms (a set as a list, a bare some) and notes them; integers as numbers are fine", () => {
    const legacy = new Set<string>();
    expect(itfToTyped([{ "#bigint": "2" }, 1], { kind: "set", elem: INT }, "s", legacy)).toEqual([2, 1]);
    expect(itfToTyped({ "#bigint": "3" }, { kind: "option", elem: INT }, "o", legacy)).toBe(3);
    expect([...legacy]).toEqual(['a set written as a list (now {"#set": [...]})', 'some(v) written as bare v (now {"tag": "Some", "value": v})']);
    const none = new Set<string>();
    expect(itfToTyped({ "#set": [7] }, { kind: "set", elem: INT }, "s", none)).toEqual([7]);
    expect(none.size).toBe(0);
  });

  it("a value of another type is an ItfTypeError that says where", () => {
    expect(() => itfToTyped({ "#set": ["a"] }, { kind: "set", elem: INT }, "states[2].s")).toThrow(ItfTypeError);
    expect(() => itfToTyped({ "#set": ["a"] }, { kind: "set", elem: INT }, "states[2].s")).toThrow('states[2].s.#set[0]: expected an integer (int), found "a"');
    expect(() => itfToTyped({ to: 1 }, ROUTE, "r")).toThrow('r: the record lacks field "from"');
    expect(() => itfToTyped({ "#bigint": "9007199254740993" }, INT, "n")).toThrow("beyond the integers");
    expect(() => itfToTyped({ tag: "Maybe", value: 1 }, { kind: "option", elem: INT }, "o")).toThrow("expected");
  });
});

/**
 * Mermaid's own handling of statement text, as in its source (mermaidAPI `encodeEntities` /
 * `decodeEntities`, the sequence grammar's message text `[^#\n;]+`), then the browser's HTML entity
 * decoding: what a rendered note or message shows. (No headless browser here: Chromium is not
 * installed on this machine, so the rules are modelled rather than rendered.)
 */
function mermaidRenders(statementText: string): string[] {
  const encoded = statementText.replace(/#\w+;/g, (s) => {
    const inner = s.slice(1, -1);
    return /^\+?\d+$/.test(inner) ? `ﬂ°°${inner}¶ß` : `ﬂ°${inner}¶ß`;
  });
  // The lexer's TXT token: the text ends at the first `#`, `;` or newline.
  const txt = /^[^#\n;]*/.exec(encoded)?.[0] ?? "";
  const decoded = txt.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";");
  const named: { [k: string]: string } = { lt: "<", gt: ">", amp: "&", quot: '"' };
  return decoded
    .split("<br/>")
    .map((line) => line.replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n))).replace(/&(\w+);/g, (m, n: string) => named[n] ?? m));
}

describe("Mermaid escaping", () => {
  it.each(["net: −{src: 1, v: 0} +{src: 3, v: 1}", "x #1; y", "a;b#c<d>e&f", "#35; literally", 'msg = "<br/>"; #59;', "→ ✗ ↻ some({ret: B1})"])(
    "%s renders as itself, whole",
    (text) => {
      const escaped = mermaidEscape(text);
      expect(mermaidRenders(escaped)).toEqual([text]);
    },
  );

  it("lines joined with <br/> render as separate lines", () => {
    const lines = ["3. Hop :23 (m = {src: 1})", "net: −{src: 1} +{src: 2}", "x: 1 → 2; #"];
    expect(mermaidRenders(lines.map(mermaidEscape).join("<br/>"))).toEqual(lines);
  });

  it("the old two-pass escaping cut the text at the first #", () => {
    const old = (s: string): string => s.replace(/#/g, "#35;").replace(/;/g, "#59;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
    expect(mermaidRenders(old("a #1 b"))).toEqual(["a "]);
    expect(mermaidRenders(mermaidEscape("a #1 b"))).toEqual(["a #1 b"]);
  });
});
