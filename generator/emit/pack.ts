/**
 * The packed state layout of a spec: `pack(s, w)` / `unpack(r)` methods that write every state as a
 * fixed-width bit vector and read it back (see runtime/contract/packed.ts), plus the field widths they use.
 *
 * Widths of integer ranges depend on the workload's constants, so they are computed once in the model's
 * constructor into `this.layout` (one entry per distinct range, named after its first user); enum and
 * label widths are known here and written as numbers. A spec with a part that has no fixed width
 * (an unbounded `int`, a `string`, a sequence without a bound, a set of records) gets no packing: the
 * explorers then fingerprint the `encode` stream as before.
 */
import type { Expr } from "../parse/ast.js";
import type { CheckedSpec } from "../check/checked.js";
import { caseRecord, TAG_KEY, UNKNOWN, type Type } from "../check/types.js";
import { fieldName, str, typeName } from "./names.js";
import { caseSwitch, keyCount, sortedFields } from "./type-code.js";

/** What module.ts splices into the model class. */
export interface PackCode {
  /** The `layout` property's type. */
  readonly layoutType: string;
  /** Constructor statements computing `this.layout` and `this.packedBits`. */
  readonly ctor: readonly string[];
  readonly pack: readonly string[];
  /** The expression unpack returns. */
  readonly unpack: string;
  /**
   * The parts of the packed state in pack order, each with its width in bits (an expression over
   * `this.layout`, `this.c`, `this.kinds` and `this.instances`): the state variables by name, then
   * `pc` (one field of `pcBits` per instance), then process locals and procedure frames.
   */
  readonly parts: readonly { readonly name: string; readonly kind: "var" | "pc" | "other"; readonly width: string }[];
  /** Bits of one instance's `pc` field. */
  readonly pcBits: number;
}

class NotPackable extends Error {}

/** Bits for `n` distinct values known now. */
function bitsForCount(n: number): number {
  return n <= 1 ? 0 : 32 - Math.clz32(n - 1);
}

function isZero(e: Expr): boolean {
  return e.kind === "IntLit" && e.value === 0n;
}

function paren(x: string): string {
  return /^[\w.]+$/.test(x) ? x : `(${x})`;
}

/** Emits the packed layout, or undefined when some part of the state has no fixed width. */
export function emitPacking(
  spec: CheckedSpec,
  bound: (e: Expr) => string,
  uniquePcs: readonly string[],
  packedProcesses: readonly { name: string; locals: readonly { id: number; name: string }[] }[],
  procedures: readonly { name: string; fields: readonly { id: number; name: string }[] }[],
): PackCode | undefined {
  const layout = new Map<string, { key: string; code: string; doc: string }>();
  const usedKeys = new Set<string>();
  /** Conditions under which this workload packs (set masks and fields at most 31 bits). */
  const fits: string[] = [];
  const pcBits = bitsForCount(uniquePcs.length);

  const entry = (id: string, name: string, code: string, doc: string): string => {
    const have = layout.get(id);
    if (have) return `this.layout.${have.key}`;
    let key = name.replace(/[^A-Za-z0-9_]/g, "_");
    if (key === "__proto__" || key === "constructor") key += "_";
    for (let k = 2; usedKeys.has(key); k++) key = `${name}_${k}`;
    usedKeys.add(key);
    layout.set(id, { key, code, doc });
    fits.push(`this.layout.${key} <= 31`);
    return `this.layout.${key}`;
  };
  const pidBits = (): string => entry("pid", "pid", "bitsFor(0, this.instances.length - 1)", "a pid");
  const pidOrNoneBits = (): string => entry("pid?", "pidOrNone", "bitsFor(0, this.instances.length)", "a lock owner or none (pid + 1, 0 = none)");
  const rangeBits = (lo: string, hi: string, user: string): string => entry(`${lo}..${hi}`, user, `bitsFor(${lo}, ${hi})`, `${lo}..${hi}`);

  /** Number of values of a set's element type, and how to turn an element into its bit index. */
  const setInfo = (elem: Type): { card: string; ord: (x: string) => string; read: string } => {
    switch (elem.kind) {
      case "bool":
        return { card: "2", ord: (x) => `(${x} ? 1 : 0)`, read: "r.maskedValues([false, true])" };
      case "enum": {
        const n = typeName(elem.decl.name.name);
        if (elem.decl.members.length > 31) throw new NotPackable();
        // Sets hold their elements sorted as values (by name), not by ordinal.
        return { card: String(elem.decl.members.length), ord: (x) => `${n}$ord(${x})`, read: `setOf(r.maskedValues(${n}$values))` };
      }
      case "pid":
        fits.push("this.instances.length <= 31");
        return { card: "this.instances.length", ord: (x) => x, read: "r.intSet(this.instances.length, 0)" };
      case "int":
      case "scalarset": {
        if (!elem.range) throw new NotPackable();
        const lo = bound(elem.range.lo);
        const card = keyCount(elem, bound);
        fits.push(`${card} <= 31`);
        return { card, ord: (x) => (isZero(elem.range!.lo) ? x : `${x} - ${paren(lo)}`), read: `r.intSet(${card}, ${lo})` };
      }
      default:
        throw new NotPackable();
    }
  };

  const width = (t: Type, user: string): string => {
    switch (t.kind) {
      case "bool":
        return "1";
      case "int":
      case "scalarset":
        if (!t.range) throw new NotPackable();
        return rangeBits(bound(t.range.lo), bound(t.range.hi), user);
      case "enum":
        return String(bitsForCount(t.decl.members.length));
      case "pid":
        return pidBits();
      case "record": {
        const parts = sortedFields(t).map((f) => width(f.type, `${user}_${f.name}`));
        return parts.length ? parts.join(" + ") : "0";
      }
      case "variant": {
        // The case ordinal, then room for the widest case (narrower ones are padded with zeros).
        const widths = t.cases.map((c) => width(caseRecord(c), `${user}_${c.tag}`));
        const tag = String(bitsForCount(t.cases.length));
        return widths.length === 1 ? `${tag} + ${paren(widths[0] as string)}` : `${tag} + Math.max(${widths.join(", ")})`;
      }
      case "set":
        return setInfo(t.elem).card;
      case "map":
        return `${paren(keyCount(t.key, bound))} * ${paren(width(t.value, user))}`;
      case "seq": {
        if (!t.max) throw new NotPackable();
        const max = bound(t.max);
        return `${rangeBits("0", max, `${user}_len`)} + ${paren(max)} * ${paren(width(t.elem, user))}`;
      }
      case "option":
        return `1 + ${paren(width(t.elem, user))}`;
      case "mutex":
        return pidOrNoneBits();
      case "rwlock":
        fits.push("this.instances.length <= 31");
        return `${pidOrNoneBits()} + this.instances.length`;
      case "string":
      case "unknown":
        throw new NotPackable();
    }
  };

  const pack = (t: Type, v: string, user: string, depth: number): string[] => {
    const x = `x${depth}`;
    switch (t.kind) {
      case "bool":
        return [`w.put(${v} ? 1 : 0, 1);`];
      case "int":
      case "scalarset": {
        if (!t.range) throw new NotPackable();
        const lo = bound(t.range.lo);
        return [`w.put(${isZero(t.range.lo) ? v : `${v} - ${paren(lo)}`}, ${width(t, user)});`];
      }
      case "enum":
        return [`w.put(${typeName(t.decl.name.name)}$ord(${v}), ${width(t, user)});`];
      case "pid":
        return [`w.put(${v}, ${pidBits()});`];
      case "record":
        return sortedFields(t).flatMap((f) => pack(f.type, `${v}.${fieldName(f.name)}`, `${user}_${f.name}`, depth));
      case "variant": {
        const tag = bitsForCount(t.cases.length);
        const all = width(t, user);
        return caseSwitch(t, v, (c, x) => {
          const own = `${tag} + ${paren(width(caseRecord(c), `${user}_${c.tag}`))}`;
          return [`w.put(${t.cases.indexOf(c)}, ${tag});`, ...pack(caseRecord(c), x, `${user}_${c.tag}`, depth), `w.skip(${paren(all)} - (${own}));`];
        });
      }
      case "set": {
        const { card, ord } = setInfo(t.elem);
        return [`{`, `let m = 0;`, `for (const ${x} of ${v}) m |= 1 << ${ord(x)};`, `w.put(m, ${card});`, `}`];
      }
      case "map":
        return [`for (const ${x} of ${v}) {`, ...pack(t.value, x, user, depth + 1), "}"];
      case "seq": {
        if (!t.max) throw new NotPackable();
        const max = bound(t.max);
        return [
          `w.put(${v}.length, ${rangeBits("0", max, `${user}_len`)});`,
          `for (const ${x} of ${v}) {`,
          ...pack(t.elem, x, user, depth + 1),
          "}",
          `w.skip((${max} - ${v}.length) * ${paren(width(t.elem, user))});`,
        ];
      }
      case "option":
        return [`if (${v} === null) w.skip(${width(t, user)});`, "else {", "w.put(1, 1);", ...pack(t.elem, v, user, depth), "}"];
      case "mutex":
        return [`w.put(${v} === null ? 0 : ${v} + 1, ${pidOrNoneBits()});`];
      case "rwlock": {
        width(t, user);
        return [
          `w.put(${v}.writer === null ? 0 : ${v}.writer + 1, ${pidOrNoneBits()});`,
          "{",
          "let m = 0;",
          `for (const ${x} of ${v}.readers) m |= 1 << ${x};`,
          "w.put(m, this.instances.length);",
          "}",
        ];
      }
      case "string":
      case "unknown":
        throw new NotPackable();
    }
  };

  const unpack = (t: Type, user: string): string => {
    switch (t.kind) {
      case "bool":
        return "r.get(1) === 1";
      case "int":
      case "scalarset": {
        if (!t.range) throw new NotPackable();
        const get = `r.get(${width(t, user)})`;
        return isZero(t.range.lo) ? get : `${get} + ${paren(bound(t.range.lo))}`;
      }
      case "enum":
        return `r.pick(${typeName(t.decl.name.name)}$values, ${width(t, user)})`;
      case "pid":
        return `r.get(${pidBits()})`;
      case "record":
        return `{ ${sortedFields(t)
          .map((f) => `${fieldName(f.name)}: ${unpack(f.type, `${user}_${f.name}`)}`)
          .join(", ")} }`;
      case "variant": {
        const tag = bitsForCount(t.cases.length);
        const all = width(t, user);
        const cases = t.cases.map((c) => {
          const fields = [
            `${TAG_KEY}: ${str(c.tag)}`,
            ...sortedFields(caseRecord(c)).map((f) => `${fieldName(f.name)}: ${unpack(f.type, `${user}_${c.tag}_${f.name}`)}`),
          ];
          return `() => ({ ${fields.join(", ")} } as ${typeName(t.name)})`;
        });
        const pad = t.cases.map((c) => `${paren(all)} - (${tag} + ${paren(width(caseRecord(c), `${user}_${c.tag}`))})`);
        return `r.variant(${tag}, [${cases.join(", ")}], [${pad.join(", ")}])`;
      }
      case "set":
        return setInfo(t.elem).read;
      case "map":
        return `r.array(${keyCount(t.key, bound)}, () => ${wrapObject(unpack(t.value, user))})`;
      case "seq": {
        if (!t.max) throw new NotPackable();
        const max = bound(t.max);
        return `r.seq(${rangeBits("0", max, `${user}_len`)}, ${max}, ${width(t.elem, user)}, () => ${wrapObject(unpack(t.elem, user))})`;
      }
      case "option":
        return `(r.get(1) === 1 ? ${unpack(t.elem, user)} : r.none(${width(t.elem, user)}))`;
      case "mutex":
        return `r.pidOrNull(${pidOrNoneBits()})`;
      case "rwlock":
        width(t, user);
        return `{ writer: r.pidOrNull(${pidOrNoneBits()}), readers: r.intSet(this.instances.length, 0) }`;
      case "string":
      case "unknown":
        throw new NotPackable();
    }
  };

  try {
    const packStmts: string[] = [];
    const fields: string[] = [];
    const total: string[] = [];
    const parts: { name: string; kind: "var" | "pc" | "other"; width: string }[] = [];
    for (const v of spec.vars) {
      const t = spec.declTypes.get(v.id) ?? UNKNOWN;
      const f = fieldName(v.name.name);
      packStmts.push(...pack(t, `s.${f}`, v.name.name, 0));
      fields.push(`${f}: ${unpack(t, v.name.name)}`);
      total.push(width(t, v.name.name));
      parts.push({ name: v.name.name, kind: "var", width: total[total.length - 1] as string });
    }
    packStmts.push(`for (const pc of s.pc) w.put(PC_ORD[pc], ${pcBits});`);
    fields.push(`pc: r.array(this.kinds.length, () => r.pick(PC_VALUES, ${pcBits}))`);
    total.push(`this.kinds.length * ${pcBits}`);
    parts.push({ name: "pc", kind: "pc", width: total[total.length - 1] as string });
    for (const p of packedProcesses) {
      const ts = p.locals.map((l) => ({ l, t: spec.declTypes.get(l.id) ?? UNKNOWN, user: `${p.name}_${l.name}` }));
      packStmts.push(`for (const me of s.${p.name}) {`, ...ts.flatMap(({ l, t, user }) => pack(t, `me.${fieldName(l.name)}`, user, 0)), "}");
      const count = `this.kinds.filter((k) => k === ${str(p.name)}).length`;
      fields.push(`${p.name}: r.array(${count}, () => ({ ${ts.map(({ l, t, user }) => `${fieldName(l.name)}: ${unpack(t, user)}`).join(", ")} }))`);
      total.push(`${count} * (${ts.map(({ t, user }) => width(t, user)).join(" + ")})`);
      parts.push({ name: p.name, kind: "other", width: total[total.length - 1] as string });
    }
    for (const p of procedures) {
      const ts = p.fields.map((l) => ({ l, t: spec.declTypes.get(l.id) ?? UNKNOWN, user: `${p.name}_${l.name}` }));
      const frameBits = [String(pcBits), ...ts.map(({ t, user }) => paren(width(t, user)))].join(" + ");
      packStmts.push(
        `for (const f of s.${p.name}) {`,
        `if (f === null) w.skip(1 + ${frameBits});`,
        "else {",
        "w.put(1, 1);",
        `w.put(PC_ORD[f.ret], ${pcBits});`,
        ...ts.flatMap(({ l, t, user }) => pack(t, `f.${fieldName(l.name)}`, user, 0)),
        "}",
        "}",
      );
      const frame = `{ ret: r.pick(PC_VALUES, ${pcBits})${ts.map(({ l, t, user }) => `, ${fieldName(l.name)}: ${unpack(t, user)}`).join("")} }`;
      fields.push(`${p.name}: r.array(this.kinds.length, () => (r.get(1) === 1 ? ${frame} : r.none(${frameBits})))`);
      total.push(`this.kinds.length * (1 + ${frameBits})`);
      parts.push({ name: p.name, kind: "other", width: total[total.length - 1] as string });
    }
    const entries = [...layout.values()];
    const ctor = [
      `this.layout = { ${entries.map((e) => `${e.key}: ${e.code}`).join(", ")} };`,
      `this.packedBits = ${fits.length ? `${[...new Set(fits)].join(" && ")} ? ` : ""}${total.join(" + ")}${fits.length ? " : -1" : ""};`,
    ];
    return {
      layoutType: `{ ${entries.map((e) => `/** Bits of ${e.doc.replace(/\*\//g, "*\\/")}. */ readonly ${e.key}: number`).join("; ")} }`,
      ctor,
      pack: packStmts,
      unpack: `{ ${fields.join(",\n")} }`,
      parts,
      pcBits,
    };
  } catch (e) {
    if (e instanceof NotPackable) return undefined;
    throw e;
  }
}

/** An object literal as an arrow body needs parentheses. */
function wrapObject(x: string): string {
  return x.startsWith("{") ? `(${x})` : x;
}
