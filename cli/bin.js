#!/usr/bin/env node
// The `spec2ts` executable. In a checkout (cli/main.ts is here) tsx is registered first, so that the
// CLI and the generated `model.ts` files it imports at run time load from source without a build. The
// npm package ships no TypeScript sources: there it runs the compiled JavaScript in dist/ (`npm run build`).
import { existsSync } from "node:fs";
import * as nodeModule from "node:module";

// Node ≥ 22.1 keeps V8's compiled code of the modules loaded (the CLI, the runtime; on a first run of a
// spec also ts-morph's TypeScript) on disk between runs (NODE_DISABLE_COMPILE_CACHE=1 turns it off).
// Older Node has no such API: nothing to do.
nodeModule.enableCompileCache?.();

const fromSource = existsSync(new URL("./main.ts", import.meta.url));
const entry = fromSource ? "./main.ts" : "../dist/cli/main.js";
if (!fromSource && !existsSync(new URL(entry, import.meta.url))) {
  console.error(
    "spec2ts: internal error: neither the sources (cli/main.ts) nor the compiled package (dist/cli/main.js) are here; run `npm run build` in a checkout, or reinstall the package",
  );
  process.exit(70);
}
if (fromSource) (await import("tsx/esm/api")).register();
const { run } = await import(entry);
process.exitCode = await run(process.argv.slice(2));
