/**
 * Expressions in the `.tspec` formatter (see print.ts for the house style): the binding strengths, the
 * parentheses precedence requires plus a fixed set of readability ones (see `operand`), and the layout
 * of each expression form as a document (print-doc.ts).
 */
import { assertNever, writtenExpr, type Binder, type Expr, type PathSeg } from "./ast.js";
import { align, group, indent, join, line, render, softline, type Doc } from "./print-doc.js";

// Binding strength, loosest first (docs/language.md "Expressions"). Open forms (if/let/quantifiers)
// can stand anywhere but swallow everything to their right, so they are parenthesised unless nothing follows.
export const OPEN = 1;
export const IFF = 2;
export const IMPLIES = 3;
export const OR = 4;
export const AND = 5;
export const NOT = 6;
export const CMP = 7;
export const UPDATE = 8;
export const RANGE = 9;
export const ADD = 10;
export const MUL = 11;
export const NEG = 12;
export const POSTFIX = 13;
export const PRIMARY = 14;

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

/**
 * Formats an expression (lines broken at WIDTH columns, continuation lines relative to column 0)
 * with the parentheses precedence requires plus the readability ones (see `operand`).
 */
export function printExpr(e: Expr): string {
  return render(exprDoc(e), 0);
}

export function exprDoc(e: Expr): Doc {
  return expr(e, OPEN, true);
}

export function levelOf(e: Expr): number {
  if (e.kind === "LetExpr" && e.destructure) return levelOf(e.body);
  switch (e.kind) {
    case "BinaryExpr":
      return BINARY[e.op]?.level ?? PRIMARY;
    case "UnaryExpr":
      return e.op === "not" ? NOT : NEG;
    case "UpdateExpr":
      return UPDATE;
    case "IsExpr":
      return CMP;
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

export const paren = (d: Doc): Doc => ["(", align(d), ")"];

/**
 * `e` printed where the grammar expects level `min`; `rightmost` says nothing follows it that an open
 * form could swallow (a closing bracket, `;`, `,`, `then`, … are safe).
 */
export function expr(e: Expr, min: number, rightmost: boolean): Doc {
  const level = levelOf(e);
  if (level === OPEN) return rightmost ? raw(e) : paren(raw(e));
  return level < min ? paren(raw(e)) : raw(e, rightmost);
}

/**
 * An operand of the binary operator `op` (or `not`), at level `min`. Besides the parentheses the
 * grammar needs, a few that precedence makes legal but readers trip over are always printed — never
 * depending on the source, so that the output is canonical:
 * - an open form (`if`, `let`, quantifiers, `choose`) as an operand: `u == (if c then 1 else 2)`;
 * - `=>`/`<=>` inside `=>`/`<=>`, and `and`/`or` as a premise or conclusion: `a => (b => c)`,
 *   `(a and b) => c`;
 * - `and` inside `or` (`(a and b) or c`; `or` inside `and` needs them anyway);
 * - a comparison under `not`: `not (a == b)`.
 */
export function operand(op: string, e: Expr, min: number): Doc {
  const level = levelOf(e);
  const inner = e.kind === "BinaryExpr" ? e.op : undefined;
  const clarify =
    level === OPEN ||
    ((op === "implies" || op === "iff") && (level === IFF || level === IMPLIES || level === OR || level === AND)) ||
    (op === "or" && inner === "and") ||
    (op === "not" && level === CMP);
  return clarify ? paren(raw(e)) : expr(e, min, false);
}

/** An if-expression: `if c then a` and each `else` on its own line when it does not fit. */
function ifDoc(e: Expr & { kind: "IfExpr" }): Doc {
  const arm = (x: Expr): Doc => (x.kind === "IfExpr" ? paren(raw(x)) : align(exprDoc(x)));
  const cond = (x: Expr): Doc => (levelOf(x) === OPEN ? paren(raw(x)) : align(exprDoc(x)));
  const parts: Doc[] = ["if ", cond(e.cond), " then ", arm(e.then)];
  let rest = e.else;
  while (rest.kind === "IfExpr") {
    parts.push(line, "else if ", cond(rest.cond), " then ", arm(rest.then));
    rest = rest.else;
  }
  parts.push(line, "else ", align(exprDoc(rest)));
  return group(align(parts));
}

export function callDoc(callee: string, args: readonly Expr[]): Doc {
  if (args.length === 0) return `${callee}()`;
  return group(callee, "(", indent(softline, join([",", line], args.map(exprDoc))), softline, ")");
}

/** A bracketed, comma-separated list: flat, or one element per line. */
function bracketed(open: string, elems: readonly Doc[], close: string): Doc {
  if (elems.length === 0) return open + close;
  return group(open, indent(softline, join([",", line], elems)), softline, close);
}

export function raw(e: Expr, rightmost = true): Doc {
  if (e.kind === "LetExpr" && e.destructure) return raw(e.body, rightmost);
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
      return e.op === "not" ? ["not ", operand("not", e.arg, NOT)] : ["-", levelOf(e.arg) === OPEN ? paren(raw(e.arg)) : expr(e.arg, NEG, rightmost)];
    case "BinaryExpr": {
      const op = BINARY[e.op] ?? { text: e.op, level: PRIMARY };
      if (op.level === CMP || op.level === IMPLIES || op.level === IFF) {
        const [lmin, rmin] = op.level === CMP ? [UPDATE, UPDATE] : op.level === IMPLIES ? [OR, IMPLIES] : [IFF, IFF + 1];
        const left = operand(e.op, e.left, lmin);
        const right = operand(e.op, e.right, rmin);
        // A premise ends its line: `a =>` then the conclusion indented below.
        if (op.level !== CMP) return group(left, ` ${op.text}`, indent(line, right));
        return group(align(left, line, `${op.text} `, right));
      }
      // A left-associative chain `a + b - c`, `a and b and c`: one operand per line when it breaks,
      // each continuation line starting with its operator, under the first operand.
      const operands: Doc[] = [];
      const ops: string[] = [];
      let cur: Expr = e;
      while (cur.kind === "BinaryExpr" && BINARY[cur.op]?.level === op.level) {
        ops.unshift(BINARY[cur.op]?.text ?? cur.op);
        operands.unshift(operand(cur.op, cur.right, op.level + 1));
        cur = cur.left;
      }
      operands.unshift(operand(e.op, cur, op.level));
      return group(
        align(
          operands[0] as Doc,
          ops.map((o, i): Doc => [line, `${o} `, operands[i + 1] as Doc]),
        ),
      );
    }
    case "IfExpr":
      return ifDoc(e);
    case "LetExpr": {
      // Binding values end at `,`/`in`: keep them above comparison level and never open.
      const bs = e.bindings.map((b): Doc => [`${b.name.name} = `, expr(b.value, UPDATE, false)]);
      return group("let ", align(join([",", line], bs)), " in", indent(line, exprDoc(e.body)));
    }
    case "QuantExpr":
      return group(`${e.quant} `, join(", ", e.binders.map(binderDoc)), ":", indent(line, exprDoc(e.body)));
    case "ChooseExpr":
      return group("choose ", binderDoc(e.binder), ":", indent(line, exprDoc(e.body)));
    case "SetLit":
      return bracketed("{", e.elems.map(exprDoc), "}");
    case "SetFilter":
      return group("{", binderDoc(e.binder), " :", indent(line, exprDoc(e.pred)), "}");
    case "SetMap": {
      // `{x : …}` would read as a record and `{x in S : …}` as a filter: parenthesise such bodies.
      const b = writtenExpr(e.body);
      const ambiguous = b.kind === "NameExpr" || (b.kind === "BinaryExpr" && b.op === "in" && b.left.kind === "NameExpr");
      return group("{", ambiguous ? paren(exprDoc(b)) : exprDoc(b), " :", indent(line, join(", ", e.binders.map(binderDoc))), "}");
    }
    case "RangeExpr":
      return [expr(e.lo, ADD, false), "..", expr(e.hi, ADD, rightmost)];
    case "MapComp":
      return group("[", binderDoc(e.binder), " |->", indent(line, exprDoc(e.body)), "]");
    case "FuncSet":
      return group("[", exprDoc(e.domain), " ->", indent(line, exprDoc(e.range)), "]");
    case "SeqFilter":
      return group("[", binderDoc(e.binder), " :", indent(line, exprDoc(e.pred)), "]");
    case "TupleLit":
      return bracketed("<<", e.elems.map(exprDoc), ">>");
    case "RecordLit":
      return bracketed(
        "{",
        e.fields.map((f): Doc => [`${f.name.name}: `, exprDoc(f.value)]),
        "}",
      );
    case "VariantLit":
      return [
        `${e.tag.name} `,
        bracketed(
          "{",
          e.fields.map((f): Doc => [`${f.name.name}: `, exprDoc(f.value)]),
          "}",
        ),
      ];
    case "IsExpr":
      return [expr(e.target, UPDATE, false), ` is ${e.tag.name}`];
    case "SeqLit":
      return bracketed("[", e.elems.map(exprDoc), "]");
    case "FieldExpr":
      return [expr(e.target, POSTFIX, false), `.${e.field.name}`];
    case "IndexExpr":
      return [expr(e.target, POSTFIX, false), "[", exprDoc(e.index), "]"];
    case "CallExpr":
      return callDoc(e.callee.name, e.args);
    case "UpdateExpr": {
      const ups = e.updates.map((u, i): Doc => [pathDoc(u.path), " = ", expr(u.value, RANGE, i === e.updates.length - 1 ? rightmost : false)]);
      return group(expr(e.target, UPDATE, false), indent(line, "with ", align(join([",", line], ups))));
    }
    default:
      return assertNever(e);
  }
}

/** A string literal with the escapes the lexer understands. */
export function str(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t")}"`;
}

/** `x in S`; an open-form domain is parenthesised for readability: `p in (if c then A else B)`. */
export function binderDoc(b: Binder): Doc {
  const dom = writtenExpr(b.domain);
  if (b.eq && dom.kind === "SetLit" && dom.elems[0]) return [`${b.name.name} = `, exprDoc(dom.elems[0])];
  const name = b.pattern ? `<<${b.pattern.map((n) => n.name).join(", ")}>>` : b.name.name;
  return [`${name} in `, levelOf(b.domain) === OPEN ? paren(raw(b.domain)) : exprDoc(b.domain)];
}

/** A path of `.field` and `[index]` segments, as assignments and lock operations write it. */
export function pathDoc(segs: readonly PathSeg[]): Doc {
  return segs.map((p): Doc => (p.kind === "IndexSeg" ? ["[", exprDoc(p.index), "]"] : `.${p.field.name}`));
}
