/**
 * The model's lock bookkeeping: the check that a process does not finish holding a lock, what a process
 * blocked on a lock waits for (deadlock reports), which locks an instance holds (lock-order analysis)
 * and the value of a lock variable by name (partial-order reduction).
 */
import type { MethodDeclarationStructure, OptionalKind } from "ts-morph";
import type { CheckedSpec } from "../check/checked.js";
import { UNKNOWN, type Type } from "../check/types.js";
import type { Env } from "./expr.js";
import { docText, fieldName, str } from "./names.js";
import { tsType } from "./type-code.js";
import { usesSelf, type ModelCtx, type StepInfo } from "./model-parts.js";

type Method = OptionalKind<MethodDeclarationStructure>;

/** The variables that are locks or maps of locks. */
export function lockVariables(spec: CheckedSpec): CheckedSpec["vars"] {
  return spec.vars.filter((v) => {
    const t = spec.declTypes.get(v.id) ?? UNKNOWN;
    return t.kind === "mutex" || t.kind === "rwlock" || (t.kind === "map" && (t.value.kind === "mutex" || t.value.kind === "rwlock"));
  });
}

/** `noLocksHeld`: a process may not finish while holding a lock (a lock error). */
export function noLocksHeldMethod(spec: CheckedSpec, lockVars: CheckedSpec["vars"]): Method {
  const nl: string[] = [];
  for (const v of lockVars) {
    const t = spec.declTypes.get(v.id) ?? UNKNOWN;
    const f = `s.${fieldName(v.name.name)}`;
    const msg = `\`\${this.nameOf(pid)} finishes while holding ${v.name.name}\``;
    if (t.kind === "map") nl.push(`if (${f}.some((l) => heldBy(l, pid))) throw new SpecError("lock_error", ${msg}, loc);`);
    else nl.push(`if (heldBy(${f}, pid)) throw new SpecError("lock_error", ${msg}, loc);`);
  }
  if (!nl.length) nl.push("void s; void pid; void loc;");
  return {
    name: "noLocksHeld",
    parameters: [
      { name: "s", type: "State" },
      { name: "pid", type: "number" },
      { name: "loc", type: "string" },
    ],
    returnType: "void",
    statements: nl,
    docs: ["A process may not finish while holding a lock (a lock error)."],
  };
}

/**
 * The steps that start by taking a lock, for deadlock reports (ModelBase.blocked): the lock as written,
 * the mode, and its value as the waiting instance sees it.
 */
export function lockWaitEntries(ctx: ModelCtx, steps: readonly StepInfo[]): string[] {
  const { spec, sc, env0 } = ctx;
  const lockWaits: string[] = [];
  for (const s of steps) {
    const root = s.lowered.root;
    if (root.kind !== "lock" || !root.blocking) continue;
    const st = root.stmt;
    const r = spec.refs.get(st.id);
    if (!r || r.kind !== "var" || s.owner.kind === "action") continue;
    const owner = s.owner;
    const lt = spec.declTypes.get(r.decl.id) ?? UNKNOWN;
    const env: Env = { ...env0, ...(owner.kind === "process" ? { process: owner.decl } : { procedure: owner.decl }) };
    const f = sc.readPath(`s.${fieldName(r.decl.name.name)}`, lt, st.path, env);
    const mode = st.op === "acquire" ? "mutex" : st.op === "read_lock" ? "read" : "write";
    const prelude: string[] = [];
    if (owner.kind === "process" && owner.decl.locals.length) prelude.push(`const i = pid - this.first.${owner.decl.name.name};`);
    if (usesSelf(owner.decl.body))
      prelude.push(`const self = this.selves[pid] as ${owner.kind === "process" ? tsType(spec.declTypes.get(owner.decl.id) ?? UNKNOWN) : "number"};`);
    const shown = sc.sourceText({ span: { file: st.lock.span.file, start: st.lock.span.start, end: (st.path[st.path.length - 1] ?? st.lock).span.end } });
    const reads = (x: string): boolean => new RegExp(`(?<![\\w$.])${x}(?![\\w$])`).test(f);
    const used = prelude.filter((l) => reads(l.startsWith("const i ") ? "i" : "self"));
    const pidUsed = used.length > 0 || reads("pid");
    const body = used.length ? `{ ${used.join(" ")} return ${f}; }` : f;
    lockWaits.push(
      `${s.id}: { shown: ${str(docText(shown).replace(/[`$\\]/g, ""))}, mode: ${str(mode)}, lock: (s: State${pidUsed ? ", pid: number" : ""}) => ${body} }`,
    );
  }
  return lockWaits;
}

/** `lockValue` (partial-order reduction) and `locksHeld` (lock-order analysis). */
export function lockMethods(spec: CheckedSpec, lockVars: CheckedSpec["vars"]): Method[] {
  const held: string[] = ["const out: string[] = [];"];
  for (const v of lockVars) {
    const t = spec.declTypes.get(v.id) ?? UNKNOWN;
    const f = `s.${fieldName(v.name.name)}`;
    const n = v.name.name;
    const one = (lt: Type, x: string, label: string): string[] =>
      lt.kind === "mutex"
        ? [`if (${x} === pid) out.push(${label});`]
        : [`if (${x}.writer === pid) out.push(${label} + " (write)");`, `if (${x}.readers.includes(pid)) out.push(${label} + " (read)");`];
    if (t.kind === "map") held.push(`${f}.forEach((l, k) => {`, ...one(t.value, "l", `\`${n}[\${k}]\``), "});");
    else held.push(...one(t, f, str(n)));
  }
  held.push("return out;");
  // partial-order reduction: each instance's current step, and who holds each whole lock variable
  const wholeLocks = lockVars.filter((v) => (spec.declTypes.get(v.id) ?? UNKNOWN).kind !== "map");
  return [
    {
      name: "lockValue",
      parameters: [
        { name: "s", type: "State" },
        { name: "lock", type: "string" },
      ],
      returnType: "Mutex | RwLock | undefined",
      statements: ["switch (lock) {", ...wholeLocks.map((v) => `case ${str(v.name.name)}: return s.${fieldName(v.name.name)};`), "}", "return undefined;"],
      docs: ["The value of a (whole, unindexed) lock variable by name (partial-order reduction)."],
    },
    {
      name: "locksHeld",
      parameters: [
        { name: "s", type: "State" },
        { name: "pid", type: "number" },
      ],
      returnType: "readonly string[]",
      statements: held,
      docs: ["The locks `pid` holds in `s` (lock-order analysis)."],
    },
  ];
}

/** True when some variable, process local or procedure frame holds a lock (finishing then checks the locks held). */
export function hasLockType(spec: CheckedSpec): boolean {
  const has = (t: Type): boolean =>
    t.kind === "mutex" ||
    t.kind === "rwlock" ||
    (t.kind === "map" && has(t.value)) ||
    (t.kind === "record" && t.fields.some((f) => has(f.type))) ||
    ((t.kind === "option" || t.kind === "set" || t.kind === "seq") && has(t.elem)) ||
    (t.kind === "variant" && t.cases.some((c) => c.fields.some((f) => has(f.type))));
  const decls = [...spec.vars, ...spec.processes.flatMap((p) => p.locals), ...spec.procedures.flatMap((p) => [...p.params, ...p.locals])];
  return decls.some((d) => has(spec.declTypes.get(d.id) ?? UNKNOWN));
}
