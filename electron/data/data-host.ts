import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ApiResult } from '../../core';
import type { BackupInfo } from '../../db';
import { CorruptDatabaseError } from '../main-process';
import type { MainServices } from '../services';
import { detachText } from './attachments';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';

/** The little of a worker the host uses: node:worker_threads' Worker has it, and so can a stand-in (Electron's utilityProcess, a test double). */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: ArrayBuffer[]): void;
  on(event: 'message', listener: (message: FromWorker) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number> | unknown;
}

export interface DataHostOptions extends WorkerInit {
  services: MainServices;
  log: { error(message: string, detail?: unknown): void };
  /** Starts the worker; by default a node:worker_threads Worker running data-worker. */
  spawn?: (init: WorkerInit) => WorkerLike;
}

/** The store, as the shell sees it once it runs in the data worker: the same dispatch, the same backups. */
export interface DataHost {
  dispatch(message: unknown): Promise<ApiResult<unknown>>;
  databasePath: string;
  /** The background integrity check's verdict, as MainProcess.integrity gives it. */
  integrity: Promise<CorruptDatabaseError | null>;
  backups: {
    now(): Promise<BackupInfo>;
    list(): Promise<BackupInfo[]>;
    restore(name: string): Promise<BackupInfo>;
    startHourly(): void;
  };
  close(): Promise<void>;
}

/** The worker's entry: the bundled file beside this one in the built app, the TypeScript source (through tsx) in tests. */
export function workerEntry(): { file: string } {
  const bundled = join(__dirname, 'data-worker.cjs');
  if (existsSync(bundled)) return { file: bundled };
  return { file: join(__dirname, 'data-worker.ts') };
}

/** A worker thread running `file`: the bundled .cjs as it is, TypeScript source through tsx's require hook. */
export function startThread(file: string, workerData: unknown): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, { workerData });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, workerData });
}

export function spawnThread(init: WorkerInit): WorkerLike {
  return startThread(workerEntry().file, init) as unknown as WorkerLike;
}

const WORKER_GONE = 'Fieldwork\'s data worker stopped. Please restart Fieldwork; your saved work is safe.';

/**
 * Starts the data worker and waits until its store is open. Rejects with CorruptDatabaseError when the
 * store fails its integrity check, as startMainProcess throws it, so the shell can offer a backup.
 */
export function startDataHost(o: DataHostOptions): Promise<DataHost> {
  const { services, log, spawn = spawnThread, ...init } = o;
  const worker = spawn(init);
  let nextId = 1;
  const results = new Map<number, (r: ApiResult<unknown>) => void>();
  const backups = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();
  let closed: (() => void) | null = null;
  let dead = false;
  let checked: (damage: CorruptDatabaseError | null) => void = () => {};
  const integrity = new Promise<CorruptDatabaseError | null>((resolve) => (checked = resolve));

  const fail = () => {
    dead = true;
    checked(null);
    for (const done of results.values()) done({ ok: false, error: { code: 'INTERNAL', message: WORKER_GONE } });
    results.clear();
    for (const b of backups.values()) b.fail(new Error(WORKER_GONE));
    backups.clear();
  };

  const serve = async (m: Extract<FromWorker, { type: 'service' }>) => {
    try {
      const value =
        m.name === 'printToPdf'
          ? await services.printToPdf(m.html, m.chrome)
          : m.name === 'chooseOpenPaths'
            ? await (services.chooseOpenPaths ?? (async (o) => [await services.chooseOpenPath(o)].filter((p): p is string => p !== null)))(m.options)
            : await services[m.name](m.options);
      worker.postMessage({ type: 'service-result', id: m.id, ok: true, value });
    } catch (e) {
      worker.postMessage({ type: 'service-result', id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  };

  const backup = <T>(op: 'now' | 'list' | 'restore' | 'startHourly', arg?: string): Promise<T> => {
    if (dead) return Promise.reject(new Error(WORKER_GONE));
    const id = nextId++;
    return new Promise<T>((ok, failed) => {
      backups.set(id, { ok: ok as (v: unknown) => void, fail: failed });
      worker.postMessage({ type: 'backup', id, op, ...(arg !== undefined ? { arg } : {}) });
    });
  };

  return new Promise<DataHost>((ready, refused) => {
    let started = false;
    worker.on('error', (e) => {
      log.error('data worker failed', e);
      if (!started) refused(e);
      fail();
    });
    worker.on('exit', () => {
      fail();
      closed?.();
    });
    worker.on('message', (m) => {
      switch (m.type) {
        case 'ready':
          started = true;
          ready({
            databasePath: m.databasePath,
            integrity,
            dispatch(message) {
              if (dead) return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: WORKER_GONE } });
              const id = nextId++;
              // A large file's text is moved to the data worker as bytes, not copied as a string.
              const { message: sent, attached } = detachText(message);
              return new Promise((done) => {
                results.set(id, done);
                if (attached) worker.postMessage({ type: 'dispatch', id, message: sent, attached }, [attached.bytes.buffer as ArrayBuffer]);
                else worker.postMessage({ type: 'dispatch', id, message });
              });
            },
            backups: {
              now: () => backup<BackupInfo>('now'),
              list: () => backup<BackupInfo[]>('list'),
              restore: (name) => backup<BackupInfo>('restore', name),
              startHourly: () => void backup('startHourly').catch((e: unknown) => log.error('hourly backups could not start', e)),
            },
            close: () =>
              dead
                ? Promise.resolve()
                : new Promise<void>((done) => {
                    closed = done;
                    worker.postMessage({ type: 'close' });
                  }),
          });
          return;
        case 'failed':
          refused(
            m.code === 'CORRUPT_DATABASE' && m.databasePath && m.damage ? new CorruptDatabaseError(m.databasePath, m.damage, m.latestGood ?? null) : Object.assign(new Error(m.message), { code: m.code }),
          );
          return;
        case 'integrity':
          checked(m.damage ? new CorruptDatabaseError(m.damage.databasePath, m.damage.damage, m.damage.latestGood) : null);
          return;
        case 'result':
          results.get(m.id)?.(m.result);
          results.delete(m.id);
          return;
        case 'backup-result': {
          const b = backups.get(m.id);
          backups.delete(m.id);
          if (m.ok) b?.ok(m.value);
          else b?.fail(new Error(m.message));
          return;
        }
        case 'service':
          void serve(m);
          return;
        case 'log':
          log.error(m.message, m.detail);
          return;
        case 'closed':
          void worker.terminate();
          return;
      }
    });
  });
}
