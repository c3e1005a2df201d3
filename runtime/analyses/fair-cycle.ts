/**
 * The search for a fair cycle (see liveness.ts for the semantics): the SCCs of an allowed subgraph of
 * the state graph (iterative Tarjan), each tested against the WF and SF constraints with the
 * Emerson–Lei refinement, and the lasso built greedily inside a fair component.
 */
import type { FairnessConstraint } from "../contract/model.js";
import type { StateGraph } from "./graph.js";
import type { Lasso } from "./lasso.js";

/** One binding of a per-binding fairness constraint seen on the graph (an edge tag). */
export interface FairBinding {
  /** Index of the constraint in `model.fairness`. */
  readonly constraint: number;
  /** `x = 1, y = "a"` */
  readonly text: string;
}

/** A fair component found, with how to reach it. */
export interface Found {
  /** The component's states. */
  readonly comp: Int32Array;
  /** The state of the component where the cycle starts. */
  readonly entry: number;
  /** Edges from a source to the entry (within the allowed subgraph). */
  readonly pathEdges: readonly number[];
  /** The source the path starts from. */
  readonly root: number;
  readonly accept: Uint8Array | undefined;
}

/** SCC analysis of an allowed subgraph under fairness. */
export class FairCycleFinder<S> {
  components = 0;
  refinements = 0;
  private readonly n: number;
  private readonly K: number;
  /** Per (step, instance+1): the constraint ids matching an edge, as a list head into `matchList`. */
  private readonly matchStart: Int32Array;
  private readonly matchList: Int32Array;
  private readonly width: number;
  private readonly strong: Uint8Array;
  // Scratch.
  private readonly member: Int32Array;
  private token = 0;
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly stack: Int32Array;
  private readonly cs: Int32Array;
  private readonly ci: Int32Array;

  /** Per edge: the constraint id of its per-binding fairness (F + tag), or -1 (from `g.edgeTag`). */
  private readonly edgeTag: Int32Array | undefined;
  /** Number of model constraints; constraint F + t is binding t of a per-binding one. */
  private readonly F: number;

  constructor(
    private readonly g: StateGraph<S>,
    fairness: readonly FairnessConstraint[],
    bindings: readonly FairBinding[],
  ) {
    const n = (this.n = g.size);
    // Constraints 0..F-1 are the model's (a per-binding one matches no edge itself: its bindings
    // F.. are the real constraints, so it is trivially met); F + t is binding t.
    this.F = fairness.length;
    this.K = fairness.length + bindings.length;
    this.edgeTag = g.edgeTag;
    const width = (this.width = g.model.instances.length + 1);
    const nSteps = g.model.steps.length;
    const lists: number[][] = Array.from({ length: nSteps * width }, () => []);
    fairness.forEach((c, ci) => {
      if (c.each !== undefined) return;
      for (const st of c.steps) {
        if (st < 0 || st >= nSteps) continue;
        if (c.instance >= 0) (lists[st * width + c.instance + 1] as number[]).push(ci);
        else for (let i = 0; i < width; i++) (lists[st * width + i] as number[]).push(ci);
      }
    });
    this.matchStart = new Int32Array(lists.length + 1);
    let total = 0;
    lists.forEach((l, i) => {
      this.matchStart[i] = total;
      total += l.length;
    });
    this.matchStart[lists.length] = total;
    this.matchList = new Int32Array(total);
    let k = 0;
    for (const l of lists) for (const x of l) this.matchList[k++] = x;
    this.strong = Uint8Array.from([...fairness.map((c) => c.kind), ...bindings.map((b) => (fairness[b.constraint] as FairnessConstraint).kind)], (k) =>
      k === "strong" ? 1 : 0,
    );
    this.member = new Int32Array(n);
    this.index = new Int32Array(n);
    this.low = new Int32Array(n);
    this.onStack = new Uint8Array(n);
    this.stack = new Int32Array(n);
    this.cs = new Int32Array(n);
    this.ci = new Int32Array(n);
  }

  /** Constraint ids an edge counts for: matchList[matchFrom(e) .. matchTo(e)). */
  private key(e: number): number {
    return this.g.step(e) * this.width + (this.g.edgeInst[e] as number);
  }

  /** The per-binding constraint edge e counts for, or -1. */
  private tagged(e: number): number {
    if (this.edgeTag === undefined) return -1;
    const t = this.edgeTag[e] as number;
    return t < 0 ? -1 : this.F + t;
  }

  /** Marks in `out` the constraints edge e counts for. */
  private mark(e: number, out: Uint8Array): void {
    const k = this.key(e);
    for (let j = this.matchStart[k] as number, je = this.matchStart[k + 1] as number; j < je; j++) out[this.matchList[j] as number] = 1;
    const t = this.tagged(e);
    if (t >= 0) out[t] = 1;
  }

  /**
   * Marks in `out` (length K) the constraints enabled at v. A self-loop (a step that changes nothing)
   * neither enables nor takes a constraint: TLA+'s WF_vars(A) / SF_vars(A) are about `<<A>>_vars`, the
   * A steps that change `vars` — so a PlusCal retry loop `L: if (c) goto L;` that stutters while c holds
   * is not "taking a step" then.
   */
  private enabledAt(v: number, out: Uint8Array): void {
    out.fill(0);
    const g = this.g;
    for (let e = g.edgeBegin(v), end = g.edgeEnd(v); e < end; e++) if (g.edgeTo[e] !== v) this.mark(e, out);
    // Steps whose successors fall outside the workload's state constraints are enabled too (TLC evaluates
    // ENABLED on the state), though the behaviour graph has no edge for them.
    const dropped = g.dropped.get(v);
    if (dropped === undefined) return;
    for (let i = 0; i < dropped.length; i += 3) {
      const k = (dropped[i] as number) * this.width + (dropped[i + 1] as number);
      for (let j = this.matchStart[k] as number, je = this.matchStart[k + 1] as number; j < je; j++) out[this.matchList[j] as number] = 1;
      const tag = dropped[i + 2] as number;
      if (tag >= 0 && this.edgeTag !== undefined) out[this.F + tag] = 1;
    }
  }

  /** Finds a fair component reachable from `sources` inside `allowed`; the closest one. */
  find(allowed: Uint8Array, sources: readonly number[], accept: Uint8Array | undefined): Found | undefined {
    const g = this.g;
    const n = this.n;
    // 1. BFS inside the allowed subgraph from the sources.
    const parentEdge = new Int32Array(n).fill(-1);
    const dist = new Int32Array(n).fill(-1);
    const order = new Int32Array(n);
    const root = new Int32Array(n);
    let qh = 0;
    let qt = 0;
    for (const s of sources) {
      if (dist[s] !== -1) continue;
      dist[s] = 0;
      root[s] = s;
      order[qt++] = s;
    }
    while (qh < qt) {
      const v = order[qh++] as number;
      for (let e = g.edgeBegin(v), end = g.edgeEnd(v); e < end; e++) {
        const w = g.edgeTo[e] as number;
        if (allowed[w] === 1 && dist[w] === -1) {
          dist[w] = (dist[v] as number) + 1;
          parentEdge[w] = e;
          root[w] = root[v] as number;
          order[qt++] = w;
        }
      }
    }
    if (qt === 0) return undefined;
    // 2. SCCs of the reached part, then fairness with SF refinement.
    let best: { comp: Int32Array; entry: number; score: number } | undefined;
    const rootOf = (v: number): number => root[v] as number;
    const consider = (comp: Int32Array): void => {
      // Entry: the member with the smallest score (depth of its source + distance from it).
      let entry = -1;
      let score = Infinity;
      for (const v of comp) {
        const sc = (g.depth[rootOf(v)] as number) + (dist[v] as number);
        if (sc < score) {
          score = sc;
          entry = v;
        }
      }
      if (entry >= 0 && (best === undefined || score < best.score)) best = { comp, entry, score };
    };
    const tok = ++this.token;
    for (let i = 0; i < qt; i++) this.member[order[i] as number] = tok;
    const work: Int32Array[] = [];
    this.tarjan(order.subarray(0, qt), tok, (c) => work.push(c));
    const en = new Uint8Array(this.K);
    const enabledSome = new Uint8Array(this.K);
    const disabledSome = new Uint8Array(this.K);
    const taken = new Uint8Array(this.K);
    while (work.length > 0) {
      const comp = work.pop() as Int32Array;
      this.components++;
      if (accept !== undefined) {
        let any = false;
        for (const v of comp) if (accept[v] === 1) any = true;
        if (!any) continue;
      }
      const ctok = ++this.token;
      for (const v of comp) this.member[v] = ctok;
      enabledSome.fill(0);
      disabledSome.fill(0);
      taken.fill(0);
      for (const v of comp) {
        this.enabledAt(v, en);
        for (let c = 0; c < this.K; c++) {
          if (en[c]) enabledSome[c] = 1;
          else disabledSome[c] = 1;
        }
        for (let e = g.edgeBegin(v), end = g.edgeEnd(v); e < end; e++) {
          if (this.member[g.edgeTo[e] as number] !== ctok || g.edgeTo[e] === v) continue;
          this.mark(e, taken);
        }
      }
      let wfBad = false;
      const sfBad: number[] = [];
      for (let c = 0; c < this.K; c++) {
        if (taken[c]) continue;
        if (this.strong[c]) {
          if (enabledSome[c]) sfBad.push(c);
        } else if (!disabledSome[c]) wfBad = true;
      }
      if (wfBad) continue;
      if (sfBad.length === 0) {
        consider(comp);
        continue;
      }
      // SF refinement: drop the states where a violated SF constraint is enabled.
      this.refinements++;
      const keep: number[] = [];
      for (const v of comp) {
        this.enabledAt(v, en);
        if (!sfBad.some((c) => en[c])) keep.push(v);
      }
      if (keep.length === 0) continue;
      const rtok = ++this.token;
      for (const v of keep) this.member[v] = rtok;
      this.tarjan(Int32Array.from(keep), rtok, (c) => work.push(c));
    }
    if (best === undefined) return undefined;
    const b = best as { comp: Int32Array; entry: number };
    const pathEdges: number[] = [];
    for (let x = b.entry; parentEdge[x] !== -1;) {
      const e = parentEdge[x] as number;
      pathEdges.push(e);
      x = g.edgeSource(e);
    }
    pathEdges.reverse();
    return { comp: b.comp, entry: b.entry, pathEdges, root: rootOf(b.entry), accept };
  }

  /** Iterative Tarjan over `nodes` (all with member === tok), following edges inside the set. */
  private tarjan(nodes: Int32Array, tok: number, emit: (comp: Int32Array) => void): void {
    const g = this.g;
    const { index, low, onStack, stack, cs, ci, member } = this;
    for (const v of nodes) index[v] = -1;
    let counter = 0;
    let sp = 0;
    for (const r of nodes) {
      if (index[r] !== -1) continue;
      let top = 0;
      cs[0] = r;
      ci[0] = g.edgeBegin(r);
      index[r] = low[r] = counter++;
      stack[sp++] = r;
      onStack[r] = 1;
      while (top >= 0) {
        const v = cs[top] as number;
        const e = ci[top] as number;
        if (e < g.edgeEnd(v)) {
          ci[top] = e + 1;
          const w = g.edgeTo[e] as number;
          if (member[w] !== tok) continue;
          if (index[w] === -1) {
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = 1;
            top++;
            cs[top] = w;
            ci[top] = g.edgeBegin(w);
          } else if (onStack[w] === 1 && (index[w] as number) < (low[v] as number)) {
            low[v] = index[w] as number;
          }
        } else {
          top--;
          if (top >= 0) {
            const u = cs[top] as number;
            if ((low[v] as number) < (low[u] as number)) low[u] = low[v] as number;
          }
          if (low[v] === index[v]) {
            let k = sp;
            do {
              k--;
            } while (stack[k] !== v);
            const comp = stack.slice(k, sp);
            for (let j = k; j < sp; j++) onStack[stack[j] as number] = 0;
            sp = k;
            emit(comp);
          }
        }
      }
    }
  }

  /** Builds the lasso for a found component: prefix to the entry, then a fair cycle inside it. */
  lasso(f: Found): Lasso<S> {
    const g = this.g;
    const cycleEdges = this.cycle(f);
    let prefix = g.traceTo(f.root);
    prefix = g.replay(prefix, f.pathEdges);
    const loopIndex = prefix.length;
    const full = g.replay(prefix, cycleEdges);
    return { prefix, cycle: full.slice(prefix.length), loopIndex, stutter: cycleEdges.length === 0 };
  }

  /** Edges of a fair cycle from f.entry back to it inside f.comp (empty: stuttering is fair there). */
  private cycle(f: Found): number[] {
    const g = this.g;
    const K = this.K;
    const tok = ++this.token;
    for (const v of f.comp) this.member[v] = tok;
    const taken = new Uint8Array(K);
    const disabledSeen = new Uint8Array(K);
    const enabledSeen = new Uint8Array(K);
    let acceptSeen = f.accept === undefined;
    const en = new Uint8Array(K);
    const visit = (v: number): void => {
      this.enabledAt(v, en);
      for (let c = 0; c < K; c++) {
        if (en[c]) enabledSeen[c] = 1;
        else disabledSeen[c] = 1;
      }
      if (f.accept !== undefined && f.accept[v] === 1) acceptSeen = true;
    };
    const take = (e: number): void => this.mark(e, taken);
    const unmet = (c: number): boolean => (this.strong[c] ? enabledSeen[c] === 1 && !taken[c] : !taken[c] && !disabledSeen[c]);
    const anyUnmet = (): boolean => {
      if (!acceptSeen) return true;
      for (let c = 0; c < K; c++) if (unmet(c)) return true;
      return false;
    };
    visit(f.entry);
    if (!anyUnmet()) return []; // stuttering at the entry is fair (and accepting)
    const edges: number[] = [];
    let cur = f.entry;
    // BFS scratch: parent edge per state, valid when seen[v] === epoch.
    const n = this.n;
    const parent = new Int32Array(n);
    const seen = new Int32Array(n);
    const queue = new Int32Array(f.comp.length);
    let epoch = 0;
    for (let guard = 0; guard < 4 * K + 8; guard++) {
      const closing = !anyUnmet();
      if (closing && cur === f.entry && edges.length > 0) return edges;
      // BFS inside the component from cur to the nearest state that meets an obligation (or the entry).
      epoch++;
      seen[cur] = epoch;
      parent[cur] = -1;
      let qt = 0;
      queue[qt++] = cur;
      let target = -1;
      let viaEdge = -1;
      const meets = (v: number): number => {
        // Returns -2 if visiting v meets something, an edge id if taking it meets something, -1 otherwise.
        if (closing) return v === f.entry && v !== cur ? -2 : -1;
        if (f.accept !== undefined && !acceptSeen && f.accept[v] === 1 && v !== cur) return -2;
        this.enabledAt(v, en);
        for (let c = 0; c < K; c++) if (!this.strong[c] && unmet(c) && !en[c]) return -2;
        for (let e = g.edgeBegin(v), end = g.edgeEnd(v); e < end; e++) {
          if (this.member[g.edgeTo[e] as number] !== tok || g.edgeTo[e] === v) continue;
          const k = this.key(e);
          for (let j = this.matchStart[k] as number, je = this.matchStart[k + 1] as number; j < je; j++) {
            if (unmet(this.matchList[j] as number)) return e;
          }
          const t = this.tagged(e);
          if (t >= 0 && unmet(t)) return e;
        }
        return -1;
      };
      for (let qh = 0; qh < qt && target < 0; qh++) {
        const v = queue[qh] as number;
        const m = meets(v);
        if (m !== -1) {
          target = v;
          viaEdge = m >= 0 ? m : -1;
          break;
        }
        for (let e = g.edgeBegin(v), end = g.edgeEnd(v); e < end; e++) {
          const w = g.edgeTo[e] as number;
          if (this.member[w] !== tok || seen[w] === epoch) continue;
          seen[w] = epoch;
          parent[w] = e;
          queue[qt++] = w;
        }
      }
      if (target < 0) {
        // The component is strongly connected and fair, so a target always exists.
        throw new Error("liveness: no fair cycle could be built inside a fair component (internal error)");
      }
      const path: number[] = [];
      for (let x = target; parent[x] !== -1;) {
        const e = parent[x] as number;
        path.push(e);
        x = g.edgeSource(e);
      }
      path.reverse();
      for (const e of path) {
        edges.push(e);
        take(e);
        visit(g.edgeTo[e] as number);
      }
      cur = target;
      if (viaEdge >= 0) {
        edges.push(viaEdge);
        take(viaEdge);
        cur = g.edgeTo[viaEdge] as number;
        visit(cur);
      }
    }
    throw new Error("liveness: fair cycle construction did not converge (internal error)");
  }
}
