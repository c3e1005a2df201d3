/**
 * `spec2ts explain CODE`: print what a diagnostic code means and how to fix it, from the catalog that
 * docs/diagnostics.md is generated from. `spec2ts explain` with no code lists every code and its title.
 */
import * as api from "../../generator/api.js";
import * as fs from "node:fs";
import * as path from "node:path";
import { CliError, EXIT, type ExitCode } from "../exit.js";
import { println } from "../output.js";
import { PACKAGE_DIR } from "../paths.js";

/**
 * Where the full list is, as a path the user can open: in a checkout that is docs/diagnostics.md, in an
 * installed package it is under node_modules/spec2ts/docs (the package ships docs/*.md).
 */
function diagnosticsDoc(): string | undefined {
  const file = path.join(PACKAGE_DIR, "docs", "diagnostics.md");
  if (!fs.existsSync(file)) return undefined;
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith(`..${path.sep}..`) || path.isAbsolute(rel) ? file : rel;
}

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
  const doc = diagnosticsDoc();
  if (doc !== undefined) {
    println("");
    println(`See ${doc} for every code (\`spec2ts explain\` lists them).`);
  }
  return EXIT.ok;
}
