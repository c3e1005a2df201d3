/**
 * A generator of small well-formed specs for differential testing against the reference semantics,
 * aimed at control flow: every statement form (`either`, `with`, `while`, `if`/`else`, `goto`,
 * `await`, `call`/`return`, mutex and rwlock operations, record/map/set/sequence/option updates)
 * enum-keyed map updates, variant values (constructors, `is` tests narrowing field reads, sets of
 * them, the type as a set), tuple binders, `bool` as a set, nested up to depth 4, in processes, a procedure and an action; labels inside `while` and `if`
 * bodies; tail calls; a symmetric variant.
 *
 * Specs are read off a tape of small integers (`Tape`): 0 is always the simplest choice and a
 * tape that runs out reads 0, so fast-check's shrinking of the tape shrinks the spec.
 */

export class Tape {
  private i = 0;
  constructor(private readonly xs: readonly number[]) {}
  /** An integer in lo..hi (lo when the tape is exhausted). */
  int(lo: number, hi: number): number {
    const x = this.xs[this.i++] ?? 0;
    return lo + (x % (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)] as T;
  }
  chance(pct: number): boolean {
    return this.int(0, 99) >= 100 - pct;
  }
}

interface Scope {
  /** Process (with locks, `self`), procedure (with frame `a`, `z`), or action (no locks, labels, calls). */
  readonly owner: "process" | "procedure" | "action";
  /** Names of `with` binders in scope (ints 0..2). */
  readonly binders: readonly string[];
  /** The spec is symmetric: `self` is not an integer. */
  readonly sym: boolean;
  readonly hasLocal: boolean;
  /** Boolean reads of process state (`A[1].pc == A0`, `at(…)`, `forall p in A: …`) usable here. */
  readonly procReads: readonly string[];
}

const ind = (n: number): string => "  ".repeat(n);

/** An integer expression in 0..2 (mostly), over the state and what is in scope. */
function intExpr(t: Tape, s: Scope, depth = 1): string {
  const atoms = ["0", "1", "2", "x", "y", "r.a", "mp[1]", "mp[2]"];
  if (s.owner === "procedure") atoms.push("a", "z");
  if (s.owner === "process" && s.hasLocal) atoms.push("loc");
  if (s.owner === "process" && !s.sym) atoms.push("self");
  atoms.push(...s.binders);
  if (depth <= 0 || !t.chance(35)) return t.pick(atoms);
  return t.pick([
    `(${intExpr(t, s, depth - 1)} + ${intExpr(t, s, depth - 1)}) % 3`,
    `(if ${boolExpr(t, s, 0)} then ${intExpr(t, s, 0)} else ${intExpr(t, s, 0)})`,
    `card(st)`,
    `len(q)`,
    `(if is_some(o) then get(o) else 0)`,
    `(${intExpr(t, s, depth - 1)} + 1)`,
    `(choose c in 0..3: c >= ${intExpr(t, s, 0)})`,
    `(let u = ${intExpr(t, s, 0)} + 1 in u % 3)`,
    `(dbl(${intExpr(t, s, 0)}) % 4)`,
    `max(st union {0})`,
    `min(st union {3})`,
    `tp[1]`,
    `rm[${t.int(1, 2)}].a`,
    `(card(product(0..1, st)) % 3)`,
    `(card(powerset(st)) % 3)`,
    `len([v in q : v > ${intExpr(t, s, 0)}])`,
    `(let pp = (choose p2 in product(0..1, 0..2): p2[1] + p2[2] >= ${intExpr(t, s, 0)}) in pp[2])`,
    `card({f in [1..2 -> 0..1] : f[1] == ${intExpr(t, s, 0)} % 2})`,
    `card({pt in Pt : pt in rs})`,
    `(if ev is Put then ev.k else 0)`,
    `card({e2 in evs : e2 is Del})`,
    `(card(evs) % 3)`,
    `card({(u2) : <<u1, u2>> in sr})`,
    `(choose <<u1, u2>> in sr union {<<1, 1>>}: u1 >= u2)[2]`,
  ]);
}

function boolExpr(t: Tape, s: Scope, depth = 1): string {
  const atoms = [
    `x == ${t.int(0, 2)}`,
    `x < y`,
    `y != ${t.int(0, 2)}`,
    "b",
    "not b",
    "r.f",
    `${t.int(0, 2)} in st`,
    `len(q) < 2`,
    "is_some(o)",
    `mp[1] == mp[2]`,
    `x == ${intExpr(t, s, 0)}`,
    "tp[2]",
    `<<${t.int(0, 1)}, ${t.int(0, 1)}>> in sr`,
    `{ a: ${t.int(0, 1)}, f: ${t.pick(["true", "false", "b"])} } in rs`,
    `rm[1] == rm[2]`,
    `st in powerset(0..2)`,
    `mp in [1..2 -> 0..2]`,
    `(exists so in Sm: so == ${t.pick(["{}", "{0}", "{1}"])} and ${t.int(0, 1)} in so)`,
    `(exists oo in Op: oo == o)`,
    "ev is Clr",
    `(ev is Put and ev.v)`,
    `(exists e2 in evs: e2 is Put and e2.k == ${t.int(0, 1)})`,
    `Del { k: ${t.int(0, 1)} } in evs`,
    `ev == ${t.pick(["Clr", "Del { k: 0 }", "Put { v: true, k: 1 }"])}`,
    `evs subset Ev`,
    `(exists <<u1, u2>> in sr: u1 == u2)`,
    `(forall bb in bool: bb or not bb)`,
    ...s.procReads,
  ];
  if (s.owner !== "action") atoms.push("holds(m)", "locked(m)", "holds_read(l)", "locked(l)", "locked(ml[2])");
  if (depth <= 0 || !t.chance(30)) return t.pick(atoms);
  const l = boolExpr(t, s, depth - 1);
  const r = boolExpr(t, s, depth - 1);
  return t.pick([
    `(${l} and ${r})`,
    `(${l} or ${r})`,
    `not (${l})`,
    `(${l} => ${r})`,
    `(exists v in 0..2: v in st and ${r})`,
    `(forall v in st: v != ${intExpr(t, s, 0)})`,
  ]);
}

/** One simple (non-compound) statement. */
function simple(t: Tape, s: Scope): string {
  const e = (): string => intExpr(t, s);
  const forms: (() => string)[] = [
    () => `x = ${e()};`,
    () => `y = (${e()} + 1) % 3;`,
    () => `b = not b;`,
    () => `st = st union {${e()}};`,
    () => `st = st minus {${e()}};`,
    () => `if (len(q) < 2) { q = append(q, ${e()}); }`,
    () => `if (len(q) > 0) { q = tail(q); }`,
    () => `if (len(q) > 0) { q[1] = ${e()}; }`,
    () => `r.a = ${e()};`,
    () => `r.f = not r.f;`,
    () => `r = r with .a = (${e()}), .f = (${boolExpr(t, s, 0)});`,
    () => `mp[(${e()} % 2) + 1] = ${e()};`,
    () => `mp = mp with [${t.int(1, 2)}] = (${e()});`,
    () => `o = some(${e()});`,
    () => `ev = ${t.pick([`Put { k: (${e()}) % 2, v: b }`, `Del { k: (${e()}) % 2 }`, "Clr"])};`,
    () => `evs = evs union {ev};`,
    () => `evs = evs minus {${t.pick(["Clr", "ev", "Del { k: 0 }"])}};`,
    () => `if (ev is Put) { x = ev.k + 1; }`,
    () => `with (<<w1, w2>> in sr) { x = w1 + w2; }`,
    () => `o = none;`,
    () => `await ${boolExpr(t, s)};`,
    () => (t.chance(15) ? `assert ${boolExpr(t, s)};` : `assert x <= 3 and len(q) <= 2;`),
    () => `skip;`,
    () => `x = x + 1;`,
    () => `c = ${t.pick(["Red", "Green", "Blue"])};`,
    () => `mc[c] = 1 - mc[c];`,
    () => `c = (if c == Red then Blue else if c == Blue then Green else Red);`,
    () => `with (cc in {Red, c}) { mc[cc] = ${t.int(0, 1)}; }`,
    () => `tp[1] = ${e()} % 3;`,
    () => `tp[2] = not tp[2];`,
    () => `tp = <<(${e()}) % 3, ${boolExpr(t, s, 0)}>>;`,
    () => `sr = sr union {<<(${e()}) % 2, (${e()}) % 2>>};`,
    () => `sr = {pq in sr : pq[1] != ${e()}};`,
    () => `rm[${t.int(1, 2)}].a = 1 - rm[${t.int(1, 2)}].a;`,
    () => `rm[(${e()} % 2) + 1] = { a: (${e()}) % 2 };`,
    () => `rs = rs union { { a: (${e()}) % 2, f: ${boolExpr(t, s, 0)} } };`,
    () => `with (pt in Pt) { await pt.a == x % 2; rs = rs minus {pt}; }`,
    () => `if (len(q) > 0) { q = [v in q : v != ${e()}]; }`,
    () => `let lv = ${e()} { x = lv; }`,
    () => `with (wv = ${e()}, wb in {b, not b}) { y = (wv + 1) % 3; b = wb; }`,
  ];
  if (s.owner === "process" && s.hasLocal) forms.push(() => `loc = ${e()};`);
  if (s.owner !== "action") {
    // Lock operations mostly guarded so that runs get deep; the raw forms (misuse: lock errors) are rare.
    const raw = t.chance(10);
    forms.push(
      () => (raw ? `acquire m;` : `if (not holds(m)) { acquire m; }`),
      () => (raw ? `release m;` : `if (holds(m)) { release m; }`),
      () => (raw ? `read_lock l;` : `if (not holds_read(l) and not holds(l)) { read_lock l; }`),
      () => (raw ? `read_unlock l;` : `if (holds_read(l)) { read_unlock l; }`),
      () => (raw ? `write_lock l;` : `if (not holds_read(l) and not holds(l)) { write_lock l; }`),
      () => `if (holds(l)) { write_unlock l; }`,
      () => {
        const k = t.int(1, 2);
        return raw ? `acquire ml[${k}];` : `if (not holds(ml[${k}])) { acquire ml[${k}]; }`;
      },
      () => `if (holds(ml[${t.int(1, 2)}])) { release ml[${t.int(1, 2)}]; }`,
    );
  }
  if (s.owner === "procedure") forms.push(() => `z = ${e()};`);
  return t.pick(forms)();
}

/**
 * A list of statements without labels, nesting `if`, `either`, `with` and blocks up to `depth`.
 * `gotos`: labels a `goto` may end the list with.
 */
function stmts(t: Tape, s: Scope, depth: number, n: number, level: number, gotos: readonly string[]): string[] {
  const out: string[] = [];
  const count = t.int(1, n);
  for (let i = 0; i < count; i++) {
    const r = depth > 0 ? t.int(0, 9) : 0;
    // A nested list may end with a \`goto\` (or \`return\` in a procedure): it ends the step on that path only.
    const sub = (sc: Scope = s): string => stmts(t, sc, depth - 1, 2, level + 1, gotos).join("\n");
    if (r <= 4) out.push(ind(level) + simple(t, s));
    else if (r === 5) out.push(`${ind(level)}if (${boolExpr(t, s)}) {\n${sub()}\n${ind(level)}}${t.chance(50) ? ` else {\n${sub()}\n${ind(level)}}` : ""}`);
    else if (r === 6 || r === 7) {
      const k = t.int(2, 3);
      out.push(`${ind(level)}either {\n${Array.from({ length: k }, () => sub()).join(`\n${ind(level)}} or {\n`)}\n${ind(level)}}`);
    } else if (r === 8) {
      const v = `v${level}`;
      const dom = t.pick([`0..${t.int(0, 2)}`, "st", `{${intExpr(t, s, 0)}, ${intExpr(t, s, 0)}}`, "{}"]);
      // Sometimes a second binder whose domain depends on the first.
      const two = t.chance(30);
      const bs = two ? `${v} in ${dom}, ${v}b in {${v}, ${intExpr(t, s, 0)}}` : `${v} in ${dom}`;
      const scope = { ...s, binders: [...s.binders, v, ...(two ? [`${v}b`] : [])] };
      out.push(`${ind(level)}with (${bs}) {\n${sub(scope)}\n${ind(level)}}`);
    } else out.push(`${ind(level)}{\n${sub()}\n${ind(level)}}`);
  }
  if (gotos.length > 0 && t.chance(level > 2 ? 10 : 25))
    out.push(s.owner === "procedure" && t.chance(30) ? `${ind(level)}return;` : `${ind(level)}goto ${t.pick(gotos)};`);
  return out;
}

/**
 * A labelled body: steps `P0: …`, `P1: …`; a step may be a `while` (with an unlabelled body, or labels
 * inside), an `if` with a label inside a branch, and may end with a `call` of the procedure.
 */
function body(t: Tape, s: Scope, prefix: string, canCall: boolean): string {
  const n = t.int(1, 3);
  const labels = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const lines: string[] = [];
  // Processes usually end with a step that releases what they hold (else finishing is a lock error).
  const hasEnd = s.owner === "process" && t.chance(85);
  const exit = hasEnd ? `${prefix}End` : "Done";
  for (let i = 0; i < n; i++) {
    const L = labels[i] as string;
    const last = i === n - 1;
    const gotos = [...labels, exit];
    const shape = t.int(0, 9);
    if (shape === 7 || shape === 8) {
      // L: while (c) { … }: the body either plain (one step per test) or with labels inside.
      const inner = t.chance(40);
      if (inner) {
        const a = `${L}w`;
        lines.push(`  ${L}: while (${boolExpr(t, s)}) {`);
        lines.push(`    ${a}a: ` + stmts(t, s, 3, 2, 3, []).join("\n").trimStart());
        lines.push(
          `    ${a}b: ` +
            stmts(t, s, 3, 2, 3, [`${L}`])
              .join("\n")
              .trimStart(),
        );
        lines.push("  }");
      } else {
        lines.push(`  ${L}: while (${boolExpr(t, s)}) {`);
        lines.push(stmts(t, s, 3, 2, 2, []).join("\n"));
        lines.push("  }");
      }
      if (!last) continue;
      // A while ends the body: its exit falls off the end.
      continue;
    }
    if (shape === 9 && !last) {
      // A label inside an `if` branch: the step after the `if` must be labelled (it is: the next step).
      lines.push(`  ${L}: if (${boolExpr(t, s)}) {`);
      lines.push(stmts(t, s, 2, 2, 2, []).join("\n"));
      lines.push(`    ${L}i: ` + stmts(t, s, 2, 2, 3, []).join("\n").trimStart());
      lines.push(`  } else {`);
      lines.push(stmts(t, s, 2, 2, 2, gotos).join("\n"));
      lines.push("  }");
      continue;
    }
    const step = stmts(t, s, 4, 3, 2, gotos);
    const endsInGoto = /goto \w+;$/.test(step[step.length - 1] ?? "");
    if (canCall && !endsInGoto && t.chance(30)) {
      step.push(`    call pr(${intExpr(t, { ...s, binders: [] }, 0)});`);
      if (last || t.chance(30)) step.push(s.owner === "procedure" ? "    return;" : `    goto ${t.pick(gotos)};`);
    } else if (s.owner === "procedure" && last && !endsInGoto && t.chance(50)) step.push("    return;");
    lines.push(`  ${L}: ${(step.join("\n") || "skip;").trimStart()}`);
  }
  if (hasEnd) {
    lines.push(`  ${prefix}End: if (holds(m)) { release m; }`, "    if (holds_read(l)) { read_unlock l; }", "    if (holds(l)) { write_unlock l; }");
    lines.push("    if (holds(ml[1])) { release ml[1]; }", "    if (holds(ml[2])) { release ml[2]; }");
  }
  return lines.join("\n");
}

export interface GenSpec {
  readonly text: string;
  readonly symmetric: boolean;
}

/** A whole spec from a tape. */
export function genSpec(t: Tape): GenSpec {
  const sym = t.chance(20);
  const twoInstances = sym || t.chance(50);
  const hasProc = t.chance(50);
  const hasAction = t.chance(40);
  const second = t.chance(40);
  const hasLocal = t.chance(50);
  // A spec of actions only (it deadlocks when no action is enabled, as in TLC).
  const actionsOnly = t.chance(10);
  const procReads: string[] = [];
  if (!actionsOnly) {
    const inst = sym ? "p" : twoInstances ? "1" : "";
    const at = (lbls: string): string => (sym ? `(exists p in A: at(A[p], ${lbls}))` : twoInstances ? `at(A[${t.int(1, 2)}], ${lbls})` : `at(A, ${lbls})`);
    const pc = sym ? `(forall p in A: A[p].pc != A0)` : twoInstances ? `A[${t.int(1, 2)}].pc == A0` : `A.pc == A0`;
    procReads.push(at("{A0, Done}"), pc, at("Done"));
    if (hasLocal) procReads.push(sym ? `(exists p in A: A[p].loc == ${t.int(0, 2)})` : twoInstances ? `A[${inst}].loc < 2` : `A.loc < 2`);
    if (twoInstances || sym) procReads.push(`(forall p in A: A[p].pc == Done)`, `card(A) == 2`);
    if (second) procReads.push(`B.pc != Done`);
  }
  const invs = [
    "x + y != 4",
    "not (b and x == 2)",
    "card(st) < 3",
    "r.a != 2 or r.f",
    "not (is_some(o) and len(q) == 2)",
    "mp[1] + mp[2] < 4",
    "x != 2",
    "card(st) < 2",
    "not (b and r.f)",
    "len(q) < 2 or y == 0",
    "true",
  ];
  const out: string[] = ["spec Diff", ""];
  if (sym) out.push("symmetric type Proc = 1..2;");
  out.push(
    "enum Color { Red, Green, Blue }",
    "def dbl(n: 0..3): 0..6 = n + n;",
    "type Pt = { a: 0..1, f: bool };",
    "type Sm = set<0..1>;",
    "type Op = option<0..3>;",
    "type Ev = Put { k: 0..1, v: bool } | Del { k: 0..1 } | Clr;",
    "var c: Color = Red;",
    "var mc: map<Color, 0..1> = [k in Color |-> 0];",
    "var x: 0..3 = 0;",
    t.chance(30) ? "var y: 0..2 in 0..1;" : "var y: 0..2 = 0;",
    "var b: bool = false;",
    "var st: set<0..3> = {};",
    "var q: seq<0..3, 2> = [];",
    "var r: { a: 0..3, f: bool } = { a: 0, f: false };",
    "var mp: map<1..2, 0..3> = [i in 1..2 |-> 0];",
    "var o: option<0..3> = none;",
    "var ev: Ev = Clr;",
    "var evs: set<Ev> = {};",
    "var tp: tuple<0..2, bool> = <<0, false>>;",
    "var sr: set<tuple<0..1, 0..1>> = {};",
    "var rm: map<1..2, { a: 0..1 }> = [i in 1..2 |-> { a: 0 }];",
    "var rs: set<Pt> = {};",
    // Initial values reading other variables and defs (computed after what they read).
    t.chance(30) ? "var dv: 0..4 = dbl(y) + 0;" : "var dv: 0..4 = y + 1;",
    t.chance(30) ? "var dw: bool in {false, b, dv > 1};" : "var dw: bool = false;",
    ...(t.chance(15) ? ["var fv: map<1..2, bool> in [1..2 -> {false, true}];"] : []),
    "var m: mutex;",
    "var l: rwlock;",
    "var ml: map<1..2, mutex>;",
    "",
    `invariant Inv: ${t.pick(invs)};`,
    ...(t.chance(40) ? [`invariant Inv2: ${t.pick(invs)};`] : []),
    ...(procReads.length > 0 && t.chance(40) ? [`invariant Inv3: not (${t.pick(procReads)}) or ${t.pick(invs)};`] : []),
    "",
  );
  if (hasProc && !actionsOnly) {
    const ps: Scope = { owner: "procedure", binders: [], sym, hasLocal: false, procReads: [] };
    out.push("procedure pr(a: 0..3) {", "  var z: 0..3 = a;", body(t, ps, "Q", false), "}", "");
  }
  const procScope: Scope = { owner: "process", binders: [], sym, hasLocal, procReads: t.chance(30) ? procReads : [] };
  const head = sym ? "symmetric process A[self in Proc]" : twoInstances ? "process A[self in 1..2]" : "process A";
  const locA = t.chance(30) ? "  var loc: 0..3 in {0, x + 1};" : "  var loc: 0..3 = 0;";
  if (!actionsOnly) out.push(`${head} {`, ...(hasLocal ? [locA] : []), body(t, procScope, "A", hasProc), "}", "");
  if (second && !actionsOnly) out.push("process B {", ...(hasLocal ? ["  var loc: 0..3 = 1;"] : []), body(t, procScope, "B", hasProc), "}", "");
  if (hasAction || actionsOnly) {
    const as: Scope = { owner: "action", binders: ["k"], sym, hasLocal: false, procReads };
    const j = t.chance(40);
    const as2: Scope = j ? { ...as, binders: ["k", "j"] } : as;
    out.push(`action Act(k in 0..1${j ? ", j in {k, x}" : ""}) when ${boolExpr(t, as2)} {`, stmts(t, as2, 4, 3, 1, []).join("\n"), "}", "");
  }
  // Sometimes a state constraint (TLC's CONSTRAINT), over globals or process state. Not `card(A) == 2`:
  // it reads no state (the instance set is fixed), and the checker rejects such a constraint.
  const stateReads = procReads.filter((p) => !p.startsWith("card("));
  const constraints = ["x < 2", "card(st) < 2", "len(q) < 2", "not b", "x + y != 3", "y == 0 or x < 3", ...stateReads.map((p) => `not (${p})`)];
  const constraint = t.chance(25) ? ` constraint ${t.pick(constraints)};` : "";
  out.push(`workload w {${t.chance(30) ? " check deadlock = false;" : ""}${constraint} expect holds; }`);
  return { text: out.join("\n"), symmetric: sym };
}
