/**
 * `spec2ts explore SPEC [--workload W] [--port N]`: serves a local page (127.0.0.1 only) to walk the
 * state space of one workload by hand: the current state in full, the invariants in it, the enabled
 * steps with what each would change, the path so far (click to go back). The page is
 * runtime/report/explore-page.ts; this file is its HTTP server. States live in the server's memory,
 * keyed by their fingerprint, so the page holds only ids.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { fingerprintHex, SpecError, type Model } from "../../runtime/index.js";
import { instanceName } from "../../runtime/search/format.js";
import { renderExplorePage } from "../../runtime/report/explore-page.js";
import { pageChanges, pageState, transitionTitle } from "../../runtime/report/page-data.js";
import { CliError, EXIT, type ExitCode } from "../exit.js";
import { loadSpec, selectWorkloads } from "../load.js";
import { println } from "../output.js";
import { requireSpecFile } from "../specs.js";

export interface ExploreOptions {
  readonly workload?: string;
  readonly port?: number;
}

/** The JSON the page asks for, computed from the model (exported for tests). */
export class ExploreSession<S> {
  private readonly states = new Map<string, S>();

  constructor(
    readonly model: Model<S>,
    private readonly sources: { readonly [file: string]: string },
  ) {}

  private idOf(s: S): string {
    const id = fingerprintHex(this.model, s);
    if (!this.states.has(id)) this.states.set(id, s);
    return id;
  }

  meta(): unknown {
    return { spec: this.model.spec, workload: this.model.workload, invariants: this.model.invariants.map((i) => i.name), sources: this.sources };
  }

  init(): unknown {
    const inits = this.model.init();
    const first = inits[0] === undefined ? undefined : this.model.view(inits[0]);
    return inits.map((s) => ({ id: this.idOf(s), differs: first === undefined ? [] : pageChanges(first, this.model.view(s)) }));
  }

  /** Undefined for an id the session never handed out. */
  state(id: string): unknown {
    const s = this.states.get(id);
    if (s === undefined) return undefined;
    const before = this.model.view(s);
    const successors: unknown[] = [];
    let error: string | undefined;
    try {
      this.model.successors(s, (t) =>
        successors.push({ id: this.idOf(t.state), ...transitionTitle(this.model, t), changes: pageChanges(before, this.model.view(t.state)) }),
      );
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      const who = e.instance >= 0 ? `${instanceName(this.model, e.instance)} ` : "";
      const step = e.step >= 0 ? (this.model.steps[e.step]?.name ?? "") : "";
      error = `${who}${step} fails: ${e.errorKind.replace("_", " ")}: ${e.message} (${e.loc})`;
    }
    const invariants = this.model.invariants.map((i) => {
      try {
        return { name: i.name, holds: i.holds(s) };
      } catch {
        return { name: i.name, holds: false };
      }
    });
    const status = error !== undefined ? "error" : successors.length > 0 ? "running" : this.model.done(s) ? "done" : "deadlock";
    const blocked = status === "deadlock" ? (this.model.blocked?.(s) ?? []).map((b) => `${instanceName(this.model, b.instance)}: ${b.reason}`) : [];
    return { state: pageState(this.model, s), invariants, status, blocked, successors, ...(error !== undefined ? { error } : {}) };
  }
}

/** The spec files the model's steps and invariants point into, read for the source panel. */
function specSources(model: Model<unknown>): { [file: string]: string } {
  const out: { [file: string]: string } = {};
  for (const loc of [...model.steps.map((s) => s.loc), ...model.invariants.map((i) => i.loc)]) {
    const file = /^(.*?):\d+(?::\d+)?$/.exec(loc)?.[1];
    if (file === undefined || file in out || !file.endsWith(".tspec")) continue;
    try {
      out[file] = fs.readFileSync(file, "utf8");
    } catch {
      // Unreadable: the page says the source is not available.
    }
  }
  return out;
}

function send(res: http.ServerResponse, code: number, type: string, body: string): void {
  res.writeHead(code, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(body);
}

/** Serves `session` until the returned server is closed. Refuses other hosts (DNS rebinding). */
export function serveExplorer<S>(session: ExploreSession<S>, port: number): Promise<http.Server> {
  const page = renderExplorePage(`${session.model.spec} / ${session.model.workload} — spec2ts explore`);
  const server = http.createServer((req, res) => {
    const addr = server.address() as AddressInfo;
    const host = req.headers.host ?? "";
    if (host !== `127.0.0.1:${addr.port}` && host !== `localhost:${addr.port}`)
      return send(res, 403, "text/plain", "spec2ts explore answers only on 127.0.0.1");
    if (req.method !== "GET") return send(res, 405, "text/plain", "GET only");
    const url = new URL(req.url ?? "/", `http://${host}`);
    try {
      switch (url.pathname) {
        case "/":
          return send(res, 200, "text/html; charset=utf-8", page);
        case "/api/meta":
          return send(res, 200, "application/json", JSON.stringify(session.meta()));
        case "/api/init":
          return send(res, 200, "application/json", JSON.stringify(session.init()));
        case "/api/state": {
          const s = session.state(url.searchParams.get("id") ?? "");
          return s === undefined ? send(res, 404, "text/plain", "unknown state id") : send(res, 200, "application/json", JSON.stringify(s));
        }
        default:
          return send(res, 404, "text/plain", "not found");
      }
    } catch (e) {
      return send(res, 500, "text/plain", e instanceof Error ? e.message : String(e));
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

export async function exploreCommand(file: string, o: ExploreOptions): Promise<ExitCode> {
  requireSpecFile(file);
  const { spec } = await loadSpec(file);
  const names = selectWorkloads(spec, file, o.workload);
  if (names.length !== 1) throw new CliError(`${file} has ${names.length} workloads; choose one with --workload (${names.join(", ")})`);
  const model = spec.createModel(names[0] as string);
  let server: http.Server;
  try {
    server = await serveExplorer(new ExploreSession(model, specSources(model)), o.port ?? 0);
  } catch (e) {
    throw new CliError(`cannot listen on 127.0.0.1:${o.port ?? 0}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { port } = server.address() as AddressInfo;
  println(`spec2ts explore: ${model.spec} / ${model.workload} at http://127.0.0.1:${port}/ (Ctrl-C to stop)`);
  return new Promise<ExitCode>((resolve) => {
    const stop = (): void => {
      server.close();
      server.closeAllConnections();
      resolve(EXIT.ok);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
