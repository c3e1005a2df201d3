/**
 * The main thread's side of the partitioned parallel search (owned-worker.ts): when it applies, and how
 * a counterexample is rebuilt from what the workers hand back.
 *
 * Why a second parallel search: in the shared-table search (parallel-worker.ts) every insert is an atomic
 * operation on a table both cores write, and each level ends by renumbering its states; a worker spent
 * about twice the sequential search's CPU per state, so two workers were slower than one on the packed
 * path. Here a key is inserted by the one worker that owns it, into its own table, in the sequential
 * order, with the sequential search's code; what crosses threads is a stream of keys per level. It needs
 * the successors' keys before any is inserted, so it takes the packed path only (no partial-order
 * reduction, symmetry, constraints or recorded analyses: those run on the shared-table search).
 */
import { initialStates, type Model } from "../contract/model.js";
import { Fingerprinter, fingerprintInto } from "../search/fingerprint.js";
import { findOwned } from "./owned-table.js";
import { workerStepsOf } from "./packed-worker-steps.js";
import { Columns, ownerOf } from "./owned-columns.js";
import type { OwnedBuffers, OwnedReport } from "./owned-protocol.js";

/** Whether a parallel search of `model` with these options runs partitioned (the packed step code, nothing that needs objects). */
export function ownedApplies(
  model: Model<unknown>,
  opts: { readonly stepCode?: "auto" | "packed" | "object"; readonly symmetry?: boolean; readonly por?: boolean },
): boolean {
  if (opts.por === true) return false;
  return (
    workerStepsOf(model, { ...(opts.stepCode !== undefined ? { stepCode: opts.stepCode } : {}), symmetry: opts.symmetry === true, por: false }) !== undefined
  );
}

/** The states the workers numbered: sequence number ↔ key, and parent links (built after the search). */
export class OwnedIndex {
  private readonly columns: Columns;
  private readonly bases: readonly number[];

  constructor(
    private readonly reports: readonly OwnedReport[],
    buffers: OwnedBuffers,
    private readonly escapes: ReadonlyMap<number, number>,
  ) {
    this.columns = new Columns(buffers.columns, reports.length);
    this.bases = reports[0]!.bases;
  }

  /** Bytes the search keeps for its states: the tables and the columns. */
  get bytes(): number {
    return this.reports.reduce((a, r) => a + r.tableBytes, 0) + this.columns.bytes;
  }

  /** The table entry of state `seq`: its owner and its index in the owner's table (entries are in sequential order). */
  entryOf(seq: number): readonly [number, number] {
    const o = this.columns.owner(seq);
    const bases = this.bases;
    // The level of `seq`: the last one starting at or before it.
    let l = 0;
    while (l + 1 < bases.length && (bases[l + 1] as number) <= seq) l++;
    let idx = this.reports[o]!.starts[l] as number;
    for (let s = bases[l] as number; s < seq; s++) if (this.columns.owner(s) === o) idx++;
    return [o, idx];
  }

  /** The entry of key (h1, h2): its owner and its index in the owner's table (−1: absent). */
  find(h1: number, h2: number): readonly [number, number] {
    const o = ownerOf(h2 | 0, this.reports.length);
    return [o, findOwned(this.reports[o]!.table, h1 | 0, h2 | 0)];
  }

  /** Sequence numbers from an initial state to state `seq`. */
  chain(seq: number): number[] {
    const out = [seq];
    for (let s = seq; ;) {
      const p = this.columns.parent(s, this.escapes);
      if (p === -1) break;
      if (p < 0 || p >= s) throw new Error("parallel BFS: a state of the trace has no parent link before it");
      out.push(p);
      s = p;
    }
    return out.reverse();
  }

  /**
   * Fingerprints of the states numbered `chain` (a path from an initial state): each found among the
   * successors of the one before by its sequence number (the tables keep keys, not numbers).
   */
  fingerprints(model: Model<unknown>, chain: readonly number[]): [number, number][] {
    const fp = new Fingerprinter(64);
    const out: [number, number][] = [];
    let states: readonly unknown[] = initialStates(model);
    chain.forEach((seq, i) => {
      const [o, idx] = this.entryOf(seq);
      const s = states.find((x) => {
        fingerprintInto(model, x, fp);
        const [o2, idx2] = this.find(fp.h1, fp.h2);
        return o2 === o && idx2 === idx;
      });
      if (s === undefined) throw new Error(`parallel BFS: no successor on the trace is state ${seq} (nondeterministic model?)`);
      fingerprintInto(model, s, fp);
      out.push([fp.h1 >>> 0, fp.h2 >>> 0]);
      if (i + 1 === chain.length) return;
      const next: unknown[] = [];
      model.successors(s, (t) => next.push(t.state));
      states = next;
    });
    return out;
  }
}
