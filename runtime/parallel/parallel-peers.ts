/**
 * Worker-to-worker messages of the parallel BFS, received synchronously: a worker blocked in its search
 * loop never returns to its event loop, so it pulls messages with `receiveMessageOnPort`. Each pair of
 * workers has one MessageChannel; messages are tagged (a new table, a batch of donated states) and a
 * message of another kind than the one awaited is kept for later, so the two kinds can interleave.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { RehashScratch, TableBuffers } from "./shared-table.js";
import type { LevelPiece } from "./parallel-frontier.js";

export type PeerMessage =
  /** A grown table (undefined: none) and, with new slots, the transient buffers of their rebuild (null: entry by entry). */
  | { readonly kind: "table"; readonly buffers: TableBuffers | undefined; readonly scratch: RehashScratch | null }
  /** Moved states: objects (`states`) or, for a packed model, their words (`words`), plus fingerprints and table entries. */
  | ({ readonly kind: "states" } & LevelPiece);

export class Peers {
  private readonly kept: PeerMessage[][];
  /** Something to sleep on while a message is in flight (never notified: we only use the timeout). */
  private readonly nap = new Int32Array(new SharedArrayBuffer(4));

  /** `ports[w]`: the channel to worker w (null for oneself). */
  constructor(
    private readonly ports: readonly (MessagePort | null)[],
    /** Called while waiting; throws to give up (see parallel-control.ts `checkAbort`). */
    private readonly onWait: () => void,
  ) {
    this.kept = ports.map(() => []);
  }

  send(to: number, m: PeerMessage, transfer: ArrayBuffer[] = []): void {
    this.ports[to]!.postMessage(m, transfer);
  }

  /** The next message of `kind` from worker `from`, waiting for it. */
  receive<K extends PeerMessage["kind"]>(from: number, kind: K): Extract<PeerMessage, { kind: K }> {
    const kept = this.kept[from]!;
    const i = kept.findIndex((m) => m.kind === kind);
    if (i >= 0) return kept.splice(i, 1)[0] as Extract<PeerMessage, { kind: K }>;
    for (;;) {
      const r = receiveMessageOnPort(this.ports[from]!) as { message: PeerMessage } | undefined;
      if (r === undefined) {
        // Posted already (the sender is past the point where it posts), but not delivered yet.
        Atomics.wait(this.nap, 0, 0, 0.05);
        this.onWait();
        continue;
      }
      if (r.message.kind === kind) return r.message as Extract<PeerMessage, { kind: K }>;
      kept.push(r.message);
    }
  }
}
