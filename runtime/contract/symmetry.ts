/**
 * Symmetry reduction: canonical fingerprints under permutations of interchangeable values.
 *
 * A spec's `symmetric type T = lo..hi;` declares a scalarset: the checker (generator/check) only lets
 * its values be compared with `==`/`!=`, stored, used as map keys and set elements, and bound by
 * quantifiers, so every permutation of T's values maps reachable states to reachable states and
 * preserves every invariant, assertion, lock error and deadlock. A `symmetric process P[self in T]`
 * has one instance per value of T, so the same permutation also permutes P's pids (pc, locals,
 * procedure frames, lock owners and `pid` values).
 *
 * The generated model supplies `encodePermuted(s, p, w)`: the canonical encoding of the permuted state,
 * written without building it. `SymmetryGroup.encodeCanonical` writes the lexicographically least of
 * these over the whole group (the product of the symmetric groups of every symmetric type), so two
 * states get one fingerprint exactly when one is a permutation of the other. The explorers use it
 * only with `symmetry: true`; traces stay concrete because replay matches successors by canonical
 * fingerprint (explore.ts), and every successor of a permuted state is the permutation of a successor.
 */
import type { StateWriter, Symmetry } from "./model.js";

/** One element of the group, as lookup tables. */
export interface SymPerm {
  /** Per symmetric type: value offset (`v - lo`) → permuted value (absolute, `lo + π(v - lo)`). */
  readonly values: readonly Int32Array[];
  /** Per symmetric type: ordinal in the permuted state → ordinal in the original (π⁻¹), for map keys. */
  readonly inverse: readonly Int32Array[];
  /** pid → permuted pid (identity outside symmetric processes). */
  readonly pid: Int32Array;
  /** Permuted pid → original pid. */
  readonly pidInverse: Int32Array;
}

/** A symmetric type of one workload: its name, least value and number of values. */
export interface SymmetricType {
  readonly name: string;
  readonly lo: number;
  readonly size: number;
}

/** The instances of one symmetric process: pids `first .. first+count-1`, indexed by `type`'s ordinals. */
export interface SymmetricInstances {
  /** Index into the symmetric types. */
  readonly type: number;
  readonly first: number;
  /** 0 (the workload does not run the process) or the size of the type. */
  readonly count: number;
}

/**
 * Largest group the checker enumerates (8! = 40320): each state is encoded once per element, so a
 * larger group costs more than it saves. Beyond it, `SymmetryGroup` refuses (turn symmetry off).
 */
export const MAX_PERMUTATIONS = 40_320;

/** All permutations of 0..n-1 in lexicographic order (the identity first). */
export function permutationsOf(n: number): Int32Array[] {
  const out: Int32Array[] = [];
  const a = Int32Array.from({ length: n }, (_, i) => i);
  for (;;) {
    out.push(a.slice());
    // Next lexicographic permutation (Narayana).
    let i = n - 2;
    while (i >= 0 && (a[i] as number) >= (a[i + 1] as number)) i--;
    if (i < 0) return out;
    let j = n - 1;
    while ((a[j] as number) <= (a[i] as number)) j--;
    [a[i], a[j]] = [a[j] as number, a[i] as number];
    a.subarray(i + 1).reverse();
  }
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/**
 * A writer that keeps the least encoding seen so far: while the current encoding equals the best one
 * it compares value by value; once it is smaller it records, once it is larger it stops recording (the
 * rest of that permutation's encoding is skipped for free). Nothing is allocated per state.
 */
class LeastWriter implements StateWriter {
  best: number[] = [];
  bestLen = 0;
  cur: number[] = [];
  pos = 0;
  /** 0: equal to best so far; -1: smaller; 1: larger (stop recording). */
  cmp = 0;
  /** `cmp === 1`: the generated encoder may return early (StateWriter.stop). */
  stop = false;

  start(): void {
    this.pos = 0;
    this.cmp = 0;
    this.stop = false;
  }

  /** The first encoding of a state: recorded unconditionally. */
  first(): void {
    this.pos = 0;
    this.cmp = -1;
    this.stop = false;
  }

  int(v: number): void {
    if (this.cmp === 0) {
      if (this.pos >= this.bestLen) {
        this.cmp = 1;
        this.stop = true;
      } else {
        const b = this.best[this.pos] as number;
        if (v < b) this.cmp = -1;
        else if (v > b) {
          this.cmp = 1;
          this.stop = true;
        }
      }
    }
    if (this.cmp !== 1) this.cur[this.pos] = v;
    this.pos++;
  }

  /** Ends one permutation's encoding; keeps it when it is the least so far. */
  end(): void {
    if (this.cmp === -1 || (this.cmp === 0 && this.pos < this.bestLen)) {
      const t = this.best;
      this.best = this.cur;
      this.cur = t;
      this.bestLen = this.pos;
    }
  }
}

/**
 * The symmetry group of one workload, and the canonical encoding it induces. Every generated model of
 * a symmetric spec builds one, so the permutation tables are only computed on first use (a search
 * without symmetry, or a group too large to use, costs nothing).
 */
export class SymmetryGroup<S> implements Symmetry<S> {
  readonly size: number;
  private table: readonly SymPerm[] | undefined;
  private readonly w = new LeastWriter();

  constructor(
    readonly types: readonly SymmetricType[],
    private readonly instances: readonly SymmetricInstances[],
    private readonly pidCount: number,
    private readonly encodeWith: (s: S, p: SymPerm, w: StateWriter) => void,
    private readonly permuteWith: (s: S, p: SymPerm) => S,
  ) {
    this.size = types.reduce((n, t) => n * factorial(t.size), 1);
  }

  /** The group's elements (the identity first); a RangeError beyond MAX_PERMUTATIONS. */
  get perms(): readonly SymPerm[] {
    if (this.table === undefined) {
      if (this.size > MAX_PERMUTATIONS) {
        const what = this.types.map((t) => `${t.name} (${t.size} values)`).join(", ");
        throw new RangeError(`symmetry reduction over ${what} needs ${this.size} permutations per state (limit ${MAX_PERMUTATIONS}); check without symmetry`);
      }
      const perType = this.types.map((t) => permutationsOf(t.size));
      const perms: SymPerm[] = [];
      const pick = (k: number, chosen: Int32Array[]): void => {
        if (k === this.types.length) {
          perms.push(this.element(chosen, this.instances, this.pidCount));
          return;
        }
        for (const p of perType[k] as Int32Array[]) pick(k + 1, [...chosen, p]);
      };
      pick(0, []);
      this.table = perms;
    }
    return this.table;
  }

  /** True when the group is small enough to enumerate (see MAX_PERMUTATIONS). */
  get usable(): boolean {
    return this.size <= MAX_PERMUTATIONS;
  }

  private element(chosen: readonly Int32Array[], instances: readonly SymmetricInstances[], pidCount: number): SymPerm {
    const values = chosen.map((p, k) => p.map((x) => x + (this.types[k] as SymmetricType).lo));
    const inverse = chosen.map((p) => {
      const inv = new Int32Array(p.length);
      p.forEach((x, i) => {
        inv[x] = i;
      });
      return inv;
    });
    const pid = Int32Array.from({ length: pidCount }, (_, i) => i);
    for (const b of instances) {
      const p = chosen[b.type] as Int32Array;
      for (let k = 0; k < b.count; k++) pid[b.first + k] = b.first + (p[k] as number);
    }
    const pidInverse = new Int32Array(pidCount);
    pid.forEach((x, i) => {
      pidInverse[x] = i;
    });
    return { values, inverse, pid, pidInverse };
  }

  encodeCanonical(s: S, out: StateWriter): void {
    const w = this.w;
    const perms = this.perms;
    w.first();
    this.encodeWith(s, perms[0] as SymPerm, w);
    w.end();
    for (let k = 1; k < perms.length; k++) {
      w.start();
      this.encodeWith(s, perms[k] as SymPerm, w);
      w.end();
    }
    const best = w.best;
    for (let i = 0; i < w.bestLen; i++) out.int(best[i] as number);
  }

  encodePermuted(s: S, k: number, w: StateWriter): void {
    this.encodeWith(s, this.perms[k] as SymPerm, w);
  }

  permute(s: S, k: number): S {
    return this.permuteWith(s, this.perms[k] as SymPerm);
  }
}

/** `f(o)` for `some(o)`, `none` kept (generated `permute` code for options). */
export function optMap<T, U>(o: T | null, f: (x: T) => U): U | null {
  return o === null ? null : f(o);
}
