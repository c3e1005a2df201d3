/**
 * ts-morph, loaded with `require`. ts-morph is CommonJS that re-exports @ts-morph/common and the
 * TypeScript compiler (about 13 MB of JavaScript): an ES `import` of it makes Node scan all of that
 * for its named exports (cjs-module-lexer) before running it, about 0.3 s of CPU on a first
 * `spec2ts check` — the same modules through `require` skip the scan.
 */
import { createRequire } from "node:module";
import type * as TsMorph from "ts-morph";

export const tsMorph = createRequire(import.meta.url)("ts-morph") as typeof TsMorph;
