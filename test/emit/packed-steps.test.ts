/**
 * The law "packed ≡ readable" (issue 18 item 2): the step code generated on packed words (packed.ts)
 * and the readable step methods (model.ts) are the same transition relation, with the same order.
 *
 * For every shipped spec (specs/), every conformance port (test/conformance) and the bench model
 * mutexN, over the reachable states of every workload up to a bound: the packed successors of
 * pack(s) — step, instance and words, in order — equal pack of `successors(s)`, or both raise the same
 * spec error (message, location, step, instance); `invariantsHold` is exactly "every invariant holds"
 * where evaluating them raises nothing. Then whole checks agree with the packed path on and forced
 * off (`stepCode`): verdict, counts, depth, violation and trace.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { BitReader, BitWriter, SpecError, packedStepsOf, type Model, type PackedSteps } from "../../runtime/contract/index.js";
import { checkBfs } from "../../runtime/search/bfs.js";
import { objectStepsReason } from "../../runtime/search/packed-path.js";
import { compileTo } from "./helpers.js";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

function specFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...specFiles(p));
    else if (e.name.endsWith(".tspec")) out.push(p);
  }
  return out.sort();
}

// batch-order: failures spread over the batches of the batched packed path (runtime/search/packed-batch.ts).
// hoisted-reads: compiled invariants whose reads are hoisted out of inner loops (packed-expr.ts `HoistScope`).
const FILES = [
  ...specFiles("specs"),
  ...specFiles("test/conformance"),
  "test/models/mutexn.tspec",
  "test/fixtures/packed/batch-order.tspec",
  "test/fixtures/packed/hoisted-reads.tspec",
];
/** States per workload compared successor by successor. */
const BOUND = 1500;
/** States per whole check compared with the packed path on and off. */
const CHECK_BOUND = 3000;

type Outcome = { readonly succ: readonly string[]; readonly error?: string };

function errorKey(e: unknown): string {
  if (!(e instanceof SpecError)) throw e;
  return JSON.stringify([e.errorKind, e.message, e.loc, e.step, e.instance]);
}

function words(w: Int32Array, n: number): string {
  return Array.from(w.subarray(0, n)).join(",");
}

/** pack(step(s)) on the readable path. */
function objectOutcome<S>(m: Model<S>, s: S, width: number, next: S[]): Outcome {
  const succ: string[] = [];
  const w = new BitWriter();
  try {
    m.successors(s, (t) => {
      w.begin();
      m.pack!(t.state, w);
      w.end();
      succ.push(`${t.step}/${t.instance}/${words(w.words, width)}`);
      next.push(t.state);
    });
  } catch (e) {
    return { succ, error: errorKey(e) };
  }
  return { succ };
}

function packedOutcome(p: PackedSteps, src: Int32Array): Outcome {
  const succ: string[] = [];
  try {
    p.successors(src, 0, (step, instance) => succ.push(`${step}/${instance}/${words(p.next, p.width)}`));
  } catch (e) {
    return { succ, error: errorKey(e) };
  }
  return { succ };
}

/** Every invariant holds (undefined: evaluating one raised a spec error). */
function invariantsHold<S>(m: Model<S>, s: S): boolean | undefined {
  try {
    return m.invariants.every((inv) => inv.holds(s));
  } catch (e) {
    if (e instanceof SpecError) return undefined;
    throw e;
  }
}

interface Loaded {
  readonly file: string;
  readonly hasPacked: boolean;
  readonly mod: { readonly workloads: Record<string, unknown>; createModel(w: string): Model<unknown> };
}

const loaded = new Map<string, Promise<Loaded>>();

/** Compiles `file` once for both tests. */
function load(file: string): Promise<Loaded> {
  let p = loaded.get(file);
  if (p === undefined) loaded.set(file, (p = compile(file)));
  return p;
}

async function compile(file: string): Promise<Loaded> {
  const name = `packed-${file.replace(/[^A-Za-z0-9]+/g, "-")}`;
  const r = await compileTo(file, name);
  const hasPacked = r.files!.some((f) => f.path.endsWith("/packed.ts"));
  const mod = (await import(pathToFileURL(path.join(ROOT, r.dir, "model.ts")).href)) as Loaded["mod"];
  return { file, hasPacked, mod };
}

describe("packed step code ≡ readable step code", () => {
  it.each(FILES)("%s: successors, errors and invariants agree on every reachable state up to the bound", { timeout: 120_000 }, async (file) => {
    const { hasPacked, mod } = await load(file);
    if (!hasPacked) return;
    let compared = 0;
    for (const wl of Object.keys(mod.workloads)) {
      let m: Model<unknown>;
      try {
        m = mod.createModel(wl);
      } catch {
        continue; // a workload whose constants are rejected: nothing to step
      }
      const p = packedStepsOf(m);
      if (p === undefined) continue;
      let init: readonly unknown[];
      try {
        init = m.init();
      } catch {
        continue;
      }
      const seen = new Set<string>();
      const queue: unknown[] = [];
      const w = new BitWriter();
      const r = new BitReader();
      const key = (s: unknown): string => {
        w.begin();
        m.pack!(s, w);
        w.end();
        return words(w.words, p.width);
      };
      for (const s of init) if (!seen.has(key(s))) (seen.add(key(s)), queue.push(s));
      for (let q = 0; q < queue.length && q < BOUND; q++) {
        const s = queue[q];
        const src = new Int32Array(p.width);
        w.begin();
        m.pack!(s, w);
        w.end();
        src.set(w.words.subarray(0, p.width));
        // The packed form round-trips: the words unpack to this state.
        r.reset(src, 0);
        expect(key(m.unpack!(r))).toBe(words(src, p.width));
        const next: unknown[] = [];
        const want = objectOutcome(m, s, p.width, next);
        const got = packedOutcome(p, src);
        expect(got, `${file} ${wl} state #${q}`).toEqual(want);
        if (p.invariantsHold !== undefined) {
          const holds = invariantsHold(m, s);
          if (holds !== undefined) expect(p.invariantsHold(src, 0), `${file} ${wl} invariants at state #${q}`).toBe(holds);
        }
        compared++;
        if (want.error !== undefined) continue;
        for (const t of next) {
          const k = key(t);
          if (!seen.has(k)) (seen.add(k), queue.push(t));
        }
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it.each(FILES)("%s: a check with the packed path equals one with object steps", { timeout: 120_000 }, async (file) => {
    const { hasPacked, mod } = await load(file);
    if (!hasPacked) return;
    for (const wl of Object.keys(mod.workloads)) {
      let m: Model<unknown>;
      try {
        m = mod.createModel(wl);
      } catch {
        continue;
      }
      if (objectStepsReason(m, {}) !== undefined) continue;
      // Everything but the timing and which step code ran (checked on its own).
      const strip = (r: ReturnType<typeof checkBfs<unknown>>): unknown => {
        const { seconds: _s, statesPerSec: _p, ...stats } = r.stats;
        const { stepCode: _c, ...rest } = r;
        return { ...rest, stats };
      };
      const packed = checkBfs(m, { maxStates: CHECK_BOUND, stepCode: "packed" });
      const object = checkBfs(mod.createModel(wl), { maxStates: CHECK_BOUND, stepCode: "object" });
      expect([packed.stepCode, object.stepCode], `${file} ${wl}`).toEqual(["packed", "object"]);
      expect(strip(packed), `${file} ${wl}`).toEqual(strip(object));
    }
  });
});

describe("the packed path is taken only where it can be", () => {
  it("is refused, with a reason, for options that need state objects", async () => {
    const { mod } = await load("test/models/mutexn.tspec");
    const m = mod.createModel("n3k2");
    expect(objectStepsReason(m, {})).toBeUndefined();
    expect(objectStepsReason(m, { stepCode: "object" })).toMatch(/forced/);
    expect(objectStepsReason(m, { por: true })).toMatch(/partial-order/);
    expect(objectStepsReason(m, { continue: true })).toMatch(/continue/);
    expect(objectStepsReason(m, { observers: [{}] })).toMatch(/observers/);
  });

  it("compiles every step of mutexN and its invariant to words", async () => {
    const { mod } = await load("test/models/mutexn.tspec");
    const p = packedStepsOf(mod.createModel("n3k2"))!;
    expect(p.fallbacks).toEqual([]);
    expect(typeof p.invariantsHold).toBe("function");
  });
});

describe("the packed.ts emitter", () => {
  const TINY = `spec Tiny

const K: 1..8 = 3;

var x: 0..K = 0;
var seen: set<0..K> = {};

invariant Small: x <= K;

action inc when x < K {
  x = x + 1;
}

action remember {
  seen = {x};
}

check deadlock = false;

workload small {
  const K = 3;
  expect holds;
}
`;

  it("names each step after the spec with its line, and says why a step runs model.ts's code", async () => {
    const file = ".cache/test-emit/src/packed-tiny.tspec";
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), TINY);
    const r = await compileTo(file, "packed-tiny-emitter");
    const packed = r.files!.find((f) => f.path.endsWith("/packed.ts"))!.content;
    expect(packed).toContain("Action `inc` on packed words (model.ts `inc`). Source: .cache/test-emit/src/packed-tiny.tspec:10");
    expect(packed).toMatch(/Action `remember`: runs model.ts's step on the unpacked state \(variable seen is not a scalar or a map of scalars\)/);
    expect(packed).toContain("private get$x(");
    expect(packed).toContain("invariantsHold(");
    const model = r.files!.find((f) => f.path.endsWith("/model.ts"))!.content;
    expect(model).toContain('import { TinyModel$Packed } from "./packed.js";');
    const mod = (await import(pathToFileURL(path.join(ROOT, r.dir, "model.ts")).href)) as Loaded["mod"];
    const p = packedStepsOf(mod.createModel("small"))!;
    expect(p.fallbacks).toEqual([{ step: 1, reason: "variable seen is not a scalar or a map of scalars" }]);
  });

  it("hoists total reads out of the inner loops of a compiled invariant, and charges loops to the budget up front", async () => {
    const r = await compileTo("test/fixtures/packed/hoisted-reads.tspec", "packed-hoisted-reads");
    const packed = r.files!.find((f) => f.path.endsWith("/packed.ts"))!.content;
    const inv = packed.slice(packed.indexOf("invariantsHold(src"), packed.indexOf("private step$"));
    // `pc[i]` is read once per i (in i's loop), `gate` once per invariant.
    expect(inv).toMatch(/i_\+\+\s*\) \{\s*const pc\$i_ = this\.get\$pc\(src, off, i_ - 1\);/);
    expect(inv).toContain("const gate$ = this.get$gate(src, off);");
    // The same reads in another invariant of the same function get their own names.
    expect(inv).toContain("const pc$i_2 = this.get$pc(src, off, i_ - 1);");
    expect(inv).toContain("const gate$3 = this.get$gate(src, off);");
    // Reads of the innermost binder stay inline, behind the `&&` that may skip them.
    expect(inv).toMatch(/pc\$j === 0 \/\* BUSY \*\/ &&\s*this\.get\$pc\(src, off, k_ - 1\) === 0/);
    expect(inv).not.toMatch(/const \w+\$k_/);
    expect(packed).not.toContain("tick$()");
    expect(inv.match(/loopHi\$\(/g)?.length).toBe(9);
  });

  it("skips a loop whose body is true whenever a guard that reads none of its binders is false", async () => {
    const r = await compileTo("test/fixtures/packed/hoisted-reads.tspec", "packed-hoisted-reads");
    const packed = r.files!.find((f) => f.path.endsWith("/packed.ts"))!.content;
    const inv = packed.slice(packed.indexOf("invariantsHold(src"), packed.indexOf("private step$"));
    const part = (name: string): string => inv.slice(inv.indexOf(`// ${name}`), inv.indexOf("// ", inv.indexOf(`// ${name}`) + 3));
    // NoThreeBusy: `not gate` around everything, `pc[i] == BUSY` around j's loop, `i < j and pc[j] == BUSY` around k's.
    expect(part("NoThreeBusy")).toMatch(/const gate\$ = [^\n]*\n\s*if \(!\(gate\$ === 1\)\) \{\s*for \(/);
    expect(part("NoThreeBusy")).toMatch(/const pc\$i_ = [^\n]*\n\s*if \(pc\$i_ === 0 \/\* BUSY \*\/\) \{\s*for \(\s*let j = 1/);
    expect(part("NoThreeBusy")).toMatch(/if \(i_ < j && pc\$j === 0 \/\* BUSY \*\/\) \{\s*for \(\s*let k_ = 1/);
    // A disjunction gives no guard that skips on false; a division that may fail keeps every loop.
    expect(part("LevelsBounded")).not.toMatch(/\bif \([^\n]*\) \{\s*for \(/);
    expect(part("DivByZero")).not.toMatch(/\bif \([^\n]*\) \{\s*for \(/);
    expect(part("DivByZero")).toContain("div(");
    expect(part("NotBothTop")).toMatch(/if \(pc\$i_\d* === 0 \/\* BUSY \*\/ && level\$i_\d* === 3\) \{\s*for \(\s*let j = 1/);
  });

  it("emits no packed.ts for a spec whose states do not pack", async () => {
    const r = await compileTo("specs/examples/mutex.tspec", "packed-mutex-nopack");
    expect(r.files!.some((f) => f.path.endsWith("/packed.ts"))).toBe(false);
  });
});
