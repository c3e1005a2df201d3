/**
 * Ctrl-C (SIGINT) or SIGTERM during a search: the first signal aborts the search (the explorer returns an
 * `interrupted` incomplete result, whose partial statistics are printed, exit 3); a second one exits at
 * once with 128 + the signal number (130 for SIGINT, 143 for SIGTERM). SIGTERM is what CI runners,
 * `timeout` and container stops send, so it gets the same partial report as Ctrl-C (issue 14 item 10).
 *
 * The handlers run on the event loop, which a single state's evaluation can hold for as long as it runs
 * (an invariant over a huge domain). When the evaluation budget (runtime/contract/budget.ts) sees the explorer
 * silent for a second, the handlers are removed, so that the signals' default action — stop at once,
 * without a report — applies until the explorer polls again (issue 14 item 7). `--max-seconds` still
 * stops such an evaluation with a report.
 */
import { budget } from "../runtime/contract/budget.js";
import { eprintln, err } from "./output.js";

const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;

/** An AbortSignal fired by SIGINT or SIGTERM while `fn` runs. */
export async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const handlers = (Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]).map((name) => {
    const handler = (): void => {
      if (controller.signal.aborted) process.exit(SIGNALS[name]);
      controller.abort();
    };
    return [name, handler] as const;
  });
  const install = (): void => {
    for (const [name, handler] of handlers) process.on(name, handler);
  };
  const uninstall = (): void => {
    for (const [name, handler] of handlers) process.off(name, handler);
  };
  let warned = false;
  install();
  budget.onStuck = () => {
    uninstall();
    if (!warned) {
      warned = true;
      eprintln(
        err.yellow("note: evaluating one state is taking a long time; Ctrl-C now stops spec2ts at once, without a report (--max-seconds stops it with one)"),
      );
    }
  };
  budget.onUnstuck = install;
  try {
    return await fn(controller.signal);
  } finally {
    if (!budget.stuck) uninstall();
    budget.stuck = false;
    budget.onStuck = undefined;
    budget.onUnstuck = undefined;
  }
}
