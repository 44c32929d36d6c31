import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InspectionFile } from '../core';
import { seal } from '../electron/files/seal';
import { startMainProcess } from '../electron/main-process';
import { readInspection, serialiseInspection } from '../electron/files/inspection-files';
import { realisticFile } from '../core/testing/realistic-file';
import { FrameworkRegistry } from '../core';
import { BACKUP_FOLDER, DATABASE_FILE, Store, importNewInspectionInChunks, inspectionExists, openDatabase } from '../db';

const BIN = join(__dirname, '..', 'bin', 'fieldwork.cjs');
// A version 1 file without a checksum, as older versions of Fieldwork wrote them.
const EXAMPLE = join(__dirname, 'fixtures', 'example-crc.fieldwork.json');

/** Runs the real `fieldwork` binary as a user would. */
function fieldwork(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const temp = () => mkdtempSync(join(tmpdir(), 'fieldwork-store-cli-'));
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as InspectionFile;
const stamp = (path: string) => {
  const { exportedAt: _a, checksum: _c, ...rest } = read(path);
  return rest;
};

// Each run of the binary compiles the CLI with tsx: seconds apiece on a busy machine.
describe('fieldwork store import / export', { timeout: 300_000 }, () => {
  it('imports a version 1 file into a new data folder and exports it as version 2; a second store gives the same file', () => {
    const one = join(temp(), 'new-folder');
    const imported = fieldwork('store', 'import', EXAMPLE, '--data-dir', one, '--user', 'Inspector Ahmed', '--accept-unchecked');
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const out = JSON.parse(imported.stdout);
    expect(out).toMatchObject({ inspectionId: expect.any(String), formatVersion: 1, provider: 'Example CRC', cases: 20 });
    expect(out.changesLogged).toBeGreaterThan(20);

    const first = join(one, 'first.fieldwork.json');
    const exported = fieldwork('store', 'export', out.inspectionId, '--data-dir', one, '--out', first);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ inspectionId: out.inspectionId, path: first, cases: 20 });
    const file = read(first);
    expect(file.formatVersion).toBe(2);
    expect(file.changes!.every((c) => c.actor.name === 'Inspector Ahmed')).toBe(true);
    expect(JSON.parse(fieldwork('validate', first).stdout)).toMatchObject({ valid: true, formatVersion: 2, checked: 'checksum' });

    // Into a second store (it has a checksum now), and out again. The file brings its own history; the
    // import itself is recorded as the importing user's.
    const two = temp();
    const again = fieldwork('store', 'import', first, '--data-dir', two, '--user', 'Inspector Baker');
    expect(again.code, again.stderr).toBe(0);
    // Every change of the file, and the import's own entry (who, when, which file).
    expect(JSON.parse(again.stdout)).toMatchObject({ inspectionId: out.inspectionId, formatVersion: 2, changesLogged: file.changes!.length + 1 });
    const second = join(two, 'second.fieldwork.json');
    expect(fieldwork('store', 'export', out.inspectionId, '--data-dir', two, '--out', second).code).toBe(0);
    expect(stamp(second)).toEqual(stamp(first));
    expect(read(second).cases.map((c) => c.id)).toEqual(file.cases.map((c) => c.id));

    // A replace takes a backup first, as the app does.
    const replaced = fieldwork('store', 'import', second, '--data-dir', two, '--replace');
    expect(replaced.code, replaced.stderr).toBe(0);
    const backups = JSON.parse(fieldwork('store', 'backups', '--data-dir', two).stdout) as { backups: { reason: string; verified: boolean }[] };
    expect(backups.backups.filter((b) => b.reason === 'before-import' && b.verified)).toHaveLength(1);
  });

  it('exports every inspection into a folder with --all', () => {
    const dir = temp();
    expect(fieldwork('store', 'import', EXAMPLE, '--data-dir', dir, '--user', 'A', '--accept-unchecked').code).toBe(0);
    expect(fieldwork('store', 'import', EXAMPLE, '--data-dir', dir, '--keep-both', '--accept-unchecked').code).toBe(0);
    const folder = join(dir, 'all');
    const r = fieldwork('store', 'export', '--all', '--data-dir', dir, '--out', folder);
    expect(r.code, r.stderr).toBe(0);
    const { files } = JSON.parse(r.stdout) as { files: { inspectionId: string; path: string }[] };
    expect(files).toHaveLength(2);
    expect(readdirSync(folder).sort()).toEqual(files.map((f) => `${f.inspectionId}.fieldwork.json`).sort());
  });

  it('refuses with exit 2 and a message naming what to fix, leaving the store as it was', () => {
    const dir = temp();
    expect(fieldwork('store', 'import', EXAMPLE, '--data-dir', dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('give --accept-unchecked') });
    expect(fieldwork('store', 'import', EXAMPLE, '--data-dir', dir, '--accept-unchecked')).toMatchObject({ code: 2, stderr: expect.stringContaining('needs your name') });
    expect(fieldwork('store', 'import', EXAMPLE, '--data-dir', dir, '--user', 'A', '--accept-unchecked').code).toBe(0);
    const before = fieldwork('store', 'export', '--all', '--data-dir', dir, '--out', join(dir, 'before'));
    const again = fieldwork('store', 'import', EXAMPLE, '--data-dir', dir, '--accept-unchecked');
    expect(again).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('already has this inspection') });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"formatVersion": 1, "framework": "crc-');
    expect(fieldwork('store', 'import', bad, '--data-dir', dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('invalid inspection file: (root): not valid JSON') });
    // A version 2 file whose contents were edited by hand no longer matches its own log (or checksum).
    const exported = join(dir, 'x.fieldwork.json');
    const id = (JSON.parse(before.stdout) as { files: { inspectionId: string }[] }).files[0]!.inspectionId;
    expect(fieldwork('store', 'export', id, '--data-dir', dir, '--out', exported).code).toBe(0);
    const edited = read(exported);
    edited.cases[0]!.answers = { ...edited.cases[0]!.answers, '2.1.1': edited.cases[0]!.answers['2.1.1'] === 'yes' ? 'no' : 'yes' };
    delete edited.checksum;
    writeFileSync(exported, JSON.stringify(edited));
    expect(fieldwork('store', 'import', exported, '--data-dir', temp(), '--accept-unchecked')).toMatchObject({ code: 2, stderr: expect.stringContaining('do not match its own change log') });
    expect(fieldwork('store', 'import', join(dir, 'nope.json'), '--data-dir', dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file') });
    expect(fieldwork('store', 'export', '00000000-0000-4000-8000-000000000000', '--data-dir', dir, '--out', join(dir, 'y.json'))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('That inspection no longer exists.'),
    });
    expect(existsSync(join(dir, 'y.json'))).toBe(false);
    expect(fieldwork('store', 'export', '--all', '--data-dir', temp(), '--out', dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('has no Fieldwork data file') });
    expect(fieldwork('store', 'import', EXAMPLE, '--data-dir', dir, '--bogus')).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--bogus'") });
    for (const r of [again]) expect(r.stderr).not.toMatch(/\n\s+at /);
    // Nothing the refusals did changed the store.
    const after = fieldwork('store', 'export', '--all', '--data-dir', dir, '--out', join(dir, 'after'));
    const files = (o: string) => (JSON.parse(o) as { files: { path: string }[] }).files.map((f) => stamp(f.path));
    expect(files(after.stdout)).toEqual(files(before.stdout));
  });

  it('imports a sealed file with --passphrase-file, and replaces an inspection with --replace keeping its history', async () => {
    const one = temp();
    const first = fieldwork('store', 'import', EXAMPLE, '--data-dir', one, '--user', 'Inspector Ahmed', '--accept-unchecked');
    expect(first.code, first.stderr).toBe(0);
    const { inspectionId } = JSON.parse(first.stdout) as { inspectionId: string };
    const plain = join(one, 'plain.fieldwork.json');
    expect(fieldwork('store', 'export', inspectionId, '--data-dir', one, '--out', plain).code).toBe(0);
    const sealed = join(one, 'sealed.fieldwork.json');
    writeFileSync(sealed, await seal(readFileSync(plain, 'utf8'), 'correct horse battery'));
    const pass = join(one, 'pass.txt');
    writeFileSync(pass, 'correct horse battery\n');

    const two = temp();
    expect(fieldwork('store', 'import', sealed, '--data-dir', two)).toMatchObject({ code: 2, stderr: expect.stringContaining('the file is sealed; give its passphrase with --passphrase-file F') });
    const wrong = join(one, 'wrong.txt');
    writeFileSync(wrong, 'not the passphrase');
    expect(fieldwork('store', 'import', sealed, '--data-dir', two, '--passphrase-file', wrong)).toMatchObject({ code: 2, stdout: '' });
    const opened = fieldwork('store', 'import', sealed, '--data-dir', two, '--passphrase-file', pass, '--user', 'Inspector Brown');
    expect(opened.code, opened.stderr).toBe(0);
    expect(JSON.parse(opened.stdout)).toMatchObject({ inspectionId, formatVersion: 2 });

    // --replace over the same inspection: nothing new to log (the same history), exit 0.
    const replaced = fieldwork('store', 'import', plain, '--data-dir', two, '--replace');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(JSON.parse(replaced.stdout)).toMatchObject({ inspectionId, replaced: true, changesLogged: 0 });
  });

  // Found in review (chunked import, finding 1): on a store holding a crash's unfinished import, `store
  // import --replace` of that inspection said it had imported it, and the app's next start deleted it.
  // Guards: refused in words (exit 2) before any backup, leaving the store as it was.
  it('refuses an inspection a crash left half-imported, naming what to do, and takes no backup', async () => {
    const dir = temp();
    const id = '00000000-0000-4000-8000-0000000000c1';
    const path = join(dir, 'half.fieldwork.json');
    const text = serialiseInspection(realisticFile(id, 'Crash CRC', 20, 4));
    writeFileSync(path, text);
    // The app was killed part-way through importing it: rows written, hidden by their marker.
    const store = new Store(openDatabase(join(dir, DATABASE_FILE)), { frameworks: new FrameworkRegistry() });
    store.setUserName('Inspector A');
    const file = readInspection(text, new FrameworkRegistry());
    if (!file.ok) throw new Error('the test file does not read');
    let turns = 0;
    let killed!: () => void;
    const dead = new Promise<void>((ok) => (killed = ok));
    void importNewInspectionInChunks(store, file.file, file.framework.revision, { onDuplicate: 'keep-both', provider: { mode: 'auto' }, source: { fileName: 'half.fieldwork.json', sha256: 'a'.repeat(64), backup: null } }, async (w) => {
      if (++turns > 1 && inspectionExists(store, id)) {
        killed();
        return new Promise(() => {});
      }
      return w();
    });
    await dead;
    const changes = store.changeCount();
    store.db.close();
    for (const how of ['--replace', '--keep-both']) {
      const r = fieldwork('store', 'import', path, '--data-dir', dir, '--accept-unchecked', how);
      expect(r).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('this inspection is still being imported') });
      expect(r.stderr).toContain('Start Fieldwork once, then import the file again');
    }
    expect(existsSync(join(dir, BACKUP_FOLDER)) ? readdirSync(join(dir, BACKUP_FOLDER)) : []).toEqual([]);
    const after = new Store(openDatabase(join(dir, DATABASE_FILE)), { frameworks: new FrameworkRegistry() });
    try {
      expect(after.changeCount()).toBe(changes);
    } finally {
      after.db.close();
    }
  });

  it('takes the same lock as the app: refused with exit 2 while the app has the folder', () => {
    const dir = temp();
    const app = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log: { error: () => {} } });
    try {
      const r = fieldwork('store', 'import', EXAMPLE, '--data-dir', dir, '--accept-unchecked');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/in use by another Fieldwork/);
    } finally {
      app.close();
    }
  });
});
