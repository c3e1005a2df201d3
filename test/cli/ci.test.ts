/**
 * CI integration (issue 15 item 6) and `spec2ts init`, through the real CLI: `check --expect` exit
 * codes, `test --reporter junit|tap|json` (the JUnit XML checked against the rules of the common
 * Jenkins junit-10.xsd schema by a small validating parser, TAP 13 line by line, the JSON's shape),
 * `--output`, and init's scaffold, merge into an existing package.json and refusals (E820, E821).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCAFFOLD_SPEC } from "../../cli/commands/init.js";
import { hasStackTrace, spec2ts } from "./helpers.js";

let dir: string;
const BAD = SCAFFOLD_SPEC.replace("run Locked;\n  expect holds;", "run Locked;\n  expect violates NoLostUpdate;");

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec2ts-ci-"));
  fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "ci", "private": true }\n');
  fs.writeFileSync(path.join(dir, "good.tspec"), SCAFFOLD_SPEC);
  fs.writeFileSync(path.join(dir, "bad.tspec"), BAD);
  fs.writeFileSync(path.join(dir, "broken.tspec"), "spec Broken\nvar x: 0..1 = 0 <oops>;\n");
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("check --expect", () => {
  it("exits 0 when every workload is as expected, an expected violation included (1 without --expect)", async () => {
    const r = await spec2ts(["check", "good.tspec", "--expect", "-q"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Verdict: violated — invariant NoLostUpdate violated");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("--expect: as expected: all 2 workloads (exit 0)");
    expect((await spec2ts(["check", "good.tspec", "-q"], { cwd: dir })).code).toBe(1);
  });

  it("exits 1 and names the workloads that are not as expected", async () => {
    const r = await spec2ts(["check", "bad.tspec", "--expect", "-q"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Expectation: NOT as expected (expected violates NoLostUpdate, got no violation)");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("--expect: NOT as expected: locked (exit 1)");
  });

  it("with --json keeps stdout JSON and says it on stderr; a limit makes the expectation unknown (exit 3)", async () => {
    const r = await spec2ts(["check", "bad.tspec", "--expect", "--json", "-w", "racy"], { cwd: dir });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { workloads: { asExpected: boolean }[] }).workloads[0]?.asExpected).toBe(true);
    expect(r.stderr.trim()).toBe("--expect: as expected: the workload (exit 0)");
    const limited = await spec2ts(["check", "good.tspec", "--expect", "-q", "-w", "locked", "--max-states", "3"], { cwd: dir });
    expect(limited.code).toBe(3);
    expect(limited.stdout).toContain("--expect: unknown: locked (exit 3)");
  });
});

describe("test --reporter", () => {
  let junit: string;
  beforeAll(async () => {
    const r = await spec2ts(["test", "good.tspec", "bad.tspec", "broken.tspec", "--reporter", "junit"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[E"); // the broken spec's diagnostics still go to stderr
    expect(hasStackTrace(r.stderr)).toBe(false);
    junit = r.stdout;
  });

  it("junit: valid per the common JUnit schema, one suite per spec, failures and errors counted", () => {
    const root = parseXml(junit);
    validateJunit(root);
    expect(root.attrs).toMatchObject({ name: "spec2ts test", tests: "5", failures: "1", errors: "1" });
    const suites = root.children;
    // Specs in sorted order; one that does not compile first.
    expect(suites.map((s) => s.attrs.name)).toEqual(["broken.tspec", "bad.tspec", "good.tspec"]);
    const [broken, bad, good] = suites as [XmlNode, XmlNode, XmlNode];
    expect(broken.children[0]?.children[0]).toMatchObject({ name: "error", attrs: { type: "SpecError", message: "the spec does not compile" } });
    expect(broken.children[0]?.children[0]?.text).toContain("broken.tspec:2:");
    expect(good.attrs).toMatchObject({ tests: "2", failures: "0", errors: "0", package: "Counter" });
    expect(good.children.map((c) => [c.attrs.name, c.attrs.classname, c.children.length])).toEqual([
      ["workload locked", "Counter (good.tspec)", 0],
      ["workload racy", "Counter (good.tspec)", 0],
    ]);
    const failure = bad.children[0]?.children[0];
    expect(failure).toMatchObject({ name: "failure", attrs: { type: "NotAsExpected", message: "expected violates NoLostUpdate, got holds" } });
    expect(failure?.text).toContain("FAIL bad.tspec / locked");
  });

  it("tap: TAP version 13 with a plan, numbered results and YAML blocks for the failures", async () => {
    const r = await spec2ts(["test", "good.tspec", "bad.tspec", "--reporter", "tap"], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.slice(0, 2)).toEqual(["TAP version 13", "1..4"]);
    const results = lines.filter((l) => /^(not )?ok /.test(l));
    expect(results.map((l) => l.replace(/\(.*\)$/, "()"))).toEqual([
      "not ok 1 - bad.tspec / locked: not as expected",
      "ok 2 - bad.tspec / racy: violates NoLostUpdate ()",
      "ok 3 - good.tspec / locked: holds ()",
      "ok 4 - good.tspec / racy: violates NoLostUpdate ()",
    ]);
    const yaml = lines.slice(lines.indexOf("not ok 1 - bad.tspec / locked: not as expected") + 1);
    expect(yaml[0]).toBe("  ---");
    expect(yaml).toContain("  expected: violates NoLostUpdate");
    expect(yaml).toContain("  actual: holds");
    expect(yaml[yaml.indexOf("  ...") - 1]).toMatch(/^ {4}/);
    // Every line is TAP: the version, the plan, a result, or inside a YAML block (indented).
    for (const l of lines) expect(l).toMatch(/^(TAP version 13|1\.\.\d+|(not )?ok \d+ - .*| {2}.*)$/);
  });

  it("json: the documented shape; --output writes it to a file while the table is printed", async () => {
    const r = await spec2ts(["test", "good.tspec", "bad.tspec", "broken.tspec", "--reporter", "json", "-o", "report.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^spec\s+workload\s+expected\s+actual/);
    expect(r.stderr).toContain("wrote the json report to report.json");
    const report = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8")) as {
      format: string;
      version: number;
      summary: Record<string, unknown>;
      workloads: Record<string, unknown>[];
      errors: { file: string; internal: boolean; details: string }[];
    };
    expect(report.format).toBe("spec2ts-test");
    expect(report.version).toBe(1);
    expect(report.summary).toMatchObject({ workloads: 4, specs: 2, ok: 3, failed: 1, unknown: 0, specErrors: 1, interrupted: false, exitCode: 2 });
    expect(report.workloads[0]).toMatchObject({
      file: "bad.tspec",
      spec: "Counter",
      workload: "locked",
      expected: "violates NoLostUpdate",
      actual: "holds",
      status: "failed",
      states: 13,
      depth: 7,
      problems: ["expected violates NoLostUpdate, got no violation"],
    });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]?.details).toContain("error[E");
  });

  it("--output without --reporter, and an unknown reporter, are usage errors", async () => {
    const r = await spec2ts(["test", "good.tspec", "-o", "x.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--output writes a report: add --reporter junit, tap or json");
    const u = await spec2ts(["test", "good.tspec", "--reporter", "xml"], { cwd: dir });
    expect(u.code).toBe(2);
    expect(u.stderr).toContain("Allowed choices are table, junit, tap, json");
  });
});

describe("spec2ts init", () => {
  it("merges its scripts into an existing package.json, keeping the user's, then refuses to overwrite", async () => {
    const p = path.join(dir, "existing");
    fs.mkdirSync(p);
    fs.writeFileSync(
      path.join(p, "package.json"),
      JSON.stringify(
        { name: "x", scripts: { gen: "make gen", test: 'echo "Error: no test specified" && exit 1' }, devDependencies: { vitest: "^4" } },
        null,
        4,
      ),
    );
    const r = await spec2ts(["init", "existing"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("created existing/specs/counter.tspec");
    expect(r.stdout).toContain("added the scripts specs, test to existing/package.json");
    expect(r.stdout).toContain('kept your "gen" script in existing/package.json; spec2ts init would have used: spec2ts gen');
    expect(r.stdout).toContain("npm install --save-dev spec2ts");
    const text = fs.readFileSync(path.join(p, "package.json"), "utf8");
    expect(text).toMatch(/^\{\n {4}"name": "x"/);
    expect(JSON.parse(text)).toEqual({
      name: "x",
      scripts: { gen: "make gen", test: "spec2ts gen --check && vitest run", specs: "spec2ts test" },
      devDependencies: { vitest: "^4" },
    });
    fs.writeFileSync(path.join(p, "specs/counter.tspec"), "// mine\n");
    const again = await spec2ts(["init", "existing"], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr.trim()).toBe(
      "spec2ts: error: E820: existing/specs/counter.tspec, existing/test/counter.test.ts already exist; nothing was written (--force replaces them)",
    );
    expect(fs.readFileSync(path.join(p, "specs/counter.tspec"), "utf8")).toBe("// mine\n");
    const forced = await spec2ts(["init", "existing", "--force"], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("replaced existing/specs/counter.tspec");
    expect(fs.readFileSync(path.join(p, "specs/counter.tspec"), "utf8")).toBe(SCAFFOLD_SPEC);
  });

  it("the scaffolded spec is formatted and every workload gives its expected verdict", async () => {
    const p = path.join(dir, "fresh");
    const r = await spec2ts(["init", "fresh"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(p, "package.json"), "utf8"))).toMatchObject({ name: "fresh", private: true, type: "module" });
    expect((await spec2ts(["fmt", "--check", "specs/counter.tspec"], { cwd: p })).code).toBe(0);
    const t = await spec2ts(["test", "specs/counter.tspec"], { cwd: p });
    expect(t.code, t.stdout).toBe(0);
    expect(t.stdout).toContain("2 workloads in 1 spec: 2 ok, 0 failed");
  });

  it("E821: a target that is a file, and a package.json that is not JSON", async () => {
    fs.writeFileSync(path.join(dir, "afile"), "");
    const f = await spec2ts(["init", "afile"], { cwd: dir });
    expect(f.code).toBe(2);
    expect(f.stderr.trim()).toBe("spec2ts: error: E821: afile exists and is not a directory");
    fs.mkdirSync(path.join(dir, "badpkg"));
    fs.writeFileSync(path.join(dir, "badpkg/package.json"), "{ nope");
    const b = await spec2ts(["init", "badpkg"], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("spec2ts: error: E821: badpkg/package.json is not valid JSON");
    expect(fs.existsSync(path.join(dir, "badpkg/specs"))).toBe(false);
    expect(hasStackTrace(f.stderr + b.stderr)).toBe(false);
  });
});

// ---- a small XML parser (elements, attributes, text, entities) and the JUnit schema's rules

interface XmlNode {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlNode[];
  text: string;
}

function decode(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#(\d+)|#x([0-9a-f]+));/gi, (_, e: string, d?: string, h?: string) =>
    d !== undefined
      ? String.fromCodePoint(Number(d))
      : h !== undefined
        ? String.fromCodePoint(parseInt(h, 16))
        : (({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" } as Record<string, string>)[e] as string),
  );
}

/** Parses a well-formed XML document (throws on anything malformed: unbalanced tags, bare `<` or `&`). */
function parseXml(xml: string): XmlNode {
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  if (!decl) throw new Error("missing XML declaration");
  let i = decl[0].length;
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  while (i < xml.length) {
    if (xml[i] === "<") {
      const end = xml.indexOf(">", i);
      const tag = xml.slice(i + 1, end);
      i = end + 1;
      if (tag.startsWith("/")) {
        const open = stack.pop();
        if (open?.name !== tag.slice(1)) throw new Error(`</${tag.slice(1)}> closes <${open?.name}>`);
        continue;
      }
      const m = /^([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)$/.exec(tag);
      if (!m) throw new Error(`malformed tag <${tag}>`);
      const attrs: Record<string, string> = {};
      for (const a of (m[2] ?? "").matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
        if (Object.hasOwn(attrs, a[1] as string)) throw new Error(`duplicate attribute ${a[1]}`);
        attrs[a[1] as string] = decode(a[2] as string);
      }
      const node: XmlNode = { name: m[1] as string, attrs, children: [], text: "" };
      const parent = stack.at(-1);
      if (parent) parent.children.push(node);
      else if (root) throw new Error("two root elements");
      else root = node;
      if (m[3] !== "/") stack.push(node);
    } else {
      const next = xml.indexOf("<", i);
      const raw = xml.slice(i, next === -1 ? xml.length : next);
      if (/&(?!(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(raw) || raw.includes(">")) throw new Error(`unescaped text ${JSON.stringify(raw)}`);
      const parent = stack.at(-1);
      if (parent) parent.text += decode(raw);
      else if (raw.trim() !== "") throw new Error("text outside the root");
      i = next === -1 ? xml.length : next;
    }
  }
  if (stack.length > 0 || !root) throw new Error("unclosed elements");
  return root;
}

/** The element and attribute rules of the Jenkins xunit junit-10.xsd ("the common JUnit schema"). */
function validateJunit(root: XmlNode): void {
  const allowed = (n: XmlNode, attrs: string[], required: string[]): void => {
    for (const a of Object.keys(n.attrs)) expect(attrs, `attribute ${a} of <${n.name}>`).toContain(a);
    for (const a of required) expect(n.attrs, `<${n.name}> requires ${a}`).toHaveProperty(a);
  };
  const int = /^\d+$/;
  const decimal = /^\d+(\.\d+)?$/;
  expect(root.name).toBe("testsuites");
  allowed(root, ["name", "time", "tests", "failures", "disabled", "errors"], []);
  for (const suite of root.children) {
    expect(suite.name).toBe("testsuite");
    allowed(
      suite,
      ["name", "tests", "failures", "errors", "time", "disabled", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url", "version"],
      ["name", "tests"],
    );
    for (const k of ["tests", "failures", "errors", "skipped", "id"]) if (suite.attrs[k] !== undefined) expect(suite.attrs[k]).toMatch(int);
    expect(suite.attrs.time).toMatch(decimal);
    expect(suite.attrs.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(Number(suite.attrs.tests)).toBe(suite.children.filter((c) => c.name === "testcase").length);
    for (const tc of suite.children) {
      expect(["properties", "testcase", "system-out", "system-err"]).toContain(tc.name);
      if (tc.name !== "testcase") continue;
      allowed(tc, ["name", "assertions", "time", "classname", "status", "class", "file", "line", "log", "group", "url"], ["name"]);
      expect(tc.attrs.time).toMatch(decimal);
      for (const c of tc.children) {
        expect(["skipped", "error", "failure", "system-out", "system-err"]).toContain(c.name);
        if (c.name === "error" || c.name === "failure") allowed(c, ["message", "type"], []);
      }
    }
    const count = (kind: string): number => suite.children.filter((tc) => tc.children.some((c) => c.name === kind)).length;
    expect(Number(suite.attrs.failures)).toBe(count("failure"));
    expect(Number(suite.attrs.errors)).toBe(count("error"));
  }
}
