/** `extends` and `override`: linking a spec with its bases. */
import { describe, expect, it } from "vitest";
import { check, ok } from "./helpers.js";

const BASE = `spec Base
var x: 0..3 = 0;
invariant Small: x <= 2;
procedure step() {
  A: x = 1;
     return;
}
process Main[self in 1..2] {
  S: call step();
  T: skip;
}
workload w {
  run Main[1..1];
  expect holds;
}
`;

describe("extends", () => {
  it("inherits every declaration of the base", () => {
    const c = ok({ "base.tspec": BASE, "main.tspec": `spec D extends "base.tspec"\ninvariant Tiny: x <= 3;\n` });
    expect(c.invariants.map((i) => i.name.name)).toEqual(["Small", "Tiny"]);
    expect(c.processes.map((p) => p.name.name)).toEqual(["Main"]);
  });
  it("replaces a procedure with `override procedure`", () => {
    const c = ok({
      "base.tspec": BASE,
      "main.tspec": `spec D extends "base.tspec"\noverride procedure step() {\n  B: x = 2;\n     C: x = 3;\n     return;\n}\n`,
    });
    expect(c.procedures).toHaveLength(1);
    const labels = (c.procedures[0]?.body ?? []).map((s) => s.label?.name);
    expect(labels).toContain("B");
    expect(labels).not.toContain("A");
  });
  it("appends `override workload` items: the later expect wins", () => {
    const c = ok({
      "base.tspec": BASE,
      "main.tspec": `spec D extends "base.tspec"\noverride workload w { expect violates Small; }\n`,
    });
    const w = c.workloads.find((x) => x.name === "w");
    expect(w?.expect.kind).toBe("violates");
    expect(w?.run.has("Main")).toBe(true);
  });
  it("follows a chain of bases, relative to each file", () => {
    const c = ok({
      "lib/base.tspec": BASE,
      "lib/mid.tspec": `spec M extends "base.tspec"\noverride workload w { expect deadlock; }\nvar y: bool = true;\ninvariant Y: y;\n`,
      "main.tspec": `spec D extends "lib/mid.tspec"\noverride workload w { expect violates Small; }\noverride var y: bool = false;\n`,
    });
    expect(c.workloads[0]?.expect.kind).toBe("violates");
    expect(c.vars.map((v) => v.name.name)).toEqual(["x", "y"]);
  });
  it("rejects a duplicate without `override` (E203)", () => {
    expect(check({ "base.tspec": BASE, "main.tspec": `spec D extends "base.tspec"\nvar x: 0..3 = 1;\n` }).errors).toEqual(["E203"]);
  });
  it("rejects `override` of nothing (E204) and of another kind (E205)", () => {
    expect(check({ "base.tspec": BASE, "main.tspec": `spec D extends "base.tspec"\noverride var y: bool = true;\n` }).errors).toEqual(["E204"]);
    expect(check({ "base.tspec": BASE, "main.tspec": `spec D extends "base.tspec"\noverride const x: 0..3 = 1;\n` }).errors).toEqual(["E205"]);
  });
  it("rejects `override` in a spec without a base (E204)", () => {
    expect(check(`spec D\noverride var x: bool = true;\nprocess P[self in 1..2] { S: x = false; }\n`).errors).toEqual(["E204"]);
  });
  it("rejects extends cycles (E206), including a spec extending itself", () => {
    expect(
      check({ "a.tspec": `spec A extends "b.tspec"\n`, "b.tspec": `spec B extends "a.tspec"\n`, "main.tspec": `spec M extends "a.tspec"\n` }).errors,
    ).toEqual(["E206"]);
    expect(check({ "main.tspec": `spec M extends "main.tspec"\n` }).errors).toEqual(["E206"]);
  });
  it("rejects a missing base (E207) and reports parse errors in the base", () => {
    expect(check({ "main.tspec": `spec M extends "nope.tspec"\n` }).errors).toEqual(["E207"]);
    const r = check({ "base.tspec": `spec B\nvar x: = 1;\n`, "main.tspec": `spec M extends "base.tspec"\n` });
    expect(r.errors.every((c) => c.startsWith("E1"))).toBe(true);
    expect(r.errors.length).toBeGreaterThan(0);
  });
  it("still reports duplicates inside one file as E208", () => {
    expect(check({ "base.tspec": BASE, "main.tspec": `spec D extends "base.tspec"\nvar y: bool = true;\nvar y: bool = false;\n` }).errors).toEqual(["E208"]);
  });
});
