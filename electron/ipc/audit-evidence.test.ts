import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMainProcess, type MainProcess } from '../main-process';
import type { MainServices } from '../services';
import { typedClient } from './typed-client';

// Issue 12, item 7: the audit trail holds as evidence through imports and replaces.

const opened: MainProcess[] = [];
afterEach(() => {
  for (const m of opened.splice(0)) m.close();
});

function start(user: string, saves: string[]) {
  const services: MainServices = {
    chooseSavePath: async () => saves.shift() ?? null,
    chooseOpenPath: async () => null,
    printToPdf: () => Promise.reject(new Error('unused')),
    today: () => '2019-06-30',
  };
  const main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-evidence-')), user, version: 'test', log: { error: () => {} }, services });
  opened.push(main);
  return { main, ...typedClient(() => main.dispatch) };
}

const clocks = (m: MainProcess) => m.store.changes().map((c) => c.clock);

describe('the audit trail as evidence', () => {
  it('an import keeps every local entry, marks what came from the file with its name, records itself, and a replace backs up first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fieldwork-evidence-files-'));
    const out = [join(dir, 'kent-1.fieldwork.json'), join(dir, 'kent-2.fieldwork.json')];
    const lead = start('Lead Inspector', [...out]);
    const insp = await lead.ok('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
    await lead.ok('case.import', { inspectionId: insp.id, csv: 'sample,sample ref,CRN,name\nCase supervision,CS-1,X1,P One\nCase supervision,CS-2,X2,P Two\n' });
    const [one, two] = await lead.ok('case.list', { inspectionId: insp.id });
    await lead.ok('case.answer', { caseId: one!.id, questionId: '2.1.1', value: 'yes' });
    await lead.ok('exchange.export', { inspectionId: insp.id });

    // The inspector's store: the first file, then work of their own.
    const inspector = start('Inspector Khan', []);
    const firstText = readFileSync(out[0]!, 'utf8');
    await inspector.ok('exchange.import', { text: firstText, onDuplicate: 'keep-both', provider: { mode: 'auto' }, fileName: 'kent-1.fieldwork.json' });
    await inspector.ok('case.answer', { caseId: two!.id, questionId: '2.1.1', value: 'no' });
    await inspector.ok('case.note', { caseId: two!.id, questionId: '2.1.1', note: 'No analysis of risk.' });
    const localBefore = clocks(inspector.main);

    // The lead changes more; the inspector replaces with the newer file.
    await lead.ok('case.answer', { caseId: one!.id, questionId: '2.1.2', value: 'no' });
    await lead.ok('exchange.export', { inspectionId: insp.id });
    const secondText = readFileSync(out[1]!, 'utf8');
    const backupsBefore = await inspector.ok('backup.list', {});
    await inspector.ok('exchange.import', { text: secondText, onDuplicate: 'replace', provider: { mode: 'auto' }, fileName: 'kent-2.fieldwork.json' });

    // Nothing local was removed from the log.
    const after = new Set(clocks(inspector.main));
    expect(localBefore.filter((c) => !after.has(c))).toEqual([]);
    // A backup was taken before the replace, and is named by the import's own entry.
    const backupsAfter = await inspector.ok('backup.list', {});
    const taken = backupsAfter.filter((b) => !backupsBefore.some((x) => x.name === b.name) && b.reason === 'before-import');
    expect(taken).toHaveLength(1);

    const trail = await inspector.ok('audit.list', { inspectionId: insp.id });
    const imports = trail.filter((e) => e.what === 'import');
    expect(imports.map((e) => [e.changedBy, e.item, e.source])).toEqual([
      ['Inspector Khan', 'kent-1.fieldwork.json', 'kent-1.fieldwork.json'],
      ['Inspector Khan', 'kent-2.fieldwork.json', 'kent-2.fieldwork.json'],
    ]);
    expect(imports[1]!.newValue).toMatchObject({
      fileName: 'kent-2.fieldwork.json',
      fileSha256: createHash('sha256').update(secondText).digest('hex'),
      formatVersion: 2,
      mode: 'replace',
      backup: taken[0]!.name,
    });
    expect((imports[1]!.newValue as { fromFile: number }).fromFile).toBeGreaterThan(0);
    // The lead's changes arrived with the files, by the lead, marked; the inspector's own are not marked.
    const leadsAnswer = trail.find((e) => e.what === 'answer' && e.item === '2.1.2')!;
    expect(leadsAnswer).toMatchObject({ changedBy: 'Lead Inspector', source: 'kent-2.fieldwork.json' });
    const own = trail.filter((e) => e.changedBy === 'Inspector Khan' && e.what === 'note');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((e) => e.source === null)).toBe(true);
  });
});
