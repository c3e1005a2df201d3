/**
 * Identifier hygiene for emitted code. Spec identifiers are `[A-Za-z_][A-Za-z0-9_]*`, so they cannot
 * carry punctuation into the output, and in particular never a `$`. Names the generator invents at
 * module or class level (step methods `P$L`, dispatchers `run$P`, frame types `P$Frame`, enum helpers
 * `Color$values` / `Color$ord`) contain a `$`, so no spec name can meet them; a spec name that meets a
 * fixed name of the Model contract, the state's `pc`, or a TypeScript keyword/type gets a `$` suffix
 * (still unique: no other spec name ends in `$`). Spec values bound as locals (binders, parameters)
 * that meet a keyword or a local of the step code get a trailing `_`, predictably.
 * Strings (messages, locations, docs) go through `str()` / `docText()`.
 */

const TS_RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with as implements interface " +
    "let package private protected public static yield any boolean constructor declare get module require number set string " +
    "symbol type from of async await never unknown object undefined keyof readonly infer is asserts satisfies accessor " +
    "arguments eval NaN Infinity Object Array Math Number String Boolean Error JSON Map Set Symbol Promise __proto__ prototype"
  ).split(" "),
);

/** Names the generated step code uses for its own variables. */
const INTERNAL_VALUES = new Set(["s", "t", "pid", "out", "i", "self", "branch", "l", "f", "c", "w", "v", "me", "x_", "init", "draft"]);

/** Runtime helpers a generated model imports by name (only those its code uses). */
export const RUNTIME_HELPERS = [
  "SpecError",
  "sites",
  "viewTypesOf",
  "Refinement",
  "arrayWith",
  "bitsFor",
  "checkRange",
  "checkOptRange",
  "checkEachRange",
  "choose",
  "div",
  "equals",
  "fullMap",
  "heldBy",
  "holds",
  "holdsRead",
  "intersect",
  "isSubset",
  "locked",
  "mapGet",
  "minus",
  "mod",
  "mutexAcquire",
  "mutexRelease",
  "optGet",
  "range",
  "readLock",
  "readUnlock",
  "seqAppend",
  "seqAt",
  "seqHead",
  "seqTail",
  "setAt",
  "setField",
  "setHas",
  "setMax",
  "setMin",
  "setOf",
  "union",
  "updateAt",
  "writeLock",
  "writeUnlock",
  "FREE_RWLOCK",
  "forallRange",
  "existsRange",
  "forallIn",
  "existsIn",
  "rangeHi$",
  "tick$",
  "temporalForall",
  "SymmetryGroup",
  "optMap",
  "recordValues",
  "variantValues",
  "optionValues",
  "powerset",
  "subsetsOf",
  "cartesian",
  "funcSet",
  "seqValues",
  "mapValues",
  "initChoices",
  "initProduct",
  "addExact",
  "subExact",
  "mulExact",
  "typeValues",
  "shape",
];

/**
 * Names the generated code declares or imports: a spec value (constant, binder, parameter) with one of
 * these names would shadow them, so it is renamed. One list with the helpers, so that a new helper is
 * reserved as soon as it exists.
 */
const RUNTIME_NAMES = [
  ...RUNTIME_HELPERS,
  "STEPS",
  "STEP_OF",
  "AT",
  "VIEW_TYPES",
  "PC_ORD",
  "PC_VALUES",
  "FIRST_PC",
  "FAIR_PROCESSES",
  "FAIR_ACTIONS",
  "STEP_ACCESS",
  "LOCK_WAITS",
  "constantsOf",
  "workloads",
  "createModel",
  "spec",
];
for (const n of RUNTIME_NAMES) INTERNAL_VALUES.add(n);

/** Names of types and values the generated module declares itself. */
export const INTERNAL_TYPES = new Set([
  "Record",
  "Readonly",
  "Partial",
  "Required",
  "Array",
  "ReadonlyArray",
  "Map",
  "Set",
  "Promise",
  "WorkloadName",
  "FairnessConstraint",
  "LivenessInfo",
  "TemporalProperty",
  "State",
  "Draft",
  "Out",
  "Constants",
  "Pc",
  "Mutex",
  "RwLock",
  "Model",
  "Transition",
  "Instance",
  "StepDef",
  "StepAccess",
  "WorkloadDef",
  "ModelBase",
  "LockWait",
  "StepMethod",
  "Invariant",
  "Expectation",
  "StateWriter",
  "BitWriter",
  "BitReader",
  "Value",
  "SpecError",
  "WorkloadConfig",
  "SymPerm",
  "SymmetryGroup",
  "STEPS",
  "workloads",
  "createModel",
  "ViewType",
  "ViewTypeDecls",
  "ViewTypes",
  "AT",
  "VIEW_TYPES",
  "PC_VALUES",
  "PC_ORD",
]);

/** A JS name for a spec-bound value (binder, parameter, let). */
export function jsName(name: string): string {
  // Generated code also uses numbered names (drafts t1…, branch2…, loop values x0…, update values v0…, shared rests k1… and their picked1…, a_ args).
  if (TS_RESERVED.has(name) || INTERNAL_VALUES.has(name) || /^(t|branch|x|v|k|hi_|picked)\d*$/.test(name) || /^[a-z]\d*_$/.test(name) || /^a_/.test(name)) {
    return `${name}_`;
  }
  return name;
}

/** A TS type name for a spec enum or alias. */
export function typeName(name: string): string {
  // An enum is also a value (its members object), so it must not shadow the step code's locals either.
  return INTERNAL_TYPES.has(name) || TS_RESERVED.has(name) || jsName(name) !== name ? `${name}$` : name;
}

/** A property name on State / locals / frames (`pc` and `ret` are the generator's; a spec's own gets a `$`, which no spec name contains). */
export function fieldName(name: string): string {
  return name === "pc" || name === "ret" || name === "__proto__" || name === "constructor" ? `${name}$` : name;
}

/**
 * A method name on the generated class for a spec name (invariants, defs, actions): the Model
 * interface's members keep their names, so a spec name equal to one gets a `$`. Members the generator
 * invents itself contain a `$` (step methods `P$L`; dispatchers `run$P`, which no step method can be
 * since `run` is a keyword); spec identifiers never contain `$`, so no spec name can collide with any
 * generated member, by construction.
 */
const MODEL_MEMBERS = new Set([
  "spec",
  "workload",
  "instances",
  "steps",
  "invariants",
  "checkDeadlock",
  "expect",
  "init",
  "successors",
  "done",
  "encode",
  "view",
  "viewTypes",
  "ghosts",
  "notes",
  "blocked",
  "c",
  "first",
  "selves",
  "kinds",
  "constructor",
  "noLocksHeld",
  "fairness",
  "properties",
  "pids",
  "nameOf",
  "selvesOf",
  "locksHeld",
  "observed",
  "pack",
  "unpack",
  "packedBits",
  "layout",
  // Partial-order reduction and constraints (runtime/contract/capabilities.ts).
  "stepAt",
  "lockValue",
  "stepAccess",
  "constraints",
  // Symmetry reduction (generator/emit/symmetry.ts).
  "symmetry",
  "permute",
  "encodePermuted",
]);
export function methodName(name: string): string {
  return MODEL_MEMBERS.has(name) || TS_RESERVED.has(name) ? `${name}$` : name;
}

/** A TS string literal (JSON escaping makes any text inert). */
export function str(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Text safe inside a `/** … *\/` doc comment. */
export function docText(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/\r/g, "");
}

/** PascalCase of a spec name, for the model class. */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
