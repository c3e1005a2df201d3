/** Formats emitted TypeScript with prettier (fixed options, so output does not depend on local config). */
import type { Options } from "prettier";

const OPTIONS: Options = { parser: "typescript", printWidth: 110, trailingComma: "all", semi: true, singleQuote: false };

/**
 * Sources larger than this are left as ts-morph printed them (already indented, one statement per
 * line): prettier's time and memory grow steeply with the file — about 30 ms and 0.3 MB per invariant
 * of a spec, gigabytes for 25,000 invariants — while formatting is cosmetic (issue 14 item 9). Every
 * committed model is far below it.
 */
export const FORMAT_MAX_BYTES = 1 << 20;

export async function formatTs(source: string): Promise<string> {
  if (source.length > FORMAT_MAX_BYTES) return source.endsWith("\n") ? source : `${source}\n`;
  // Imported on first use: the CLI's model cache is written unformatted (emit.ts `format`), without prettier.
  const prettier = await import("prettier");
  return prettier.format(source, OPTIONS);
}
