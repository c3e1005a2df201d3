/**
 * The canonical `.tspec` formatter: `printSpec(spec, text)` is `text` (parsed as `spec`) in house
 * style — 2-space indentation, one item per line, canonical operator spellings (`and`, `or`, `not`,
 * `minus`), lines broken at WIDTH (100) columns by a Wadler-style layout (binary chains one operand
 * per line, operator first, under the first operand; `if … then … else` with each `else` on its own
 * line; declaration bodies on the next line, indented), PlusCal step layout (the statements of a
 * labelled step lined up after its label), `if (c)` / `while (c)` conditions always in parentheses
 * (the C/PlusCal convention every spec uses; the AST does not record source parentheses, so neither
 * does the output), and the parentheses precedence requires plus a fixed set of readability ones
 * (see `operand`), never depending on the source's.
 *
 * Comments: doc comments are part of the AST, printed as `///` lines, or as a `/** *\/` block when
 * the source wrote one. Given the source `text`,
 * every other comment is kept too, verbatim (trailing whitespace trimmed, ` * ` lines of a block
 * comment re-indented), placed by comments.ts relative to the nearest declaration, workload item,
 * local or statement: leading comments on their own lines at that item's indentation, end-of-line
 * comments at the end of the line where the item they follow ends, comments after a `{` on its line
 * after the `{`, comments at the end of a block before its `}`, and comments at the end of the file
 * at the end. A comment *inside* an item but not inside one of its blocks — in an expression, a type,
 * a declaration head, between `}` and `else`, after a label — moves to its own line before the
 * innermost enclosing statement/declaration. Blank lines between items and comments are kept where
 * the source had one or more (at most one is printed), except at the start and end of a block; the
 * header is always followed by one. Without `text`, no comments beyond docs are printed and every
 * declaration is its own paragraph.
 *
 * Guarantees (tested): parse(print(parse(x))) equals parse(x) ignoring ids and spans; printing is
 * idempotent; the comments of x (other than attached doc comments) are those of the output. Two trees
 * the grammar cannot express are printed best-effort: a `leadsto` nested inside another `leadsto`,
 * and a set map whose body is a record-like bare name is parenthesised (`{(x) : x in S}`).
 */
import {
  assertNever,
  writtenBody,
  type Decl,
  type DisplayMap,
  type Expr,
  type FairEach,
  type Ident,
  type LocalDecl,
  type Param,
  type RefineItem,
  type SpecFile,
  type StrLit,
  type Stmt,
  type Temporal,
  type TypeExpr,
  type WorkloadItem,
} from "./ast.js";
import { planComments, type CommentPlan, type ListItem, type RecordField } from "./comments.js";
import { align, group, indent, join, line, render, WIDTH, type Doc } from "./print-doc.js";
import { ADD, IMPLIES, OR, binderDoc, callDoc, expr, exprDoc, levelOf, operand, pathDoc, printExpr, str } from "./print-expr.js";
import type { Comment } from "./trivia.js";

export { astEqual, stripSpans, type Stripped } from "./ast-equal.js";
export { WIDTH } from "./print-doc.js";
export { printExpr } from "./print-expr.js";

/** Where the comments of the source go, when printing a parsed source; undefined: no comments. */
type Cx = CommentPlan | undefined;

// ---------------------------------------------------------------------------------------------
// Declarations

/**
 * Formats a whole spec file (ends with a newline). With `source` (the text `spec` was parsed from)
 * its comments and paragraph breaks are kept; without, only doc comments.
 */
export function printSpec(spec: SpecFile, source?: string): string {
  const cx: Cx = source === undefined ? undefined : planComments(spec, source);
  let out = "";
  if (cx !== undefined) {
    for (const e of cx.header) if (e.kind === "comment") out += `${e.blank ? "\n" : ""}${commentText(cx, e.comment, "")}\n`;
    if (cx.header.length > 0 && cx.headerBlank) out += "\n";
  }
  const inHeader = embedded(cx, spec);
  out += `${docText(spec.doc, cx?.blockDoc.has(spec) ?? false)}spec${inHeader}${inHeader === "" ? " " : ""}${spec.name.name}${spec.extends ? ` extends ${str(spec.extends.value)}` : ""}`;
  out += `${openComments(cx, spec.decls)}\n`;
  const decls = list(cx, spec.decls, spec.decls, uniform(""), (d) => printDecl(d as Decl, cx), true);
  return decls === "" ? out : `${out}\n${decls}`;
}

/** Formats one declaration (no trailing newline); `cx` places the comments inside it. */
export function printDecl(d: Decl, cx?: CommentPlan): string {
  const prefix = docText(d.doc, cx?.blockDoc.has(d) ?? false) + (d.override ? "override " : "");
  const text = declBody(d, cx);
  const word = /^[a-z]+/.exec(text)?.[0] ?? "";
  const inside = embedded(cx, d);
  return inside === "" ? prefix + text : prefix + word + inside + text.slice(word.length).trimStart();
}

/** The comments embedded after the first keyword of `node`, each ending its line; "" when none. */
function embedded(cx: Cx, node: Decl | SpecFile): string {
  const cs = cx?.embedded(node) ?? [];
  return cs.map((c, i) => `${i === 0 ? " " : ""}${commentText(cx, c, "")}\n`).join("");
}

/** How the lines of a list are indented: an item's first line, and a comment before `next` (undefined: at the end). */
interface Layout {
  prefix(n: ListItem): string;
  commentInd(next: ListItem | undefined): string;
}

const uniform = (ind: string): Layout => ({ prefix: () => ind, commentInd: () => ind });

/**
 * The lines of a list (each ending in a newline) laid out by `lay`: its items printed by `item`
 * (first line without the prefix), with their comments when printing a source. `paragraphs`: without
 * a source, a blank line separates items.
 */
function list(cx: Cx, key: readonly unknown[], items: readonly ListItem[], lay: Layout, item: (n: ListItem) => string, paragraphs: boolean): string {
  const entries = cx?.list(key)?.entries ?? items.map((node, i) => ({ kind: "item" as const, node, trailing: [], blank: paragraphs && i > 0 }));
  const next: (ListItem | undefined)[] = [];
  for (let i = entries.length - 1, n: ListItem | undefined; i >= 0; i--) {
    const e = entries[i];
    if (e?.kind === "item") n = e.node;
    next[i] = n;
  }
  let out = "";
  entries.forEach((e, i) => {
    if (i > 0 && e.blank) out += "\n";
    const ind = lay.commentInd(next[i]);
    if (e.kind === "comment") out += `${ind}${commentText(cx, e.comment, ind)}\n`;
    else out += `${lay.prefix(e.node)}${item(e.node)}${e.trailing.map((c) => ` ${commentText(cx, c, ind)}`).join("")}\n`;
  });
  return out;
}

/** The comments after a list's `{` on its line, each preceded by a space. */
function openComments(cx: Cx, key: readonly unknown[]): string {
  return (cx?.list(key)?.open ?? []).map((c) => ` ${commentText(cx, c, "")}`).join("");
}

/** True when the list `key` is empty in the source but has comments (so `{}` must open). */
function hasComments(cx: Cx, key: readonly unknown[]): boolean {
  return cx?.list(key)?.hasComments ?? false;
}

/**
 * A comment's text as printed at indentation `ind`: line comments right-trimmed; block comments
 * with every line right-trimmed and, when each line after the first starts with `*`, those lines
 * re-indented to ` *` under the opening `/*`.
 */
function commentText(cx: Cx, c: Comment, ind: string): string {
  const raw = cx === undefined ? "" : cx.text.slice(c.start, c.end);
  if (c.kind === "line" || c.kind === "docLine") return raw.trimEnd();
  const lines = raw.split("\n").map((l) => l.trimEnd());
  const rest = lines.slice(1);
  if (rest.length > 0 && rest.every((l) => /^\s*\*/.test(l))) return [lines[0], ...rest.map((l) => `${ind} ${l.trimStart()}`)].join("\n");
  return lines.join("\n");
}

/** `head` then ` body;`, or, when that does not fit, the body on the next lines indented by 2 (from `ind`). */
function headed(head: Doc, body: Expr, ind = 0, end = ";"): string {
  // `head: gate =>` keeps a (short) premise on the head line, the consequent below (`CHECK_X => …`).
  if (body.kind === "BinaryExpr" && body.op === "implies" && levelOf(body.left) > OR) {
    return render([group(head, " ", operand("implies", body.left, OR), " =>", indent(line, operand("implies", body.right, IMPLIES))), end], ind);
  }
  return render([group(head, indent(line, exprDoc(body))), end], ind);
}

function declBody(d: Decl, cx: Cx): string {
  switch (d.kind) {
    case "ConstDecl":
      return headed(`const ${d.name.name}: ${printType(d.type, cx)} =`, d.value);
    case "TypeDecl":
      if (d.type.kind === "VariantType") {
        const v = variantDecl(d.name.name, d.type, cx);
        return d.display === undefined ? v : withClauses(v.slice(0, -1), d.display);
      }
      return withClauses(`${d.symmetric ? "symmetric " : ""}type ${d.name.name} = ${printType(d.type, cx)}`, d.display);
    case "EnumDecl": {
      if (!hasComments(cx, d.members)) return `enum ${d.name.name} { ${d.members.map((m) => m.name).join(", ")} }`;
      const last = d.members[d.members.length - 1];
      const member = (m: ListItem): string => `${(m as Ident).name}${m === last ? "" : ","}`;
      return `enum ${d.name.name} {${openComments(cx, d.members)}\n${list(cx, d.members, d.members, uniform("  "), member, false)}}`;
    }
    case "VarDecl": {
      const head = `${d.ghost ? "ghost " : ""}var ${d.name.name}: ${printType(d.type, cx)}`;
      if (d.display === undefined && d.note === undefined) return d.init ? headed(`${head} ${d.init.mode === "eq" ? "=" : "in"}`, d.init.value) : `${head};`;
      return withClauses(d.init ? headed(`${head} ${d.init.mode === "eq" ? "=" : "in"}`, d.init.value, 0, "") : head, d.display, d.note);
    }
    case "DefDecl": {
      const params = d.params.length > 0 ? `(${d.params.map((p) => param(p, cx)).join(", ")})` : "";
      return headed(`def ${d.name.name}${params}: ${printType(d.result, cx)} =`, d.body);
    }
    case "InvariantDecl":
      return headed(`invariant ${d.name.name}:`, d.body);
    case "PropertyDecl":
      return render([group(`property ${d.name.name}:`, indent(line, temporal(d.body, true))), ";"], 0);
    case "ActionDecl": {
      const params = d.params.length > 0 ? ["(", align(join([",", line], d.params.map(binderDoc))), ")"] : "";
      const guard = d.guard ? [" when ", align(exprDoc(d.guard))] : "";
      return render(group(`${fair(d.fairness, d.each)}action ${d.name.name}`, params, guard, " {"), 0) + topBlock(writtenBody(d.body), cx);
    }
    case "ProcessDecl": {
      const inst = d.instances ? ["[self in ", exprDoc(d.instances), "]"] : "";
      return render([`${fair(d.fairness, d.each)}${d.symmetric ? "symmetric " : ""}process ${d.name.name}`, inst, " {"], 0) + topBlock(d.body, cx, d.locals);
    }
    case "ProcedureDecl":
      return `procedure ${d.name.name}(${d.params.map((p) => param(p, cx)).join(", ")}) {${topBlock(d.body, cx, d.locals)}`;
    case "MacroDecl":
      return `macro ${d.name.name}(${d.params.map((p) => p.name).join(", ")}) {${topBlock(d.body, cx)}`;
    case "WorkloadDecl": {
      // An override only restates verdicts: one row per workload, when it fits and has no comments.
      const row = `workload ${d.name.name} { ${d.items.map((i) => workloadItem(i)).join(" ")} }`;
      if (d.override && d.items.length > 0 && !hasComments(cx, d.items) && !row.includes("\n") && "override ".length + row.length <= WIDTH) return row;
      return d.items.length === 0 && !hasComments(cx, d.items)
        ? `workload ${d.name.name} {}`
        : `workload ${d.name.name} {${openComments(cx, d.items)}\n${list(cx, d.items, d.items, uniform("  "), (i) => workloadItem(i as WorkloadItem), false)}}`;
    }
    case "OptionDecl":
      return `check ${d.name.name} = ${d.value};`;
    case "RefinesDecl": {
      const head = `refines ${str(d.file.value)} with {`;
      if (d.items.length === 0 && !hasComments(cx, d.items)) return `${head}}`;
      const item = (n: ListItem): string => {
        const i = n as RefineItem;
        return render([i.isConst ? "const " : "", i.name.name, " = ", exprDoc(i.value), ";"], 2);
      };
      return `${head}${openComments(cx, d.items)}\n${list(cx, d.items, d.items, uniform("  "), item, false)}}`;
    }
    default:
      return assertNever(d);
  }
}

/** A doc comment as `///` lines or, with `block`, as one `/** *\/` (then `doc` has no `*\/`: it came from one). */
function docText(doc: string | undefined, block: boolean): string {
  if (doc === undefined || doc === "") return "";
  const lines = doc.split("\n");
  if (block) return lines.length === 1 ? `/** ${doc} */\n` : `/**\n${lines.map((l) => (l === "" ? " *\n" : ` * ${l}\n`)).join("")} */\n`;
  return lines.map((l) => `///${l === "" ? "" : ` ${l}`}\n`).join("");
}

function fair(f: "none" | "weak" | "strong", each?: FairEach): string {
  const e = each === undefined ? "" : each.names === undefined ? "each " : `each ${each.names.map((n) => n.name).join(", ")} `;
  return f === "none" ? "" : f === "weak" ? `fair ${e}` : `strong fair ${e}`;
}

function param(p: Param, cx: Cx): string {
  return `${p.name.name}: ${printType(p.type, cx)}`;
}

/** `type Msg = A { f: T } | B;` on one line when it fits, else one case per line after `=`. */
/**
 * A declaration `base` followed by its `display { … }` and `note "…"` clauses and `;`: on the last line of
 * `base` when they fit, else each on its own line (the display's entries one per line when it is long).
 */
function withClauses(base: string, display?: DisplayMap, note?: StrLit): string {
  const entries = (display?.entries ?? []).map((e) => `${printExpr(e.value)}: ${str(e.name.value)}`);
  const flatDisplay = display !== undefined ? `display { ${entries.join(", ")} }` : undefined;
  const noteText = note !== undefined ? `note ${str(note.value)}` : undefined;
  const clauses = [flatDisplay, noteText].filter((c): c is string => c !== undefined);
  const lastLine = base.slice(base.lastIndexOf("\n") + 1);
  const flat = `${lastLine} ${clauses.join(" ")};`;
  if (clauses.length === 0) return `${base};`;
  if (flat.length <= WIDTH && !base.includes("\n")) return `${base} ${clauses.join(" ")};`;
  const lines = [base];
  if (flatDisplay !== undefined) {
    if (`  ${flatDisplay}`.length <= WIDTH) lines.push(`  ${flatDisplay}`);
    else lines.push("  display {", ...entries.map((e) => `    ${e},`), "  }");
  }
  if (noteText !== undefined) lines.push(`  ${noteText}`);
  return `${lines.join("\n")};`;
}

function variantDecl(name: string, t: Extract<TypeExpr, { kind: "VariantType" }>, cx: Cx): string {
  const cases = t.cases.map((c) =>
    c.fields.length ? `${c.tag.name} {${c.fields.map((f) => `${f.name.name}: ${printType(f.type, cx)}`).join(", ")}}` : c.tag.name,
  );
  const flat = `type ${name} = ${cases.length === 1 ? "| " : ""}${cases.join(" | ")};`;
  if (flat.length <= WIDTH && !flat.includes("\n")) return flat;
  return `type ${name} =\n${cases.map((c) => `  | ${c}`).join("\n")};`;
}

function workloadItem(i: WorkloadItem): string {
  switch (i.kind) {
    case "WConst":
      return render(["const ", i.name.name, " = ", exprDoc(i.value), ";"], 2);
    case "WRun":
      return `run ${i.process.name}${i.instances ? `[${printExpr(i.instances)}]` : ""};`;
    case "WOption":
      return `check ${i.option.name} = ${i.value};`;
    case "WConstraint":
      return render(["constraint ", exprDoc(i.cond), ";"], 2);
    case "WExpect": {
      const e = i.expect;
      switch (e.kind) {
        case "violates":
          return `expect violates ${e.property.name};`;
        case "assertion":
          return `expect assertion${e.message ? ` ${str(e.message.value)}` : ""};`;
        case "holds":
        case "deadlock":
        case "lock_error":
        case "spec_error":
          return `expect ${e.kind};`;
        default:
          return assertNever(e);
      }
    }
    default:
      return assertNever(i);
  }
}

/** `top`: the whole property (or a top-level `forall`'s body), where `=>` and `forall` need no parentheses. */
function temporal(t: Temporal, top = false): Doc {
  // An operand of always / eventually / leadsto that is itself binary or a quantifier is parenthesised.
  const operand = (x: Temporal): Doc => (x.kind === "TLeadsTo" || x.kind === "TImplies" || x.kind === "TForall" ? ["(", temporal(x, true), ")"] : temporal(x));
  switch (t.kind) {
    case "TAlways":
      return ["always ", operand(t.arg)];
    case "TEventually":
      return ["eventually ", operand(t.arg)];
    case "TLeadsTo":
      return group(operand(t.left), indent(line, "leadsto ", operand(t.right)));
    case "TImplies": {
      const body = group(operand(t.left), indent(line, "=> ", t.right.kind === "TImplies" ? temporal(t.right, true) : operand(t.right)));
      return top ? body : ["(", body, ")"];
    }
    case "TForall": {
      const q = group("forall ", align(join([",", line], t.binders.map(binderDoc))), ":", indent(line, temporal(t.body, true)));
      return top ? q : ["(", q, ")"];
    }
    case "TState":
      return exprDoc(t.expr);
    default:
      return assertNever(t);
  }
}

// ---------------------------------------------------------------------------------------------
// Statements
//
// PlusCal layout: in a process/procedure body the labels hang in a gutter at the body's indentation
// and the statements of each atomic step start in the column after its label (`B1: write_lock lock;`
// and the rest of step B1 lined up under `write_lock`), so each step reads as one block. A label
// inside a nested block is printed in the same gutter, padded to its statement's column (when there
// is room, else before the statement); so are the comments before it. Without labels a body is
// indented by 2 as usual.

/** Where the statements of a block go: `base` the gutter column (labels), `col` the statements' column. */
interface SInd {
  readonly base: string;
  readonly col: string;
}

/**
 * The layout of the statements of a block, statement `n` at `indOf(n)`: a labelled one with its label
 * in the gutter (at `base`, padded to the statement's column) when there is room; a comment before it
 * in the gutter too. Locals go at the gutter column; comments at the end of the block at `end`.
 */
function stmtLayout(indOf: (s: Stmt) => SInd, end: string): Layout {
  const inGutter = (s: Stmt): boolean => {
    const ind = indOf(s);
    return s.label !== undefined && s.label.name.length + 2 <= ind.col.length - ind.base.length;
  };
  return {
    prefix: (n) => {
      const s = n as Stmt | LocalDecl;
      if (s.kind === "LocalDecl") return "  ";
      const ind = indOf(s);
      return inGutter(s) ? ind.base + `${s.label?.name}:`.padEnd(ind.col.length - ind.base.length) : ind.col;
    },
    commentInd: (n) => {
      const s = n as Stmt | LocalDecl | undefined;
      if (s === undefined) return end;
      if (s.kind === "LocalDecl") return "  ";
      return inGutter(s) ? indOf(s).base : indOf(s).col;
    },
  };
}

/**
 * The part after the `{` of a declaration's body (locals and statements), up to its `}`. Each
 * labelled statement starts an atomic step whose statements are lined up after the label
 * (`B1: write_lock lock;` then the rest of B1 under `write_lock`); statements before the first
 * label, and the bodies without labels, are indented by 2.
 */
function topBlock(stmts: readonly Stmt[], cx: Cx, locals: readonly LocalDecl[] = []): string {
  if (locals.length === 0 && stmts.length === 0 && !hasComments(cx, stmts)) return "}";
  const base = "  ";
  // A step is a labelled statement and the unlabelled ones after it. Like gofmt's aligned columns,
  // consecutive label lines (one-line steps, with no comment or blank line between them) share the
  // column after their longest label: `Read:  tmp = count;` over `Write: count = tmp + 1;`.
  const entries = cx?.list(stmts)?.entries ?? stmts.map((node) => ({ kind: "item" as const, node, blank: false }));
  const steps: { label: Ident | undefined; stmts: Stmt[]; fresh: boolean }[] = [];
  let fresh = true;
  for (const e of entries) {
    if (e.kind === "comment" || e.blank) fresh = true;
    const node = e.kind === "item" ? (e.node as Stmt | LocalDecl) : undefined;
    if (node === undefined || node.kind === "LocalDecl") continue;
    const last = steps[steps.length - 1];
    if (last === undefined || node.label !== undefined) steps.push({ label: node.label, stmts: [node], fresh });
    else last.stmts.push(node);
    fresh = false;
  }
  const single = new Map<(typeof steps)[number], boolean>();
  const oneLine = (step: (typeof steps)[number]): boolean => {
    let r = single.get(step);
    if (r === undefined) {
      const only = step.stmts.length === 1 ? step.stmts[0] : undefined;
      const col = base + " ".repeat((step.label?.name.length ?? -2) + 2);
      r = only !== undefined && !stmtText(only, { base, col }, cx).includes("\n");
      single.set(step, r);
    }
    return r;
  };
  const inds = new Map<Stmt, SInd>();
  let ind: SInd = { base, col: base };
  steps.forEach((step, i) => {
    const prev = steps[i - 1];
    if (prev === undefined || step.fresh || !oneLine(prev)) {
      let width = 0;
      for (let j = i; j < steps.length; j++) {
        const sj = steps[j] as (typeof steps)[number];
        if (j > i && (sj.fresh || !oneLine(steps[j - 1] as (typeof steps)[number]))) break;
        width = Math.max(width, sj.label === undefined ? 0 : sj.label.name.length + 2);
      }
      ind = { base, col: base + " ".repeat(width) };
    }
    const col = step.label === undefined ? base : ind.col;
    for (const st of step.stmts) inds.set(st, { base, col });
  });
  const indOf = (s: Stmt): SInd => inds.get(s) ?? ind;
  const item = (n: ListItem): string => {
    const x = n as LocalDecl | Stmt;
    if (x.kind === "LocalDecl") {
      return headed(`var ${x.name.name}: ${printType(x.type, cx, base)} ${x.mode === "in" ? "in" : "="}`, x.init, base.length);
    }
    return stmtText(x, indOf(x), cx);
  };
  return `${openComments(cx, stmts)}\n${list(cx, stmts, [...locals, ...stmts], stmtLayout(indOf, ind.col), item, false)}}`;
}

/** The part after the `{` of a block nested in a statement at `ind`, up to its `}`. */
function blockTail(stmts: readonly Stmt[], ind: SInd, cx: Cx): string {
  if (stmts.length === 0 && !hasComments(cx, stmts)) return "}";
  const inner: SInd = { base: ind.base, col: `${ind.col}  ` };
  return `${openComments(cx, stmts)}\n${list(
    cx,
    stmts,
    stmts,
    stmtLayout(() => inner, inner.col),
    (s) => stmtText(s as Stmt, inner, cx),
    false,
  )}${ind.col}}`;
}

/** Formats a statement at `depth` levels of indentation (no trailing newline); `cx` places the comments inside it. */
export function printStmt(s: Stmt, depth: number, cx?: CommentPlan): string {
  const col = "  ".repeat(depth);
  return col + stmtText(s, { base: col, col }, cx);
}

/**
 * A statement of a block at `ind`, without its line prefix: the prefix holds its label when the
 * gutter has room for it, else the label is printed here, before the statement.
 */
function stmtText(s: Stmt, ind: SInd, cx: Cx): string {
  const room = ind.col.length - ind.base.length;
  const inline = s.label !== undefined && s.label.name.length + 2 > room ? `${s.label.name}: ` : "";
  return inline + stmtBody(s, ind, ind.col.length + inline.length, cx);
}

/** A statement's text (no label) starting at column `at`, breaking lines at `ind`. */
function stmtBody(s: Stmt, ind: SInd, at: number, cx: Cx): string {
  const r = (d: Doc): string => render(d, ind.col.length, at);
  switch (s.kind) {
    case "AssignStmt":
      return r([s.target.name, pathDoc(s.path), " = ", exprDoc(s.value), ";"]);
    case "IfStmt": {
      const head = r(["if (", align(exprDoc(s.cond)), ") {"]) + blockTail(s.then, ind, cx);
      if (s.else === undefined) return head;
      const only = s.else.length === 1 ? s.else[0] : undefined;
      if (only !== undefined && only.kind === "IfStmt" && only.label === undefined && !cx?.bracedElse.has(s.else)) {
        return `${head} else ${stmtBody(only, ind, ind.col.length + "} else ".length, cx)}`;
      }
      return `${head} else {${blockTail(s.else, ind, cx)}`;
    }
    case "WhileStmt":
      return r(["while (", align(exprDoc(s.cond)), ") {"]) + blockTail(s.body, ind, cx);
    case "GotoStmt":
      return `goto ${s.target.name};`;
    case "AwaitStmt":
      return r(["await ", exprDoc(s.cond), ";"]);
    case "EitherStmt":
      return `either {${s.branches.map((b) => blockTail(b, ind, cx)).join(" or {")}`;
    case "WithStmt":
      if (s.let) return r(group("let ", align(join([",", line], s.binders.map(binderDoc))), " {")) + blockTail(writtenBody(s.body), ind, cx);
      return r(group("with (", align(join([",", line], s.binders.map(binderDoc))), ") {")) + blockTail(writtenBody(s.body), ind, cx);
    case "AssertStmt":
      return r(group("assert ", exprDoc(s.cond), s.message ? [",", indent(line, str(s.message.value))] : "", ";"));
    case "SkipStmt":
      return "skip;";
    case "CallStmt":
      return r([s.isCall ? "call " : "", callDoc(s.callee.name, s.args), ";"]);
    case "ReturnStmt":
      return "return;";
    case "LockStmt":
      return r([`${s.op} ${s.lock.name}`, pathDoc(s.path), ";"]);
    case "BlockStmt":
      return `{${blockTail(s.body, ind, cx)}`;
    default:
      return assertNever(s);
  }
}

// ---------------------------------------------------------------------------------------------
// Types (expressions: print-expr.ts)

/**
 * Formats a type; `cx` places comments in record types (which then take one line per field, `ind`
 * being the indentation of the line the type starts on).
 */
export function printType(t: TypeExpr, cx?: CommentPlan, ind = ""): string {
  switch (t.kind) {
    case "BoolType":
      return "bool";
    case "RangeType":
      // Bounds are parsed at `+` level, and an open form would run into the following `=`/`in`/`>`.
      return `${render(expr(t.lo, ADD, false), 0)}..${render(expr(t.hi, ADD, false), 0)}`;
    case "NamedType":
      return t.name.name;
    case "RecordType":
      if (hasComments(cx, t.fields)) {
        const last = t.fields[t.fields.length - 1];
        const inner = `${ind}  `;
        const field = (n: ListItem): string => {
          const f = n as RecordField;
          return `${f.name.name}: ${printType(f.type, cx, inner)}${f === last ? "" : ","}`;
        };
        return `{${openComments(cx, t.fields)}\n${list(cx, t.fields, t.fields, uniform(inner), field, false)}${ind}}`;
      }
      return `{${t.fields.map((f) => `${f.name.name}: ${printType(f.type, cx, ind)}`).join(", ")}}`;
    case "SetType":
      return `set<${printType(t.elem, cx, ind)}>`;
    case "MapType":
      return `map<${printType(t.key, cx, ind)}, ${printType(t.value, cx, ind)}>`;
    case "SeqType":
      return `seq<${printType(t.elem, cx, ind)}, ${render(expr(t.max, ADD, false), 0)}>`;
    case "OptionType":
      return `option<${printType(t.elem, cx, ind)}>`;
    case "TupleType":
      return `tuple<${t.elems.map((x) => printType(x, cx, ind)).join(", ")}>`;
    case "LockType":
      return t.lock;
    case "PidType":
      return "pid";
    case "VariantType":
      return t.cases.map((c) => c.tag.name).join(" | ");
    default:
      return assertNever(t);
  }
}
