/**
 * What the parts of the model assembler (module.ts and the model-*.ts, step-table.ts, workload-table.ts
 * files it calls) share: the compilers and environment of one spec's model, the record of one atomic
 * step, and the doc-comment and location helpers every declaration uses.
 */
import type { Stmt } from "../parse/ast.js";
import type { CheckedSpec } from "../check/checked.js";
import type { LoweredStep } from "../lower/ir.js";
import type { Env, ExprCompiler } from "./expr.js";
import type { Owner, StepCompiler } from "./steps.js";
import { docText } from "./names.js";
import { blockCommentText } from "./escape.js";

/** The spec and the compilers one model is emitted with (one of each per model: they number its check sites). */
export interface ModelCtx {
  readonly spec: CheckedSpec;
  readonly ec: ExprCompiler;
  readonly sc: StepCompiler;
  /** The environment of a method on state `s` with the model's constants (`this`). */
  readonly env0: Env;
}

/** Everything the module assembler needs to know about one atomic step. */
export interface StepInfo {
  readonly id: number;
  readonly name: string;
  readonly method: string;
  readonly owner: Owner;
  /** The step's lowered control flow. */
  readonly lowered: LoweredStep;
  /** The step's label (processes and procedures). */
  readonly label?: string;
  readonly line: number;
  readonly doc?: string;
}

/** True when the statements mention `self` (the step then binds it from its instance). */
export function usesSelf(stmts: readonly Stmt[]): boolean {
  return JSON.stringify(stmts, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)).includes('"SelfExpr"');
}

/** `file:line` of a span's start. */
export function loc(span: { file: string; start: { line: number } }): string {
  return `${span.file}:${span.start.line}`;
}

/**
 * A declaration's doc comment: the spec's doc text, then `what` it is with its source location
 * (`` `P` step `L` (file:line): source ``), or `Source: file:line`, or `extra` then `Source: file:line`.
 */
export function doc(text: string | undefined, loc: string, extra?: string, what?: { readonly name: string; readonly rest: string }): string {
  const where = blockCommentText(loc);
  const tail = what ? `${what.name} (${where})${what.rest}` : `Source: ${where}`;
  const lines = [text ? docText(text) : undefined, extra, tail].filter((x): x is string => x !== undefined && x !== "");
  return lines.join("\n\n");
}
