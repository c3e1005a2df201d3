// ESLint for the project's own code (`npm run lint`). Formatting is prettier's (`npm run format:check`);
// these rules are the ones the guide writes down: the import layering of the pipeline, exhaustive
// switches, no mixed logical operators without parentheses, and files that stay small.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * What each folder may not import: data flows one way (text → AST → checked → lowered → TS), the runtime
 * ships with every generated model, and nothing imports tests or committed output. One entry per file
 * (flat config: a later setting of the same rule replaces an earlier one, so the globs do not overlap).
 */
const ABOVE_COMPILER = String.raw`(^|/)(cli|test|generated)/`;
/**
 * The runtime ships with every generated model: it imports nothing from the compiler, the CLI, generated/
 * or tests. Inside it, the wings form layers (docs/architecture.md): contract ← reduce ← search ←
 * {parallel, analyses} ← report ← workload and the root barrel; no wing imports the barrel (runtime/index.ts).
 */
const OUTSIDE_RUNTIME = String.raw`(^|/)(generator|cli|generated|test)/`;
const RUNTIME_WHY = "runtime/ ships with every generated model: it imports nothing from the compiler, the CLI, generated/ or tests";
const wing = (name, above, why) => ({
  files: [`runtime/${name}/**/*.ts`],
  forbid: String.raw`${OUTSIDE_RUNTIME}|^\.\./index\.js$` + (above === "" ? "" : String.raw`|^\.\./(${above})/`),
  why: `${why}; ${RUNTIME_WHY}`,
});
const LAYERS = [
  { files: ["runtime/*.ts"], forbid: OUTSIDE_RUNTIME, why: RUNTIME_WHY },
  {
    files: ["runtime/contract/**/*.ts"],
    forbid: String.raw`${OUTSIDE_RUNTIME}|^\.\./`,
    why: `runtime/contract is what generated models import: it imports nothing from the rest of the runtime; ${RUNTIME_WHY}`,
  },
  wing("reduce", "search|parallel|analyses|report|workload", "runtime/reduce (POR) imports the contract only"),
  wing("search", "parallel|analyses|report|workload", "runtime/search imports the contract and reduce"),
  wing("parallel", "analyses|report|workload", "runtime/parallel imports the contract, reduce and search"),
  wing("analyses", "parallel|report|workload", "runtime/analyses imports the contract, reduce and search (not parallel)"),
  wing("report", "parallel|reduce|workload", "runtime/report imports the contract, search and analyses"),
  wing("workload", "", "runtime/workload may import every wing, but not the runtime barrel"),
  {
    files: ["generator/parse/**/*.ts"],
    forbid: String.raw`^\.\./(check|lower|emit|ide)/|^\.\./api\.js$|(^|/)runtime/|${ABOVE_COMPILER}`,
    why: "generator/parse is the first stage: it imports only diagnostics",
  },
  {
    files: ["generator/check/**/*.ts"],
    forbid: String.raw`^\.\./(lower|emit|ide)/|^\.\./api\.js$|(^|/)runtime/|${ABOVE_COMPILER}`,
    why: "generator/check imports parse and diagnostics only",
  },
  {
    files: ["generator/lower/**/*.ts"],
    forbid: String.raw`^\.\./(emit|ide)/|^\.\./api\.js$|(^|/)runtime/|${ABOVE_COMPILER}`,
    why: "generator/lower imports check, parse and diagnostics",
  },
  {
    files: ["generator/emit/**/*.ts"],
    forbid: String.raw`^\.\./ide/|^\.\./api\.js$|${ABOVE_COMPILER}`,
    why: "generator/emit imports lower, check, parse and the runtime's types",
  },
  {
    files: ["generator/diagnostics/**/*.ts"],
    forbid: String.raw`^\.\./(check|lower|emit|ide)/|^\.\./api\.js$|(^|/)runtime/|${ABOVE_COMPILER}`,
    why: "diagnostics are used by every stage and use none",
  },
  { files: ["generator/ide/**/*.ts", "generator/*.ts"], forbid: ABOVE_COMPILER, why: "the compiler does not depend on its command line, tests or output" },
  { files: ["cli/**/*.ts"], forbid: String.raw`(^|/)(test|generated)/`, why: "the CLI does not depend on tests or committed output" },
  {
    files: ["generated/**/model.ts"],
    forbid: String.raw`(^|/)(generator|cli|test)/|(^|/)runtime/(?!contract/index\.js$)|^spec2ts/runtime(?!/contract$)`,
    why: "generated models import the runtime's contract barrel (runtime/contract/index.js) only",
  },
  { files: ["generated/**/*.test.ts"], forbid: String.raw`(^|/)(generator|cli|test)/`, why: "generated tests import the runtime only" },
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      ".cache/**",
      "generator/parse/parser.generated.js",
      "editor/vscode/node_modules/**",
      "**/*.d.ts",
      "test/fixtures/**",
    ],
  },
  {
    // generated/ is held to the layering rule only: its style is the generator's (tested by golden files).
    files: ["generator/**/*.ts", "runtime/**/*.ts", "cli/**/*.ts", "scripts/**/*.{ts,mts}", "bench/**/*.ts", "test/**/*.ts"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "no-mixed-operators": [
        "error",
        {
          groups: [
            ["&&", "||"],
            ["??", "||"],
            ["??", "&&"],
            ["&", "|", "^"],
          ],
          allowSamePrecedence: true,
        },
      ],
      "max-lines": ["warn", { max: 600, skipBlankLines: true, skipComments: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Escaping control characters (terminal output, emitted comments, hostile input tests) is the job of
      // several modules: their regular expressions name those characters on purpose.
      "no-control-regex": "off",
    },
  },
  {
    // Test oracles are written compactly (`cond && (a(), b())` loops over small graphs): allowed there only.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-unused-expressions": "off" },
  },
  { files: ["generated/**/*.ts"], languageOptions: { parser: tseslint.parser } },
  ...LAYERS.map(({ files, forbid, why }) => ({
    files,
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ regex: forbid, message: why, allowTypeImports: files[0] === "generator/emit/**/*.ts" }] },
      ],
    },
  })),
);
