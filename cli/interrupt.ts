/**
 * Ctrl-C (SIGINT) or SIGTERM during a search: the first signal aborts the search (the explorer returns an
 * `interrupted` incomplete result, whose partial statistics are printed, exit 3); a second one exits at
 * once with 128 + the signal number (130 for SIGINT, 143 for SIGTERM). SIGTERM is what CI runners,
 * `timeout` and container stops send, so it gets the same partial report as Ctrl-C (issue 14 item 10).
 */

const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;

/** An AbortSignal fired by SIGINT or SIGTERM while `fn` runs. */
export async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const handlers = (Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]).map((name) => {
    const handler = (): void => {
      if (controller.signal.aborted) process.exit(SIGNALS[name]);
      controller.abort();
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  try {
    return await fn(controller.signal);
  } finally {
    for (const [name, handler] of handlers) process.off(name, handler);
  }
}
