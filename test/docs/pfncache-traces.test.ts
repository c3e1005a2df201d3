/**
 * The pfncache counterexamples as a kernel reviewer reads them (issue 16 item 5): pages print as
 * P1, P2, …, kernel mappings as K1, K2, …, and the error / absent values by their kernel names (ERR
 * for KVM_PFN_ERR_FAULT, NULL, HVA_ERR_BAD); the ghost bookkeeping (busy, using) is hidden
 * unless `--show-ghosts`; the modulo counter mmu_invalidate_seq carries a note in the livelock lasso.
 * The annotations live in specs/pfncache/base.tspec: without them these expectations fail, and the
 * same specs with the annotations stripped explore exactly the same states.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, jsonWorkload, spec2ts } from "../cli/helpers.js";

const DIR = "specs/pfncache";
const B2 = `${DIR}/b2-6.2.tspec`;
const D = `${DIR}/d-mainline.tspec`;
const PLAIN = ".cache/test-pfncache-traces";

beforeAll(() => {
  // Every pfncache spec with its display, ghost and note annotations removed (the type aliases stay:
  // they are plain options then).
  fs.rmSync(path.join(ROOT, PLAIN), { recursive: true, force: true });
  fs.mkdirSync(path.join(ROOT, PLAIN), { recursive: true });
  for (const f of fs.readdirSync(path.join(ROOT, DIR))) {
    const text = fs
      .readFileSync(path.join(ROOT, DIR, f), "utf8")
      .replace(/^ghost var /gm, "var ")
      .replace(/\s*display \{[^}]*\}/g, "")
      .replace(/\s*note "[^"]*"/g, "");
    fs.writeFileSync(path.join(ROOT, PLAIN, f), text);
  }
});

describe.concurrent("pfncache traces", () => {
  it("the refresh/deactivate race names pfns, khvas and uhvas, and hides the ghosts", async () => {
    const r = await spec2ts(["check", B2, "--workload", "refresh-deactivate"]);
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toContain("active = true, valid = false, pfn = P1, khva = K1, gup[P1] = 0");
    expect(out).toContain("refresh.old_pfn: ERR → P1; refresh.old_khva: NULL → K1;");
    expect(out).toContain("refresh.old_uhva: HVA_ERR_BAD → U_SLOT");
    expect(out).toContain("active: true → false; pfn: P1 → ERR; khva: K1 → NULL;");
    expect(out).toContain("valid: false → true; pfn: ERR → P1; khva: NULL → K1; gup[P1]: 1 → 0");
    // No bare option values or ghost counters left in the trace.
    expect(out).not.toMatch(/some\(|\bnone\b/);
    expect(out).not.toMatch(/\bbusy:/);
    expect(out).toContain("(ghost variables busy, using not shown; --show-ghosts shows them)");
  });

  it("the WARN flag is not a ghost: the step that fires WARN_ON_ONCE(gpc->valid) shows it", async () => {
    const r = await spec2ts(["check", `${DIR}/a-5.18.tspec`, "--workload", "refresh-refresh"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^11 +refresh\.A4 a-5\.18\.tspec:\d+\n +gup\[P1\]: 1 → 0; warned: false → true$/m);
    expect(r.stdout).toContain("(ghost variables busy, using not shown; --show-ghosts shows them)");
  });

  it("--show-ghosts prints the ghost bookkeeping", async () => {
    const r = await spec2ts(["check", B2, "--workload", "refresh-deactivate", "--show-ghosts"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("calls refresh; busy: 0 → 1; n: 0 → 1");
    expect(r.stdout).toContain("calls deactivate; busy: 1 → 2");
    expect(r.stdout).not.toContain("not shown");
  });

  it("c's missed invalidation: the choices of the invalidation print by name too", async () => {
    const r = await spec2ts(["check", `${DIR}/c-email-fix.tspec`, "--workload", "refresh-invalidate"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("with x = U_SLOT; mn_count: 0 → 1");
    expect(r.stdout).toContain("with np = P2; upt[U_SLOT]: P1 → P2");
    expect(r.stdout).toContain("with fail = false; mapped[K2]: UNMAPPED → P1; refresh.K: NULL → K2");
    expect(r.stdout).toContain("valid: false → true; khva: K1 → K2; gup[P1]: 1 → 0");
  });

  it("the livelock lasso names pages and mappings and explains mmu_invalidate_seq's wrap", async () => {
    const r = await spec2ts(["check", D, "--workload", "refresh-livelock"]);
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toContain("upt[U_SLOT]: P1 → P2");
    expect(out).toContain("mapped[K2]: UNMAPPED → P2");
    expect(out).toContain("mmu_invalidate_seq: 1 → 0");
    const back = out.indexOf("── back in state 6");
    const note = out.indexOf("Note: mmu_invalidate_seq — kept modulo NINV*NINVP+1");
    expect(back).toBeGreaterThan(0);
    expect(note).toBeGreaterThan(back);
    expect(out).not.toMatch(/\bbusy:/);
  });

  it("annotations change only the printing: same states, depth and trace as the specs without them", async () => {
    type W = { verdict: string; stats: { distinctStates: number; statesGenerated: number; depth: number }; trace?: { state: unknown }[] };
    const pairs = [
      ["b2-6.2.tspec", "refresh-deactivate"],
      ["c-email-fix.tspec", "refresh-invalidate"],
      ["d-hva-fix.tspec", "refresh-invalidate-hva"],
    ] as const;
    const runs = await Promise.all(
      pairs.map(([file, w]) =>
        Promise.all([spec2ts(["check", `${DIR}/${file}`, "--workload", w, "--json"]), spec2ts(["check", `${PLAIN}/${file}`, "--workload", w, "--json"])]),
      ),
    );
    const plain = fs.readFileSync(path.join(ROOT, PLAIN, "base.tspec"), "utf8");
    expect(plain).not.toMatch(/display \{|ghost var|note "/);
    for (const [a, b] of runs) {
      const wa = jsonWorkload<W>(a.stdout);
      const wb = jsonWorkload<W>(b.stdout);
      expect(wa.verdict).toBe(wb.verdict);
      expect(wa.stats.distinctStates).toBe(wb.stats.distinctStates);
      expect(wa.stats.statesGenerated).toBe(wb.stats.statesGenerated);
      expect(wa.stats.depth).toBe(wb.stats.depth);
      expect(wa.trace?.map((t) => t.state)).toEqual(wb.trace?.map((t) => t.state));
    }
  }, 300_000);
});
