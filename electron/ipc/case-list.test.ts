import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMainProcess, type MainProcess } from '../main-process';
import { typedClient } from './typed-client';

let main: MainProcess;
beforeEach(() => {
  main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-list-')), user: 'Inspector Jones', version: 'test', log: { error: () => {} } });
});
afterEach(() => main.close());

const { ok, send } = typedClient(() => main.dispatch);
const HEAD = 'sample,sample ref,CRN,name,review due\n';

describe('case.list: natural order, and one page at a time for the first screen', () => {
  it('orders refs as people read them and pages through that order with the same progress counts', async () => {
    const insp = await ok('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
    const refs = Array.from({ length: 25 }, (_, i) => `CS-${i + 1}`);
    await ok('case.import', { inspectionId: insp.id, csv: HEAD + refs.map((r, i) => `Case supervision,${r},X${i},P ${i},yes`).join('\n') });
    const all = await ok('case.list', { inspectionId: insp.id });
    // CS-2 before CS-10 (a plain text sort would put CS-10 first).
    expect(all.map((c) => c.ref)).toEqual(refs);

    // Progress differs per case: a No without a note on CS-10, a No with one on CS-3.
    const byRef = new Map(all.map((c) => [c.ref, c.id]));
    await ok('case.answer', { caseId: byRef.get('CS-10')!, questionId: '2.1.1', value: 'no' });
    await ok('case.answer', { caseId: byRef.get('CS-3')!, questionId: '2.1.1', value: 'no' });
    await ok('case.note', { caseId: byRef.get('CS-3')!, questionId: '2.1.1', note: 'Seen in the record.' });
    await ok('case.answer', { caseId: byRef.get('CS-3')!, questionId: '2.1.1.a', value: 'no' });
    const full = await ok('case.list', { inspectionId: insp.id });
    expect(full.find((c) => c.ref === 'CS-10')).toMatchObject({ missingNoteCount: 1, unansweredCount: 11 });
    expect(full.find((c) => c.ref === 'CS-3')).toMatchObject({ missingNoteCount: 0, unansweredCount: 11 });

    expect(await ok('case.list', { inspectionId: insp.id, limit: 10 })).toEqual(full.slice(0, 10));
    expect(await ok('case.list', { inspectionId: insp.id, offset: 10, limit: 10 })).toEqual(full.slice(10, 20));
    expect(await ok('case.list', { inspectionId: insp.id, offset: 20 })).toEqual(full.slice(20));
    expect(await ok('case.list', { inspectionId: insp.id, offset: 40, limit: 10 })).toEqual([]);
    expect(await send('case.list', { inspectionId: insp.id, limit: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
