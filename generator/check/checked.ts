/**
 * The output of semantic analysis: the linked spec, grouped by kind, plus side tables keyed by node id
 * (what each name refers to, the type of each expression, the declared type of each variable). This is
 * the only input of lowering/emission.
 */
import type {
  ActionDecl,
  Binder,
  ConstDecl,
  DefDecl,
  EnumDecl,
  Expectation,
  Ident,
  InvariantDecl,
  LocalDecl,
  Param,
  ProcedureDecl,
  ProcessDecl,
  PropertyDecl,
  Span,
  VarDecl,
  WorkloadDecl,
  Expr,
} from "../parse/ast.js";
import type { LinkedSpec } from "./link.js";
import type { Type } from "./types.js";
import type { CheckedRefinement } from "./refines.js";

/** What a name in an expression or assignment refers to. */
export type Ref =
  | { readonly kind: "const"; readonly decl: ConstDecl }
  | { readonly kind: "var"; readonly decl: VarDecl }
  /** A process-local variable. */
  | { readonly kind: "local"; readonly decl: LocalDecl; readonly process: ProcessDecl }
  /** A procedure parameter or local (lives in the procedure's frame). */
  | { readonly kind: "frame"; readonly decl: LocalDecl | Param; readonly procedure: ProcedureDecl }
  /** A value bound by a quantifier, comprehension, `with`, `let`, action or def parameter. */
  | { readonly kind: "bound"; readonly name: string; readonly binderId: number }
  | { readonly kind: "member"; readonly decl: EnumDecl; readonly name: string }
  /** A parameterless `def`. */
  | { readonly kind: "def"; readonly decl: DefDecl }
  /** A type name used as the set of all its values (`Pfn`, an enum). */
  | { readonly kind: "typeset"; readonly type: Type }
  /** A case of a variant type used as a value (a case without fields): `Abort`. */
  | { readonly kind: "tag"; readonly variant: string; readonly tag: string; readonly span: Span };

/**
 * A read of a process's state from outside its code (see check/procread.ts), keyed by the id of the
 * expression it replaces: `Worker` as the set of its running instances' `self` values, a label test
 * (`Worker[p].pc == CS`, `in {…}`, `at(Worker[p], CS)`; `pcs` are values of the generated `Pc`) or a
 * local (`Worker[p].x`). `index` is absent for a process without an instance set.
 */
export type ProcRead =
  | { readonly kind: "set"; readonly process: ProcessDecl }
  | { readonly kind: "at"; readonly process: ProcessDecl; readonly index?: Expr; readonly pcs: readonly string[]; readonly negate: boolean }
  | { readonly kind: "local"; readonly process: ProcessDecl; readonly index?: Expr; readonly decl: LocalDecl };

/** A workload with its items resolved. */
export interface CheckedWorkload {
  readonly decl: WorkloadDecl;
  readonly name: string;
  /** Constant overrides in source order (later ones win when emitted in order). */
  readonly constants: ReadonlyMap<string, Expr>;
  /** The processes that run and their instance sets (undefined = the process's own set). */
  readonly run: ReadonlyMap<string, Expr | undefined>;
  readonly expect: Expectation;
  readonly checkDeadlock: boolean;
  /** `constraint C;` items in source order (TLC's CONSTRAINT; several are a conjunction). */
  readonly constraints: readonly Expr[];
  readonly span: Span;
}

export interface CheckedSpec {
  readonly linked: LinkedSpec;
  readonly name: Ident;
  /** In dependency order: a constant's default only mentions constants before it. */
  readonly consts: readonly ConstDecl[];
  readonly enums: readonly EnumDecl[];
  /** Type aliases by name. */
  readonly aliases: ReadonlyMap<string, Type>;
  readonly vars: readonly VarDecl[];
  /** The variables in the order their initial values are computed (each after those it reads). */
  readonly initOrder: readonly VarDecl[];
  /** Variable name → the state variables its initial value reads (through `def`s too); see init-order.ts. */
  readonly initReads: ReadonlyMap<string, ReadonlySet<string>>;
  readonly defs: readonly DefDecl[];
  readonly invariants: readonly InvariantDecl[];
  readonly properties: readonly PropertyDecl[];
  readonly actions: readonly ActionDecl[];
  /** Processes in declaration order; macros are already expanded in their bodies. */
  readonly processes: readonly ProcessDecl[];
  readonly procedures: readonly ProcedureDecl[];
  readonly workloads: readonly CheckedWorkload[];
  readonly checkDeadlock: boolean;
  /** Node id → what the name refers to (NameExpr ids, AssignStmt/LockStmt ids for their targets). */
  readonly refs: ReadonlyMap<number, Ref>;
  /** Expression id → type. */
  readonly types: ReadonlyMap<number, Type>;
  /** Declaration id (ConstDecl, VarDecl, LocalDecl, Param, Binder) → declared or inferred type. */
  readonly declTypes: ReadonlyMap<number, Type>;
  /** Procedure name → the processes that may (transitively) call it. */
  readonly callers: ReadonlyMap<string, readonly string[]>;
  /** Binders by id (with, quantifiers, action parameters) for emission of their names. */
  readonly binders: ReadonlyMap<number, Binder>;
  /** Expression id → the process state it reads (properties, defs, guards; see `ProcRead`). */
  readonly procReads: ReadonlyMap<number, ProcRead>;
  /** `refines "abstract.tspec" with { … }`: the abstract spec and the checked mapping. */
  readonly refines?: CheckedRefinement;
}
