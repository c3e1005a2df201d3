/**
 * The spec2ts abstract syntax tree: what the peggy grammar produces for one `.tspec` file.
 *
 * Every node carries a `kind` tag (discriminated unions, exhaustive switches end in `assertNever`),
 * a numeric `id` unique within one parse, and the `span` of source text it came from. Nodes are
 * plain data: passes never mutate them.
 */

/** A position in a source file: 1-based line and column, 0-based offset. */
export interface Pos {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A half-open range of source text in one file. */
export interface Span {
  readonly file: string;
  readonly start: Pos;
  readonly end: Pos;
}

interface NodeBase {
  readonly id: number;
  readonly span: Span;
}

/** An identifier occurrence, with its own span so diagnostics can point at the name itself. */
export interface Ident extends NodeBase {
  readonly kind: "Ident";
  readonly name: string;
}

// ---------------------------------------------------------------------------------------------
// Types (syntax)

export type TypeExpr = BoolType | RangeType | NamedType | RecordType | SetType | MapType | SeqType | OptionType | TupleType | LockType | PidType | VariantType;

export interface BoolType extends NodeBase {
  readonly kind: "BoolType";
}
/** `lo..hi`, bounds are constant expressions. */
export interface RangeType extends NodeBase {
  readonly kind: "RangeType";
  readonly lo: Expr;
  readonly hi: Expr;
}
/** A reference to an `enum`, a `type` alias. */
export interface NamedType extends NodeBase {
  readonly kind: "NamedType";
  readonly name: Ident;
}
export interface RecordType extends NodeBase {
  readonly kind: "RecordType";
  readonly fields: readonly { readonly name: Ident; readonly type: TypeExpr }[];
}
export interface SetType extends NodeBase {
  readonly kind: "SetType";
  readonly elem: TypeExpr;
}
export interface MapType extends NodeBase {
  readonly kind: "MapType";
  readonly key: TypeExpr;
  readonly value: TypeExpr;
}
/** `seq<T, N>`: sequences of at most N elements. */
export interface SeqType extends NodeBase {
  readonly kind: "SeqType";
  readonly elem: TypeExpr;
  readonly max: Expr;
}
export interface OptionType extends NodeBase {
  readonly kind: "OptionType";
  readonly elem: TypeExpr;
}
/** `tuple<A, B>`: TLA+'s tuples `<<a, b>>` with a type per component. */
export interface TupleType extends NodeBase {
  readonly kind: "TupleType";
  readonly elems: readonly TypeExpr[];
}
export interface LockType extends NodeBase {
  readonly kind: "LockType";
  readonly lock: "mutex" | "rwlock";
}
/** One case of a variant type: `Tag { f: T, … }`, or a bare `Tag` without fields. */
export interface VariantCase {
  readonly tag: Ident;
  readonly fields: readonly { readonly name: Ident; readonly type: TypeExpr }[];
  readonly span: Span;
}
/**
 * `type Msg = Prepare { bal: Ballot } | Promise { bal: Ballot, acc: Acc } | Abort;` — a variant
 * (tagged union): only the right side of a `type` declaration, which names it.
 */
export interface VariantType extends NodeBase {
  readonly kind: "VariantType";
  readonly cases: readonly VariantCase[];
}
/** `pid`: the identity of a process instance (e.g. a lock owner). */
export interface PidType extends NodeBase {
  readonly kind: "PidType";
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expr =
  | BoolLit
  | IntLit
  | StrLit
  | NoneLit
  | SelfExpr
  | NameExpr
  | UnaryExpr
  | BinaryExpr
  | IfExpr
  | LetExpr
  | QuantExpr
  | ChooseExpr
  | SetLit
  | SetFilter
  | SetMap
  | RangeExpr
  | MapComp
  | FuncSet
  | SeqFilter
  | TupleLit
  | RecordLit
  | VariantLit
  | IsExpr
  | SeqLit
  | FieldExpr
  | IndexExpr
  | CallExpr
  | UpdateExpr;

export interface BoolLit extends NodeBase {
  readonly kind: "BoolLit";
  readonly value: boolean;
}
/** Integer literal; `value` is exact (bigint) so that huge literals are diagnosed, not rounded. */
export interface IntLit extends NodeBase {
  readonly kind: "IntLit";
  readonly value: bigint;
}
export interface StrLit extends NodeBase {
  readonly kind: "StrLit";
  readonly value: string;
}
/** `none`: the empty option. */
export interface NoneLit extends NodeBase {
  readonly kind: "NoneLit";
}
/** `self`: the identity of the running process instance. */
export interface SelfExpr extends NodeBase {
  readonly kind: "SelfExpr";
}
/** A bare name: a variable, constant, local, parameter, binder, definition or enum member. */
export interface NameExpr extends NodeBase {
  readonly kind: "NameExpr";
  readonly name: Ident;
}

export type UnaryOp = "not" | "neg";
export interface UnaryExpr extends NodeBase {
  readonly kind: "UnaryExpr";
  readonly op: UnaryOp;
  readonly arg: Expr;
}

export type BinaryOp =
  | "and"
  | "or"
  | "implies"
  | "iff"
  | "eq"
  | "ne"
  | "lt"
  | "le"
  | "gt"
  | "ge"
  | "in"
  | "notin"
  | "subset"
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "mod"
  | "union"
  | "intersect"
  | "minus";
export interface BinaryExpr extends NodeBase {
  readonly kind: "BinaryExpr";
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}
export interface IfExpr extends NodeBase {
  readonly kind: "IfExpr";
  readonly cond: Expr;
  readonly then: Expr;
  readonly else: Expr;
}
export interface LetExpr extends NodeBase {
  readonly kind: "LetExpr";
  readonly bindings: readonly { readonly name: Ident; readonly value: Expr }[];
  readonly body: Expr;
  /** Built by the parser for a tuple binder `<<a, b>> in S` (see Binder.pattern); not written. */
  readonly destructure?: true;
}
/** A binder `x in S` used by quantifiers, comprehensions, `with` and action parameters. */
export interface Binder extends NodeBase {
  readonly kind: "Binder";
  readonly name: Ident;
  readonly domain: Expr;
  /** Written `x = e` (in `with` and `let` statements): `domain` is then the singleton set literal `{e}`. */
  readonly eq?: true;
  /**
   * Written `<<a, b>> in S` (a tuple destructured): `name` is then a hidden name (`$t_a_b`, which no
   * spec name can be) and the parser wraps what the binder scopes in a `let a = $t[1], b = $t[2]`
   * marked `destructure` (so the printer writes the pattern back).
   */
  readonly pattern?: readonly Ident[];
}
export interface QuantExpr extends NodeBase {
  readonly kind: "QuantExpr";
  readonly quant: "forall" | "exists";
  readonly binders: readonly Binder[];
  readonly body: Expr;
}
/** `choose x in S: P` — deterministic, like TLA+ CHOOSE: the least element (canonical order) satisfying P. */
export interface ChooseExpr extends NodeBase {
  readonly kind: "ChooseExpr";
  readonly binder: Binder;
  readonly body: Expr;
}
export interface SetLit extends NodeBase {
  readonly kind: "SetLit";
  readonly elems: readonly Expr[];
}
/** `{x in S : P}` */
export interface SetFilter extends NodeBase {
  readonly kind: "SetFilter";
  readonly binder: Binder;
  readonly pred: Expr;
}
/** `{e : x in S, y in T}` */
export interface SetMap extends NodeBase {
  readonly kind: "SetMap";
  readonly body: Expr;
  readonly binders: readonly Binder[];
}
/** `a..b` as a set of integers (in expression position). */
export interface RangeExpr extends NodeBase {
  readonly kind: "RangeExpr";
  readonly lo: Expr;
  readonly hi: Expr;
}
/** `[x in S |-> e]`: a total function on S. */
export interface MapComp extends NodeBase {
  readonly kind: "MapComp";
  readonly binder: Binder;
  readonly body: Expr;
}
/** `[S -> T]`: the set of all maps from S to T (TLA+'s function set). */
export interface FuncSet extends NodeBase {
  readonly kind: "FuncSet";
  readonly domain: Expr;
  readonly range: Expr;
}
/** `[x in s : P]`: the elements of sequence s satisfying P, in order (TLA+'s `SelectSeq`). */
export interface SeqFilter extends NodeBase {
  readonly kind: "SeqFilter";
  readonly binder: Binder;
  readonly pred: Expr;
}
/** `<<a, b>>`: a tuple. */
export interface TupleLit extends NodeBase {
  readonly kind: "TupleLit";
  readonly elems: readonly Expr[];
}
export interface RecordLit extends NodeBase {
  readonly kind: "RecordLit";
  readonly fields: readonly { readonly name: Ident; readonly value: Expr }[];
}
/** `Promise { bal: b, acc: a }`: a value of a variant type (a case with fields; a bare case is a NameExpr). */
export interface VariantLit extends NodeBase {
  readonly kind: "VariantLit";
  readonly tag: Ident;
  readonly fields: readonly { readonly name: Ident; readonly value: Expr }[];
}
/** `m is Promise`: whether a variant value has this case (it narrows `m` where the test is known true). */
export interface IsExpr extends NodeBase {
  readonly kind: "IsExpr";
  readonly target: Expr;
  readonly tag: Ident;
}
/** `[a, b, c]`: a sequence. */
export interface SeqLit extends NodeBase {
  readonly kind: "SeqLit";
  readonly elems: readonly Expr[];
}
/** `e.f`: record field, or a lock field (`l.readers`, `l.writer`, `m.owner`). */
export interface FieldExpr extends NodeBase {
  readonly kind: "FieldExpr";
  readonly target: Expr;
  readonly field: Ident;
}
/** `e[i]`: map lookup or sequence index (1-based, like TLA+). */
export interface IndexExpr extends NodeBase {
  readonly kind: "IndexExpr";
  readonly target: Expr;
  readonly index: Expr;
}
/** `f(args)`: a user `def` or a built-in (`card`, `len`, `head`, `tail`, `append`, `domain`, `some`, `get`, `holds`, …). */
export interface CallExpr extends NodeBase {
  readonly kind: "CallExpr";
  readonly callee: Ident;
  readonly args: readonly Expr[];
}
/** One step of an update path: `[k]` or `.f`. */
export type PathSeg =
  { readonly kind: "IndexSeg"; readonly index: Expr; readonly span: Span } | { readonly kind: "FieldSeg"; readonly field: Ident; readonly span: Span };
/** `e with [k] = v, .f = w, [k].g = u`: functional update of maps, sequences and records. */
export interface UpdateExpr extends NodeBase {
  readonly kind: "UpdateExpr";
  readonly target: Expr;
  readonly updates: readonly { readonly path: readonly PathSeg[]; readonly value: Expr }[];
}

// ---------------------------------------------------------------------------------------------
// Statements

export type Stmt =
  AssignStmt | IfStmt | WhileStmt | GotoStmt | AwaitStmt | EitherStmt | WithStmt | AssertStmt | SkipStmt | CallStmt | ReturnStmt | LockStmt | BlockStmt;

interface StmtBase extends NodeBase {
  /** The label that starts an atomic step here (`L: stmt`), if any. */
  readonly label?: Ident;
}

/** `lhs = e;` where lhs is a variable with an optional path (`x[k].f = e`). */
export interface AssignStmt extends StmtBase {
  readonly kind: "AssignStmt";
  readonly target: Ident;
  readonly path: readonly PathSeg[];
  readonly value: Expr;
}
export interface IfStmt extends StmtBase {
  readonly kind: "IfStmt";
  readonly cond: Expr;
  readonly then: readonly Stmt[];
  /** `else if` is an `else` whose body is a single IfStmt. */
  readonly else?: readonly Stmt[];
}
export interface WhileStmt extends StmtBase {
  readonly kind: "WhileStmt";
  readonly cond: Expr;
  readonly body: readonly Stmt[];
}
export interface GotoStmt extends StmtBase {
  readonly kind: "GotoStmt";
  readonly target: Ident;
}
/** `await e;` — the step is disabled unless e holds here. */
export interface AwaitStmt extends StmtBase {
  readonly kind: "AwaitStmt";
  readonly cond: Expr;
}
export interface EitherStmt extends StmtBase {
  readonly kind: "EitherStmt";
  readonly branches: readonly (readonly Stmt[])[];
}
/** `with (x in S, y = e) { … }`, or `let x = e, y = f { … }` (`let: true`, every binder `eq`). */
export interface WithStmt extends StmtBase {
  readonly kind: "WithStmt";
  readonly binders: readonly Binder[];
  readonly body: readonly Stmt[];
  readonly let?: true;
  /** Built by the parser for a tuple binder `<<a, b>> in S` (see Binder.pattern); not written. */
  readonly destructure?: true;
}
export interface AssertStmt extends StmtBase {
  readonly kind: "AssertStmt";
  readonly cond: Expr;
  readonly message?: StrLit;
}
export interface SkipStmt extends StmtBase {
  readonly kind: "SkipStmt";
}
/** `call p(args);` a procedure, or `m(args);` a macro (told apart by name resolution). */
export interface CallStmt extends StmtBase {
  readonly kind: "CallStmt";
  readonly isCall: boolean;
  readonly callee: Ident;
  readonly args: readonly Expr[];
}
export interface ReturnStmt extends StmtBase {
  readonly kind: "ReturnStmt";
}
export type LockOp = "acquire" | "release" | "read_lock" | "read_unlock" | "write_lock" | "write_unlock";
export interface LockStmt extends StmtBase {
  readonly kind: "LockStmt";
  readonly op: LockOp;
  readonly lock: Ident;
  /** Optional index into a map of locks: `acquire locks[i];` */
  readonly path: readonly PathSeg[];
}
/** `{ stmts }` — grouping only; no new scope. */
export interface BlockStmt extends StmtBase {
  readonly kind: "BlockStmt";
  readonly body: readonly Stmt[];
}

// ---------------------------------------------------------------------------------------------
// Declarations

export type Decl =
  | ConstDecl
  | TypeDecl
  | EnumDecl
  | VarDecl
  | DefDecl
  | InvariantDecl
  | PropertyDecl
  | ActionDecl
  | ProcessDecl
  | ProcedureDecl
  | MacroDecl
  | WorkloadDecl
  | OptionDecl
  | RefinesDecl;

interface DeclBase extends NodeBase {
  /** Text of the `///` or `/** *\/` doc comment right before the declaration, without comment markers. */
  readonly doc?: string;
  /** `override` given: this declaration replaces the one of the same name in the extended spec. */
  readonly override: boolean;
}

export interface ConstDecl extends DeclBase {
  readonly kind: "ConstDecl";
  readonly name: Ident;
  readonly type: TypeExpr;
  readonly value: Expr;
}
/**
 * `type T = U;` — an alias. `symmetric type T = lo..hi;` declares a scalarset instead: a nominal type
 * whose values are interchangeable (symmetry reduction permutes them; see docs/language.md).
 */
export interface TypeDecl extends DeclBase {
  readonly kind: "TypeDecl";
  readonly name: Ident;
  readonly type: TypeExpr;
  /** `symmetric type`: present (true) only when written. */
  readonly symmetric?: true;
  /** `type T = U display { … };`: the names traces print for values of `T`. */
  readonly display?: DisplayMap;
}
/**
 * `display { 1: "P1", none: "ERR" }` after a type or variable declaration: the name a trace prints for
 * each listed value (a literal of the type: an integer, `true`/`false`, a string, an enum member, `none`,
 * or for an option the value it holds). Display only: the state, `--json` and ITF keep the values.
 */
export interface DisplayMap {
  readonly entries: readonly DisplayEntry[];
  readonly span: Span;
}
export interface DisplayEntry {
  readonly value: Expr;
  readonly name: StrLit;
  readonly span: Span;
}
export interface EnumDecl extends DeclBase {
  readonly kind: "EnumDecl";
  readonly name: Ident;
  readonly members: readonly Ident[];
}
/**
 * `var x: T = e;` (one initial value), `var x: T in S;` (any element of S initially), or
 * `var m: mutex;` (locks start free; other types need an initialiser).
 */
export interface VarDecl extends DeclBase {
  readonly kind: "VarDecl";
  readonly name: Ident;
  readonly type: TypeExpr;
  readonly init?: { readonly mode: "eq" | "in"; readonly value: Expr };
  /** `ghost var`: bookkeeping for properties; part of the state, hidden from traces unless `--show-ghosts`. */
  readonly ghost?: true;
  /** `display { … }`: names for this variable's values (over any the type declares). */
  readonly display?: DisplayMap;
  /** `note "…"`: printed under a trace in which this variable changes (e.g. to explain a modulo counter's wrap). */
  readonly note?: StrLit;
}
export interface Param extends NodeBase {
  readonly kind: "Param";
  readonly name: Ident;
  readonly type: TypeExpr;
}
/** `def f(x: T): U = e;` — a pure function (no recursion). `def f: U = e;` has no parameters. */
export interface DefDecl extends DeclBase {
  readonly kind: "DefDecl";
  readonly name: Ident;
  readonly params: readonly Param[];
  readonly result: TypeExpr;
  readonly body: Expr;
}
export interface InvariantDecl extends DeclBase {
  readonly kind: "InvariantDecl";
  readonly name: Ident;
  readonly body: Expr;
}

export type Temporal =
  | { readonly kind: "TAlways"; readonly id: number; readonly span: Span; readonly arg: Temporal }
  | { readonly kind: "TEventually"; readonly id: number; readonly span: Span; readonly arg: Temporal }
  | { readonly kind: "TLeadsTo"; readonly id: number; readonly span: Span; readonly left: Temporal; readonly right: Temporal }
  | { readonly kind: "TState"; readonly id: number; readonly span: Span; readonly expr: Expr }
  /** `P => F` with F temporal, e.g. `always (terminated => always terminated)`. */
  | { readonly kind: "TImplies"; readonly id: number; readonly span: Span; readonly left: Temporal; readonly right: Temporal }
  /** `forall x in S: F` with F temporal: one property per value of the constant set S. */
  | { readonly kind: "TForall"; readonly id: number; readonly span: Span; readonly binders: readonly Binder[]; readonly body: Temporal };
/** `property Name: always eventually P;` — temporal formulas over state predicates. */
export interface PropertyDecl extends DeclBase {
  readonly kind: "PropertyDecl";
  readonly name: Ident;
  readonly body: Temporal;
}

export type Fairness = "none" | "weak" | "strong";

/**
 * `fair each action A(…)` (all parameters: `names` absent) or `fair each x, y action A(…)`: one fairness
 * constraint per binding of those parameters instead of one for all bindings.
 */
export interface FairEach {
  readonly names?: readonly Ident[];
  readonly span: Span;
}

/** `[fair] action name(p in S, …) when guard { stmts }` — one atomic step per enabled parameter binding. */
export interface ActionDecl extends DeclBase {
  readonly kind: "ActionDecl";
  readonly name: Ident;
  readonly fairness: Fairness;
  /** `fair each …`: per-binding fairness. */
  readonly each?: FairEach;
  readonly params: readonly Binder[];
  readonly guard?: Expr;
  readonly body: readonly Stmt[];
}
/** A process-local or procedure-local variable: `var x: T = e;`, or for a process local `var x: T in S;`. */
export interface LocalDecl extends NodeBase {
  readonly kind: "LocalDecl";
  readonly name: Ident;
  readonly type: TypeExpr;
  /** The initial value, or with `mode: "in"` the set it is chosen from (one initial state per choice). */
  readonly init: Expr;
  /** `var x: T in S;` (process locals only): absent for `var x: T = e;`. */
  readonly mode?: "in";
}
/** `[fair] process Name[self in S] { locals; labelled statements }`. Without `[self in S]`: one instance, self = 1. */
export interface ProcessDecl extends DeclBase {
  readonly kind: "ProcessDecl";
  readonly name: Ident;
  readonly fairness: Fairness;
  /** `fair each process` (an error: `fair process` is already one constraint per instance). */
  readonly each?: FairEach;
  /** `symmetric process P[self in T]`: the instances (indexed by symmetric type T) are interchangeable. */
  readonly symmetric?: true;
  readonly instances?: Expr;
  readonly locals: readonly LocalDecl[];
  readonly body: readonly Stmt[];
}
/** `procedure name(p: T, …) { locals; labelled statements }` — PlusCal call/return semantics. */
export interface ProcedureDecl extends DeclBase {
  readonly kind: "ProcedureDecl";
  readonly name: Ident;
  readonly params: readonly Param[];
  readonly locals: readonly LocalDecl[];
  readonly body: readonly Stmt[];
}
/** `macro name(a, b) { statements }` — inlined at each use; may not contain labels. */
export interface MacroDecl extends DeclBase {
  readonly kind: "MacroDecl";
  readonly name: Ident;
  readonly params: readonly Ident[];
  readonly body: readonly Stmt[];
}

export type Expectation =
  | { readonly kind: "holds"; readonly span: Span }
  | { readonly kind: "violates"; readonly property: Ident; readonly span: Span }
  | { readonly kind: "deadlock"; readonly span: Span }
  | { readonly kind: "assertion"; readonly message?: StrLit; readonly span: Span }
  | { readonly kind: "lock_error"; readonly span: Span }
  | { readonly kind: "spec_error"; readonly span: Span };

export type WorkloadItem =
  | { readonly kind: "WConst"; readonly id: number; readonly span: Span; readonly name: Ident; readonly value: Expr }
  | { readonly kind: "WRun"; readonly id: number; readonly span: Span; readonly process: Ident; readonly instances?: Expr }
  | { readonly kind: "WExpect"; readonly id: number; readonly span: Span; readonly expect: Expectation }
  | { readonly kind: "WOption"; readonly id: number; readonly span: Span; readonly option: Ident; readonly value: boolean }
  /** `constraint C;` — TLC's CONSTRAINT: states where C is false are checked but neither counted, stored nor expanded. */
  | { readonly kind: "WConstraint"; readonly id: number; readonly span: Span; readonly cond: Expr };

/**
 * `workload name { const X = e; run P[S]; expect …; }`. Names may contain `-`. When any `run` is
 * given, only the listed processes run. An `override workload` appends its items to the base's; later items win.
 */
export interface WorkloadDecl extends DeclBase {
  readonly kind: "WorkloadDecl";
  readonly name: Ident;
  readonly items: readonly WorkloadItem[];
}
/** `check deadlock = false;` — spec-wide checker options. */
export interface OptionDecl extends DeclBase {
  readonly kind: "OptionDecl";
  readonly name: Ident;
  readonly value: boolean;
}

/** One entry of a refinement mapping: `v = e;` (an abstract variable) or `const C = e;` (an abstract constant). */
export interface RefineItem extends NodeBase {
  readonly kind: "RefineItem";
  /** `const C = e;`: fixes a constant of the abstract spec (e reads this spec's constants only). */
  readonly isConst: boolean;
  readonly name: Ident;
  readonly value: Expr;
}
/**
 * `refines "abstract.tspec" with { v = e; const C = e; … }` — every step of this spec, mapped, is a step
 * of the abstract spec or a stutter, and its initial states map to initial states of it (TLA+'s
 * `Spec => Abs!Spec` with `Abs == INSTANCE … WITH v <- e`). `name` is the keyword itself (`refines`),
 * so that a derived spec can `override refines`.
 */
export interface RefinesDecl extends DeclBase {
  readonly kind: "RefinesDecl";
  readonly name: Ident;
  /** Path of the abstract spec, relative to this file. */
  readonly file: StrLit;
  readonly items: readonly RefineItem[];
}

/** One `.tspec` file. */
export interface SpecFile extends NodeBase {
  readonly kind: "SpecFile";
  readonly doc?: string;
  readonly name: Ident;
  /** `extends "base.tspec"`: path relative to this file. */
  readonly extends?: StrLit;
  readonly decls: readonly Decl[];
}

export type Node = Expr | Stmt | Decl | TypeExpr | SpecFile | Ident | Binder | Param | LocalDecl | RefineItem;

/** A body as written: without the `let` the parser adds for tuple binders (Binder.pattern). */
export function writtenBody(body: readonly Stmt[]): readonly Stmt[] {
  const only = body[0];
  return body.length === 1 && only?.kind === "WithStmt" && only.destructure ? only.body : body;
}

/** An expression as written: without the `let` the parser adds for tuple binders (Binder.pattern). */
export function writtenExpr(e: Expr): Expr {
  return e.kind === "LetExpr" && e.destructure ? writtenExpr(e.body) : e;
}

/** Exhaustiveness helper for `switch` on `kind`. */
export function assertNever(x: never): never {
  throw new Error(`unexpected node: ${JSON.stringify(x)}`);
}
