/**
 * Partial-order reduction as `check` runs it by default (issue 17 item 5): the decision of
 * runtime/reduce/decision.ts plus the adaptive guard. Property test over generated specs (the POR-shaped
 * arbitrary of por-arb.ts and the reference's general spec generator): for every workload,
 * - against `--no-por` (a plain BFS): the same verdict, violation kind, violated invariant and shortest
 *   counterexample length, never more states, and exactly the plain count whenever the run reports its
 *   counts as exact (POR off, or nothing pruned) — the claim the `Partial-order reduction:` line makes;
 * - the same with the guard stopping the reduction after 1, 3 or 10 expansions (the switch to full
 *   expansion part-way, which the default sample of 1,000 never reaches on specs this small);
 * - against the reference semantics (test/reference/differential.ts, which judges these POR runs too).
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { checkBfs } from "../../runtime/search/bfs.js";
import { porDecision } from "../../runtime/reduce/decision.js";
import type { CheckResult } from "../../runtime/search/result.js";
import { loadSpecText, SEED } from "../fuzz/harness.js";
import { differential } from "../reference/differential.js";
import { genSpec, Tape } from "../reference/spec-gen.js";
import { porSpec } from "./por-arb.js";

const stats = { workloads: 0, on: 0, reduced: 0, violated: 0, stoppedRuns: 0 };
afterAll(() => console.log(`[por default] seed ${SEED}: ${JSON.stringify(stats)}`));

function outcome(r: CheckResult<unknown>): object {
  return { verdict: r.verdict, kind: r.violation?.kind, property: r.violation?.property, length: r.trace?.length ?? 0 };
}

let n = 0;

/** Compiles `text` and compares the default POR run (and early-stopped ones) with a plain BFS, per workload. */
async function againstPlain(text: string): Promise<void> {
  const mod = await loadSpecText(text, `.cache/por-default/s${n++ % 32}`);
  for (const w of Object.keys(mod.workloads)) {
    const model = mod.createModel(w);
    const plain = checkBfs(model, { maxStates: 30_000 });
    if (plain.verdict === "incomplete") continue;
    stats.workloads++;
    const ctx = `workload ${w}:\n${text}`;
    // `check --no-lock-order` on a spec without temporal properties (else POR is off anyway).
    const d = porDecision(model, { search: "bfs" });
    const dflt = checkBfs(model, { por: d.on });
    if (d.on) stats.on++;
    expect(outcome(dflt), ctx).toEqual(outcome(plain));
    const exact = !d.on || dflt.por === undefined || dflt.por.rederived === true || dflt.por.stats.pruned === 0;
    if (exact) expect(dflt.stats.distinctStates, ctx).toBe(plain.stats.distinctStates);
    else {
      stats.reduced++;
      expect(dflt.stats.distinctStates, ctx).toBeLessThanOrEqual(plain.stats.distinctStates);
    }
    if (plain.verdict === "violated") stats.violated++;
    if (!d.on) continue;
    for (const sample of [1, 3, 10]) {
      const stopped = checkBfs(model, { por: true, porGuard: { sample, minPruned: 1.01 } });
      stats.stoppedRuns++;
      expect(outcome(stopped), `${ctx}\n(guard stopped after ${sample})`).toEqual(outcome(plain));
      const own = checkBfs(model, { por: true, porGuard: { sample, minPruned: 1.01 }, porShortest: false });
      expect(own.verdict, `${ctx}\n(guard stopped after ${sample}, own verdict)`).toBe(plain.verdict);
    }
  }
}

describe("partial-order reduction by default preserves safety verdicts and shortest counterexamples", () => {
  it(`POR-shaped specs, against --no-por (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(porSpec, (text) => againstPlain(text)),
      { seed: SEED, numRuns: Number(process.env["POR_RUNS"] ?? 30), endOnFailure: true },
    );
  }, 600_000);

  it(`reference-generator specs, against --no-por and the reference semantics (seed ${SEED})`, async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 1000 }), { minLength: 150, maxLength: 400 }), async (tape) => {
        const spec = genSpec(new Tape(tape));
        await againstPlain(spec.text);
        const r = await differential(spec.text, `pd${k++ % 32}`, {
          symmetric: spec.symmetric,
          ...(spec.symmetric ? { swap: ["A[1]", "A[2]"] as const } : {}),
        });
        expect(r.problems, `${r.problems.join("\n")}\n--- spec ---\n${spec.text}`).toEqual([]);
      }),
      { seed: SEED + 2, numRuns: Number(process.env["POR_RUNS"] ?? 30), endOnFailure: true },
    );
  }, 600_000);
});
