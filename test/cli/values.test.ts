/**
 * Values in counterexamples end to end (issue 15 items 4 and 5), on a relay whose network is a set of
 * records: the swimlane, the numbered list and Mermaid print the set's changes as elements removed and
 * added; `--itf` writes it as `#set` of records and `some(…)` as Quint's variant, and `replay` reads
 * that back, reads the old untyped form with a deprecation warning (E832), and refuses ill-typed values
 * (E831) and unknown variables (E833).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, spec2ts } from "./helpers.js";

const NET = "test/fixtures/traces/net.tspec";
const TMP = ".cache/test-cli-values";

type Doc = { vars: string[]; states: Record<string, unknown>[]; "#meta": { types: Record<string, string> } };

beforeAll(() => {
  fs.rmSync(path.join(ROOT, TMP), { recursive: true, force: true });
  fs.mkdirSync(path.join(ROOT, TMP), { recursive: true });
});

describe.concurrent("set, option, record, sequence and map values in traces", () => {
  it("swimlane: set changes as elements removed/added, braces, some(…), declaration order, Initially from state 1", async () => {
    const r = await spec2ts(["check", NET]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "Initially (variables that change):\n  net = {}, last = none, log = [], seen[1] = false, seen[2] = false, route.to = 1, route.from = 1\n",
    );
    expect(r.stdout).toContain("net: +{src: 1, v: 0}; log: [] → [1]");
    expect(r.stdout).toContain("net: −{src: 1, v: 0} +{src: 2, v: 0};");
    expect(r.stdout).toContain("last: some({src: 2, v: 0}) → some({src: 3, v: 1})");
    expect(r.stdout).toContain("route.to: 2 → 3; route.from: 1 → 2");
    expect(r.stdout).not.toMatch(/net\[\d\]/);
  });

  it("the list format and --full print the same values", async () => {
    const r = await spec2ts(["check", NET, "--format", "list", "--full"]);
    expect(r.stdout).toContain("  net = {}\n  last = none\n  log = []\n  seen = [1 |-> false, 2 |-> false, 3 |-> false]\n  route = {to: 1, from: 1}");
    const l = await spec2ts(["check", NET, "--format", "list"]);
    expect(l.stdout).toContain("  net: −{src: 2, v: 0} +{src: 3, v: 1}\n  last: some({src: 2, v: 0}) → some({src: 3, v: 1})\n  log: [1, 2] → [1, 2, 3]");
  });

  it("mermaid: the notes and messages keep their text", async () => {
    const r = await spec2ts(["check", NET, "--format", "mermaid"]);
    expect(r.stdout).toContain("Note over P0,V5: initially net = {}, last = none, log = [], seen[1] = false");
    expect(r.stdout).toContain("net: −{src: 1, v: 0} +{src: 2, v: 0}");
  });

  it("--itf: a set of records is #set, an option Quint's variant; replay accepts it", async () => {
    const file = `${TMP}/net.itf.json`;
    const c = await spec2ts(["check", NET, "--itf", file]);
    expect(c.code).toBe(1);
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as Doc;
    expect(doc["#meta"].types).toMatchObject({
      net: "set<{ src: int, v: int }>",
      last: "option<{ src: int, v: int }>",
      log: "seq<int>",
      seen: "map<int, bool>",
      route: "{ to: int, from: int }",
    });
    const last = doc.states[doc.states.length - 1] as Record<string, unknown>;
    expect(last.net).toEqual({ "#set": [{ src: { "#bigint": "3" }, v: { "#bigint": "1" } }] });
    expect(last.last).toEqual({ tag: "Some", value: { src: { "#bigint": "3" }, v: { "#bigint": "1" } } });
    expect((doc.states[0] as Record<string, unknown>).last).toEqual({ tag: "None", value: { "#tup": [] } });
    expect(Object.keys(last.route as object)).toEqual(["to", "from"]);
    const r = await spec2ts(["replay", file, NET]);
    expect(r.stdout).toContain("Accepted: all 4 states are a behaviour of Net/relay.");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("replay reads the old form (sets as lists, bare some) with warning E832; E831 for an ill-typed value; E833 for an unknown variable", async () => {
    const file = `${TMP}/net2.itf.json`;
    await spec2ts(["check", NET, "--itf", file]);
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as Doc;
    const unwrap = (x: unknown): unknown => {
      if (Array.isArray(x)) return x.map(unwrap);
      if (x === null || typeof x !== "object") return x;
      const o = x as Record<string, unknown>;
      if ("#set" in o) return (o["#set"] as unknown[]).map(unwrap);
      if (o.tag === "Some") return unwrap(o.value);
      return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrap(v)]));
    };
    const old = { ...doc, states: doc.states.map((s) => unwrap(s)) };
    fs.writeFileSync(path.join(ROOT, `${TMP}/old.itf.json`), JSON.stringify(old));
    const r = await spec2ts(["replay", `${TMP}/old.itf.json`, NET]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Accepted:");
    expect(r.stderr).toContain(
      'warning[E832]: .cache/test-cli-values/old.itf.json uses an old spec2ts ITF form: a set written as a list (now {"#set": [...]})',
    );
    expect(r.stderr).toContain("some(v) written as bare v");

    const bad = JSON.parse(JSON.stringify(doc)) as Doc;
    (bad.states[1] as Record<string, unknown>).net = { "#set": [{ src: "one", v: { "#bigint": "0" } }] };
    fs.writeFileSync(path.join(ROOT, `${TMP}/bad.itf.json`), JSON.stringify(bad));
    const b = await spec2ts(["replay", `${TMP}/bad.itf.json`, NET]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain(
      'spec2ts: error[E831]: .cache/test-cli-values/bad.itf.json: a value does not have its variable\'s type: states[1].net.#set[0].src: expected an integer (int), found "one"',
    );

    const unknown = { ...doc, vars: [...doc.vars, "nope"], states: doc.states.map((s) => ({ ...s, nope: true })) };
    fs.writeFileSync(path.join(ROOT, `${TMP}/unknown.itf.json`), JSON.stringify(unknown));
    const u = await spec2ts(["replay", `${TMP}/unknown.itf.json`, NET]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('error[E833]: .cache/test-cli-values/unknown.itf.json: "nope" is not a variable of Net/relay');

    fs.writeFileSync(path.join(ROOT, `${TMP}/broken.itf.json`), JSON.stringify({ vars: ["x"], states: [{}] }));
    const x = await spec2ts(["replay", `${TMP}/broken.itf.json`, NET]);
    expect(x.code).toBe(2);
    expect(x.stderr).toContain("error[E830]: .cache/test-cli-values/broken.itf.json is not a valid ITF trace:");
  });
});
