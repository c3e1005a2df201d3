/** Formats emitted TypeScript with prettier (fixed options, so output does not depend on local config). */
import * as prettier from "prettier";

const OPTIONS: prettier.Options = { parser: "typescript", printWidth: 110, trailingComma: "all", semi: true, singleQuote: false };

export async function formatTs(source: string): Promise<string> {
  return prettier.format(source, OPTIONS);
}
