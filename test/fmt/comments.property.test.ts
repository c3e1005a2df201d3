/**
 * The formatter's laws as a fast-check property: generated specs — every kind of declaration, nested
 * statements, workloads, record types, enums — with comments sprinkled at random legal positions
 * (leading items, at line ends, after `{`, before `}`, at the end of the file, inside expressions
 * and declaration heads) and random blank lines. For each:
 *   (1) parse(format(x)) equals parse(x) ignoring ids and spans; (2) format is idempotent;
 *   (3) the non-doc comments of x are those of format(x) (multiset of texts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSource, parseSpec } from "../../generator/api.js";
import { astEqual } from "../../generator/parse/print.js";
import { commentTexts } from "./comment-texts.js";

// Comment bodies with the characters that could confuse brace matching or comment scanning.
const word = fc.constantFrom("note", "x = 1;", "{ open", "close }", '"str', "a // b", "/* nested?", "TODO: fix", "", "é ✓", "trailing  ", "tab\t");
const comment: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: word.map((w) => `//${w === "" ? "" : ` ${w}`}`), weight: 6 },
  { arbitrary: word.map((w) => `/* ${w} */`), weight: 3 },
  { arbitrary: fc.tuple(word, word).map(([a, b]) => `/*\n * ${a}\n * ${b}\n */`), weight: 1 },
  { arbitrary: fc.tuple(word, word).map(([a, b]) => `/* ${a}\n      ${b} */`), weight: 1 },
  { arbitrary: word.map((w) => `/// ${w}`), weight: 1 },
  { arbitrary: word.map((w) => `/** ${w} */`), weight: 1 },
  { arbitrary: word.map((w) => `//// ${w}`), weight: 1 },
);
const noComment = fc.constant<string[]>([]);
const some = (max: number): fc.Arbitrary<string[]> =>
  fc.oneof({ arbitrary: noComment, weight: 3 }, { arbitrary: fc.array(comment, { minLength: 1, maxLength: max }), weight: 2 });
/** Comments on their own lines, each maybe after a blank line. */
const leading = some(2)
  .chain((cs) => fc.tuple(...cs.map((c) => fc.boolean().map((b) => `${b ? "\n" : ""}${c}\n`))))
  .map((xs) => xs.join(""));
/** End-of-line comments (maybe none), then the newline. */
const eol = fc.oneof({ arbitrary: fc.constant("\n"), weight: 3 }, { arbitrary: comment.map((c) => ` ${c}\n`), weight: 2 });
/** After a `{`: comments on its line, then the newline. */
const open = eol;
const blank = fc.constantFrom("", "", "\n", "\n\n");

const item = (body: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.tuple(blank, leading, body, eol).map(([b, l, x, e]) => `${b}${l}${x}${e}`);
const braced = (items: fc.Arbitrary<string[]>): fc.Arbitrary<string> => fc.tuple(open, items, leading).map(([o, xs, end]) => `{${o}${xs.join("")}${end}}`);

// Expressions, sometimes with comments inside (those move before their statement/declaration).
const atom = fc.constantFrom("x", "1", "n + 1", '"a { b }"', "{1, 2}", "card({x})");
const expr: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: atom, weight: 4 },
  { arbitrary: fc.tuple(atom, atom).map(([a, b]) => `${a} + ${b}`), weight: 2 },
  { arbitrary: fc.tuple(atom, comment, atom).map(([a, c, b]) => `${a} ${c}\n  + ${b}`), weight: 1 },
);
const cond = fc.oneof(
  // Not a bare name: `b { L1: { } }` reads as a variant value (docs/language.md, "Variant values").
  fc.constantFrom("x > 0", "b == true", "n in {1, 2}"),
  fc.tuple(comment).map(([c]) => `x > ${c}\n 0`),
);

const label = fc.oneof(
  { arbitrary: fc.constant(""), weight: 6 },
  { arbitrary: fc.constantFrom("L1: ", "L2: "), weight: 2 },
  { arbitrary: comment.map((c) => `L1: ${c}\n`), weight: 1 },
);

const { stmts } = fc.letrec<{ stmts: string[]; stmt: string }>((tie) => {
  const body = (): fc.Arbitrary<string> => braced(tie("stmts") as fc.Arbitrary<string[]>);
  const simple = fc.oneof(
    fc.constantFrom("skip;", "await b;", 'assert x >= 0, "m { }";', "goto L1;", "call p(1);", "acquire m;", "return;", "m2(x);"),
    expr.map((e) => `x = ${e};`),
  );
  const elseKw = fc.oneof({ arbitrary: fc.constant(" else "), weight: 4 }, { arbitrary: comment.map((c) => ` ${c}\nelse `), weight: 1 });
  const ifStmt = fc
    .tuple(
      cond,
      body(),
      fc.option(
        fc.tuple(
          elseKw,
          fc.oneof(
            body(),
            fc.tuple(cond, body()).map(([c, b]) => `if ${c} ${b}`),
          ),
        ),
        { nil: undefined },
      ),
    )
    .map(([c, t, e]) => `if ${c} ${t}${e === undefined ? "" : `${e[0]}${e[1]}`}`);
  const compound = fc.oneof(
    ifStmt,
    fc.tuple(cond, body()).map(([c, b]) => `while ${c} ${b}`),
    fc.tuple(body(), body()).map(([a, b]) => `either ${a} or ${b}`),
    body().map((b) => `with (i in 1..2) ${b}`),
    body(),
  );
  const stmt = fc.tuple(label, fc.oneof({ depthSize: "small", maxDepth: 3 }, simple, compound)).map(([l, s]) => `${l}${s}`);
  return {
    stmt,
    stmts: fc.array(item(tie("stmt") as fc.Arbitrary<string>), { maxLength: 3 }),
  };
});

const local = item(fc.constantFrom("var n: 0..3 = 0;", "var r: {a: bool, b: 0..1} = {a: true, b: 0};"));
const field = fc.tuple(leading, fc.constantFrom("a: bool", "b: 0..3", "c: set<0..1>"), fc.option(comment, { nil: undefined }));
/** Comma-separated items, each with leading comments and maybe a comment after it (and its comma). */
const commaList = (parts: fc.Arbitrary<[string, string, string | undefined][]>): fc.Arbitrary<string> =>
  parts.map((ps) => ps.map(([l, x, c], i) => `${l}${x}${i < ps.length - 1 ? "," : ""}${c === undefined ? " " : ` ${c}\n`}`).join(""));
const recordType = fc.tuple(open, commaList(fc.array(field, { minLength: 1, maxLength: 3 }))).map(([o, fs]) => `{${o}${fs}}`);
const member = fc.tuple(leading, fc.constantFrom("A", "B", "C"), fc.option(comment, { nil: undefined }));

const workloadItem = item(fc.constantFrom("const N = 1;", "run P[1..2];", "run Q;", "check deadlock = false;", "expect holds;", "expect violates I;"));
const decl = fc.oneof(
  fc.constantFrom(
    "const N: 0..3 = 2;",
    "var x: 0..3 = 0;",
    "var m: mutex;",
    "invariant I: x >= 0;",
    "def f(a: 0..3): bool = a > 0;",
    "check deadlock = false;",
    "property Q: always eventually b;",
  ),
  fc.tuple(expr, comment).map(([e, c]) => `const K: 0..9 = ${c}\n  ${e};`),
  commaList(fc.array(member, { minLength: 1, maxLength: 3 })).chain((ms) => open.map((o) => `enum E {${o}${ms}}`)),
  recordType.map((t) => `type R = ${t};`),
  fc.tuple(fc.constantFrom("", "fair "), stmts).chain(([f, ss]) => braced(fc.constant(ss)).map((b) => `${f}action A ${b}`)),
  fc.tuple(fc.array(local, { maxLength: 2 }), stmts).chain(([ls, ss]) => braced(fc.constant([...ls, ...ss])).map((b) => `process P[self in 1..2] ${b}`)),
  fc.tuple(fc.array(local, { maxLength: 1 }), stmts).chain(([ls, ss]) => braced(fc.constant([...ls, ...ss])).map((b) => `procedure p(a: 0..3) ${b}`)),
  braced(fc.array(workloadItem, { maxLength: 3 })).map((b) => `workload w-1 ${b}`),
);
const spec = fc
  .tuple(leading, fc.constantFrom("", "/// The spec.\n"), eol, fc.array(item(decl), { maxLength: 5 }), leading)
  .map(([l, doc, e, ds, end]) => `${l}${doc}spec G${e}${ds.join("")}${end}`);

describe("spec2ts fmt laws on generated specs with comments (property)", () => {
  it("parse(format(x)) == parse(x), format is idempotent, comments are kept", () => {
    fc.assert(
      fc.property(spec, (text) => {
        const r = parseSpec(text, "g.tspec");
        if (r.spec === undefined || r.diagnostics.some((d) => d.severity === "error")) {
          throw new Error(`generator made an invalid spec:\n${text}\n${r.diagnostics.map((d) => d.message).join("\n")}`);
        }
        const once = formatSource(text, "g.tspec").formatted;
        if (once === undefined) throw new Error("not formatted");
        expect(formatSource(once, "g.tspec").formatted).toBe(once);
        expect(astEqual(parseSpec(once, "g.tspec").spec, r.spec)).toBe(true);
        expect(commentTexts(once)).toEqual(commentTexts(text));
      }),
      { numRuns: Number(process.env.FMT_PROPERTY_RUNS ?? 500) },
    );
  });
});
