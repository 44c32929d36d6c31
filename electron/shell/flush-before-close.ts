/** How long closing the window waits for the page to write what the inspector just typed. */
export const FLUSH_TIMEOUT_MS = 3000;

/** The page's flush, as the shell calls it (the renderer installs window.__fieldworkFlush). */
export const FLUSH_SCRIPT = 'typeof window.__fieldworkFlush === "function" ? window.__fieldworkFlush().then(() => true) : false';

export type FlushOutcome = 'flushed' | 'nothing-to-flush' | 'timed-out' | 'failed';

/**
 * Runs the page's flush and waits for it, but never longer than the timeout: a hung page must not
 * stop the window closing.
 */
export async function flushBeforeClose(run: () => Promise<unknown>, timeoutMs = FLUSH_TIMEOUT_MS): Promise<FlushOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<FlushOutcome>((ok) => {
    timer = setTimeout(() => ok('timed-out'), timeoutMs);
  });
  const flushed = run().then(
    (r): FlushOutcome => (r === true ? 'flushed' : 'nothing-to-flush'),
    (): FlushOutcome => 'failed',
  );
  try {
    return await Promise.race([flushed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
