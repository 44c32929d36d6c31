import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type InspectionFile, caseStandards, shippedFrameworks } from '../../core';
import { serialiseInspection } from '../files/inspection-files';
import { startMainProcess, type MainProcess } from '../main-process';
import { NO_SERVICES } from '../services';
import { typedClient } from './typed-client';

const EXAMPLE = join(__dirname, '..', '..', 'cli', 'fixtures', 'example-crc.fieldwork.json');
const opened: MainProcess[] = [];
afterEach(() => {
  while (opened.length) opened.pop()!.close();
});

/** A fresh store behind the real handlers, with its own user, exporting to `out`. */
function freshStore(user: string) {
  const dir = mkdtempSync(join(tmpdir(), 'fieldwork-rt-'));
  const out = join(dir, 'out.fieldwork.json');
  const main = startMainProcess({ dataDir: dir, user, version: 'test', log: { error: () => {} }, services: { ...NO_SERVICES, chooseSavePath: async () => out } });
  opened.push(main);
  const client = typedClient(() => main.dispatch);
  return {
    main,
    ...client,
    async importText(text: string, onDuplicate: 'replace' | 'keep-both' = 'keep-both') {
      return (await client.ok('exchange.import', { text, acceptUnchecked: true, onDuplicate, provider: { mode: 'auto' } })).inspectionId;
    },
    async exportText(inspectionId: string) {
      await client.ok('exchange.export', { inspectionId });
      return readFileSync(out, 'utf8');
    },
  };
}

const withoutExportStamp = (text: string) => {
  const { exportedAt: _a, checksum: _c, ...rest } = JSON.parse(text) as InspectionFile;
  return rest;
};

describe('round trip through two fresh stores', () => {
  it('import, export, import into another store, export: identical apart from the export time and checksum', async () => {
    // Start from a version 1 file, then give it a history of its own in the first store.
    const a = freshStore('Inspector Ahmed');
    const id = await a.importText(readFileSync(EXAMPLE, 'utf8'));
    const [c1, c2] = await a.ok('case.list', { inspectionId: id });
    await a.ok('case.note', { caseId: c1!.id, questionId: '2.1.1', note: 'Checked twice.' });
    await a.ok('case.answer', { caseId: c2!.id, questionId: '2.1.2', value: null });
    await a.ok('recommendation.add', { inspectionId: id, text: 'Improve risk assessment' });
    const rec = await a.ok('recommendation.add', { inspectionId: id, text: 'Review caseloads' });
    await a.ok('recommendation.edit', { id: rec.id, text: 'Review caseloads monthly' });
    await a.ok('report.text.set', { inspectionId: id, standardId: '2.1', strengths: 'Assessments were thorough.', improvements: 'Risk to children was missed.' });
    const first = await a.exportText(id);

    const b = freshStore('Inspector Brown');
    expect(await b.importText(first)).toBe(id);
    const second = await b.exportText(id);
    expect(withoutExportStamp(second)).toEqual(withoutExportStamp(first));
    // Same ids, same change log, same who and when: nobody in the second store appears in it.
    const file = JSON.parse(second) as InspectionFile;
    expect(file.formatVersion).toBe(2);
    expect(new Set(file.changes!.map((c) => c.actor.name))).toEqual(new Set(['Inspector Ahmed']));
    expect(JSON.stringify(file)).not.toContain('Inspector Brown');
    expect(file.cases.map((c) => c.id)).toEqual(JSON.parse(first).cases.map((c: { id: string }) => c.id));
    // In the stores themselves: the same log, change for change (ids, clocks, who, when, base
    // revisions, values), and every field carries the same revision.
    // (Each store also records its own imports as events, which are not part of the inspection's history.)
    const history = (m: MainProcess) =>
      m.store
        .changes(id)
        .filter((c) => c.entity !== 'import')
        .map(({ entity, id: rowId, field, value, previous, baseRevision, clock, actor, at }) => ({ entity, rowId, field, value, previous, baseRevision, clock, actor, at }));
    expect(history(b.main)).toEqual(history(a.main));
    expect(history(b.main).length).toBeGreaterThan(100);
    const revisions = (m: MainProcess) =>
      m.db.prepare("SELECT entity, entity_id, field, clock FROM field_revision WHERE entity NOT IN ('provider', 'import') ORDER BY entity, entity_id, field").all();
    expect(revisions(b.main)).toEqual(revisions(a.main));
    const idsOf = (m: MainProcess) => ({
      cases: m.db.prepare('SELECT id, ref FROM case_file ORDER BY id').all(),
      answers: m.db.prepare('SELECT id FROM answer ORDER BY id').all(),
      recommendations: m.db.prepare('SELECT id, text FROM recommendation ORDER BY id').all(),
    });
    expect(idsOf(b.main)).toEqual(idsOf(a.main));

    // And a third hop changes nothing either.
    const c = freshStore('Inspector Clarke');
    await c.importText(second);
    expect(withoutExportStamp(await c.exportText(id))).toEqual(withoutExportStamp(first));
  });

  it('importing the same file again changes nothing; a replace over newer local edits restores the file, keeping the history', async () => {
    const a = freshStore('Inspector Ahmed');
    const id = await a.importText(readFileSync(EXAMPLE, 'utf8'));
    const first = await a.exportText(id);
    const b = freshStore('Inspector Brown');
    await b.importText(first);
    const logged = b.main.store.changes(id).length;
    await b.importText(first, 'replace');
    expect(b.main.store.changes(id)).toHaveLength(logged);

    const [c] = await b.ok('case.list', { inspectionId: id });
    const before = (await b.ok('case.get', { caseId: c!.id })).answers.find((x) => x.questionId === '2.1.1')!.value;
    await b.ok('inspection.setStatus', { id, status: 'draft' });
    await b.ok('case.answer', { caseId: c!.id, questionId: '2.1.1', value: before === 'yes' ? 'no' : 'yes' });
    await b.ok('case.add', { inspectionId: id, ref: 'EXTRA-1' });
    await b.importText(first, 'replace');
    expect((await b.ok('case.get', { caseId: c!.id })).answers.find((x) => x.questionId === '2.1.1')!.value).toBe(before);
    expect((await b.ok('case.list', { inspectionId: id })).map((x) => x.ref)).not.toContain('EXTRA-1');
    expect(withoutExportStamp(await b.exportText(id))).toMatchObject({ cases: JSON.parse(first).cases });
    // Nothing was taken out of the history: the local edits and the replacement are both in it.
    const trail = b.main.store.changes(id);
    // (Records of imports are each store's own: compare the inspection's changes.)
    const content = (l: typeof trail) => l.filter((x) => x.entity !== 'import');
    const fromA = content(a.main.store.changes(id));
    expect(content(trail).slice(0, fromA.length)).toEqual(fromA.map((x) => ({ ...x })));
    expect(trail.filter((x) => x.entity === 'import').map((x) => [x.actor.name, (x.value as { mode: string }).mode])).toEqual([
      ['Inspector Brown', 'new'],
      ['Inspector Brown', 'replace'],
    ]);
    expect(trail.filter((x) => x.actor.name === 'Inspector Brown').map((x) => [x.entity, x.field])).toEqual(
      expect.arrayContaining([
        ['answer', 'value'],
        ['case', '$create'],
        ['case', '$delete'],
      ]),
    );
  });

  it('an inspection deleted and then imported again from its file comes back with its ids; the history keeps the deletion', async () => {
    const a = freshStore('Inspector Ahmed');
    const id = await a.importText(readFileSync(EXAMPLE, 'utf8'));
    const first = await a.exportText(id);
    await a.ok('inspection.delete', { id });
    expect(a.main.store.listInspections()).toEqual([]);
    // The file's changes are already in this store's log, so replaying them alone gives nothing back:
    // the import then brings the store in line with the file, as changes of the person importing.
    expect(await a.importText(first)).toBe(id);
    const again = JSON.parse(await a.exportText(id)) as InspectionFile;
    expect(again.cases).toEqual((JSON.parse(first) as InspectionFile).cases);
    expect(a.main.store.changes(id).some((c) => c.entity === 'inspection' && c.field === '$delete')).toBe(true);
  });

  it('a version 2 file edited by hand (its contents no longer match its change log) is refused whole', async () => {
    const a = freshStore('Inspector Ahmed');
    const id = await a.importText(readFileSync(EXAMPLE, 'utf8'));
    const file = JSON.parse(await a.exportText(id)) as InspectionFile;
    const kq = caseStandards(shippedFrameworks().get('crc-2018')!, 'case-supervision')[0]!.keyQuestions[0]!.id;
    file.cases[0]!.answers[kq] = file.cases[0]!.answers[kq] === 'yes' ? 'no' : 'yes';
    const b = freshStore('Inspector Brown');
    const r = await b.send('exchange.import', { text: serialiseInspection(file), acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('do not match its own change log') } });
    expect(b.main.store.listInspections()).toEqual([]);
    expect(b.main.store.changes()).toEqual([]);
  });
});
