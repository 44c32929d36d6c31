import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CASES_PER_INSPECTION } from '../../core';
import { startMainProcess, type MainProcess } from '../main-process';
import { typedClient } from './typed-client';

// Issue #16: a 100,000-case file was read in full and imported in one transaction, holding up every
// other command for as long. It is refused, before its cases are checked one by one, with nothing written.

let main: MainProcess;
beforeEach(() => {
  main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-large-')), user: 'Test Inspector', version: 'test', log: { error: () => {} } });
});
afterEach(() => main.close());
const { send, ok } = typedClient(() => main.dispatch);

const fileOf = (cases: number) =>
  JSON.stringify({
    format: 'fieldwork-inspection',
    formatVersion: 1,
    id: '0b7d8e0c-1111-4a2b-9c3d-0000000000f1',
    framework: 'crc-2018',
    frameworkRevision: '2019-07',
    provider: { name: 'Huge CRC', type: 'CRC' },
    inspection: { fieldworkStart: '2019-04-01', fieldworkEnd: '2019-04-12', status: 'draft' },
    cases: Array.from({ length: cases }, (_, i) => ({ ref: `CS-${i}`, sample: 'case-supervision', status: 'not-started', answers: {}, notes: {} })),
    judgements: {},
  });

describe('files with more cases than an inspection holds', () => {
  it('a 100,000-case inspection file is refused with the count and the limit; nothing is written, and the next command is answered', async () => {
    const text = fileOf(100_000);
    const refused = { ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('100,000 cases; an inspection holds at most 10,000') } };
    expect(await send('exchange.check', { text })).toMatchObject(refused);
    expect(await send('exchange.import', { text, acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } })).toMatchObject(refused);
    expect(main.store.listInspections()).toEqual([]);
    expect(main.store.listProviders()).toEqual([]);
    expect(await ok('system.ping', {})).toBeDefined();
  });

  it('one case over the limit is refused; at the limit the file is read', async () => {
    expect(MAX_CASES_PER_INSPECTION).toBe(10_000);
    const over = await send('exchange.check', { text: fileOf(MAX_CASES_PER_INSPECTION + 1) });
    expect(over).toMatchObject({ ok: false, error: { message: expect.stringContaining('10,001 cases') } });
    expect(await send('exchange.check', { text: fileOf(MAX_CASES_PER_INSPECTION) })).toMatchObject({ ok: true });
  });

  it('a sample CSV of more cases than an inspection holds is refused with the count, nothing added', async () => {
    const insp = await ok('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
    const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => `CS-${from + i}`).join('\n');
    expect(await ok('case.import', { inspectionId: insp.id, csv: `sample ref\n${rows(0, 3)}\n` })).toMatchObject({ imported: 3 });
    const r = await send('case.import', { inspectionId: insp.id, csv: `sample ref\n${rows(10, 100_000)}\n` });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(r)).toContain('the file has 100,000 cases; an inspection holds at most 10,000');
    expect(main.store.listCases(insp.id)).toHaveLength(3);
  });
});
