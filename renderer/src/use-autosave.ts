import { useCallback, useEffect, useRef } from 'react';
import { registerFlush } from './pending-saves';

export interface DebouncedSaver {
  save: (key: string, value: string) => void;
  /** Saves everything still waiting, now; resolves when written. */
  flush: () => Promise<void>;
  /** Drops what is waiting for one key (the caller keeps the text; it cannot be saved yet). */
  cancel: (key: string) => void;
}

/**
 * Debounced saving for text typed by the inspector: each change restarts the timer, and
 * anything still pending when the component goes away is saved at once rather than dropped.
 */
export function useDebouncedSaver(write: (key: string, value: string) => Promise<unknown> | void, delayMs = 500): DebouncedSaver {
  const pending = useRef(new Map<string, { timer: ReturnType<typeof setTimeout>; value: string }>());
  const writeRef = useRef(write);
  writeRef.current = write;
  const flush = useCallback(async () => {
    const waiting = [...pending.current];
    pending.current.clear();
    await Promise.all(
      waiting.map(([key, p]) => {
        clearTimeout(p.timer);
        return writeRef.current(key, p.value);
      }),
    );
  }, []);
  // Leaving by any route unmounts the form: pending text is written then, and on page exit.
  useEffect(() => {
    const unregister = registerFlush(flush);
    return () => {
      unregister();
      void flush();
    };
  }, [flush]);
  const save = useCallback(
    (key: string, value: string) => {
      const p = pending.current.get(key);
      if (p) clearTimeout(p.timer);
      const timer = setTimeout(() => {
        pending.current.delete(key);
        void writeRef.current(key, value);
      }, delayMs);
      pending.current.set(key, { timer, value });
    },
    [delayMs],
  );
  const cancel = useCallback((key: string) => {
    const p = pending.current.get(key);
    if (p) clearTimeout(p.timer);
    pending.current.delete(key);
  }, []);
  return { save, flush, cancel };
}
