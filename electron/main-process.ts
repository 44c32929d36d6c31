import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FrameworkRegistry, isCommandName } from '../core';
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
  discardUnfinishedImports,
  unfinishedImportNotice,
  UNFINISHED_IMPORT_NOT_REMOVED,
  latestGoodBackup,
  listBackups,
  lockDataFolder,
  openDatabase,
  replaceWithBackup,
  stageRestore,
  LATEST_VERSION,
  schemaVersionOf,
  verifyStoreFile,
  commitRestore,
  type Checkpoints,
  startCheckpoints,
} from '../db';
import { DAMAGED_MESSAGE, type Dispatch, type Logger, createDispatcher } from './ipc/dispatch';
import { createHandlers } from './ipc/handlers';
import { type IntegrityCheck, checkIntegrityInBackground } from './integrity';
import { NO_SERVICES, type MainServices } from './services';
import type { ReportRenderer } from './data/render-thread';
import { BUSY_MESSAGE } from './ipc/dispatch';
import { Jobs, READ_COMMANDS, TURN_COMMANDS } from './data/jobs';
import { type JobRunner, threadJobs } from './data/job-thread';

export { CorruptDatabaseError, DATABASE_FILE };
const HOUR = 60 * 60 * 1000;
export const IMPORT_RUNNING = 'An import is still running. Wait for it to finish or cancel it, then restore.';

export interface MainProcessOptions {
  dataDir: string;
  version: string;
  log: Logger;
  nativeBinding?: string;
  now?: () => string;
  services?: MainServices;
  /** The user's name, set when the store has no user yet (tests; the app asks on first start instead). */
  user?: string;
  /** Report rendering; the data worker passes its render thread, everything else renders in-process. */
  render?: ReportRenderer;
  /**
   * Where imports, exports and reports run: 'thread' (the data worker, the end-to-end tests) runs them
   * on the job thread with its own connection, so other commands are answered meanwhile; by default in-process.
   */
  longWork?: 'thread' | 'in-process';
}

export interface Backups {
  now(reason?: 'start' | 'manual' | 'hourly' | 'before-import'): Promise<BackupInfo>;
  list(): BackupInfo[];
  /** Backs up the current state, then swaps in the named backup and reopens it. */
  restore(name: string): Promise<BackupInfo>;
  /** Starts the hourly backups (the shell does; tests need not). */
  startHourly(): void;
}

export interface MainProcess {
  dispatch: Dispatch;
  /**
   * The full integrity check, run on a worker thread after the store opened (the window need not wait).
   * Resolves with the damage found, if any: from then on writes are refused and the shell offers the
   * latest good backup.
   */
  readonly integrity: Promise<CorruptDatabaseError | null>;
  readonly store: Store;
  readonly db: Db;
  /** The WAL checkpoints, run off the save path (db/checkpoints.ts); `stop` leaves the WAL to grow until close. */
  readonly checkpoints: Checkpoints;
  databasePath: string;
  backups: Backups;
  close(): void;
}

interface Live {
  db: Db;
  store: Store;
  dispatch: Dispatch;
  check: IntegrityCheck;
  checkpoints: Checkpoints;
  integrity: Promise<CorruptDatabaseError | null>;
  /** Damage was found: the connection is query-only and writes are refused. */
  blocked: boolean;
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
  // While an import writes on the job thread's connection, this connection must not wait for SQLite's
  // lock (it would block the loop): writes are held back by Jobs, and a read that writes after all
  // fails at once with SQLITE_BUSY and is run again after the turn.
  const jobs = new Jobs({
    onTurnStart: () => {
      if (live.db.open) live.db.pragma('busy_timeout = 0');
    },
    onTurnEnd: () => {
      // Closed meanwhile (the app quit during an import): there is nothing to restore.
      if (!live.db.open) return;
      live.db.pragma('busy_timeout = 5000');
      live.store.catchUp();
    },
  });
  let runner: JobRunner | undefined;
  // One process per data folder: a second app, a second user or `fieldwork store …` is refused here.
  const lock: DataFolderLock = lockDataFolder(o.dataDir, 'Fieldwork app', native);

  /**
   * An import writes between saves in turns of its own, on a connection of its own: a restore between
   * two of them would leave it writing to the store swapped out, and telling the inspector it was done.
   */
  const refuseWhileImportsRun = () => {
    if (jobs.importsRunning > 0) throw new RestoreRefusedError(IMPORT_RUNNING);
  };
  const backups: Backups = {
    now: (reason = 'start') => backupNow(live.db, o.dataDir, reason, new Date(), native),
    list: () => listBackups(o.dataDir),
    async restore(name) {
      const target = listBackups(o.dataDir).find((b) => b.name === name);
      if (!target) throw new RestoreRefusedError(`There is no backup called ${name}.`);
      refuseWhileImportsRun();
      // Copied and verified first (so rotation cannot take it away), then the current store is backed
      // up, so a mistaken restore loses nothing; then one atomic rename.
      stageRestore(databasePath, target.path, native);
      try {
        await backupNow(live.db, o.dataDir, 'before-restore', new Date(), native);
      } catch (e) {
        rmSync(`${databasePath}.restoring`, { force: true });
        throw e;
      }
      // Again after the backup above (an import may have started meanwhile); from here to the swap nothing else runs.
      try {
        refuseWhileImportsRun();
      } catch (e) {
        rmSync(`${databasePath}.restoring`, { force: true });
        throw e;
      }
      live.check.stop();
      live.checkpoints.stop();
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
    const frameworks = new FrameworkRegistry();
    const store = new Store(db, { ...(o.now ? { now: o.now } : {}), frameworks });
    if (o.user && !store.user()) store.setUserName(o.user);
    // What the inspector is told once the window is up (app.info): imports taken out at this start.
    let notices: string[];
    try {
      // An import the app stopped in (a crash, a quit) is taken out before anything reads the store.
      notices = discardUnfinishedImports(store).map(unfinishedImportNotice);
    } catch (e) {
      o.log.error('an unfinished import could not be taken out', e);
      notices = [UNFINISHED_IMPORT_NOT_REMOVED];
    }
    const handlers = createHandlers({
      store,
      frameworks,
      app: { version: o.version, dataPath: databasePath, notices },
      services: o.services ?? NO_SERVICES,
      ...(o.render ? { render: o.render } : {}),
      backups,
      jobs,
      ...(runner ? { longWork: runner } : {}),
    });
    const check = checkIntegrityInBackground(databasePath, o.nativeBinding);
    // Saves never checkpoint the WAL; a thread of its own does (db/checkpoints.ts).
    const checkpoints = startCheckpoints(db, databasePath, { ...native, onError: (m) => o.log.error('WAL checkpoints', m) });
    const self: Live = { db, store, dispatch: createDispatcher(handlers, o.log), check, checkpoints, blocked: false, integrity: Promise.resolve(null) };
    self.integrity = check.result.then((r) => {
      if (r.startsWith('unchecked')) o.log.error('integrity check could not run', r);
      if (r !== 'damaged' || live !== self) return null;
      // Block writes (reads go on, so nothing on screen is lost) and offer the latest good backup.
      self.blocked = true;
      db.pragma('query_only = 1');
      return new CorruptDatabaseError(databasePath, 'corrupt', latestGoodBackup(o.dataDir, native));
    });
    return self;
  }

  /** Before a migration writes to it, an older store is checked in full: it is a one-off upgrade. */
  function checkBeforeMigrating(): void {
    const version = schemaVersionOf(databasePath, native);
    if (version === null || version === 0 || version >= LATEST_VERSION) return;
    const verdict = verifyStoreFile(databasePath, native);
    if (!verdict.ok && verdict.reason === 'corrupt') throw new CorruptDatabaseError(databasePath, 'corrupt', latestGoodBackup(o.dataDir, native));
  }

  let live: Live;
  try {
    checkDataFolder(o.dataDir, databasePath, native);
    checkBeforeMigrating();
    if (o.longWork === 'thread') runner = threadJobs({ databasePath, ...native, backups: true }, jobs);
    live = open();
  } catch (e) {
    lock.release();
    throw e;
  }
  return {
    dispatch: async (message) => {
      const once = async () => {
        const at = live;
        const r = await at.dispatch(message);
        // A write refused by the query-only connection is about the damage, not permissions.
        if (at.blocked && !r.ok && (r.error.code === 'READ_ONLY' || r.error.code === 'INTERNAL')) return { ok: false as const, error: { code: 'STORE_DAMAGED' as const, message: DAMAGED_MESSAGE } };
        return r;
      };
      const { command, input } = (typeof message === 'object' && message !== null ? message : {}) as { command?: unknown; input?: { jobId?: unknown } };
      // A long command is followed by its job id (job.progress and job.cancel only name one).
      const jobId = typeof input?.jobId === 'string' && command !== 'job.progress' && command !== 'job.cancel' ? input.jobId : undefined;
      if (jobId) jobs.register(jobId);
      try {
        if (isCommandName(command) && READ_COMMANDS.has(command)) {
          const r = await once();
          if (!r.ok && r.error.message === BUSY_MESSAGE && jobs.writing) {
            await jobs.idle();
            return await once();
          }
          return r;
        }
        if (isCommandName(command) && TURN_COMMANDS.has(command)) return await once();
        return await jobs.write(() => {
          jobs.note(jobId, { phase: 'working' });
          return once();
        });
      } finally {
        if (jobId) jobs.finish(jobId);
      }
    },
    get integrity() {
      return live.integrity;
    },
    get store() {
      return live.store;
    },
    get db() {
      return live.db;
    },
    get checkpoints() {
      return live.checkpoints;
    },
    databasePath,
    backups,
    close: () => {
      if (timer) clearInterval(timer);
      void runner?.close();
      live.check.stop();
      try {
        live.checkpoints.stop();
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
