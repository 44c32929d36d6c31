import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FrameworkRegistry, InvariantError } from '../core';
import {
  NewerDatabaseError,
  NotADatabaseError,
  SchemaMismatchError,
  Store,
  StoreError,
  exportInspection,
  importInspection,
  importReplaces,
  inspectionExists,
  beingImported,
  openDatabase,
} from '../db';
import { serialiseInspection } from '../electron/files/inspection-files';
import { writeFileAtomically } from '../electron/files/write-atomically';
import { InputError, type InspectionArg, passphraseOf, readInspectionArg } from './input';
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
  /** Made when missing (import into a new data folder). */
  createsFolder?: boolean;
}

const json = (io: StoreIo, value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);
const backupView = (b: BackupInfo) => ({ name: b.name, path: b.path, createdAt: b.createdAt, reason: b.reason, bytes: b.bytes });

/** The data folder's lock, or a refusal naming who holds it (the app, or another command). */
function takeLock(ctx: StoreContext, what: string): DataFolderLock {
  try {
    return lockDataFolder(ctx.dataDir, what);
  } catch (e) {
    if (e instanceof DataFolderInUseError) throw new StoreRefusal(e.message);
    throw e;
  }
}

function withLock<T>(ctx: StoreContext, what: string, fn: () => T): T {
  const lock = takeLock(ctx, what);
  try {
    return fn();
  } finally {
    lock.release();
  }
}

async function withLockAsync<T>(ctx: StoreContext, what: string, fn: () => Promise<T>): Promise<T> {
  const lock = takeLock(ctx, what);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

/** An inspection file read exactly as the rest of the command line (and the app) reads one; problems become refusals. */
async function inspectionArg(path: string, passphraseFile: string | undefined): Promise<InspectionArg> {
  try {
    return await readInspectionArg(path, new FrameworkRegistry(), await passphraseOf(passphraseFile));
  } catch (e) {
    if (e instanceof InputError) throw new StoreRefusal(e.issues.length > 0 ? `${e.message}: ${e.issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ')}` : e.message);
    throw e;
  }
}

/** Opens the folder's store for one piece of work (under the caller's lock); refusals become messages. */
function withStore<T>(ctx: StoreContext, work: (store: Store) => T): T {
  let store: Store;
  try {
    store = new Store(openDatabase(ctx.databasePath), { frameworks: new FrameworkRegistry() });
  } catch (e) {
    if (e instanceof NewerDatabaseError || e instanceof NotADatabaseError || e instanceof SchemaMismatchError) throw new StoreRefusal(e.message);
    throw e;
  }
  try {
    return work(store);
  } catch (e) {
    if (e instanceof StoreError || e instanceof InvariantError) throw new StoreRefusal(e.message);
    throw e;
  } finally {
    store.db.close();
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
  // Import and export go through the app's own code: the same file reader (checksum, seal), the
  // same write path (every change logged with who and when) and the same file writer.
  import: {
    usage: 'fieldwork store import FILE --data-dir DIR [--replace | --keep-both] [--user NAME] [--accept-unchecked] [--passphrase-file F]',
    options: { replace: { type: 'boolean' }, 'keep-both': { type: 'boolean' }, user: { type: 'string' }, 'accept-unchecked': { type: 'boolean' }, 'passphrase-file': { type: 'string' } },
    createsFolder: true,
    run: (ctx) =>
      withLockAsync(ctx, 'fieldwork store import', async () => {
        const { values, positional } = ctx;
        if (positional.length !== 1) throw new StoreRefusal('give exactly one inspection file to import');
        if (values.replace && values['keep-both']) throw new StoreRefusal('give --replace or --keep-both, not both');
        const path = positional[0]!;
        const parsed = await inspectionArg(path, values['passphrase-file'] as string | undefined);
        if (parsed.checked === 'unchecked' && !values['accept-unchecked'])
          throw new StoreRefusal(`${path}: the file has no checksum, so Fieldwork cannot tell whether it was damaged after it was written; give --accept-unchecked to import it anyway. Nothing was imported.`);
        if (!parsed.file.inspection?.fieldworkStart && !parsed.file.inspection?.fieldworkEnd)
          throw new StoreRefusal(`${path}: inspection.fieldworkStart: an inspection needs its fieldwork dates to be imported`);
        const onDuplicate = values.replace ? ('replace' as const) : ('keep-both' as const);
        // As in the app: a replace takes a backup first, and the import's entry in the audit trail names it.
        let backup: string | null = null;
        const replaces = withStore(ctx, (store) => {
          // Refused before any backup is taken (importInspection refuses it too). The app is not running
          // (it would hold the folder's lock), so the import is one it stopped in: it takes it out at its next start.
          if (beingImported(store, parsed.file.id))
            throw new StoreRefusal('this inspection is still being imported: the app stopped part-way through importing it and takes that import out when it next starts. Start Fieldwork once, then import the file again. Nothing was imported.');
          return importReplaces(store, parsed.file, { onDuplicate });
        });
        if (replaces) {
          const db = new Database(ctx.databasePath, { readonly: true, fileMustExist: true });
          try {
            backup = (await backupNow(db, ctx.dataDir, 'before-import')).name;
          } finally {
            db.close();
          }
        }
        const source = { fileName: basename(path), sha256: createHash('sha256').update(await readFile(path)).digest('hex'), backup };
        return withStore(ctx, (store) => {
          if (values.user && !store.user()) store.setUserName(String(values.user));
          const dup = parsed.file.id ? inspectionExists(store, parsed.file.id) : undefined;
          if (dup && !values.replace && !values['keep-both'])
            throw new StoreRefusal(`the store already has this inspection (${dup.provider}, fieldwork from ${dup.fieldwork_start}); give --replace or --keep-both`);
          const before = store.changeCount();
          const inspectionId = importInspection(store, parsed.file, parsed.framework.revision, { onDuplicate, provider: { mode: 'auto' }, source });
          const insp = store.getInspection(inspectionId);
          return {
            inspectionId,
            formatVersion: parsed.file.formatVersion,
            provider: insp.provider.name,
            cases: insp.caseCount,
            changesLogged: store.changeCount() - before,
            ...(dup ? { replaced: Boolean(values.replace) } : {}),
          };
        });
      }),
  },
  export: {
    usage: 'fieldwork store export INSPECTION_ID|--all --data-dir DIR --out FILE|FOLDER',
    options: { all: { type: 'boolean' }, out: { type: 'string' } },
    run: (ctx) =>
      withLockAsync(ctx, 'fieldwork store export', async () => {
        const { values, positional } = ctx;
        const out = values.out as string | undefined;
        if (!out) throw new StoreRefusal('give --out FILE (or --out FOLDER with --all)');
        if (values.all ? positional.length !== 0 : positional.length !== 1) throw new StoreRefusal('give one INSPECTION_ID, or --all');
        if (!existsSync(ctx.databasePath)) throw new StoreRefusal(`${ctx.dataDir} has no Fieldwork data file (${DATABASE_FILE})`);
        // Files are built first (the store is read once, under the lock), then written atomically.
        const built = withStore(ctx, (store) => (values.all ? store.listInspections().map((i) => i.id) : [positional[0]!]).map((id) => ({ id, file: exportInspection(store, id) })));
        if (values.all) {
          if (existsSync(out) && !statSync(out).isDirectory()) throw new StoreRefusal(`--out ${out} is a file; with --all give a folder`);
          mkdirSync(out, { recursive: true });
        }
        const files: { inspectionId: string; path: string; cases: number; changes: number }[] = [];
        for (const { id, file } of built) {
          const path = values.all ? join(out, `${id}.fieldwork.json`) : out;
          await writeFileAtomically(path, serialiseInspection(file));
          files.push({ inspectionId: id, path: resolve(path), cases: file.cases.length, changes: file.changes?.length ?? 0 });
        }
        return values.all ? { dataDir: ctx.dataDir, files } : files[0];
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
  if (command.createsFolder) mkdirSync(dataDir, { recursive: true });
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
