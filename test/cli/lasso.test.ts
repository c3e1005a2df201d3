/**
 * Liveness counterexamples (lassos) end to end: the pfncache refresh livelock as swimlanes (cycle
 * separator, `↻` rows), as the plain list, as Mermaid (`loop` block), as ITF with `loop` that `replay`
 * accepts (and rejects once the cycle is tampered with); and stuttering lassos from
 * test/fixtures/liveness (an unfair spinlock and unfair Peterson).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { validateItf } from "../../runtime/report/itf.js";
import { ROOT, hasStackTrace, jsonWorkload, spec2ts } from "./helpers.js";

const D = "specs/pfncache/d-mainline.tspec";
const SPIN = "test/fixtures/liveness/spinlock.tspec";
const PETERSON = "test/fixtures/liveness/peterson.tspec";
const TMP = ".cache/test-cli-lasso";

beforeAll(() => {
  fs.rmSync(path.join(ROOT, TMP), { recursive: true, force: true });
  fs.mkdirSync(path.join(ROOT, TMP), { recursive: true });
});

type Doc = { "#meta": Record<string, unknown>; states: Record<string, unknown>[]; loop?: number };
const read = (file: string): Doc => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as Doc;
const write = (file: string, doc: Doc): void => fs.writeFileSync(path.join(ROOT, file), JSON.stringify(doc, null, 1));

describe.concurrent("lassos", () => {
  it("the pfncache livelock as swimlanes: prefix, a cycle separator, ↻ rows, and back to the loop state", async () => {
    const r = await spec2ts(["check", D, "--workload", "refresh-livelock"]);
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toContain("Property OperationsComplete: violated");
    expect(out).toContain("Lasso: states 1–6, then a cycle of 16 steps (marked ↻) back to state 6, forever");
    const lines = out.split("\n");
    const sep = lines.findIndex((l) => /^ +── cycle: repeats forever from state 6 ─+$/.test(l));
    const back = lines.findIndex((l) => l.includes("── back in state 6 (state 22 = state 6): the cycle repeats forever ──"));
    expect(sep).toBeGreaterThan(0);
    expect(back).toBeGreaterThan(sep);
    // The loop state's row just before the separator; cycle rows 7..22 marked ↻ between it and the way back.
    expect(lines.slice(sep - 3, sep).some((l) => /^ {3}6 +refresh_locked\.B3 d-mainline\.tspec:72$/.test(l))).toBe(true);
    const cycleRows = lines.slice(sep, back).filter((l) => /^↻ +\d+/.test(l));
    expect(cycleRows.map((l) => Number(/\d+/.exec(l)![0]))).toEqual([...Array(16).keys()].map((i) => i + 7));
    expect(lines.slice(0, sep).some((l) => l.startsWith("↻"))).toBe(false);
    // Swimlane details: lanes, lock takes in words, only changed variables.
    expect(out).toMatch(/^ +Refresher\[1\] +Invalidator\[1\]$/m);
    expect(out).toContain("Refresher[1] takes refresh_lock");
    expect(out).toContain("with x = U_SLOT; mn_count: 0 → 1");
    expect(out).not.toContain('Refresher[1].pc: "F1"');
    const block = lines.slice(
      lines.findIndex((l) => l.startsWith("Lasso:")),
      back + 1,
    );
    expect(Math.max(...block.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(out).toContain("Property ReadersLeave: holds");
    expect(out).toContain("Expectation: as expected (expected violates OperationsComplete)");
  });

  it("--format list keeps the numbered list", async () => {
    const r = await spec2ts(["check", D, "-w", "refresh-livelock", "--format", "list"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}→ {3}6 Refresher\[1\] refresh_locked\.B3 \(specs\/pfncache\/d-mainline\.tspec:72\)$/m);
    expect(r.stdout).toMatch(/^ {2}↻ {2}22 Invalidator\[1\] I6 /m);
    expect(r.stdout).toContain("    and then back to state 6 (marked →), forever");
    expect(r.stdout).not.toContain("Lasso:");
  });

  it("--format mermaid puts the cycle in a loop block", async () => {
    const r = await spec2ts(["check", D, "-w", "refresh-livelock", "--format", "mermaid"]);
    expect(r.code).toBe(1);
    const out = r.stdout;
    // Issue 12 item 6: the search's line is the safety part; the verdict covers the property too.
    expect(out).toMatch(
      /^### PfnCacheD \/ refresh-livelock\n\nSafety: holds — all 1,198 reachable states explored \(bfs\)\nVerdict: violated — temporal property OperationsComplete/,
    );
    expect(out).toContain("Property OperationsComplete: violated — OperationsComplete is violated");
    const m = /```mermaid\n([\s\S]*?)\n```/.exec(out);
    expect(m).not.toBeNull();
    const lines = m![1]!.split("\n");
    expect(lines[0]).toBe("sequenceDiagram");
    const open = lines.indexOf("  loop repeats forever (states 7–22, back to state 6)");
    const close = lines.indexOf("  end");
    expect(open).toBeGreaterThan(0);
    expect(close).toBeGreaterThan(open);
    expect(lines.slice(1, open).join("\n")).toMatch(/P0->>V\d+: 6\. refresh_locked\.B3 /);
    expect(lines.slice(open + 1, close).join("\n")).toMatch(/P1->>V\d+: 7\. I1 base\.tspec:546/);
    expect(lines.slice(open + 1, close).join("\n")).toMatch(/: 22\. I6 base\.tspec:572/);
    // The violation, then the notes: the modulo counter's, and the hidden ghosts'.
    expect(lines.at(-3)).toMatch(/^ {2}Note over P0,V\d+: ✗ OperationsComplete is violated/);
    expect(lines.at(-2)).toMatch(/^ {2}Note over P0,V\d+: Note: mmu_invalidate_seq — kept modulo /);
    expect(lines.at(-1)).toMatch(/^ {2}Note over P0,V\d+: \(ghost variables busy, using not shown/);
    expect(out).toContain("Property ReadersLeave: holds");
  });

  it("--itf writes the lasso with loop; replay accepts it and rejects a tampered cycle", async () => {
    const file = `${TMP}/livelock.itf.json`;
    const r = await spec2ts(["check", D, "-w", "refresh-livelock", "--itf", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`wrote the lasso violating OperationsComplete as ITF (with loop) to ${file}`);
    const doc = read(file);
    expect(validateItf(doc)).toEqual([]);
    expect(doc.states).toHaveLength(22);
    expect(doc.loop).toBe(5);
    expect(doc["#meta"]).toMatchObject({ workload: "refresh-livelock", property: "OperationsComplete" });
    // The cycle's last state is the loop state again.
    const strip = (s: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(s).filter(([k]) => k !== "#meta" && !k.startsWith("mbt::")));
    expect(strip(doc.states[21]!)).toEqual(strip(doc.states[5]!));

    const ok = await spec2ts(["replay", file, D]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(
      "Accepted: all 22 states are a behaviour of PfnCacheD/refresh-livelock, and state 21 is state 5 again: a lasso whose cycle (states 6..21) repeats forever.",
    );

    // A state of the cycle changed: that transition is not one of the model's.
    const tampered = JSON.parse(JSON.stringify(doc)) as Doc;
    tampered.states[12]!.mn_count = { "#bigint": "0" };
    write(`${TMP}/cycle-state.itf.json`, tampered);
    const bad = await spec2ts(["replay", `${TMP}/cycle-state.itf.json`, D]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("Rejected: state 12 (Refresher[1] refresh_locked.B4, in the cycle 6..21) is not reachable from state 11");
    expect(bad.stdout).toContain("differs in mn_count (trace 0, model 1)");

    // The cycle cut short: real transitions, but it no longer returns to the loop state.
    write(`${TMP}/open.itf.json`, { ...doc, states: doc.states.slice(0, 20) });
    const open = await spec2ts(["replay", `${TMP}/open.itf.json`, D]);
    expect(open.code).toBe(1);
    expect(open.stdout).toContain("Rejected: the cycle does not return to the loop state 5: state 19 differs from state 5 in mn_count");
    expect(open.stdout).toContain("no transition of the model leads from state 19 back to state 5");

    // A wrong loop index.
    write(`${TMP}/loop.itf.json`, { ...doc, loop: 4 });
    const loop = await spec2ts(["replay", `${TMP}/loop.itf.json`, D]);
    expect(loop.code).toBe(1);
    expect(loop.stdout).toContain("Rejected: the cycle does not return to the loop state 4");
    for (const x of [ok, bad, open, loop]) expect(hasStackTrace(x.stdout + x.stderr)).toBe(false);
  });

  it("a stuttering lasso (unfair spinlock): stays in the initial state forever, in every format", async () => {
    const file = `${TMP}/spin.itf.json`;
    const [lanes, mermaid, itf] = await Promise.all([
      spec2ts(["check", SPIN, "-w", "await-unfair"]),
      spec2ts(["check", SPIN, "-w", "await-unfair", "--format", "mermaid"]),
      spec2ts(["check", SPIN, "-w", "await-unfair", "--itf", file, "--quiet"]),
    ]);
    expect(lanes.code).toBe(1);
    expect(lanes.stdout).toContain("Property SomeoneEnters: violated");
    expect(lanes.stdout).toContain("Lasso: the initial state, then stuck in state 1 forever");
    expect(lanes.stdout).toMatch(/^ +── stutters: stays in state 1 forever ──$/m);
    expect(lanes.stdout).toContain("No fair step can move in state 1 (AwaitUnfair[1] at Try, AwaitUnfair[2] at Try).");
    expect(lanes.stdout).not.toContain("↻");

    expect(mermaid.stdout).toContain("  Note over P0: stays in state 1 forever: no fair step can move");
    expect(mermaid.stdout).not.toContain("  loop ");

    expect(itf.stderr).toContain("wrote the lasso violating SomeoneEnters (the first of 2 violated properties) as ITF (with loop)");
    const doc = read(file);
    expect(validateItf(doc)).toEqual([]);
    expect(doc.states).toHaveLength(1);
    expect(doc.loop).toBe(0);
    const replay = await spec2ts(["replay", file, SPIN]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain("which then stays in state 0 forever (a stuttering lasso)");
  });

  it("a stuttering lasso after a prefix (unfair Peterson)", async () => {
    const file = `${TMP}/peterson.itf.json`;
    const r = await spec2ts(["check", PETERSON, "-w", "unfair", "--itf", file]);
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toContain("Lasso: states 1–2, then stuck in state 2 forever; lines of test/fixtures/liveness/peterson.tspec");
    expect(out).toMatch(
      /^ {2}2 +A1 :25\n +flag\[1\]: false → true\n +── stutters: stays in state 2 forever ──\nNo fair step can move in state 2 \(Unfair\[1\] at A2, Unfair\[2\] at A1\)\.$/m,
    );
    const doc = read(file);
    expect(doc.states).toHaveLength(2);
    expect(doc.loop).toBe(1);
    const replay = await spec2ts(["replay", file, PETERSON]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain("all 2 states are a behaviour of Peterson/unfair, which then stays in state 1 forever (a stuttering lasso)");
  });

  it("--json keeps the lasso", async () => {
    const r = await spec2ts(["check", D, "-w", "refresh-livelock", "--json"]);
    expect(r.code).toBe(1);
    const j = jsonWorkload<{ properties: { property: string; verdict: string; lasso?: { loopIndex: number; stutter: boolean; states: unknown[] } }[] }>(
      r.stdout,
    );
    const p = j.properties.find((x) => x.property === "OperationsComplete");
    expect(p?.verdict).toBe("violated");
    expect(p?.lasso).toMatchObject({ loopIndex: 6, stutter: false });
    expect(p?.lasso?.states).toHaveLength(22);
  });
});
