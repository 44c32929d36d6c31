import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FrameworkRegistry, type JobProgress } from '../../core';
import { STILL_IMPORTING } from '../../db';
import { realisticFile } from '../../core/testing/realistic-file';
import { readInspection, serialiseInspection } from '../files/inspection-files';
import { IMPORT_RUNNING, startMainProcess, type MainProcess } from '../main-process';
import { NO_SERVICES } from '../services';
import { typedClient } from '../ipc/typed-client';
import { Jobs } from './jobs';

// Issue #16: an import or export of a 300-case file held the data worker for seconds, so every other
// command (opening a case, a save) waited behind it, and nothing showed how far it had got. Long work
// now runs on the job thread with its own connection: progress in cases, reads answered meanwhile,
// writes held back (never lost) until the import's one transaction ends, and cancel rolls it all back.

const JOB = 'a1b2c3d4-0000-4000-8000-000000000001';
const BIG_ID = '00000000-0000-4000-8000-000000000300';
const BIG = serialiseInspection(realisticFile(BIG_ID, 'Big CRC', 300, 3));

let dir: string;
let main: MainProcess;
let exported: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldwork-long-'));
  exported = join(dir, 'out.fieldwork.json');
  main = startMainProcess({
    dataDir: dir,
    user: 'Test Inspector',
    version: 'test',
    log: { error: () => {} },
    longWork: 'thread',
    services: { ...NO_SERVICES, chooseSavePath: async () => exported },
  });
});
afterEach(() => main.close());
const { send, ok } = typedClient(() => main.dispatch);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls job.progress until `want` holds (or the work has finished: then null). */
async function until(jobId: string, want: (p: JobProgress) => boolean, done: () => boolean): Promise<JobProgress | null> {
  while (!done()) {
    const p = await ok('job.progress', { jobId });
    if (p && want(p)) return p;
    await sleep(5);
  }
  return null;
}

async function existingWork() {
  const provider = await ok('provider.create', { name: 'Small CRC', type: 'CRC' });
  const insp = await ok('inspection.create', { providerId: provider.id, frameworkId: 'crc-2018', fieldworkStart: '2019-04-01', fieldworkEnd: '2019-04-12' });
  const c = await ok('case.add', { inspectionId: insp.id, ref: 'CS-1' });
  await ok('case.answer', { caseId: c.id, questionId: '2.1.1', value: 'yes' });
  return { insp, c };
}

const importBig = (jobId = JOB) => send('exchange.import', { text: BIG, acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' }, jobId });

describe('long work on the job thread', () => {
  it('an import reports progress in cases; a case opens and a save is saved while it writes, and the half-written import is never seen', async () => {
    const { insp, c } = await existingWork();
    let finished = false;
    const order: string[] = [];
    const imported = importBig().then((r) => {
      finished = true;
      order.push('import');
      return r;
    });
    const writing = await until(JOB, (p) => p.phase === 'writing' && (p.done ?? 0) > 0 && (p.done ?? 0) < (p.total ?? 0), () => finished);
    expect(writing).toMatchObject({ phase: 'writing', total: 300, cancellable: true });
    // Answered during the import's write: the store without any of the import.
    const opened = await ok('case.get', { caseId: c.id });
    expect(opened.answers.find((a) => a.questionId === '2.1.1')?.value).toBe('yes');
    expect((await ok('inspection.list', {})).map((i) => i.id)).toEqual([insp.id]);
    expect(await send('inspection.get', { id: BIG_ID })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await send('case.list', { inspectionId: BIG_ID })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(finished).toBe(false);
    // A write sent now goes between two of the import's short transactions. Before, it waited for the
    // import's one transaction (seconds at 300 cases), so the import answered first.
    const saved = await send('case.answer', { caseId: c.id, questionId: '2.1.2', value: 'no' });
    order.push('save');
    expect(saved).toMatchObject({ ok: true });
    expect((await ok('inspection.list', {})).map((i) => i.id)).toEqual([insp.id]);
    const result = await imported;
    expect(result).toMatchObject({ ok: true, value: { inspectionId: BIG_ID } });
    expect(order).toEqual(['save', 'import']);
    expect(await ok('job.progress', { jobId: JOB })).toBeNull();
    const list = await ok('inspection.list', {});
    expect(list).toHaveLength(2);
    expect(await ok('case.list', { inspectionId: BIG_ID })).toHaveLength(300);
    // The import is recorded as changes, every one marked as arriving with it, and as an import of its own.
    const audit = main.store.changes(BIG_ID);
    expect(audit.filter((ch) => ch.entity === 'case' && ch.field === '$create')).toHaveLength(300);
    expect(main.db.prepare("SELECT count(*) AS n FROM import_event WHERE inspection_id = ?").get(BIG_ID)).toEqual({ n: 1 });
    expect(main.db.prepare("SELECT count(*) AS n FROM change_log WHERE inspection_id = ? AND source IS NULL").get(BIG_ID)).toEqual({ n: 0 });
    // The save stands, and later saves follow the import's clocks in the log.
    expect((await ok('case.get', { caseId: c.id })).answers.find((a) => a.questionId === '2.1.2')?.value).toBe('no');
    await ok('case.answer', { caseId: c.id, questionId: '2.1.3', value: 'yes' });
    const latest = [...main.store.changes()].sort((a, b) => (a.clock < b.clock ? -1 : 1)).at(-1)!;
    expect(latest).toMatchObject({ entity: 'answer', caseId: c.id });
    expect(JSON.stringify(latest.value)).toContain('"yes"');
  });

  it('cancelling while it writes takes the import out again: the store is as it was for the inspector, and the log says what happened', async () => {
    await existingWork();
    const before = { inspections: await ok('inspection.list', {}), providers: await ok('provider.list', {}) };
    let finished = false;
    const imported = importBig().then((r) => ((finished = true), r));
    const writing = await until(JOB, (p) => p.phase === 'writing' && (p.done ?? 0) > 0 && (p.done ?? 0) < (p.total ?? 0), () => finished);
    expect(writing).not.toBeNull();
    expect(await ok('job.cancel', { jobId: JOB })).toEqual({ cancelling: true });
    expect(await imported).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: expect.stringContaining('nothing was changed') } });
    expect(await ok('inspection.list', {})).toEqual(before.inspections);
    expect(await ok('provider.list', {})).toEqual(before.providers);
    expect(main.db.prepare('SELECT count(*) AS n FROM case_file WHERE inspection_id = ?').get(BIG_ID)).toEqual({ n: 0 });
    expect(main.db.prepare("SELECT count(*) AS n FROM setting WHERE key LIKE 'import.unfinished.%'").get()).toEqual({ n: 0 });
    // What was written is taken out through the write path: its removal is in the log, not the history deleted.
    expect(main.store.changes(BIG_ID).at(-1)).toMatchObject({ entity: 'inspection', id: BIG_ID, field: '$delete', reason: expect.stringContaining('did not finish') });
    // Writes are taken again at once, and the same file imports after all.
    expect(await send('provider.create', { name: 'After CRC', type: 'CRC' })).toMatchObject({ ok: true });
    expect(await send('exchange.import', { text: BIG, acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } })).toMatchObject({ ok: true, value: { inspectionId: BIG_ID } });
    expect(await ok('case.list', { inspectionId: BIG_ID })).toHaveLength(300);
  });

  it('an import the app stopped in (a crash mid-import) is never seen, and is taken out at the next start', async () => {
    const { insp } = await existingWork();
    void importBig();
    // Another connection to the file, as a second process would see it: waits for the import's first commits.
    const path = main.databasePath;
    const half = new Database(path, { readonly: true });
    const committed = () => (half.prepare('SELECT count(*) AS n FROM case_file WHERE inspection_id = ?').get(BIG_ID) as { n: number }).n;
    while (committed() === 0) await sleep(5);
    // The app stops: the job thread is ended between (or in) the import's transactions.
    main.close();
    // Its job thread can end the transaction it is in, but waits for its next turn from the closed data worker for ever.
    await sleep(300);
    const written = committed();
    half.close();
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(300);
    main = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 'test', log: { error: () => {} }, longWork: 'thread', services: NO_SERVICES });
    expect((await ok('inspection.list', {})).map((i) => i.id)).toEqual([insp.id]);
    expect(main.db.prepare('SELECT count(*) AS n FROM case_file WHERE inspection_id = ?').get(BIG_ID)).toEqual({ n: 0 });
    // Said, not silent (found in review, finding 4): the start tells the inspector which import was taken out and what to do.
    expect((await ok('app.info', {})).notices).toEqual([
      "The import of Big CRC's inspection (fieldwork from 01/04/2019) did not finish when Fieldwork last stopped, so it was taken out: nothing of it was kept and nothing else changed. Import the file again.",
    ]);
    expect((await ok('provider.list', {})).map((p) => p.name)).toEqual(['Small CRC']);
    expect(await send('exchange.import', { text: BIG, acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } })).toMatchObject({ ok: true });
    expect(await ok('case.list', { inspectionId: BIG_ID })).toHaveLength(300);
  });

  // Found in review (chunked import, finding 1): while a file was importing, the check of the same file
  // said "already in Fieldwork" (though it was not listed), and a second import replaced the hidden rows,
  // stayed hidden and was deleted by the first import's clean-up. Guards: both are refused in words,
  // write nothing, and the first import finishes as it would have.
  it('the same file checked or imported again while it is importing is refused in words, and the first import finishes', async () => {
    let finished = false;
    const imported = importBig().then((r) => ((finished = true), r));
    expect(await until(JOB, (p) => p.phase === 'writing' && (p.done ?? 0) > 0, () => finished)).not.toBeNull();
    const refused = { ok: false, error: { code: 'CONFLICT', message: STILL_IMPORTING } };
    const checked = await send('exchange.check', { text: BIG });
    expect(checked).toMatchObject(refused);
    // The message alone: the dialog lists field errors below it, and there is no field to fix.
    expect(!checked.ok && checked.error.fieldErrors).toBeFalsy();
    expect(await send('exchange.import', { text: BIG, acceptUnchecked: true, onDuplicate: 'replace', provider: { mode: 'auto' } })).toMatchObject(refused);
    expect(await send('exchange.import', { text: BIG, acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } })).toMatchObject(refused);
    expect(finished).toBe(false);
    expect(await imported).toMatchObject({ ok: true, value: { inspectionId: BIG_ID } });
    expect((await ok('inspection.list', {})).map((i) => i.id)).toEqual([BIG_ID]);
    expect(await ok('case.list', { inspectionId: BIG_ID })).toHaveLength(300);
    // No "before-import" backup was taken for the refused replace.
    expect(main.backups.list().filter((b) => b.reason === 'before-import')).toEqual([]);
  });

  // Found in review (chunked import, finding 3): a backup restored between an import's chunks swapped the
  // store from under the job thread's connection; the import then said it was done, but the inspection
  // was not there. Guards: the restore is refused in words while an import runs, and the import finishes.
  it('a backup is not restored while an import runs: refused in words, and the import finishes', async () => {
    const before = await main.backups.now('manual');
    let finished = false;
    const imported = importBig().then((r) => ((finished = true), r));
    expect(await until(JOB, (p) => p.phase === 'writing' && (p.done ?? 0) > 0, () => finished)).not.toBeNull();
    expect(await send('backup.restore', { name: before.name })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: IMPORT_RUNNING } });
    // The shell's own way in (the data worker's backups) is refused alike.
    await expect(main.backups.restore(before.name)).rejects.toThrow(IMPORT_RUNNING);
    expect(finished).toBe(false);
    expect(await imported).toMatchObject({ ok: true, value: { inspectionId: BIG_ID } });
    expect((await ok('inspection.list', {})).map((i) => i.id)).toEqual([BIG_ID]);
    // Once it has finished, the backup restores.
    expect(await send('backup.restore', { name: before.name })).toMatchObject({ ok: true });
    expect(await ok('inspection.list', {})).toEqual([]);
  });

  it('a file refused while being checked writes nothing and says what to fix', async () => {
    await existingWork();
    const changes = main.store.changeCount();
    const damaged = BIG.replace('"Big CRC"', '"Bog CRC"');
    const r = await send('exchange.import', { text: damaged, onDuplicate: 'keep-both', provider: { mode: 'auto' }, jobId: JOB });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('checksum') } });
    expect(main.store.changeCount()).toBe(changes);
  });

  it('an export reads one snapshot on the job thread while saves go on, and writes a whole file that reads back', async () => {
    const { c } = await existingWork();
    const imported = await ok('exchange.import', { text: BIG, acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    let finished = false;
    const order: string[] = [];
    const out = send('exchange.export', { inspectionId: imported.inspectionId, jobId: JOB }).then((r) => {
      finished = true;
      order.push('export');
      return r;
    });
    expect(await until(JOB, (p) => p.phase === 'reading' || p.phase === 'writing', () => finished)).not.toBeNull();
    await ok('case.answer', { caseId: c.id, questionId: '2.1.3', value: 'na' });
    order.push('save');
    expect(await out).toMatchObject({ ok: true, value: { path: exported } });
    expect(order).toEqual(['save', 'export']);
    const back = readInspection(readFileSync(exported, 'utf8'), new FrameworkRegistry());
    expect(back.ok && back.file.cases.length).toBe(300);
  });

  it('a sample CSV of thousands of cases is read and written on the job thread: progress in cases, a case opens meanwhile, a save waits its turn, cancel adds nothing', async () => {
    const { insp, c } = await existingWork();
    const csv = `sample ref,crn\n${Array.from({ length: 3000 }, (_, i) => `S-${i},X${100000 + i}`).join('\n')}\n`;
    const cancelled = send('case.import', { inspectionId: insp.id, csv, jobId: JOB });
    let over = false;
    void cancelled.then(() => (over = true));
    expect(await until(JOB, (p) => p.phase === 'writing' && (p.done ?? 0) > 0, () => over)).toMatchObject({ total: 3000 });
    expect(await ok('job.cancel', { jobId: JOB })).toEqual({ cancelling: true });
    expect(await cancelled).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await ok('case.list', { inspectionId: insp.id })).toHaveLength(1);

    let finished = false;
    const order: string[] = [];
    const imported = send('case.import', { inspectionId: insp.id, csv, jobId: JOB }).then((r) => {
      finished = true;
      order.push('import');
      return r;
    });
    // Before: the data worker read and wrote the sample itself, so job.progress was not answered until it had finished.
    const writing = await until(JOB, (p) => p.phase === 'writing' && (p.done ?? 0) > 0 && (p.done ?? 0) < (p.total ?? 0), () => finished);
    expect(writing).toMatchObject({ phase: 'writing', total: 3000, cancellable: true });
    const opened = await ok('case.get', { caseId: c.id });
    expect(opened.answers.find((a) => a.questionId === '2.1.1')?.value).toBe('yes');
    expect(finished).toBe(false);
    const saved = send('case.answer', { caseId: c.id, questionId: '2.1.2', value: 'no' }).then((r) => {
      order.push('save');
      return r;
    });
    expect(await imported).toEqual({ ok: true, value: { imported: 3000, skipped: 0, updated: 0 } });
    expect(await saved).toMatchObject({ ok: true });
    // The save was held until the sample's one transaction had ended: it follows all 3,000 cases in the log.
    const log = main.store.changes(insp.id);
    expect(log.at(-1)).toMatchObject({ entity: 'answer', caseId: c.id });
    expect(log.filter((ch) => ch.entity === 'case' && ch.field === '$create')).toHaveLength(3001);
    expect(order).toContain('save');
    expect(await ok('case.list', { inspectionId: insp.id })).toHaveLength(3001);
    // A file with problems is refused in words on the job thread, nothing added.
    const bad = await send('case.import', { inspectionId: insp.id, csv: 'sample ref\nS-1\n', jobId: JOB });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Nothing was imported: 1 problem in the file.' } });
    expect(await ok('case.list', { inspectionId: insp.id })).toHaveLength(3001);
  });

  it('a sample CSV is previewed on the job thread: the data worker answers other commands while the rows are read against the cases', async () => {
    const { insp } = await existingWork();
    const csv = `sample ref,crn\n${Array.from({ length: 3000 }, (_, i) => `P-${i},X${100000 + i}`).join('\n')}\nCS-1,X1\n`;
    const order: string[] = [];
    const previewed = ok('case.importPreview', { inspectionId: insp.id, csv, existing: 'add-new' }).then((r) => (order.push('preview'), r));
    // Before: the data worker read the CSV itself, so nothing else was answered until the preview was.
    await ok('system.ping', {});
    order.push('ping');
    const preview = await previewed;
    expect(order).toEqual(['ping', 'preview']);
    expect(preview.rows).toHaveLength(3000);
    expect(preview.known).toEqual([{ line: 3002, ref: 'CS-1' }]);
    expect(preview.errors).toEqual([]);
    // Refused in words from the job thread too.
    expect(await send('case.importPreview', { inspectionId: '00000000-0000-4000-8000-0000000000ff', csv })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('an unknown job has no progress and cannot be cancelled', async () => {
    expect(await ok('job.progress', { jobId: JOB })).toBeNull();
    expect(await ok('job.cancel', { jobId: JOB })).toEqual({ cancelling: false });
  });
});

describe('write turns', () => {
  // What backups.restore checks (finding 3 of the chunked import's review): an import counts from its
  // start to its end, failed or not, so a restore is refused for all of it and allowed after.
  it('imports are counted from start to finish, a failed one too', async () => {
    const jobs = new Jobs();
    let finish!: () => void;
    const running = jobs.importing(() => new Promise<void>((ok) => (finish = ok)));
    const failing = jobs.importing(async () => {
      await sleep(1);
      throw new Error('refused');
    });
    expect(jobs.importsRunning).toBe(2);
    await expect(failing).rejects.toThrow('refused');
    expect(jobs.importsRunning).toBe(1);
    finish();
    await running;
    expect(jobs.importsRunning).toBe(0);
  });

  it('a turn waits for writes already running, and holds new writes until it ends', async () => {
    const events: string[] = [];
    const jobs = new Jobs({ onTurnStart: () => events.push('turn start'), onTurnEnd: () => events.push('turn end') });
    let finishFirst!: () => void;
    const first = jobs.write(() => new Promise<void>((ok) => (finishFirst = () => (events.push('first write done'), ok()))));
    const turn = jobs.writeTurn();
    await sleep(1);
    expect(events).toEqual([]);
    finishFirst();
    await first;
    const end = await turn;
    const second = jobs.write(async () => void events.push('second write'));
    await sleep(1);
    expect(events).toEqual(['first write done', 'turn start']);
    end();
    await second;
    expect(events).toEqual(['first write done', 'turn start', 'turn end', 'second write']);
  });
});
