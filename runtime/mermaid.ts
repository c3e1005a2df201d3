/**
 * A counterexample as a Mermaid `sequenceDiagram` (renders as-is in GitHub markdown inside a
 * ```` ```mermaid ```` block): participants are the process instances that move and the shared
 * variables and locks they touch; each step is a message from the mover to the first object it
 * changes (labelled with the step, its spec line and the changes), or to itself; lock takes and drops
 * are notes over the lock; the initial values and the violation are notes across the diagram.
 */
import type { Model } from "./model.js";
import type { CheckResult } from "./result.js";
import { describeFailure, formatValue, type Change } from "./format.js";
import { buildStory, changeText, lockEventText, rootOf } from "./story.js";

export interface MermaidOptions {
  /** Wrap the diagram in a ```` ```mermaid ```` fence (for pasting into markdown). Default false. */
  readonly fence?: boolean;
}

/** The `sequenceDiagram` text. */
export function formatMermaid<S>(model: Model<S>, result: CheckResult<S>, opts: MermaidOptions = {}): string {
  const story = buildStory(model, result);
  const names = model.instances.map((i) => i.name);
  const ids = new Map<string, string>();
  const out: string[] = [];
  const participant = (key: string, label: string): void => {
    if (ids.has(key)) return;
    const id = `${key.startsWith("p:") ? "P" : key.startsWith("l:") ? "L" : "V"}${ids.size}`;
    ids.set(key, id);
    out.push(`  participant ${id} as ${esc(label)}`);
  };
  out.push("sequenceDiagram");
  for (const pid of story.lanes) participant(`p:${pid}`, pid < 0 ? "(actions)" : (names[pid] ?? `pid ${pid}`));
  for (const l of story.lockNames) participant(`l:${l}`, l);
  for (const s of story.steps) for (const c of s.globals) participant(`v:${rootOf(c.path)}`, rootOf(c.path));
  const all = [...ids.values()];
  const span = all.length > 1 ? `${all[0]},${all[all.length - 1]}` : (all[0] ?? "P0");
  if (story.initial.length > 0) {
    out.push(`  Note over ${span}: ${esc(`initially ${story.initial.map((x) => `${x.path} = ${formatValue(x.value)}`).join(", ")}`)}`);
  }
  for (const s of story.steps) {
    if (s.mover === undefined) continue;
    const me = ids.get(`p:${s.mover}`) as string;
    const head = `${s.index}. ${s.label} ${s.line}${s.picks !== "" ? ` (${s.picks})` : ""}${s.preemption ? " [preempts]" : ""}`;
    const own = (s.locals.get(s.mover) ?? []).map(changeText);
    const calls = s.calls.filter((c) => c.instance === s.mover).map((c) => `${c.kind} ${c.proc}`);
    const groups = new Map<string, Change[]>();
    for (const c of s.globals) {
      const r = rootOf(c.path);
      let g = groups.get(r);
      if (g === undefined) groups.set(r, (g = []));
      g.push(c);
    }
    const lockTargets = s.locks.filter((e) => e.instance === s.mover).map((e) => ids.get(`l:${e.lock}`) as string);
    let first = true;
    for (const [root, changes] of groups) {
      const text = first ? [head, ...calls, ...changes.map(changeText), ...own] : changes.map(changeText);
      out.push(`  ${me}->>${ids.get(`v:${root}`)}: ${text.map(esc).join("<br/>")}`);
      first = false;
    }
    if (first) {
      const target = lockTargets[0] ?? me;
      out.push(`  ${me}->>${target}: ${[head, ...calls, ...own].map(esc).join("<br/>")}`);
    }
    for (const e of s.locks) out.push(`  Note over ${ids.get(`l:${e.lock}`)}: ${esc(lockEventText(e, names))}`);
  }
  const v = result.violation;
  if (v !== undefined) {
    const text = describeFailure(model, v, result.trace ?? []).map((l) => l.trim());
    out.push(`  Note over ${span}: ${["✗ " + (text[0] ?? ""), ...text.slice(1)].map(esc).join("<br/>")}`);
  }
  const body = out.join("\n");
  return opts.fence === true ? "```mermaid\n" + body + "\n```" : body;
}

/** Message and note text: `;` and `#` would end or escape the statement; `<`/`>` are HTML. */
function esc(s: string): string {
  return s
    .replace(/#/g, "#35;")
    .replace(/;/g, "#59;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;");
}
