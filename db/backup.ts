import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db, OpenOptions } from './connection';

export const BACKUP_FOLDER = 'backups';
export const BACKUPS_KEPT = 10;

export interface BackupInfo {
  name: string;
  path: string;
  createdAt: string;
  reason: string;
  bytes: number;
}

const NAME = /^fieldwork-(\d{8}T\d{6}\d{3}Z)-([a-z-]+)\.sqlite$/;

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

export function backupDir(dataDir: string): string {
  return join(dataDir, BACKUP_FOLDER);
}

/** Newest first. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, m: NAME.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map(({ name, m }) => {
      const s = m[1]!;
      const createdAt = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
      return { name, path: join(dir, name), createdAt, reason: m[2]!, bytes: statSync(join(dir, name)).size };
    })
    .sort((a, b) => b.name.localeCompare(a.name));
}

/**
 * A consistent copy through SQLite's online backup API (safe while the app writes), then only
 * the newest ten are kept.
 */
export async function backupNow(db: Db, dataDir: string, reason: 'start' | 'hourly' | 'before-restore' | 'manual', now = new Date()): Promise<BackupInfo> {
  const dir = backupDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const name = `fieldwork-${stamp(now)}-${reason}.sqlite`;
  await db.backup(join(dir, name));
  for (const old of listBackups(dataDir).slice(BACKUPS_KEPT)) rmSync(old.path, { force: true });
  return listBackups(dataDir).find((b) => b.name === name)!;
}

/** True when the file opens as SQLite and passes PRAGMA integrity_check. */
export function passesIntegrityCheck(path: string, options: OpenOptions = {}): boolean {
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    return db.pragma('integrity_check', { simple: true }) === 'ok';
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

export function latestGoodBackup(dataDir: string, options: OpenOptions = {}): BackupInfo | null {
  return listBackups(dataDir).find((b) => passesIntegrityCheck(b.path, options)) ?? null;
}

/**
 * Puts a backup in place of the data file. The file it replaces is kept beside it (renamed), never
 * deleted, so even a mistaken restore loses nothing. The caller has closed the database.
 */
export function replaceWithBackup(databasePath: string, backup: BackupInfo, now = new Date()): string | null {
  let kept: string | null = null;
  if (existsSync(databasePath)) {
    kept = `${databasePath}.replaced-${stamp(now)}`;
    renameSync(databasePath, kept);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true });
  copyFileSync(backup.path, databasePath);
  return kept;
}
