import { Worker } from 'node:worker_threads';
import type { Db } from './connection';

/**
 * WAL checkpoints off the save path. By default SQLite checkpoints inside the commit that takes the WAL
 * past 1,000 pages, so every few hundred saves one save also copies the WAL into the database and syncs
 * it: in NORMAL mode that save took 400 times as long as the others. Here the writer never checkpoints
 * (wal_autocheckpoint = 0); a worker thread with a connection of its own runs a PASSIVE checkpoint every
 * `intervalMs`. PASSIVE takes no lock a writer waits for: saves go on while it copies. Once a
 * checkpoint has caught up, the next write starts the WAL again from the beginning, so the WAL holds
 * at most about `intervalMs` of writes (plus the checkpoint's own time), and `journal_size_limit`
 * gives the disk back after a burst (an import). On close the writer checkpoints in full and
 * truncates the WAL. A crash at any point is SQLite's ordinary WAL recovery: nothing here changes
 * what a commit guarantees.
 */
export interface Checkpoints {
  /** Stops the thread and closes its connection before returning (so the store file can be closed, swapped or restored). */
  stop(): void;
}

export interface CheckpointOptions {
  nativeBinding?: string;
  intervalMs?: number;
  /** What the WAL file is cut back to once it has been checkpointed (bytes). */
  walLimitBytes?: number;
}

// Plain CommonJS run by the worker. state[0]: 0 starting, 4 opening, 1 open and idle, 2 checkpointing,
// 3 closed (or never opened); state[1]: 1 once stop was asked. The writer's thread waits for 3 before closing.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const state = new Int32Array(workerData.state);
let db;
let timer;
const close = () => {
  clearInterval(timer);
  try { if (db) db.close(); } catch {}
  db = undefined;
  Atomics.store(state, 0, 3);
  Atomics.notify(state, 0);
  parentPort.close();
};
parentPort.on('message', (m) => { if (m === 'stop') close(); });
// Claim the start (4: opening); the writer's thread claims it first (3) when it stops before this ran.
if (Atomics.compareExchange(state, 0, 0, 4) !== 0) close();
else
  try {
    db = new Database(workerData.path, Object.assign({ fileMustExist: true }, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}));
    // Never wait for a lock: a checkpoint that cannot run now runs on the next tick.
    db.pragma('busy_timeout = 0');
    db.pragma('wal_autocheckpoint = 0');
    const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
    timer = setInterval(() => {
      if (Atomics.load(state, 1) === 1) return close();
      Atomics.store(state, 0, 2);
      try { checkpoint.run(); } catch (e) { parentPort.postMessage('checkpoint failed: ' + (e && e.message)); }
      Atomics.store(state, 0, 1);
      Atomics.notify(state, 0);
    }, workerData.intervalMs);
    Atomics.store(state, 0, 1);
    if (Atomics.load(state, 1) === 1) close();
  } catch (e) {
    parentPort.postMessage('checkpoints could not start: ' + (e && e.message));
    close();
  }
`;

/** Starts background checkpoints for the store at `path`, opened as `db` (the writer). */
export function startCheckpoints(db: Db, path: string, o: CheckpointOptions & { onError?: (message: string) => void } = {}): Checkpoints {
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`journal_size_limit = ${o.walLimitBytes ?? 4 * 1024 * 1024}`);
  const finish = () => {
    // The last connection: copy everything in and cut the WAL to nothing.
    if (db.open) db.pragma('wal_checkpoint(TRUNCATE)');
  };
  if (path === ':memory:') return { stop: () => {} };
  const state = new Int32Array(new SharedArrayBuffer(8));
  let worker: Worker | undefined;
  try {
    worker = new Worker(WORKER, {
      eval: true,
      workerData: { path, module: require.resolve('better-sqlite3'), nativeBinding: o.nativeBinding, intervalMs: o.intervalMs ?? 200, state: state.buffer },
    });
    worker.unref();
    worker.on('message', (m: string) => o.onError?.(m));
    worker.on('error', (e) => o.onError?.(`checkpoints stopped: ${e.message}`));
  } catch (e) {
    o.onError?.(`checkpoints could not start: ${(e as Error).message}`);
    // Without the thread the writer checkpoints as SQLite does by default.
    db.pragma('wal_autocheckpoint = 1000');
    return { stop: finish };
  }
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      Atomics.store(state, 1, 1);
      // A thread still starting sees the flag and never opens its connection.
      if (Atomics.compareExchange(state, 0, 0, 3) !== 0) {
        worker!.postMessage('stop');
        // Wait (briefly: it is idle, or one checkpoint from it) for the thread to close its connection,
        // so that this one closes last, checkpoints in full and removes the WAL.
        const deadline = Date.now() + 2000;
        for (let s = Atomics.load(state, 0); s !== 3 && Date.now() < deadline; s = Atomics.load(state, 0)) Atomics.wait(state, 0, s, 20);
      }
      void worker!.terminate();
      try {
        finish();
      } catch {
        // A store already closed, or one being swapped for a backup: the next open recovers the WAL.
      }
    },
  };
}
