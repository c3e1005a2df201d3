/**
 * Pinned differential cases: minimal specs on which the generated checker and the reference
 * semantics must agree (states, transitions, verdicts, shortest counterexamples). The first ones
 * are the known control-flow bugs of issue 12 (items 1 and 2), which the old differential fuzzer
 * could not see; they fail until the lowered step IR lands.
 */
import { describe, expect, it } from "vitest";
import { frontEnd } from "../fuzz/harness.js";
import { differential } from "./differential.js";
import { referenceGraph } from "./graph.js";

const HEADER = `spec Pinned
var x: 0..3 = 0;
var y: 0..3 = 0;
var exited: bool = false;
`;

export const PINNED: readonly {
  readonly name: string;
  readonly text: string;
  readonly states?: number;
  readonly verdict?: string;
  readonly swap?: readonly [string, string];
}[] = [
  {
    // P0 → outer.O0 → (tail call: outer's frame goes, inner returns to P1) inner.I0 → P1 → Done.
    name: "semantics: call q(); return; returns straight to the caller's caller",
    text: `${HEADER}
procedure inner() { I0: x = x + 1; }
procedure outer() { O0: call inner(); return; }
process P { P0: call outer(); P1: x = x + 1; }
workload w { expect holds; }`,
    states: 5,
  },
  {
    // L (x<2) → M; M: x+1 back to L, or goto N; L (x=2) → N: L×3, M×2, N×3, Done×3.
    name: "semantics: a while with a label inside its body, a goto out of an either branch",
    text: `${HEADER}
process P {
  L: while (x < 2) {
       M: either { x = x + 1; } or { goto N; }
     }
  N: y = 1;
}
workload w { expect holds; }`,
    states: 11,
  },
  {
    name: "symmetry: the reduced count is the number of orbits of the reference's states",
    text: `spec Sym
symmetric type Proc = 1..2;
var c: 0..2 = 0;
var m: mutex;
symmetric process A[self in Proc] {
  A0: acquire m;
      c = c + 1;
  A1: release m;
}
workload w { expect holds; }`,
    // 8 states, 5 orbits: the two ways to enter first are mirror images.
    states: 8,
    swap: ["A[1]", "A[2]"],
  },
  {
    name: "issue 12 item 1: either inside either keeps the inner choices (process)",
    text: `${HEADER}
invariant NeverTwo: x != 2;
process P {
  L: either {
       either { x = 1; } or { x = 2; }
     } or {
       x = 3;
     }
}
workload w { expect violates NeverTwo; }`,
    verdict: "invariant@2",
  },
  {
    name: "issue 12 item 1: with inside with in an action keeps every pair",
    text: `${HEADER}
action A when x == 0 and y == 0 { with (d in {1, 2}) { with (e in {1, 2}) { x = d; y = e; } } }
workload w { check deadlock = false; expect holds; }`,
    states: 5,
  },
  {
    name: "issue 12 item 1: either inside with, await inside the inner branch disables that branch only",
    text: `${HEADER}
process P {
  L: with (d in {1, 2}) {
       either { await d == 2; x = d; } or { y = d; }
     }
}
workload w { expect holds; }`,
    states: 4,
  },
  {
    name: "issue 12 item 1: with inside either",
    text: `${HEADER}
process P {
  L: either { with (d in {1, 2}) { x = d; } } or { y = 3; }
}
workload w { expect holds; }`,
    states: 4,
  },
  {
    name: "issue 12 item 2: a while whose body has with is not left while its condition holds",
    text: `${HEADER}
invariant NeverExits: not exited;
process P {
  L: while (y == 0) { with (v in {1, 2}) { x = v; } }
  X: exited = true;
}
workload w { check deadlock = false; expect holds; }`,
    states: 3,
  },
  {
    name: "issue 12 item 2: while with either in its body has the right state count",
    text: `${HEADER}
process P {
  L: while (x < 2) { either { x = x + 1; } or { skip; } }
}
workload w { expect holds; }`,
    states: 4,
  },
  {
    name: "issue 12 item 3: records inside maps",
    text: `${HEADER}
var r: map<1..2, { a: bool, b: bool }> = [i in 1..2 |-> { a: false, b: false }];
var one: map<1..2, { a: bool }> = [i in 1..2 |-> { a: false }];
process P { L: r[1].a = true; one[2].a = true; }
workload w { expect holds; }`,
    states: 2,
  },
  {
    name: "issue 12 item 7: a record type name is the set of its values",
    text: `${HEADER}
type Pair = { a: 0..1, b: 0..1 };
invariant NoPairSumsToTwo: forall p in Pair: p.a + p.b < 2;
process P { L: skip; }
workload w { expect violates NoPairSumsToTwo; }`,
    verdict: "invariant@1",
  },
  {
    name: "issue 12 item 8: a spec of actions only deadlocks when no action is enabled",
    text: `${HEADER}
action Inc when x == 0 { x = 1; }
workload w { expect deadlock; }`,
    verdict: "deadlock@2",
  },
  {
    name: "issue 12 item 11: enum type names are canonical sets",
    text: `${HEADER}
enum Color { Red, Green, Blue }
var s: set<Color> = {Blue, Red};
invariant Canonical: Red in Color and {Red, Green, Blue} == Color and Green in domain([c in Color |-> 0]) and card({c in Color : true}) == 3;
process P { L: s = s union {Green}; }
workload w { expect holds; }`,
    states: 2,
  },
  {
    // Found by the reference differential (seed 7, spec #345 with the known bugs avoided), minimised.
    name: "fuzz: a process that finishes by returning from a procedure while holding a lock is a lock error",
    text: `spec RetDone
var m: mutex;
procedure pr() {
  Q0: skip;
}
process A {
  A0: acquire m;
      call pr();
}
workload w { expect lock_error; }`,
    verdict: "lock_error@2",
  },
  {
    // f: 4 functions; each initial state steps to t = <<0, true>> or <<1, true>> at Done: 4 + 4 × 2.
    name: "issue 13: tuples, product and a function set as initial values",
    text: `spec Tup
var f: map<1..2, bool> in [1..2 -> {false, true}];
var t: tuple<0..1, bool> = <<0, false>>;
process P { L: with (p in product(0..1, {true})) { t = p; t[1] = t[1] + 0; } }
workload w { expect holds; }`,
    states: 12,
  },
  {
    // Both at A0 (x 0) … both Done after four steps: J fails in the fifth state; I always holds.
    name: "issue 13: invariants read process pc (P[p].pc, at, forall p in P)",
    text: `spec PcRead
var x: 0..2 = 0;
process A[self in 1..2] { A0: x = x + 1; A1: skip; }
invariant I: forall p in A: A[p].pc == A0 or x >= 1;
invariant J: not (at(A[1], Done) and A[2].pc == Done);
workload w { expect violates J; }`,
    verdict: "invariant@5",
  },
  {
    // x 0: y 1, t {false}; x 1: y 2, t {false, true}: 3 global starts; l in {x, 2} per instance: 4;
    // 12 initial states, each with the 4 combinations of the two instances' pcs: 48.
    name: "issue 13: initial values reading variables, in-locals, let and with (x = e)",
    text: `spec Init
var y: 0..3 = x + 1;
var x: 0..2 in {0, 1};
var t: bool in {false, y == 2};
process P[self in 1..2] {
  var l: 0..3 in {x, 2};
  L: let u = l + 0 { with (v = u) { await v >= 0; } }
}
workload w { expect holds; }`,
    states: 48,
  },
  {
    // s: the subsets of {<<0, 0>>, <<1, 1>>} (4) × m[1].a in 0..1 (2).
    name: "issue 13: tuples in sets, records in maps, a record type as a set, powerset, sequence filter (actions only)",
    text: `spec Sets
type R = { a: 0..1 };
var s: set<tuple<0..1, 0..1>> = {};
var m: map<1..2, R> = [i in 1..2 |-> { a: 0 }];
var q: seq<0..3, 3> = [1, 2, 3];
action Add(p in product(0..1, 0..1)) when p[1] == p[2] and p notin s { s = s union {p}; }
action Flip(r in R) when m[1] != r { m[1] = r; }
invariant P: s in powerset(product(0..1, 0..1)) and len([v in q : v > 1]) == 2;
workload w { check deadlock = false; expect holds; }`,
    states: 8,
  },
];

describe("pinned differential cases", () => {
  for (const c of PINNED) {
    it(c.name, async () => {
      // The reference's own answer first (hand-checked numbers), then agreement with the checker.
      const o = frontEnd(c.text, ".cache/reference/pinned.tspec");
      expect(o.checked, o.diagnostics.map((d) => d.message).join("\n")).toBeDefined();
      const w = o.checked!.workloads[0]!;
      const g = referenceGraph(o.checked!, w);
      if (c.states !== undefined) expect(g.nodes.size).toBe(c.states);
      if (c.verdict !== undefined) expect(g.shortest ? `${[...g.shortest.kinds].join("+")}@${g.shortest.length}` : "holds").toBe(c.verdict);
      const r = await differential(c.text, `pinned-${PINNED.indexOf(c)}`, c.swap ? { symmetric: true, swap: c.swap } : {});
      expect(r.problems, r.problems.join("\n")).toEqual([]);
    });
  }
});
