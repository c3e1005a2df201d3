/**
 * Label and control-flow rules of processes and procedures (PlusCal's): bodies start with a label,
 * `while` is labelled, labels are unique, `goto` targets exist, and wherever a step must end (after a
 * compound statement containing a label or a `call`) the next statement is labelled. These rules are
 * what make "statements between two labels are one atomic step" well defined.
 */
import type { Stmt, Ident } from "../parse/ast.js";
import { error, warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "./analyze.js";

/** Every label in a statement list (nested), in source order. */
export function labelsOf(body: readonly Stmt[]): Ident[] {
  const out: Ident[] = [];
  const walk = (ss: readonly Stmt[]): void => {
    for (const s of ss) {
      if (s.label) out.push(s.label);
      for (const child of childLists(s)) walk(child);
    }
  };
  walk(body);
  return out;
}

/** The nested statement lists of a compound statement. */
export function childLists(s: Stmt): (readonly Stmt[])[] {
  switch (s.kind) {
    case "IfStmt":
      return s.else ? [s.then, s.else] : [s.then];
    case "WhileStmt":
    case "WithStmt":
    case "BlockStmt":
      return [s.body];
    case "EitherStmt":
      return [...s.branches];
    default:
      return [];
  }
}

/** True when the statement (or anything nested in it) is labelled or is a `call`: the step must end after it. */
export function breaksStep(s: Stmt): boolean {
  if (s.kind === "CallStmt" && s.isCall) return true;
  return childLists(s).some((l) => l.some((c) => c.label !== undefined || breaksStep(c)));
}

/** Checks the control rules of one process or procedure body. */
export function checkControl(body: readonly Stmt[], owner: string, at: Ident, diagnostics: Diagnostic[]): void {
  const first = body[0];
  if (!first) {
    diagnostics.push(error("E502", `\`${owner}\` has no statements; a process or procedure body starts with a labelled statement`, at.span));
    return;
  }
  if (!first.label) {
    diagnostics.push(error("E502", `the first statement of \`${owner}\` must have a label (\`Start: …\`), which names its first atomic step`, first.span));
  }
  const labels = labelsOf(body);
  const seen = new Map<string, Ident>();
  for (const l of labels) {
    const prev = seen.get(l.name);
    if (prev) {
      diagnostics.push(error("E504", `label \`${l.name}\` is used twice in \`${owner}\``, l.span, [{ message: "first used here", span: prev.span }]));
    } else seen.set(l.name, l);
    if (l.name === "Done") diagnostics.push(error("E504", "`Done` is reserved for the control state of a finished process", l.span));
  }
  const walk = (ss: readonly Stmt[], inWith: boolean): void => {
    ss.forEach((s, i) => {
      if (s.kind === "WhileStmt" && !s.label) {
        diagnostics.push(error("E503", "a `while` loop must have a label: each test of its condition starts an atomic step", s.span));
      }
      if (inWith && s.label) {
        diagnostics.push(error("E509", "labels are not allowed inside `with`: the choice and its body form one atomic step", s.label.span));
      }
      if (s.kind === "GotoStmt" && !seen.has(s.target.name) && s.target.name !== "Done") {
        diagnostics.push(
          error(
            "E501",
            `\`goto ${s.target.name}\`: there is no label \`${s.target.name}\` in \`${owner}\`${didYouMean(s.target.name, seen.keys())}`,
            s.target.span,
          ),
        );
      }
      const next = ss[i + 1];
      if (next && !next.label && breaksStep(s)) {
        const isCall = s.kind === "CallStmt";
        const okAfterCall = isCall && (next.kind === "ReturnStmt" || next.kind === "GotoStmt");
        if (!okAfterCall) {
          const note = isCall ? [] : breakNote(s);
          const why = note[0]?.message.startsWith("label") ? "a label" : "a `call`";
          diagnostics.push(
            error(
              "E505",
              isCall
                ? "the statement after a `call` must be labelled (or be `return`/`goto`): the procedure returns to a label"
                : `the statement after this \`${STMT_WORD[s.kind] ?? "compound statement"}\` must be labelled: the \`${STMT_WORD[s.kind] ?? "statement"}\` contains ${why}, so the atomic step ends after it`,
              next.span,
              isCall && s.kind === "CallStmt" ? [{ message: `the \`call ${s.callee.name}\` is here`, span: s.callee.span }] : note,
            ),
          );
        }
      }
      for (const child of childLists(s)) walk(child, inWith || s.kind === "WithStmt");
    });
  };
  walk(body, false);
  reportUnreachable(body, owner, diagnostics);
}

const STMT_WORD: Partial<Record<Stmt["kind"], string>> = { IfStmt: "if", EitherStmt: "either", WithStmt: "with", WhileStmt: "while", BlockStmt: "block" };

/** A note pointing at the first nested label or `call` that makes `s` end the step. */
function breakNote(s: Stmt): { message: string; span: Ident["span"] }[] {
  for (const list of childLists(s)) {
    for (const c of list) {
      if (c.label) return [{ message: `label \`${c.label.name}\` is here`, span: c.label.span }];
      if (c.kind === "CallStmt" && c.isCall) return [{ message: `the \`call ${c.callee.name}\` is here`, span: c.callee.span }];
      const inner = breakNote(c);
      if (inner.length > 0) return inner;
    }
  }
  return [];
}

/** Labels that no control path reaches (only via fallthrough, goto, loops): a warning. */
function reportUnreachable(body: readonly Stmt[], owner: string, diagnostics: Diagnostic[]): void {
  const gotos = new Set<string>();
  const collect = (ss: readonly Stmt[]): void => {
    for (const s of ss) {
      if (s.kind === "GotoStmt") gotos.add(s.target.name);
      for (const c of childLists(s)) collect(c);
    }
  };
  collect(body);
  // A labelled statement is unreachable when it directly follows an unconditional goto/return in the
  // same list and nothing jumps to it.
  const walk = (ss: readonly Stmt[]): void => {
    ss.forEach((s, i) => {
      const prev = ss[i - 1];
      if (s.label && prev && (prev.kind === "GotoStmt" || prev.kind === "ReturnStmt") && !gotos.has(s.label.name)) {
        diagnostics.push(warning("W102", `label \`${s.label.name}\` in \`${owner}\` is unreachable: nothing jumps to it`, s.label.span));
      }
      for (const c of childLists(s)) walk(c);
    });
  };
  walk(body);
}

/** Reports labels where none are allowed (actions, macros). */
export function forbidLabels(body: readonly Stmt[], what: string, diagnostics: Diagnostic[]): void {
  for (const l of labelsOf(body)) {
    diagnostics.push(error("E507", `labels are not allowed in ${what}: the whole body is one atomic step`, l.span));
  }
}
