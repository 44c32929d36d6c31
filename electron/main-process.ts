import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FrameworkRegistry } from '../core';
import {
  type BackupInfo,
  CorruptDatabaseError,
  DATABASE_FILE,
  type DataFolderLock,
  type Db,
  NotADatabaseError,
  ReadOnlyFolderError,
  RestoreRefusedError,
  Store,
  backupNow,
  checkDataFolder,
  latestGoodBackup,
  listBackups,
  lockDataFolder,
  openDatabase,
  replaceWithBackup,
  stageRestore,
  commitRestore,
} from '../db';
import { type Dispatch, type Logger, createDispatcher } from './ipc/dispatch';
import { createHandlers } from './ipc/handlers';
import { NO_SERVICES, type MainServices } from './services';

export { CorruptDatabaseError, DATABASE_FILE };
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
  try {
    mkdirSync(o.dataDir, { recursive: true });
  } catch {
    throw new ReadOnlyFolderError(o.dataDir);
  }
  const databasePath = join(o.dataDir, DATABASE_FILE);
  const native = o.nativeBinding ? { nativeBinding: o.nativeBinding } : {};
  let timer: ReturnType<typeof setInterval> | undefined;
  // One process per data folder: a second app, a second user or `fieldwork store …` is refused here.
  const lock: DataFolderLock = lockDataFolder(o.dataDir, 'Fieldwork app', native);

  const backups: Backups = {
    now: (reason = 'start') => backupNow(live.db, o.dataDir, reason, new Date(), native),
    list: () => listBackups(o.dataDir),
    async restore(name) {
      const target = listBackups(o.dataDir).find((b) => b.name === name);
      if (!target) throw new RestoreRefusedError(`There is no backup called ${name}.`);
      // Copied and verified first (so rotation cannot take it away), then the current store is backed
      // up, so a mistaken restore loses nothing; then one atomic rename.
      stageRestore(databasePath, target.path, native);
      try {
        await backupNow(live.db, o.dataDir, 'before-restore', new Date(), native);
      } catch (e) {
        rmSync(`${databasePath}.restoring`, { force: true });
        throw e;
      }
      live.db.close();
      try {
        commitRestore(databasePath);
      } finally {
        live = open();
      }
      return target;
    },
    startHourly() {
      timer ??= setInterval(() => void backupNow(live.db, o.dataDir, 'hourly', new Date(), native).catch((e: unknown) => o.log.error('hourly backup failed', e)), HOUR);
      timer.unref?.();
    },
  };

  function open(): Live {
    let db: Db;
    try {
      db = openDatabase(databasePath, native);
    } catch (e) {
      if (e instanceof NotADatabaseError) throw new CorruptDatabaseError(databasePath, 'not-sqlite', latestGoodBackup(o.dataDir, native));
      throw e;
    }
    if (db.pragma('integrity_check', { simple: true }) !== 'ok') {
      db.close();
      throw new CorruptDatabaseError(databasePath, 'corrupt', latestGoodBackup(o.dataDir, native));
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

  let live: Live;
  try {
    checkDataFolder(o.dataDir, databasePath, native);
    live = open();
  } catch (e) {
    lock.release();
    throw e;
  }
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
      try {
        live.db.close();
      } finally {
        lock.release();
      }
    },
  };
}

/** For the shell when the data file is corrupt: swap in the latest good backup (the bad file is kept aside). */
export function restoreLatestGoodBackup(error: CorruptDatabaseError, options: { nativeBinding?: string } = {}): void {
  if (!error.latestGood) throw new Error('No good backup to restore.');
  const dataDir = dirname(error.databasePath);
  const lock = lockDataFolder(dataDir, 'Fieldwork app', options);
  try {
    replaceWithBackup(error.databasePath, error.latestGood.path, { ...options, keepCurrent: true });
  } finally {
    lock.release();
  }
}
