/**
 * A fast-check arbitrary of small, well-formed `.tspec` specs: typed state variables (ints, bools,
 * sets, maps, options, sequences, records, enums, locks), an invariant, a def, one or two processes
 * with 1–3 labelled steps (assignments, if/else, either, with, await, assert, goto, while, locks), an
 * optional action, and a workload. Every generated spec must pass the checker; run-time outcomes vary
 * (invariant violations, spec errors from ranges, lock errors, deadlocks), which is what differential
 * testing wants.
 *
 * Names are drawn partly from a pool of identifiers that clash with TypeScript keywords, runtime
 * helpers and the generated code's own variables (`NAME_POOL`), so that the fuzzer exercises mangling.
 */
import fc from "fast-check";

/**
 * Names that currently break the generated code in some role (emitter bugs, see
 * test/robustness/hostile.test.ts `KNOWN_CLASHES`); drawn only with FUZZ_STRICT=1.
 */
export const CLASHING_NAMES = new Set([
  "fairness",
  "properties",
  "pids",
  "nameOf",
  "selvesOf",
  "locksHeld",
  "range",
  "setOf",
  "checkRange",
  "setAt",
  "mutexAcquire",
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "Readonly",
  "Record",
  "WorkloadName",
  "SpecError",
  "__proto__",
  "pc",
]);

const STRICT = process.env["FUZZ_STRICT"] === "1";

/** Legal spec identifiers that are dangerous in the generated TypeScript. */
export const NAME_POOL = [
  "t",
  "s",
  "v",
  "i",
  "l",
  "f",
  "c",
  "w",
  "me",
  "out",
  "branch",
  "init",
  "x_",
  "t1",
  "t2",
  "v0",
  "v1",
  "x0",
  "x1",
  "range",
  "setOf",
  "checkRange",
  "setAt",
  "mutexAcquire",
  "SpecError",
  "State",
  "Draft",
  "Pc",
  "Out",
  "Constants",
  "STEPS",
  "interface",
  "function",
  "class",
  "let_",
  "yield",
  "delete",
  "new",
  "this",
  "typeof",
  "void",
  "null",
  "undefined",
  "constructor",
  "prototype",
  "__proto__",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "length",
  "name",
  "ret",
  "pc",
  "Object",
  "Math",
  "Array",
  "NaN",
  "Infinity",
  "arguments",
  "eval",
  "require",
  "module",
  "exports",
  "_",
  "__",
  "$",
  "PC_ORD",
  "STEP_OF",
  "FIRST_PC",
  "kinds",
  "selves",
  "first",
  "instances",
  "steps",
  "view",
  "encode",
  "successors",
  "done",
  "blocked",
  "nameOf",
  "noLocksHeld",
  "fairness",
  "properties",
  "locksHeld",
  "pids",
  "selvesOf",
  "pack",
  "unpack",
  "packedBits",
  "layout",
  "Readonly",
  "Record",
  "WorkloadName",
  "workloads",
  "createModel",
  "Value",
  "Mutex",
  "RwLock",
  "Expectation",
  "Model",
].filter((n) => STRICT || !CLASHING_NAMES.has(n));

type G = fc.GeneratorValue;

interface Ctx {
  g: G;
  used: Set<string>;
  edgy: boolean;
  counter: number;
}

function int(c: Ctx, min: number, max: number): number {
  return c.g(fc.integer, { min, max });
}
function bool(c: Ctx, pTrue = 0.5): boolean {
  return c.g(fc.integer, { min: 0, max: 999 }) < pTrue * 1000;
}
function pick<T>(c: Ctx, xs: readonly T[]): T {
  return xs[int(c, 0, xs.length - 1)] as T;
}

/** A fresh identifier; `$` is not a spec identifier character, so the pool's `$` is skipped. */
function fresh(c: Ctx, prefix: string): string {
  if (c.edgy && bool(c, 0.6)) {
    for (let tries = 0; tries < 4; tries++) {
      const n = pick(c, NAME_POOL);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(n) && !c.used.has(n)) {
        c.used.add(n);
        return n;
      }
    }
  }
  let n: string;
  do n = `${prefix}${c.counter++}`;
  while (c.used.has(n));
  c.used.add(n);
  return n;
}

type VarKind = "int" | "bool" | "set" | "map" | "option" | "seq" | "enum" | "record" | "mutex" | "rwlock";

interface Var {
  name: string;
  kind: VarKind;
  max: number;
  field?: { a: string; b: string };
}

interface Scope {
  vars: Var[];
  /** Integer names usable in expressions (binders, locals, params), not assignable. */
  ints: string[];
  /** Assignable integer locals. */
  locals: Var[];
  inProcess: boolean;
  hasSelf: boolean;
  enumMembers: string[];
  enumName?: string;
  defName?: string;
  constName?: string;
}

function intExpr(c: Ctx, sc: Scope, depth: number): string {
  const leaves: (() => string)[] = [
    () => String(int(c, 0, 3)),
    ...sc.vars.filter((v) => v.kind === "int").map((v) => () => v.name),
    ...sc.locals.map((v) => () => v.name),
    ...sc.ints.map((n) => () => n),
    ...(sc.hasSelf ? [() => "self"] : []),
    ...(sc.constName ? [() => sc.constName as string] : []),
    ...sc.vars.filter((v) => v.kind === "set").map((v) => () => `card(${v.name})`),
    ...sc.vars.filter((v) => v.kind === "seq").map((v) => () => `len(${v.name})`),
    ...sc.vars.filter((v) => v.kind === "record").map((v) => () => `${v.name}.${v.field?.a}`),
  ];
  if (depth <= 0 || bool(c, 0.45)) return pick(c, leaves)();
  switch (int(c, 0, 6)) {
    case 0:
      return `${intExpr(c, sc, depth - 1)} + ${intExpr(c, sc, depth - 1)}`;
    case 1:
      return `(${intExpr(c, sc, depth - 1)} - ${intExpr(c, sc, depth - 1)})`;
    case 2:
      return `(${intExpr(c, sc, depth - 1)}) * ${int(c, 0, 2)}`;
    case 3:
      return `(${intExpr(c, sc, depth - 1)}) ${pick(c, ["%", "/"])} ${int(c, 1, 3)}`;
    case 4:
      return `(if ${boolExpr(c, sc, depth - 1)} then ${intExpr(c, sc, depth - 1)} else ${intExpr(c, sc, depth - 1)})`;
    case 5:
      return `max({${intExpr(c, sc, depth - 1)}, ${intExpr(c, sc, depth - 1)}})`;
    default: {
      const o = sc.vars.find((v) => v.kind === "option");
      return o ? `(if is_some(${o.name}) then get(${o.name}) else 0)` : `-${intExpr(c, sc, depth - 1)} + 3`;
    }
  }
}

function boolExpr(c: Ctx, sc: Scope, depth: number): string {
  const leaves: (() => string)[] = [
    () => pick(c, ["true", "false"]),
    ...sc.vars.filter((v) => v.kind === "bool").map((v) => () => v.name),
    () => `${intExpr(c, sc, 0)} ${pick(c, ["<", "<=", "==", "!=", ">", ">="])} ${intExpr(c, sc, 0)}`,
    ...sc.vars.filter((v) => v.kind === "set").map((v) => () => `${intExpr(c, sc, 0)} ${pick(c, ["in", "notin"])} ${v.name}`),
    ...sc.vars.filter((v) => v.kind === "map").map((v) => () => `${v.name}[${int(c, 0, v.max)}]`),
    ...sc.vars.filter((v) => v.kind === "option").map((v) => () => `is_some(${v.name})`),
    ...sc.vars.filter((v) => v.kind === "record").map((v) => () => `${v.name}.${v.field?.b}`),
    ...sc.vars.filter((v) => v.kind === "enum").map((v) => () => `${v.name} == ${pick(c, sc.enumMembers)}`),
    ...sc.vars.filter((v) => v.kind === "mutex").map((v) => () => (sc.inProcess && bool(c) ? `holds(${v.name})` : `locked(${v.name})`)),
    ...sc.vars.filter((v) => v.kind === "rwlock").map((v) => () => (sc.inProcess ? `holds_read(${v.name})` : `card(${v.name}.readers) > 0`)),
    ...(sc.defName ? [() => `${sc.defName}(${intExpr(c, sc, 0)})`] : []),
  ];
  if (depth <= 0 || bool(c, 0.45)) return pick(c, leaves)();
  switch (int(c, 0, 5)) {
    case 0:
      return `(${boolExpr(c, sc, depth - 1)} and ${boolExpr(c, sc, depth - 1)})`;
    case 1:
      return `(${boolExpr(c, sc, depth - 1)} or ${boolExpr(c, sc, depth - 1)})`;
    case 2:
      return `not (${boolExpr(c, sc, depth - 1)})`;
    case 3:
      return `(${boolExpr(c, sc, depth - 1)} => ${boolExpr(c, sc, depth - 1)})`;
    case 4: {
      const x = fresh(c, "q");
      const inner: Scope = { ...sc, ints: [...sc.ints, x] };
      return `(${pick(c, ["forall", "exists"])} ${x} in 0..${int(c, 0, 2)}: ${boolExpr(c, inner, depth - 1)})`;
    }
    default: {
      const x = fresh(c, "k");
      const inner: Scope = { ...sc, ints: [...sc.ints, x] };
      return `(let ${x} = ${intExpr(c, sc, depth - 1)} in ${boolExpr(c, inner, depth - 1)})`;
    }
  }
}

/** One simple statement (no labels). `locks` tracks nothing: lock misuse is a legal run-time outcome. */
function simpleStmt(c: Ctx, sc: Scope, depth: number, ind: string, allowLocks: boolean, allowAwait: boolean): string {
  const assignable = sc.vars.filter((v) => v.kind !== "mutex" && v.kind !== "rwlock");
  const choices: (() => string)[] = [];
  for (const v of [...assignable, ...sc.locals]) {
    choices.push(() => {
      switch (v.kind) {
        case "int":
          return `${v.name} = ${intExpr(c, sc, 2)};`;
        case "bool":
          return `${v.name} = ${boolExpr(c, sc, 2)};`;
        case "set":
          return bool(c)
            ? `${v.name} = ${v.name} ${pick(c, ["union", "minus"])} {${intExpr(c, sc, 1)}};`
            : `${v.name} = {${fresh(c, "e")} in 0..${v.max} : ${boolExpr(c, sc, 0)}};`;
        case "map":
          return `${v.name}[${intExpr(c, sc, 1)}] = ${boolExpr(c, sc, 1)};`;
        case "option":
          return bool(c) ? `${v.name} = none;` : `${v.name} = some(${intExpr(c, sc, 1)});`;
        case "seq":
          return bool(c) ? `${v.name} = append(${v.name}, ${intExpr(c, sc, 1)});` : `if len(${v.name}) > 0 { ${v.name} = tail(${v.name}); }`;
        case "enum":
          return `${v.name} = ${pick(c, sc.enumMembers)};`;
        case "record":
          return bool(c) ? `${v.name}.${v.field?.a} = ${intExpr(c, sc, 1)};` : `${v.name} = ${v.name} with .${v.field?.b} = (${boolExpr(c, sc, 1)});`;
        default:
          return "skip;";
      }
    });
  }
  choices.push(() => "skip;");
  choices.push(() => `assert ${boolExpr(c, sc, 1)}, "a${int(c, 0, 9)}";`);
  if (allowAwait) choices.push(() => `await ${boolExpr(c, sc, 1)};`);
  if (allowLocks) {
    for (const v of sc.vars) {
      if (v.kind === "mutex") choices.push(() => `${pick(c, ["acquire", "release"])} ${v.name};`);
      if (v.kind === "rwlock") choices.push(() => `${pick(c, ["read_lock", "read_unlock", "write_lock", "write_unlock"])} ${v.name};`);
    }
  }
  if (depth > 0) {
    choices.push(
      () =>
        `if ${boolExpr(c, sc, 1)} {\n${block(c, sc, depth - 1, ind + "  ", allowLocks, allowAwait)}${ind}}${bool(c) ? ` else {\n${block(c, sc, depth - 1, ind + "  ", allowLocks, allowAwait)}${ind}}` : ""}`,
    );
    choices.push(
      () =>
        `either {\n${block(c, sc, depth - 1, ind + "  ", allowLocks, allowAwait)}${ind}} or {\n${block(c, sc, depth - 1, ind + "  ", allowLocks, allowAwait)}${ind}}`,
    );
    choices.push(() => {
      const x = fresh(c, "w");
      const inner: Scope = { ...sc, ints: [...sc.ints, x] };
      return `with (${x} in ${pick(c, ["0..1", "{0, 2}", "0..2", "{}"])}) {\n${block(c, inner, depth - 1, ind + "  ", allowLocks, allowAwait)}${ind}}`;
    });
  }
  return pick(c, choices)();
}

function block(c: Ctx, sc: Scope, depth: number, ind: string, allowLocks: boolean, allowAwait: boolean): string {
  const n = int(c, 1, 2);
  let out = "";
  for (let k = 0; k < n; k++) out += `${ind}${simpleStmt(c, sc, depth, ind, allowLocks, allowAwait)}\n`;
  return out;
}

/** Builds one spec from the generator. */
function build(g: G): string {
  const c: Ctx = { g, used: new Set(), edgy: false, counter: 0 };
  c.edgy = bool(c, 0.5);
  const specName = fresh(c, "G");
  const lines: string[] = [`/// Generated spec.`, `spec ${specName}`, ""];
  const sc: Scope = { vars: [], ints: [], locals: [], inProcess: false, hasSelf: false, enumMembers: [] };

  if (bool(c, 0.6)) {
    sc.constName = fresh(c, "N");
    lines.push(`const ${sc.constName}: 1..3 = ${int(c, 1, 3)};`);
  }
  const kinds: VarKind[] = ["int", "int", "bool", "set", "map", "option", "seq", "enum", "record", "mutex", "rwlock"];
  const nvars = int(c, 1, 4);
  for (let k = 0; k < nvars; k++) {
    const kind = k === 0 ? "int" : pick(c, kinds);
    const name = fresh(c, "x");
    const max = int(c, 1, 3);
    const v: Var = { name, kind, max };
    switch (kind) {
      case "int":
        lines.push(bool(c, 0.7) ? `var ${name}: 0..${max} = ${int(c, 0, max)};` : `var ${name}: 0..${max} in ${pick(c, [`0..${max}`, `{0, ${max}}`])};`);
        break;
      case "bool":
        lines.push(bool(c, 0.7) ? `var ${name}: bool = ${pick(c, ["true", "false"])};` : `var ${name}: bool in {true, false};`);
        break;
      case "set":
        lines.push(`var ${name}: set<0..${max}> = {};`);
        break;
      case "map": {
        const b = fresh(c, "b");
        lines.push(`var ${name}: map<0..${max}, bool> = [${b} in 0..${max} |-> ${pick(c, ["false", "true", `${b} == 0`])}];`);
        break;
      }
      case "option":
        lines.push(`var ${name}: option<0..${max}> = none;`);
        break;
      case "seq":
        lines.push(`var ${name}: seq<0..3, ${max}> = [];`);
        break;
      case "enum": {
        if (!sc.enumName) {
          sc.enumName = fresh(c, "E");
          sc.enumMembers = [fresh(c, "M"), fresh(c, "M")];
          lines.push(`enum ${sc.enumName} { ${sc.enumMembers.join(", ")} }`);
        }
        lines.push(`var ${name}: ${sc.enumName} = ${sc.enumMembers[0]};`);
        break;
      }
      case "record": {
        v.field = { a: fresh(c, "fa"), b: fresh(c, "fb") };
        lines.push(`var ${name}: { ${v.field.a}: 0..3, ${v.field.b}: bool } = { ${v.field.b}: false, ${v.field.a}: 0 };`);
        break;
      }
      default:
        lines.push(`var ${name}: ${kind};`);
    }
    sc.vars.push(v);
  }
  if (bool(c, 0.5)) {
    const d = fresh(c, "d");
    const p = fresh(c, "p");
    const inner: Scope = { ...sc, ints: [p] };
    lines.push(`def ${d}(${p}: 0..9): bool = ${boolExpr(c, inner, 1)};`);
    sc.defName = d;
  }
  const ninv = int(c, 0, 2);
  for (let k = 0; k < ninv; k++) lines.push(`invariant ${fresh(c, "Inv")}: ${boolExpr(c, sc, 2)};`);
  lines.push("");

  const nproc = int(c, 1, 2);
  const processes: string[] = [];
  for (let p = 0; p < nproc; p++) {
    const pname = fresh(c, "P");
    processes.push(pname);
    const inst = pick(c, ["", sc.constName ? `[self in 1..${sc.constName}]` : "[self in 1..2]", "[self in {1, 2}]"]);
    const psc: Scope = { ...sc, inProcess: true, hasSelf: inst !== "", locals: [] };
    const body: string[] = [];
    if (bool(c, 0.4)) {
      const lv: Var = { name: fresh(c, "loc"), kind: "int", max: 3 };
      body.push(`  var ${lv.name}: 0..3 = ${int(c, 0, 3)};`);
      psc.locals = [lv];
    }
    const nsteps = int(c, 1, 3);
    const labels = Array.from({ length: nsteps }, () => fresh(c, "L"));
    for (let k = 0; k < nsteps; k++) {
      const label = labels[k] as string;
      if (bool(c, 0.15) && k < nsteps - 1) {
        // A labelled while loop is a whole step; the next statement is labelled anyway.
        body.push(`  ${label}: while ${boolExpr(c, psc, 1)} {\n${block(c, psc, 1, "      ", true, false)}    }`);
        continue;
      }
      const stmts = block(c, psc, 2, "    ", true, true).trimStart();
      const gotoTail = bool(c, 0.15) ? `    goto ${pick(c, labels)};\n` : "";
      body.push(`  ${label}: ${stmts}${gotoTail}`.trimEnd());
    }
    const fair = pick(c, ["", "", "fair ", "strong fair "]);
    lines.push(`${fair}process ${pname}${inst} {\n${body.join("\n")}\n}`);
  }
  if (bool(c, 0.4)) {
    const x = fresh(c, "a");
    const asc: Scope = { ...sc, ints: [x] };
    const aname = fresh(c, "Act");
    lines.push(`action ${aname}(${x} in 0..1) when ${boolExpr(c, asc, 1)} {\n${block(c, asc, 1, "  ", false, false)}}`);
  }
  lines.push("");
  const wname = fresh(c, "w");
  const items: string[] = [];
  if (sc.constName && bool(c)) items.push(`const ${sc.constName} = ${int(c, 1, 2)};`);
  if (bool(c, 0.3)) items.push(`check deadlock = false;`);
  if (processes.length > 1 && bool(c, 0.2)) items.push(`run ${processes[0]};`);
  // A state constraint must read a state variable (E350): an int variable bounds it.
  const cv = sc.vars.find((v) => v.kind === "int");
  if (cv !== undefined && bool(c, 0.2))
    items.push(`constraint ${cv.name} <= ${int(c, 0, cv.max)} or ${boolExpr(c, { ...sc, inProcess: false, hasSelf: false, ints: [], locals: [] }, 1)};`);
  items.push("expect holds;");
  lines.push(`workload ${wname} {\n${items.map((x) => `  ${x}`).join("\n")}\n}`);
  return lines.join("\n") + "\n";
}

/** Small well-formed specs (as text). */
export const wellFormedSpec: fc.Arbitrary<string> = fc.gen().map((g) => build(g));
