/**
 * Semantic analysis of a linked spec, as a sequence of passes: declarations and duplicates, macro
 * expansion, declared types, constants (dependency order), bodies (names and types), control rules,
 * call graph, workloads, warnings. Produces a `CheckedSpec` when there are no errors. Pass 1
 * (declarations.ts) and pass 7 (workloads.ts) are modules of their own; the others run here.
 */
import type { ActionDecl, ConstDecl, Expr, ProcessDecl, Stmt, Temporal } from "../parse/ast.js";
import { checkMapping } from "./refines.js";
import { error, hasErrors, warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import { Analyzer, didYouMean, type Ctx } from "./analyze.js";
import type { CheckedSpec, Ref } from "./checked.js";
import { checkControl, childLists, forbidLabels } from "./control.js";
import type { LinkedSpec } from "./link.js";
import { initOrder, stateReads } from "./init-order.js";
import { checkDefExpansion, checkDomainSizes } from "./limits.js";
import { expandMacros, type MacroContext } from "./macros.js";
import { BOOL, INT, isFinite, showType, UNKNOWN, type Type } from "./types.js";
import { namesIn } from "./reads.js";
import { declarationsPass } from "./declarations.js";
import { workloadsPass } from "./workloads.js";

export interface CheckResult {
  readonly checked?: CheckedSpec;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Runs every analysis pass over a linked spec. The passes recurse over the tree, so pathologically
 * deep input (thousands of nested operators) exhausts the stack: that becomes diagnostic E107.
 */
export function checkSpec(linked: LinkedSpec, opts: CheckOptions = {}): CheckResult {
  try {
    return checkSpecPasses(linked, opts);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const at = { file: linked.file, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
    return { diagnostics: [error("E107", "the spec is nested too deeply to check; split deep expressions or statements into definitions", at)] };
  }
}

/** What the front end passes along: the abstract spec of a `refines` declaration, already checked. */
export interface CheckOptions {
  /** The checked abstract spec; absent when the spec refines nothing or the abstract spec has errors (reported). */
  readonly abstract?: CheckedSpec;
  /** The abstract spec could not be loaded or has errors, and that was reported. */
  readonly abstractFailed?: boolean;
}

function checkSpecPasses(linked: LinkedSpec, opts: CheckOptions): CheckResult {
  const an = new Analyzer(linked.decls);
  const diags = an.out.diagnostics;

  const declared = declarationsPass(linked, an);
  const { consts, enums, vars, defs, invariants, properties, actions, macros, workloads, refinesDecl, checkDeadlock } = declared;
  let { processes, procedures } = declared;

  // Pass 2: macro expansion in every body (fresh ids per expansion).
  const mctx: MacroContext = { macros, nextId: linked.nextId, diagnostics: diags };
  for (const m of macros.values()) forbidLabels(m.body, "a macro", diags);
  processes = processes.map((p) => ({ ...p, body: expandMacros(p.body, mctx) }));
  procedures = procedures.map((p) => ({ ...p, body: expandMacros(p.body, mctx) }));
  for (const p of procedures) an.procedures.set(p.name.name, p);
  for (const p of processes) an.processes.set(p.name.name, p);
  const expandedActions = actions.map((a) => ({ ...a, body: expandMacros(a.body, mctx) }));

  // Pass 3: declared types. Every type declaration is resolved here, used or not, so that its errors
  // (E212, E701) are reported before the spec is accepted.
  for (const [n, v] of an.typeNames) if (v.decl.kind === "TypeDecl") an.typeOfTypeDecl(n, v.decl.name.span);
  for (const c of consts) an.declare(c);
  for (const v of vars) {
    const before = diags.length;
    const t = an.declare(v);
    // A bad map key (E304) already explains why the type is not finite: one mistake, one message.
    if (t.kind !== "unknown" && !isFinite(t) && diags.length === before) {
      diags.push(error("E306", `state variable \`${v.name.name}\` must have a finite type, not \`${showType(t)}\``, v.type.span));
    }
  }
  for (const d of defs) {
    an.declare(d);
    for (const p of d.params) an.declare(p);
  }
  for (const p of processes) for (const l of p.locals) an.declare(l);
  for (const p of procedures) {
    for (const x of p.params) an.declare(x);
    for (const l of p.locals) an.declare(l);
  }

  // Pass 4: constants in dependency order.
  const constNames = new Set(consts.map((c) => c.name.name));
  const deps = new Map(
    consts.map((c) => {
      const s = new Set<string>();
      namesIn(c.value, s);
      namesIn(c.type, s);
      return [c.name.name, [...s].filter((n) => constNames.has(n))] as const;
    }),
  );
  const ordered: ConstDecl[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visiting: string[] = [];
  const visit = (c: ConstDecl): void => {
    const st = state.get(c.name.name);
    if (st === "done") return;
    if (st === "visiting") {
      const cycle = [...visiting.slice(visiting.indexOf(c.name.name)), c.name.name];
      diags.push(
        error(
          "E209",
          cycle.length === 2
            ? `constant \`${c.name.name}\` depends on itself; a constant's type and default may only use other constants`
            : `constants depend on each other in a cycle (${cycle.join(" -> ")}); a constant's type and default may only use constants defined without it`,
          c.name.span,
        ),
      );
      return;
    }
    state.set(c.name.name, "visiting");
    visiting.push(c.name.name);
    for (const n of deps.get(c.name.name) ?? []) {
      const d = consts.find((x) => x.name.name === n);
      if (d) visit(d);
    }
    visiting.pop();
    state.set(c.name.name, "done");
    ordered.push(c);
  };
  consts.forEach(visit);
  for (const c of ordered) an.constExpr(c.value, an.out.declTypes.get(c.id) ?? UNKNOWN, `in the default of \`${c.name.name}\``);

  // Pass 5: bodies.
  an.symmetricProcesses = processes.some((p) => p.symmetric === true);
  const pureCtx: Ctx = { pure: true, constant: false };
  for (const v of vars) {
    const t = an.out.declTypes.get(v.id) ?? UNKNOWN;
    // Locks, and maps of locks, start free; everything else needs an initial value.
    const isLocks = t.kind === "mutex" || t.kind === "rwlock" || (t.kind === "map" && (t.value.kind === "mutex" || t.value.kind === "rwlock"));
    if (!v.init) {
      if (!isLocks && t.kind !== "unknown") {
        diags.push(error("E311", `state variable \`${v.name.name}\` needs an initial value (\`= e\` or \`in S\`)`, v.name.span));
      }
      continue;
    }
    if (isLocks) {
      diags.push(error("E311", `lock \`${v.name.name}\` cannot have an initial value: locks start free`, v.init.value.span));
      continue;
    }
    // An initial value may read other state variables and `def`s (evaluated per initial choice, in
    // dependency order: init-order.ts), but not `self` or locals: it is one value for the whole state.
    const it = an.expr(v.init.value, an.global, pureCtx);
    an.expectType(it, v.init.mode === "in" ? { kind: "set", elem: t } : t, v.init.value.span, `in the initial value of \`${v.name.name}\``);
  }
  // Instance sets first: properties, defs and guards may quantify over a process's instances.
  for (const p of processes) {
    const st = p.instances ? an.constExpr(p.instances, { kind: "set", elem: UNKNOWN }, `in the instance set of \`${p.name.name}\``) : undefined;
    const selfType: Type = st && st.kind === "set" ? st.elem : INT;
    if (selfType.kind !== "int" && selfType.kind !== "enum" && selfType.kind !== "scalarset" && selfType.kind !== "unknown") {
      diags.push(
        error(
          "E312",
          `process instance sets must contain integers, enum values or a symmetric type, not \`${showType(selfType)}\``,
          (p.instances ?? p.name).span,
        ),
      );
    }
    // Symmetric processes: the instances are exactly the values of one symmetric type, so that a
    // permutation of the type's values is also a permutation of the instances (and of their pids).
    const wholeType = p.instances?.kind === "NameExpr" && an.out.refs.get(p.instances.id)?.kind === "typeset" && selfType.kind === "scalarset";
    if (p.symmetric && !wholeType && selfType.kind !== "unknown") {
      diags.push(
        error(
          "E706",
          `the instances of symmetric process \`${p.name.name}\` must be a symmetric type: declare \`symmetric type ${p.name.name}Id = ${p.instances ? sourceOf(p.instances) : "1..1"};\` and write \`symmetric process ${p.name.name}[self in ${p.name.name}Id]\``,
          (p.instances ?? p.name).span,
        ),
      );
    } else if (!p.symmetric && selfType.kind === "scalarset") {
      diags.push(
        error(
          "E707",
          `process \`${p.name.name}\` is indexed by symmetric type \`${selfType.name}\`, so its instances are interchangeable: declare it \`symmetric process\``,
          p.name.span,
        ),
      );
    }
    an.out.declTypes.set(p.id, selfType);
  }
  for (const d of defs) {
    const scope = new Map(an.global);
    for (const p of d.params) scope.set(p.name.name, { kind: "bound", name: p.name.name, binderId: p.id });
    an.expectType(an.expr(d.body, scope, pureCtx), an.out.declTypes.get(d.id) ?? UNKNOWN, d.body.span, `in the body of \`${d.name.name}\``);
  }
  const inits = initOrder(vars, an.out.refs, an.defs, diags);
  const callGraph = new Map<string, Set<string>>();
  const noteCalls = (owner: string, body: readonly Stmt[]): void => {
    const set = callGraph.get(owner) ?? new Set<string>();
    const walk = (ss: readonly Stmt[]): void => {
      for (const s of ss) {
        if (s.kind === "CallStmt" && s.isCall) set.add(s.callee.name);
        childLists(s).forEach(walk);
      }
    };
    walk(body);
    callGraph.set(owner, set);
  };
  for (const inv of invariants) an.expectType(an.expr(inv.body, an.global, pureCtx), BOOL, inv.body.span, `in invariant \`${inv.name.name}\``);
  // `top`: the property itself or the body of a top-level `forall` (the only place a `forall` over a
  // temporal formula may be: it is checked as one property per value).
  const temporal = (t: Temporal, scope: Map<string, Ref>, top: boolean): void => {
    switch (t.kind) {
      case "TState":
        an.expectType(an.expr(t.expr, scope, pureCtx), BOOL, t.expr.span, "in the property");
        return;
      case "TLeadsTo":
        temporal(t.left, scope, false);
        temporal(t.right, scope, false);
        return;
      case "TImplies": {
        let right = t.right;
        while (right.kind === "TAlways" && right.arg.kind === "TAlways") right = right.arg;
        if (t.left.kind !== "TState" || right.kind !== "TAlways" || right.arg.kind !== "TState") {
          diags.push(
            error(
              "E364",
              `\`=>\` between temporal formulas is supported as \`P => always Q\` (and \`always (P => always Q)\`, e.g. \`always (terminated => always terminated)\`), with P and Q state predicates${t.left.kind === "TState" && right.kind === "TEventually" ? "; for `always (P => eventually Q)` write `P leadsto Q`" : ""}`,
              t.span,
            ),
          );
        }
        temporal(t.left, scope, false);
        temporal(t.right, scope, false);
        return;
      }
      case "TForall": {
        if (!top) {
          diags.push(
            error(
              "E365",
              "a `forall` over a temporal formula must be the whole property: write `property X: forall x in S: …;` (one property per value of S)",
              t.span,
            ),
          );
        }
        // The domain is a constant set (it reads no state variable, directly or through `def`s): the
        // property is instantiated once per value, like TLA+'s `\A x \in S: F`.
        const inner = an.bindAll(t.binders, scope, pureCtx);
        for (const b of t.binders) {
          const reads = [...stateReads(b.domain, an.out.refs, an.defs)];
          if (reads.length > 0) {
            diags.push(
              error(
                "E366",
                `the set a property quantifies over must be constant, but this one reads the state variable${reads.length > 1 ? "s" : ""} ${reads.map((r) => `\`${r}\``).join(", ")}: quantify over a constant set and test membership in the formula`,
                b.domain.span,
              ),
            );
          }
        }
        temporal(t.body, inner, top);
        return;
      }
      default:
        temporal(t.arg, scope, false);
    }
  };
  for (const p of properties) temporal(p.body, an.global, true);
  // Per-binding fairness.
  const fairEach = (d: ActionDecl | ProcessDecl): void => {
    if (d.each === undefined) return;
    if (d.kind === "ProcessDecl") {
      diags.push(
        error(
          "E360",
          `\`${d.fairness === "strong" ? "strong fair" : "fair"} process\` is already one constraint per instance (PlusCal's \`${d.fairness === "strong" ? "fair+" : "fair"} process\`, TLA+ \`\\A self \\in S: ${d.fairness === "strong" ? "SF" : "WF"}_vars(${d.name.name}(self))\`); remove \`each\``,
          d.each.span,
        ),
      );
      return;
    }
    if (d.params.length === 0) {
      diags.push(
        error(
          "E362",
          `action \`${d.name.name}\` has no parameters, so \`each\` has no bindings to split; write \`${d.fairness === "strong" ? "strong fair" : "fair"} action\``,
          d.each.span,
        ),
      );
      return;
    }
    const seen = new Set<string>();
    for (const n of d.each.names ?? []) {
      if (!d.params.some((b) => b.name.name === n.name)) {
        const hint = didYouMean(
          n.name,
          d.params.map((b) => b.name.name),
        );
        diags.push(
          error(
            "E361",
            `\`${n.name}\` is not a parameter of action \`${d.name.name}\` (its parameters: ${d.params.map((b) => `\`${b.name.name}\``).join(", ")})${hint}`,
            n.span,
          ),
        );
      } else if (seen.has(n.name)) diags.push(error("E363", `\`${n.name}\` is listed twice after \`each\``, n.span));
      seen.add(n.name);
    }
  };
  for (const a of actions) fairEach(a);
  for (const p of processes) fairEach(p);
  for (const a of expandedActions) {
    const scope = an.bindAll(a.params, an.global, pureCtx);
    const ctx: Ctx = { pure: false, constant: false };
    if (a.guard) an.expectType(an.expr(a.guard, scope, ctx), BOOL, a.guard.span, `in the guard of \`${a.name.name}\``);
    forbidLabels(a.body, "an action", diags);
    // The body runs only when the guard holds: its kind tests on parameters narrow them there.
    an.withFacts(a.guard ? an.factsOf(a.guard, scope) : [], () => an.stmts(a.body, scope, ctx, "action"));
  }
  for (const p of processes) {
    const localNames = new Map<string, { span: import("../parse/ast.js").Span }>();
    for (const l of p.locals) {
      const prev = localNames.get(l.name.name);
      if (prev)
        diags.push(
          error("E208", `\`${l.name.name}\` is declared twice in process \`${p.name.name}\``, l.name.span, [
            { message: "first declared here", span: prev.span },
          ]),
        );
      else localNames.set(l.name.name, l.name);
    }
    const scope = new Map<string, Ref>(an.global);
    const ctx: Ctx = { process: p, pure: false, constant: false };
    for (const l of p.locals) {
      // `var x: T in S;`: each instance starts with any element of S (S may read `self` and state variables).
      const lt = an.out.declTypes.get(l.id) ?? UNKNOWN;
      an.expectType(
        an.expr(l.init, scope, { ...ctx, localInit: true }),
        l.mode === "in" ? { kind: "set", elem: lt } : lt,
        l.init.span,
        `in the initial value of \`${l.name.name}\``,
      );
      scope.set(l.name.name, { kind: "local", decl: l, process: p });
    }
    an.stmts(p.body, scope, ctx, "process");
    checkControl(p.body, p.name.name, p.name, diags);
    noteCalls(p.name.name, p.body);
  }
  for (const p of procedures) {
    const names = new Map<string, { span: import("../parse/ast.js").Span }>();
    for (const x of [...p.params, ...p.locals]) {
      const prev = names.get(x.name.name);
      if (prev)
        diags.push(
          error("E208", `\`${x.name.name}\` is declared twice in procedure \`${p.name.name}\``, x.name.span, [
            { message: "first declared here", span: prev.span },
          ]),
        );
      else names.set(x.name.name, x.name);
    }
    const scope = new Map<string, Ref>(an.global);
    const ctx: Ctx = { procedure: p, pure: false, constant: false };
    for (const x of p.params) scope.set(x.name.name, { kind: "frame", decl: x, procedure: p });
    for (const l of p.locals) {
      if (l.mode === "in") {
        // Frames are created by `call`, and PlusCal procedure variables are `=` only: a choice belongs
        // in the procedure's body (`with`).
        diags.push(
          error(
            "E341",
            `procedure local \`${l.name.name}\` cannot start with a choice (\`in\`): a frame is created by \`call\`; write \`var ${l.name.name}: … = e;\` and choose in the procedure, \`with (choice in S) { ${l.name.name} = choice; }\``,
            l.init.span,
          ),
        );
      } else an.expectType(an.expr(l.init, scope, ctx), an.out.declTypes.get(l.id) ?? UNKNOWN, l.init.span, `in the initial value of \`${l.name.name}\``);
      scope.set(l.name.name, { kind: "frame", decl: l, procedure: p });
    }
    an.stmts(p.body, scope, ctx, "procedure");
    checkControl(p.body, p.name.name, p.name, diags);
    noteCalls(`procedure ${p.name.name}`, p.body);
  }

  // Pass 5b: the refinement mapping, against the abstract spec's variables.
  if (refinesDecl && !opts.abstract && !opts.abstractFailed) {
    // Only `checkFile` (generator/api.ts) loads abstract specs: refinement is never silently skipped.
    diags.push(
      error("E370", "this front end does not load the abstract spec of `refines`; check the spec from its file (`spec2ts check`)", refinesDecl.file.span),
    );
  }
  if (refinesDecl) {
    for (const d of [...invariants, ...properties]) {
      if (d.name.name === "refinement") {
        diags.push(
          error(
            "E379",
            "in a spec that `refines` another, `refinement` names the refinement check (`expect violates refinement`); rename this declaration",
            d.name.span,
          ),
        );
      }
    }
  }
  const refines =
    refinesDecl && opts.abstract
      ? checkMapping(refinesDecl, opts.abstract, {
          exprType: (e) => an.expr(e, an.global, pureCtx),
          constType: (e, t, what) => an.constExpr(e, t, what),
          expect: (a, t, sp, what) => an.expectType(a, t, sp, what),
          typeOf: (e) => an.out.types.get(e.id),
          consts,
          enums,
          diagnostics: diags,
        })
      : undefined;

  // Pass 6: call graph — recursion is rejected, callers recorded for emission.
  const callers = new Map<string, string[]>();
  for (const proc of processes) {
    const seen = new Set<string>();
    const dfs = (name: string, path: readonly string[]): void => {
      if (path.includes(name)) {
        const decl = procedures.find((x) => x.name.name === name);
        if (decl) diags.push(error("E508", `procedure \`${name}\` is recursive (${[...path, name].join(" -> ")}); recursion is not supported`, decl.name.span));
        return;
      }
      if (seen.has(name)) return;
      seen.add(name);
      const list = callers.get(name) ?? [];
      if (!list.includes(proc.name.name)) list.push(proc.name.name);
      callers.set(name, list);
      for (const n of callGraph.get(`procedure ${name}`) ?? []) dfs(n, [...path, name]);
    };
    for (const n of callGraph.get(proc.name.name) ?? []) dfs(n, []);
  }
  // In procedures `self` is an integer: a symmetric caller would leak its (interchangeable) identity.
  for (const q of procedures) {
    const sym = (callers.get(q.name.name) ?? []).find((n) => processes.find((x) => x.name.name === n)?.symmetric);
    const at = sym === undefined ? undefined : findSelf(q.body);
    if (sym !== undefined && at !== undefined) {
      diags.push(
        error(
          "E708",
          `procedure \`${q.name.name}\` uses \`self\` (an integer in procedures) and is called by symmetric process \`${sym}\`; pass the caller's \`self\` as a parameter instead`,
          at,
        ),
      );
    }
  }

  const checkedWorkloads = workloadsPass(an, { workloads, consts, ordered, processes, invariants, properties, defs, refinesDecl, checkDeadlock }, pureCtx);

  // Pass 8: warnings.
  // Names mentioned in macro bodies and macro arguments count as used: an expansion that failed was
  // not analysed, and "never used" on top of its error would be noise.
  const inMacros = new Set<string>();
  for (const m of macros.values()) {
    namesIn(m.body, inMacros);
    for (const x of assignTargets(m.body)) inMacros.add(x);
  }
  for (const d of linked.decls) {
    if (d.kind === "ProcessDecl" || d.kind === "ProcedureDecl" || d.kind === "ActionDecl") namesIn(d.body, inMacros);
  }
  for (const v of vars) {
    if (
      !an.out.used.has(v.id) &&
      !inMacros.has(v.name.name) &&
      !assignedAnywhere(v.name.name, [...processes.map((p) => p.body), ...procedures.map((p) => p.body), ...expandedActions.map((a) => a.body)])
    ) {
      diags.push(warning("W101", `state variable \`${v.name.name}\` is never used`, v.name.span));
    }
  }
  if (processes.length === 0 && expandedActions.length === 0) {
    diags.push(warning("W103", "the spec has no processes and no actions: its only states are the initial ones", linked.name.span));
  }

  // Pass 9: evaluation cost (limits.ts): quantified ranges too large to iterate, defs nesting exponentially.
  checkDomainSizes(linked.decls, diags);
  checkDefExpansion(defs, an.out.refs, diags);

  if (hasErrors(diags)) return { diagnostics: diags };
  const aliases = new Map<string, Type>();
  for (const [n, v] of an.typeNames) if (v.decl.kind === "TypeDecl") aliases.set(n, an.typeOfTypeDecl(n, v.decl.name.span));
  return {
    diagnostics: diags,
    checked: {
      linked,
      name: linked.name,
      consts: ordered,
      enums,
      aliases,
      vars,
      initOrder: inits.order,
      initReads: inits.reads,
      defs,
      invariants,
      properties,
      actions: expandedActions,
      processes,
      procedures,
      workloads: checkedWorkloads,
      checkDeadlock,
      refs: an.out.refs,
      types: an.out.types,
      declTypes: an.out.declTypes,
      callers,
      binders: an.out.binders,
      procReads: an.out.procReads,
      ...(refines ? { refines } : {}),
    },
  };
}

/** The span of the first `self` in statements, if any. */
function findSelf(body: readonly Stmt[]): import("../parse/ast.js").Span | undefined {
  let found: import("../parse/ast.js").Span | undefined;
  const walk = (x: unknown): void => {
    if (found !== undefined || x === null || typeof x !== "object") return;
    if (Array.isArray(x)) return x.forEach(walk);
    const o = x as Record<string, unknown>;
    if (o["kind"] === "SelfExpr") {
      found = o["span"] as import("../parse/ast.js").Span;
      return;
    }
    for (const k of Object.keys(o)) if (k !== "span") walk(o[k]);
  };
  walk(body);
  return found;
}

/** A short rendering of a constant instance-set expression for hints (`1..N`). */
function sourceOf(e: Expr): string {
  if (e.kind === "RangeExpr") return `${sourceOf(e.lo)}..${sourceOf(e.hi)}`;
  if (e.kind === "IntLit") return e.value.toString();
  if (e.kind === "NameExpr") return e.name.name;
  return "lo..hi";
}

function assignTargets(body: readonly Stmt[]): Set<string> {
  const out = new Set<string>();
  const walk = (ss: readonly Stmt[]): void => {
    for (const s of ss) {
      if (s.kind === "AssignStmt") out.add(s.target.name);
      if (s.kind === "LockStmt") out.add(s.lock.name);
      childLists(s).forEach(walk);
    }
  };
  walk(body);
  return out;
}

function assignedAnywhere(name: string, bodies: readonly (readonly Stmt[])[]): boolean {
  const walk = (ss: readonly Stmt[]): boolean => ss.some((s) => (s.kind === "AssignStmt" && s.target.name === name) || childLists(s).some(walk));
  return bodies.some(walk);
}

export { INT };
