/**
 * The faithful liveness ports (per-binding fairness, quantified properties) fail when a fairness
 * condition they need is dropped or weakened: each case rewrites one declaration of the port (the text
 * must start a line of the port, once), checks the property that then fails, and validates the counterexample. Dropping
 * `each` (one constraint for all bindings instead of one per binding) is among them, so the per-binding
 * meaning is what makes the ports hold. conformance.test.ts checks the ports themselves (TLC's counts,
 * every property holds).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpecText, ROOT } from "../fuzz/harness.js";
import { checkLiveness, validateLasso, safetyTraceProblems, type LiveModel } from "../../runtime/analyses/liveness.js";

interface Case {
  readonly port: string;
  readonly what: string;
  readonly from: string;
  readonly to: string;
  readonly property: string;
  /** The violated instance of the quantified property. */
  readonly binding?: Record<string, unknown>;
}

const CASES: readonly Case[] = [
  {
    port: "SimpleAllocatorLiveness",
    what: "one SF for all clients' Allocate instead of one per client",
    from: "strong fair each c action Allocate(",
    to: "strong fair action Allocate(",
    property: "ClientsWillObtain",
    binding: { c: "c1", r: "r1" },
  },
  {
    port: "SimpleAllocatorLiveness",
    what: "WF instead of SF per client on Allocate",
    from: "strong fair each c action Allocate(",
    to: "fair each c action Allocate(",
    property: "InfOftenSatisfied",
    binding: { c: "c1" },
  },
  {
    port: "SimpleAllocatorLiveness",
    what: "one WF for all clients' whole return",
    from: "fair each action ReturnAll(",
    to: "fair action ReturnAll(",
    property: "ClientsWillReturn",
    binding: { c: "c1" },
  },
  {
    port: "SchedulingAllocatorLiveness",
    what: "one WF for all clients' Allocate",
    from: "fair each c action Allocate(",
    to: "fair action Allocate(",
    property: "ClientsWillObtain",
    binding: { c: "c1", r: "r1" },
  },
  {
    port: "SchedulingAllocatorLiveness",
    what: "one WF for all clients' whole return",
    from: "fair each action ReturnAll(",
    to: "fair action ReturnAll(",
    property: "ClientsWillReturn",
    binding: { c: "c1" },
  },
  {
    port: "SchedulingAllocatorLiveness",
    what: "no fairness on Schedule",
    from: "fair action Schedule(",
    to: "action Schedule(",
    property: "InfOftenSatisfied",
    binding: { c: "c1" },
  },
  {
    port: "ElevatorLivenessMedium",
    what: "one SF for both elevators' MoveElevator",
    from: "strong fair each action MoveElevator(",
    to: "strong fair action MoveElevator(",
    property: "PersonArrives",
    binding: { p: "p1" },
  },
  {
    port: "ElevatorLivenessMedium",
    what: "no fairness on DispatchElevator",
    from: "strong fair each action DispatchElevator(",
    to: "action DispatchElevator(",
    property: "CallServiced",
  },
  {
    port: "MCAlternatingBit",
    what: "WF instead of SF on RcvMsg",
    from: "strong fair action RcvMsg",
    to: "fair action RcvMsg",
    property: "SentLeadsToRcvd",
    binding: { d: "d1" },
  },
  {
    port: "SyncTerminationDetection",
    what: "an inactive node may wake another",
    from: "action Wakeup(i in 0..N - 1, j in 0..N - 1) when active[i]",
    to: "action Wakeup(i in 0..N - 1, j in 0..N - 1) when true",
    property: "Quiescence",
  },
];

describe("conformance liveness ports fail without the fairness they need", () => {
  CASES.forEach((c, k) => {
    it(`${c.port}: ${c.what} violates ${c.property}`, { timeout: 120_000 }, async () => {
      const text = fs.readFileSync(path.join(ROOT, "test/conformance", c.port, `${c.port}.tspec`), "utf8");
      // The declaration starts a line (the header comments may quote it too).
      expect(text.split(`\n${c.from}`).length, `the port declares ${c.from} once`).toBe(2);
      // A port's `refines` (checked by the conformance suite) is dropped: the harness compiles text, not a file next to its abstract spec.
      const ablated = text.replace(`\n${c.from}`, `\n${c.to}`).replace(/\nrefines "[^"]*" with \{[^}]*\}\n/, "\n");
      const mod = await loadSpecText(ablated, `.cache/ablation/${c.port}-${k}`);
      const model = mod.createModel(Object.keys(mod.workloads)[0] as string) as LiveModel<unknown>;
      const prop = model.properties.find((p) => p.name === c.property);
      expect(prop, c.property).toBeDefined();
      const r = checkLiveness(model, c.property);
      expect(r.verdict, r.message).toBe("violated");
      if (c.binding !== undefined) expect(r.binding).toEqual(c.binding);
      if (r.lasso) expect(validateLasso(model, prop!, r.lasso, r.binding)).toEqual([]);
      else expect(safetyTraceProblems(prop!, r.trace ?? [])).toEqual([]);
    });
  });
});
