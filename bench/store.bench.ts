import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db';
import { startMainProcess } from '../electron/main-process';
import { time, type Row } from './measure';

/** Answer saves through the real dispatcher and handler, beside a bare insert with the same pragmas. */
export async function storeBenchmarks(): Promise<Row[]> {
  const main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-bench-')), version: 'bench', log: { error: () => {} } });
  const insp = main.store.createInspection({ newProvider: { name: 'Bench CRC', type: 'CRC', owner: '', region: '' }, frameworkId: 'crc-2018', frameworkRevision: '2019-07', fieldworkStart: '2019-01-01', fieldworkEnd: '2019-01-10', caseloadSize: null });
  const c = main.store.addCase({ inspectionId: insp.id, ref: 'B-1', crn: '', name: '', sample: 'case-supervision', assignedInspector: '', attributes: {} });
  const questions = ['2.1.1', '2.1.2', '2.1.3', '2.2.1', '2.2.2', '2.2.3'];
  const values = ['yes', 'no', 'na'] as const;
  let i = 0;
  const save = await time(async () => {
    const r = await main.dispatch({ command: 'case.answer', input: { caseId: c.id, questionId: questions[i % 6], value: values[i++ % 3] } });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }, 2000);
  const ping = await time(() => main.dispatch({ command: 'system.ping', input: {} }), 2000);
  main.close();

  // The floor: one prepared upsert on a bare table, same WAL and synchronous settings.
  const db: Database.Database = openDatabase(join(mkdtempSync(join(tmpdir(), 'fieldwork-bench-')), 'bare.sqlite'));
  db.exec('CREATE TABLE bare (k TEXT PRIMARY KEY, v TEXT) STRICT');
  const insert = db.prepare('INSERT INTO bare (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v');
  let j = 0;
  const bare = await time(() => insert.run(questions[j % 6], values[j++ % 3]), 2000);
  db.close();
  return [
    { name: 'answer save via handler (p50)', value: save.p50, unit: 'ms' },
    { name: 'answer save via handler (p99)', value: save.p99, unit: 'ms', target: '< 2 ms', met: save.p99 < 2 },
    { name: 'bare better-sqlite3 upsert (p50)', value: bare.p50, unit: 'ms' },
    { name: 'bare better-sqlite3 upsert (p99)', value: bare.p99, unit: 'ms' },
    { name: 'answer save p99 ÷ bare upsert p99', value: save.p99 / bare.p99, unit: '×', target: '< 4×', met: save.p99 / bare.p99 < 4 },
    { name: 'no-op IPC dispatch (p50)', value: ping.p50, unit: 'ms' },
  ];
}
