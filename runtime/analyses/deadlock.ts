/**
 * Deadlock diagnosis: from a deadlocked state, the wait-for graph between process instances (who waits
 * for a lock held by whom) and its cycle, e.g.
 *
 *     deadlock cycle: Refresher[1] → Deactivator[1] → Refresher[1]
 *     Refresher[1] holds refresh_lock, waits for lock (write) held by Deactivator[1]
 *     Deactivator[1] holds lock (write), waits for refresh_lock held by Refresher[1]
 *
 * The waits come from `Model.blocked` ("at L: waits for X (mode) held by …"); who holds what comes
 * from `LivenessInfo.locksHeld` when the model provides it (else from the "held by" text).
 */
import type { LivenessInfo, Model } from "../contract/model.js";

interface Wait {
  readonly pid: number;
  readonly reason: string;
  /** The lock waited for (base name), its mode suffix, or undefined when not a lock wait. */
  readonly lock?: string;
  readonly mode?: "read" | "write";
  readonly holders: number[];
}

/** Base name and mode of a lock as shown by locksHeld: "lock (write)" → ["lock", "write"]. */
function splitLock(x: string): [string, "read" | "write" | undefined] {
  const m = /^(.*) \((read|write)\)$/.exec(x);
  return m ? [m[1] as string, m[2] as "read" | "write"] : [x, undefined];
}

function hasLocksHeld<S>(m: Model<S>): m is Model<S> & Pick<LivenessInfo<S>, "locksHeld"> {
  return typeof (m as { locksHeld?: unknown }).locksHeld === "function";
}

/** The wait-for relation in state s. */
export function waitsFor<S>(model: Model<S>, s: S): Wait[] {
  const blocked = model.blocked?.(s) ?? [];
  const names = model.instances.map((i) => i.name);
  const out: Wait[] = [];
  for (const b of blocked) {
    const m = /waits for (.+?)(?: \((read|write)\))?(?: held by (.*))?$/.exec(b.reason);
    if (!m) {
      out.push({ pid: b.instance, reason: b.reason, holders: [] });
      continue;
    }
    const lock = m[1] as string;
    const mode = m[2] as "read" | "write" | undefined;
    let holders: number[];
    if (hasLocksHeld(model)) {
      holders = [];
      model.instances.forEach((_, p) => {
        if (p === b.instance) return;
        for (const h of model.locksHeld(s, p)) {
          const [base, hm] = splitLock(h);
          // A reader waits only for a writer; a writer (or mutex acquirer) for anyone.
          if (base === lock && !(mode === "read" && hm === "read")) {
            holders.push(p);
            break;
          }
        }
      });
    } else {
      const by = m[3] ?? "";
      holders = names.flatMap((n, p) => (p !== b.instance && by.split(", ").includes(n) ? [p] : []));
    }
    out.push({ pid: b.instance, reason: b.reason, lock, ...(mode ? { mode } : {}), holders });
  }
  return out;
}

/** A cycle in the wait-for graph (pids, first repeated implicitly), or undefined. */
export function waitCycle(waits: readonly Wait[]): number[] | undefined {
  const by = new Map(waits.map((w) => [w.pid, w]));
  // Each instance waits for at most one lock but possibly several holders: DFS with colours.
  const colour = new Map<number, number>();
  const stack: number[] = [];
  const dfs = (v: number): number[] | undefined => {
    colour.set(v, 1);
    stack.push(v);
    for (const h of by.get(v)?.holders ?? []) {
      if (!by.has(h)) continue;
      const c = colour.get(h) ?? 0;
      if (c === 1) return stack.slice(stack.indexOf(h));
      if (c === 0) {
        const r = dfs(h);
        if (r) return r;
      }
    }
    stack.pop();
    colour.set(v, 2);
    return undefined;
  };
  for (const w of waits) {
    if ((colour.get(w.pid) ?? 0) !== 0) continue;
    const r = dfs(w.pid);
    if (r) return r;
  }
  return undefined;
}

/**
 * Explains a deadlocked state: the wait-for cycle first (a header line naming it, then one line per
 * member: what it holds and what it waits for), then the other blocked instances.
 */
export function explainDeadlock<S>(model: Model<S>, s: S): string[] {
  const waits = waitsFor(model, s);
  const name = (p: number): string => model.instances[p]?.name ?? `#${p}`;
  const held = (p: number): string[] => (hasLocksHeld(model) ? [...model.locksHeld(s, p)] : []);
  const line = (w: Wait): string => {
    const h = held(w.pid);
    const holds = h.length > 0 ? `holds ${h.join(", ")}` : "holds no lock";
    if (w.lock === undefined) return `${name(w.pid)} ${holds}; ${w.reason}`;
    const by = w.holders.length > 0 ? ` held by ${w.holders.map(name).join(", ")}` : "";
    return `${name(w.pid)} ${holds}, waits for ${w.lock}${w.mode ? ` (${w.mode})` : ""}${by}`;
  };
  const cycle = waitCycle(waits);
  const lines: string[] = [];
  const inCycle = new Set(cycle ?? []);
  if (cycle) {
    lines.push(`deadlock cycle: ${[...cycle, cycle[0] as number].map(name).join(" → ")}`);
    for (const p of cycle) {
      const w = waits.find((x) => x.pid === p);
      if (w) lines.push(line(w));
    }
  }
  for (const w of waits) if (!inCycle.has(w.pid)) lines.push(line(w));
  return lines;
}
