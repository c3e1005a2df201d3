/**
 * A counterexample as a Mermaid `sequenceDiagram` (renders as-is in GitHub markdown inside a
 * ```` ```mermaid ```` block): participants are the process instances that move and the shared
 * variables and locks they touch; each step is a message from the mover to the first object it
 * changes (labelled with the step, its spec line and the changes), or to itself; lock takes and drops
 * are notes over the lock; the initial values and the violation are notes across the diagram. A
 * liveness lasso's cycle is a `loop` block.
 */
import type { Model } from "../contract/model.js";
import type { CheckResult } from "../search/result.js";
import type { Lasso } from "../analyses/liveness.js";
import { describeFailure, formatValue, traceNotes, type Change } from "../search/format.js";
import { buildStory, changeText, lockEventText, rootOf, type Story, type StoryStep } from "./story.js";

export interface MermaidOptions {
  /** Wrap the diagram in a ```` ```mermaid ```` fence (for pasting into markdown). Default false. */
  readonly fence?: boolean;
}

/** The `sequenceDiagram` text. */
export function formatMermaid<S>(model: Model<S>, result: CheckResult<S>, opts: MermaidOptions = {}): string {
  const story = buildStory(model, result);
  const d = diagram(model, story);
  for (const s of story.steps) d.step(s);
  const v = result.violation;
  if (v !== undefined) {
    const text = describeFailure(model, v, result.trace ?? []).map((l) => l.trim());
    d.out.push(`  Note over ${d.span}: ${["✗ " + (text[0] ?? ""), ...text.slice(1)].map(esc).join("<br/>")}`);
  }
  for (const n of traceNotes(model, result.trace ?? [])) d.out.push(`  Note over ${d.span}: ${esc(n)}`);
  return fenced(d.out, opts);
}

export interface LassoMermaidOptions extends MermaidOptions {
  /** What is violated (`OperationsComplete is violated: …`): a final note, marked ✗. */
  readonly message?: string;
}

/**
 * A liveness counterexample (a lasso) as a `sequenceDiagram`: the prefix's messages, then the cycle's
 * inside a `loop repeats forever …` block; a stuttering lasso ends in a note saying the behaviour stays
 * in the loop state forever.
 */
export function formatLassoMermaid<S>(model: Model<S>, lasso: Lasso<S>, opts: LassoMermaidOptions = {}): string {
  const trace = [...lasso.prefix, ...lasso.cycle];
  const story = buildStory(model, { trace });
  const d = diagram(model, story);
  const k = lasso.loopIndex;
  let open = false;
  for (const s of story.steps) {
    if (s.index > k && !open) {
      d.out.push(`  loop ${esc(`repeats forever (states ${k + 1}–${trace.length}, back to state ${k})`)}`);
      open = true;
    }
    d.step(s, open ? "  " : "");
  }
  if (open) d.out.push("  end");
  if (lasso.stutter) d.out.push(`  Note over ${d.span}: ${esc(`stays in state ${k} forever: no fair step can move`)}`);
  if (opts.message !== undefined) d.out.push(`  Note over ${d.span}: ${esc(`✗ ${opts.message}`)}`);
  for (const n of traceNotes(model, trace)) d.out.push(`  Note over ${d.span}: ${esc(n)}`);
  return fenced(d.out, opts);
}

function fenced(out: readonly string[], opts: MermaidOptions): string {
  const body = out.join("\n");
  return opts.fence === true ? "```mermaid\n" + body + "\n```" : body;
}

/** Participants and the initial note of a story's diagram, and `step` to add a step's messages and lock notes. */
function diagram<S>(model: Model<S>, story: Story<S>): { out: string[]; span: string; step: (s: StoryStep<S>, indent?: string) => void } {
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
    out.push(`  Note over ${span}: ${esc(`initially ${story.initial.map((x) => `${x.path} = ${formatValue(x.value, x.type)}`).join(", ")}`)}`);
  }
  const step = (s: StoryStep<S>, indent = ""): void => {
    if (s.mover === undefined) return;
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
      out.push(`${indent}  ${me}->>${ids.get(`v:${root}`)}: ${text.map(esc).join("<br/>")}`);
      first = false;
    }
    if (first) {
      const target = lockTargets[0] ?? me;
      out.push(`${indent}  ${me}->>${target}: ${[head, ...calls, ...own].map(esc).join("<br/>")}`);
    }
    for (const e of s.locks) out.push(`${indent}  Note over ${ids.get(`l:${e.lock}`)}: ${esc(lockEventText(e, names))}`);
  };
  return { out, span, step };
}

/**
 * Message, note and participant text. Mermaid ends a statement's text at `#`, `;` or a newline and
 * reads `#name;` / `#123;` as an entity (`&name;` / `&#123;` in the rendered HTML), so `#` and `;`
 * become `#35;` and `#59;`, and `<`, `>`, `&` (HTML) become `#lt;`, `#gt;`, `#amp;` — in one pass, so
 * that the `;` of an entity written for `#` is not escaped again (which cut notes off at that `#`).
 */
export function mermaidEscape(s: string): string {
  return s.replace(/[#;<>&\n]/g, (c) => MERMAID_ENTITIES[c] as string);
}

const MERMAID_ENTITIES: { readonly [c: string]: string } = { "#": "#35;", ";": "#59;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "\n": "<br/>" };

const esc = mermaidEscape;
