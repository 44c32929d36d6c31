import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InspectionFile, caseStandards, shippedFrameworks } from '../../core';
import { exportInspection } from '../../db';
import { checksumOf, serialiseInspection } from '../files/inspection-files';
import { startMainProcess, type MainProcess } from '../main-process';
import { typedClient } from './typed-client';
import type { MainServices } from '../services';

let main: MainProcess;
let dir: string;
const saves: (string | null)[] = [];
const opens: (string | null)[] = [];
const services: MainServices = {
  chooseSavePath: async () => saves.shift() ?? null,
  chooseOpenPath: async () => opens.shift() ?? null,
  printToPdf: () => Promise.reject(new Error('unused')),
  today: () => '2019-06-30',
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldwork-x-'));
  main = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 'test', log: { error: () => {} }, services });
});
afterEach(() => main.close());

const { send, ok } = typedClient(() => main.dispatch);
const dbHash = () => {
  main.db.pragma('wal_checkpoint(TRUNCATE)');
  return createHash('sha256').update(readFileSync(main.databasePath)).digest('hex');
};

const f = shippedFrameworks().get('crc-2018')!;
const kqs = caseStandards(f, 'case-supervision').flatMap((s) => s.keyQuestions.map((k) => k.id));

function inspectionFile(id: string, provider: string, start: string, yes: number, n = 20): InspectionFile {
  return {
    format: 'fieldwork-inspection',
    formatVersion: 1,
    id,
    framework: 'crc-2018',
    frameworkRevision: '2019-07',
    provider: { name: provider, type: 'CRC' },
    inspection: { fieldworkStart: start, fieldworkEnd: start, caseloadSize: 4000, status: 'final' },
    cases: Array.from({ length: n }, (_, i) => ({
      ref: `CS-${i}`,
      crn: `X${i}`,
      name: `Person ${i}`,
      sample: 'case-supervision',
      status: 'complete' as const,
      attributes: { reviewDue: true, domesticAbuse: i % 3 === 0 },
      answers: Object.fromEntries(kqs.map((q) => [q, i < yes ? 'yes' : 'no'])) as Record<string, 'yes' | 'no'>,
      // Every "No" carries its note: a complete case without them would go back to in progress on import.
      notes: (i >= yes ? Object.fromEntries(kqs.map((q) => [q, 'No risk analysis.'])) : {}) as Record<string, string>,
    })),
    judgements: { '1.1': { rating: 'Good', rationale: 'Clear vision.' } },
    overrides: {},
    recommendations: [{ text: 'Improve risk assessment.' }],
  };
}

describe('inspection files: export and import', () => {
  it('export then import gives back an identical inspection (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          yes: fc.nat({ max: 12 }),
          n: fc.integer({ min: 1, max: 12 }),
          note: fc.string({ maxLength: 40 }),
          rating: fc.constantFrom('Outstanding', 'Good', 'Requires improvement', 'Inadequate') as fc.Arbitrary<'Good'>,
          reason: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0),
          recs: fc.array(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0).map((s) => s.trim()), { maxLength: 3 }),
          progress: fc.constantFrom('met', 'partly met', 'not met', null) as fc.Arbitrary<'met' | null>,
        }),
        async (p) => {
          const file = inspectionFile(crypto.randomUUID(), `Provider ${crypto.randomUUID().slice(0, 8)}`, '2019-05-01', p.yes, p.n);
          file.cases[0]!.notes = { ...file.cases[0]!.notes, ...(p.note.trim() ? { '2.2.1': p.note } : {}) };
          file.overrides = { '2.2': { rating: p.rating, reason: p.reason.trim() } };
          file.judgements = { '1.2': { rating: p.rating, rationale: p.note } };
          file.judgementNotes = { '1.2.1': 'Workloads high.' };
          file.recommendations = p.recs.map((text) => ({ text }));
          file.reportText = { '2.1': { strengths: p.note, improvements: 'More home visits.' } };
          file.previousRecommendations = [{ text: 'Earlier advice.', progress: p.progress, note: p.note }];
          file.audit = [
            { caseRef: 'CS-0', what: 'answer', item: '2.1.1', oldValue: null, newValue: 'no', changedBy: 'Inspector A', changedAt: '2019-05-02T10:00:00.000Z' },
            { caseRef: null, what: 'override', item: '2.2', oldValue: null, newValue: `${p.rating}: ${p.reason.trim()}`, changedBy: 'Lead', changedAt: '2019-05-03T10:00:00.000Z' },
          ];
          const { inspectionId } = await ok('exchange.import', { text: serialiseInspection(file), acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
          const back = exportInspection(main.store, inspectionId);
          const norm = (x: InspectionFile) => JSON.parse(JSON.stringify({ ...x, checksum: undefined, provider: { ...x.provider, id: undefined, owner: undefined, region: undefined } }));
          const want = norm(file);
          want.cases = want.cases.map((c: { notes: Record<string, string> }) => ({ ...c, notes: Object.fromEntries(Object.entries(c.notes).filter(([, v]) => v !== '')) }));
          if (!p.note) delete want.reportText['2.1'].strengths;
          const got = norm(back);
          if (!p.note) delete got.reportText['2.1'].strengths;
          // A version 1 file comes back as version 2: the same contents, now with ids and the change log.
          expect(got.formatVersion).toBe(2);
          // The old history keeps who and when; its values are typed now (the override is rating and reason).
          expect(got.changes).toEqual(
            expect.arrayContaining([
              expect.objectContaining({ entity: 'answer', field: 'value', value: 'no', item: '2.1.1', actor: { id: 'legacy:Inspector A', name: 'Inspector A' }, at: '2019-05-02T10:00:00.000Z' }),
              expect.objectContaining({ entity: 'override', field: 'reason', value: p.reason.trim(), item: '2.2', actor: { id: 'legacy:Lead', name: 'Lead' }, at: '2019-05-03T10:00:00.000Z' }),
            ]),
          );
          for (const k of ['formatVersion', 'audit', 'changes', 'exportedAt']) {
            delete want[k];
            delete got[k];
          }
          const strip = (x: { id?: unknown; completedAt?: unknown; recommendationId?: unknown }) => ({ ...x, id: undefined, completedAt: undefined, recommendationId: undefined });
          for (const k of ['cases', 'recommendations', 'previousRecommendations']) got[k] = JSON.parse(JSON.stringify(got[k].map(strip)));
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('exports through the save dialog with a checksum that import verifies', async () => {
    const { inspectionId } = await ok('exchange.import', { text: JSON.stringify(inspectionFile('0b7d8e0c-1111-4a2b-9c3d-000000000001', 'London CRC', '2019-04-01', 12)), acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    const path = join(dir, 'out.fieldwork.json');
    saves.push(path);
    expect(await ok('exchange.export', { inspectionId })).toEqual({ path });
    const text = readFileSync(path, 'utf8');
    const parsed = JSON.parse(text) as InspectionFile;
    expect(parsed.checksum).toBe(checksumOf(parsed));
    // One changed answer and the checksum no longer matches.
    const tampered = text.replace('"2.1.1": "no"', '"2.1.1": "yes"');
    expect(tampered).not.toBe(text);
    expect(await send('exchange.check', { text: tampered })).toMatchObject({ ok: false, error: { fieldErrors: { checksum: expect.stringContaining('changed or damaged') } } });
  });

  it('a second import of the same inspection is detected; replace or keep both, never silently', async () => {
    const file = inspectionFile('0b7d8e0c-1111-4a2b-9c3d-000000000002', 'Kent CRC', '2019-04-01', 12);
    const text = serialiseInspection(file);
    await ok('exchange.import', { text, acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    const check = await ok('exchange.check', { text });
    expect(check.duplicate).toMatchObject({ id: file.id, provider: 'Kent CRC' });
    expect(check.providerMatch?.name).toBe('Kent CRC');
    const kept = await ok('exchange.import', { text, acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    expect(kept.inspectionId).not.toBe(file.id);
    expect(main.store.listInspections()).toHaveLength(2);
    const changed = serialiseInspection(inspectionFile(file.id!, 'Kent CRC', '2019-04-01', 18));
    expect(await ok('exchange.import', { text: changed, acceptUnchecked: true, onDuplicate: 'replace', provider: { mode: 'auto' } })).toEqual({ inspectionId: file.id });
    expect(main.store.listInspections()).toHaveLength(2);
    expect(main.store.listProviders()).toHaveLength(1);
  });

  it('offers providers with a similar name for confirmation', async () => {
    await ok('provider.create', { name: 'London CRC', type: 'CRC' });
    const check = await ok('exchange.check', { text: JSON.stringify(inspectionFile('0b7d8e0c-1111-4a2b-9c3d-000000000003', 'London Community Rehabilitation Company', '2019-04-01', 12)) });
    expect(check.providerMatch).toBeNull();
    expect(check.providerCandidates.map((p) => p.name)).toEqual(['London CRC']);
  });

  it.each([
    ['truncated', (t: string) => t.slice(0, t.length / 2), 'not valid JSON'],
    ['not JSON', () => 'PK\u0003\u0004 this is a zip', 'not valid JSON'],
    ['wrong schema', (t: string) => t.replace('"cases"', '"kases"'), 'cases: is missing'],
    ['newer format', (t: string) => t.replace('"formatVersion": 1', '"formatVersion": 7'), 'newer version of Fieldwork'],
    ['unknown framework', (t: string) => t.replace('"framework": "crc-2018"', '"framework": "crc-2031"'), 'unknown framework "crc-2031"'],
    ['junk', () => 'x'.repeat(5_000_000), 'not valid JSON'],
  ])('a bad file (%s) gets a clear message and leaves the store byte-for-byte unchanged', async (_name, mutate, message) => {
    await ok('exchange.import', { text: serialiseInspection(inspectionFile('0b7d8e0c-1111-4a2b-9c3d-000000000004', 'Essex CRC', '2019-04-01', 12)), acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    const base = JSON.stringify(inspectionFile('0b7d8e0c-1111-4a2b-9c3d-000000000005', 'Essex CRC', '2020-04-01', 15), null, 2);
    const before = dbHash();
    const r = await send('exchange.import', { text: mutate(base), acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(message);
    expect(dbHash()).toBe(before);
  });

  it('refuses files over 50 MB from disk before reading them', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, Buffer.alloc(51 * 1024 * 1024, 0x20));
    opens.push(big);
    expect(await send('exchange.open', {})).toMatchObject({ ok: false, error: { message: expect.stringContaining('at most 50 MB') } });
  });
});

describe('compare, history and league', () => {
  it('compares with the previous inspection of the same provider, suggested automatically', async () => {
    const a = await ok('exchange.import', { text: JSON.stringify(inspectionFile('0b7d8e0c-1111-4a2b-9c3d-00000000000a', 'London CRC', '2018-04-01', 6)), acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    const b = await ok('exchange.import', { text: JSON.stringify(inspectionFile('0b7d8e0c-1111-4a2b-9c3d-00000000000b', 'London CRC', '2019-04-01', 15)), acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    const prev = await ok('inspection.previous', { inspectionId: b.inspectionId });
    expect(prev.suggested).toBe(a.inspectionId);
    const c = await ok('inspection.compare', { oldId: a.inspectionId, newId: b.inspectionId });
    const r = await ok('inspection.ratings', { inspectionId: b.inspectionId });
    const k = c.keyQuestions.find((x) => x.match === '2.1.3')!;
    expect(k).toMatchObject({ old: 30, new: r.standards.find((s) => s.id === '2.1')!.keyQuestions[2]!.percent, verdict: 'improved' });
    expect(c.previousRecommendations).toEqual(['Improve risk assessment.']);
    const [rec] = await ok('recommendation.items', { inspectionId: a.inspectionId });
    expect(await ok('progress.list', { inspectionId: b.inspectionId })).toEqual([{ id: null, recommendationId: rec!.id, text: 'Improve risk assessment.', progress: null, note: '' }]);
    // The imported inspection is final: it refuses changes until returned to draft.
    expect(await send('progress.set', { inspectionId: b.inspectionId, items: [{ text: 'Improve risk assessment.', progress: 'met', note: '' }] })).toMatchObject({ ok: false, error: { code: 'FINAL' } });
    await ok('inspection.setStatus', { id: b.inspectionId, status: 'draft' });
    await ok('progress.set', { inspectionId: b.inspectionId, items: [{ text: 'Improve risk assessment.', progress: 'partly met', note: 'Better, not yet consistent.' }] });
    // History and League show final inspections unless drafts are asked for (b is a draft again now).
    const providerId = main.store.listProviders()[0]!.id;
    expect((await ok('provider.history', { providerId })).map((h) => h.date)).toEqual(['2018-04-01']);
    const history = await ok('provider.history', { providerId, includeDrafts: true });
    expect(history.map((h) => h.date)).toEqual(['2018-04-01', '2019-04-01']);
    expect((await ok('league.table', {})).map((l) => l.date)).toEqual(['2018-04-01']);
    const league = await ok('league.table', { includeDrafts: true });
    expect(league).toHaveLength(1);
    expect(league[0]).toMatchObject({ provider: 'London CRC', date: '2019-04-01', score: r.overall.score, max: 30 });
    const csvPath = join(dir, 'league.csv');
    saves.push(csvPath);
    await ok('league.exportCsv', {});
    expect(readFileSync(csvPath, 'utf8').split('\r\n')[0]).toBe('Provider,Latest inspection,Framework,Overall rating,Score,Maximum,Share of maximum');
  });

  it('records a ratings-only previous inspection by hand', async () => {
    const r = await ok('inspection.recordRatings', {
      newProvider: { name: 'Essex CRC', type: 'CRC' },
      frameworkId: 'crc-2018',
      fieldworkStart: '2018-06-04',
      fieldworkEnd: '2018-06-15',
      standards: { '2.1': 'Inadequate', '1.1': 'Good' },
      overall: 'Requires improvement',
      keyQuestions: { '2.1.3': { percent: 39, base: 36 } },
      recommendations: ['Improve assessment of risk of harm.'],
    });
    const file = exportInspection(main.store, r.inspectionId);
    expect(file.ratingsOnly).toEqual({ standards: { '1.1': 'Good', '2.1': 'Inadequate' }, overall: { rating: 'Requires improvement' }, keyQuestions: { '2.1.3': { percent: 39, base: 36 } } });
    expect(await send('inspection.recordRatings', { newProvider: { name: 'X', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2018-06-04', fieldworkEnd: '2018-06-15', standards: { '9.9': 'Good' }, overall: null })).toMatchObject({ ok: false });
  });
});

describe('sealed inspection files', () => {
  it('exports sealed with a passphrase; opens only with it; a modified file is refused whole', async () => {
    const { inspectionId } = await ok('exchange.import', { text: JSON.stringify(inspectionFile('0b7d8e0c-1111-4a2b-9c3d-0000000000c1', 'Sealed CRC', '2019-04-01', 12)), acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    const path = join(dir, 'sealed.fieldwork.json');
    saves.push(path);
    await ok('exchange.export', { inspectionId, passphrase: 'correct horse battery staple' });
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('Sealed CRC');
    expect(text).not.toContain('Person 1');
    expect(JSON.parse(text)).toMatchObject({ format: 'fieldwork-sealed', kdf: { name: 'scrypt' }, cipher: { name: 'aes-256-gcm' } });

    expect(await send('exchange.check', { text })).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_REQUIRED' } });
    const before = dbHash();
    expect(await send('exchange.import', { text, passphrase: 'wrong horse battery staple', acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } })).toMatchObject({
      ok: false,
      error: { message: 'The passphrase is wrong, or the file has been changed since it was sealed. Nothing was opened.' },
    });
    const env = JSON.parse(text);
    const flipped = Buffer.from(env.data, 'base64');
    flipped[10] = flipped[10]! ^ 1;
    for (const modified of [JSON.stringify({ ...env, data: flipped.toString('base64') }), JSON.stringify({ ...env, kdf: { ...env.kdf, N: 2 ** 14 } })])
      expect(await send('exchange.import', { text: modified, passphrase: 'correct horse battery staple', acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } })).toMatchObject({ ok: false, error: { message: expect.stringContaining('Nothing was opened') } });
    expect(dbHash()).toBe(before);
    const check = await ok('exchange.check', { text, passphrase: 'correct horse battery staple' });
    expect(check.duplicate?.id).toBe(inspectionId);
    expect(await send('exchange.export', { inspectionId, passphrase: 'short' })).toMatchObject({ ok: false, error: { fieldErrors: { passphrase: 'use at least 10 characters' } } });
  });
});

describe('files without a checksum (issue 12, item 9)', () => {
  it('are reported as unchecked and import only once the inspector accepts that', async () => {
    const file = inspectionFile('0b7d8e0c-1111-4a2b-9c3d-0000000000d1', 'Unchecked CRC', '2019-04-01', 3);
    const bare = JSON.stringify(file);
    expect((await ok('exchange.check', { text: bare })).unchecked).toBe(true);
    expect((await ok('exchange.check', { text: serialiseInspection(file) })).unchecked).toBe(false);
    const before = dbHash();
    expect(await send('exchange.import', { text: bare, onDuplicate: 'keep-both', provider: { mode: 'auto' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('This file has no checksum') },
    });
    expect(dbHash()).toBe(before);
    expect(await ok('exchange.import', { text: serialiseInspection(file), onDuplicate: 'keep-both', provider: { mode: 'auto' } })).toEqual({ inspectionId: file.id });
  });
});
