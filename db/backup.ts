import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db, OpenOptions } from './connection';
import { fileShape, fsyncDir, fsyncFile, rowCount, verifyStoreFile, type Verdict } from './store-file';

export const BACKUP_FOLDER = 'backups';
export const BACKUPS_KEPT = 10;

export interface BackupInfo {
  name: string;
  path: string;
  createdAt: string;
  reason: string;
  bytes: number;
}

export type BackupReason = 'start' | 'hourly' | 'before-restore' | 'before-import' | 'manual';

const NAME = /^fieldwork-(\d{8}T\d{6}\d{3}Z)-([a-z-]+)\.sqlite$/;
/** Backups are written under this prefix and renamed to their real name only once verified. */
const PARTIAL = '.partial-';

export function stamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

export function backupDir(dataDir: string): string {
  return join(dataDir, BACKUP_FOLDER);
}

function infoOf(dir: string, name: string, m: RegExpExecArray): BackupInfo {
  const s = m[1]!;
  const createdAt = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
  return { name, path: join(dir, name), createdAt, reason: m[2]!, bytes: statSync(join(dir, name)).size };
}

/**
 * Newest first. Only whole SQLite files are listed: a cut-short, empty or foreign file under a backup's
 * name is never listed, so never counted among the ten kept and never offered for restore. (Whether a
 * listed backup passes its full integrity check is `verifyBackup`'s job: it reads every page.)
 */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, m: NAME.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null && fileShape(join(dir, x.name)) === 'sqlite')
    .map(({ name, m }) => infoOf(dir, name, m))
    .sort((a, b) => b.name.localeCompare(a.name));
}

export function verifyBackup(backup: BackupInfo, options: OpenOptions = {}): Verdict {
  return verifyStoreFile(backup.path, options);
}

/** Leftovers of a backup or restore that was interrupted: partial copies and their journals. */
export function cleanOrphans(dataDir: string, databasePath: string): string[] {
  const removed: string[] = [];
  const dir = backupDir(dataDir);
  if (existsSync(dir))
    for (const name of readdirSync(dir))
      if (name.startsWith(PARTIAL) || (/-(journal|wal|shm)$/.test(name) && NAME.test(name.replace(/-(journal|wal|shm)$/, '')))) {
        rmSync(join(dir, name), { force: true });
        removed.push(join(dir, name));
      }
  for (const suffix of ['', '-journal']) {
    const p = `${databasePath}.restoring${suffix}`;
    if (existsSync(p)) {
      rmSync(p, { force: true });
      removed.push(p);
    }
  }
  return removed;
}

export class BackupFailedError extends Error {
  readonly code = 'BACKUP_FAILED';
}

/**
 * A consistent copy through SQLite's online backup API (safe while the app writes), written under a
 * temporary name, verified (integrity check, version, schema), flushed to disk and only then renamed
 * to its real name. Then old backups are rotated: the newest ten are kept, and the newest backup that
 * holds more data than the current store is never deleted, so an emptied store cannot push out a full one.
 */
export async function backupNow(db: Db, dataDir: string, reason: BackupReason, now = new Date(), options: OpenOptions = {}): Promise<BackupInfo> {
  const dir = backupDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const name = `fieldwork-${stamp(now)}-${reason}.sqlite`;
  const temp = join(dir, `${PARTIAL}${name}`);
  rmSync(temp, { force: true });
  try {
    await db.backup(temp);
    const verdict = verifyStoreFile(temp, options);
    if (!verdict.ok) throw new BackupFailedError(`The backup could not be verified (${verdict.detail}); it was not kept.`);
    fsyncFile(temp);
    renameSync(temp, join(dir, name));
    fsyncDir(dir);
  } finally {
    rmSync(temp, { force: true });
    rmSync(`${temp}-journal`, { force: true });
  }
  rotate(dataDir, rowCount(db), options);
  return listBackups(dataDir).find((b) => b.name === name)!;
}

function rowsIn(path: string, options: OpenOptions): number {
  const v = verifyStoreFile(path, { ...options, quick: true });
  return v.ok ? v.rows : -1;
}

/** Keeps the newest ten, plus the newest backup holding more rows than the current store. */
export function rotate(dataDir: string, currentRows: number, options: OpenOptions = {}): BackupInfo[] {
  const all = listBackups(dataDir);
  const doomed = all.slice(BACKUPS_KEPT);
  if (doomed.length === 0) return [];
  const kept = all.slice(0, BACKUPS_KEPT);
  // Only needed when none of the kept ones holds more than the current store.
  if (!kept.some((b) => rowsIn(b.path, options) > currentRows)) {
    const fuller = doomed.findIndex((b) => rowsIn(b.path, options) > currentRows);
    if (fuller >= 0) doomed.splice(fuller, 1);
  }
  for (const old of doomed) rmSync(old.path, { force: true });
  return doomed;
}

export class RestoreRefusedError extends Error {
  readonly code = 'RESTORE_REFUSED';
}

/**
 * Step one of a restore: the backup is copied to a temporary file beside the data file, verified
 * (integrity check, version, schema) and flushed to disk. Nothing else is touched.
 */
export function stageRestore(databasePath: string, backupPath: string, options: OpenOptions = {}): string {
  const temp = `${databasePath}.restoring`;
  rmSync(temp, { force: true });
  copyFileSync(backupPath, temp);
  const verdict = verifyStoreFile(temp, options);
  if (!verdict.ok) {
    rmSync(temp, { force: true });
    throw new RestoreRefusedError(`That backup cannot be restored: ${verdict.detail}. Nothing was changed.`);
  }
  fsyncFile(temp);
  return temp;
}

/**
 * Step two: the staged copy is renamed over the data file, in one atomic step, so a kill at any moment
 * leaves either the old store or the restored one, never neither. The caller has closed the database
 * and backed up the current store if it could be read; `keepCurrent` also keeps the file being
 * replaced beside it (a hard link, so no copy), for a damaged store the backup API cannot read.
 * A WAL left beside the old file is kept aside, never deleted and never applied to the restored file.
 */
export function commitRestore(databasePath: string, o: { now?: Date; keepCurrent?: boolean } = {}): string | null {
  const now = o.now ?? new Date();
  const temp = `${databasePath}.restoring`;
  let kept: string | null = null;
  if (o.keepCurrent && existsSync(databasePath)) {
    kept = `${databasePath}.replaced-${stamp(now)}`;
    linkSync(databasePath, kept);
  }
  const wal = `${databasePath}-wal`;
  if (existsSync(wal)) {
    if (statSync(wal).size > 0) renameSync(wal, `${databasePath}.replaced-${stamp(now)}-wal`);
    else rmSync(wal, { force: true });
  }
  rmSync(`${databasePath}-shm`, { force: true });
  renameSync(temp, databasePath);
  fsyncDir(databasePath);
  return kept;
}

/** Both steps: puts a backup in place of the data file, atomically. */
export function replaceWithBackup(databasePath: string, backupPath: string, o: { now?: Date; keepCurrent?: boolean } & OpenOptions = {}): string | null {
  stageRestore(databasePath, backupPath, o);
  return commitRestore(databasePath, o);
}
