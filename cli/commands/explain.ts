/**
 * `spec2ts explain CODE`: print what a diagnostic code means and how to fix it, from the catalog that
 * docs/diagnostics.md is generated from. `spec2ts explain` with no code lists every code and its title.
 */
import * as api from "../../generator/api.js";
import { CliError, EXIT, type ExitCode } from "../exit.js";
import { println } from "../output.js";

export function explainCommand(code: string | undefined): ExitCode {
  if (code === undefined) {
    for (const c of api.catalogCodes()) println(`${c}  ${api.CATALOG[c]!.title}`);
    return EXIT.ok;
  }
  const wanted = code.trim().toUpperCase();
  const entry = Object.hasOwn(api.CATALOG, wanted) ? api.CATALOG[wanted] : undefined;
  if (!entry) {
    const near = api.catalogCodes().filter((c) => c.slice(0, 2) === wanted.slice(0, 2));
    const hint = near.length > 0 ? `; codes starting with ${wanted.slice(0, 2)}: ${near.join(", ")}` : "; run `spec2ts explain` to list every code";
    throw new CliError(`unknown diagnostic code \`${code}\`${hint}`, EXIT.usage);
  }
  println(`${wanted}: ${entry.title}`);
  println("");
  println(entry.explanation);
  println("");
  println("See docs/diagnostics.md for every code.");
  return EXIT.ok;
}
