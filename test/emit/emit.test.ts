import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compileFile } from "../../generator/api.js";
import { checkBfs } from "../../runtime/index.js";
import { compileTo, strictTypeErrors } from "./helpers.js";

const FIXTURES = ["test/fixtures/emit/mutex.tspec", "test/fixtures/emit/kitchen.tspec", "test/fixtures/emit/symmetric.tspec"];

describe("emission", () => {
  it("is deterministic: the same spec gives the same bytes", async () => {
    for (const f of FIXTURES) {
      const a = await compileFile(f, { outDir: ".cache/x" });
      const b = await compileFile(f, { outDir: ".cache/x" });
      expect(a.files?.map((x) => x.content)).toEqual(b.files?.map((x) => x.content));
    }
  });

  it("matches the golden model for the mutex fixture", async () => {
    const r = await compileFile("test/fixtures/emit/mutex.tspec", { outDir: "generated/examples/mutex-golden" });
    const model = r.files?.find((f) => f.path.endsWith("model.ts"))?.content ?? "";
    const golden = "test/fixtures/emit/mutex.model.golden.ts.txt";
    if (process.env["UPDATE_GOLDENS"] === "1" || !fs.existsSync(golden)) fs.writeFileSync(golden, model);
    expect(model).toBe(fs.readFileSync(golden, "utf8"));
  });

  it("emits code that typechecks under strict (fixtures and every committed generated/ model)", async () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === "model.ts") files.push(p);
      }
    };
    walk("generated");
    for (const f of FIXTURES) {
      const r = await compileTo(f, f.replace(/.*\//, "").replace(".tspec", ""));
      files.push(...(r.files ?? []).map((x) => x.path).filter((p) => p.endsWith("model.ts")));
    }
    expect(strictTypeErrors(files)).toEqual([]);
  });

  it("runs: the generated model of the kitchen-sink spec explores its state space", async () => {
    const r = await compileTo("test/fixtures/emit/kitchen.tspec", "kitchen-run");
    const mod = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(`${r.dir}/model.ts`)).href)) as {
      createModel(w: string): Parameters<typeof checkBfs>[0];
    };
    const res = checkBfs(mod.createModel("small"), {});
    expect(res.verdict).toBe("holds");
    expect(res.stats.distinctStates).toBeGreaterThan(100);
  });
});
