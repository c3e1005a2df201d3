// Dev helper: compile one spec into a folder, printing its diagnostics:
//   node --import tsx scripts/try.mts SPEC [OUT_DIR]
import { compileFile } from "../generator/api.ts";
import { renderDiagnostic } from "../generator/diagnostics/render.ts";
const r = await compileFile(process.argv[2]!, { outDir: process.argv[3] ?? "/tmp/out", runtimeDir: "/work/main/runtime" });
for (const d of r.diagnostics) console.log(renderDiagnostic(d, r.sources.get(d.span.file) ?? ""));
for (const f of r.files ?? []) {
  const fs = await import("node:fs");
  fs.mkdirSync(f.path.replace(/\/[^/]*$/, ""), { recursive: true });
  fs.writeFileSync(f.path, f.content);
  console.log("wrote", f.path);
}
