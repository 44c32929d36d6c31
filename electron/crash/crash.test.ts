import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { listBackups, verifyStoreFile } from '../../db';
import { CorruptDatabaseError, restoreLatestGoodBackup, startMainProcess, type MainProcess } from '../main-process';

const CHILD_SOURCE = join(__dirname, 'crash-child.ts');
let CHILD = '';
const NODE_MODULES = join(__dirname, '..', '..', 'node_modules');

// The child is bundled once with esbuild, so each of the 110 starts costs Node's start-up, not a
// TypeScript compile: the kills then land in the work, not in the loader.
beforeAll(async () => {
  CHILD = join(mkdtempSync(join(tmpdir(), 'fieldwork-crash-child-')), 'crash-child.cjs');
  await build({ entryPoints: [CHILD_SOURCE], outfile: CHILD, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['better-sqlite3', '@resvg/resvg-js'], logLevel: 'error'});
  // Imports run on the job thread, as in the app: its bundle sits beside the child's, where the child looks for it.
  await build({ entryPoints: [join(__dirname, '..', 'data', 'job-thread.ts')], outfile: join(dirname(CHILD), 'job-thread.cjs'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['better-sqlite3', '@resvg/resvg-js', 'pdfjs-dist'], logLevel: 'error' });
});
const IMPORT_FILE = join(__dirname, '..', '..', 'cli', 'fixtures', 'example-crc.fieldwork.json');
const RUNS = 50;
const RUNS_PER_OPERATION = 20;

/** Starts the child, lets it work for a random while after its first acknowledged step, then SIGKILLs it. */
function runAndKill(dataDir: string, inspectionId: string, run: number, delayMs: number, mode: string): Promise<string[]> {
  // Timed from the first acknowledged answer (save), or from the start of the first operation under test.
  const trigger = mode === 'save' ? 'answer ' : 'begin ';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, inspectionId, String(run), mode, IMPORT_FILE], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_PATH: NODE_MODULES } });
    let out = '';
    let err = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(trigger)) timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended by itself (${code}): ${err}`));
      // Only whole lines were acknowledged; a torn last line was not.
      resolve(out.split('\n').slice(0, -1));
    });
  });
}

async function setUp(): Promise<{ dataDir: string; inspectionId: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldwork-crash-'));
  const setup = startMainProcess({ dataDir, user: 'Test Inspector', version: 't', log: { error: () => {} } });
  const r = await setup.dispatch({ command: 'inspection.create', input: { newProvider: { name: 'Crash CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-01-01', fieldworkEnd: '2019-01-02' } });
  if (!r.ok) throw new Error('setup');
  setup.close();
  return { dataDir, inspectionId: (r.value as { id: string }).id };
}

/**
 * What the next start must show: the app opens (or, if it cannot, offers a backup that is then restored),
 * and every acknowledged answer is there.
 */
function startAndCheck(dataDir: string, run: number, acks: string[]): { offered: boolean; main: MainProcess } {
  let offered = false;
  let main: MainProcess;
  try {
    main = startMainProcess({ dataDir, user: 'Test Inspector', version: 't', log: { error: () => {} } });
  } catch (e) {
    if (!(e instanceof CorruptDatabaseError) || !e.latestGood) throw e;
    offered = true;
    restoreLatestGoodBackup(e);
    main = startMainProcess({ dataDir, user: 'Test Inspector', version: 't', log: { error: () => {} } });
  }
  expect(main.db.pragma('integrity_check', { simple: true })).toBe('ok');
  const get = main.db.prepare<[string, string], { value: string }>('SELECT value FROM answer WHERE case_id = ? AND question_id = ?');
  for (const line of acks.filter((l) => l.startsWith('answer '))) {
    const [, caseId, questionId, value] = line.split(' ') as [string, string, string, string];
    expect(get.get(caseId, questionId)?.value, `run ${run}: ${line}`).toBe(value);
  }
  // Every listed backup is whole: a partial one is never listed.
  for (const b of listBackups(dataDir)) expect(verifyStoreFile(b.path, { quick: true }), `run ${run}: ${b.name}`).toMatchObject({ ok: true });
  return { offered, main };
}

describe('crash safety', () => {
  it(`every acknowledged answer survives SIGKILL at random moments (${RUNS} kills) and the database stays sound`, async () => {
    const { dataDir, inspectionId } = await setUp();
    let acknowledged = 0;
    for (let run = 0; run < RUNS; run++) {
      const acks = await runAndKill(dataDir, inspectionId, run, 5 + Math.floor(Math.random() * 300), 'save');
      acknowledged += acks.length;
      const db = new Database(join(dataDir, 'fieldwork.sqlite'));
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const get = db.prepare<[string, string], { value: string }>('SELECT value FROM answer WHERE case_id = ? AND question_id = ?');
        for (const line of acks) {
          const [, caseId, questionId, value] = line.split(' ') as [string, string, string, string];
          expect(get.get(caseId, questionId)?.value, `run ${run}: ${line}`).toBe(value);
        }
      } finally {
        db.close();
      }
    }
    expect(acknowledged).toBeGreaterThan(RUNS); // the child really was saving when it was killed
    console.log(`crash test: ${RUNS} SIGKILLs, ${acknowledged} acknowledged answers, all present`);
  }, 600_000); // bundled child starts: quick, but the machine may be busy

  it.each(['backup', 'restore', 'import'])(`SIGKILL during %s (${RUNS_PER_OPERATION} kills): the next start shows every acknowledged answer`, async (mode) => {
    const { dataDir, inspectionId } = await setUp();
    let answers = 0;
    let operations = 0;
    let offers = 0;
    let midOperation = 0;
    for (let run = 0; run < RUNS_PER_OPERATION; run++) {
      const acks = await runAndKill(dataDir, inspectionId, run, Math.floor(Math.random() * 400), mode);
      answers += acks.filter((l) => l.startsWith('answer ')).length;
      operations += acks.filter((l) => l.startsWith(mode)).length;
      if (acks.at(-1)?.startsWith('begin ')) midOperation++;
      const { offered, main } = startAndCheck(dataDir, run, acks);
      if (offered) offers++;
      if (mode === 'import') {
        const last = acks.filter((l) => l.startsWith('import ')).at(-1);
        if (last) expect(main.store.listInspections().some((i) => i.id === last.split(' ')[1])).toBe(true);
      }
      main.close();
    }
    // The kills really landed inside the operation, not only between operations.
    expect(midOperation).toBeGreaterThan(0);
    console.log(`crash test (${mode}): ${RUNS_PER_OPERATION} SIGKILLs (${midOperation} in the middle of a ${mode}), ${answers} acknowledged answers and ${operations} acknowledged ${mode}s, all present; backup offered ${offers} times`);
  }, 600_000);
});
