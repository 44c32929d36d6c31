import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FrameworkRegistry, type JobProgress } from '../../core';
import { realisticFile } from '../../core/testing/realistic-file';
import { readInspection, serialiseInspection } from '../files/inspection-files';
import { startMainProcess, type MainProcess } from '../main-process';
import { NO_SERVICES } from '../services';
import { typedClient } from '../ipc/typed-client';
import { Jobs } from './jobs';

// Issue #16: an import or export of a 300-case file held the data worker for seconds, so every other
// command (opening a case, a save) waited behind it, and nothing showed how far it had got. Long work
// now runs on the job thread with its own connection: progress in cases, reads answered meanwhile,
// writes held back (never lost) until the import's one transaction ends, and cancel rolls it all back.

const JOB = 'a1b2c3d4-0000-4000-8000-000000000001';
const BIG = serialiseInspection(realisticFile('00000000-0000-4000-8000-000000000300', 'Big CRC', 300, 3));

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
  it('an import reports progress in cases; a case opens while it writes, the half-written import is never seen, and a save waits its turn and is kept', async () => {
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
    // Answered during the import's write: the store as it was before the import.
    const opened = await ok('case.get', { caseId: c.id });
    expect(opened.answers.find((a) => a.questionId === '2.1.1')?.value).toBe('yes');
    expect((await ok('inspection.list', {})).map((i) => i.id)).toEqual([insp.id]);
    expect(finished).toBe(false);
    // A write sent now is held until the import's transaction has ended, then saved.
    const saved = send('case.answer', { caseId: c.id, questionId: '2.1.2', value: 'no' }).then((r) => {
      order.push('save');
      return r;
    });
    const result = await imported;
    expect(result).toMatchObject({ ok: true });
    expect(await saved).toMatchObject({ ok: true });
    expect(order).toEqual(['import', 'save']);
    expect(await ok('job.progress', { jobId: JOB })).toBeNull();
    const list = await ok('inspection.list', {});
    expect(list).toHaveLength(2);
    const big = list.find((i) => i.id !== insp.id)!;
    expect(await ok('case.list', { inspectionId: big.id })).toHaveLength(300);
    // The save after the import follows the import's clocks in the log (the data worker's clock caught up).
    const latest = [...main.store.changes()].sort((a, b) => (a.clock < b.clock ? -1 : 1)).at(-1)!;
    expect(latest).toMatchObject({ entity: 'answer', caseId: c.id });
    expect(JSON.stringify(latest.value)).toContain('"no"');
  });

  it('cancelling while it writes rolls the whole import back: the store is as it was', async () => {
    await existingWork();
    const before = { inspections: await ok('inspection.list', {}), providers: await ok('provider.list', {}), changes: main.store.changeCount() };
    let finished = false;
    const imported = importBig().then((r) => ((finished = true), r));
    const writing = await until(JOB, (p) => p.phase === 'writing' && (p.done ?? 0) > 0 && (p.done ?? 0) < (p.total ?? 0), () => finished);
    expect(writing).not.toBeNull();
    expect(await ok('job.cancel', { jobId: JOB })).toEqual({ cancelling: true });
    expect(await imported).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: expect.stringContaining('nothing was changed') } });
    expect(await ok('inspection.list', {})).toEqual(before.inspections);
    expect(await ok('provider.list', {})).toEqual(before.providers);
    expect(main.store.changeCount()).toBe(before.changes);
    // Writes are taken again at once.
    expect(await send('provider.create', { name: 'After CRC', type: 'CRC' })).toMatchObject({ ok: true });
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
    expect(order).toEqual(['import', 'save']);
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
