/**
 * The spec's atomic steps as the model lists them: one StepInfo per action and per process or
 * procedure label (in lowering order: that order is the step ids), the STEPS table the explorers
 * name steps by, and STEP_ACCESS, what partial-order reduction knows about each step.
 */
import type { StatementStructures } from "ts-morph";
import { tsMorph } from "./ts-morph.js";
import type { CheckedSpec } from "../check/checked.js";
import type { LoweredSpec } from "../lower/ir.js";
import type { ExprCompiler } from "./expr.js";
import { fieldName, methodName, str } from "./names.js";
import { PROC_STATE, stepAccess, stepFlow, stepGate } from "./access.js";
import type { Owner } from "./steps.js";
import type { ViewTypeTable } from "./view-types.js";
import type { StepInfo } from "./model-parts.js";

const { StructureKind, VariableDeclarationKind } = tsMorph;

/** The atomic steps of the lowered spec, numbered in order; `pcOf` names a label's pc value. */
export function stepInfos(lowered: LoweredSpec, pcOf: (owner: Owner, label: string) => string): StepInfo[] {
  const steps: StepInfo[] = [];
  for (const l of lowered.steps) {
    const owner = l.owner;
    if (owner.kind === "action") {
      const a = owner.decl;
      steps.push({
        id: steps.length,
        name: a.name.name,
        method: methodName(a.name.name),
        owner,
        lowered: l,
        line: a.span.start.line,
        ...(a.doc ? { doc: a.doc } : {}),
      });
      continue;
    }
    const label = l.label as string;
    steps.push({
      id: steps.length,
      name: pcOf(owner, label),
      // `$` cannot occur in a spec identifier: a step method never collides with a spec name.
      method: `${owner.decl.name.name}$${label}`,
      owner,
      lowered: l,
      label,
      line: l.span.start.line,
      ...(l.entry && owner.decl.doc ? { doc: owner.decl.doc } : {}),
    });
  }
  return steps;
}

/** STEPS (names, locations, view types of choices) and STEP_ACCESS (read and write sets, next steps, gates). */
export function stepTableDecls(spec: CheckedSpec, ec: ExprCompiler, steps: readonly StepInfo[], viewTypes: ViewTypeTable): (string | StatementStructures)[] {
  const por = porStepInfo(spec, steps);
  const table: StatementStructures = {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["The atomic steps of the spec: process and procedure labels, then actions."],
    declarations: [
      {
        name: "STEPS",
        type: "readonly StepDef[]",
        initializer: `[${steps
          .map((s) => {
            const proc = s.owner.kind === "process" ? `, process: ${str(s.owner.decl.name.name)}` : "";
            return `{ id: ${s.id}, name: ${str(s.name)}${proc}, loc: ${str(`${s.lowered.span.file}:${s.line}`)}${viewTypes.picks(ec, s.lowered)} }`;
          })
          .join(", ")}]`,
      },
    ],
  };
  const accessRows = steps.map((s) => {
    const callers = s.owner.kind === "procedure" ? `callers: [${(spec.callers.get(s.owner.decl.name.name) ?? []).map(str).join(", ")}], ` : "";
    const a = stepAccess(spec, s.lowered);
    const list = (x: Set<string>): string => `[${[...x].sort().map(str).join(", ")}]`;
    const mono = [...a.effects].filter(([, d]) => d !== "any").sort(([x], [y]) => (x < y ? -1 : 1));
    const effects =
      (mono.length ? `, effects: { ${mono.map(([v, d]) => `${fieldName(v)}: ${str(d)}`).join(", ")} }` : "") +
      (a.counters.size ? `, counters: ${list(a.counters)}` : "");
    // A step reading a process's pc or locals has no read set: it depends on every step.
    const reads = a.reads.has(PROC_STATE) ? "" : `reads: ${list(a.reads)}, `;
    return `  /* ${s.id} ${s.name} */ { ${callers}${reads}writes: ${list(a.writes)}${effects}${por.get(s.id) ?? ""} },`;
  });
  // A raw statement: one row per step reads as a table, where prettier would spread each over a dozen lines.
  return [
    table,
    [
      "/**",
      " * What partial-order reduction knows about each step, parallel to STEPS (runtime/contract/model.ts,",
      " * `StepAccess`): the variables it reads and writes, which way it moves them, the steps its instance",
      " * may take next, and the locks it waits for. One row per step.",
      " */",
      "// prettier-ignore",
      `const STEP_ACCESS: readonly StepAccess[] = [\n${accessRows.join("\n")}\n];`,
    ].join("\n"),
  ];
}

/**
 * Per step, the optional StepDef fields partial-order reduction uses (as source text to append to the
 * step's entry): `next`, the steps its instance may take right after it (control flow through calls and
 * returns, see `stepFlow`; a return goes to every return address of the procedure, conservatively), and
 * `gate`, the lock its first statement acquires. A step whose successors cannot be worked out gets no
 * `next` (the runtime then assumes any step).
 */
function porStepInfo(spec: CheckedSpec, steps: readonly StepInfo[]): Map<number, string> {
  const idOf = new Map<string, number>();
  const key = (owner: Owner, label: string): string => `${owner.kind}:${owner.decl.name.name}:${label}`;
  for (const s of steps) if (s.label !== undefined) idOf.set(key(s.owner, s.label), s.id);
  const procByName = new Map(spec.procedures.map((p) => [p.name.name, p]));
  const flows = new Map<number, ReturnType<typeof stepFlow>>();
  for (const s of steps) if (s.owner.kind !== "action") flows.set(s.id, stepFlow(spec, s.lowered));
  // Return addresses of each procedure: the step after every call site (a tail call: the caller's own).
  const retSites = new Map<string, { owner: Owner; ret: ReturnType<typeof stepFlow>["calls"][number]["ret"] }[]>();
  for (const s of steps) {
    for (const c of flows.get(s.id)?.calls ?? []) {
      const l = retSites.get(c.proc) ?? [];
      l.push({ owner: s.owner, ret: c.ret });
      retSites.set(c.proc, l);
    }
  }
  let unknown = false;
  const retTargets = (proc: string, seen: Set<string>): number[] => {
    if (seen.has(proc)) return [];
    seen.add(proc);
    const out: number[] = [];
    for (const r of retSites.get(proc) ?? []) {
      if (r.ret.kind === "label") {
        const id = idOf.get(key(r.owner, r.ret.name));
        if (id === undefined) unknown = true;
        else out.push(id);
      } else if (r.ret.kind === "tail") {
        if (r.owner.kind === "procedure") out.push(...retTargets(r.owner.decl.name.name, seen));
        else unknown = true;
      }
    }
    return out;
  };
  const out = new Map<number, string>();
  for (const s of steps) {
    const flow = flows.get(s.id);
    if (!flow) continue;
    unknown = flow.unknown;
    const next = new Set<number>();
    // Counter changes per successor step (merged over the ways leading to it), and per way out.
    const edge = new Map<number, Map<string, readonly [number, number]>>();
    const exit = new Map<string, readonly [number, number]>();
    const merge = (into: Map<string, readonly [number, number]>, d: ReadonlyMap<string, readonly [number, number]> | undefined, first: boolean): void => {
      for (const v of new Set([...into.keys(), ...(d?.keys() ?? [])])) {
        const a = into.get(v) ?? [0, 0];
        const b = d?.get(v) ?? [0, 0];
        into.set(v, first ? b : [Math.min(a[0], b[0]), Math.max(a[1], b[1])]);
      }
    };
    const to = (id: number, way: string): void => {
      const had = edge.get(id);
      const m = had ?? new Map<string, readonly [number, number]>();
      merge(m, flow.deltas.get(way), had === undefined);
      edge.set(id, m);
      next.add(id);
    };
    for (const l of flow.labels) {
      const id = idOf.get(key(s.owner, l));
      if (id === undefined) unknown = true;
      else to(id, `label:${l}`);
    }
    if (flow.ret && s.owner.kind === "procedure") for (const id of retTargets(s.owner.decl.name.name, new Set())) to(id, "ret");
    for (const c of flow.calls) {
      const p = procByName.get(c.proc);
      const id = steps.find((x) => x.owner.kind === "procedure" && x.owner.decl === p && x.lowered.entry)?.id;
      if (id === undefined) unknown = true;
      else to(id, `call:${c.proc}`);
    }
    let exits = 0;
    for (const way of ["done", "ret"]) if (flow.deltas.has(way)) merge(exit, flow.deltas.get(way), exits++ === 0);
    const ids = [...next].sort((a, b) => a - b);
    const num = (x: number): string => (x === Infinity ? "Infinity" : x === -Infinity ? "-Infinity" : String(x));
    const deltaText = (m: ReadonlyMap<string, readonly [number, number]> | undefined): string => {
      const es = [...(m ?? [])].filter(([v, [a, b]]) => !v.startsWith("#") && (a !== 0 || b !== 0)).sort(([x], [y]) => (x < y ? -1 : 1));
      return es.length ? `{ ${es.map(([v, [a, b]]) => `${fieldName(v)}: [${num(a)}, ${num(b)}]`).join(", ")} }` : "{}";
    };
    // Whole locks acquired on every path to a successor (`#lock:` pseudo-variables, see stepFlow).
    const locksText = (m: ReadonlyMap<string, readonly [number, number]> | undefined): string =>
      `[${[...(m ?? [])]
        .filter(([v, [a]]) => v.startsWith("#lock:") && a >= 1)
        .map(([v]) => v.split(":"))
        .sort()
        .map(([, l, mode]) => `{ lock: ${str(l as string)}, mode: ${str(mode as string)} }`)
        .join(", ")}]`;
    const anyDelta = ids.some((id) => deltaText(edge.get(id)) !== "{}") || deltaText(exit) !== "{}";
    const anyLocks = ids.some((id) => locksText(edge.get(id)) !== "[]");
    const gate = stepGate(spec, s.lowered);
    const parts = [
      unknown ? "" : `, next: [${ids.join(", ")}]`,
      !unknown && anyDelta ? `, nextDelta: [${ids.map((id) => deltaText(edge.get(id))).join(", ")}], exitDelta: ${deltaText(exit)}` : "",
      !unknown && anyLocks ? `, nextLocks: [${ids.map((id) => locksText(edge.get(id))).join(", ")}]` : "",
      gate ? `, gate: { lock: ${str(gate.lock)}, mode: ${str(gate.mode)} }` : "",
    ];
    out.set(s.id, parts.join(""));
  }
  return out;
}
