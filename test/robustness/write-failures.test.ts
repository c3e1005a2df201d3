/**
 * Issue 14 item 6: full and read-only disks. `fmt`, `gen`, `--itf` and `--emit-test` write atomically
 * (temporary file in the same directory, fsync, rename): on ENOSPC or EROFS the original file is intact,
 * no temporary file is left, and the error is a clear I/O error with exit 2 — never "internal error".
 *
 * The CLI runs on a real 48 KiB tmpfs mounted in a private mount namespace (`unshare -rm`) when the
 * machine allows it; `writeFileAtomic` is also driven with failures injected at every file-system call.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { nodeFs, writeFileAtomic, IoError, type AtomicFs } from "../../cli/atomic-write.js";
import { lineEndings } from "../../cli/commands/fmt.js";
import { CAN_MOUNT_TMPFS, listFiles, MUTEX, RACY, run, tempProject, writeTree } from "./project.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A large, badly formatted spec: formatting it rewrites all of it. */
function bigUnformatted(): string {
  let s = MUTEX.replace(/\n {2}/g, "\n      ");
  for (let i = 0; i < 1200; i++) s += `invariant   I${i}  :  true ;\n`;
  return s;
}

/** Shell lines that mount a tmpfs of `kb` KiB on the project directory (`$0`), copying the project in. */
function tmpfsPrelude(kb: number, readOnly = false): string {
  return [
    'set -e; SRC="$0"; SAVE=$(mktemp -d); cp -a "$SRC/." "$SAVE/"',
    `mount -t tmpfs -o size=${kb}k tmpfs "$SRC"; cp -a "$SAVE/." "$SRC/"; rm -rf "$SAVE"`,
    readOnly ? 'mount -o remount,ro "$SRC"' : "",
    "set +e",
  ].join("\n");
}

const onTmpfs = CAN_MOUNT_TMPFS ? it : it.skip;

describe("issue 14 item 6: writes on a full or read-only file system (real tmpfs)", () => {
  onTmpfs("fmt on a full disk leaves the spec intact, removes its temporary file, exits 2 with ENOSPC", async () => {
    const dir = tempProject("enospc-fmt");
    dirs.push(dir);
    const text = bigUnformatted();
    writeTree(dir, { "big.tspec": text });
    // 48 KiB: the 40 KB spec fits once, not twice. The file list is printed from inside the namespace.
    const r = await run(dir, ["fmt", "big.tspec"], { prelude: tmpfsPrelude(48), postlude: 'ls -a "$0"; md5sum "$0/big.tspec"' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("cannot write big.tspec: no space left on the device (ENOSPC); the existing file is unchanged");
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).not.toMatch(/\.tmp-/);
    const md5 = (await import("node:crypto")).createHash("md5").update(text).digest("hex");
    expect(r.stderr).toContain(md5);
  });

  onTmpfs("fmt on a read-only file system exits 2 with EROFS and leaves the spec intact", async () => {
    const dir = tempProject("erofs-fmt");
    dirs.push(dir);
    writeTree(dir, { "m.tspec": bigUnformatted() });
    const r = await run(dir, ["fmt", "m.tspec"], { prelude: tmpfsPrelude(256, true) });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("the file system is read-only (EROFS)");
    expect(r.stderr).not.toContain("internal error");
  });

  onTmpfs("gen on a full disk exits 2 with ENOSPC and leaves no model.ts.tmp-PID and no partial file", async () => {
    const dir = tempProject("enospc-gen");
    dirs.push(dir);
    writeTree(dir, { "specs/m.tspec": MUTEX });
    // The spec and package.json fit (a 4 KB page each); the generated model (about 11 KB, three pages) does not.
    const r = await run(dir, ["gen"], {
      prelude: tmpfsPrelude(16),
      postlude: 'cd "$0"; find . -name "*tmp*"; for f in $(find generated -type f 2>/dev/null); do echo "LEFT $f $(wc -c < "$f")"; done',
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/cannot write generated\/m\/(model\.ts|m\.test\.ts): no space left on the device \(ENOSPC\)/);
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).not.toMatch(/tmp-/);
    // Whatever was written is whole: the same size as the files gen writes on a roomy disk.
    const roomy = tempProject("roomy-gen");
    dirs.push(roomy);
    writeTree(roomy, { "specs/m.tspec": MUTEX });
    expect((await run(roomy, ["gen"])).code).toBe(0);
    for (const m of r.stderr.matchAll(/^LEFT (\S+) (\d+)$/gm)) expect(Number(m[2]), m[1]).toBe(fs.statSync(path.join(roomy, m[1] as string)).size);
  });

  onTmpfs("spec2ts test on a read-only project reports each spec's unwritable model cache and goes on (exit 2)", async () => {
    const dir = tempProject("erofs-test");
    dirs.push(dir);
    writeTree(dir, { "a.tspec": MUTEX, "b.tspec": RACY });
    const r = await run(dir, ["test", "a.tspec", "b.tspec"], { prelude: tmpfsPrelude(256, true) });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.match(/cannot write the model cache/g)?.length, r.stderr).toBe(2);
    expect(r.stderr.match(/cannot write the model cache node_modules\/\.cache\/spec2ts\/\w+: the file system is read-only \(EROFS\)/g)?.length).toBe(2);
    expect(r.stderr).not.toContain("internal error");
  });

  onTmpfs("--itf on a read-only file system exits 2 (the search result is still printed)", async () => {
    const dir = tempProject("erofs-itf");
    dirs.push(dir);
    writeTree(dir, { "r.tspec": RACY });
    // Compile first (the model cache must exist before the file system turns read-only).
    expect((await run(dir, ["check", "r.tspec", "-q"])).code).toBe(1);
    const r = await run(dir, ["check", "r.tspec", "-q", "--itf", "t.itf.json"], { prelude: tmpfsPrelude(4096, true) });
    expect(r.stdout).toContain("Verdict: violated");
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("cannot write t.itf.json: the file system is read-only (EROFS)");
  });
});

/** node:fs with one call failing with `code` (after `skip` successful calls of that kind). */
function failing(call: keyof AtomicFs, code: string, partial = false): AtomicFs {
  const err = (): never => {
    throw Object.assign(new Error(`${code}: injected`), { code });
  };
  if (call === "writeSync" && partial) {
    // A short write first (as a filling disk does), then the failure.
    let n = 0;
    return { ...nodeFs, writeSync: (fd, b, o, l) => (n++ === 0 ? fs.writeSync(fd, b, o, Math.min(l, 100)) : err()) };
  }
  return { ...nodeFs, [call]: err };
}

describe("issue 14 item 6: writeFileAtomic with injected failures", () => {
  const calls: [keyof AtomicFs, string, boolean][] = [
    ["openSync", "EROFS", false],
    ["writeSync", "ENOSPC", false],
    ["writeSync", "ENOSPC", true],
    ["fsyncSync", "EIO", false],
    ["closeSync", "EIO", false],
    ["renameSync", "EACCES", false],
  ];
  for (const [call, code, partial] of calls) {
    it(`${call} failing with ${code}${partial ? " after a short write" : ""}: the original is intact, no temporary file, an IoError`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec2ts-atomic-"));
      dirs.push(dir);
      const file = path.join(dir, "spec.tspec");
      fs.writeFileSync(file, "original\n");
      fs.chmodSync(file, 0o640);
      let thrown: unknown;
      try {
        writeFileAtomic(file, "x".repeat(10_000), failing(call, code, partial));
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(IoError);
      expect((thrown as IoError).exitCode).toBe(2);
      expect((thrown as IoError).code).toBe(code);
      expect((thrown as IoError).message).toContain(`cannot write ${file}`);
      expect(fs.readFileSync(file, "utf8")).toBe("original\n");
      expect(listFiles(dir)).toEqual(["spec.tspec"]);
    });
  }

  it("replaces the file, keeping its permissions, when nothing fails", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec2ts-atomic-"));
    dirs.push(dir);
    const file = path.join(dir, "a.txt");
    fs.writeFileSync(file, "old");
    fs.chmodSync(file, 0o640);
    writeFileAtomic(file, "new");
    expect(fs.readFileSync(file, "utf8")).toBe("new");
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(listFiles(dir)).toEqual(["a.txt"]);
  });
});

describe("issue 14 item 6: fmt keeps a BOM and CRLF line endings", () => {
  it("lineEndings round-trips BOM + CRLF and leaves LF files alone", () => {
    const { text, restore } = lineEndings("\uFEFFa\r\nb\r\n");
    expect(text).toBe("a\nb\n");
    expect(restore("a\nb\nc\n")).toBe("\uFEFFa\r\nb\r\nc\r\n");
    expect(lineEndings("a\nb\n").restore("x\n")).toBe("x\n");
    // Mixed endings: normalised to LF (no half-converted file).
    expect(lineEndings("a\r\nb\n").restore("x\n")).toBe("x\n");
  });

  it("spec2ts fmt rewrites a BOM + CRLF spec keeping both, and then finds it formatted", async () => {
    const dir = tempProject("fmt-crlf");
    dirs.push(dir);
    const crlf = "\uFEFF" + MUTEX.replace(/\n {2}/g, "\n      ").replace(/\n/g, "\r\n");
    writeTree(dir, { "m.tspec": crlf });
    const r = await run(dir, ["fmt", "m.tspec"]);
    expect(r.code, r.stderr).toBe(0);
    const after = fs.readFileSync(path.join(dir, "m.tspec"), "utf8");
    expect(after.startsWith("\uFEFF")).toBe(true);
    expect(after.replace(/\r\n/g, "").includes("\n")).toBe(false);
    expect(after).not.toBe(crlf);
    expect((await run(dir, ["fmt", "--check", "m.tspec"])).code).toBe(0);
  });
});
