/**
 * Remembering that a spec's `generated/` output is current, so `check` and `gen` skip recompiling.
 *
 * A spec's key hashes the path and text of every file in its `extends` chain, the generator's own
 * sources and the runtime location: equal keys give equal generated files. After a compile has shown
 * that `generated/<spec>/` matches, `<cache>/stamps/<key>` records a hash of those files; while both
 * the key and the files are unchanged the stamp says "current" without compiling. `<cache>` is the
 * project's `node_modules/.cache/spec2ts` (paths.ts `cacheRoot`).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { PACKAGE_ROOT, cacheRoot } from "./paths.js";

/** sha256 (truncated) over the generator's sources, the runtime location and the spec chain. */
export function cacheKey(sources: ReadonlyMap<string, string>, runtimeDir: string): string {
  const h = createHash("sha256");
  h.update(`generator ${generatorFingerprint()}\0runtime ${runtimeDir}\0`);
  for (const [file, text] of [...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) h.update(`${file}\0${text}\0`);
  return h.digest("hex").slice(0, 32);
}

/** True when a stamp says `dir` holds exactly what the spec with this key generates. */
export function stampMatches(key: string, dir: string): boolean {
  const onDisk = hashDir(dir);
  return onDisk !== undefined && read(stampPath(key)) === onDisk;
}

/** Records that `dir` is what the spec with this key generates (best effort). */
export function recordStamp(key: string, dir: string): void {
  const onDisk = hashDir(dir);
  if (onDisk === undefined) return;
  try {
    fs.mkdirSync(path.dirname(stampPath(key)), { recursive: true });
    fs.writeFileSync(stampPath(key), onDisk);
  } catch {
    // A stamp that cannot be written only costs a compile next time.
  }
}

/** What `recordModelDir` remembers about a spec file. */
interface FileRecord {
  readonly key: string;
  /** Display paths of the `extends` chain, as the linker found them. */
  readonly chain: readonly string[];
  /** The directory holding the spec's current model.ts, and the hash of its files. */
  readonly dir: string;
  readonly dirHash: string;
}

/**
 * The directory of a current model for `file`, without running the front end: the record left by the
 * last run says which files the chain had; if their texts still give the recorded key (a file's
 * `extends` is part of its text, so an unchanged chain cannot gain members) and the directory still
 * has the recorded content, it is current.
 */
export function lookupModelDir(file: string, runtimeDir: string, generatedMayServe: boolean): string | undefined {
  const raw = read(recordPath(file, runtimeDir));
  if (raw === undefined) return undefined;
  try {
    const rec = JSON.parse(raw) as FileRecord;
    // A spec whose model was last found in the cache (generated/ was stale then) may have a current
    // generated/ now: take the slow path, which prefers generated/. `generatedMayServe` is false when
    // generated/ cannot be used at all (the CLI runs compiled, or there is no generated model.ts).
    if (generatedMayServe && rec.dir.startsWith(cacheRoot())) return undefined;
    const sources = new Map<string, string>();
    for (const f of rec.chain) {
      const text = read(f);
      if (text === undefined) return undefined;
      sources.set(f, text);
    }
    return cacheKey(sources, runtimeDir) === rec.key && hashDir(rec.dir) === rec.dirHash ? rec.dir : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers that `dir` holds the current model of `file` (best effort). */
export function recordModelDir(file: string, runtimeDir: string, sources: ReadonlyMap<string, string>, dir: string): void {
  const dirHash = hashDir(dir);
  if (dirHash === undefined) return;
  const rec: FileRecord = { key: cacheKey(sources, runtimeDir), chain: [...sources.keys()], dir, dirHash };
  try {
    fs.mkdirSync(path.dirname(recordPath(file, runtimeDir)), { recursive: true });
    fs.writeFileSync(recordPath(file, runtimeDir), JSON.stringify(rec) + "\n");
  } catch {
    // Only costs a front-end run next time.
  }
}

function recordPath(file: string, runtimeDir: string): string {
  // The cache may serve several directories (a project's subdirectories, or every directory outside a
  // project): `file` is relative to the working directory, which is therefore part of the record's name.
  const id = createHash("sha256").update(`${process.cwd()}\0${file}\0${runtimeDir}`).digest("hex").slice(0, 32);
  return path.join(cacheRoot(), "files", `${id}.json`);
}

/** The files directly in `dir`, relative to the working directory (for stale-file detection). */
export function filesIn(dir: string): string[] {
  const names = fs.readdirSync(dir);
  const files = names.filter((n) => fs.statSync(path.join(dir, n)).isFile()).map((n) => `${dir}/${n}`);
  // A refining spec's output also holds its abstract spec's model (`abstract/model.ts`).
  if (names.includes("abstract") && fs.statSync(path.join(dir, "abstract")).isDirectory()) files.push(...filesIn(`${dir}/abstract`));
  return files;
}

function stampPath(key: string): string {
  return path.join(cacheRoot(), "stamps", key);
}

let generatorHash: string | undefined;

/** A hash of generator/**\/*.{ts,js}, so stamps and cached models die when the compiler changes. */
export function generatorFingerprint(): string {
  if (generatorHash !== undefined) return generatorHash;
  const h = createHash("sha256");
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js)$/.test(e.name))
        h.update(`${path.relative(PACKAGE_ROOT, p)}\0`)
          .update(fs.readFileSync(p))
          .update("\0");
    }
  };
  walk(path.join(PACKAGE_ROOT, "generator"));
  generatorHash = h.digest("hex");
  return generatorHash;
}

/** Hash of every file directly in `dir` (names and contents), or undefined when there is no model.ts. */
function hashDir(dir: string): string | undefined {
  if (!fs.existsSync(path.join(dir, "model.ts"))) return undefined;
  const h = createHash("sha256");
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isFile()) h.update(`${name}\0`).update(fs.readFileSync(p)).update("\0");
  }
  return h.digest("hex");
}

function read(p: string): string | undefined {
  try {
    return fs.readFileSync(p, "utf8");
  } catch {
    return undefined;
  }
}
