/**
 * The lowered step IR (generator/lower/): its shape for the statement forms whose control flow used to
 * be re-derived in several places, and its size (continuations are shared, not copied per branch).
 */
import { describe, expect, it } from "vitest";
import { lowerSpec } from "../../generator/lower/lower.js";
import { nodesOf, type LoweredStep, type Node } from "../../generator/lower/ir.js";
import { emitUnformatted, frontEnd, typecheck } from "../fuzz/harness.js";

function lower(text: string): ReturnType<typeof lowerSpec> {
  const o = frontEnd(text, ".cache/test-lower/lower.tspec");
  if (!o.checked) throw new Error(o.diagnostics.map((d) => d.message).join("\n"));
  return lowerSpec(o.checked);
}

function stepAt(text: string, label: string): LoweredStep {
  const s = lower(text).steps.find((x) => x.label === label);
  if (!s) throw new Error(`no step ${label}`);
  return s;
}

/** The leaves of a step as text (`label:L`, `done`, `jump`, …), in order. */
function leaves(n: Node): string[] {
  return nodesOf(n)
    .filter((x) => x.kind === "end" || x.kind === "jump")
    .map((x) => (x.kind === "jump" ? "jump" : x.target.kind === "label" ? `label:${x.target.label}` : x.target.kind));
}

const spec = (body: string, extra = ""): string => `spec S\nvar x: 0..3 = 0;\n${extra}process P {\n${body}\n}\nworkload w { expect holds; }\n`;

describe("lowering", () => {
  it("a while at the head of its step is an if: body back to the label, else the statements after the loop", () => {
    const s = stepAt(spec("  L: while (x < 2) { either { x = x + 1; } or { skip; } }\n  X: x = 0;"), "L");
    expect(s.root.kind).toBe("if");
    if (s.root.kind !== "if") return;
    expect(s.root.then.kind).toBe("either");
    expect(leaves(s.root.then)).toEqual(["label:L", "label:L"]);
    expect(leaves(s.root.else)).toEqual(["label:X"]);
  });

  it("the rest after a nested choice is one shared join, reached from every inner branch", () => {
    const s = stepAt(spec("  L: either { either { x = 1; } or { x = 2; } } or { x = 3; }\n     x = x - 1;"), "L");
    expect(s.root.kind).toBe("join");
    if (s.root.kind !== "join") return;
    expect(leaves(s.root.body)).toEqual(["jump", "jump", "jump"]);
    expect(leaves(s.root.then)).toEqual(["done"]);
    expect(s.joins.get(s.root.id)).toBe(s.root);
  });

  it("await, locks and calls become guards, lock nodes and call leaves with their return address", () => {
    const text = `spec S\nvar x: 0..3 = 0;\nvar m: mutex;\nprocedure p() {\n  A: x = 1;\n}\nprocess P {\n  L: acquire m; await x == 0; release m; call p();\n  R: x = 2;\n}\nworkload w { expect holds; }\n`;
    const s = stepAt(text, "L");
    expect(nodesOf(s.root).map((n) => n.kind)).toEqual(["lock", "guard", "lock", "end"]);
    const end = nodesOf(s.root).at(-1);
    expect(end?.kind === "end" && end.target.kind === "call" ? [end.target.entry, end.target.ret] : undefined).toEqual(["A", { kind: "label", label: "R" }]);
    expect(s.root.kind === "lock" && s.root.blocking).toBe(true);
  });

  it("k sequential nested choices lower and emit in linear size (no copy of the rest per branch)", () => {
    const sizes = [2, 4, 8].map((k) => {
      const stmts = Array.from({ length: k }, () => "     either { either { x = 1; } or { x = 2; } } or { with (v in {0, 3}) { x = v; } }").join("\n");
      const text = spec(`  L: skip;\n${stmts}`);
      const o = frontEnd(text, ".cache/test-lower/size.tspec");
      if (!o.checked) throw new Error(o.diagnostics.map((d) => d.message).join("\n"));
      const nodes = lowerSpec(o.checked).steps.reduce((a, st) => a + nodesOf(st.root).length, 0);
      return { nodes, lines: emitUnformatted(o.checked, ".cache/test-lower").split("\n").length };
    });
    const [a, b, c] = sizes as [{ nodes: number; lines: number }, { nodes: number; lines: number }, { nodes: number; lines: number }];
    // Doubling k adds the same amount again: linear (2^k copies would multiply it).
    expect(c.nodes - b.nodes).toBe(2 * (b.nodes - a.nodes));
    expect(c.lines - b.lines).toBeLessThanOrEqual(2 * (b.lines - a.lines) + 2);
  });

  it("emitted shared continuations (local functions, rests inside choice loops) typecheck under strict", () => {
    const text = `spec S\nvar x: 0..3 = 0;\nvar y: 0..3 = 0;\nprocess P {
  L: either {
       with (v in {1, 2}) { either { x = v; } or { y = v; } }
     } or {
       x = 3;
     }
     if (x == 1) { either { y = 0; } or { await y == 1; } }
     y = x;
  M: while (y == 0) { with (v in {1, 2}) { x = v; } if (x == 2) { y = 1; } }
}
action A when x == 3 { either { with (d in {0, 1}) { either { y = d; } or { skip; } } } or { y = 2; } x = 0; }
workload w { check deadlock = false; expect holds; }
`;
    const o = frontEnd(text, ".cache/test-lower/typed.tspec");
    if (!o.checked) throw new Error(o.diagnostics.map((d) => d.message).join("\n"));
    const code = emitUnformatted(o.checked, ".cache/test-lower/typed");
    expect(code).toMatch(/const k\d+ = \(t\d+: Draft, picked/);
    expect(typecheck(new Map([[".cache/test-lower/typed/model.ts", code]]))).toEqual([]);
  });
});
