/**
 * The spec types of a model's display values (`Model.view`). The display form is plain JSON-like data
 * in which a set and a sequence are both arrays, `some(v)` is `v` and `none` is `null`, so without
 * types a trace cannot print a set as `{a, b}`, show which elements a step added or removed, or write
 * ITF that tells sets, options and sequences apart. Generated models describe every view variable
 * (`Model.viewTypes`); printing (format.ts, story.ts), ITF (itf.ts) and replay use the description
 * and fall back to guessing from the value for models without one.
 */
import type { Instance, Value } from "./model.js";

/**
 * A view variable's type. `name`: an enum member, a pc label or an instance name (a string, printed bare;
 * shown as `name`);
 * `owner`: a mutex's holder or an rwlock's writer (an instance name, or none when free); `frame`: a
 * procedure's active call (a record, absent when the procedure is not running).
 */
export type ViewType = ViewTypeCore & {
  /**
   * The spec's `display { … }` names for values of this type: [display value, name]; traces print the
   * name instead of the value. `--json` and ITF ignore it (they write values).
   */
  readonly display?: readonly (readonly [Value, string])[];
};

type ViewTypeCore =
  | { readonly kind: "bool" }
  | { readonly kind: "int" }
  | { readonly kind: "string" }
  | { readonly kind: "name" }
  | { readonly kind: "owner" }
  | { readonly kind: "set"; readonly elem: ViewType }
  | { readonly kind: "seq"; readonly elem: ViewType }
  | { readonly kind: "map"; readonly key: ViewType; readonly value: ViewType }
  | { readonly kind: "option"; readonly elem: ViewType }
  | { readonly kind: "record"; readonly fields: readonly (readonly [string, ViewType])[] }
  | { readonly kind: "tuple"; readonly elems: readonly ViewType[] }
  | { readonly kind: "frame"; readonly fields: readonly (readonly [string, ViewType])[] }
  | { readonly kind: "variant"; readonly cases: readonly VariantCaseView[] };

/** One case of a variant type: its tag and its fields in declaration order (none for a bare case). */
export type VariantCaseView = readonly [tag: string, fields: readonly (readonly [string, ViewType])[]];

/** The case of variant type `t` that display value `v` (`{ $tag, …fields }`) belongs to, if any. */
export function variantCase(t: Extract<ViewType, { kind: "variant" }>, v: Value | undefined): VariantCaseView | undefined {
  if (v === null || v === undefined || typeof v !== "object" || Array.isArray(v)) return undefined;
  const tag = (v as { readonly [k: string]: Value }).$tag;
  return typeof tag === "string" ? t.cases.find(([c]) => c === tag) : undefined;
}

/** What a generated model declares: globals, each process's locals, each procedure's frame. */
export interface ViewTypeDecls {
  readonly globals: readonly (readonly [string, ViewType])[];
  readonly locals: { readonly [process: string]: readonly (readonly [string, ViewType])[] };
  readonly frames: readonly (readonly [string, ViewType])[];
}

export type ViewTypes = { readonly [name: string]: ViewType };

const NAME: ViewType = { kind: "name" };

/** The type of every view variable of a workload: globals, then per instance its pc, locals and frames (as `Model.view` names them). */
export function viewTypesOf(instances: readonly Instance[], decls: ViewTypeDecls): ViewTypes {
  const out: { [name: string]: ViewType } = Object.create(null) as { [name: string]: ViewType };
  for (const [k, t] of decls.globals) out[k] = t;
  for (const i of instances) {
    out[`${i.name}.pc`] = NAME;
    for (const [k, t] of decls.locals[i.process] ?? []) out[`${i.name}.${k}`] = t;
    for (const [k, t] of decls.frames) out[`${i.name}.${k}`] = t;
  }
  return out;
}

/** The type of view variable `name` in a model, if it declares one. */
export function viewTypeOf(model: { readonly viewTypes?: ViewTypes }, name: string): ViewType | undefined {
  const t = model.viewTypes;
  return t !== undefined && Object.hasOwn(t, name) ? t[name] : undefined;
}

/** `t` as it reads in a spec (messages). */
export function showViewType(t: ViewType): string {
  switch (t.kind) {
    case "bool":
    case "int":
    case "string":
      return t.kind;
    case "name":
      return "name";
    case "owner":
      return "option<name>";
    case "set":
      return `set<${showViewType(t.elem)}>`;
    case "seq":
      return `seq<${showViewType(t.elem)}>`;
    case "map":
      return `map<${showViewType(t.key)}, ${showViewType(t.value)}>`;
    case "option":
      return `option<${showViewType(t.elem)}>`;
    case "record":
      return `{ ${t.fields.map(([f, ft]) => `${f}: ${showViewType(ft)}`).join(", ")} }`;
    case "frame":
      return `option<{ ${t.fields.map(([f, ft]) => `${f}: ${showViewType(ft)}`).join(", ")} }>`;
    case "tuple":
      return `tuple<${t.elems.map(showViewType).join(", ")}>`;
    case "variant":
      return t.cases.map(([tag, fs]) => (fs.length === 0 ? tag : `${tag} { ${fs.map(([f, ft]) => `${f}: ${showViewType(ft)}`).join(", ")} }`)).join(" | ");
  }
}

type Rec = { readonly [field: string]: Value };

function isRec(v: Value | undefined): v is Rec {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}

/**
 * Equality of two display values of type `t`: sets whatever the order of their elements, records
 * whatever the order of their fields (values read back from ITF written by another tool).
 */
export function typedEquals(a: Value | undefined, b: Value | undefined, t: ViewType | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) {
    // An absent frame is `none`.
    return t?.kind === "frame" || t?.kind === "option" || t?.kind === "owner" ? (a ?? null) === (b ?? null) : false;
  }
  if (t === undefined) return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
  switch (t.kind) {
    case "set": {
      if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
      const used = new Array<boolean>(b.length).fill(false);
      return a.every((x: Value) => {
        const j = b.findIndex((y: Value, k) => !used[k] && typedEquals(x, y, t.elem));
        if (j < 0) return false;
        used[j] = true;
        return true;
      });
    }
    case "seq":
      return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x: Value, i) => typedEquals(x, b[i] as Value, t.elem));
    case "option":
      return typedEquals(a, b, t.elem);
    case "map": {
      if (!isRec(a) || !isRec(b)) return false;
      const ka = Object.keys(a);
      return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && typedEquals(a[k], b[k], t.value));
    }
    case "record":
    case "frame":
      return (
        isRec(a) &&
        isRec(b) &&
        Object.keys(a).length === Object.keys(b).length &&
        t.fields.every(([f, ft]) => Object.hasOwn(a, f) && Object.hasOwn(b, f) && typedEquals(a[f], b[f], ft))
      );
    case "tuple":
      return isRec(a) && isRec(b) && t.elems.every((et, i) => typedEquals(a[`_${i + 1}`], b[`_${i + 1}`], et));
    case "variant": {
      const c = variantCase(t, a);
      return (
        c !== undefined &&
        isRec(a) &&
        isRec(b) &&
        a.$tag === b.$tag &&
        Object.keys(a).length === Object.keys(b).length &&
        c[1].every(([f, ft]) => Object.hasOwn(b, f) && typedEquals(a[f], b[f], ft))
      );
    }
    default:
      return false;
  }
}

function sortKeys(v: Value): unknown {
  if (Array.isArray(v)) return v.map((x: Value) => sortKeys(x));
  if (!isRec(v)) return v;
  const out: { [k: string]: unknown } = {};
  for (const k of Object.keys(v).sort()) Object.defineProperty(out, k, { value: sortKeys(v[k] as Value), enumerable: true });
  return out;
}
