// Every debounced saver registers here, so that text typed just before the page goes away is
// written first: on pagehide/beforeunload (reload, window close) and when the Electron shell asks
// before closing the window (it calls window.__fieldworkFlush and waits, bounded, for it).

type Flush = () => Promise<void>;
const flushes = new Set<Flush>();

declare global {
  interface Window {
    __fieldworkFlush?: () => Promise<void>;
  }
}

export function registerFlush(flush: Flush): () => void {
  flushes.add(flush);
  return () => void flushes.delete(flush);
}

/** Starts every pending write now (the requests leave synchronously) and resolves when all are written. */
export async function flushAll(): Promise<void> {
  await Promise.all([...flushes].map((f) => f()));
}

let installed = false;
export function installFlushOnExit(): void {
  if (installed) return;
  installed = true;
  window.__fieldworkFlush = flushAll;
  // The writes are sent before the page unloads; the main process completes them.
  const now = () => void flushAll();
  window.addEventListener('pagehide', now);
  window.addEventListener('beforeunload', now);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') now();
  });
}
