/**
 * A fast-check arbitrary of small concurrent specs aimed at partial-order reduction: several process
 * types (some with 2 instances) sharing ints, bools, a counter, a mutex and an rwlock; steps that hold
 * locks across labels (gate steps), counter updates (`c = c ± 1`, which POR treats as commuting),
 * one-way writes (`f = true`), awaits, asserts, loops through `goto`, and a procedure called from
 * several places (so returns go to several return addresses). One to three invariants mix
 * comparisons, implications and lock tests. Run-time outcomes vary: invariant violations, assertion,
 * range and lock errors, deadlocks — all of which POR must keep.
 */
import fc from "fast-check";

class Tape {
  private i = 0;
  constructor(private readonly xs: readonly number[]) {}
  int(lo: number, hi: number): number {
    const x = this.xs[this.i++ % this.xs.length] ?? 0;
    return lo + (x % (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)] as T;
  }
  chance(pct: number): boolean {
    return this.int(0, 99) < pct;
  }
}

const ATOMS = [
  "a == 0",
  "a == 2",
  "a != 1",
  "a < 2",
  "b >= 1",
  "b == 0",
  "c == 0",
  "c <= 2",
  "c > 1",
  "f",
  "not f",
  "g",
  "locked(m)",
  "not locked(m)",
  "a + b <= 4",
  "a == b",
];

function pred(t: Tape, depth: number): string {
  if (depth === 0 || t.chance(35)) return t.pick(ATOMS);
  const l = pred(t, depth - 1);
  const r = pred(t, depth - 1);
  return t.pick([`(${l} and ${r})`, `(${l} or ${r})`, `(${l} => ${r})`, `not (${l})`, `(if ${l} then ${r} else ${pred(t, 0)})`]);
}

/** One step's statements (without the label); `labels` are the body's labels (for gotos). */
function stepBody(t: Tape, labels: readonly string[], ind: string, canCall: boolean): string {
  const simple = (): string =>
    t.pick([
      "a = (a + 1) % 3;",
      "a = b;",
      "b = (b + 1) % 3;",
      "c = c + 1;",
      "if (c > 0) {\n        c = c - 1;\n      }",
      "f = true;",
      "f = false;",
      "g = not g;",
      "await a != 1;",
      "await not f;",
      "await c < 2;",
      "assert not (f and g);",
      "assert c < 3;",
      "skip;",
    ]);
  const parts: string[] = [];
  const n = t.int(1, 3);
  for (let k = 0; k < n; k++) {
    const r = t.int(0, 99);
    if (r < 60) parts.push(simple());
    else if (r < 72) parts.push(`if (${pred(t, 1)}) {\n${ind}  ${simple()}\n${ind}} else {\n${ind}  ${simple()}\n${ind}}`);
    else if (r < 80) parts.push(`either {\n${ind}  ${simple()}\n${ind}} or {\n${ind}  ${simple()}\n${ind}}`);
    else if (r < 88 && labels.length > 0) {
      parts.push(`if (${pred(t, 0)}) {\n${ind}  goto ${t.pick(labels)};\n${ind}}`);
      break;
    } else parts.push(simple());
  }
  if (canCall && t.chance(25)) parts.push("call pr();");
  return parts.join(`\n${ind}`);
}

function build(t: Tape, id: number): string {
  const out: string[] = [`spec PorRand${id}`, ""];
  out.push(
    "var a: 0..2 = 0;",
    "var b: 0..2 = 0;",
    "var c: 0..3 = 0;",
    "var f: bool = false;",
    "var g: bool = false;",
    "var sp: 0..1 = 0;",
    "var m: mutex;",
    "var rw: rwlock;",
    "",
  );
  const nInv = t.int(1, 3);
  // Mostly implications whose left side is false in the initial state, so that an invariant holds for
  // a while before it can break.
  const FALSE_AT_START = ["a == 2", "b >= 1", "c > 1", "f", "g", "locked(m)"];
  for (let k = 0; k < nInv; k++) {
    const lhs = t.chance(50) ? t.pick(FALSE_AT_START) : `(${t.pick(FALSE_AT_START)} and ${pred(t, 0)})`;
    out.push(`invariant Inv${k}: ${t.chance(85) ? `${lhs} => ${pred(t, 1)}` : pred(t, 2)};`);
  }
  out.push("");
  // The procedure: 1–2 labelled steps, then return.
  const qLabels = ["Q1", "Q2"].slice(0, t.int(1, 2));
  out.push("procedure pr() {");
  qLabels.forEach((l) => out.push(`  ${l}: ${stepBody(t, [], "      ", false)}`));
  out.push("      return;", "}", "");
  const nProc = t.int(2, 3);
  const runs: string[] = [];
  for (let p = 0; p < nProc; p++) {
    const name = `P${p}`;
    const two = t.chance(40);
    out.push(two ? `process ${name}[self in 1..2] {` : `process ${name} {`);
    const nSteps = t.int(1, 4);
    const labels = Array.from({ length: nSteps + 1 }, (_, k) => `${name}L${k}`);
    const bodies = labels.map((_, k) => (k < nSteps ? stepBody(t, labels.slice(0, k), "      ", k < nSteps - 1) : ""));
    // Usually a critical section: a lock taken at the start of one step (a gate step) and released at
    // the start of a later one (or of an extra last step).
    if (t.chance(70)) {
      const [lock, unlock] = t.pick([
        ["acquire m;", "release m;"],
        ["read_lock rw;", "read_unlock rw;"],
        ["write_lock rw;", "write_unlock rw;"],
      ]);
      const i = t.int(0, nSteps - 1);
      const j = t.int(i + 1, nSteps);
      // At the start (a gate step) or, sometimes, after the step's other statements (a lock taken on the
      // way to the next label: StepDef.nextLocks).
      const body = bodies[i] as string;
      bodies[i] = t.chance(60) || body.includes("call ") || body.includes("goto ") ? `${lock}\n      ${body}` : `${body}\n      ${lock}`;
      bodies[j] = bodies[j] === "" ? unlock : `${unlock}\n      ${bodies[j]}`;
    }
    labels.forEach((l, k) => {
      // (A call is never in the last step: it must be followed by a label.)
      if (bodies[k] !== "") out.push(`  ${l}: ${bodies[k]}`);
    });
    out.push("}", "");
    runs.push(two ? `  run ${name}[1..2];` : `  run ${name};`);
  }
  // A process spinning forever on a variable of its own: POR may keep picking it (it is independent
  // of everything), which is what the cycle proviso must stop from hiding the others' violations.
  if (t.chance(35)) {
    out.push("process Spin {", "  SP0: sp = 1 - sp;", "  SP1: goto SP0;", "}", "");
    runs.push("  run Spin;");
  }
  if (t.chance(30)) out.push("check deadlock = false;", "");
  out.push("workload w {", ...runs, "  expect holds;", "}", "");
  return out.join("\n");
}

let counter = 0;

/** Spec text (the id makes spec names unique within a run). */
export const porSpec: fc.Arbitrary<string> = fc.array(fc.nat(9999), { minLength: 64, maxLength: 64 }).map((xs) => build(new Tape(xs), counter++));
