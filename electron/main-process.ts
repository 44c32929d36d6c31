import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FrameworkRegistry } from '../core';
import { type BackupInfo, type Db, Store, backupNow, latestGoodBackup, listBackups, openDatabase, replaceWithBackup } from '../db';
import { type Dispatch, type Logger, createDispatcher } from './ipc/dispatch';
import { createHandlers } from './ipc/handlers';
import { NO_SERVICES, type MainServices } from './services';

export const DATABASE_FILE = 'fieldwork.sqlite';
const HOUR = 60 * 60 * 1000;

export interface MainProcessOptions {
  dataDir: string;
  version: string;
  log: Logger;
  nativeBinding?: string;
  now?: () => string;
  services?: MainServices;
  /** The user's name, set when the store has no user yet (tests; the app asks on first start instead). */
  user?: string;
}

/** The data file failed its integrity check: it is not used, and the latest good backup is offered. */
export class CorruptDatabaseError extends Error {
  readonly code = 'CORRUPT_DATABASE';
  constructor(
    readonly databasePath: string,
    readonly latestGood: BackupInfo | null,
  ) {
    super(
      `Fieldwork's data file failed its integrity check and has not been used. ${latestGood ? `The latest good backup is from ${latestGood.createdAt}.` : 'No good backup was found.'}`,
    );
  }
}

export interface Backups {
  now(reason?: 'start' | 'manual' | 'hourly'): Promise<BackupInfo>;
  list(): BackupInfo[];
  /** Backs up the current state, then swaps in the named backup and reopens it. */
  restore(name: string): Promise<BackupInfo>;
  /** Starts the hourly backups (the shell does; tests need not). */
  startHourly(): void;
}

export interface MainProcess {
  dispatch: Dispatch;
  readonly store: Store;
  readonly db: Db;
  databasePath: string;
  backups: Backups;
  close(): void;
}

interface Live {
  db: Db;
  store: Store;
  dispatch: Dispatch;
}

/**
 * Everything the main process does below the Electron shell: the store, backups and the IPC handlers.
 * It never imports `electron`, so the end-to-end tests and the crash tests run it under Node.
 */
export function startMainProcess(o: MainProcessOptions): MainProcess {
  mkdirSync(o.dataDir, { recursive: true });
  const databasePath = join(o.dataDir, DATABASE_FILE);
  const native = o.nativeBinding ? { nativeBinding: o.nativeBinding } : {};
  let timer: ReturnType<typeof setInterval> | undefined;

  const backups: Backups = {
    now: (reason = 'start') => backupNow(live.db, o.dataDir, reason),
    list: () => listBackups(o.dataDir),
    async restore(name) {
      const target = listBackups(o.dataDir).find((b) => b.name === name);
      if (!target) throw new Error(`No backup called ${name}`);
      await backupNow(live.db, o.dataDir, 'before-restore');
      live.db.close();
      replaceWithBackup(databasePath, target);
      live = open();
      return target;
    },
    startHourly() {
      timer ??= setInterval(() => void backupNow(live.db, o.dataDir, 'hourly').catch((e: unknown) => o.log.error('hourly backup failed', e)), HOUR);
      timer.unref?.();
    },
  };

  function open(): Live {
    const db = openDatabase(databasePath, native);
    if (db.pragma('integrity_check', { simple: true }) !== 'ok') {
      db.close();
      throw new CorruptDatabaseError(databasePath, latestGoodBackup(o.dataDir, native));
    }
    const frameworks = new FrameworkRegistry();
    const store = new Store(db, { ...(o.now ? { now: o.now } : {}), frameworks });
    if (o.user && !store.user()) store.setUserName(o.user);
    const handlers = createHandlers({
      store,
      frameworks,
      app: { version: o.version, dataPath: databasePath },
      services: o.services ?? NO_SERVICES,
      backups,
    });
    return { db, store, dispatch: createDispatcher(handlers, o.log) };
  }

  let live = open();
  return {
    dispatch: (message) => live.dispatch(message),
    get store() {
      return live.store;
    },
    get db() {
      return live.db;
    },
    databasePath,
    backups,
    close: () => {
      if (timer) clearInterval(timer);
      live.db.close();
    },
  };
}

/** For the shell when the data file is corrupt: swap in the latest good backup (the bad file is kept aside). */
export function restoreLatestGoodBackup(error: CorruptDatabaseError): void {
  if (!error.latestGood) throw new Error('No good backup to restore.');
  replaceWithBackup(error.databasePath, error.latestGood);
}
