/** The bench's parsers of GNU time, SPIN, Rumur, TLC and `spec2ts check --json` output (no tool is run). */
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../bench/lib/args.js";
import { tlaJarCandidates } from "../../bench/lib/machine.js";
import { mutexnStates, parseClock, parseRumur, parseSpec2tsJson, parseSpin, parseTimeV, parseTlc, tlcConfig } from "../../bench/lib/parse.js";

const TIME_V = `	Command being timed: "node cli/bin.js check mutexn.tspec -w n4k4 --json --workers 1"
	User time (seconds): 3.74
	System time (seconds): 0.45
	Percent of CPU this job got: 58%
	Elapsed (wall clock) time (h:mm:ss or m:ss): 0:07.19
	Average shared text size (kbytes): 0
	Maximum resident set size (kbytes): 261728
	Major (requiring I/O) page faults: 0
	Exit status: 3
`;

// Trimmed from SPIN 6.5.2's pan, N=5 K=10 with -DBFS: the nominal count is printed in floating point.
const SPIN_BFS = `(Spin Version 6.5.2 -- 6 December 2019)
	+ Breadth-First Search
State-vector 76 byte, depth reached 160, errors: 0
 11200019 states, stored
	1.12e+07 nominal states (stored-atomic)
 28800001 states, matched
 40000020 transitions (= stored+matched)
       18 atomic steps
hash conflicts:  11782321 (resolved)
pan: elapsed time 52.5 seconds
`;

const SPIN_DFS = `(Spin Version 6.5.2 -- 6 December 2019)
State-vector 52 byte, depth reached 215, errors: 0
      161 states, stored
      225 states, matched
      386 transitions (= stored+matched)
       12 atomic steps
pan: elapsed time 0 seconds
`;

const RUMUR = `Status:

	No error found.

State Space Explored:

	160 states, 384 rules fired in 0s.
`;

const TLC = `Progress(100) at 2026-12-04 01:00:00: 9,876,543 states generated (1,234,567 s/min), 2,345,678 distinct states found, 12,345 states left on queue.
Model checking completed. No error has been found.
  Estimates of the probability that TLC did not check all reachable states
13107201 states generated, 3670016 distinct states found, 0 states left on queue.
The depth of the complete state graph search is 113.
`;

describe("GNU time -v", () => {
  it("reads user, system, wall, peak RSS and exit status", () => {
    expect(parseTimeV(TIME_V)).toEqual({ userSeconds: 3.74, systemSeconds: 0.45, wallSeconds: 7.19, maxRssBytes: 261728 * 1024, exitStatus: 3 });
  });
  it("reads a signal and clocks with hours", () => {
    const killed = TIME_V.replace("\tExit status: 3\n", "\tCommand terminated by signal 9\n\tExit status: 0\n");
    expect(parseTimeV(killed)?.signal).toBe(9);
    expect(parseClock("1:02:03")).toBe(3723);
    expect(parseClock("2:05.50")).toBe(125.5);
    expect(parseClock("7.19")).toBeUndefined();
  });
  it("refuses a report without the fields", () => {
    expect(parseTimeV("Command exited with non-zero status 1")).toBeUndefined();
  });
});

describe("peers' output", () => {
  it("SPIN BFS: stored − atomic steps − the pre-init state", () => {
    expect(parseSpin(SPIN_BFS)).toEqual({ distinctStates: 11_200_000, noError: true });
  });
  it("SPIN DFS: stored − the pre-init state", () => {
    expect(parseSpin(SPIN_DFS)).toEqual({ distinctStates: 160, noError: true });
    expect(parseSpin(SPIN_DFS.replace("errors: 0", "errors: 1"))?.noError).toBe(false);
    expect(parseSpin("pan: out of memory")).toBeUndefined();
  });
  it("Rumur", () => {
    expect(parseRumur(RUMUR)).toEqual({ distinctStates: 160, noError: true });
    expect(parseRumur(RUMUR.replace("No error found.", "Invariant violated"))?.noError).toBe(false);
    expect(parseRumur("no summary")).toBeUndefined();
  });
  it("TLC: the final count, not a progress line", () => {
    expect(parseTlc(TLC)).toEqual({ distinctStates: 3_670_016, noError: true });
    expect(parseTlc("Error: Invariant MutualExclusion is violated.\n12 states generated, 1,234 distinct states found, 3 states left on queue.")).toEqual({
      distinctStates: 1234,
      noError: false,
    });
  });
  it("spec2ts check --json", () => {
    const doc = { version: 1, workloads: [{ verdict: "incomplete", safety: "holds", workers: 2, stats: { distinctStates: 72216, seconds: 2.5 } }] };
    expect(parseSpec2tsJson(JSON.stringify(doc))).toEqual({
      distinctStates: 72216,
      noError: true,
      verdict: "incomplete",
      safety: "holds",
      workers: 2,
      searchSeconds: 2.5,
    });
    expect(parseSpec2tsJson("internal error")).toBeUndefined();
    expect(parseSpec2tsJson('{"version":1,"workloads":[]}')).toBeUndefined();
  });
});

describe("bench inputs", () => {
  it("mutexN's state formula matches the peers' README figures", () => {
    expect(mutexnStates(5, 8)).toBe(3_670_016);
    expect(mutexnStates(5, 10)).toBe(11_200_000);
    expect(mutexnStates(3, 2)).toBe(160);
  });
  it("writes TLC's constants", () => {
    expect(tlcConfig(5, 8)).toContain("N = 5\n  K = 8\n");
    expect(tlcConfig(5, 8)).toMatch(/^INVARIANT MutualExclusion$/m);
  });
  it("looks for the TLC jar in $TLA2TOOLS_JAR first", () => {
    expect(tlaJarCandidates({ TLA2TOOLS_JAR: "/x/tla2tools.jar" }, "/repo", "/home/u")[0]).toBe("/x/tla2tools.jar");
    expect(tlaJarCandidates({}, "/repo", "/home/u")[0]).toBe("/repo/.cache/tla2tools.jar");
  });
  it("parses the command line, with at least 3 rounds", () => {
    expect(parseArgs(["--quick"])).toEqual({ quick: true, rounds: 3 });
    expect(parseArgs(["--rounds", "5", "--only", "N5K8"])).toEqual({ quick: false, rounds: 5, only: "N5K8" });
    expect(parseArgs(["--rounds", "1"]).rounds).toBe(3);
    expect(parseArgs(["--rounds", "x"]).rounds).toBe(3);
  });
});
