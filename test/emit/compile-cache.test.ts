/**
 * The tests' compile cache (test/emit/helpers.ts `compileTo`): a spec compiled again with unchanged
 * inputs gives the same files, under another output name too, and a change to any member of its
 * `extends` chain compiles it anew.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileTo, SCRATCH } from "./helpers.js";

const DIR = path.join(SCRATCH, "cache-fixture-src");

const BASE = (doc: string): string => `spec Base

var x: 0..3 = 0;

/// ${doc}
process P[self in 1..2] {
  A: x = (x + 1) % 4;
}
`;
const CHILD = `spec Child extends "base.tspec"

workload w {
  expect holds;
}
`;

afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

const contents = (r: { files?: readonly { path: string; content: string }[] }, dir: string): Record<string, string> =>
  Object.fromEntries((r.files ?? []).map((f) => [path.relative(dir, f.path), f.content]));

describe("compileTo's cache", () => {
  it("reuses a compile only while the whole chain is unchanged", async () => {
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(path.join(DIR, "base.tspec"), BASE("first doc"));
    fs.writeFileSync(path.join(DIR, "child.tspec"), CHILD);
    const spec = path.join(DIR, "child.tspec");
    const a = await compileTo(spec, "cache-a");
    const b = await compileTo(spec, "cache-b");
    expect(contents(b, b.dir)).toEqual({
      ...contents(a, a.dir),
      "cache-b.test.ts": contents(a, a.dir)["cache-a.test.ts"] as string,
      "cache-a.test.ts": undefined,
    });
    expect(fs.existsSync(path.join(b.dir, "cache-b.test.ts"))).toBe(true);
    expect(a.files?.find((f) => f.path.endsWith("model.ts"))?.content).toContain("first doc");
    // The parent changes: the child's model must follow.
    fs.writeFileSync(path.join(DIR, "base.tspec"), BASE("second doc"));
    const c = await compileTo(spec, "cache-a");
    const model = c.files?.find((f) => f.path.endsWith("model.ts"))?.content ?? "";
    expect(model).toContain("second doc");
    expect(model).not.toContain("first doc");
    expect(fs.readFileSync(path.join(c.dir, "model.ts"), "utf8")).toBe(model);
  });
});
