/**
 * The body of the model's `init`: the initial states, one per combination of `var x: T in S` choices of
 * the globals and of each process instance's locals, every initial value checked against its type.
 */
import type { Expr } from "../parse/ast.js";
import { UNKNOWN, type Type } from "../check/types.js";
import type { Env } from "./expr.js";
import { fieldName, jsName, str } from "./names.js";
import { checkExpr, checkStmts, keyCount, needsCheck, tsType } from "./type-code.js";
import type { ModelCtx } from "./model-parts.js";

/** The statements of `init`. */
export function initStatements(ctx: ModelCtx): string[] {
  const { spec, ec, env0 } = ctx;
  const init: string[] = ["const states: State[] = [];"];
  // When an initial value reads state (another variable or a `def`), the variables are initialised one
  // at a time, in dependency order, into a partial state `init$` that those reads see; otherwise every
  // value is a constant expression and goes straight into the state literal.
  const dependent = spec.vars.some((v) => (spec.initReads.get(v.name.name)?.size ?? 0) > 0);
  const initEnv: Env = dependent ? { ...env0, state: "init$" } : env0;
  const initValue = (v: (typeof spec.vars)[number]): string => ec.expr((v.init as { value: Expr }).value, initEnv);
  const isLockVar = (t: Type): boolean =>
    t.kind === "mutex" || t.kind === "rwlock" || (t.kind === "map" && (t.value.kind === "mutex" || t.value.kind === "rwlock"));
  let opened = 0;
  if (dependent) init.push("const init$ = {} as Draft;");
  for (const v of dependent ? spec.initOrder : spec.vars) {
    if (!v.init || isLockVar(spec.declTypes.get(v.id) ?? UNKNOWN)) continue;
    if (v.init.mode === "in") {
      const at = ec.loc(v);
      init.push(`for (const ${jsName(`init_${v.name.name}`)} of initChoices(${initValue(v)}, ${str(v.name.name)}, ${at})) {`);
      opened++;
      if (dependent) init.push(`init$.${fieldName(v.name.name)} = ${jsName(`init_${v.name.name}`)};`);
    } else if (dependent) init.push(`init$.${fieldName(v.name.name)} = ${initValue(v)};`);
  }
  const globals: string[] = [];
  for (const v of spec.vars) {
    const t = spec.declTypes.get(v.id) ?? UNKNOWN;
    const value =
      t.kind === "mutex"
        ? "null"
        : t.kind === "rwlock"
          ? "FREE_RWLOCK"
          : t.kind === "map" && (t.value.kind === "mutex" || t.value.kind === "rwlock")
            ? `Array.from({ length: ${keyCount(t.key, ec.bound)} }, (): ${tsType(t.value)} => ${t.value.kind === "mutex" ? "null" : "FREE_RWLOCK"})`
            : dependent
              ? `init$.${fieldName(v.name.name)}`
              : v.init?.mode === "in"
                ? jsName(`init_${v.name.name}`)
                : initValue(v);
    globals.push(`${fieldName(v.name.name)}: ${value}`);
  }
  globals.push("pc: this.kinds.map((k) => FIRST_PC[k])");
  for (const p of spec.processes) if (p.locals.length) globals.push(`${p.name.name}: []`);
  for (const p of spec.procedures) globals.push(`${p.name.name}: this.kinds.map(() => null)`);
  init.push(`const s0: Draft = { ${globals.join(", ")} };`);
  for (const v of spec.vars) {
    const t = spec.declTypes.get(v.id) ?? UNKNOWN;
    init.push(...checkStmts(t, `s0.${fieldName(v.name.name)}`, str(v.name.name), ec.loc(v), ec.bound));
  }
  // Processes whose locals start with a choice (`var x: T in S;`): per instance, the list of its
  // possible initial locals; the initial states are every combination over the instances.
  const chosen: string[] = [];
  for (const p of spec.processes) {
    if (!p.locals.length) continue;
    const selfT = tsType(spec.declTypes.get(p.id) ?? UNKNOWN);
    // A local's initial value may read the locals declared before it: those are JS values here.
    const earlier = new Map<number, string>();
    const env: Env = { ...env0, state: "s0", process: p, frameLocals: earlier };
    // A local's initial value is checked against its declared type like any write (a range type is
    // relied on: packing, and the static bounds that keep arithmetic unchecked).
    const checks: string[] = [];
    const loops: string[] = [];
    const fields = p.locals.map((l) => {
      const field = localField(l);
      earlier.set(l.id, field.read);
      return field.text;
    });
    function localField(l: (typeof p.locals)[number]): { text: string; read: string } {
      const lt = spec.declTypes.get(l.id) ?? UNKNOWN;
      const where = ec.loc(l);
      if (l.mode === "in") {
        const n = jsName(`init_${l.name.name}`);
        loops.push(`for (const ${n} of initChoices(${ec.expr(l.init, env)}, ${str(`${p.name.name}.${l.name.name}`)}, ${where})) {`);
        if (needsCheck(lt)) loops.push(...checkStmts(lt, n, str(`${p.name.name}.${l.name.name}`), where, ec.bound));
        return { text: `${fieldName(l.name.name)}: ${n}`, read: n };
      }
      const value = ec.expr(l.init, env);
      // Read again by a later local as the (pure) expression itself: no JS name needed before the checks.
      if (!needsCheck(lt) || ec.intervals.provablyIn(l.init, lt)) return { text: `${fieldName(l.name.name)}: ${value}`, read: `(${value})` };
      const n = jsName(`local_${l.name.name}`);
      const inline = checkExpr(lt, value, str(`${p.name.name}.${l.name.name}`), where, ec.bound);
      if (inline !== undefined) checks.push(`const ${n}: ${tsType(lt)} = ${inline};`);
      else checks.push(`const ${n}: ${tsType(lt)} = ${value};`, ...checkStmts(lt, n, str(`${p.name.name}.${l.name.name}`), where, ec.bound));
      return { text: `${fieldName(l.name.name)}: ${n}`, read: `(${value})` };
    }
    if (loops.length === 0) {
      init.push(
        `s0.${p.name.name} = this.selvesOf(${str(p.name.name)}).map((v) => {`,
        `const self = v as ${selfT};`,
        "void self;",
        ...checks,
        `return { ${fields.join(", ")} };`,
        "});",
      );
      continue;
    }
    const opens = loops.filter((x) => x.startsWith("for ")).length;
    chosen.push(p.name.name);
    init.push(
      `const ${p.name.name}$choices = this.selvesOf(${str(p.name.name)}).map((v) => {`,
      `const self = v as ${selfT};`,
      "void self;",
      `const choices: ${p.name.name}Locals[] = [];`,
      ...loops,
      ...checks,
      `choices.push({ ${fields.join(", ")} });`,
      ..."}".repeat(opens).split(""),
      "return choices;",
      "});",
    );
  }
  if (chosen.length > 0) {
    for (const n of chosen) init.push(`for (const ${n}$locals of initProduct(${n}$choices)) {`);
    init.push(`states.push({ ...s0, ${chosen.map((n) => `${n}: ${n}$locals`).join(", ")} });`);
    for (let k = 0; k < chosen.length; k++) init.push("}");
  } else init.push("states.push(s0);");
  for (let k = 0; k < opened; k++) init.push("}");
  init.push("return states;");
  return init;
}
