/**
 * Arbitraries of hostile inputs for the front end: random strings, and mutations of the repository's
 * specs (token deletion, duplication, swaps, replacement, truncation, huge literals, deep nesting,
 * unicode identifiers, CRLF, BOM, NUL bytes).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { ROOT, specFiles } from "./harness.js";

/**
 * A conformance port that a known, open spec2ts bug breaks (its `expected.json` has `blockedBy`, see
 * test/conformance/README.md): its mutants would hit that bug, not find a new one.
 */
function blockedConformancePort(file: string): boolean {
  const m = /^test\/conformance\/([^/]+)\/\1\.tspec$/.exec(file);
  if (!m) return false;
  const exp = path.resolve(ROOT, "test/conformance", m[1] as string, "expected.json");
  return fs.existsSync(exp) && (JSON.parse(fs.readFileSync(exp, "utf8")) as { blockedBy?: string }).blockedBy !== undefined;
}

/** The specs whose mutations are fuzzed: every `.tspec` under specs/ and test/ (fixtures included). */
export const SEED_SPECS: readonly { file: string; text: string }[] = specFiles("specs", "test")
  .filter((file) => !blockedConformancePort(file))
  .map((file) => ({
    file,
    text: fs.readFileSync(path.resolve(ROOT, file), "utf8"),
  }));

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|[A-Za-z_][A-Za-z0-9_]*|\d+|\.\.|==|!=|<=>|<=|>=|=>|\|->|&&|\|\||[\s\S]/g;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const KEYWORDS = (
  "spec extends override const type enum var def invariant property action process procedure macro workload run expect holds " +
  "violates deadlock assertion lock_error spec_error check fair strong when in notin subset union intersect minus and or not if " +
  "then else let forall exists choose true false none self bool set map seq option mutex rwlock pid while goto await either with " +
  "assert skip call return acquire release read_lock read_unlock write_lock write_unlock always eventually leadsto symmetric"
).split(" ");

const PUNCT = [
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ";",
  ":",
  ",",
  ".",
  "..",
  "=",
  "==",
  "|->",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "\\",
  '"',
  "/*",
  "*/",
  "//",
  "///",
  "/**",
];

const WEIRD = [
  "0..99999999999999999999",
  "99999999999999999999",
  "9007199254740992",
  "9007199254740991",
  "1099511627776",
  "ñame",
  "变量",
  "x\u200by",
  "\u{1F600}",
  "\u0000",
  "\uFEFF",
  "\r",
  "\r\n",
  "\t",
  "\u2028",
  "\uD800",
  '"unterminated',
  "/* unterminated",
  '"\\q"',
  '"*/ process.exit(1) /*"',
  "`${process.exit(1)}`",
  "__proto__",
  "constructor",
  "-",
  "--1",
];

export type Op =
  | { kind: "delete"; at: number }
  | { kind: "duplicate"; at: number }
  | { kind: "swap"; at: number; with: number }
  | { kind: "replaceKeyword"; at: number; kw: number }
  | { kind: "replacePunct"; at: number; p: number }
  | { kind: "insertWeird"; at: number; w: number }
  | { kind: "copyToken"; at: number; from: number }
  | { kind: "truncate"; at: number }
  | { kind: "deepParens"; at: number; depth: number }
  | { kind: "deepIfs"; at: number; depth: number }
  | { kind: "longChain"; at: number; depth: number }
  | { kind: "crlf" }
  | { kind: "bom" }
  | { kind: "unicodeIdent"; at: number };

const pos = fc.nat({ max: 1_000_000 });

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: pos }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), at: pos }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("swap" as const), at: pos, with: pos }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("replaceKeyword" as const), at: pos, kw: fc.nat({ max: KEYWORDS.length - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("replacePunct" as const), at: pos, p: fc.nat({ max: PUNCT.length - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("insertWeird" as const), at: pos, w: fc.nat({ max: WEIRD.length - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("copyToken" as const), at: pos, from: pos }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: pos }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deepParens" as const), at: pos, depth: fc.constantFrom(50, 500, 1000, 3000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deepIfs" as const), at: pos, depth: fc.constantFrom(20, 200, 1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("longChain" as const), at: pos, depth: fc.constantFrom(100, 1000, 10000) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "crlf" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "bom" as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("unicodeIdent" as const), at: pos }) },
);

/** Index of the `n`-th (mod count) token satisfying `pred`, or -1. */
function nth(tokens: readonly string[], n: number, pred: (t: string) => boolean): number {
  const idx: number[] = [];
  tokens.forEach((t, i) => {
    if (pred(t)) idx.push(i);
  });
  return idx.length === 0 ? -1 : (idx[n % idx.length] as number);
}

const significant = (t: string): boolean => !/^\s+$/.test(t);
const ident = (t: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*$/.test(t);

/** Applies one mutation. */
export function applyOp(text: string, op: Op): string {
  const tokens = tokenize(text);
  const sig = (n: number): number => nth(tokens, n, significant);
  const join = (): string => tokens.join("");
  switch (op.kind) {
    case "delete": {
      const i = sig(op.at);
      if (i >= 0) tokens.splice(i, 1);
      return join();
    }
    case "duplicate": {
      const i = sig(op.at);
      if (i >= 0) tokens.splice(i, 0, tokens[i] as string, " ");
      return join();
    }
    case "swap": {
      const i = sig(op.at);
      const j = sig(op.with);
      if (i >= 0 && j >= 0) [tokens[i], tokens[j]] = [tokens[j] as string, tokens[i] as string];
      return join();
    }
    case "replaceKeyword": {
      const i = sig(op.at);
      if (i >= 0) tokens[i] = KEYWORDS[op.kw] as string;
      return join();
    }
    case "replacePunct": {
      const i = sig(op.at);
      if (i >= 0) tokens[i] = PUNCT[op.p] as string;
      return join();
    }
    case "insertWeird": {
      const i = sig(op.at);
      tokens.splice(Math.max(0, i), 0, WEIRD[op.w] as string);
      return join();
    }
    case "copyToken": {
      const i = sig(op.at);
      const j = sig(op.from);
      if (i >= 0 && j >= 0) tokens[i] = tokens[j] as string;
      return join();
    }
    case "truncate":
      return text.slice(0, text.length === 0 ? 0 : op.at % text.length);
    case "deepParens": {
      // Wrap an identifier or number in `depth` parentheses.
      const i = nth(tokens, op.at, (t) => ident(t) || /^\d+$/.test(t));
      if (i >= 0) tokens[i] = "(".repeat(op.depth) + (tokens[i] as string) + ")".repeat(op.depth);
      return join();
    }
    case "deepIfs": {
      // After a `;`, nest `depth` ifs around a skip (only well-formed inside a step).
      const i = nth(tokens, op.at, (t) => t === ";");
      if (i >= 0) tokens[i] = `; ${"if true { ".repeat(op.depth)}skip; ${"} ".repeat(op.depth)}`;
      return join();
    }
    case "longChain": {
      // Replace a number by a left-associative chain `n + 0 + 0 …` (deep AST, flat text).
      const i = nth(tokens, op.at, (t) => /^\d+$/.test(t));
      if (i >= 0) tokens[i] = `${tokens[i]}${" + 0".repeat(op.depth)}`;
      return join();
    }
    case "crlf":
      return text.replace(/\r?\n/g, "\r\n");
    case "bom":
      return `\uFEFF${text}`;
    case "unicodeIdent": {
      const i = nth(tokens, op.at, ident);
      if (i >= 0) tokens[i] = `${tokens[i]}ü`;
      return join();
    }
  }
}

export interface Mutant {
  readonly file: string;
  readonly text: string;
  readonly ops: readonly Op[];
}

/** A seed spec with 1–3 mutations applied. */
export const mutantArb: fc.Arbitrary<Mutant> = fc
  .record({ seed: fc.nat({ max: SEED_SPECS.length - 1 }), ops: fc.array(opArb, { minLength: 1, maxLength: 3 }) })
  .map(({ seed, ops }) => {
    const s = SEED_SPECS[seed] as { file: string; text: string };
    return { file: s.file, text: ops.reduce(applyOp, s.text), ops };
  });

/** Random text: arbitrary unicode, or strings over the spec alphabet (more likely to get past the lexer). */
export const randomTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.array(fc.constantFrom(...KEYWORDS, ...PUNCT, ...WEIRD, "x", "y", "N", "0", "1", "2", " ", "\n", "spec S\n"), { maxLength: 80 }).map((xs) => xs.join(" ")),
  fc.array(fc.constantFrom(...KEYWORDS, ...PUNCT, "x", "1", " ", "\n"), { maxLength: 60 }).map((xs) => `spec S\n${xs.join(" ")}`),
);
