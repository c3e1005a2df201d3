/**
 * Emits `packed.ts`, the second form of a model's steps (issue 18 item 2): the same steps as
 * `model.ts`, compiled to read guards and write updates as bit fields of the packed state words
 * (runtime/contract/packed-steps.ts), so the sequential BFS expands a state without building objects.
 * `model.ts` stays the documented form; this file follows it step for step (one method per step,
 * named after it, with its spec line), and a differential test checks the two agree on every
 * reachable state of every shipped spec.
 *
 * The scalar core is compiled: variables of type bool, bounded int, enum and maps of those over a
 * bounded key type; guards, `await`, `if`, assignments (whole, or one map key), assertions, `goto`/
 * `Done` of a spec without locks. Inside, values are plain numbers (an int its value, an enum its
 * canonical ordinal) and booleans. Everything else — sets, sequences, records, options, locks,
 * choices (`either`/`with`), procedures, process locals, `def`s — makes that step run the readable
 * code instead (unpack, step, pack), and the generated file says so at the step, with the reason.
 * Range checks, map key checks and arithmetic use the same runtime helpers at the same source
 * locations as `model.ts`, in the same order, so a spec error is the same error on both paths.
 */
import type { Expr } from "../parse/ast.js";
import type { CheckedSpec } from "../check/checked.js";
import type { LoweredStep, Node, Owner } from "../lower/ir.js";
import type { ExprCompiler } from "./expr.js";
import { jsName, methodName, str } from "./names.js";
import { blockCommentText, lineCommentText } from "./escape.js";
import type { PackCode } from "./pack.js";
import { checkExpr, needsCheck } from "./type-code.js";
import { isZero, jsKey, paren, PackedExprCompiler, unsupported, Unsupported, type Field, type Where } from "./packed-expr.js";

/** What the emitter needs to know of each step (step-table.ts). */
export interface PackedStepInfo {
  readonly id: number;
  readonly name: string;
  readonly owner: Owner;
  readonly lowered: LoweredStep;
  readonly label?: string;
  readonly line: number;
}

/** The runtime helpers packed code may call (imported when used). */
const HELPERS = [
  "BitReader",
  "BitWriter",
  "FieldPositions",
  "SpecError",
  "copyWords",
  "getBits",
  "keyAt$",
  "setBits",
  "updateKeyAt$",
  "loopHi$",
  "checkRange",
  "mod",
  "div",
  "addExact",
  "subExact",
  "mulExact",
  "forallRange",
  "existsRange",
] as const;

interface Ctx {
  readonly bound: ReadonlyMap<number, string>;
  readonly at: Where;
  readonly disable: "return;" | "continue;";
  readonly tail: boolean;
  readonly stepId: number;
  readonly instance: string;
  readonly owner: Owner;
}

/** The `packed.ts` module of a spec, or undefined when its states do not pack or nothing compiles. */
export function emitPackedSteps(args: {
  readonly spec: CheckedSpec;
  readonly ec: ExprCompiler;
  readonly steps: readonly PackedStepInfo[];
  readonly uniquePcs: readonly string[];
  readonly packing: PackCode;
  readonly className: string;
  readonly runtimeImport: string;
  readonly pcOf: (owner: Owner, label: string) => string;
  readonly sourceText: (n: { span: Expr["span"] }) => string;
  readonly hasLocks: boolean;
}): string | undefined {
  return new PackedEmitter(args).module();
}

class PackedEmitter extends PackedExprCompiler {
  constructor(private readonly args: Parameters<typeof emitPackedSteps>[0]) {
    super(args);
  }

  module(): string | undefined {
    const a = this.args;
    const methods: string[] = [];
    const fallbacks: { id: number; reason: string }[] = [];
    const calls: { id: number; call: string; action: boolean }[] = [];
    for (const s of a.steps) {
      const action = s.owner.kind === "action";
      const method = action ? `step$${s.name}` : `step$${s.owner.decl.name.name}$${s.label ?? ""}`;
      // The file name is the user's text: escaped so that it cannot end the doc comment.
      const where = blockCommentText(`${s.lowered.span.file}:${s.line}`);
      let body: string[];
      try {
        body = action ? this.actionBody(s) : this.labelBody(s);
        methods.push(
          `/** ${action ? "Action" : "Step"} \`${s.name}\` on packed words (model.ts \`${s.name}\`). Source: ${where} */`,
          `private ${method}(src: Int32Array, off: number${action ? "" : ", pid: number"}, report: Report): void {`,
          ...body,
          "}",
        );
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        fallbacks.push({ id: s.id, reason: e.message });
        const run = action
          ? `this.m.${actionMethod(s.name)}(this.state$(src, off), this.repack$);`
          : `this.m.runStep$(${s.id}, this.state$(src, off), pid, this.repack$);`;
        methods.push(
          `/** ${action ? "Action" : "Step"} \`${s.name}\`: runs model.ts's step on the unpacked state (${blockCommentText(e.message)}). Source: ${where} */`,
          `private ${method}(src: Int32Array, off: number${action ? "" : ", pid: number"}, report: Report): void {`,
          "this.report$ = report;",
          run,
          "}",
        );
      }
      calls.push({ id: s.id, call: action ? `this.${method}(src, off, report)` : `this.${method}(src, off, pid, report)`, action });
    }
    if (fallbacks.length === a.steps.length) return undefined;
    const invariants = this.invariants();
    const procSteps = calls.filter((c) => !c.action);
    const actionCalls = calls.filter((c) => c.action);
    const succ: string[] = [];
    if (procSteps.length > 0) {
      succ.push(
        "for (let pid = 0; pid < this.kinds.length; pid++) {",
        `const id = this.stepAt$[pid * ${a.uniquePcs.length} + getBits(src, off, this.at.pc$ + pid * ${a.packing.pcBits}, ${a.packing.pcBits})]!;`,
        "try {",
        "switch (id) {",
        ...procSteps.flatMap((c) => [`case ${c.id}:`, `${c.call};`, "break;"]),
        "}",
        "} catch (e) {",
        "throw e instanceof SpecError ? e.at(id, pid) : e;",
        "}",
        "}",
      );
    }
    for (const c of actionCalls) {
      succ.push("try {", `${c.call};`, "} catch (e) {", `throw e instanceof SpecError ? e.at(${c.id}, -1) : e;`, "}");
    }
    const accessors = [...this.fields.values()].flatMap((f) => this.accessors(f));
    const positions = a.packing.parts.map((p) => `${atKey(p)}: f.take(${p.width})`);
    const M = a.className;
    const text = [
      "type Report = (step: number, instance: number) => void;",
      "",
      "/** The label of each pc ordinal (model.ts `PC_VALUES`). */",
      `const PC_LABELS: readonly string[] = [${a.uniquePcs.map(str).join(", ")}];`,
      "",
      `/** The steps of \`${M}\` on packed words; ${fallbacks.length === 0 ? "every step is compiled" : `${fallbacks.length} of ${a.steps.length} steps run model.ts's code`}. */`,
      `export class ${M}$Packed implements PackedSteps {`,
      "readonly width: number;",
      "readonly next: Int32Array;",
      `readonly fallbacks = [${fallbacks.map((f) => `{ step: ${f.id}, reason: ${str(f.reason)} }`).join(", ")}] as const;`,
      `private readonly c: ${M}["c"];`,
      `private readonly layout: ${M}["layout"];`,
      `private readonly kinds: ${M}["kinds"];`,
      `private readonly instances: ${M}["instances"];`,
      "/** The bit position of each part of the state (pack order). */",
      `private readonly at: { ${a.packing.parts.map((p) => `readonly ${atKey(p)}: number`).join("; ")} };`,
      "/** Per pid and pc ordinal: the step the instance takes there, -1 none. */",
      "private readonly stepAt$: Int32Array;",
      "private readonly reader = new BitReader();",
      "private readonly writer = new BitWriter();",
      "private report$: Report = () => undefined;",
      "/** Packs a successor of a step that runs model.ts's code into `next` and reports it. */",
      "private readonly repack$ = (t: Transition<State>): void => {",
      "const w = this.writer;",
      "w.begin();",
      "this.m.pack(t.state, w);",
      "w.end();",
      "copyWords(this.next, w.words, 0, this.width);",
      "this.report$(t.step, t.instance);",
      "};",
      "",
      `constructor(private readonly m: ${M}) {`,
      "this.c = m.c;",
      "this.layout = m.layout;",
      "this.kinds = m.kinds;",
      "this.instances = m.instances;",
      "const f = new FieldPositions();",
      `this.at = { ${positions.join(", ")} };`,
      "this.width = Math.max(1, Math.ceil(f.bits / 32));",
      "this.next = new Int32Array(this.width);",
      `this.stepAt$ = Int32Array.from({ length: this.kinds.length * PC_LABELS.length }, (_, k) => m.stepIdOf$(Math.floor(k / PC_LABELS.length), PC_LABELS[k % PC_LABELS.length]!));`,
      "}",
      "",
      "/** Every successor, in model.ts's order: each instance's next step, then each action. */",
      "successors(src: Int32Array, off: number, report: Report): void {",
      "this.cached$ = -1;",
      ...succ,
      "}",
      "",
      ...invariants,
      ...methods,
      ...accessors,
      "",
      "private cached$ = -1;",
      "private cachedState$: State | undefined;",
      "/** The state at `src[off…]` as an object (steps that run model.ts's code), unpacked once per state. */",
      "private state$(src: Int32Array, off: number): State {",
      "if (this.cached$ !== off || this.cachedState$ === undefined) {",
      "this.reader.reset(src, off);",
      "this.cachedState$ = this.m.unpack(this.reader);",
      "this.cached$ = off;",
      "}",
      "return this.cachedState$;",
      "}",
      "}",
    ].join("\n");
    const used = HELPERS.filter((h) => new RegExp(`(?<![\\w$])${h.replace(/\$/g, "\\$")}(?![\\w$])`).test(text));
    return [
      `// Generated by spec2ts from ${lineCommentText(a.spec.linked.file)}: the steps of model.ts on packed state words.`,
      "// Do not edit: change the spec and run `spec2ts gen`.",
      `import { ${used.join(", ")}, type PackedSteps, type Transition } from ${str(a.runtimeImport)};`,
      `import type { ${M}, State } from "./model.js";`,
      "",
      text,
    ].join("\n");
  }

  /** `get$x`/`set$x` for one variable: its value as a number (bool 0/1, enum ordinal, int value). */
  private accessors(f: Field): string[] {
    const lo = f.value.kind === "int" && f.value.lo && !isZero(f.value.lo) ? paren(this.args.ec.bound(f.value.lo)) : undefined;
    const pos = f.key ? `this.at.${jsKey(f.name)} + k * ${paren(f.bits)}` : `this.at.${jsKey(f.name)}`;
    const k = f.key ? ", k: number" : "";
    const what = f.value.kind === "bool" ? "0 or 1" : f.value.kind === "enum" ? "its canonical ordinal" : "its value";
    return [
      `/** \`${f.name}${f.key ? "[k]" : ""}\` (${what})${f.key ? "; k is the key's ordinal" : ""}. */`,
      `private ${f.get}(w: Int32Array, o: number${k}): number {`,
      `return getBits(w, o, ${pos}, ${f.bits})${lo ? ` + ${lo}` : ""};`,
      "}",
      `/** Sets \`${f.name}${f.key ? "[k]" : ""}\` in the draft \`w\`. */`,
      `private ${f.set}(w: Int32Array${k}, v: number): void {`,
      `setBits(w, ${pos}, ${f.bits}, ${lo ? `v - ${lo}` : "v"});`,
      "}",
    ];
  }

  /** `invariantsHold`, when every invariant compiles (a SpecError says "not known": the object path decides). */
  private invariants(): string[] {
    const spec = this.args.spec;
    if (spec.invariants.length === 0) return [];
    const at: Where = { words: "src", off: "off" };
    const tests: string[] = [];
    this.beginFunction();
    try {
      for (const inv of spec.invariants) tests.push(`// ${inv.name.name}`, ...this.predicate(inv.body, { bound: new Map(), at }));
    } catch (e) {
      if (e instanceof Unsupported) return [`// invariantsHold is not compiled (${lineCommentText(e.message)}): new states are unpacked for the invariants.`];
      throw e;
    }
    return [
      "/** True when every invariant holds in the state at `src[off…]` (false: not known, see PackedSteps). */",
      "invariantsHold(src: Int32Array, off: number): boolean {",
      "try {",
      ...tests,
      "} catch (e) {",
      "if (e instanceof SpecError) return false;",
      "throw e;",
      "}",
      "return true;",
      "}",
      "",
    ];
  }

  private actionBody(s: PackedStepInfo): string[] {
    const lines: string[] = [];
    let bound = new Map<number, string>();
    const src: Where = { words: "src", off: "off" };
    for (const b of s.lowered.params) {
      if (b.domain.kind !== "RangeExpr") throw new Unsupported("a parameter ranges over a set, not an integer range");
      const n = jsName(b.name.name);
      const env = { bound, at: src };
      const lo = this.int(b.domain.lo, env);
      const hi = this.int(b.domain.hi, env);
      this.binderRanges.set(b.id, { lo, hi });
      lines.push(`for (let ${n} = ${lo}, hi_${n} = loopHi$(${n}, ${hi}, ${this.args.ec.loc(b.domain)}); ${n} <= hi_${n}; ${n}++) {`);
      bound = new Map(bound).set(b.id, n);
    }
    const disable = s.lowered.params.length > 0 ? "continue;" : "return;";
    if (s.lowered.guard) lines.push(`if (!${this.bool(s.lowered.guard, { bound, at: src })}) ${disable}`);
    const ctx: Ctx = { bound, at: { words: "d", off: "0" }, disable, tail: true, stepId: s.id, instance: "-1", owner: s.owner };
    lines.push("const d = this.next;", "copyWords(d, src, off, this.width);", ...this.node(s.lowered.root, ctx));
    for (let k = 0; k < s.lowered.params.length; k++) lines.push("}");
    return lines;
  }

  private labelBody(s: PackedStepInfo): string[] {
    if (s.owner.kind !== "process") throw new Unsupported("a procedure step (frames are not compiled)");
    const ctx: Ctx = { bound: new Map(), at: { words: "d", off: "0" }, disable: "return;", tail: true, stepId: s.id, instance: "pid", owner: s.owner };
    return ["const d = this.next;", "copyWords(d, src, off, this.width);", ...this.node(s.lowered.root, ctx)];
  }

  private node(n: Node, ctx: Ctx): string[] {
    switch (n.kind) {
      case "end":
        return this.end(n, ctx);
      case "jump":
        return [];
      case "assign":
        return [...this.assign(n.stmt, ctx), ...this.node(n.next, ctx)];
      case "guard":
        return [`if (!${this.bool(n.cond, ctx)}) ${ctx.disable}`, ...this.node(n.next, ctx)];
      case "assert": {
        const s = n.stmt;
        const msg = s.message ? str(s.message.value) : str(`assertion failed: ${this.args.sourceText(s.cond)}`);
        return [`if (!${this.bool(s.cond, ctx)}) throw new SpecError("assertion", ${msg}, ${this.args.ec.loc(s)});`, ...this.node(n.next, ctx)];
      }
      case "if": {
        const yes = this.node(n.then, ctx);
        const no = this.node(n.else, ctx);
        if (yes.length === 0 && no.length === 0) return [];
        const out = [`if (${this.bool(n.cond, ctx)}) {`, ...yes, "}"];
        if (no.length) out.push("else {", ...no, "}");
        return out;
      }
      case "join":
        if (hasChoice(n.body)) throw new Unsupported("a choice (either/with)");
        return [...this.node(n.body, { ...ctx, tail: false }), ...this.node(n.then, ctx)];
      case "either":
      case "with":
        throw new Unsupported("a choice (either/with)");
      case "lock":
        throw new Unsupported("a lock statement");
    }
  }

  private end(n: Extract<Node, { kind: "end" }>, ctx: Ctx): string[] {
    const report = [`report(${ctx.stepId}, ${ctx.instance});`, ...(ctx.tail ? [] : [ctx.disable])];
    const t = n.target;
    switch (t.kind) {
      case "action":
        return report;
      case "label":
        return [this.setPc(this.args.pcOf(ctx.owner, t.label)), ...report];
      case "done":
        if (this.args.hasLocks) throw new Unsupported("finishing checks the locks held");
        return [this.setPc("Done"), ...report];
      default:
        throw new Unsupported(`a ${t.kind}`);
    }
  }

  private setPc(label: string): string {
    const ord = this.args.uniquePcs.indexOf(label);
    if (ord < 0) throw new Error(`internal: unknown pc ${label}`);
    const bits = this.args.packing.pcBits;
    return `setBits(d, this.at.pc$ + pid * ${bits}, ${bits}, ${ord}); // pc = ${label}`;
  }

  private assign(s: Extract<import("../parse/ast.js").Stmt, { kind: "AssignStmt" }>, ctx: Ctx): string[] {
    const r = this.args.spec.refs.get(s.id);
    if (!r || r.kind !== "var") throw new Unsupported("an assignment to a process local or frame");
    const f = this.fields.get(r.decl.id);
    if (!f) throw new Unsupported(`variable ${r.decl.name.name} is not a scalar or a map of scalars`);
    if (s.path.length > (f.key ? 1 : 0) || (f.key && s.path.length !== 1)) throw new Unsupported("an assignment to a whole map or a nested path");
    const seg = s.path[0];
    if (seg && seg.kind !== "IndexSeg") throw new Unsupported("a field path");
    const what = str(this.targetText(s));
    const loc = this.args.ec.loc(s);
    let value = this.scalarExpr(s.value, ctx, f.value).code;
    // As model.ts: the value is range-checked first, then the key.
    if (needsCheck(f.valueType)) {
      const checked = checkExpr(f.valueType, value, what, loc, this.args.ec.bound);
      if (checked === undefined) throw new Unsupported("a range check that is not one call");
      value = checked;
    }
    if (!seg) return [`this.${f.set}(d, ${value});`];
    const key = f.key as NonNullable<Field["key"]>;
    const ord = this.keyOrd(key.type, this.scalarExpr(seg.index, ctx, this.scalar(key.type) ?? unsupported("a key that is not a scalar")).code);
    const k = this.keyInRange(seg.index, key.type) ? ord : `updateKeyAt$(${ord}, ${key.count}, ${this.args.ec.loc({ span: seg.span })})`;
    return ["{", `const v = ${value};`, `this.${f.set}(d, ${k}, v);`, "}"];
  }

  private targetText(s: Extract<import("../parse/ast.js").Stmt, { kind: "AssignStmt" }>): string {
    const last = s.path[s.path.length - 1];
    return last ? this.args.sourceText({ span: { file: s.target.span.file, start: s.target.span.start, end: last.span.end } }) : s.target.name;
  }
}

/** True when the IR below `n` has a choice (its paths would need drafts of their own). */
function hasChoice(n: Node): boolean {
  switch (n.kind) {
    case "either":
    case "with":
      return true;
    case "end":
    case "jump":
      return false;
    case "if":
      return hasChoice(n.then) || hasChoice(n.else);
    case "join":
      return hasChoice(n.body) || hasChoice(n.then);
    default:
      return hasChoice(n.next);
  }
}

/** The model.ts method of an action (names.ts `methodName`). */
function actionMethod(name: string): string {
  return methodName(name);
}

/** The key of a part of the state in `at`: a variable's name; `pc$`, `P$` for the other parts (`$` never occurs in a spec name). */
function atKey(p: { readonly name: string; readonly kind: "var" | "pc" | "other" }): string {
  return p.kind === "var" ? jsKey(p.name) : p.kind === "pc" ? "pc$" : `${p.name}$`;
}
