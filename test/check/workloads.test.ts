/** Workloads: constant overrides, `run`, `expect` and check options. */
import { describe, expect, it } from "vitest";
import { errors, ok } from "./helpers.js";

const S = `
const N: 1..3 = 2;
var x: 0..3 = 0;
invariant Small: x <= 2;
property Eventually: eventually x == 1;
process Main[self in 1..N] { S: x = 1; }
process Other[self in 5..6] { S: skip; }
`;
const wl = (items: string): readonly string[] => errors(`${S}\nworkload w {\n${items}\n}`);

describe("workloads", () => {
  it("accepts every kind of item", () => {
    const c = ok(`${S}
workload a { const N = 1; run Main[1..1]; run Other; check deadlock = false; expect holds; }
workload b { expect violates Small; }
workload c { expect deadlock; }
workload d { expect assertion; }
workload e { expect assertion "boom"; }
workload f { expect lock_error; }
workload g { expect spec_error; }
workload h { expect holds; expect violates Small; }
`);
    const a = c.workloads.find((w) => w.name === "a");
    expect(a?.constants.has("N")).toBe(true);
    expect([...(a?.run.keys() ?? [])]).toEqual(["Main", "Other"]);
    expect(a?.run.get("Other")).toBeUndefined();
    expect(a?.checkDeadlock).toBe(false);
    expect(c.workloads.find((w) => w.name === "h")?.expect.kind).toBe("violates");
    expect(c.workloads.map((w) => w.expect.kind)).toEqual(["holds", "violates", "deadlock", "assertion", "assertion", "lock_error", "spec_error", "violates"]);
  });
  it("honours the spec-level deadlock option, and a workload may turn it back on", () => {
    const c = ok(`${S}\ncheck deadlock = false;\nworkload a { expect holds; }\nworkload b { check deadlock = true; expect holds; }`);
    expect(c.checkDeadlock).toBe(false);
    expect(c.workloads.map((w) => w.checkDeadlock)).toEqual([false, true]);
  });
  it("rejects an unknown constant (E601)", () => {
    expect(wl("const M = 1; expect holds;")).toEqual(["E601"]);
  });
  it("rejects a constant value of the wrong type (E301) or that is not constant (E308)", () => {
    expect(wl("const N = true; expect holds;")).toEqual(["E301"]);
    expect(wl("const N = x; expect holds;")).toEqual(["E308"]);
  });
  it("rejects an unknown process (E602) and bad instance sets", () => {
    expect(wl("run Mian; expect holds;")).toEqual(["E602"]);
    expect(wl("run Main[x..2]; expect holds;")).toEqual(["E308"]);
    expect(wl("run Main[true]; expect holds;")).toEqual(["E301"]);
  });
  it("rejects `expect violates` of an unknown name (E603)", () => {
    expect(wl("expect violates Smal;")).toEqual(["E603"]);
  });
  it("requires an expect (E604)", () => {
    expect(wl("const N = 1;")).toEqual(["E604"]);
  });
  it("rejects unknown check options (E605)", () => {
    expect(wl("check livelock = false; expect holds;")).toEqual(["E605"]);
    expect(errors(`${S}\ncheck livelock = false;`)).toEqual(["E605"]);
  });
});
