/**
 * Emission for symmetry reduction (runtime/contract/symmetry.ts): type-directed code that applies one
 * permutation of the symmetric types' values (and of the symmetric processes' pids) to a state —
 * `encodePermuted` writes the permuted state's encoding without building it (the hot path: it runs
 * once per group element per state), `permute` builds it (tests and law checks). Values of a symmetric
 * type map through the permutation, maps keyed by one are read in permuted key order, sets are
 * re-sorted, per-instance pc/locals/frames of symmetric processes are reordered, pids remapped.
 * Parts of the state that hold no symmetric value are encoded exactly as `encode` does, so
 * `encodePermuted(s, identity)` equals `encode(s)`.
 */
import type { CheckedSpec } from "../check/checked.js";
import { caseRecord, mentionsPid, symmetricIn, TAG_KEY, UNKNOWN, type Type } from "../check/types.js";
import type { ProcessDecl } from "../parse/ast.js";
import { fieldName, str } from "./names.js";
import { caseSwitch, caseType, encodeStmts, sortedFields, tsType, type BoundCompiler } from "./type-code.js";

/** One `symmetric type` of the spec. */
export interface SymType {
  readonly name: string;
  readonly index: number;
  readonly type: Extract<Type, { kind: "scalarset" }>;
}

interface Cx {
  readonly types: ReadonlyMap<string, SymType>;
  /** Some process is symmetric: pids (and lock owners) are permuted. */
  readonly pids: boolean;
}

/** The symmetric types in declaration order (empty: the spec has no symmetry, nothing is emitted). */
export function symmetricTypes(spec: CheckedSpec): SymType[] {
  const out: SymType[] = [];
  for (const d of spec.linked.decls) {
    if (d.kind !== "TypeDecl" || !d.symmetric) continue;
    const t = spec.aliases.get(d.name.name);
    if (t?.kind === "scalarset") out.push({ name: d.name.name, index: out.length, type: t });
  }
  return out;
}

function affected(t: Type, cx: Cx): boolean {
  return symmetricIn(t).size > 0 || (cx.pids && mentionsPid(t));
}

function sym(t: Extract<Type, { kind: "scalarset" }>, cx: Cx): number {
  const s = cx.types.get(t.name);
  if (!s) throw new Error(`internal: unknown symmetric type ${t.name}`);
  return s.index;
}

/** The inverse table for reading a map keyed by `key` in permuted order, or undefined (key not permuted). */
function keyInverse(key: Type, cx: Cx): string | undefined {
  if (key.kind === "scalarset") return `I${sym(key, cx)}`;
  if (key.kind === "pid" && cx.pids) return "PIDI";
  return undefined;
}

/** An expression for the permuted value of `v` (a side-effect-free path or variable) of type `t`. */
export function permExpr(t: Type, v: string, cx: Cx, depth = 0): string {
  if (!affected(t, cx)) return v;
  const x = `x${depth}`;
  switch (t.kind) {
    case "scalarset": {
      const i = sym(t, cx);
      return `V${i}[${v} - L${i}]!`;
    }
    case "pid":
      return `PID[${v}]!`;
    // `optMap` rather than a conditional: `v` may be a cast expression, which TypeScript does not narrow.
    case "mutex":
      return `optMap(${v}, (o) => PID[o]!)`;
    case "rwlock":
      return `({ writer: optMap(${v}.writer, (o) => PID[o]!), readers: setOf(${v}.readers.map((r) => PID[r]!)) })`;
    case "record":
      // Parenthesised: the body of an arrow function may be this literal.
      return `({ ${sortedFields(t)
        .map((f) => `${fieldName(f.name)}: ${permExpr(f.type, `${v}.${fieldName(f.name)}`, cx, depth)}`)
        .join(", ")} })`;
    case "variant": {
      // The cases holding symmetric values are rebuilt with their fields permuted; the others stay.
      let out = v;
      for (const c of [...t.cases].reverse()) {
        if (!affected(caseRecord(c), cx)) continue;
        const x = `(${v} as ${caseType(t, c.tag)})`;
        const fields = [
          `${TAG_KEY}: ${str(c.tag)}`,
          ...sortedFields(caseRecord(c)).map((f) => `${fieldName(f.name)}: ${permExpr(f.type, `${x}.${fieldName(f.name)}`, cx, depth)}`),
        ];
        out = `((${v}.${TAG_KEY} as string) === ${str(c.tag)} ? ({ ${fields.join(", ")} } as ${tsType(t)}) : ${out})`;
      }
      return out;
    }
    case "option":
      return `optMap(${v}, (${x}) => ${permExpr(t.elem, x, cx, depth + 1)})`;
    case "set":
      return `setOf(${v}.map((${x}) => ${permExpr(t.elem, x, cx, depth + 1)}))`;
    case "seq":
      return `${v}.map((${x}) => ${permExpr(t.elem, x, cx, depth + 1)})`;
    case "map": {
      const inv = keyInverse(t.key, cx);
      if (inv === undefined) return `${v}.map((${x}) => ${permExpr(t.value, x, cx, depth + 1)})`;
      const j = `j${depth}`;
      return `${v}.map((_, ${j}) => ${permExpr(t.value, `(${v}[${inv}[${j}]!] as ${tsType(t.value)})`, cx, depth + 1)})`;
    }
    default:
      return v;
  }
}

/** Statements writing the encoding of the permuted value of `v` (type `t`) to `w`. */
export function encodePermStmts(t: Type, v: string, cx: Cx, depth = 0): string[] {
  if (!affected(t, cx)) return encodeStmts(t, v, depth);
  const x = `x${depth}`;
  switch (t.kind) {
    case "scalarset":
    case "pid":
      return [`w.int(${permExpr(t, v, cx, depth)});`];
    case "mutex":
      return [`w.int(${v} === null ? -1 : PID[${v}]!);`];
    case "rwlock": {
      const r = `r${depth}`;
      return [
        `w.int(${v}.writer === null ? -1 : PID[${v}.writer]!);`,
        "{",
        `const ${r} = setOf(${v}.readers.map((r) => PID[r]!));`,
        `w.int(${r}.length);`,
        `for (const ${x} of ${r}) w.int(${x});`,
        "}",
      ];
    }
    case "record":
      return sortedFields(t).flatMap((f) => encodePermStmts(f.type, `${v}.${fieldName(f.name)}`, cx, depth));
    case "variant":
      return caseSwitch(t, v, (c, x) => [`w.int(${t.cases.indexOf(c)});`, ...encodePermStmts(caseRecord(c), x, cx, depth)]);
    case "option": {
      // Bound to a name so that TypeScript narrows it (see type-code.ts).
      const o = `o${depth}`;
      return ["{", `const ${o} = ${v};`, `if (${o} === null) w.int(0);`, "else {", "w.int(1);", ...encodePermStmts(t.elem, o, cx, depth + 1), "}", "}"];
    }
    case "set": {
      // Permuting reorders a set: build the permuted elements and sort them (the canonical order).
      const y = `y${depth}`;
      return ["{", `const ${y} = ${permExpr(t, v, cx, depth)};`, ...encodeStmts(t, y, depth), "}"];
    }
    case "seq":
      return [`w.int(${v}.length);`, `for (const ${x} of ${v}) {`, ...encodePermStmts(t.elem, x, cx, depth + 1), "}"];
    case "map": {
      const inv = keyInverse(t.key, cx);
      if (inv === undefined) return [`for (const ${x} of ${v}) {`, ...encodePermStmts(t.value, x, cx, depth + 1), "}"];
      const j = `j${depth}`;
      return [
        `for (let ${j} = 0; ${j} < ${v}.length; ${j}++) {`,
        `const ${x} = ${v}[${inv}[${j}]!] as ${tsType(t.value)};`,
        ...encodePermStmts(t.value, x, cx, depth + 1),
        "}",
      ];
    }
    default:
      return encodeStmts(t, v, depth);
  }
}

/** What module.ts needs to add to the model class when the spec declares something symmetric. */
export interface SymmetryEmission {
  /** Statements for the end of the constructor (builds `this.symmetry`). */
  readonly ctor: string[];
  readonly encodePermuted: string[];
  readonly permute: string[];
}

/**
 * The symmetry members of the model class, or undefined when the spec declares nothing symmetric.
 * `frameType` names a procedure's frame type; `bound` compiles constant range bounds (`this.c`).
 */
export function emitSymmetry(spec: CheckedSpec, bound: BoundCompiler, frameType: (name: string) => string): SymmetryEmission | undefined {
  const types = symmetricTypes(spec);
  if (types.length === 0) return undefined;
  const symProcs = spec.processes.filter((p) => p.symmetric === true);
  const cx: Cx = { types: new Map(types.map((t) => [t.name, t])), pids: symProcs.length > 0 };
  const selfType = (p: ProcessDecl): Type => spec.declTypes.get(p.id) ?? UNKNOWN;

  const prelude: string[] = [];
  for (const t of types) {
    prelude.push(
      `const V${t.index} = p.values[${t.index}]!, I${t.index} = p.inverse[${t.index}]!, L${t.index} = ${bound(t.type.range.lo)};`,
      `void V${t.index}; void I${t.index}; void L${t.index};`,
    );
  }
  prelude.push("const PID = p.pid, PIDI = p.pidInverse;", "void PID; void PIDI;");

  // encodePermuted: the same layout as `encode`.
  const enc: string[] = [...prelude];
  // Between top-level parts: the least-encoding search has usually decided after the first ones.
  const stop = "if (w.stop) return;";
  for (const v of spec.vars) enc.push(...encodePermStmts(spec.declTypes.get(v.id) ?? UNKNOWN, `s.${fieldName(v.name.name)}`, cx), stop);
  enc.push(cx.pids ? "for (let j = 0; j < s.pc.length; j++) w.int(PC_ORD[s.pc[PIDI[j]!]!]);" : "for (const pc of s.pc) w.int(PC_ORD[pc]);", stop);
  const localsOf = (p: ProcessDecl, me: string): string[] =>
    p.locals.flatMap((l) => encodePermStmts(spec.declTypes.get(l.id) ?? UNKNOWN, `${me}.${fieldName(l.name.name)}`, cx));
  for (const p of spec.processes) {
    if (!p.locals.length) continue;
    const st = selfType(p);
    if (p.symmetric && st.kind === "scalarset") {
      enc.push(`for (let j = 0; j < s.${p.name.name}.length; j++) {`, `const me = s.${p.name.name}[I${sym(st, cx)}[j]!]!;`, ...localsOf(p, "me"), "}");
    } else enc.push(`for (const me of s.${p.name.name}) {`, ...localsOf(p, "me"), "}");
  }
  for (const q of spec.procedures) {
    enc.push(
      cx.pids ? `for (let j = 0; j < s.${q.name.name}.length; j++) {` : `for (const f0 of s.${q.name.name}) {`,
      ...(cx.pids ? [`const f0 = s.${q.name.name}[PIDI[j]!] ?? null;`] : []),
      "if (f0 === null) { w.int(0); continue; }",
      "w.int(1);",
      "w.int(PC_ORD[f0.ret]);",
    );
    for (const l of [...q.params, ...q.locals]) enc.push(...encodePermStmts(spec.declTypes.get(l.id) ?? UNKNOWN, `f0.${fieldName(l.name.name)}`, cx));
    enc.push("}");
  }

  // permute: the permuted state, fields in the order every state is built (one object shape).
  const fields: string[] = [];
  for (const v of spec.vars) fields.push(`${fieldName(v.name.name)}: ${permExpr(spec.declTypes.get(v.id) ?? UNKNOWN, `s.${fieldName(v.name.name)}`, cx)}`);
  fields.push(cx.pids ? "pc: s.pc.map((_, j) => s.pc[PIDI[j]!]!)" : "pc: s.pc");
  for (const p of spec.processes) {
    if (!p.locals.length) continue;
    const st = selfType(p);
    const one = (me: string): string =>
      `({ ${p.locals.map((l) => `${fieldName(l.name.name)}: ${permExpr(spec.declTypes.get(l.id) ?? UNKNOWN, `${me}.${fieldName(l.name.name)}`, cx)}`).join(", ")} })`;
    fields.push(
      p.symmetric && st.kind === "scalarset"
        ? `${p.name.name}: s.${p.name.name}.map((_, j) => { const me = s.${p.name.name}[I${sym(st, cx)}[j]!]!; return ${one("me")}; })`
        : `${p.name.name}: s.${p.name.name}.map((me) => ${one("me")})`,
    );
  }
  for (const q of spec.procedures) {
    const frame = [
      `ret: f0.ret`,
      ...[...q.params, ...q.locals].map(
        (l) => `${fieldName(l.name.name)}: ${permExpr(spec.declTypes.get(l.id) ?? UNKNOWN, `f0.${fieldName(l.name.name)}`, cx)}`,
      ),
    ];
    const body = `f0 === null ? null : ({ ${frame.join(", ")} } as ${frameType(q.name.name)})`;
    fields.push(
      cx.pids
        ? `${q.name.name}: s.${q.name.name}.map((_, j) => { const f0 = s.${q.name.name}[PIDI[j]!] ?? null; return ${body}; })`
        : `${q.name.name}: s.${q.name.name}.map((f0) => ${body})`,
    );
  }
  const permute = [...prelude, `return { ${fields.join(", ")} };`];

  // constructor: the workload's group (sizes from its constants; pids of the symmetric processes).
  const typeList = types.map((t) => `{ name: ${str(t.name)}, lo: ${bound(t.type.range.lo)}, size: ${bound(t.type.range.hi)} - ${bound(t.type.range.lo)} + 1 }`);
  const blocks = symProcs.map((p) => {
    const st = selfType(p);
    const index = st.kind === "scalarset" ? sym(st, cx) : 0;
    return `{ type: ${index}, first: this.first[${str(p.name.name)}] ?? 0, count: this.kinds.filter((k) => k === ${str(p.name.name)}).length }`;
  });
  const ctor = [
    `this.symmetry = new SymmetryGroup<State>([${typeList.join(", ")}], [${blocks.join(", ")}], this.kinds.length, (s, p, w) => this.encodePermuted(s, p, w), (s, p) => this.permute(s, p));`,
  ];
  return { ctor, encodePermuted: enc, permute };
}
