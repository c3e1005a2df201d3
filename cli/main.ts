/**
 * The `spec2ts` command line: argument parsing (commander) and the mapping of errors to exit codes.
 * Each command lives in `commands/` and is imported only when it runs, so `--help` and flag errors
 * answer without loading the generator (ts-morph, prettier). `bin.js` registers tsx and calls `run`.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { CliError, EXIT, specErrorMessage, type ExitCode } from "./exit.js";
import { positiveInt, positiveNumber, seed } from "./options.js";
import { eprintln, err } from "./output.js";

const VERSION = "0.1.0";

/** Runs the CLI on `argv` (without `node` and the script); returns the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  let code: ExitCode = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    return handleError(e);
  }
}

function buildProgram(setCode: (c: ExitCode) => void): Command {
  const program = new Command("spec2ts")
    .description("Compile .tspec specs to TypeScript model checkers, and run them.")
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(err.red(s)) });
  const add = (name: string): Command => program.command(name).exitOverride();

  add("gen")
    .description("compile specs to generated/ (default: every specs/**/*.tspec)")
    .argument("[files...]", "spec files or directories")
    .option("--check", "write nothing; exit 1 if any generated file would change or is stale")
    .action(async (files: string[], o: { check?: boolean }) => setCode(await (await import("./commands/gen.js")).genCommand(files, o)));

  add("check")
    .description("exhaustively check one spec (every workload, or --workload)")
    .argument("<file>", "the .tspec file")
    .option("-w, --workload <name>", "check only this workload")
    .option("--json", "print one JSON document { version: 1, workloads: [...] } and nothing else")
    .option("--max-states <n>", "stop after n distinct states (exit 3)", positiveInt)
    .option("--max-seconds <s>", "stop after s seconds (exit 3)", positiveNumber)
    .option("--max-memory <mb>", "stop when the process (all threads) uses more than mb MiB (exit 3; default: half the physical memory)", positiveNumber)
    .option("--dfs", "depth-first search instead of breadth-first")
    .option("--depth <d>", "with --dfs: explore paths of at most d states", positiveInt)
    .option("--full", "print whole states in the counterexample, not only the changes")
    .option("--show-ghosts", "print the spec's `ghost` variables in the counterexample too (hidden by default; --json and --itf always include them)")
    .option("-q, --quiet", "no progress line; print only the verdict and the expectation")
    .addOption(traceFormatOption())
    .option("--no-min-preemptions", "keep the first shortest counterexample found, not one with the fewest preemptions")
    .option("--itf <file>", "write the counterexample as ITF JSON (Apalache/Quint trace format)")
    .option("--html <file>", "write the counterexample (or a liveness lasso) as a self-contained web page to step through")
    .option("--emit-test <file>", "write a vitest file that replays the counterexample and expects the violation")
    .option("--force", "let --itf / --html / --emit-test replace an existing file that spec2ts did not write")
    .option("--coverage", "print how often each step fired; warn about steps that never fired")
    .option("--no-liveness", "skip the temporal properties (checked by default after a complete safety search)")
    .option("--no-lock-order", "skip the lock-order (lockdep-style) analysis of the explored states")
    .option(
      "--por",
      "force partial-order reduction (default: on where sound for everything checked; an error where unsound; temporal properties then not checked)",
    )
    .option("--no-por", "no partial-order reduction: exact state counts, comparable with TLC's")
    .option(
      "--continue",
      "keep searching after a violation: report every violated invariant, assertion, lock or run-time error and deadlock once, each with a shortest counterexample, then the temporal properties (TLC's -continue)",
    )
    .option("--symmetry", "symmetry reduction over the spec's symmetric types (default: on when the spec declares one)")
    .option("--no-symmetry", "explore every state, not one per orbit of the symmetric types (exact state counts)")
    .option("--workers <n>", "worker threads for a BFS that outgrows 300,000 states (default: the number of cores; 1: never)", positiveInt)
    .option(
      "--expected-states <n>",
      "distinct states the run is expected to reach: the sequential BFS allocates its visited table for that many up front (no growth: the lowest peak memory for a very large run), and --fingerprint auto takes 96 bits from 10^8",
      positiveInt,
    )
    .addOption(
      new Option(
        "--fingerprint <bits>",
        "key width of the visited set: 64, 96 (collision chance ~n²/2^97; exact when the packed state fits in 96 bits; runs on 1 thread), or auto (96 when --max-states or --expected-states is at least 10^8); a state that packs into 64 bits is always stored exactly",
      )
        .choices(["auto", "64", "96"])
        .default("auto"),
    )
    .option("--expect", "exit 0 when every workload gives its expected verdict (an expected violation included), 1 when one does not")
    .option("--object-steps", "run the readable step methods on state objects, never the step code on packed words (same results; for comparison)")
    .action(async (file: string, o) => setCode(await (await import("./commands/check.js")).checkCommand(file, o)));

  add("simulate")
    .description("random runs of one spec, reproducible from the seed")
    .argument("<file>", "the .tspec file")
    .option("-w, --workload <name>", "simulate only this workload")
    .option("--seed <s>", "PRNG seed (0..4294967295); drawn at random and printed when absent", seed)
    .option("--runs <n>", "number of runs", positiveInt, 1000)
    .option("--depth <d>", "longest run, in states", positiveInt, 100)
    .option("--json", "print one JSON document { version: 1, workloads: [...] } and nothing else")
    .option("--full", "print whole states in the counterexample, not only the changes")
    .option("--show-ghosts", "print the spec's `ghost` variables in the counterexample too (hidden by default; --json and --itf always include them)")
    .addOption(traceFormatOption())
    .option("--itf <file>", "write the counterexample as ITF JSON (Apalache/Quint trace format)")
    .option("--emit-test <file>", "write a vitest file that replays the counterexample and expects the violation")
    .option("--force", "let --itf / --emit-test replace an existing file that spec2ts did not write")
    .option("--coverage", "print how often each step fired; warn about steps that never fired")
    .action(async (file: string, o) => setCode(await (await import("./commands/simulate.js")).simulateCommand(file, o)));

  add("replay")
    .description("check that an ITF trace (e.g. logged by an implementation) is a behaviour of a spec")
    .argument("<trace>", "the ITF JSON file (.itf.json)")
    .argument("<file>", "the .tspec file")
    .option("-w, --workload <name>", "the workload to replay in (default: the trace's, or the spec's only one)")
    .option("--ignore-actions", "match states only, not the step names (mbt::actionTaken) and processes in the trace")
    .action(async (trace: string, file: string, o) => setCode(await (await import("./commands/replay.js")).replayCommand(trace, file, o)));

  add("test")
    .description("check every workload of every spec against its `expect` (default: specs/)")
    .argument("[files...]", "spec files or directories")
    .addOption(new Option("--max-seconds <s>", "per-workload time limit (a workload that hits it fails)").argParser(positiveNumber))
    .option(
      "--per-property",
      "search past violations (as check --continue) and print, under each workload, every invariant, temporal property, deadlock and failing statement: holds, violated (trace length) or not checked",
    )
    .addOption(
      new Option("--reporter <format>", "table (default), or a report for CI: junit (XML), tap (TAP 13) or json, printed instead of the table")
        .choices(["table", "junit", "tap", "json"])
        .default("table"),
    )
    .option("-o, --output <file>", "with --reporter: write the report to file and print the table as usual")
    .action(async (files: string[], o) => setCode(await (await import("./commands/test.js")).testCommand(files, o)));

  add("init")
    .description("scaffold a spec, a workload with its expected verdict, a vitest test and package.json scripts in dir")
    .argument("[dir]", "the project directory (default: the working directory; created if missing)")
    .option("--force", "replace the scaffolded files if they exist")
    .action(async (dir: string | undefined, o: { force?: boolean }) => setCode(await (await import("./commands/init.js")).initCommand(dir, o)));

  add("fmt")
    .description("format specs canonically, in place")
    .argument("<files...>", "spec files or directories")
    .option("--check", "write nothing; exit 1 listing the files that are not formatted")
    .action(async (files: string[], o: { check?: boolean }) => setCode(await (await import("./commands/fmt.js")).fmtCommand(files, o)));

  add("explore")
    .description("walk the state space of one workload by hand, in a local web page")
    .argument("<file>", "the .tspec file")
    .option("-w, --workload <name>", "the workload (required when the spec has several)")
    .option("--port <n>", "port on 127.0.0.1 (default: any free port)", (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port number 0..65535");
      return n;
    })
    .action(async (file: string, o) => setCode(await (await import("./commands/explore.js")).exploreCommand(file, o)));

  add("lsp")
    .description("run the language server (diagnostics, hover, definition, references, completion, formatting)")
    .option("--stdio", "speak LSP over stdin/stdout (the only transport)")
    .action(async (o: { stdio?: boolean }) => setCode(await (await import("./lsp/server.js")).lspCommand(o)));

  add("explain")
    .description("explain a diagnostic code (E201, W102, …); with no code, list them all")
    .argument("[code]", "the code printed in brackets, as in error[E201]")
    .action(async (code: string | undefined) => setCode((await import("./commands/explain.js")).explainCommand(code)));

  return program;
}

/** `--format swimlane|list|mermaid`. */
function traceFormatOption(): Option {
  return new Option(
    "--format <format>",
    "counterexample format: swimlane (columns per process), list (numbered steps), or mermaid (a markdown sequence diagram)",
  )
    .choices(["swimlane", "list", "mermaid"])
    .default("swimlane");
}

function handleError(e: unknown): number {
  if (e instanceof CommanderError) {
    // commander already printed the message (or the help / version).
    // Help and --version exit 0; help shown because no command was given, and every parse error, exit 2.
    return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (e instanceof CliError) {
    if (!e.reported) eprintln(err.red(`spec2ts: error: ${e.message}`));
    else eprintln(err.red(`spec2ts: ${e.message}`));
    return e.exitCode;
  }
  // A spec error outside a search (a workload constant outside its type): the spec's fault, not ours.
  const spec = specErrorMessage(e);
  if (spec !== undefined) {
    eprintln(err.red(`spec2ts: error: ${spec}`));
    return EXIT.usage;
  }
  const message = e instanceof Error ? e.message : String(e);
  eprintln(err.red(`spec2ts: internal error: ${message}`));
  eprintln("this is a bug in spec2ts; please report it with the command you ran and the spec");
  if (process.env.SPEC2TS_DEBUG && e instanceof Error && e.stack) eprintln(e.stack);
  else eprintln("(set SPEC2TS_DEBUG=1 to see the stack trace)");
  return EXIT.internal;
}
