#!/usr/bin/env node
// The `spec2ts` executable. tsx is registered first so that the CLI (TypeScript) and the generated
// `model.ts` files it imports at run time load without a build step.
import { register } from "tsx/esm/api";

register();
const { run } = await import("./main.ts");
process.exitCode = await run(process.argv.slice(2));
