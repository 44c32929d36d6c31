import { Worker } from 'node:worker_threads';

export type IntegrityResult = 'ok' | 'damaged' | 'stopped' | `unchecked: ${string}`;

export interface IntegrityCheck {
  /** 'ok', 'damaged', 'stopped' when the store was closed first, or 'unchecked: why' when the check could not run. */
  result: Promise<IntegrityResult>;
  stop(): void;
}

// Plain CommonJS run by the worker: a read-only connection of its own, so the check never blocks the
// main thread (nor the window), and never writes.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
try {
  db = new Database(workerData.path, Object.assign({ readonly: true, fileMustExist: true }, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}));
  parentPort.postMessage(db.pragma('integrity_check', { simple: true }) === 'ok' ? 'ok' : 'damaged');
} catch (e) {
  parentPort.postMessage(e && (e.code === 'SQLITE_CORRUPT' || e.code === 'SQLITE_NOTADB') ? 'damaged' : 'error:' + (e && e.message));
} finally {
  if (db) db.close();
}
`;

/**
 * PRAGMA integrity_check on a worker thread: it reads every page (about 1 s at 189 MB, 10 s at 1.5 GB),
 * which must not hold up the window. A check that cannot run is reported as such (and logged by the
 * caller); the next start checks again.
 */
export function checkIntegrityInBackground(path: string, nativeBinding?: string): IntegrityCheck {
  let worker: Worker | undefined;
  let settle: (v: IntegrityResult) => void = () => {};
  const result = new Promise<IntegrityResult>((resolve) => (settle = resolve));
  try {
    worker = new Worker(WORKER, { eval: true, workerData: { path, module: require.resolve('better-sqlite3'), nativeBinding } });
    worker.unref();
    worker.once('message', (m: string) => settle(m === 'ok' || m === 'damaged' ? m : `unchecked: ${m.slice(6)}`));
    worker.once('error', (e) => settle(`unchecked: ${e.message}`));
    worker.once('exit', () => settle('stopped'));
  } catch (e) {
    settle(`unchecked: ${(e as Error).message}`);
  }
  return {
    result,
    stop() {
      settle('stopped');
      void worker?.terminate();
    },
  };
}
