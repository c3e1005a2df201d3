/**
 * The catalog of diagnostic codes: for each stable code a short title and an explanation of what it
 * means and how to fix it. `spec2ts explain E201` prints an entry, and docs/diagnostics.md is generated
 * from this table (scripts/gen-docs.mts), so the two cannot drift; a test checks that every code the
 * front end, the CLI or the runtime can emit has an entry here and that no entry is stale.
 *
 * Ranges: E1xx parsing, E2xx names and declarations, E3xx types and expressions, E4xx locks, macros
 * and statements, E5xx labels and control flow, E6xx workloads, E7xx symmetry, E8xx command-line and
 * run-time errors reported with a spec location, W1xx warnings.
 */

export interface CatalogEntry {
  /** One line: what went wrong. */
  readonly title: string;
  /** Why it is an error and what to write instead; plain text, may use `code` spans. */
  readonly explanation: string;
}

export const CATALOG: Readonly<Record<string, CatalogEntry>> = {
  E100: {
    title: "internal parser error",
    explanation: "The parser failed in a way it does not expect. This is a bug in spec2ts; please report it with the spec that triggers it.",
  },
  E101: {
    title: "syntax error",
    explanation:
      "The text does not follow the grammar of a `.tspec` file. The message names what the parser expected at the caret (and, when you typed TLA+, PlusCal or Quint syntax such as `\\in`, `/\\` or `x'`, the spec2ts spelling). A file starts with `spec Name`, then declarations: `const`, `type`, `enum`, `var`, `def`, `invariant`, `property`, `action`, `process`, `procedure`, `macro`, `workload`.",
  },
  E102: {
    title: "unterminated comment or string",
    explanation: "A `/*` comment has no closing `*/`, or a string literal has no closing quote on its line.",
  },
  E103: {
    title: "integer literal too large",
    explanation: "Integers are exact up to 2^53 - 1 (9007199254740991); a larger literal cannot be represented. Use a smaller bound or a constant.",
  },
  E104: {
    title: "unknown escape in a string",
    explanation: 'Strings accept the escapes `\\\\`, `\\"`, `\\n` and `\\t`; any other backslash sequence is an error.',
  },
  E105: {
    title: "input nested too deeply to parse",
    explanation: "Expressions or statements are nested so deeply that the parser would exhaust its stack. Split the expression into `def`s.",
  },
  E107: {
    title: "spec nested too deeply",
    explanation:
      "A later stage (checking, lowering or emission) would exceed its recursion budget on this nesting. Split deep expressions or statement blocks into definitions.",
  },
  E201: {
    title: "unknown name",
    explanation:
      "The name is not a variable, constant, definition, enum member, binder or process local in scope here. The message suggests the closest declared name when there is one.",
  },
  E202: {
    title: "unknown function, macro or procedure",
    explanation:
      "A call names nothing callable: not a built-in (`card`, `len`, `head`, `union`, …), not a `def` with parameters, not a macro (statement call) and not a procedure (`call P(…)`).",
  },
  E203: {
    title: "redeclaration of an inherited name",
    explanation: "The extended spec already declares this name. Mark the declaration `override` to replace the inherited one, or choose another name.",
  },
  E204: {
    title: "`override` of nothing",
    explanation: "`override` replaces a declaration of the extended spec; this spec extends nothing, or the base has no declaration of that name.",
  },
  E205: {
    title: "`override` changes the kind of a declaration",
    explanation: "An override must replace a declaration of the same kind (a `def` by a `def`, a process by a process, …).",
  },
  E206: {
    title: "`extends` cycle",
    explanation: "A spec extends itself, directly or through its bases. `extends` chains must be acyclic.",
  },
  E207: {
    title: "cannot read or refuse the extended spec",
    explanation:
      "The file named by `extends` does not exist, is not a regular `.tspec` file, is too large, or lies outside the project and the spec's folder. The diagnostic never shows the contents of a file that is not a spec.",
  },
  E208: {
    title: "duplicate declaration",
    explanation:
      'Two declarations (or two enum members, labels of one process, locals of one procedure) share a name. Names are global across variables, constants, definitions, enum members, actions and processes. A spec declares at most one `refines`; a second refinement of the same behaviours is checked from a spec that `extends` this one and replaces it with `override refines "other.tspec" with { … }`.',
  },
  E209: {
    title: "constant depends on itself",
    explanation:
      "A constant's type or default refers (directly or through other constants) to itself. Constants may only use constants declared without a cycle.",
  },
  E210: {
    title: "unknown type",
    explanation:
      "The type name is not a built-in (`bool`, `int` ranges `a..b`, `set<T>`, `seq<T>`, `map<K, V>`, `option<T>`, `tuple<…>`, `mutex`, `rwlock`, `pid`), an enum, or a `type` alias.",
  },
  E211: {
    title: "record field appears twice",
    explanation: "A record type or record literal names the same field twice.",
  },
  E212: {
    title: "recursive type alias",
    explanation: "A `type` alias refers to itself. Types are finite; recursive data is not supported.",
  },
  E213: {
    title: "process-only construct outside a process",
    explanation: "`self`, `holds(l)` and `holds_read(l)` describe the running process; they are only defined in process and procedure code.",
  },
  E214: {
    title: "reserved name",
    explanation:
      "Names such as `__proto__` and `constructor` are built-in properties of JavaScript objects; a spec cannot use them for declarations, fields or enum members.",
  },
  E301: {
    title: "type mismatch",
    explanation:
      "An expression has a different type from the one its place requires (an assignment, an initial value, an `if` condition, branches of an `if` expression, set elements).",
  },
  E302: {
    title: "operator applied to incompatible operands",
    explanation:
      "A comparison, set operator or membership test is applied to values of types it does not accept (comparing a record with an integer, `in` on something that is not a set, locks compared directly).",
  },
  E303: {
    title: "no such field or not indexable",
    explanation:
      "A field access names a field the record type does not have, a tuple is accessed by name instead of `[i]`, or something other than a map, sequence or tuple is indexed.",
  },
  E304: {
    title: "invalid map key type",
    explanation: "Map keys (and the domains of map comprehensions) must be `bool`, an integer range, an enum, `pid` or a symmetric type.",
  },
  E305: {
    title: "nested option",
    explanation: "`option<option<T>>` is not supported; use a record or an enum to distinguish the cases.",
  },
  E306: {
    title: "infinite or non-set domain",
    explanation: "A state variable must have a finite type so the state space is finite, and a binder `x in S` needs a set.",
  },
  E307: {
    title: "integer literal too large",
    explanation: "Integer literals are exact up to 2^53 - 1.",
  },
  E308: {
    title: "not a constant expression",
    explanation:
      "Constant declarations, type bounds and workload settings are evaluated once, before the search; they may only use literals and constants, not variables, definitions or process state.",
  },
  E309: {
    title: "built-in applied to the wrong kind of value",
    explanation: "A built-in such as `card`, `union`, `product` or `powerset` needs sets (or sequences) and was given something else.",
  },
  E310: {
    title: "assignment to something that is not a variable",
    explanation: "Only state variables, process locals and procedure locals can be assigned; constants, definitions and binders cannot.",
  },
  E311: {
    title: "missing or invalid initial value",
    explanation: "Every state variable needs an initial value (`= e`) or an initial choice (`in S`). Locks cannot have one: they start free.",
  },
  E312: {
    title: "invalid process instance set",
    explanation: "Process instances are identified by integers, enum values or a symmetric type.",
  },
  E313: {
    title: "wrong number of arguments",
    explanation: "A definition, macro, procedure or built-in is called with a different number of arguments than it takes.",
  },
  E314: {
    title: "parameterised definition used without arguments",
    explanation: "A `def` with parameters is a function; call it as `name(…)`.",
  },
  E315: {
    title: "type cannot be used as a set",
    explanation:
      "A type name used as a set (`forall x in T`) must be finite and small enough to enumerate (at most 1,000,000 values) and must not contain locks.",
  },
  E316: {
    title: "range too large to iterate",
    explanation:
      "A quantifier, `with`, `choose`, comprehension or action parameter ranges over a constant integer range with more than 10,000,000 values, more than the checker will enumerate. Narrow the range (a bound that depends on constants or state is checked when evaluated, as a spec error at the range).",
  },
  E317: {
    title: "def evaluation explodes",
    explanation:
      "Evaluating this def evaluates other defs more than 1,000,000 times: each mention of a def evaluates it again, so `def f1 = f0 + f0; def f2 = f1 + f1; …` doubles per level. Bind a repeated subterm once with `let`, or restructure the defs.",
  },
  E320: {
    title: "unknown or ambiguous label in a process read",
    explanation: "`P[p].pc == L` and `at(P[p], L)` must name a label of process `P` (or of exactly one procedure it calls), or `Done`.",
  },
  E321: {
    title: "unknown process local",
    explanation: "`P[p].x` reads local `x` of process `P`; `P` declares no local of that name.",
  },
  E322: {
    title: "single-instance process indexed",
    explanation: "A process with one instance is read without an index: `P.pc`, `P.x`.",
  },
  E323: {
    title: "invalid use of a process's pc",
    explanation:
      "A process's `pc` is not a value of the spec's types; it can only be compared with a label name (or `Done`) or tested against a set literal of label names.",
  },
  E324: {
    title: "invalid `at` call",
    explanation: "`at(P[p], L)` takes a process instance and a label name.",
  },
  E325: {
    title: "not a process instance",
    explanation: "The indexed name is not a process, or its index is not of the process's instance type.",
  },
  E326: {
    title: "assignment to another process's state",
    explanation:
      "A process's pc and locals change only by its own steps. Inside the process, assign a local by its bare name; elsewhere use a shared variable.",
  },
  E327: {
    title: "local initial value reads process state",
    explanation: "All instances are created together with the initial state, so a local's initial value cannot read another process's pc or locals.",
  },
  E330: {
    title: "field name reserved for tuples",
    explanation: "Numeric-looking field names are reserved for tuple components; use a tuple `<<a, b>>` or another field name.",
  },
  E331: {
    title: "invalid tuple index",
    explanation: "A tuple is indexed by an integer literal between 1 and its number of components.",
  },
  E332: {
    title: "invalid function set `[S -> T]`",
    explanation: "The domain of `[S -> T]` must be a set of map keys, and both sides must be sets.",
  },
  E333: {
    title: "sequence filter on a non-sequence",
    explanation: "`[x in s : P]` filters a sequence (TLA+'s SelectSeq); the filter of a set is `{x in S : P}`.",
  },
  E335: {
    title: "tuple too long",
    explanation: "Tuples have a bounded number of components; use a record with named fields for more.",
  },
  E340: {
    title: "initial value reads a variable that is not yet initialised",
    explanation:
      "Initial values may read other variables and definitions, but not in a cycle: each variable's initial value may only read variables whose initial values do not read it back.",
  },
  E341: {
    title: "procedure local starts with a choice",
    explanation: "A procedure frame is created by `call`; declare the local with `= e` and choose inside the procedure.",
  },
  E350: {
    title: "state constraint that reads no state",
    explanation:
      "A workload's `constraint C;` (TLC's CONSTRAINT) restricts which reachable states are stored and explored; a constraint that reads no variable or process state is constant, so it either keeps everything or drops everything. Write a predicate over the state.",
  },
  E360: {
    title: "`each` on a process",
    explanation:
      "`fair process` is already one fairness constraint per instance (PlusCal's `fair process`, TLA+'s `\\A self \\in S: WF_vars(P(self))`), so `fair each process` adds nothing: drop `each`. `each` splits an action's fairness by its parameters.",
  },
  E361: {
    title: "`each` names something that is not a parameter",
    explanation:
      "`fair each x action A(x in S, y in T)` splits A's fairness by the parameters listed after `each`; every name there must be one of A's parameters.",
  },
  E362: {
    title: "`each` on an action without parameters",
    explanation: "An action with no parameters has one binding, so `fair each action` has nothing to split: write `fair action`.",
  },
  E363: {
    title: "parameter listed twice after `each`",
    explanation: "Each parameter named after `each` splits the fairness once; remove the repeated name.",
  },
  E364: {
    title: "unsupported implication between temporal formulas",
    explanation:
      "Between temporal formulas `=>` is supported in the forms `P => always Q` and `always (P => always Q)` (e.g. `always (terminated => always terminated)`, SyncTerminationDetection's Quiescence), with P and Q state predicates. Other nestings (`<>(P ~> Q)`, `[](P => <>[]Q)`) are not checked by spec2ts; rewrite the property or split it.",
  },
  E365: {
    title: "`forall` inside a temporal formula",
    explanation:
      "A quantifier over a temporal formula must be the whole property, `property X: forall x in S: …;`, which is checked once per value of S (TLA+'s `\\A x \\in S: F`). Move the `forall` to the front.",
  },
  E366: {
    title: "property quantifies over a set that reads state",
    explanation:
      "The set a property quantifies over must be constant (it may read constants and `def`s that read no state), because the property is instantiated once per value before the search. Quantify over a constant set and test membership in the formula instead.",
  },
  E370: {
    title: "cannot load the abstract spec",
    explanation:
      'The file named by `refines "abs.tspec" with { … }` cannot be read or is refused: it must be a regular `.tspec` file inside the project or the root spec\'s directory (as for `extends`), and refinement is only checked through `spec2ts check`/`test`/`gen`, which load the abstract spec.',
  },
  E371: {
    title: "abstract spec has processes or itself refines",
    explanation:
      "The abstract spec of `refines` must be written with actions only, its control state an ordinary variable (as in the TLA+ translation of a PlusCal algorithm), because a mapping cannot name abstract process state; and it cannot declare `refines` itself (chains are not followed: check each refinement on its own).",
  },
  E372: {
    title: "abstract variable that names process instances",
    explanation:
      "An abstract variable of lock, pid or symmetric type identifies abstract process instances, which a refinement mapping cannot name. Model it with integers or enums in the abstract spec.",
  },
  E373: {
    title: "unknown abstract variable or constant",
    explanation:
      "Each `name = expr;` of the mapping must name a variable of the abstract spec, and each `const C = expr;` one of its constants (a constant is given with `const`).",
  },
  E374: {
    title: "abstract enum not declared here",
    explanation:
      "The mapping produces values of an enum of the abstract spec; declare the same enum (same members, same order) in this spec so that both represent its values identically.",
  },
  E375: {
    title: "abstract variable not mapped",
    explanation:
      "Every variable of the abstract spec needs `name = expression;` in the mapping: the refinement check computes the whole abstract state from each concrete state.",
  },
  E376: {
    title: "mapped twice",
    explanation: "The mapping gives the same abstract variable or constant twice; keep one.",
  },
  E377: {
    title: "map keyed by a different range",
    explanation:
      "An abstract map-valued variable is keyed by an integer range; the mapping must build its map over the same range (literally or through the constant passed with `const`), so that the two specs' maps have the same keys.",
  },
  E378: {
    title: "`expect violates refinement` without `refines`",
    explanation: 'The workload expects a refinement violation, but the spec declares no `refines "abstract.tspec" with { … }`, so there is nothing to violate.',
  },
  E379: {
    title: "`refinement` used as a declaration name",
    explanation:
      "In a spec that `refines` another, the name `refinement` denotes the refinement check (`expect violates refinement`); rename the invariant or property that uses it.",
  },
  E380: {
    title: "duplicate variant case",
    explanation: "A variant type lists two cases with the same tag. Each case of `type Msg = A { … } | B;` needs its own tag.",
  },
  E381: {
    title: "variant case name already taken",
    explanation:
      "A variant case's tag is already a name in the spec: another variant's case, an enum member or a declaration. Case tags are values written bare (`Commit`), so they must be unique among all names; rename the case.",
  },
  E382: {
    title: "variant case with fields used bare",
    explanation: "A case that has fields must be built with all of them, `Promise { rm: r1 }`; only a case without fields is written bare (`Abort`).",
  },
  E383: {
    title: "unknown variant case",
    explanation: "`Tag { … }` names a case that no variant type declares. Check the spelling, or declare the case in its `type`.",
  },
  E384: {
    title: "wrong fields for a variant case",
    explanation: "`Tag { … }` must give exactly the fields its case declares: one is missing or one is not a field of that case.",
  },
  E385: {
    title: "`is` on a value that is not a variant",
    explanation: "`e is Tag` tests the case of a variant value; `e` here has another type.",
  },
  E386: {
    title: "`is` with a case of another type",
    explanation: "In `e is Tag`, `Tag` must be one of the cases of `e`'s variant type.",
  },
  E387: {
    title: "field of another case",
    explanation: "The field is read on a value whose case (after `m is A`) does not have it, or no case of the type has such a field.",
  },
  E388: {
    title: "field read without a case test",
    explanation:
      "Only some cases of the variant have this field: test the case first (`m is A and m.f > 0`, `if m is A then m.f else …`), so the read is defined.",
  },
  E389: {
    title: "assignment to a variant field",
    explanation:
      "A variant value is replaced whole (`m = A { f: 1 }`); assigning or updating one of its fields (`m.f = e`) is not allowed, because the case it belongs to is not known to the update.",
  },
  E390: {
    title: "tuple binder over a set of non-tuples",
    explanation: "`<<a, b>> in S` destructures each element of S; the elements of S must be tuples with as many components as the binder names.",
  },
  E391: {
    title: "order or arithmetic on model values",
    explanation:
      "Enum members (TLC's model values) and variant values have no order and no arithmetic: `<`, `+` and the like are refused. Compare them with `==`/`!=`, or use an integer range if order matters.",
  },
  E392: {
    title: "`display` on a type whose values cannot be named",
    explanation:
      '`display { … }` gives trace names to single values: it applies to `bool`, integer ranges, `string`, enums and `option`s of these (`type Pfn = 1..3 display { 1: "P1" };`, `var khva: option<1..2> = none display { none: "NULL" };`). For a record, set, map or sequence, name its element or field type instead.',
  },
  E393: {
    title: "`display` entry is not a literal",
    explanation:
      'Each entry of `display { value: "name" }` names one value written as a literal: an integer (`3`, `-1`), `true`/`false`, a string, an enum member, `none`, or `some(v)` (or just `v`) for an option. Constants and expressions are not evaluated there.',
  },
  E394: {
    title: "`display` entry is not a value of the type",
    explanation:
      "The value named in a `display` entry must be a value of the declared type: an integer for a range, a member of the enum, `none` only for an option.",
  },
  E395: {
    title: "value named twice in `display`",
    explanation: "Each value gets at most one display name; remove one of the entries. (For an option, `some(1)` and `1` are the same value.)",
  },
  E396: {
    title: "display name given to two values",
    explanation: "Two values with the same name would be indistinguishable in a trace; give each value its own name.",
  },
  E397: {
    title: "blank or malformed display name",
    explanation:
      "A display name is printed in trace cells: it must be non-empty and have no control characters (newlines, tabs) or leading or trailing spaces.",
  },
  E398: {
    title: "empty `note`",
    explanation:
      '`var x: T = e note "…";` prints the note under every trace in which `x` changes (e.g. to say that a counter is kept modulo N, so `1 → 0` is a wrap). An empty note says nothing: remove it or write the explanation.',
  },
  E401: {
    title: "not a lock",
    explanation: "Lock statements (`acquire`, `release`, `read_lock`, …) need a state variable of type `mutex` or `rwlock`.",
  },
  E402: {
    title: "statement needs a process",
    explanation:
      "`while`, `goto`, `call` and lock statements need labels or an owning process; they are only allowed in processes and procedures, not in actions or definitions.",
  },
  E403: {
    title: "lock changed by assignment",
    explanation: "Locks change only through lock statements; their fields are read-only.",
  },
  E411: {
    title: "macro argument is not assignable",
    explanation: "The macro assigns this parameter, so the argument must be a variable (optionally indexed or with fields).",
  },
  E412: {
    title: "recursive macro",
    explanation: "Macros are expanded in place and cannot expand themselves.",
  },
  E501: {
    title: "`goto` to an unknown label",
    explanation: "`goto L` must name a label of the same process or procedure.",
  },
  E502: {
    title: "process or procedure body without a first label",
    explanation: "A process or procedure body is a sequence of labelled atomic steps; its first statement must carry a label.",
  },
  E503: {
    title: "unlabelled `while`",
    explanation: "Each test of a `while` condition starts an atomic step, so the loop needs a label.",
  },
  E504: {
    title: "duplicate or reserved label",
    explanation: "Labels are unique within a process or procedure, and `Done` is reserved for a finished process.",
  },
  E505: {
    title: "statement after `call` not labelled",
    explanation: "A procedure returns to a label; the statement after a `call` must be labelled (or be `return`/`goto`).",
  },
  E506: {
    title: "`return` outside a procedure",
    explanation: "`return` ends a procedure; processes end by reaching the end of their body (`Done`).",
  },
  E507: {
    title: "label inside an atomic body",
    explanation: "Actions, definitions and macros are one atomic step; labels are not allowed inside them.",
  },
  E508: {
    title: "recursive procedure",
    explanation: "Procedures cannot call themselves, directly or indirectly: frames are bounded.",
  },
  E509: {
    title: "label inside `with`",
    explanation: "The choice of `with` and its body form one atomic step, so labels are not allowed inside.",
  },
  E601: {
    title: "invalid workload constant",
    explanation: "A workload sets a name that is not a constant of the spec, or sets constants from each other in a cycle.",
  },
  E602: {
    title: "invalid `run` in a workload",
    explanation: "A workload runs a name that is not a process of the spec.",
  },
  E603: {
    title: "`expect violates` names no property",
    explanation:
      "`expect violates X` must name an invariant or a temporal property of the spec, or a built-in verdict: `deadlock`, `assertion`, `lock_error`, `spec_error`.",
  },
  E604: {
    title: "workload without `expect`",
    explanation: "Every workload says which verdict CI should see (`expect holds;` or `expect violates X;`).",
  },
  E605: {
    title: "unknown check option",
    explanation: "`check` options configure the search; the only option today is `deadlock` (`check deadlock = false;`).",
  },
  E701: {
    title: "invalid symmetric type",
    explanation: "A symmetric type is an integer range whose values are interchangeable (TLC's symmetry sets).",
  },
  E702: {
    title: "order or arithmetic on symmetric values",
    explanation: "Symmetric values have no order and no arithmetic; only `==`, `!=`, `in`, sets and map keys may use them.",
  },
  E703: {
    title: "integer used as a symmetric value",
    explanation: "Symmetric types have no literals; bind a value with `x in T` or use a constant of the type.",
  },
  E704: {
    title: "symmetric value used as an integer",
    explanation: "A symmetric value cannot flow into integer arithmetic or comparisons; its values are interchangeable.",
  },
  E705: {
    title: "`choose` over a symmetric domain",
    explanation: "`choose` picks a specific (least) value, which symmetry reduction cannot preserve; use `with`, `exists` or `forall` instead.",
  },
  E706: {
    title: "symmetric process over a non-symmetric type",
    explanation: "The instances of a symmetric process must be a symmetric type.",
  },
  E707: {
    title: "process over a symmetric type not declared symmetric",
    explanation: "A process indexed by a symmetric type has interchangeable instances; declare it `symmetric process`.",
  },
  E708: {
    title: "procedure uses `self` under symmetry",
    explanation: "In procedures `self` is an integer; pass the symmetric caller's `self` as a parameter instead.",
  },
  E709: {
    title: "symmetric process run with an explicit instance set",
    explanation: "A symmetric process runs one instance per value of its type; write `run P;` and size the type with a constant.",
  },
  E801: {
    title: "workload cannot be created",
    explanation:
      "Evaluating a workload's constants or initial state failed when the model was built (a constant outside its type, a division by zero in a `const`, too many process instances); the diagnostic points at the spec line.",
  },
  E820: {
    title: "init would overwrite files",
    explanation:
      "`spec2ts init` found files it would scaffold (the spec, its test, …) already in the directory and wrote nothing. Pick another directory, or pass `--force` to replace them.",
  },
  E821: {
    title: "init cannot use the project directory or its package.json",
    explanation:
      "`spec2ts init` needs a directory (the path exists and is a file), and a package.json it can read as a JSON object with an object `scripts`; fix the file, or add the scripts the message lists by hand.",
  },
  E830: {
    title: "not a valid ITF trace",
    explanation:
      "`replay` was given a file that is not an ITF trace (Apalache ADR-015 / Quint): it is not JSON, lacks `vars` or `states`, or is nested too deeply. Write traces with `check --itf` or an ITF writer.",
  },
  E831: {
    title: "ITF value of the wrong type",
    explanation:
      "A value in the trace does not have the type of its spec variable (e.g. a string where an integer is expected); the message gives the path inside the trace.",
  },
  E832: {
    title: "old ITF encoding (deprecated)",
    explanation:
      "The trace uses spec2ts's earlier encoding (sets as lists, bare `some` values). It is still read; write it again with `check --itf` to get the standard ADR-015 encoding.",
  },
  E833: {
    title: "ITF trace and spec disagree on the variables",
    explanation:
      "The trace's `vars` list names a variable the spec does not have, or misses one it has; replay a trace against the spec (and version) it was written for.",
  },
  W101: {
    title: "unused state variable",
    explanation: "The variable is never read or written; it adds nothing to the model. Remove it or use it.",
  },
  W102: {
    title: "unreachable label",
    explanation: "Nothing jumps or falls through to this label, so its step can never run.",
  },
  W103: {
    title: "spec without processes or actions",
    explanation: "With no processes and no actions the only reachable states are the initial ones.",
  },
};

/** The codes in catalog order (ranges, then number). */
export function catalogCodes(): string[] {
  return Object.keys(CATALOG).sort((a, b) => (a[0] === b[0] ? a.localeCompare(b) : a[0] === "E" ? -1 : 1));
}
