/**
 * Symmetry reduction preserves verdicts: every workload of every spec (specs/, test/models/,
 * test/fixtures/symmetry/) that declares something `symmetric` is checked with and without the
 * reduction (BFS, and DFS with it);
 * verdicts, violation kinds/properties and counterexample lengths agree, and a counterexample found
 * under symmetry is a real behaviour (validateTrace replays it concretely). The reduction factor is
 * reported.
 *
 * The canonical encoding is checked against independent computations: the exact quotients of
 * mutexn-sym derived by hand (see its header), orbits counted by brute force (union of every state with
 * all its permutations, built by the emitted `permute`), closure of the reachable set under every
 * permutation (the checker's rules make permutations automorphisms), and fast-check laws.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileTo } from "../emit/helpers.js";
import { BfsSearch } from "../../runtime/search/bfs.js";
import { checkDfs } from "../../runtime/search/dfs.js";
import { runSync } from "../../runtime/search/explore.js";
import { validateTrace } from "../../runtime/workload/testing.js";
import { MAX_PERMUTATIONS, permutationsOf, SymmetryGroup } from "../../runtime/contract/symmetry.js";
import type { Model, StateWriter } from "../../runtime/contract/model.js";

const DIRS = ["specs/examples", "specs/pfncache", "test/models", "test/fixtures/symmetry"];
const declaresSymmetry = (file: string): boolean => {
  const text = fs.readFileSync(file, "utf8");
  const base = /^spec\s+\w+\s+extends\s+"([^"]+)"/m.exec(text)?.[1];
  const all = base ? text + fs.readFileSync(path.join(path.dirname(file), base), "utf8") : text;
  return /^\s*(strong\s+)?(fair\s+)?symmetric\s+(type|process)\b/m.test(all);
};
const SPECS = DIRS.flatMap((d) =>
  fs
    .readdirSync(d)
    .filter((f) => f.endsWith(".tspec"))
    .map((f) => `${d}/${f}`),
).filter(declaresSymmetry);

/** Workloads larger than this (without symmetry) are skipped to keep the suite fast. */
const MAX_STATES = 150_000;

type Loaded = { spec: { workloads: string[] }; createModel(w: string): Model<unknown> };
const loaded = new Map<string, Promise<Loaded>>();
function load(spec: string): Promise<Loaded> {
  let p = loaded.get(spec);
  if (!p) {
    p = compileTo(spec, `sym-${path.basename(spec, ".tspec")}`).then(
      async (r) => (await import(pathToFileURL(path.resolve(r.dir, "model.ts")).href)) as Loaded,
    );
    loaded.set(spec, p);
  }
  return p;
}

/** The same model with no properties: BFS then explores the whole reachable graph. */
function explorationOnly<S>(m: Model<S>): Model<S> {
  return new Proxy(m, {
    get(target, key, receiver) {
      if (key === "invariants") return [];
      if (key === "checkDeadlock") return false;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/** The int stream a writer receives (allocates; tests only). */
function stream(write: (w: StateWriter) => void): number[] {
  const out: number[] = [];
  write({ int: (v) => void out.push(v) });
  return out;
}
const key = <S>(m: Model<S>, s: S): string => stream((w) => m.encode(s, w)).join(",");

/** Every reachable state (concrete, plain BFS keyed by the exact encoding). */
function reachable<S>(m: Model<S>): S[] {
  const seen = new Map<string, S>();
  let level = m.init().filter((s) => {
    const k = key(m, s);
    if (seen.has(k)) return false;
    seen.set(k, s);
    return true;
  });
  while (level.length) {
    const next: S[] = [];
    for (const s of level) {
      m.successors(s, (t) => {
        const k = key(m, t.state);
        if (!seen.has(k)) {
          seen.set(k, t.state);
          next.push(t.state);
        }
      });
    }
    level = next;
  }
  return [...seen.values()];
}

const factors: string[] = [];

describe("symmetry reduction preserves verdicts", () => {
  it("finds the symmetric specs", () => {
    expect(SPECS.length).toBeGreaterThanOrEqual(4);
  });

  for (const spec of SPECS) {
    it(
      spec,
      async () => {
        const mod = await load(spec);
        for (const w of mod.spec.workloads) {
          const model = mod.createModel(w);
          expect(model.symmetry, `${spec} declares something symmetric`).toBeDefined();
          const full = runSync(new BfsSearch(model, { maxStates: MAX_STATES }));
          if (full.verdict === "incomplete") continue;
          const sym = runSync(new BfsSearch(model, { symmetry: true }));
          const what = `${spec} ${w}`;
          expect(sym.verdict, what).toBe(full.verdict);
          expect(sym.violation?.kind, what).toBe(full.violation?.kind);
          if (full.violation?.kind === "invariant") expect(sym.violation?.property, what).toBe(full.violation.property);
          expect(sym.stats.distinctStates, what).toBeLessThanOrEqual(full.stats.distinctStates);
          // Orbits keep their distance from the (symmetric) initial states: BFS stays shortest.
          expect(sym.trace?.length, what).toBe(full.trace?.length);
          if (sym.verdict === "violated") expect(validateTrace(model, sym), what).toEqual([]);
          const dfs = checkDfs(model, { symmetry: true });
          expect(dfs.verdict, `${what} (dfs)`).toBe(full.verdict);
          expect(dfs.violation?.kind, `${what} (dfs)`).toBe(full.violation?.kind);
          if (dfs.verdict === "violated") expect(validateTrace(model, dfs), `${what} (dfs)`).toEqual([]);
          // The reduction factor over the reachable graph (invariants and deadlock off; a failing step still ends it).
          const a = runSync(new BfsSearch(explorationOnly(model), {})).stats.distinctStates;
          const b = runSync(new BfsSearch(explorationOnly(model), { symmetry: true })).stats.distinctStates;
          factors.push(`${what}: ${a} -> ${b} states (${(a / b).toFixed(2)}x, ${model.symmetry?.size} permutations)`);
        }
        console.log(factors.splice(0).join("\n"));
      },
      120_000,
    );
  }
});

describe("the canonical encoding is exactly the orbit partition", () => {
  it("mutexn-sym: hand-derived quotients C(2K+N-1, N) + K*C(2K+N-2, N-1), and mutexn's counts without symmetry", async () => {
    const mod = await load("test/models/mutexn-sym.tspec");
    const want: Record<string, [number, number, number]> = { n3k2: [160, 40, 6], n2k3: [72, 39, 2], n4k4: [12288, 810, 24] };
    for (const [w, [all, orbits, perms]] of Object.entries(want)) {
      const m = explorationOnly(mod.createModel(w));
      expect(runSync(new BfsSearch(m, {})).stats.distinctStates, w).toBe(all);
      expect(runSync(new BfsSearch(m, { symmetry: true })).stats.distinctStates, w).toBe(orbits);
      expect(m.symmetry?.size, w).toBe(perms);
    }
  });

  // Brute force: orbits of the reachable set under the emitted `permute` (independent of the
  // least-encoding search), against the number of canonical fingerprints; and closure of the
  // reachable set under every permutation (permutations are automorphisms of these specs).
  const small: [string, string][] = [
    ["test/models/mutexn-sym.tspec", "n3k2"],
    ["test/models/sym-workers.tspec", "three"],
    ["test/models/sym-workers.tspec", "two-rounds"],
    ["test/models/sym-forks.tspec", "three"],
    ["test/models/sym-two-types.tspec", "c3s2"],
    ["test/fixtures/emit/symmetric.tspec", "small"],
  ];
  for (const [spec, w] of small) {
    it(`${path.basename(spec)} ${w}: orbits by brute force, closure under permutations`, async () => {
      const mod = await load(spec);
      const m = mod.createModel(w);
      const g = m.symmetry;
      if (!g) throw new Error("no symmetry");
      const states = reachable(m);
      const keys = new Set(states.map((s) => key(m, s)));
      const orbitOf = new Map<string, number>();
      let orbits = 0;
      for (const s of states) {
        const k = key(m, s);
        if (orbitOf.has(k)) continue;
        orbits++;
        for (let p = 0; p < g.size; p++) {
          const t = g.permute(s, p);
          const kt = key(m, t);
          expect(keys.has(kt), `permutation ${p} of a reachable state is reachable`).toBe(true);
          orbitOf.set(kt, orbits);
        }
      }
      const canonical = new Set(states.map((s) => stream((wr) => g.encodeCanonical(s, wr)).join(",")));
      expect(canonical.size).toBe(orbits);
      expect(runSync(new BfsSearch(explorationOnly(m), { symmetry: true })).stats.distinctStates).toBe(orbits);
      expect(orbits).toBeLessThan(states.length);
    }, 60_000);
  }

  it("laws: canonical(permute(s)) = canonical(s); encodePermuted(s, p) = encode(permute(s, p)); permute(s, identity) = s", async () => {
    for (const [spec, w] of small) {
      const mod = await load(spec);
      const m = mod.createModel(w);
      const g = m.symmetry;
      if (!g) throw new Error("no symmetry");
      const states = reachable(m);
      fc.assert(
        fc.property(fc.nat(states.length - 1), fc.nat(g.size - 1), fc.nat(g.size - 1), (i, p, q) => {
          const s = states[i];
          const canon = stream((wr) => g.encodeCanonical(s, wr));
          expect(stream((wr) => g.encodeCanonical(g.permute(s, p), wr))).toEqual(canon);
          expect(stream((wr) => g.encodeCanonical(g.permute(g.permute(s, p), q), wr))).toEqual(canon);
          expect(stream((wr) => g.encodePermuted(s, p, wr))).toEqual(stream((wr) => m.encode(g.permute(s, p), wr)));
          expect(g.permute(s, 0)).toEqual(s);
          // The canonical encoding is one of the orbit's encodings, and the least of them.
          const all = Array.from({ length: g.size }, (_, k) => stream((wr) => g.encodePermuted(s, k, wr)).join(","));
          expect(all).toContain(canon.join(","));
        }),
        { numRuns: 200 },
      );
    }
  }, 60_000);
});

describe("SymmetryGroup", () => {
  it("explorers ignore a group too large to enumerate (exact search)", async () => {
    const m = (await load("test/models/mutexn-sym.tspec")).createModel("n3k2");
    const g = m.symmetry;
    if (!g) throw new Error("no symmetry");
    const tooBig = new Proxy(m, {
      get: (t, k, r) =>
        k === "symmetry"
          ? {
              types: g.types,
              size: g.size,
              usable: false,
              encodeCanonical: () => {
                throw new Error("used");
              },
            }
          : Reflect.get(t, k, r),
    });
    expect(runSync(new BfsSearch(explorationOnly(tooBig), { symmetry: true })).stats.distinctStates).toBe(160);
  });

  it("enumerates n! permutations, the identity first, all distinct", () => {
    for (const n of [0, 1, 2, 3, 5]) {
      const ps = permutationsOf(n);
      const f = [1, 1, 2, 6, 24, 120][n];
      expect(ps.length).toBe(f);
      expect(Array.from(ps[0] ?? [])).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(new Set(ps.map((p) => Array.from(p).join(","))).size).toBe(f);
    }
  });

  it("is the product over the symmetric types, remaps pids of symmetric instances, and has a size limit", () => {
    const enc = (): void => {};
    const g = new SymmetryGroup<number>(
      [
        { name: "A", lo: 1, size: 3 },
        { name: "B", lo: 0, size: 2 },
      ],
      [{ type: 0, first: 1, count: 3 }],
      5,
      enc,
      (s) => s,
    );
    expect(g.size).toBe(12);
    for (const p of g.perms) {
      expect(p.pid[0]).toBe(0);
      expect(p.pid[4]).toBe(4);
      const a = p.values[0] as Int32Array;
      for (let k = 0; k < 3; k++) expect(p.pid[1 + k]).toBe(1 + (a[k] as number) - 1);
      for (let j = 0; j < 5; j++) expect(p.pidInverse[p.pid[j] as number]).toBe(j);
    }
    // Too large: built without error (models of every size are created), refused when enumerated.
    const big = new SymmetryGroup<number>([{ name: "Big", lo: 1, size: 9 }], [], 0, enc, (s) => s);
    expect(big.usable).toBe(false);
    expect(() => big.perms).toThrow(new RegExp(`limit ${MAX_PERMUTATIONS}`));
    expect(g.usable).toBe(true);
  });
});
