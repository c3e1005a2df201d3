/**
 * Ctrl-C during a search: the first SIGINT aborts the search (the explorer returns an `interrupted`
 * incomplete result, whose partial statistics are printed); a second one exits at once with 130.
 */

/** An AbortSignal fired by SIGINT while `fn` runs. */
export async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    return await fn(controller.signal);
  } finally {
    process.off("SIGINT", onSigint);
  }
}
