/**
 * The web views in a real headless Chromium (Debian's `chromium`, driven by playwright-core): the
 * counterexample page of `check --html` (stepping, highlighted changes, the lasso's cycle, no markup
 * from spec text) and the `spec2ts explore` server (choosing steps, going back, refusing other hosts).
 *
 * Needs /usr/bin/chromium (or CHROMIUM=path); `.ci/run` installs it. Set SPEC2TS_NO_BROWSER=1 to skip
 * these tests on a machine without a browser: they are then reported as skipped, never as passed.
 * UPDATE_SCREENSHOTS=1 also writes the screenshots used in docs/cli.md.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = path.resolve("cli/bin.js");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const skip = process.env.SPEC2TS_NO_BROWSER === "1";
const SHOTS = process.env.UPDATE_SCREENSHOTS === "1";

function cli(args: string[], cwd = process.cwd()): string {
  try {
    return execFileSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  } catch (e) {
    return (e as { stdout: string }).stdout;
  }
}

describe.skipIf(skip)("web views in headless Chromium", () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), set CHROMIUM, or SPEC2TS_NO_BROWSER=1 to skip`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec2ts-web-"));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("check --html: steps through the email's race with the changes highlighted", async () => {
    const file = path.join(dir, "race.html");
    cli(["check", "specs/pfncache/b2-6.2.tspec", "--workload", "refresh-deactivate", "--html", file, "-q"]);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^<!doctype html>/);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    await expect.poll(() => page.locator("#title").textContent()).toBe("PfnCacheB2 / refresh-deactivate");
    const rows = page.locator("tr.step");
    expect(await rows.count()).toBe(10);
    expect(await page.locator("#failure").textContent()).toContain("ValidImpliesActive");
    // Starts at the initial state, with nothing highlighted.
    expect(await page.locator("tr.step.selected td.idx").textContent()).toBe("1");
    expect(await page.locator("#vars tr.changed").count()).toBe(0);
    expect(await page.locator("#prev").isDisabled()).toBe(true);
    // Forward: the first step's changes are highlighted, and its spec line is shown.
    await page.keyboard.press("ArrowRight");
    expect(await page.locator("tr.step.selected td.idx").textContent()).toBe("2");
    expect(await page.locator("#vars tr.changed").count()).toBeGreaterThan(0);
    expect(await page.locator("#source pre.src span.hit").count()).toBe(1);
    // To the end and back with the buttons.
    await page.click("#last");
    expect(await page.locator("tr.step.selected td.idx").textContent()).toBe("10");
    expect(await page.locator("#next").isDisabled()).toBe(true);
    const last = await page.locator("#vars").textContent();
    expect(last).toContain("active");
    await page.click("#prev");
    expect(await page.locator("tr.step.selected td.idx").textContent()).toBe("9");
    // Clicking a row selects it.
    await rows.nth(4).click();
    expect(await page.locator("tr.step.selected td.idx").textContent()).toBe("5");
    if (SHOTS) {
      await page.click("#last");
      await page.screenshot({ path: "docs/images/trace-page.png" });
    }
    await page.close();
  }, 120_000);

  it("check --html: marks a liveness lasso's cycle", async () => {
    const file = path.join(dir, "lasso.html");
    cli(["check", "test/fixtures/liveness/spinlock.tspec", "--workload", "await-weak", "--html", file, "-q"]);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await expect.poll(() => page.locator("#loop").isVisible()).toBe(true);
    expect(await page.locator("#loop").textContent()).toMatch(/returns to state \d+/);
    expect(await page.locator("tr.step.cycle").count()).toBeGreaterThan(0);
    await page.close();
  }, 120_000);

  it("check --html: spec text stays text (no markup, no script)", async () => {
    const spec = path.join(dir, "hostile.tspec");
    fs.writeFileSync(
      spec,
      [
        "spec Hostile",
        "var x: 0..2 = 0;",
        "process P {",
        '  A: assert x == 1, "</script><script>document.title = \\"PWNED\\"</script><img src=x onerror=alert(1)>";',
        "}",
        "workload w { expect assertion; }",
        "",
      ].join("\n"),
    );
    const file = path.join(dir, "hostile.html");
    cli(["check", spec, "--html", file, "-q"], dir);
    const html = fs.readFileSync(file, "utf8");
    expect(html.match(/<script/g)?.length).toBe(2); // the data and the page script, nothing else
    const page = await browser.newPage();
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    await expect.poll(() => page.locator("#failure").textContent()).toContain("</script><script>");
    expect(await page.title()).toBe("Hostile / w");
    expect(await page.locator("img").count()).toBe(0);
    expect(dialogs).toBe(0);
    await page.close();
  }, 120_000);

  describe("spec2ts explore", () => {
    let server: ChildProcess;
    let url = "";

    beforeAll(async () => {
      server = spawn(process.execPath, [BIN, "explore", "specs/examples/mutex.tspec", "--workload", "two"], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NO_COLOR: "1" },
      });
      url = await new Promise<string>((resolve, reject) => {
        let out = "";
        server.stdout!.on("data", (b: Buffer) => {
          out += b.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) resolve(m[1]!);
        });
        server.on("exit", (code) => reject(new Error(`explore exited with ${code}: ${out}`)));
      });
    }, 120_000);

    afterAll(() => {
      server?.kill("SIGINT");
    });

    it("walks the state space: choose a step, see the state, go back", async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(url);
      await expect.poll(() => page.locator("#title").textContent()).toBe("Mutex / two");
      await expect.poll(() => page.locator("#succ li").count()).toBe(2); // Worker[1] and Worker[2] can enter
      expect(await page.locator("#invariants").textContent()).toContain("MutualExclusion");
      await page.locator("#succ li").first().click();
      await expect.poll(() => page.locator("#path li").count()).toBe(2);
      expect(await page.locator("#state-title").textContent()).toContain("Enter");
      expect(await page.locator("#vars tr.changed").count()).toBeGreaterThan(0);
      // Worker[1] holds the mutex now: Worker[2] cannot enter; only Worker[1]'s next step is enabled.
      await expect.poll(() => page.locator("#succ li").count()).toBe(1);
      expect(await page.locator("#locks").textContent()).toContain("Worker[1] holds m");
      if (SHOTS) await page.screenshot({ path: "docs/images/explore.png" });
      await page.click("#back");
      await expect.poll(() => page.locator("#path li").count()).toBe(1);
      await expect.poll(() => page.locator("#succ li").count()).toBe(2);
      await page.close();
    }, 120_000);

    it("answers only to 127.0.0.1 and localhost (no DNS rebinding)", async () => {
      const { port } = new URL(url);
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port: Number(port), path: "/api/meta", headers: { host: `evil.example:${port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
      expect(status).toBe(403);
      const unknown = await fetch(`${url}api/state?id=nope`);
      expect(unknown.status).toBe(404);
    });
  });
});
