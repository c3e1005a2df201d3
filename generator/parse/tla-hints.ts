/**
 * `help:` lines for TLA+/PlusCal/Quint syntax typed by habit (issue 13 item 7). A hint is given only
 * when the foreign token is at the error position: it covers the offset where the parse failed, or
 * (for tokens spec2ts reads as something else, e.g. `\cup` as `\` then the name `cup`) it is the token
 * right before the error on the same line. Hints never change what parses; they only add a line to
 * the E101 diagnostic. The spec2ts forms are those of docs/language.md; docs/from-tla.md has the table.
 */
import { previousTokenEnd, type Trivia } from "./trivia.js";

/** One family of foreign tokens and the spec2ts form to use instead. */
export interface TlaHint {
  /** Stable name, used by tests ("every hint is reachable"). */
  readonly id: string;
  /** The foreign spellings, matched literally (case-sensitive). */
  readonly tokens: readonly string[];
  /** `{tok}` stands for the token as typed. */
  readonly help: string;
  /** Also when the token ends right before the error (same line), not only when it covers it. */
  readonly before: boolean;
}

export const TLA_HINTS: readonly TlaHint[] = [
  { id: "notin", tokens: ["\\notin"], before: true, help: "did you mean `notin`? spec2ts writes TLA+'s `x {tok} S` as `x notin S`" },
  { id: "in", tokens: ["\\in"], before: true, help: "did you mean `in`? spec2ts writes TLA+'s `x {tok} S` as `x in S`" },
  { id: "and", tokens: ["/\\", "\\land"], before: true, help: "did you mean `and`? spec2ts writes TLA+'s `{tok}` as `and` (or `&&`)" },
  { id: "or", tokens: ["\\/", "\\lor"], before: true, help: "did you mean `or`? spec2ts writes TLA+'s `{tok}` as `or` (or `||`)" },
  { id: "leadsto", tokens: ["~>"], before: false, help: "did you mean `leadsto`? spec2ts writes TLA+'s `P ~> Q` as `P leadsto Q`" },
  { id: "not", tokens: ["~", "\\lnot", "\\neg"], before: true, help: "did you mean `not`? spec2ts writes TLA+'s negation `{tok}` as `not` (or `!`)" },
  { id: "eventually", tokens: ["<>"], before: false, help: "spec2ts writes TLA+'s `<>P` as `eventually P` and `[]P` as `always P`" },
  { id: "forall", tokens: ["\\A"], before: false, help: "did you mean `forall`? spec2ts writes TLA+'s `\\A x \\in S : P` as `forall x in S: P`" },
  { id: "exists", tokens: ["\\E"], before: false, help: "did you mean `exists`? spec2ts writes TLA+'s `\\E x \\in S : P` as `exists x in S: P`" },
  { id: "union", tokens: ["\\union", "\\cup"], before: true, help: "did you mean `union`? spec2ts writes TLA+'s `S {tok} T` as `S union T`" },
  { id: "intersect", tokens: ["\\intersect", "\\cap"], before: true, help: "did you mean `intersect`? spec2ts writes TLA+'s `S {tok} T` as `S intersect T`" },
  { id: "subset", tokens: ["\\subseteq"], before: true, help: "did you mean `subset`? spec2ts writes TLA+'s `S \\subseteq T` as `S subset T`" },
  { id: "product", tokens: ["\\X", "\\times"], before: true, help: "spec2ts writes TLA+'s `S {tok} T` as `product(S, T)`" },
  { id: "powerset", tokens: ["SUBSET"], before: true, help: "spec2ts writes TLA+'s `SUBSET S` as `powerset(S)`" },
  { id: "domain", tokens: ["DOMAIN"], before: true, help: "spec2ts writes TLA+'s `DOMAIN f` as `domain(f)`" },
  {
    id: "unchanged",
    tokens: ["UNCHANGED"],
    before: true,
    help: "spec2ts has no `UNCHANGED`: a variable a step does not assign keeps its value, so leave it out",
  },
  {
    id: "except",
    tokens: ["EXCEPT"],
    before: false,
    help: "spec2ts writes TLA+'s `[f EXCEPT ![k] = v]` as `f with [k] = v` (or assigns `f[k] = v;` in a step)",
  },
  {
    id: "keyword-case",
    tokens: ["IF", "THEN", "ELSE", "LET", "IN", "CHOOSE", "CASE"],
    before: true,
    help: "spec2ts keywords are lowercase: `if c then a else b`, `let x = e in body`, `choose x in S: P` (no `CASE`: nest `if`)",
  },
  { id: "boolean", tokens: ["TRUE", "FALSE"], before: true, help: "spec2ts spells the booleans `true` and `false`" },
  { id: "assign", tokens: [":="], before: false, help: "did you mean `=`? spec2ts assigns with `x = e;` (PlusCal's `x := e`) and compares with `==`" },
  { id: "not-equal", tokens: ["/=", "#"], before: false, help: "did you mean `!=`? spec2ts writes TLA+'s `x {tok} y` as `x != y`" },
];

/** Prime: `x'` (TLA+'s next-state value). */
const PRIME_HELP = "spec2ts has no primed variables: assign `x = e;` inside an action or process step (later statements see the new value)";
/** `Foo == e` at the top level. */
const DEFINE_HELP =
  "spec2ts has no `Name == e` definitions: write `def Name: T = e;` (a state predicate to check is `invariant Name: e;`, a step `action Name { … }`)";
/** `<<x, y>> = …` as a statement. */
const TUPLE_STMT_HELP = "a tuple `<<a, b>>` is a value, not a place to assign: assign each variable (`x = e1; y = e2;`)";
/** `\E <<a, b>> \in S` as a binder. */

/** The hints that are not found by token (for the reachability test). */
export const SPECIAL_HINTS: Readonly<Record<string, string>> = {
  prime: PRIME_HELP,
  define: DEFINE_HELP,
  "tuple-statement": TUPLE_STMT_HELP,
};

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** Is `tok` at `start` a whole token (a word is not part of a longer word, `\in` not of `\intersect`)? */
function wholeAt(text: string, tok: string, start: number): boolean {
  if (!text.startsWith(tok, start)) return false;
  const last = tok[tok.length - 1];
  if (isWordChar(last) && isWordChar(text[start + tok.length])) return false;
  const first = tok[0];
  if (isWordChar(first) && (isWordChar(text[start - 1]) || text[start - 1] === "\\")) return false;
  // `~` of `~>`, `/` of `/\`: the longer token is matched by its own entry.
  if (tok === "~" && text[start + 1] === ">") return false;
  return true;
}

/** Where the error is, in words the hints test. */
export interface HintSite {
  readonly text: string;
  readonly trivia: Trivia;
  readonly offset: number;
  /** describeExpectations(...) of the failure. */
  readonly items: readonly string[];
}

/** The matching hint: its id and its help text, or undefined. */
export function tlaHint(site: HintSite): { id: string; help: string } | undefined {
  const { text, trivia, offset, items } = site;
  // Top-level `Foo == e` / `Foo(x) == e`.
  if (items.includes("a declaration") && /^[A-Za-z_][A-Za-z0-9_]*[ \t]*(\([^()\n]*\))?[ \t]*==/.test(text.slice(offset, offset + 200))) {
    return { id: "define", help: DEFINE_HELP };
  }
  if (text[offset] === "'" && isWordChar(text[offset - 1])) return { id: "prime", help: PRIME_HELP };
  if (text.startsWith("<<", offset)) {
    if (items.includes("a statement")) return { id: "tuple-statement", help: TUPLE_STMT_HELP };
  }
  // First a token covering the error offset, then one just before the error on its line.
  for (const h of TLA_HINTS) {
    for (const tok of h.tokens) {
      for (let s = Math.max(0, offset - tok.length + 1); s <= offset; s++) {
        if (wholeAt(text, tok, s)) return { id: h.id, help: h.help.replace("{tok}", tok) };
      }
    }
  }
  const prevEnd = previousTokenEnd(text, trivia, offset);
  if (/[\r\n]/.test(text.slice(prevEnd, offset))) return undefined;
  for (const h of TLA_HINTS) {
    if (!h.before) continue;
    for (const tok of h.tokens) {
      if (prevEnd >= tok.length && wholeAt(text, tok, prevEnd - tok.length)) return { id: h.id, help: h.help.replace("{tok}", tok) };
    }
  }
  return undefined;
}
