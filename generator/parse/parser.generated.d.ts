/**
 * Hand-written types for the peggy-generated parser (parser.generated.js, built by
 * scripts/build-grammar.js from grammar/spec2ts.peggy). Use `parseSpec` (parse.ts) instead of calling
 * this directly: it adds recovery, doc comments and readable diagnostics.
 */
import type { Decl, Expr, Ident, Pos, SpecFile, StrLit, Span, TypeExpr } from "./ast.js";

/** The parsed `spec Name extends "base"` header, reported through `ParserOptions.onHeader`. */
export interface ParsedHeader {
  readonly name: Ident;
  readonly extends: StrLit | null;
  readonly span: Span;
}

/** Options understood by the generated parser. */
export interface ParserOptions {
  /** File name recorded in every span. */
  readonly file: string;
  /** Node-id counter, shared by all parses of one file so ids stay unique. */
  readonly ids: { next: number };
  /** Called once the spec header has parsed (even if a later declaration fails). */
  readonly onHeader?: (header: ParsedHeader) => void;
  /** Called for every top-level declaration as soon as it has parsed. */
  readonly onDecl?: (decl: Decl) => void;
  readonly grammarSource?: string;
}

/** One entry of peggy's "expected …" list. */
export type Expectation =
  | { readonly type: "literal"; readonly text: string; readonly ignoreCase: boolean }
  | { readonly type: "class"; readonly parts: readonly (string | readonly [string, string])[]; readonly inverted: boolean; readonly ignoreCase: boolean }
  | { readonly type: "any" }
  | { readonly type: "end" }
  | { readonly type: "other"; readonly description: string };

/** peggy's syntax error: the farthest failure position and what would have been accepted there. */
export declare class SyntaxError extends Error {
  readonly expected: readonly Expectation[] | null;
  readonly found: string | null;
  readonly location: { readonly start: Pos; readonly end: Pos };
}

export declare const StartRules: readonly string[];

export function parse(input: string, options: ParserOptions & { readonly startRule?: "SpecFile" }): SpecFile;
export function parse(input: string, options: ParserOptions & { readonly startRule: "DeclList" }): Decl[];
export function parse(input: string, options: ParserOptions & { readonly startRule: "ExprOnly" }): Expr;
export function parse(input: string, options: ParserOptions & { readonly startRule: "TypeOnly" }): TypeExpr;
