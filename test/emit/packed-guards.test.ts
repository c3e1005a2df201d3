/**
 * A property of the compiled invariants (packed-expr.ts: reads hoisted out of inner loops, loops
 * skipped by guards from loop-guards.ts): for random nested-quantifier invariants over a small state
 * space, `invariantsHold` on the packed words is true exactly when every invariant evaluates to true on
 * the state object without raising. The atoms include a division that fails when `level[j] == 1`, so a
 * loop skipped where the readable code would have raised is caught.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BitWriter, SpecError, packedStepsOf, type Model } from "../../runtime/contract/index.js";
import { compileTo, SCRATCH } from "./helpers.js";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

const ATOMS = [
  "pc[i] == BUSY",
  "pc[j] == IDLE",
  "pc[j] == BUSY",
  "level[i] < 2",
  "level[j] == 3",
  "level[i] + level[j] <= 3",
  "gate",
  "i != j",
  "i < j",
  "12 / (level[j] - 1) > 3",
];

type Ex = { readonly text: string };
const atom: fc.Arbitrary<Ex> = fc.constantFrom(...ATOMS).map((text) => ({ text }));
const { expr } = fc.letrec<{ expr: Ex }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    tie("expr").map((e) => ({ text: `not (${e.text})` })),
    fc.tuple(tie("expr"), fc.constantFrom("and", "or", "=>"), tie("expr")).map(([a, op, b]) => ({ text: `(${a.text}) ${op} (${b.text})` })),
  ),
}));
const conj = fc.array(fc.oneof(atom, expr), { minLength: 1, maxLength: 3 }).map((xs) => xs.map((x) => `(${x.text})`).join(" and "));
/** Bodies shaped like the ones loop guards apply to (negated conjunctions, implications, disjunctions of them), or anything. */
const body: fc.Arbitrary<string> = fc.oneof(
  conj.map((c) => `not (${c})`),
  fc.tuple(conj, expr).map(([c, e]) => `(${c}) => (${e.text})`),
  fc.tuple(conj, conj).map(([a, b]) => `(${a}) => not (${b})`),
  fc.tuple(expr, conj).map(([e, c]) => `(${e.text}) or not (${c})`),
  expr.map((e) => e.text),
);
const quantified = fc
  .tuple(fc.constantFrom("forall i in 1..N, j in 1..N:", "forall i in 1..N: forall j in 1..N:", "forall j in 1..N, i in 1..N:"), body)
  .map(([q, b]) => `${q} ${b}`);

function spec(invariant: string): string {
  return `spec Guards

const N: 1..3 = 2;

enum Pc { IDLE, BUSY }

var pc: map<1..N, Pc> = [i in 1..N |-> IDLE];
var level: map<1..N, 0..3> = [i in 1..N |-> 0];
var gate: bool = false;

invariant Random: ${invariant};

action start(i in 1..N) when pc[i] == IDLE and level[i] < 3 {
  pc[i] = BUSY;
}

action bump(i in 1..N) when pc[i] == BUSY and level[i] < 3 {
  level[i] = level[i] + 1;
}

action stop(i in 1..N) when pc[i] == BUSY {
  pc[i] = IDLE;
}

action flip when true {
  gate = not gate;
}

check deadlock = false;

workload two {
  const N = 2;
  expect holds;
}
`;
}

/** Every state reachable without evaluating invariants (BFS over the readable step code). */
function reachable<S>(m: Model<S>): S[] {
  const seen = new Set<string>();
  const out: S[] = [];
  const queue = [...m.init()];
  while (queue.length > 0) {
    const s = queue.shift() as S;
    const key = JSON.stringify(m.view(s));
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
    m.successors(s, (t) => queue.push(t.state));
  }
  return out;
}

let runs = 0;

describe("compiled invariants with hoisted reads and loop guards", () => {
  it("equal the readable invariants on every reachable state (random nested quantifiers)", { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(quantified, async (inv) => {
        const file = `${SCRATCH}/src/packed-guards-${runs}.tspec`;
        fs.mkdirSync(path.join(ROOT, SCRATCH, "src"), { recursive: true });
        fs.writeFileSync(path.join(ROOT, file), spec(inv));
        const r = await compileTo(file, `packed-guards-${runs++}`);
        expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const mod = (await import(/* @vite-ignore */ pathToFileURL(path.join(ROOT, r.dir, "model.ts")).href)) as { createModel(w: string): Model<unknown> };
        const m = mod.createModel("two");
        const p = packedStepsOf(m);
        expect(p?.invariantsHold, `invariant not compiled: ${inv}`).toBeTypeOf("function");
        const w = new BitWriter();
        for (const s of reachable(m)) {
          let expected: boolean;
          try {
            expected = m.invariants.every((i) => i.holds(s));
          } catch (e) {
            if (!(e instanceof SpecError)) throw e;
            expected = false;
          }
          w.begin();
          m.pack!(s, w);
          w.end();
          expect(p!.invariantsHold!(w.words, 0), `${inv} at ${JSON.stringify(m.view(s))}`).toBe(expected);
        }
      }),
      { numRuns: Number(process.env.GUARD_RUNS ?? 25), seed: process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined },
    );
  });
});
