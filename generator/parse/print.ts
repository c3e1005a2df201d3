/**
 * The canonical `.tspec` formatter: `printSpec(parseSpec(x).spec)` is `x` in house style — 2-space
 * indentation, one declaration per paragraph, canonical operator spellings (`and`, `or`, `not`,
 * `minus`), and only the parentheses precedence requires. Doc comments are kept (as `///` lines);
 * ordinary comments are not part of the AST and are dropped.
 *
 * Guarantee (tested): parse(print(parse(x))) equals parse(x) ignoring ids and spans. Two trees the
 * grammar cannot express are printed best-effort: a `leadsto` nested inside another `leadsto`, and a
 * set map whose body is a record-like bare name is parenthesised (`{(x) : x in S}`).
 */
import {
  assertNever,
  type Binder,
  type Decl,
  type Expr,
  type LocalDecl,
  type Param,
  type PathSeg,
  type SpecFile,
  type Stmt,
  type Temporal,
  type TypeExpr,
  type WorkloadItem,
} from "./ast.js";

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

/** Formats a whole spec file (ends with a newline). */
export function printSpec(spec: SpecFile): string {
  const head = `${docLines(spec.doc, "")}spec ${spec.name.name}${spec.extends ? ` extends ${str(spec.extends.value)}` : ""}`;
  return [head, ...spec.decls.map(printDecl)].join("\n\n") + "\n";
}

/** Formats one declaration (no trailing newline). */
export function printDecl(d: Decl): string {
  const prefix = docLines(d.doc, "") + (d.override ? "override " : "");
  return prefix + declBody(d);
}

function declBody(d: Decl): string {
  switch (d.kind) {
    case "ConstDecl":
      return `const ${d.name.name}: ${printType(d.type)} = ${printExpr(d.value)};`;
    case "TypeDecl":
      return `type ${d.name.name} = ${printType(d.type)};`;
    case "EnumDecl":
      return `enum ${d.name.name} { ${d.members.map((m) => m.name).join(", ")} }`;
    case "VarDecl":
      return `var ${d.name.name}: ${printType(d.type)}${d.init ? ` ${d.init.mode === "eq" ? "=" : "in"} ${printExpr(d.init.value)}` : ""};`;
    case "DefDecl": {
      const params = d.params.length > 0 ? `(${d.params.map(param).join(", ")})` : "";
      return `def ${d.name.name}${params}: ${printType(d.result)} = ${printExpr(d.body)};`;
    }
    case "InvariantDecl":
      return `invariant ${d.name.name}: ${printExpr(d.body)};`;
    case "PropertyDecl":
      return `property ${d.name.name}: ${temporal(d.body)};`;
    case "ActionDecl": {
      const params = d.params.length > 0 ? `(${d.params.map(binder).join(", ")})` : "";
      const guard = d.guard ? ` when ${printExpr(d.guard)}` : "";
      return `${fair(d.fairness)}action ${d.name.name}${params}${guard} ${block(d.body, 0)}`;
    }
    case "ProcessDecl": {
      const inst = d.instances ? `[self in ${printExpr(d.instances)}]` : "";
      return `${fair(d.fairness)}process ${d.name.name}${inst} ${body(d.locals, d.body)}`;
    }
    case "ProcedureDecl":
      return `procedure ${d.name.name}(${d.params.map(param).join(", ")}) ${body(d.locals, d.body)}`;
    case "MacroDecl":
      return `macro ${d.name.name}(${d.params.map((p) => p.name).join(", ")}) ${block(d.body, 0)}`;
    case "WorkloadDecl":
      return d.items.length === 0
        ? `workload ${d.name.name} {}`
        : `workload ${d.name.name} {\n${d.items.map((i) => `  ${workloadItem(i)}\n`).join("")}}`;
    case "OptionDecl":
      return `check ${d.name.name} = ${d.value};`;
    default:
      return assertNever(d);
  }
}

function docLines(doc: string | undefined, indent: string): string {
  if (doc === undefined || doc === "") return "";
  return doc
    .split("\n")
    .map((l) => `${indent}///${l === "" ? "" : ` ${l}`}\n`)
    .join("");
}

function fair(f: "none" | "weak" | "strong"): string {
  return f === "none" ? "" : f === "weak" ? "fair " : "strong fair ";
}

function param(p: Param): string {
  return `${p.name.name}: ${printType(p.type)}`;
}

function binder(b: Binder): string {
  return `${b.name.name} in ${printExpr(b.domain)}`;
}

function body(locals: readonly LocalDecl[], stmts: readonly Stmt[]): string {
  if (locals.length === 0 && stmts.length === 0) return "{}";
  const ls = locals.map((l) => `  var ${l.name.name}: ${printType(l.type)} = ${printExpr(l.init)};\n`).join("");
  return `{\n${ls}${stmts.map((s) => printStmt(s, 1) + "\n").join("")}}`;
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

function block(stmts: readonly Stmt[], depth: number): string {
  if (stmts.length === 0) return "{}";
  return `{\n${stmts.map((s) => printStmt(s, depth + 1) + "\n").join("")}${"  ".repeat(depth)}}`;
}

/** Formats a statement at `depth` levels of indentation (no trailing newline). */
export function printStmt(s: Stmt, depth: number): string {
  const ind = "  ".repeat(depth);
  const label = s.label ? `${s.label.name}: ` : "";
  return ind + label + stmtBody(s, depth);
}

function stmtBody(s: Stmt, depth: number): string {
  switch (s.kind) {
    case "AssignStmt":
      return `${s.target.name}${path(s.path)} = ${printExpr(s.value)};`;
    case "IfStmt": {
      const head = `if ${printExpr(s.cond)} ${block(s.then, depth)}`;
      if (s.else === undefined) return head;
      const only = s.else.length === 1 ? s.else[0] : undefined;
      if (only !== undefined && only.kind === "IfStmt" && only.label === undefined) {
        return `${head} else ${stmtBody(only, depth)}`;
      }
      return `${head} else ${block(s.else, depth)}`;
    }
    case "WhileStmt":
      return `while ${printExpr(s.cond)} ${block(s.body, depth)}`;
    case "GotoStmt":
      return `goto ${s.target.name};`;
    case "AwaitStmt":
      return `await ${printExpr(s.cond)};`;
    case "EitherStmt":
      return `either ${s.branches.map((b) => block(b, depth)).join(" or ")}`;
    case "WithStmt":
      return `with (${s.binders.map(binder).join(", ")}) ${block(s.body, depth)}`;
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
      return block(s.body, depth);
    default:
      return assertNever(s);
  }
}

function path(segs: readonly PathSeg[]): string {
  return segs.map((p) => (p.kind === "IndexSeg" ? `[${printExpr(p.index)}]` : `.${p.field.name}`)).join("");
}

// ---------------------------------------------------------------------------------------------
// Types and expressions

/** Formats a type. */
export function printType(t: TypeExpr): string {
  switch (t.kind) {
    case "BoolType":
      return "bool";
    case "RangeType":
      // Bounds are parsed at `+` level, and an open form would run into the following `=`/`in`/`>`.
      return `${expr(t.lo, ADD, false)}..${expr(t.hi, ADD, false)}`;
    case "NamedType":
      return t.name.name;
    case "RecordType":
      return `{${t.fields.map((f) => `${f.name.name}: ${printType(f.type)}`).join(", ")}}`;
    case "SetType":
      return `set<${printType(t.elem)}>`;
    case "MapType":
      return `map<${printType(t.key)}, ${printType(t.value)}>`;
    case "SeqType":
      return `seq<${printType(t.elem)}, ${expr(t.max, ADD, false)}>`;
    case "OptionType":
      return `option<${printType(t.elem)}>`;
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
