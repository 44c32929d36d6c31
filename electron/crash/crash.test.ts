import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMainProcess } from '../main-process';

const CHILD = join(__dirname, 'crash-child.ts');
const RUNS = 50;

/** Starts the child, lets it save for a random while after its first acknowledged answer, then SIGKILLs it. */
function runAndKill(dataDir: string, inspectionId: string, run: number, delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD, dataDir, inspectionId, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended by itself (${code}): ${err}`));
      // Only whole lines were acknowledged; a torn last line was not.
      resolve(out.split('\n').slice(0, -1));
    });
  });
}

describe('crash safety', () => {
  it(`every acknowledged answer survives SIGKILL at random moments (${RUNS} kills) and the database stays sound`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fieldwork-crash-'));
    const setup = startMainProcess({ dataDir, user: 'Test Inspector', version: 't', log: { error: () => {} } });
    const r = await setup.dispatch({ command: 'inspection.create', input: { newProvider: { name: 'Crash CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-01-01', fieldworkEnd: '2019-01-02' } });
    if (!r.ok) throw new Error('setup');
    const inspectionId = (r.value as { id: string }).id;
    setup.close();

    let acknowledged = 0;
    for (let run = 0; run < RUNS; run++) {
      const acks = await runAndKill(dataDir, inspectionId, run, 5 + Math.floor(Math.random() * 300));
      acknowledged += acks.length;
      const db = new Database(join(dataDir, 'fieldwork.sqlite'));
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const get = db.prepare<[string, string], { value: string }>('SELECT value FROM answer WHERE case_id = ? AND question_id = ?');
        for (const line of acks) {
          const [caseId, questionId, value] = line.split(' ') as [string, string, string];
          expect(get.get(caseId, questionId)?.value, `run ${run}: ${line}`).toBe(value);
        }
      } finally {
        db.close();
      }
    }
    expect(acknowledged).toBeGreaterThan(RUNS); // the child really was saving when it was killed
    console.log(`crash test: ${RUNS} SIGKILLs, ${acknowledged} acknowledged answers, all present`);
    // Generous: each of the 50 runs starts a child under tsx, which takes seconds on a busy machine.
  }, 600_000);
});
