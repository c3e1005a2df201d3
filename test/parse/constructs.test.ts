/** One small snippet per construct of docs/language.md, asserting on the AST shape. */
import { describe, expect, it } from "vitest";
import { printDecl, stripSpans } from "../../generator/parse/print.js";
import { parseExpression, parseSpec } from "../../generator/parse/parse.js";
import { declOk, exprOk, parseOk, stmtsOk, sx, sxOf, tx } from "./helpers.js";

describe("spec header", () => {
  it("parses name and extends", () => {
    const r = parseSpec('spec PfnCacheB2 extends "base.tspec"\n', "a.tspec");
    expect(r.diagnostics).toEqual([]);
    expect(r.spec?.name.name).toBe("PfnCacheB2");
    expect(r.spec?.extends?.value).toBe("base.tspec");
    expect(r.spec?.decls).toEqual([]);
  });
  it("parses the documented example", () => {
    const text = `/// Two processes take one mutex; the invariant is mutual exclusion.
spec Mutex

const N: 1..8 = 2;

var m: mutex;
var in_cs: 0..8 = 0;

invariant MutualExclusion: in_cs <= 1;

process Worker[self in 1..N] {
  Enter: acquire m;
         in_cs = in_cs + 1;
  Leave: in_cs = in_cs - 1;
         release m;
}

workload two {
  const N = 2;
  expect holds;
}
`;
    const r = parseSpec(text, "mutex.tspec");
    expect(r.diagnostics).toEqual([]);
    expect(r.spec?.doc).toBe("Two processes take one mutex; the invariant is mutual exclusion.");
    expect(r.spec?.decls.map((d) => d.kind)).toEqual(["ConstDecl", "VarDecl", "VarDecl", "InvariantDecl", "ProcessDecl", "WorkloadDecl"]);
  });
});

describe("declarations", () => {
  it("const", () => {
    const d = declOk("const N: 1..4 = 2;");
    expect(stripSpans(d)).toEqual({
      kind: "ConstDecl",
      name: { kind: "Ident", name: "N" },
      type: { kind: "RangeType", lo: { kind: "IntLit", value: 1n }, hi: { kind: "IntLit", value: 4n } },
      value: { kind: "IntLit", value: 2n },
      override: false,
    });
  });
  it("type alias", () => {
    const d = declOk("type Pfn = 0..NPAGES;");
    expect(d.kind === "TypeDecl" && d.type.kind === "RangeType" && sx(d.type.hi)).toBe("NPAGES");
  });
  it("enum", () => {
    const d = declOk("enum Kind { GPA, HVA }");
    expect(d.kind === "EnumDecl" && d.members.map((m) => m.name)).toEqual(["GPA", "HVA"]);
  });
  it("var with = / in / lock", () => {
    const [a, b, c, e] = parseOk("var x: bool = true;\nvar y: 0..3 in {1, 2};\nvar m: mutex;\nvar l: rwlock;").decls;
    expect(a?.kind === "VarDecl" && a.init?.mode).toBe("eq");
    expect(b?.kind === "VarDecl" && b.init?.mode).toBe("in");
    expect(c?.kind === "VarDecl" && c.init === undefined && c.type.kind === "LockType" && c.type.lock).toBe("mutex");
    expect(e?.kind === "VarDecl" && e.type.kind === "LockType" && e.type.lock).toBe("rwlock");
  });
  it("def with and without parameters", () => {
    const [f, g] = parseOk("def f(x: 0..3, y: bool): bool = y and x > 1;\ndef g: 0..3 = 2;").decls;
    expect(f?.kind === "DefDecl" && f.params.map((p) => p.name.name)).toEqual(["x", "y"]);
    expect(f?.kind === "DefDecl" && f.result.kind).toBe("BoolType");
    expect(g?.kind === "DefDecl" && g.params).toEqual([]);
  });
  it("invariant", () => {
    const d = declOk("invariant Inv: x <= 1;");
    expect(d.kind === "InvariantDecl" && sx(d.body)).toBe("(le x 1)");
  });
  it("temporal properties", () => {
    const props = parseOk("property A: always P;\nproperty B: eventually P;\nproperty C: P leadsto Q;\nproperty D: always eventually x == 1;").decls.map((d) =>
      d.kind === "PropertyDecl" ? tx(d.body) : "",
    );
    expect(props).toEqual(["(always P)", "(eventually P)", "(leadsto P Q)", "(always (eventually (eq x 1)))"]);
  });
  it("quantified and implication temporal properties; plain forall / => stay state predicates", () => {
    const props = parseOk(
      [
        "property A: forall r in R: always eventually r in readers;",
        "property B: forall c in C, r in R: r in u[c] leadsto r in a[c];",
        "property C: always (terminated => always terminated);",
        "property D: P => always Q;",
        "property E: forall i in S: x[i] > 0;",
        "property F: always (a => b);",
        "property G: always ((a or b) and c);",
      ].join("\n"),
    ).decls.map((d) => (d.kind === "PropertyDecl" ? tx(d.body) : ""));
    expect(props).toEqual([
      "(forall r R (always (eventually (in r readers))))",
      "(forall c C r R (leadsto (in r (idx u c)) (in r (idx a c))))",
      "(always (=> terminated (always terminated)))",
      "(=> P (always Q))",
      "(forall [i S] (gt (idx x i) 0))",
      "(always (implies a b))",
      "(always (and (or a b) c))",
    ]);
  });
  it("temporal formulas print with the parentheses they need (and reparse to the same formula)", () => {
    for (const src of [
      "property A: always (a leadsto b);",
      "property B: always (t => always t);",
      "property C: forall r in R: always (p => always q);",
      "property D: always (forall i in S: eventually x[i]);",
      "property E: eventually (a leadsto b) leadsto c;",
    ]) {
      const d = declOk(src);
      const printed = printDecl(d).trim();
      expect(printed).toBe(src);
      const again = declOk(printed);
      expect(d.kind === "PropertyDecl" && again.kind === "PropertyDecl" && tx(again.body)).toBe(d.kind === "PropertyDecl" && tx(d.body));
    }
  });
  it("fair each: all parameters, some, strong; on a process (parsed, rejected by the checker)", () => {
    const a = declOk("fair each action A(x in S) { skip; }");
    expect(a.kind === "ActionDecl" && a.fairness).toBe("weak");
    expect(a.kind === "ActionDecl" && a.each !== undefined && a.each.names).toBeUndefined();
    const b = declOk("strong fair each x, y action B(x in S, y in T, z in U) { skip; }");
    expect(b.kind === "ActionDecl" && b.fairness).toBe("strong");
    expect(b.kind === "ActionDecl" && b.each?.names?.map((n) => n.name)).toEqual(["x", "y"]);
    expect(printDecl(b).split("\n")[0]).toBe("strong fair each x, y action B(x in S, y in T, z in U) {");
    const p = declOk("fair each process P[self in 1..2] {\n  L: skip;\n}");
    expect(p.kind === "ProcessDecl" && p.each !== undefined).toBe(true);
    // `each` is not reserved: it is an ordinary name elsewhere.
    expect(declOk("var each: bool = false;").kind).toBe("VarDecl");
  });
  it("action with params, guard and fairness", () => {
    const d = declOk("fair action take(p in 1..N, q in S) when x > 0 { x = x - 1; }");
    if (d.kind !== "ActionDecl") throw new Error(d.kind);
    expect(d.fairness).toBe("weak");
    expect(d.params.map((b) => `${b.name.name}:${sx(b.domain)}`)).toEqual(["p:(.. 1 N)", "q:S"]);
    expect(d.guard && sx(d.guard)).toBe("(gt x 0)");
    expect(d.body.map((s) => s.kind)).toEqual(["AssignStmt"]);
    expect(declOk("action tick { skip; }")).toMatchObject({ fairness: "none", params: [] });
  });
  it("process with locals, strong fairness and no instance set", () => {
    const d = declOk("strong fair process P {\n  var t: 0..3 = 0;\n  L: t = 1;\n}");
    if (d.kind !== "ProcessDecl") throw new Error(d.kind);
    expect(d.fairness).toBe("strong");
    expect(d.instances).toBeUndefined();
    expect(d.locals.map((l) => l.name.name)).toEqual(["t"]);
    expect(d.body[0]?.label?.name).toBe("L");
    expect(d.span.start.line).toBe(2);
  });
  it("symmetric type and symmetric process (printed back the same way)", () => {
    const t = declOk("symmetric type Proc = 1..N;");
    expect(t).toMatchObject({ kind: "TypeDecl", symmetric: true });
    expect(declOk("type Pfn = 0..3;")).not.toHaveProperty("symmetric");
    const d = declOk("fair symmetric process P[self in Proc] {\n  L: skip;\n}");
    if (d.kind !== "ProcessDecl") throw new Error(d.kind);
    expect(d.fairness).toBe("weak");
    expect(d.symmetric).toBe(true);
    expect(d.instances && sx(d.instances)).toBe("Proc");
    expect(declOk("process Q[self in 1..2] { L: skip; }")).not.toHaveProperty("symmetric");
    expect(printDecl(t)).toBe("symmetric type Proc = 1..N;");
    expect(printDecl(d).split("\n")[0]).toBe("fair symmetric process P[self in Proc] {");
    // `symmetric` is a keyword: not an identifier, and only `type`/`process` may follow it.
    expect(parseSpec("spec S\nvar symmetric: bool = true;\n", "s.tspec").diagnostics.length).toBeGreaterThan(0);
    expect(parseSpec("spec S\nsymmetric var x: bool = true;\n", "s.tspec").diagnostics.length).toBeGreaterThan(0);
  });
  it("procedure and macro", () => {
    const [p, m] = parseOk("procedure inc(n: 0..3) { var t: bool = false; A: return; }\nmacro bump(a, b) { a = b; }").decls;
    expect(p?.kind === "ProcedureDecl" && p.params.map((x) => x.name.name)).toEqual(["n"]);
    expect(p?.kind === "ProcedureDecl" && p.locals.length).toBe(1);
    expect(m?.kind === "MacroDecl" && m.params.map((x) => x.name)).toEqual(["a", "b"]);
  });
  it("workload items and hyphenated names", () => {
    const d = declOk(`workload refresh-deactivate {
  const KIND = GPA;
  run Refresher[1..1];
  run Deactivator;
  check deadlock = false;
  expect violates ValidImpliesActive;
}`);
    if (d.kind !== "WorkloadDecl") throw new Error(d.kind);
    expect(d.name.name).toBe("refresh-deactivate");
    expect(d.items.map((i) => i.kind)).toEqual(["WConst", "WRun", "WRun", "WOption", "WExpect"]);
    const run = d.items[1];
    expect(run?.kind === "WRun" && run.instances && sx(run.instances)).toBe("(.. 1 1)");
    expect(d.items[2]).not.toHaveProperty("instances");
    expect(d.items[3]).toMatchObject({ option: { name: "deadlock" }, value: false });
  });
  it("every expectation", () => {
    const d = declOk(
      'workload w { expect holds; expect deadlock; expect assertion; expect assertion "boom"; expect lock_error; expect spec_error; expect violates I; }',
    );
    if (d.kind !== "WorkloadDecl") throw new Error(d.kind);
    const ex = d.items.map((i) => (i.kind === "WExpect" ? stripSpans(i.expect) : null));
    expect(ex).toEqual([
      { kind: "holds" },
      { kind: "deadlock" },
      { kind: "assertion" },
      { kind: "assertion", message: { kind: "StrLit", value: "boom" } },
      { kind: "lock_error" },
      { kind: "spec_error" },
      { kind: "violates", property: { kind: "Ident", name: "I" } },
    ]);
  });
  it("check option at top level", () => {
    expect(stripSpans(declOk("check deadlock = false;"))).toEqual({
      kind: "OptionDecl",
      name: { kind: "Ident", name: "deadlock" },
      value: false,
      override: false,
    });
  });
  it("override, including override workload", () => {
    const [c, w] = parseOk("override const N: 1..4 = 3;\noverride workload w { expect violates X; }").decls;
    expect(c?.override).toBe(true);
    expect(w?.override).toBe(true);
    expect(c?.span.start.column).toBe(1);
  });
});

describe("types", () => {
  const typeOf = (t: string): unknown => {
    const d = declOk(`type T = ${t};`);
    return d.kind === "TypeDecl" ? stripSpans(d.type) : null;
  };
  it("builtin and compound types", () => {
    expect(typeOf("bool")).toEqual({ kind: "BoolType" });
    expect(typeOf("pid")).toEqual({ kind: "PidType" });
    expect(typeOf("Kind")).toEqual({ kind: "NamedType", name: { kind: "Ident", name: "Kind" } });
    expect(typeOf("set<bool>")).toEqual({ kind: "SetType", elem: { kind: "BoolType" } });
    expect(typeOf("map<1..N, option<pid>>")).toMatchObject({
      kind: "MapType",
      key: { kind: "RangeType" },
      value: { kind: "OptionType", elem: { kind: "PidType" } },
    });
    expect(typeOf("seq<Kind, N + 1>")).toMatchObject({ kind: "SeqType", max: { kind: "BinaryExpr", op: "add" } });
    expect(typeOf("{ f: bool, g: 0..3 }")).toMatchObject({
      kind: "RecordType",
      fields: [{ name: { name: "f" } }, { name: { name: "g" }, type: { kind: "RangeType" } }],
    });
    expect(typeOf("set<set<bool>>")).toMatchObject({ kind: "SetType", elem: { kind: "SetType" } });
  });
});

describe("statements", () => {
  it("assignments with paths", () => {
    const [a, b, c] = stmtsOk("x = 1; x[k] = 2; x.f[k] = 3;");
    expect(a).toMatchObject({ kind: "AssignStmt", target: { name: "x" }, path: [] });
    expect(b?.kind === "AssignStmt" && b.path.map((p) => p.kind)).toEqual(["IndexSeg"]);
    expect(c?.kind === "AssignStmt" && c.path.map((p) => p.kind)).toEqual(["FieldSeg", "IndexSeg"]);
  });
  it("if / else if / else chains, parentheses optional", () => {
    const [s] = stmtsOk("if (x) { skip; } else if y { skip; } else { x = 1; }");
    if (s?.kind !== "IfStmt") throw new Error("not if");
    expect(sx(s.cond)).toBe("x");
    expect(s.else?.length).toBe(1);
    const inner = s.else?.[0];
    expect(inner?.kind === "IfStmt" && inner.else?.map((x) => x.kind)).toEqual(["AssignStmt"]);
  });
  it("while, goto, await, either, with, assert, skip, return, block", () => {
    const ss = stmtsOk(
      'W: while x < 3 { x = x + 1; }\ngoto W;\nawait x > 0;\neither { skip; } or { skip; } or { x = 0; }\nwith (i in S, j in T) { x = i; }\nwith k in S { skip; }\nassert x;\nassert x, "msg\\n";\nskip;\nreturn;\n{ skip; }',
    );
    expect(ss.map((s) => s.kind)).toEqual([
      "WhileStmt",
      "GotoStmt",
      "AwaitStmt",
      "EitherStmt",
      "WithStmt",
      "WithStmt",
      "AssertStmt",
      "AssertStmt",
      "SkipStmt",
      "ReturnStmt",
      "BlockStmt",
    ]);
    expect(ss[0]?.label?.name).toBe("W");
    expect(ss[3]?.kind === "EitherStmt" && ss[3].branches.length).toBe(3);
    expect(ss[4]?.kind === "WithStmt" && ss[4].binders.map((b) => b.name.name)).toEqual(["i", "j"]);
    expect(ss[7]?.kind === "AssertStmt" && ss[7].message?.value).toBe("msg\n");
  });
  it("a name then `{ L: { } }` in a condition is a variant value; a parenthesized condition or a statement in the block is not", () => {
    // The one statement that also reads as a case with one field (`Tag { f: {} }`): the expression takes
    // it, and the `while` then misses its body (docs/language.md, "Variant values"). The two ways out:
    const [w] = stmtsOk("W: while (b) { L1: { } }");
    expect(w?.kind === "WhileStmt" && w.body.map((x) => [x.kind, x.label?.name])).toEqual([["BlockStmt", "L1"]]);
    const [v] = stmtsOk("W: while b { L1: { skip; } }");
    expect(v?.kind === "WhileStmt" && sx(v.cond)).toBe("b");
    expect(exprOk("b { L1: {} }").kind).toBe("VariantLit");
  });
  it("call vs macro expansion", () => {
    const [a, b] = stmtsOk("call p(1, x); m(a, b);");
    expect(a).toMatchObject({ kind: "CallStmt", isCall: true, callee: { name: "p" } });
    expect(b).toMatchObject({ kind: "CallStmt", isCall: false, callee: { name: "m" } });
    expect(a?.kind === "CallStmt" && a.args.length).toBe(2);
  });
  it("lock statements, with index paths", () => {
    const ss = stmtsOk("acquire m; release m; read_lock l; read_unlock l; write_lock l; write_unlock l; acquire locks[i]; release r.locks[i];");
    expect(ss.map((s) => (s.kind === "LockStmt" ? s.op : s.kind))).toEqual([
      "acquire",
      "release",
      "read_lock",
      "read_unlock",
      "write_lock",
      "write_unlock",
      "acquire",
      "release",
    ]);
    expect(ss[6]?.kind === "LockStmt" && ss[6].path.map((p) => p.kind)).toEqual(["IndexSeg"]);
    expect(ss[7]?.kind === "LockStmt" && ss[7].path.map((p) => p.kind)).toEqual(["FieldSeg", "IndexSeg"]);
  });
  it("labels on nested statements; span starts at the label", () => {
    const [s] = stmtsOk("A: if x { B: skip; }");
    expect(s?.label?.name).toBe("A");
    expect(s?.span.start.column).toBe(1);
    expect(s?.kind === "IfStmt" && s.then[0]?.label?.name).toBe("B");
  });
});

describe("expressions", () => {
  it("literals and names", () => {
    expect(sxOf('[1, true, false, none, self, "s\\"q", x]')).toBe('[1 true false none self "s\\"q" x]');
  });
  it("integers are bigint; past 2^53 - 1 they are E103", () => {
    expect(exprOk("9007199254740991")).toMatchObject({ kind: "IntLit", value: 9007199254740991n });
    const r = parseExpression("123456789012345678901234567890");
    expect(r.expr).toMatchObject({ kind: "IntLit", value: 123456789012345678901234567890n });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E103"]);
  });
  it("set forms", () => {
    expect(sxOf("{}")).toBe("{}");
    expect(sxOf("{a, b}")).toBe("{a b}");
    expect(sxOf("{x in S : x > 1}")).toBe("(filter x S (gt x 1))");
    expect(sxOf("{f(x) : x in S, y in T}")).toBe("(setmap (f x) [x S, y T])");
    expect(sxOf("{(x) : x in S}")).toBe("(setmap x [x S])");
  });
  it("records, sequences and map comprehensions", () => {
    expect(sxOf("{ f: 1, g: x }")).toBe("(record f=1 g=x)");
    expect(sxOf("[]")).toBe("[]");
    expect(sxOf("[a, b]")).toBe("[a b]");
    expect(sxOf("[x in S |-> x + 1]")).toBe("(mapcomp x S (add x 1))");
  });
  it("postfix, calls and builtins", () => {
    expect(sxOf("m.owner")).toBe("(. m owner)");
    expect(sxOf("a[i].f[j]")).toBe("(idx (. (idx a i) f) j)");
    expect(sxOf("card(S)")).toBe("(card S)");
    expect(sxOf("holds(m) and holds_read(l)")).toBe("(and (holds m) (holds_read l))");
    expect(sxOf("f()")).toBe("(f)");
  });
  it("binders, if, let, choose", () => {
    expect(sxOf("forall x in S, y in T: x == y")).toBe("(forall [x S, y T] (eq x y))");
    expect(sxOf("exists x in S: P")).toBe("(exists [x S] P)");
    expect(sxOf("choose x in S: x > 0")).toBe("(choose x S (gt x 0))");
    expect(sxOf("if c then 1 else 2")).toBe("(if c 1 2)");
    expect(sxOf("let x = 1, y = x < 2 in y")).toBe("(let [x 1, y (lt x 2)] y)");
    expect(sxOf("let b = (x in S) in b")).toBe("(let [b (in x S)] b)");
  });
  it("functional update", () => {
    expect(sxOf("m with [k] = v, .f = w, [k].g = u")).toBe("(with m [k]=v .f=w [k].g=u)");
    expect(sxOf("m with [1] = 2 with [2] = 3")).toBe("(with (with m [1]=2) [2]=3)");
  });
  it("symbolic spellings", () => {
    expect(sxOf("!a && b || c")).toBe("(or (and (not a) b) c)");
    expect(sxOf("A \\ B")).toBe("(minus A B)");
  });
  it("identifiers may contain keywords", () => {
    expect(sxOf("android + iffy + notin_x + self_")).toBe("(add (add (add android iffy) notin_x) self_)");
  });
});

describe("spans and ids", () => {
  it("ids are unique and spans exact", () => {
    const spec = parseOk("var x: 0..3 = 1 + 2;");
    const ids: number[] = [];
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (typeof v === "object" && v !== null) {
        const o = v as Record<string, unknown>;
        if (typeof o.id === "number") ids.push(o.id);
        Object.entries(o).forEach(([k, x]) => k !== "span" && visit(x));
      }
    };
    visit(spec);
    expect(new Set(ids).size).toBe(ids.length);
    const d = spec.decls[0];
    expect(d?.span).toEqual({
      file: "t.tspec",
      start: { offset: 7, line: 2, column: 1 },
      end: { offset: 27, line: 2, column: 21 },
    });
    const init = d?.kind === "VarDecl" ? d.init?.value : undefined;
    expect(init?.span.start.column).toBe(15);
    expect(init?.span.end.column).toBe(20);
  });
  it("parsing is deterministic", () => {
    const text = "spec A\nvar x: bool = true;\ninvariant I: x or not x;\n";
    expect(parseSpec(text, "a")).toEqual(parseSpec(text, "a"));
  });
  it("comments are skipped and excluded from spans", () => {
    const spec = parseOk("var x: bool = /* c */ true /* d */ ; // trailing");
    const d = spec.decls[0];
    const init = d?.kind === "VarDecl" ? d.init?.value : undefined;
    expect(init?.span.start.column).toBe(23);
    expect(init?.span.end.column).toBe(27);
  });
  it("CRLF, tabs and BOM", () => {
    const r = parseSpec("\uFEFFspec A\r\n\tvar x: bool = true;\r\n", "a");
    expect(r.diagnostics).toEqual([]);
    expect(r.spec?.decls[0]?.span.start).toEqual({ offset: 10, line: 2, column: 2 });
  });
});

describe("variants, kind tests, tuple binders, bool as a set (issue 13 item 2)", () => {
  it("a variant declaration: cases in source order, fields per case, bare cases, leading |", () => {
    const d = declOk("type Msg = | Req { from: 1..2, n: bool } | Ack { to: 1..2 } | Stop;");
    expect(
      d.kind === "TypeDecl" && d.type.kind === "VariantType" ? d.type.cases.map((c) => `${c.tag.name}(${c.fields.map((f) => f.name.name).join(",")})`) : [],
    ).toEqual(["Req(from,n)", "Ack(to)", "Stop()"]);
    const one = declOk("type One = | Only { v: bool };");
    expect(one.kind === "TypeDecl" ? one.type.kind : "").toBe("VariantType");
    // Without `|` a name is an alias, as before.
    const alias = declOk("type A = Other;");
    expect(alias.kind === "TypeDecl" ? alias.type.kind : "").toBe("NamedType");
  });
  it("constructors, `is` at comparison level, field reads", () => {
    expect(sxOf("Req { from: 1, n: true }")).toBe("(variant Req from=1 n=true)");
    expect(sxOf("m is Req and m.n")).toBe("(and (is m Req) (. m n))");
    expect(sxOf("not m is Stop")).toBe("(not (is m Stop))");
    expect(sxOf("x + 1 is A")).toBe("(is (add x 1) A)");
    // `is` stays a name elsewhere; `{` after a name starts a constructor only before `field:`.
    expect(sxOf("is + 1")).toBe("(add is 1)");
    expect(sxOf("{ a: Stop }")).toBe("(record a=Stop)");
  });
  it("tuple binders: a hidden binder and a `let` of its components", () => {
    expect(sxOf("forall <<a, b>> in S: a < b")).toBe("(forall [$t_a_b S] (let [a (idx $t_a_b 1), b (idx $t_a_b 2)] (lt a b)))");
    expect(sxOf("{(b) : <<a, b>> in S, c in f(a)}")).toBe(
      "(setmap (let [a (idx $t_a_b 1), b (idx $t_a_b 2)] b) [$t_a_b S, c (let [a (idx $t_a_b 1), b (idx $t_a_b 2)] (f a))])",
    );
    const [w] = stmtsOk("with (<<x, y>> in S) { z = x; }");
    expect(
      w?.kind === "WithStmt" ? [w.binders[0]?.pattern?.map((n) => n.name), w.body[0]?.kind, w.body[0]?.kind === "WithStmt" && w.body[0].destructure] : [],
    ).toEqual([["x", "y"], "WithStmt", true]);
  });
  it("`bool` is a set in expressions", () => {
    expect(sxOf("forall b in bool: b")).toBe("(forall [b bool] b)");
    expect(sxOf("[S -> bool]")).toBe("(-> S bool)");
  });
});
