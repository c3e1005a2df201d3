/**
 * Identifier hygiene for emitted code. Spec identifiers are `[A-Za-z_][A-Za-z0-9_]*`, so they cannot
 * carry punctuation into the output; what remains is clashing with TypeScript keywords, with the names
 * the generated code itself uses, and with global objects. Those get a trailing `_`, predictably.
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
const INTERNAL_VALUES = new Set(["s", "t", "pid", "out", "i", "self", "branch", "l", "f", "c", "w", "v", "me", "x_", "init"]);

/** Names of types and values the generated module declares itself. */
export const INTERNAL_TYPES = new Set([
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
  "Invariant",
  "Expectation",
  "StateWriter",
  "Value",
  "SpecError",
  "WorkloadConfig",
  "STEPS",
  "workloads",
  "createModel",
]);

/** A JS name for a spec-bound value (binder, parameter, let). */
export function jsName(name: string): string {
  if (TS_RESERVED.has(name) || INTERNAL_VALUES.has(name) || /^t\d+$/.test(name) || /^[a-z]\d*_$/.test(name)) return `${name}_`;
  return name;
}

/** A TS type name for a spec enum or alias. */
export function typeName(name: string): string {
  return INTERNAL_TYPES.has(name) || TS_RESERVED.has(name) ? `${name}_` : name;
}

/** A property name on State / locals / frames (`pc` is reserved for control state). */
export function fieldName(name: string): string {
  return name === "pc" || name === "ret" || name === "__proto__" || name === "constructor" ? `${name}_` : name;
}

/** A method name on the generated class (invariants, defs, steps): avoid the Model interface's members. */
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
  "blocked",
  "c",
  "first",
  "selves",
  "kinds",
  "constructor",
  "noLocksHeld",
]);
export function methodName(name: string): string {
  return MODEL_MEMBERS.has(name) || TS_RESERVED.has(name) ? `${name}_` : name;
}

/** A TS string literal (JSON escaping makes any text inert). */
export function str(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Text safe inside a `/** … *\/` doc comment. */
export function docText(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/\r/g, "");
}

/** PascalCase of a spec name, for the model class. */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
