/** Ctrl-C during a long check: the search stops, partial statistics are printed, exit 3. */
import { describe, expect, it } from "vitest";
import { spec2ts } from "./helpers.js";

describe("SIGINT", () => {
  it("interrupts a long check with partial stats and exit 3", async () => {
    let sent = false;
    const r = await spec2ts(["check", "test/fixtures/cli/big.tspec", "--max-seconds", "60"], {
      onSpawn: (child, output) => {
        // The header is printed just before the search starts; interrupt a second into the search.
        const poll = setInterval(() => {
          if (!sent && output.stdout.includes("Big / all")) {
            sent = true;
            clearInterval(poll);
            setTimeout(() => child.kill("SIGINT"), 1000);
          }
        }, 50);
        child.on("close", () => clearInterval(poll));
      },
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("Verdict: incomplete — stopped by an interrupt");
    const states = /^([\d,]+) distinct states/m.exec(r.stdout)?.[1];
    expect(Number(states?.replace(/,/g, ""))).toBeGreaterThan(1000);
    expect(r.stderr).toContain("Interrupted");
  });
});
