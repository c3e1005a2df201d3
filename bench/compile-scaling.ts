/**
 * Compile scaling (issue 14 item 9): specs with 1k, 5k and 25k invariants (and as many defs) go through
 * each phase of the compiler — parse+check, emit (module assembly), format — in a fresh process per
 * size, so the peak RSS printed is that size's. Prints a table: invariants, spec KB, seconds per phase,
 * total seconds, peak RSS MB.
 *
 *   node --import tsx bench/compile-scaling.ts [sizes…]      (default 1000 5000 25000)
 *   node --import tsx bench/compile-scaling.ts --one N       (one size, one JSON line; used by the above)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** A spec with `n` invariants (each reading a def and quantifying over a small range), 4 processes. */
export function scalingSpec(n: number): string {
  const lines = ["spec Scale", "const N: 1..4 = 2;", "var x: 0..7 = 0;", "var y: 0..7 = 0;", "var m: map<1..4, 0..3> = [k in 1..4 |-> 0];"];
  for (let i = 0; i < n; i++) {
    lines.push(`def d${i}(k: 1..4): bool = m[k] <= 3 and (x + ${i % 5} >= 0 or y == ${i % 8});`);
    lines.push(`invariant I${i}: forall k in 1..N: d${i}(k) and (x != ${i % 8} or y >= 0);`);
  }
  lines.push("process P[self in 1..N] {", "  A: x = (x + 1) % 8;", "  B: m[self] = (m[self] + 1) % 4;", "  goto A;", "}", "workload w { expect holds; }");
  return lines.join("\n") + "\n";
}

async function one(n: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec2ts-scale-"));
  const file = path.join(dir, "scale.tspec");
  fs.writeFileSync(file, scalingSpec(n));
  const t0 = performance.now();
  const { checkFile } = await import("../generator/api.js");
  const fe = checkFile(file);
  if (!fe.checked) throw new Error(`scaling spec has errors: ${fe.diagnostics[0]?.message}`);
  const t1 = performance.now();
  const { emitModel } = await import("../generator/emit/module.js");
  const raw = emitModel(fe.checked, "../runtime/index.js");
  const t2 = performance.now();
  const { formatTs } = await import("../generator/emit/format.js");
  const formatted = await formatTs(raw);
  const t3 = performance.now();
  fs.rmSync(dir, { recursive: true, force: true });
  const rss = process.resourceUsage().maxRSS * 1024;
  console.log(
    JSON.stringify({
      n,
      specBytes: fs.existsSync(file) ? 0 : scalingSpec(n).length,
      check: (t1 - t0) / 1000,
      emit: (t2 - t1) / 1000,
      format: (t3 - t2) / 1000,
      outBytes: formatted.length,
      rss,
    }),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--one") return one(Number(args[1]));
  const sizes = args.length > 0 ? args.map(Number) : [1000, 5000, 25000];
  const self = fileURLToPath(import.meta.url);
  console.log("invariants  spec KB  check s  emit s  format s  total s  peak MB");
  for (const n of sizes) {
    const r = spawnSync(process.execPath, ["--import", "tsx", self, "--one", String(n)], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status !== 0) {
      console.log(`${String(n).padStart(10)}  failed: ${(r.stderr || "").split("\n").slice(-3).join(" ")}`);
      continue;
    }
    const j = JSON.parse(r.stdout.trim().split("\n").pop()!) as { n: number; specBytes: number; check: number; emit: number; format: number; rss: number };
    const total = j.check + j.emit + j.format;
    console.log(
      [
        String(j.n).padStart(10),
        (j.specBytes / 1024).toFixed(0).padStart(7),
        j.check.toFixed(2).padStart(7),
        j.emit.toFixed(2).padStart(6),
        j.format.toFixed(2).padStart(8),
        total.toFixed(2).padStart(7),
        (j.rss / 2 ** 20).toFixed(0).padStart(8),
      ].join("  "),
    );
  }
}

// Imported by the tests for `scalingSpec`: run only as a script.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
