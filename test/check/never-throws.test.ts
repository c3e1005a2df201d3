/**
 * The front end never throws on bad input: every golden fixture and a few hundred random token-level
 * mutations (delete / duplicate / swap / replace) of valid specs go through `checkFile` and the
 * renderer, from files in a temporary directory. Mutations are seeded, so failures reproduce.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkFile } from "../../generator/api.js";
import { renderDiagnostics } from "../../generator/diagnostics/render.js";

const FIXTURES = "test/fixtures/check-errors";
const tmp = mkdtempSync(join(tmpdir(), "spec2ts-never-throws-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** checkFile + render; returns the error thrown, if any. */
function attempt(file: string): unknown {
  try {
    const r = checkFile(file);
    renderDiagnostics(r.diagnostics, r.sources);
    if (r.checked) expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    else expect(r.diagnostics.some((d) => d.severity === "error")).toBe(true);
    return undefined;
  } catch (e) {
    return e;
  }
}

/** mulberry32: small deterministic PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|\d+|<=>|\|->|\.\.|=>|[=!<>]=|&&|\|\||[\s\S]/g;

/** Applies 1–3 random token mutations to `text`. */
function mutate(text: string, rand: () => number): string {
  const toks = text.match(TOKEN) ?? [];
  const idx = (): number[] => toks.map((t, i) => (/^\s|^\/[/*]/.test(t) ? -1 : i)).filter((i) => i >= 0);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const n = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < n; k++) {
    const real = idx();
    if (real.length < 2) break;
    const i = pick(real);
    switch (Math.floor(rand() * 4)) {
      case 0:
        toks.splice(i, 1);
        break;
      case 1:
        toks.splice(i, 0, toks[i] as string, " ");
        break;
      case 2: {
        const j = rand() < 0.5 ? (real[real.indexOf(i) + 1] ?? pick(real)) : pick(real);
        [toks[i], toks[j]] = [toks[j] as string, toks[i] as string];
        break;
      }
      default:
        toks[i] = toks[pick(real)] as string;
    }
  }
  return toks.join("");
}

/** A valid spec using most of the language. */
const RICH = `spec Rich
enum Color { Red, Green }
type Slot = 1..2;
type Cell = { valid: bool, value: 0..3 };
const N: 1..3 = 2;
var m: mutex;
var l: rwlock;
var x: 0..3 = 0;
var paint: map<Color, bool> = [c in Color |-> false];
var cells: map<Slot, Cell> = [s in Slot |-> { valid: false, value: 0 }];
var q: seq<0..3, 2> = [];
var o: option<Slot> = none;
var seen: set<1..N> in {{}, {1}};
def full: bool = card(seen) == N;
def ok(s: Slot): bool = cells[s].valid => cells[s].value > 0;
invariant Cells: forall s in Slot: ok(s);
invariant Opt: is_some(o) => get(o) <= 2;
property Live: always eventually x == 0;
macro bump(v, by) { v = v + by; }
procedure put(s: Slot, v: 0..3) {
  var old: 0..3 = 0;
  P1: acquire m;
      old = cells[s].value;
      cells[s] = { valid: true, value: v };
  P2: release m;
      return;
}
process Worker[self in 1..N] {
  var t: 0..3 = 0;
  W1: either { call put(1, 1); } or { call put(2, 2); }
  W2: while x < 2 {
        with (c in Color, s in Slot) { paint[c] = true; o = some(s); }
        bump(x, 1);
      }
  W3: read_lock l;
      t = if full then 1 else 0;
  W4: read_unlock l;
      if t == 1 { goto W1; }
}
fair action reset when x == 2 { x = 0; q = append(q, 1); if len(q) == 2 { q = []; } }
workload two { const N = 2; run Worker[1..2]; check deadlock = false; expect holds; }
`;

describe("never throws", () => {
  it("handles every golden fixture", () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".tspec"));
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const f of files) expect(attempt(join(FIXTURES, f)), f).toBeUndefined();
  });

  it("the rich seed spec is valid", () => {
    const p = join(tmp, "rich.tspec");
    writeFileSync(p, RICH);
    const r = checkFile(p);
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  const seeds: { name: string; text: string; file: string; count: number }[] = [
    { name: "rich", text: RICH, file: "rich-mut.tspec", count: Number(process.env.FUZZ_COUNT ?? 150) },
    { name: "mutex", text: readFileSync("specs/examples/mutex.tspec", "utf8"), file: "mutex-mut.tspec", count: 100 },
    // A derived spec next to a copy of its base: mutations exercise linking and overrides too.
    { name: "pfncache-b1", text: readFileSync("specs/pfncache/b1-6.1.tspec", "utf8"), file: "b1-mut.tspec", count: 60 },
  ];
  copyFileSync("specs/pfncache/base.tspec", join(tmp, "base.tspec"));

  it.each(seeds.map((s, i) => [s.name, s, i] as const))("survives mutations of %s", (_n, seed, i) => {
    const rand = rng(0x5eed + i);
    const failures: string[] = [];
    for (let k = 0; k < seed.count; k++) {
      const text = mutate(seed.text, rand);
      const p = join(tmp, seed.file);
      writeFileSync(p, text);
      const e = attempt(p);
      if (e !== undefined) failures.push(`mutation ${k}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n--- spec ---\n${text}`);
      if (failures.length >= 3) break;
    }
    expect(failures, failures[0]).toEqual([]);
  });

  it("survives mutations of the shared base itself", () => {
    const base = readFileSync("specs/pfncache/base.tspec", "utf8");
    const rand = rng(0xba5e);
    const failures: string[] = [];
    for (let k = 0; k < 60; k++) {
      const p = join(tmp, "base-mut.tspec");
      writeFileSync(p, mutate(base, rand));
      const e = attempt(p);
      if (e !== undefined) failures.push(`mutation ${k}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    expect(failures, failures[0]).toEqual([]);
  });
});
