/**
 * The canonical `.tspec` formatter: `printSpec(spec, text)` is `text` (parsed as `spec`) in house
 * style — 2-space indentation, one item per line, canonical operator spellings (`and`, `or`, `not`,
 * `minus`), and only the parentheses precedence requires.
 *
 * Comments: doc comments are part of the AST and printed as `///` lines. Given the source `text`,
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
  type Binder,
  type Decl,
  type Expr,
  type Ident,
  type LocalDecl,
  type Param,
  type PathSeg,
  type SpecFile,
  type Stmt,
  type Temporal,
  type TypeExpr,
  type WorkloadItem,
} from "./ast.js";
import { planComments, type CommentPlan, type ListItem, type RecordField } from "./comments.js";
import type { Comment } from "./trivia.js";

export { astEqual, stripSpans, type Stripped } from "./ast-equal.js";

// Binding strength, loosest first (docs/language.md "Expressions"). Open forms (if/let/quantifiers)
// can stand anywhere but swallow everything to their right, so they are parenthesised unless nothing follows.
const OPEN = 1;
const IFF = 2;
const IMPLIES = 3;
const OR = 4;
const AND = 5;
const NOT = 6;
const CMP = 7;
const UPDATE = 8;
const RANGE = 9;
const ADD = 10;
const MUL = 11;
const NEG = 12;
const POSTFIX = 13;
const PRIMARY = 14;

const BINARY: Readonly<Record<string, { readonly text: string; readonly level: number }>> = {
  iff: { text: "<=>", level: IFF },
  implies: { text: "=>", level: IMPLIES },
  or: { text: "or", level: OR },
  and: { text: "and", level: AND },
  eq: { text: "==", level: CMP },
  ne: { text: "!=", level: CMP },
  lt: { text: "<", level: CMP },
  le: { text: "<=", level: CMP },
  gt: { text: ">", level: CMP },
  ge: { text: ">=", level: CMP },
  in: { text: "in", level: CMP },
  notin: { text: "notin", level: CMP },
  subset: { text: "subset", level: CMP },
  add: { text: "+", level: ADD },
  sub: { text: "-", level: ADD },
  union: { text: "union", level: ADD },
  minus: { text: "minus", level: ADD },
  mul: { text: "*", level: MUL },
  div: { text: "/", level: MUL },
  mod: { text: "%", level: MUL },
  intersect: { text: "intersect", level: MUL },
};

/** Where the comments of the source go, when printing a parsed source; undefined: no comments. */
type Cx = CommentPlan | undefined;

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
  const decls = list(cx, spec.decls, spec.decls, "", (d) => printDecl(d as Decl, cx), true);
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

/**
 * The lines of a list (each ending in a newline) at indentation `ind`: its items printed by `item`
 * (first line not indented), with their comments when printing a source. `paragraphs`: without a
 * source, a blank line separates items.
 */
function list(
  cx: Cx,
  key: readonly unknown[],
  items: readonly ListItem[],
  ind: string,
  item: (n: ListItem) => string,
  paragraphs: boolean,
): string {
  const entries = cx?.list(key)?.entries ?? items.map((node, i) => ({ kind: "item" as const, node, trailing: [], blank: paragraphs && i > 0 }));
  let out = "";
  entries.forEach((e, i) => {
    if (i > 0 && e.blank) out += "\n";
    if (e.kind === "comment") out += `${ind}${commentText(cx, e.comment, ind)}\n`;
    else out += `${ind}${item(e.node)}${e.trailing.map((c) => ` ${commentText(cx, c, ind)}`).join("")}\n`;
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

function declBody(d: Decl, cx: Cx): string {
  switch (d.kind) {
    case "ConstDecl":
      return `const ${d.name.name}: ${printType(d.type, cx)} = ${printExpr(d.value)};`;
    case "TypeDecl":
      return `type ${d.name.name} = ${printType(d.type, cx)};`;
    case "EnumDecl": {
      if (!hasComments(cx, d.members)) return `enum ${d.name.name} { ${d.members.map((m) => m.name).join(", ")} }`;
      const last = d.members[d.members.length - 1];
      const member = (m: ListItem): string => `${(m as Ident).name}${m === last ? "" : ","}`;
      return `enum ${d.name.name} {${openComments(cx, d.members)}\n${list(cx, d.members, d.members, "  ", member, false)}}`;
    }
    case "VarDecl":
      return `var ${d.name.name}: ${printType(d.type, cx)}${d.init ? ` ${d.init.mode === "eq" ? "=" : "in"} ${printExpr(d.init.value)}` : ""};`;
    case "DefDecl": {
      const params = d.params.length > 0 ? `(${d.params.map((p) => param(p, cx)).join(", ")})` : "";
      return `def ${d.name.name}${params}: ${printType(d.result, cx)} = ${printExpr(d.body)};`;
    }
    case "InvariantDecl":
      return `invariant ${d.name.name}: ${printExpr(d.body)};`;
    case "PropertyDecl":
      return `property ${d.name.name}: ${temporal(d.body)};`;
    case "ActionDecl": {
      const params = d.params.length > 0 ? `(${d.params.map(binder).join(", ")})` : "";
      const guard = d.guard ? ` when ${printExpr(d.guard)}` : "";
      return `${fair(d.fairness)}action ${d.name.name}${params}${guard} ${block(d.body, 0, cx)}`;
    }
    case "ProcessDecl": {
      const inst = d.instances ? `[self in ${printExpr(d.instances)}]` : "";
      return `${fair(d.fairness)}process ${d.name.name}${inst} ${body(d.locals, d.body, cx)}`;
    }
    case "ProcedureDecl":
      return `procedure ${d.name.name}(${d.params.map((p) => param(p, cx)).join(", ")}) ${body(d.locals, d.body, cx)}`;
    case "MacroDecl":
      return `macro ${d.name.name}(${d.params.map((p) => p.name).join(", ")}) ${block(d.body, 0, cx)}`;
    case "WorkloadDecl":
      return d.items.length === 0 && !hasComments(cx, d.items)
        ? `workload ${d.name.name} {}`
        : `workload ${d.name.name} {${openComments(cx, d.items)}\n${list(cx, d.items, d.items, "  ", (i) => workloadItem(i as WorkloadItem), false)}}`;
    case "OptionDecl":
      return `check ${d.name.name} = ${d.value};`;
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

function fair(f: "none" | "weak" | "strong"): string {
  return f === "none" ? "" : f === "weak" ? "fair " : "strong fair ";
}

function param(p: Param, cx: Cx): string {
  return `${p.name.name}: ${printType(p.type, cx)}`;
}

function binder(b: Binder): string {
  return `${b.name.name} in ${printExpr(b.domain)}`;
}

function body(locals: readonly LocalDecl[], stmts: readonly Stmt[], cx: Cx): string {
  if (locals.length === 0 && stmts.length === 0 && !hasComments(cx, stmts)) return "{}";
  const item = (n: ListItem): string => {
    const x = n as LocalDecl | Stmt;
    return x.kind === "LocalDecl" ? `var ${x.name.name}: ${printType(x.type, cx, "  ")} = ${printExpr(x.init)};` : stmtText(x, 1, cx);
  };
  return `{${openComments(cx, stmts)}\n${list(cx, stmts, [...locals, ...stmts], "  ", item, false)}}`;
}

function workloadItem(i: WorkloadItem): string {
  switch (i.kind) {
    case "WConst":
      return `const ${i.name.name} = ${printExpr(i.value)};`;
    case "WRun":
      return `run ${i.process.name}${i.instances ? `[${printExpr(i.instances)}]` : ""};`;
    case "WOption":
      return `check ${i.option.name} = ${i.value};`;
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

function temporal(t: Temporal): string {
  switch (t.kind) {
    case "TAlways":
      return `always ${temporal(t.arg)}`;
    case "TEventually":
      return `eventually ${temporal(t.arg)}`;
    case "TLeadsTo": {
      // The grammar has no temporal parentheses; a nested leadsto is printed best-effort.
      const side = (x: Temporal): string => (x.kind === "TLeadsTo" ? `(${temporal(x)})` : temporal(x));
      return `${side(t.left)} leadsto ${side(t.right)}`;
    }
    case "TState":
      return printExpr(t.expr);
    default:
      return assertNever(t);
  }
}

// ---------------------------------------------------------------------------------------------
// Statements

function block(stmts: readonly Stmt[], depth: number, cx: Cx): string {
  if (stmts.length === 0 && !hasComments(cx, stmts)) return "{}";
  const inner = "  ".repeat(depth + 1);
  return `{${openComments(cx, stmts)}\n${list(cx, stmts, stmts, inner, (s) => stmtText(s as Stmt, depth + 1, cx), false)}${"  ".repeat(depth)}}`;
}

/** Formats a statement at `depth` levels of indentation (no trailing newline); `cx` places the comments inside it. */
export function printStmt(s: Stmt, depth: number, cx?: CommentPlan): string {
  return "  ".repeat(depth) + stmtText(s, depth, cx);
}

/** A statement at `depth`, its first line not indented. */
function stmtText(s: Stmt, depth: number, cx: Cx): string {
  return (s.label ? `${s.label.name}: ` : "") + stmtBody(s, depth, cx);
}

function stmtBody(s: Stmt, depth: number, cx: Cx): string {
  switch (s.kind) {
    case "AssignStmt":
      return `${s.target.name}${path(s.path)} = ${printExpr(s.value)};`;
    case "IfStmt": {
      const head = `if ${printExpr(s.cond)} ${block(s.then, depth, cx)}`;
      if (s.else === undefined) return head;
      const only = s.else.length === 1 ? s.else[0] : undefined;
      if (only !== undefined && only.kind === "IfStmt" && only.label === undefined && !cx?.bracedElse.has(s.else)) {
        return `${head} else ${stmtBody(only, depth, cx)}`;
      }
      return `${head} else ${block(s.else, depth, cx)}`;
    }
    case "WhileStmt":
      return `while ${printExpr(s.cond)} ${block(s.body, depth, cx)}`;
    case "GotoStmt":
      return `goto ${s.target.name};`;
    case "AwaitStmt":
      return `await ${printExpr(s.cond)};`;
    case "EitherStmt":
      return `either ${s.branches.map((b) => block(b, depth, cx)).join(" or ")}`;
    case "WithStmt":
      return `with (${s.binders.map(binder).join(", ")}) ${block(s.body, depth, cx)}`;
    case "AssertStmt":
      return `assert ${printExpr(s.cond)}${s.message ? `, ${str(s.message.value)}` : ""};`;
    case "SkipStmt":
      return "skip;";
    case "CallStmt":
      return `${s.isCall ? "call " : ""}${s.callee.name}(${s.args.map((a) => printExpr(a)).join(", ")});`;
    case "ReturnStmt":
      return "return;";
    case "LockStmt":
      return `${s.op} ${s.lock.name}${path(s.path)};`;
    case "BlockStmt":
      return block(s.body, depth, cx);
    default:
      return assertNever(s);
  }
}

function path(segs: readonly PathSeg[]): string {
  return segs.map((p) => (p.kind === "IndexSeg" ? `[${printExpr(p.index)}]` : `.${p.field.name}`)).join("");
}

// ---------------------------------------------------------------------------------------------
// Types and expressions

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
      return `${expr(t.lo, ADD, false)}..${expr(t.hi, ADD, false)}`;
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
        return `{${openComments(cx, t.fields)}\n${list(cx, t.fields, t.fields, inner, field, false)}${ind}}`;
      }
      return `{${t.fields.map((f) => `${f.name.name}: ${printType(f.type, cx, ind)}`).join(", ")}}`;
    case "SetType":
      return `set<${printType(t.elem, cx, ind)}>`;
    case "MapType":
      return `map<${printType(t.key, cx, ind)}, ${printType(t.value, cx, ind)}>`;
    case "SeqType":
      return `seq<${printType(t.elem, cx, ind)}, ${expr(t.max, ADD, false)}>`;
    case "OptionType":
      return `option<${printType(t.elem, cx, ind)}>`;
    case "LockType":
      return t.lock;
    case "PidType":
      return "pid";
    default:
      return assertNever(t);
  }
}

/** Formats an expression with minimal parentheses. */
export function printExpr(e: Expr): string {
  return expr(e, OPEN, true);
}

function levelOf(e: Expr): number {
  switch (e.kind) {
    case "BinaryExpr":
      return BINARY[e.op]?.level ?? PRIMARY;
    case "UnaryExpr":
      return e.op === "not" ? NOT : NEG;
    case "UpdateExpr":
      return UPDATE;
    case "RangeExpr":
      return RANGE;
    case "FieldExpr":
    case "IndexExpr":
      return POSTFIX;
    case "IfExpr":
    case "LetExpr":
    case "QuantExpr":
    case "ChooseExpr":
      return OPEN;
    default:
      return PRIMARY;
  }
}

/**
 * `e` printed where the grammar expects level `min`; `rightmost` says nothing follows it that an open
 * form could swallow (a closing bracket, `;`, `,`, `then`, … are safe).
 */
function expr(e: Expr, min: number, rightmost: boolean): string {
  const level = levelOf(e);
  if (level === OPEN) return rightmost ? raw(e, true) : `(${raw(e, true)})`;
  return level < min ? `(${raw(e, true)})` : raw(e, rightmost);
}

function raw(e: Expr, rightmost: boolean): string {
  switch (e.kind) {
    case "BoolLit":
      return String(e.value);
    case "IntLit":
      return e.value.toString();
    case "StrLit":
      return str(e.value);
    case "NoneLit":
      return "none";
    case "SelfExpr":
      return "self";
    case "NameExpr":
      return e.name.name;
    case "UnaryExpr":
      return e.op === "not" ? `not ${expr(e.arg, NOT, rightmost)}` : `-${expr(e.arg, NEG, rightmost)}`;
    case "BinaryExpr": {
      const op = BINARY[e.op] ?? { text: e.op, level: PRIMARY };
      const [lmin, rmin] =
        op.level === CMP ? [UPDATE, UPDATE] : op.level === IMPLIES ? [OR, IMPLIES] : [op.level, op.level + 1];
      return `${expr(e.left, lmin, false)} ${op.text} ${expr(e.right, rmin, rightmost)}`;
    }
    case "IfExpr":
      return `if ${printExpr(e.cond)} then ${printExpr(e.then)} else ${printExpr(e.else)}`;
    case "LetExpr": {
      // Binding values end at `,`/`in`: keep them above comparison level and never open.
      const bs = e.bindings.map((b) => `${b.name.name} = ${expr(b.value, UPDATE, false)}`);
      return `let ${bs.join(", ")} in ${printExpr(e.body)}`;
    }
    case "QuantExpr":
      return `${e.quant} ${e.binders.map(binder).join(", ")}: ${printExpr(e.body)}`;
    case "ChooseExpr":
      return `choose ${binder(e.binder)}: ${printExpr(e.body)}`;
    case "SetLit":
      return `{${e.elems.map(printExpr).join(", ")}}`;
    case "SetFilter":
      return `{${binder(e.binder)} : ${printExpr(e.pred)}}`;
    case "SetMap": {
      // `{x : …}` would read as a record and `{x in S : …}` as a filter: parenthesise such bodies.
      const b = e.body;
      const ambiguous = b.kind === "NameExpr" || (b.kind === "BinaryExpr" && b.op === "in" && b.left.kind === "NameExpr");
      return `{${ambiguous ? `(${printExpr(b)})` : printExpr(b)} : ${e.binders.map(binder).join(", ")}}`;
    }
    case "RangeExpr":
      return `${expr(e.lo, ADD, false)}..${expr(e.hi, ADD, rightmost)}`;
    case "MapComp":
      return `[${binder(e.binder)} |-> ${printExpr(e.body)}]`;
    case "RecordLit":
      return `{${e.fields.map((f) => `${f.name.name}: ${printExpr(f.value)}`).join(", ")}}`;
    case "SeqLit":
      return `[${e.elems.map(printExpr).join(", ")}]`;
    case "FieldExpr":
      return `${expr(e.target, POSTFIX, false)}.${e.field.name}`;
    case "IndexExpr":
      return `${expr(e.target, POSTFIX, false)}[${printExpr(e.index)}]`;
    case "CallExpr":
      return `${e.callee.name}(${e.args.map(printExpr).join(", ")})`;
    case "UpdateExpr": {
      const ups = e.updates.map(
        (u, i) => `${path(u.path)} = ${expr(u.value, RANGE, i === e.updates.length - 1 ? rightmost : true)}`,
      );
      return `${expr(e.target, UPDATE, false)} with ${ups.join(", ")}`;
    }
    default:
      return assertNever(e);
  }
}

/** A string literal with the escapes the lexer understands. */
function str(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t")}"`;
}
