/**
 * `spec2ts init [DIR] [--force]`: scaffolds a project that uses spec2ts in DIR (default: the working
 * directory, created if missing): a spec with two workloads and their expected verdicts
 * (`specs/counter.tspec`), a hand-written vitest test against its generated model
 * (`test/counter.test.ts`), and the package.json scripts `gen`, `specs` and `test` (a package.json is
 * created when there is none; an existing one only gains the scripts it lacks). Existing files are
 * never overwritten without `--force` (E820, nothing written); an unreadable package.json is E821.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CliError, EXIT, type ExitCode } from "../exit.js";
import { ioReason, makeDirs, writeFileAtomic } from "../atomic-write.js";
import { out, println } from "../output.js";

export interface InitOptions {
  readonly force?: boolean;
}

/** The spec: locked workers keep every increment, racy ones lose one (both expectations are met). */
export const SCAFFOLD_SPEC = `/// Workers increment a shared counter. \`Locked\` workers hold a mutex around the read-modify-write;
/// \`Racy\` workers do not, so one increment can overwrite another.
spec Counter

const N: 1..4 = 2;

var m: mutex;
var count: 0..4 = 0;
/// How many workers have finished their increment.
var finished: 0..4 = 0;

/// Once every worker has finished, every increment is visible.
invariant NoLostUpdate: finished == N => count == N;

process Locked[self in 1..N] {
  var tmp: 0..4 = 0;
  Lock:  acquire m;
  Read:  tmp = count;
  Write: count = tmp + 1;
         finished = finished + 1;
         release m;
}

process Racy[self in 1..N] {
  var tmp: 0..4 = 0;
  Read:  tmp = count;
  Write: count = tmp + 1;
         finished = finished + 1;
}

/// The workloads: which processes run, and the verdict each must give (\`spec2ts test\`, the generated test).
workload locked {
  run Locked;
  expect holds;
}

workload racy {
  run Racy;
  expect violates NoLostUpdate;
}
`;

/** A test of one's own against the generated model, beside the one `spec2ts gen` writes. */
export const SCAFFOLD_TEST = `// Scaffolded by \`spec2ts init\`. It tests the model that \`spec2ts gen\` generates from
// specs/counter.tspec into generated/counter/ (which also holds a test of every workload's \`expect\`):
// run \`npm run gen\` after editing the spec.
import { describe, expect, it } from "vitest";
import { checkBfs } from "spec2ts/runtime";
import { createModel } from "../generated/counter/model.js";

describe("Counter", () => {
  it("locked workers never lose an update, in any interleaving", () => {
    const r = checkBfs(createModel("locked"));
    expect(r.verdict).toBe("holds");
  });

  it("racy workers can lose an update: the shortest counterexample has 5 states", () => {
    const r = checkBfs(createModel("racy"));
    expect(r.verdict).toBe("violated");
    expect(r.violation?.property).toBe("NoLostUpdate");
    expect(r.trace?.length).toBe(5);
  });
});
`;

/** The scripts added to package.json when absent. */
export const SCAFFOLD_SCRIPTS: Readonly<Record<string, string>> = {
  gen: "spec2ts gen",
  specs: "spec2ts test",
  test: "spec2ts gen --check && vitest run",
};

/** `npm init`'s placeholder test script counts as absent. */
const NPM_PLACEHOLDER_TEST = /^echo "Error: no test specified" && exit 1$/;

/** Runs the command; returns the exit code. */
export async function initCommand(dirArg: string | undefined, opts: InitOptions): Promise<ExitCode> {
  const dir = dirArg ?? ".";
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new CliError(`E821: ${dir} exists and is not a directory`);
  const shown = (p: string): string => (dir === "." ? p : path.join(dir, p).split(path.sep).join("/"));
  const files: [string, string][] = [
    ["specs/counter.tspec", SCAFFOLD_SPEC],
    ["test/counter.test.ts", SCAFFOLD_TEST],
  ];
  const existing = files.filter(([p]) => fs.existsSync(path.join(dir, p))).map(([p]) => shown(p));
  if (existing.length > 0 && opts.force !== true) {
    throw new CliError(
      `E820: ${existing.join(", ")} already exist${existing.length === 1 ? "s" : ""}; nothing was written (--force replaces ${existing.length === 1 ? "it" : "them"})`,
    );
  }
  const pkgFile = path.join(dir, "package.json");
  let pkg: Record<string, unknown> | undefined;
  let pkgText: string | undefined;
  try {
    pkgText = fs.readFileSync(pkgFile, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new CliError(`E821: cannot read ${shown("package.json")}: ${ioReason(e)}`);
  }
  if (pkgText !== undefined) {
    try {
      const parsed: unknown = JSON.parse(pkgText);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not a JSON object");
      pkg = parsed as Record<string, unknown>;
    } catch (e) {
      throw new CliError(
        `E821: ${shown("package.json")} is not valid JSON (${(e as Error).message}); fix it or add the scripts by hand: ${JSON.stringify(SCAFFOLD_SCRIPTS)}`,
      );
    }
    if (pkg.scripts !== undefined && (typeof pkg.scripts !== "object" || pkg.scripts === null || Array.isArray(pkg.scripts))) {
      throw new CliError(`E821: the "scripts" of ${shown("package.json")} is not an object`);
    }
  }
  try {
    makeDirs(dir);
  } catch (e) {
    throw new CliError(`cannot create ${dir}: ${ioReason(e)}`);
  }
  for (const [p, text] of files) {
    writeFileAtomic(path.join(dir, p), text);
    println(`${existing.includes(shown(p)) ? "replaced" : "created"} ${shown(p)}`);
  }
  const scripts: Record<string, string> = { ...((pkg?.scripts as Record<string, string> | undefined) ?? {}) };
  const added: string[] = [];
  const kept: string[] = [];
  for (const [name, command] of Object.entries(SCAFFOLD_SCRIPTS)) {
    const have = scripts[name];
    if (have === undefined || (name === "test" && NPM_PLACEHOLDER_TEST.test(have))) {
      scripts[name] = command;
      added.push(name);
    } else if (have !== command) kept.push(name);
  }
  if (pkg === undefined) {
    const name =
      path
        .basename(path.resolve(dir))
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, "-")
        .replace(/^[._-]+/, "") || "specs";
    const created = { name, version: "0.0.0", private: true, type: "module", scripts };
    writeFileAtomic(pkgFile, `${JSON.stringify(created, null, 2)}\n`);
    println(`created ${shown("package.json")} (scripts ${added.join(", ")})`);
  } else if (added.length > 0) {
    const indent = /^\{\s*\n([ \t]+)"/.exec(pkgText ?? "")?.[1] ?? "  ";
    writeFileAtomic(pkgFile, `${JSON.stringify({ ...pkg, scripts }, null, indent)}\n`);
    println(`added the script${added.length === 1 ? "" : "s"} ${added.join(", ")} to ${shown("package.json")}`);
  }
  for (const name of kept)
    println(out.yellow(`kept your "${name}" script in ${shown("package.json")}; spec2ts init would have used: ${SCAFFOLD_SCRIPTS[name]}`));
  const deps = { ...((pkg?.dependencies as object | undefined) ?? {}), ...((pkg?.devDependencies as object | undefined) ?? {}) };
  const missing = ["spec2ts", "vitest"].filter((d) => !Object.hasOwn(deps, d));
  println();
  println("Next:");
  const cd = dir === "." ? "" : `cd ${dir} && `;
  if (missing.length > 0) println(`  ${cd}npm install --save-dev ${missing.join(" ")}`);
  println(`  ${missing.length > 0 ? "" : cd}npx spec2ts gen        # generated/counter/: the model and a test of each workload's expect`);
  println("  npx spec2ts test       # every workload against its expect, as a table");
  println("  npm test               # gen --check, then vitest (the generated test and test/counter.test.ts)");
  return EXIT.ok;
}
