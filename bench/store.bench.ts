import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Answer } from '../core';
import { Store, openDatabase, startCheckpoints } from '../db';
import { DATABASE_FILE, startMainProcess } from '../electron/main-process';
import { FRAMEWORK, cachedStore, copyOfStore } from './fixtures';
import type { Row } from './measure';

const NEXT: Record<Answer, Answer> = { yes: 'no', no: 'na', na: 'yes' };
const quantile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

/**
 * Answer saves through the real dispatcher and handler on a realistic store, against an honest floor:
 * one autocommitted upsert of a CHANGING value on a bare table in a file opened exactly as the app opens
 * its store (WAL, the same synchronous mode, the same checkpoint policy: none in a commit, a thread of
 * its own copying the WAL in), so both pay for a WAL frame and, in FULL, an fsync. Saves
 * and floor writes are interleaved in blocks so both see the same machine. Every save changes the stored
 * value, so the audit trail (the change log) gains an entry each time (counted and reported).
 */
export async function storeBenchmarks(log: (s: string) => void): Promise<Row[]> {
  const source = cachedStore({ inspections: 4, casesPerInspection: 130 }, log);
  const rows: Row[] = [];
  for (const mode of ['FULL', 'NORMAL'] as const) {
    const dataDir = mkdtempSync(join(tmpdir(), 'fieldwork-bench-save-'));
    copyOfStore(source, dataDir, DATABASE_FILE);
    const main = startMainProcess({ dataDir, user: 'Bench Inspector', version: 'bench', log: { error: () => {} } });
    main.db.pragma(`synchronous = ${mode}`);
    // The start's integrity check reads the whole file on a thread of its own: saves are timed after it, as in a day's work.
    await main.integrity;
    const inspectionId = main.store.listInspections()[0]!.id;
    // The benchmark's inspections are final (published); one being worked on is a draft.
    main.store.setInspectionStatus(inspectionId, 'draft');
    // The pairs a save visits in turn; each visit moves the stored value on, so no save is a no-op.
    const questions = FRAMEWORK.domains.flatMap((d) => d.standards).find((s) => s.id === '2.1')!.keyQuestions.flatMap((k) => [k.id, ...k.prompts.map((p) => p.id)]);
    const cases = main.store.listCases(inspectionId).filter((c) => c.sample === 'case-supervision');
    const current = main.store.answersByCase(inspectionId);
    const pairs = cases.slice(0, 40).flatMap((c) => questions.map((q) => ({ caseId: c.id, questionId: q, value: (current.get(c.id)?.get(q)?.value ?? 'na') as Answer })));
    // The audit trail is a view of the change log: an answer's entries there are its changes.
    const auditCount = () => main.db.prepare("SELECT count(*) AS n FROM change_log WHERE entity = 'answer'").pluck().get() as number;
    const auditBefore = auditCount();

    const floorPath = join(mkdtempSync(join(tmpdir(), 'fieldwork-bench-floor-')), 'floor.sqlite');
    const floorDb = openDatabase(floorPath);
    floorDb.pragma(`synchronous = ${mode}`);
    // The app's checkpoint policy too: none on commit, a thread of its own copying the WAL in.
    const floorCheckpoints = startCheckpoints(floorDb, floorPath);
    floorDb.exec('CREATE TABLE bare (k TEXT PRIMARY KEY, v TEXT NOT NULL) STRICT');
    // eslint-disable-next-line fieldwork/sql-writes -- a scratch table for the floor, not domain data
    const upsert = floorDb.prepare('INSERT INTO bare (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v');
    const mode_ = (db: typeof floorDb) => ['journal_mode', 'synchronous', 'wal_autocheckpoint', 'journal_size_limit'].map((p) => String(db.pragma(p, { simple: true }))).join(' ');
    if (mode_(floorDb) !== mode_(main.db))
      throw new Error(`the floor (${mode_(floorDb)}) is not in the same journal, synchronous and checkpoint mode as the store (${mode_(main.db)})`);

    const saves: number[] = [];
    const floor: number[] = [];
    let i = 0;
    let j = 0;
    const save = async (record: boolean) => {
      const p = pairs[i++ % pairs.length]!;
      p.value = NEXT[p.value];
      const t = performance.now();
      const r = await main.dispatch({ command: 'case.answer', input: { caseId: p.caseId, questionId: p.questionId, value: p.value } });
      if (record) saves.push(performance.now() - t);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
    };
    const bare = (record: boolean) => {
      const k = `k${j % 64}`;
      const v = `value ${j++}`;
      const t = performance.now();
      upsert.run(k, v);
      if (record) floor.push(performance.now() - t);
    };
    for (let w = 0; w < 50; w++) {
      await save(false);
      bare(false);
    }
    const auditWarm = auditCount();
    for (let block = 0; block < 8; block++) {
      for (let k = 0; k < 250; k++) await save(true);
      for (let k = 0; k < 250; k++) bare(true);
    }
    const auditRows = (auditCount()) - auditWarm;
    if (auditWarm - auditBefore !== 50) throw new Error(`warm-up saves wrote ${auditWarm - auditBefore} audit rows, not 50`);
    main.close();
    floorCheckpoints.stop();
    floorDb.close();

    const suffix = mode === 'FULL' ? '' : '.normal';
    const label = `synchronous=${mode}${mode === 'FULL' ? ', as the app runs' : ''}`;
    const s99 = quantile(saves, 0.99);
    const f99 = quantile(floor, 0.99);
    rows.push(
      { id: `save${suffix}.p50`, name: `answer save via the handler, changing values (p50, ${label})`, value: quantile(saves, 0.5), unit: 'ms' },
      { id: `save${suffix}.p99`, name: `answer save via the handler, changing values (p99, ${label})`, value: s99, unit: 'ms' },
      { id: `floor${suffix}.p50`, name: `floor: bare upsert of a changing value, same mode (p50, ${label})`, value: quantile(floor, 0.5), unit: 'ms' },
      { id: `floor${suffix}.p99`, name: `floor: bare upsert of a changing value, same mode (p99, ${label})`, value: f99, unit: 'ms' },
      { id: `save${suffix}.p99-over-floor`, name: `save p99 ÷ floor p99 (${label})`, value: s99 / f99, unit: '×', target: '≤ 4×', met: s99 / f99 <= 4 },
      { id: `save${suffix}.audit-rows-per-save`, name: `audit trail (change log) entries written per save (${label})`, value: auditRows / saves.length, unit: 'rows', target: '= 1', met: auditRows === saves.length },
    );
  }
  rows.push(...walFrames(source));
  return rows;
}

/**
 * Why a save cannot come near the NORMAL-mode floor: the pages each commit writes to the WAL, counted on a
 * scratch copy with no checkpoint running (the WAL only grows), for saves through the store's one write
 * path and for the floor's bare upsert. Without fsync a commit's cost is mostly those page copies.
 */
function walFrames(source: string): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'fieldwork-bench-wal-'));
  copyOfStore(source, dir, DATABASE_FILE);
  const path = join(dir, DATABASE_FILE);
  const db = openDatabase(path);
  db.pragma('wal_autocheckpoint = 0');
  const store = new Store(db);
  store.setUserName('Bench Inspector');
  const inspectionId = store.listInspections()[0]!.id;
  store.setInspectionStatus(inspectionId, 'draft');
  const questions = FRAMEWORK.domains.flatMap((d) => d.standards).find((s) => s.id === '2.1')!.keyQuestions.flatMap((k) => [k.id, ...k.prompts.map((p) => p.id)]);
  const cases = store.listCases(inspectionId).filter((c) => c.sample === 'case-supervision').slice(0, 40);
  const frame = (db.pragma('page_size', { simple: true }) as number) + 24;
  const walSize = () => statSync(`${path}-wal`).size;
  const count = (n: number, write: (i: number) => void) => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    write(-1); // the first write after a reset starts the WAL again
    const before = walSize();
    for (let i = 0; i < n; i++) write(i);
    return (walSize() - before) / frame / n;
  };
  // Each save moves a stored value on (as in the timed saves above), so each writes its change-log entry.
  const current = store.answersByCase(inspectionId);
  const moved = new Map<string, Answer>();
  const logged = () => db.prepare("SELECT count(*) FROM change_log WHERE entity = 'answer'").pluck().get() as number;
  const logBefore = logged();
  const saves = count(400, (i) => {
    const c = cases[(i + 40) % cases.length]!;
    const q = questions[Math.floor((i + 40) / cases.length) % questions.length]!;
    const next = NEXT[moved.get(`${c.id} ${q}`) ?? current.get(c.id)?.get(q)?.value ?? 'na'];
    store.setAnswer(c.id, q, next);
    moved.set(`${c.id} ${q}`, next);
  });
  if (logged() - logBefore !== 401) throw new Error(`the counted saves logged ${logged() - logBefore} changes, not 401`);
  db.exec('CREATE TABLE bare (k TEXT PRIMARY KEY, v TEXT NOT NULL) STRICT');
  // eslint-disable-next-line fieldwork/sql-writes -- a scratch table for the floor, not domain data
  const upsert = db.prepare('INSERT INTO bare (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v');
  const floor = count(400, (i) => upsert.run(`k${(i + 64) % 64}`, `value ${i}`));
  db.close();
  return [
    { id: 'save.wal-frames', name: 'WAL pages written per answer save (the answer, its change-log entry, their indexes; no checkpoint running)', value: saves, unit: 'pages' },
    { id: 'floor.wal-frames', name: 'WAL pages written per floor write (the bare upsert of a changing value)', value: floor, unit: 'pages' },
  ];
}
