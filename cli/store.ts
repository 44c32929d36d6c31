import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CorruptDatabaseError,
  DATABASE_FILE,
  DataFolderInUseError,
  RestoreRefusedError,
  backupNow,
  commitRestore,
  earlierData,
  fileShape,
  latestGoodBackup,
  listBackups,
  lockDataFolder,
  stageRestore,
  verifyStoreFile,
  type BackupInfo,
  type DataFolderLock,
} from '../db';

// `fieldwork store …`: a helpdesk's tools for a data folder, without the app. Each subcommand takes
// the same lock as the app, prints JSON on stdout, and exits 0 on success or 2 with a message on stderr.

export interface StoreIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** A refusal: exit 2, the message on stderr, and (when given) a JSON report on stdout. */
export class StoreRefusal extends Error {
  constructor(
    message: string,
    readonly report?: unknown,
  ) {
    super(message);
  }
}

export interface StoreContext {
  dataDir: string;
  databasePath: string;
  positional: string[];
  values: Record<string, string | boolean | undefined>;
  io: StoreIo;
}

export interface StoreCommand {
  usage: string;
  /** Extra options beyond --data-dir, in node:util parseArgs form. */
  options?: Record<string, { type: 'string' | 'boolean' }>;
  /** Whether it takes the data folder's lock (every command that reads or writes the store does). */
  run(ctx: StoreContext): Promise<unknown> | unknown;
}

const json = (io: StoreIo, value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);
const backupView = (b: BackupInfo) => ({ name: b.name, path: b.path, createdAt: b.createdAt, reason: b.reason, bytes: b.bytes });

function withLock<T>(ctx: StoreContext, what: string, fn: () => T): T {
  let lock: DataFolderLock;
  try {
    lock = lockDataFolder(ctx.dataDir, what);
  } catch (e) {
    if (e instanceof DataFolderInUseError) throw new StoreRefusal(e.message);
    throw e;
  }
  try {
    return fn();
  } finally {
    lock.release();
  }
}

async function withLockAsync<T>(ctx: StoreContext, what: string, fn: () => Promise<T>): Promise<T> {
  let lock: DataFolderLock;
  try {
    lock = lockDataFolder(ctx.dataDir, what);
  } catch (e) {
    if (e instanceof DataFolderInUseError) throw new StoreRefusal(e.message);
    throw e;
  }
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

/** The registry of `store` subcommands: others (import, export) are added beside these. */
export const STORE_COMMANDS: Record<string, StoreCommand> = {
  verify: {
    usage: 'fieldwork store verify --data-dir DIR',
    run: (ctx) =>
      withLock(ctx, 'fieldwork store verify', () => {
        const verdict = verifyStoreFile(ctx.databasePath);
        const backups = listBackups(ctx.dataDir);
        const good = verdict.ok ? null : latestGoodBackup(ctx.dataDir);
        const report = {
          dataDir: ctx.dataDir,
          store: { path: ctx.databasePath, ...verdict },
          backups: backups.length,
          ...(verdict.ok ? {} : { latestGoodBackup: good ? backupView(good) : null }),
        };
        const fresh = !verdict.ok && (verdict.reason === 'missing' || verdict.reason === 'empty') && !earlierData(ctx.dataDir, ctx.databasePath);
        if (!verdict.ok && !fresh)
          throw new StoreRefusal(
            `the store ${ctx.databasePath} is not usable: ${verdict.detail}.${good ? ` The latest good backup is ${good.name}: fieldwork store restore ${good.name} --data-dir ${ctx.dataDir}` : ' No good backup was found.'}`,
            report,
          );
        return report;
      }),
  },
  backups: {
    usage: 'fieldwork store backups --data-dir DIR',
    run: (ctx) =>
      withLock(ctx, 'fieldwork store backups', () => ({
        dataDir: ctx.dataDir,
        backups: listBackups(ctx.dataDir).map((b) => {
          const v = verifyStoreFile(b.path);
          return { ...backupView(b), verified: v.ok, ...(v.ok ? { version: v.version } : { problem: v.detail }) };
        }),
      })),
  },
  backup: {
    usage: 'fieldwork store backup --data-dir DIR',
    run: (ctx) =>
      withLockAsync(ctx, 'fieldwork store backup', async () => {
        const verdict = verifyStoreFile(ctx.databasePath);
        if (!verdict.ok) throw new StoreRefusal(`the store ${ctx.databasePath} cannot be backed up: ${verdict.detail}.`);
        // Read-only: a helpdesk backup never migrates or otherwise changes the store.
        const db = new Database(ctx.databasePath, { readonly: true, fileMustExist: true });
        try {
          return { dataDir: ctx.dataDir, backup: backupView(await backupNow(db, ctx.dataDir, 'manual')) };
        } finally {
          db.close();
        }
      }),
  },
  restore: {
    usage: 'fieldwork store restore BACKUP --data-dir DIR',
    run: (ctx) =>
      withLockAsync(ctx, 'fieldwork store restore', async () => {
        const [wanted, ...extra] = ctx.positional;
        if (!wanted || extra.length > 0) throw new StoreRefusal('give exactly one backup: its name (see fieldwork store backups) or its path');
        const target = listBackups(ctx.dataDir).find((b) => b.name === wanted || b.path === resolve(wanted)) ?? (existsSync(wanted) ? { name: basename(wanted), path: resolve(wanted) } : null);
        if (!target) throw new StoreRefusal(`there is no backup called ${wanted} in ${ctx.dataDir}; fieldwork store backups lists them`);
        try {
          stageRestore(ctx.databasePath, target.path);
        } catch (e) {
          if (e instanceof RestoreRefusedError) throw new StoreRefusal(e.message);
          throw e;
        }
        // The current store is backed up first when it can be read; a damaged one is kept beside it.
        let before: BackupInfo | null = null;
        const current = fileShape(ctx.databasePath) === 'sqlite' ? verifyStoreFile(ctx.databasePath) : null;
        if (current?.ok) {
          const db = new Database(ctx.databasePath, { readonly: true, fileMustExist: true });
          try {
            before = await backupNow(db, ctx.dataDir, 'before-restore');
          } finally {
            db.close();
          }
        }
        const kept = commitRestore(ctx.databasePath, { keepCurrent: !current?.ok });
        return { dataDir: ctx.dataDir, restored: target.name, from: target.path, before: before ? backupView(before) : null, keptAside: kept };
      }),
  },
};

export function storeUsage(): string {
  return Object.values(STORE_COMMANDS)
    .map((c) => `  ${c.usage}`)
    .join('\n');
}

/** `fieldwork store SUB …`: exit 0 with JSON, or 2 with a message. */
export async function runStore(args: string[], io: StoreIo): Promise<number> {
  const [sub, ...rest] = args;
  const command = sub ? STORE_COMMANDS[sub] : undefined;
  if (!command) {
    io.stderr(`fieldwork: ${sub ? `unknown store command "${sub}"` : 'give a store command'}\n${storeUsage()}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { 'data-dir': { type: 'string' }, ...(command.options ?? {}) } });
  } catch (e) {
    io.stderr(`fieldwork: ${(e as Error).message}\n  ${command.usage}\n`);
    return 2;
  }
  const dir = (parsed.values['data-dir'] as string | undefined) ?? process.env.FIELDWORK_DATA_DIR;
  if (!dir) {
    io.stderr(`fieldwork: give the data folder: --data-dir DIR\n  ${command.usage}\n`);
    return 2;
  }
  const dataDir = resolve(dir);
  if (!existsSync(dataDir)) {
    io.stderr(`fieldwork: ${dataDir}: no such folder\n`);
    return 2;
  }
  const ctx: StoreContext = { dataDir, databasePath: join(dataDir, DATABASE_FILE), positional: parsed.positionals, values: parsed.values, io };
  try {
    json(io, await command.run(ctx));
    return 0;
  } catch (e) {
    if (e instanceof StoreRefusal) {
      if (e.report !== undefined) json(io, e.report);
      io.stderr(`fieldwork: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CorruptDatabaseError) {
      io.stderr(`fieldwork: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
