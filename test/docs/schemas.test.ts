/**
 * The JSON documents spec2ts writes follow their published schemas (docs/schema/): `check --json` /
 * `simulate --json` (one shape: `{ version: 1, workloads: [...] }`) and ITF (ADR-015 as Quint writes
 * it); and every pfncache counterexample survives the round trip ITF → replay: written as `check --itf`
 * writes it, valid against the schema and `validateItf`, and accepted by `replayItf` through the model.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { checkBfs, judgeRun, replayItf, stringifyItf, traceToItf, validateItf, type CheckResult, type ItfTrace, type Model } from "../../runtime/index.js";
import { lassoToItf } from "../../runtime/report/itf.js";
import { runLiveness } from "../../cli/liveness.js";
import { withFewestPreemptions } from "../../cli/traces.js";
import { ROOT, jsonWorkloads, spec2ts } from "../cli/helpers.js";

const schema = (name: string): object => JSON.parse(fs.readFileSync(path.join(ROOT, "docs/schema", name), "utf8")) as object;
const ajv = new Ajv({ allErrors: true, strict: true });
const validJson = ajv.compile(schema("check-json.schema.json"));
const validItf = ajv.compile(schema("itf.schema.json"));
const TMP = ".cache/test-schemas";

function errorsOf(v: { errors?: unknown }): string {
  return JSON.stringify(v.errors ?? [], null, 1).slice(0, 2000);
}

beforeAll(() => {
  fs.rmSync(path.join(ROOT, TMP), { recursive: true, force: true });
  fs.mkdirSync(path.join(ROOT, TMP), { recursive: true });
});

describe.concurrent("--json follows docs/schema/check-json.schema.json", () => {
  it.each([
    ["a violation with its trace", ["check", "specs/examples/racy-counter.tspec", "--json"]],
    ["partial-order reduction: a reduced graph, a violation re-derived, --no-por", ["check", "specs/examples/rcu.tspec", "--json"]],
    ["several workloads that hold", ["check", "specs/examples/mutex.tspec", "--json"]],
    ["a DFS bounded by depth", ["check", "specs/examples/mutex.tspec", "-w", "three", "--dfs", "--depth", "3", "--json"]],
    ["a liveness lasso", ["check", "specs/pfncache/d-mainline.tspec", "-w", "refresh-livelock", "--json"]],
    ["sets, options, records and maps in states", ["check", "test/fixtures/traces/net.tspec", "--json"]],
    ["simulate", ["simulate", "specs/examples/racy-counter.tspec", "--seed", "7", "--runs", "20", "--json"]],
    ["--continue: every violation and the per-property rows", ["check", "test/fixtures/continue/multi.tspec", "-w", "all", "--continue", "--json"]],
    ["a quantified property's violated binding", ["check", "specs/examples/readers-writers.tspec", "-w", "shared_strong", "--json"]],
    ["a refinement (holds) and a refinement violation", ["check", "specs/examples/refinement/peterson-no-await.tspec", "--json"]],
  ])("%s", async (_what, args) => {
    const r = await spec2ts(args);
    const doc = JSON.parse(r.stdout) as unknown;
    expect(validJson(doc), errorsOf(validJson)).toBe(true);
    expect(jsonWorkloads(r.stdout).length).toBeGreaterThan(0);
  });

  it("stats.fingerprints: exact when the state packs into 64 bits, else the collision probability estimate", async () => {
    const [exact] = jsonWorkloads<{ stats: object }>((await spec2ts(["check", "specs/examples/mutex.tspec", "-w", "two", "--json"])).stdout);
    expect(exact?.stats).toMatchObject({ fingerprints: { exact: true, collisionProbability: 0 } });
    const [hashed] = jsonWorkloads<{ stats: object }>((await spec2ts(["check", "specs/examples/lease.tspec", "-w", "relative-expiry", "--json"])).stdout);
    expect(hashed?.stats).toMatchObject({ distinctStates: 207, fingerprints: { exact: false, bits: 64, collisionProbability: (207 * 206) / 2 ** 65 } });
  });

  it("the schema rejects the old shapes (a bare object, an array)", async () => {
    const r = await spec2ts(["check", "specs/examples/racy-counter.tspec", "--json"]);
    const [w] = jsonWorkloads(r.stdout);
    expect(validJson(w)).toBe(false);
    expect(validJson([w])).toBe(false);
  });
});

const VERSIONS = ["a-5.18", "b1-6.1", "b2-6.2", "b2-external-lock", "base", "c-email-fix", "c-no-refresh-lock", "d-mainline"];

interface GeneratedSpec {
  readonly spec: { readonly name: string; readonly workloads: readonly string[]; createModel(w: string): Model<unknown> };
}

/** The ITF document `check --itf` writes for a workload: its safety counterexample, else its first violated property's. */
function counterexampleItf(model: Model<unknown>, file: string): ItfTrace | undefined {
  const result: CheckResult<unknown> = withFewestPreemptions(model, checkBfs(model), true);
  const meta = { source: file, spec: model.spec };
  if (result.violation !== undefined) return traceToItf(model, result, meta);
  const live = runLiveness(model, result, { enabled: true });
  const run = judgeRun(model, result, live?.results);
  const p = run.properties.find((x) => x.counterexample !== undefined || x.result?.lasso !== undefined);
  if (p === undefined) return undefined;
  return p.counterexample !== undefined
    ? traceToItf(model, p.counterexample, meta)
    : lassoToItf(model, p.result?.lasso as NonNullable<NonNullable<typeof p.result>["lasso"]>, meta);
}

describe("every pfncache counterexample: ITF valid against docs/schema/itf.schema.json, and replay accepts it", () => {
  it.each(VERSIONS)("specs/pfncache/%s.tspec", async (v) => {
    const { spec } = (await import(/* @vite-ignore */ pathToFileURL(path.join(ROOT, "generated/pfncache", v, "model.ts")).href)) as GeneratedSpec;
    let replayed = 0;
    for (const w of spec.workloads) {
      const model = spec.createModel(w);
      if (model.expect.kind === "holds") continue;
      const itf = counterexampleItf(model, `specs/pfncache/${v}.tspec`);
      expect(itf, `${v}/${w} expects ${model.expect.kind} but has no counterexample`).toBeDefined();
      const doc = JSON.parse(stringifyItf(itf as ItfTrace)) as ItfTrace;
      expect(validItf(doc), `${v}/${w}: ${errorsOf(validItf)}`).toBe(true);
      expect(validateItf(doc)).toEqual([]);
      const r = replayItf(model, doc);
      expect(r.ok, `${v}/${w}: ${r.message}`).toBe(true);
      expect(r.legacy).toBeUndefined();
      expect(r.matched).toBe(doc.states.length);
      replayed++;
    }
    expect(replayed).toBeGreaterThan(0);
  });

  it("and through the CLI: check --itf, then replay, for a safety trace and a lasso", async () => {
    const cases: [string, string][] = [
      ["specs/pfncache/c-no-refresh-lock.tspec", "reactivate-reader"],
      ["specs/pfncache/b1-6.1.tspec", "refresh-livelock"],
    ];
    for (const [file, w] of cases) {
      const itf = `${TMP}/${w}.itf.json`;
      const c = await spec2ts(["check", file, "-w", w, "--itf", itf, "--quiet"]);
      expect(c.code).toBe(1);
      const doc = JSON.parse(fs.readFileSync(path.join(ROOT, itf), "utf8")) as unknown;
      expect(validItf(doc), errorsOf(validItf)).toBe(true);
      const r = await spec2ts(["replay", itf, file]);
      expect(r.stdout).toContain("Accepted:");
      expect(r.code).toBe(0);
    }
  });
});

describe("the ITF schema", () => {
  it("rejects what ADR-015 does not allow", () => {
    const base = { vars: ["x"], states: [{ x: { "#bigint": "1" } }] };
    expect(validItf(base)).toBe(true);
    expect(validItf({ ...base, states: [{ x: { "#bigint": "1.5" } }] })).toBe(false);
    expect(validItf({ ...base, states: [{ x: { "#set": [], extra: 1 } }] })).toBe(false);
    expect(validItf({ ...base, states: [{ x: { "#map": [[1]] } }] })).toBe(false);
    expect(validItf({ ...base, states: [{ x: 1.5 }] })).toBe(false);
    expect(validItf({ ...base, states: [{ x: { "#bogus": 1 } }] })).toBe(false);
    expect(validItf({ ...base, extra: 1 })).toBe(false);
    expect(validItf({ ...base, states: [{ x: { tag: "Some", value: { "#tup": [] } } }] })).toBe(true);
  });
});
