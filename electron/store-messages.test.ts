import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SchemaMismatchError } from '../db';
import { startMainProcess } from './main-process';

// Issue 12, item 6: clear messages, never SQLite's own text.

const log = { error: () => {} };
const fresh = () => mkdtempSync(join(tmpdir(), 'fieldwork-msg-'));

async function store(): Promise<string> {
  const dir = fresh();
  const main = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log });
  await main.dispatch({ command: 'provider.create', input: { name: 'Kept CRC', type: 'CRC' } });
  main.close();
  return dir;
}

describe('a store whose schema is not what its version promises is refused, untouched', () => {
  it.each([
    ['an extra trigger', 'CREATE TRIGGER sneaky AFTER INSERT ON answer BEGIN UPDATE answer SET value = \'yes\'; END;', 'an unexpected trigger sneaky'],
    ['an extra table', 'CREATE TABLE stash (x TEXT);', 'an unexpected table stash'],
    ['a dropped index', "DROP INDEX IF EXISTS " + "__INDEX__" + ';', 'a missing index'],
  ])('%s', async (_what, sql, message) => {
    const dir = await store();
    const path = join(dir, 'fieldwork.sqlite');
    const raw = new Database(path);
    const index = raw.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL LIMIT 1").get()!.name;
    raw.exec(sql.replace('__INDEX__', index));
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = readFileSync(path);
    let error: unknown;
    try {
      startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log }).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain('It has not been opened or changed');
    expect((error as Error).message).not.toMatch(/SQLITE|sqlite_master/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('disk full', () => {
  it('a save that cannot grow the file says the disk is full, changes nothing, and succeeds once there is room', async () => {
    const dir = await store();
    const main = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log });
    const r = await main.dispatch({ command: 'inspection.create', input: { newProvider: { name: 'Full CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-04-01', fieldworkEnd: '2019-04-12' } });
    const c = await main.dispatch({ command: 'case.add', input: { inspectionId: (r as { value: { id: string } }).value.id, ref: 'CS-1' } });
    const caseId = (c as { value: { id: string } }).value.id;
    main.db.pragma('wal_checkpoint(TRUNCATE)');
    main.db.pragma(`max_page_count = ${main.db.pragma('page_count', { simple: true }) as number}`);
    const input = { caseId, questionId: '2.1.3', value: 'no', note: 'x'.repeat(20_000) };
    const full = await main.dispatch({ command: 'case.note', input: { caseId, questionId: '2.1.3', note: input.note } });
    expect(full).toEqual({ ok: false, error: { code: 'DISK_FULL', message: expect.stringContaining('The disk is full, so this change was not saved. What you entered is kept') } });
    main.db.pragma('max_page_count = 1073741823');
    expect(await main.dispatch({ command: 'case.note', input: { caseId, questionId: '2.1.3', note: input.note } })).toMatchObject({ ok: true });
    main.close();
  });
});

describe('read-only data folder', () => {
  let child = '';
  beforeAll(async () => {
    child = join(fresh(), 'start.cjs');
    writeFileSync(`${child}.ts`, `import { startMainProcess } from ${JSON.stringify(join(__dirname, 'main-process'))};\ntry { startMainProcess({ dataDir: process.argv[2]!, user: 'Test Inspector', version: 't', log: { error: () => {} } }).close(); console.log('opened'); } catch (e) { console.log((e as Error).message); }\n`);
    await build({ entryPoints: [`${child}.ts`], outfile: child, bundle: true, platform: 'node', format: 'cjs', external: ['better-sqlite3', '@resvg/resvg-js'], logLevel: 'error' });
    chmodSync(join(child, '..'), 0o755);
  });

  it.runIf(process.getuid?.() === 0)('another user who cannot write the folder is told so in words (run as nobody)', async () => {
    const dir = await store();
    chmodSync(dir, 0o755);
    const r = spawnSync(process.execPath, [child, dir], { uid: 65534, gid: 65534, encoding: 'utf8', env: { ...process.env, NODE_PATH: join(__dirname, '..', 'node_modules') } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Fieldwork cannot save in');
    expect(r.stdout).toContain('read-only, or you do not have permission to write there');
    expect(r.stdout).not.toMatch(/SQLITE|EACCES/);
  });

  it('a folder that cannot be created is reported the same way', () => {
    const file = join(fresh(), 'a-file');
    writeFileSync(file, '');
    expect(() => startMainProcess({ dataDir: join(file, 'data'), user: 'Test Inspector', version: 't', log })).toThrow('Fieldwork cannot save in');
  });
});
