/**
 * Emission of per-binding fairness (`fair each`) and quantified / implication properties: the
 * generated models typecheck strictly (a quantified property over a `def` too), `FAIR_ACTIONS` carries
 * `each`, and the properties are `temporalForall` / `implies` formulas with one instance per value.
 */
import { describe, expect, it } from "vitest";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { compileTo, strictTypeErrors } from "./helpers.js";
import { propertyInstances, type LiveModel } from "../../runtime/analyses/liveness.js";

describe("fair each and quantified properties in generated code", () => {
  it("typecheck strictly and carry `each` and the instances", { timeout: 120_000 }, async () => {
    const rw = await compileTo("specs/examples/readers-writers.tspec", "fair-rw");
    const el = await compileTo("test/conformance/ElevatorLivenessMedium/ElevatorLivenessMedium.tspec", "fair-elevator");
    const st = await compileTo("test/conformance/SyncTerminationDetection/SyncTerminationDetection.tspec", "fair-sync");
    expect(strictTypeErrors([rw, el, st].map((r) => `${r.dir}/model.ts`))).toEqual([]);

    const load = async (dir: string, w: string) =>
      ((await import(/* @vite-ignore */ pathToFileURL(path.resolve(`${dir}/model.ts`)).href)) as { createModel(w: string): LiveModel<unknown> }).createModel(w);
    const m = await load(rw.dir, "each_strong");
    const byName = new Map(m.fairness.map((c) => [c.name, c]));
    expect(byName.get("StartReadEachStrong")).toMatchObject({ kind: "strong", instance: -1, each: ["r"] });
    expect(byName.get("StartReadSharedStrong")?.each).toBeUndefined();
    expect(byName.get("EndRead")).toMatchObject({ kind: "weak", each: ["r"] });
    const rp = m.properties.find((p) => p.name === "ReaderProgress")!;
    expect(propertyInstances(rp).map((i) => i.binding)).toEqual([{ r: 1 }, { r: 2 }]);

    // A domain that is a `def` (ElevatorCall = [floor : Floor, direction : Direction]) is evaluated without a state.
    const e = await load(el.dir, "ElevatorLivenessMedium");
    const calls = propertyInstances(e.properties.find((p) => p.name === "CallServiced")!);
    expect(calls.length).toBe(4);
    expect(
      e.fairness
        .filter((c) => c.each !== undefined)
        .map((c) => c.name)
        .sort(),
    ).toEqual(["CallElevator", "CloseElevatorDoors", "DispatchElevator", "EnterElevator", "ExitElevator", "MoveElevator", "OpenElevatorDoors", "StopElevator"]);

    const s = await load(st.dir, "SyncTerminationDetection");
    const q = s.properties.find((p) => p.name === "Quiescence")!;
    expect(q.formula.kind).toBe("always");
    expect(q.formula.kind === "always" && q.formula.arg.kind).toBe("implies");
  });
});
