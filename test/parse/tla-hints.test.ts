/** Issue 13 item 7: `help:` lines for TLA+/PlusCal syntax typed by habit (generator/parse/tla-hints.ts). */
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../generator/parse/parse.js";
import { SPECIAL_HINTS, TLA_HINTS } from "../../generator/parse/tla-hints.js";

/** One input per hint id and per foreign token: the hint must appear on its (only) E101. */
const REACH: ReadonlyArray<readonly [string, string]> = [
  ["notin", "invariant I: x \\notin {1};"],
  ["in", "invariant I: x \\in {1};"],
  ["in", "action A(v \\in 0..3) { x = v; }"],
  ["and", "invariant I: x > 0 /\\ x < 3;"],
  ["and", "invariant I: x > 0 \\land x < 3;"],
  ["or", "invariant I: x > 0 \\/ x < 3;"],
  ["or", "invariant I: x > 0 \\lor x < 3;"],
  ["leadsto", "property P: (x == 1) ~> (x == 2);"],
  ["not", "invariant I: ~(x == 1);"],
  ["not", "invariant I: \\lnot (x == 1);"],
  ["not", "invariant I: \\neg (x == 1);"],
  ["eventually", "property P: []<>(x == 1);"],
  ["forall", "invariant I: \\A i \\in 1..3: x < i;"],
  ["exists", "invariant I: \\E i \\in 1..3: x < i;"],
  ["union", "invariant I: card(s \\cup {1}) > 0;"],
  ["union", "invariant I: card(s \\union {1}) > 0;"],
  ["intersect", "invariant I: card(s \\cap {1}) > 0;"],
  ["intersect", "invariant I: card(s \\intersect {1}) > 0;"],
  ["subset", "invariant I: s \\subseteq {1};"],
  ["product", "invariant I: card(s \\X s) > 0;"],
  ["product", "invariant I: card(s \\times s) > 0;"],
  ["powerset", "invariant I: card(SUBSET s) > 0;"],
  ["domain", "invariant I: DOMAIN f == {0, 1};"],
  ["unchanged", "action A { x = 1; UNCHANGED s; }"],
  ["unchanged", "action A { x = 1; UNCHANGED<<s, f>>; }"],
  ["except", "action A { f = [f EXCEPT ![0] = true]; }"],
  ["keyword-case", "invariant I: IF x > 0 THEN true ELSE false;"],
  ["keyword-case", "invariant I: if x > 0 then true ELSE false;"],
  ["keyword-case", "invariant I: LET y == 1 IN x > y;"],
  ["keyword-case", "invariant I: CHOOSE i \\in 1..3: i > x;"],
  ["keyword-case", "invariant I: CASE x > 0 -> 1;"],
  ["boolean", "invariant I: x == 0 or TRUE FALSE;"],
  ["assign", "action A { x := 1; }"],
  ["not-equal", "invariant I: x # 1;"],
  ["not-equal", "invariant I: x /= 1;"],
  ["prime", "action A { x' = x + 1; }"],
  ["define", "Inv == x < 3"],
  ["define", "Next(v) == x' = v"],
  ["tuple-statement", "action A { <<x, y>> = <<1, 2>>; }"],
];

const PRELUDE = "spec T\n\nvar x: 0..3 = 0;\nvar y: 0..3 = 0;\nvar s: set<0..3> = {};\nvar f: map<0..1, bool> = [i in 0..1 |-> false];\n";

function helps(body: string): string[] {
  const { diagnostics } = parseSpec(`${PRELUDE}${body}\n`, "t.tspec");
  return diagnostics.flatMap((d) => (d.notes ?? []).filter((n) => n.kind === "help").map((n) => n.message));
}

/** The help of `id` as a pattern (`{tok}` is any token). */
function helpPattern(id: string): RegExp {
  const template = TLA_HINTS.find((h) => h.id === id)?.help ?? SPECIAL_HINTS[id];
  if (template === undefined) throw new Error(`no hint ${id}`);
  const parts = template.split("{tok}").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".+")}$`);
}

describe("TLA+/PlusCal habit hints", () => {
  it("every hint id and every foreign token has a reaching input", () => {
    const ids = [...TLA_HINTS.map((h) => h.id), ...Object.keys(SPECIAL_HINTS)];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...new Set(REACH.map(([id]) => id))].sort()).toEqual([...ids].sort());
    for (const h of TLA_HINTS) {
      for (const tok of h.tokens) {
        const reached = REACH.some(([id, body]) => id === h.id && body.includes(tok));
        expect(reached, `${h.id}: no input types ${tok}`).toBe(true);
      }
    }
  });

  it.each(REACH.map(([id, body]) => [id, body] as const))("%s: %s", (id, body) => {
    const got = helps(body);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(helpPattern(id));
  });

  it("no hint on spec2ts forms, nor on an unrelated error after a TLA+-looking name on the previous line", () => {
    const ok = [
      "invariant I: x in {1} and not (x == 2) or s subset {1} and card(s \\ {1}) >= 0;",
      "invariant I: forall p in product(0..1, 0..1): p[1] >= 0 or <<1, 2>> == <<1, 2>>;",
      "action A { x = 1; }",
    ];
    for (const body of ok) expect(parseSpec(`${PRELUDE}${body}\n`, "t.tspec").diagnostics).toEqual([]);
    // A missing `;` after a name spelt like a TLA+ keyword: the error is on the next line, no hint.
    expect(helps("def DOMAIN: 0..3 = 1\ninvariant I: x == 0;")).toEqual([]);
    expect(helps("action A { x = y }")).toEqual([]);
  });
});
