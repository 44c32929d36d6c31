import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unseal, seal } from '../files/seal';
import { startMainProcess, type MainProcess } from '../main-process';
import type { MainServices } from '../services';
import { typedClient } from './typed-client';

// Two real stores, as on two laptops: the lead's and an inspector's, each a SQLite file driven
// through the real IPC handlers.
const PASS = 'a long shared passphrase';
const CSV_HEAD = 'sample,sample ref,CRN,name,gender,ethnicity,age band,sentence type,risk of serious harm level,office or cluster,domestic abuse concern,child safeguarding concern,released from custody,review due,assigned inspector';
const csv = `${CSV_HEAD}\n${Array.from({ length: 6 }, (_, i) => `Case supervision,CS-0${i + 1},X${100 + i},Person ${i},male,White British,25-34,licence,medium,North,no,no,yes,yes,${i < 4 ? 'Asha Patel' : 'Ben Okoro'}`).join('\n')}\n`;

interface Laptop {
  main: MainProcess;
  saves: (string | null)[];
  opens: (string | null)[];
  api: ReturnType<typeof typedClient>;
}

function laptop(user: string): Laptop {
  const saves: (string | null)[] = [];
  const opens: (string | null)[] = [];
  const services: MainServices = {
    chooseSavePath: async () => saves.shift() ?? null,
    chooseOpenPath: async () => opens.shift() ?? null,
    printToPdf: () => Promise.reject(new Error('unused')),
    today: () => '2019-06-05',
  };
  const main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-team-')), version: 'test', user, log: { error: (...a: unknown[]) => console.error(...a) }, services });
  return { main, saves, opens, api: typedClient(() => main.dispatch) };
}

let lead: Laptop;
let asha: Laptop;
let dir: string;
let inspectionId: string;
const caseId = (l: Laptop, ref: string) => l.main.store.listCases(inspectionId).find((c) => c.ref === ref)!.id;
const answerOf = (l: Laptop, ref: string, q: string) => l.main.store.getCase(caseId(l, ref)).answers.find((a) => a.questionId === q);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fieldwork-team-files-'));
  lead = laptop('Lead Inspector');
  asha = laptop('Asha Patel');
  const insp = await lead.api.ok('inspection.create', { newProvider: { name: 'Team CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14', caseloadSize: null });
  inspectionId = insp.id;
  await lead.api.ok('case.import', { inspectionId, csv });
});
afterEach(() => {
  lead.main.close();
  asha.main.close();
});

/** Issues Asha's package on the lead's laptop and imports it on hers; returns the package's path. */
async function issueAndImport(): Promise<string> {
  const path = join(dir, 'asha-package.fieldwork.json');
  lead.saves.push(path);
  const issued = await lead.api.ok('package.issue', { inspectionId, inspector: 'Asha Patel', passphrase: PASS });
  expect(issued).toMatchObject({ path, cases: 4 });
  const text = readFileSync(path, 'utf8');
  const check = await asha.api.ok('package.check', { text, passphrase: PASS });
  expect(check).toMatchObject({ kind: 'package', inspector: 'Asha Patel', issuedBy: 'Lead Inspector', cases: 4, refresh: false });
  await asha.api.ok('package.import', { text, passphrase: PASS });
  return path;
}

async function exportReturn(name: string): Promise<string> {
  const path = join(dir, name);
  asha.saves.push(path);
  expect(await asha.api.ok('package.return', { inspectionId, passphrase: PASS })).toEqual({ path });
  return readFileSync(path, 'utf8');
}

describe('team fieldwork through the handlers, on two stores', () => {
  it('issues only the inspector\'s cases, records the package, and imports it on her laptop with the banner', async () => {
    const path = await issueAndImport();
    const pkg = JSON.parse(await unseal(readFileSync(path, 'utf8'), PASS));
    expect(pkg.cases.map((c: { ref: string }) => c.ref)).toEqual(['CS-01', 'CS-02', 'CS-03', 'CS-04']);
    expect(JSON.stringify(pkg)).not.toContain('X104'); // Ben's cases' CRNs never leave the lead's laptop
    const team = await lead.api.ok('team.get', { inspectionId });
    expect(team.packages).toMatchObject([{ inspector: 'Asha Patel', issuedBy: 'Lead Inspector', cases: ['CS-01', 'CS-02', 'CS-03', 'CS-04'], out: ['CS-01', 'CS-02', 'CS-03', 'CS-04'], lastReturnAt: null }]);
    expect(team.withInspector).toEqual({ 'CS-01': 'Asha Patel', 'CS-02': 'Asha Patel', 'CS-03': 'Asha Patel', 'CS-04': 'Asha Patel' });
    expect(team.progress.find((p) => p.inspector === 'Asha Patel')).toMatchObject({ assigned: 4, withInspector: 4 });
    const mine = await asha.api.ok('team.get', { inspectionId });
    expect(mine.received).toMatchObject({ inspector: 'Asha Patel', issuedBy: 'Lead Inspector' });
    expect(asha.main.store.listCases(inspectionId).map((c) => c.ref)).toEqual(['CS-01', 'CS-02', 'CS-03', 'CS-04']);
  });

  it('keeps the cases read-only on the lead\'s laptop until taken back, and audits the taking back', async () => {
    await issueAndImport();
    const refused = await lead.api.send('case.answer', { caseId: caseId(lead, 'CS-01'), questionId: '2.1.1', value: 'yes' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('with Asha Patel');
    expect(answerOf(lead, 'CS-01', '2.1.1')).toBeUndefined();
    // Nor change its details or delete it; reassigning it is allowed (it goes out again in its new inspector's package).
    expect(await lead.api.send('case.update', { caseId: caseId(lead, 'CS-01'), sample: 'case-supervision', crn: 'X999' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await lead.api.send('case.delete', { caseId: caseId(lead, 'CS-01') })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(lead.main.store.getCase(caseId(lead, 'CS-01')).crn).toBe('X100');
    await lead.api.ok('case.update', { caseId: caseId(lead, 'CS-03'), assignedInspector: 'Ben Okoro' });
    await lead.api.ok('case.takeBack', { caseId: caseId(lead, 'CS-01') });
    await lead.api.ok('case.answer', { caseId: caseId(lead, 'CS-01'), questionId: '2.1.1', value: 'yes' });
    expect((await lead.api.ok('team.get', { inspectionId })).withInspector['CS-01']).toBeUndefined();
    expect(lead.main.store.changes(inspectionId).some((c) => c.entity === 'work-package' && c.field === 'takenBack')).toBe(true);
  });

  it('merges a return with a preview first, applies one-sided changes as the inspector, makes conflicts of two-sided ones, and merging again changes nothing', async () => {
    await issueAndImport();
    await lead.api.ok('case.takeBack', { caseId: caseId(lead, 'CS-02') });
    await lead.api.ok('case.answer', { caseId: caseId(lead, 'CS-02'), questionId: '2.1.1', value: 'yes' });
    await asha.api.ok('case.answer', { caseId: caseId(asha, 'CS-01'), questionId: '2.1.1', value: 'no' });
    await asha.api.ok('case.note', { caseId: caseId(asha, 'CS-01'), questionId: '2.1.1', note: 'No plan on file.' });
    await asha.api.ok('case.answer', { caseId: caseId(asha, 'CS-02'), questionId: '2.1.1', value: 'na' });
    const text = await exportReturn('r1.fieldwork.json');

    const before = lead.main.store.changes(inspectionId).length;
    const check = await lead.api.ok('package.check', { text, passphrase: PASS });
    if (check.kind !== 'return') throw new Error('expected a return');
    expect(check.preview.applied).toEqual([
      { ref: 'CS-01', field: 'answers.2.1.1', from: null, to: 'no', by: 'Asha Patel' },
      { ref: 'CS-01', field: 'notes.2.1.1', from: null, to: 'No plan on file.', by: 'Asha Patel' },
    ]);
    expect(check.preview.conflicts).toEqual([{ ref: 'CS-02', field: 'answers.2.1.1', base: null, current: 'yes', incoming: 'na', by: 'Asha Patel' }]);
    expect(lead.main.store.changes(inspectionId).length).toBe(before); // the preview wrote nothing

    await lead.api.ok('package.merge', { text, passphrase: PASS });
    expect(answerOf(lead, 'CS-01', '2.1.1')).toMatchObject({ value: 'no', note: 'No plan on file.' });
    const applied = lead.main.store.changes(inspectionId).filter((c) => c.entity === 'answer' && c.actor.name === 'Asha Patel');
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((c) => (c.reason ?? '').startsWith('return from Asha Patel'))).toBe(true);
    const conflicts = await lead.api.ok('conflict.list', { inspectionId });
    expect(conflicts).toMatchObject([{ ref: 'CS-02', field: 'answers.2.1.1', base: null, current: 'yes', incoming: 'na', by: 'Asha Patel', inspector: 'Asha Patel' }]);
    expect((await lead.api.ok('team.get', { inspectionId })).progress.find((p) => p.inspector === 'Asha Patel')).toMatchObject({ openConflicts: 1, lastReturnAt: expect.any(String) });

    const after = lead.main.store.changes(inspectionId).length;
    const again = await lead.api.ok('package.merge', { text, passphrase: PASS });
    expect(again.applied).toEqual([]);
    expect(lead.main.store.changes(inspectionId).length).toBe(after);
    expect(await lead.api.ok('conflict.list', { inspectionId })).toHaveLength(1);
  });

  it.each([
    ['keep', undefined, 'yes'],
    ['take', undefined, 'na'],
    ['edit', 'no', 'no'],
  ] as const)('resolves a conflict by %s, audited, and a later return with the same value does not reopen it', async (resolution, value, expected) => {
    await issueAndImport();
    await lead.api.ok('case.takeBack', { caseId: caseId(lead, 'CS-02') });
    await lead.api.ok('case.answer', { caseId: caseId(lead, 'CS-02'), questionId: '2.1.1', value: 'yes' });
    await asha.api.ok('case.answer', { caseId: caseId(asha, 'CS-02'), questionId: '2.1.1', value: 'na' });
    await lead.api.ok('package.merge', { text: await exportReturn('r1.fieldwork.json'), passphrase: PASS });
    const [conflict] = await lead.api.ok('conflict.list', { inspectionId });
    expect(await lead.api.ok('conflict.resolve', { conflictId: conflict!.id, resolution, ...(value ? { value } : {}) })).toEqual({ remaining: 0 });
    expect(answerOf(lead, 'CS-02', '2.1.1')?.value).toBe(expected);
    expect(lead.main.store.changes(inspectionId).some((c) => c.entity === 'merge-conflict' && c.field === 'resolution' && c.value === resolution)).toBe(true);
    // The resolution is an entry of the inspection's audit trail, saying which conflict and how.
    const how = { keep: 'kept the lead’s value', take: "took Asha Patel's value", edit: 'entered a value' }[resolution];
    expect((await lead.api.ok('audit.list', { inspectionId })).some((e) => e.reason === `conflict on CS-02 answers.2.1.1 resolved: ${how}`)).toBe(true);
    await lead.api.ok('package.merge', { text: await exportReturn('r2.fieldwork.json'), passphrase: PASS });
    expect(await lead.api.ok('conflict.list', { inspectionId })).toEqual([]);
    expect(answerOf(lead, 'CS-02', '2.1.1')?.value).toBe(expected);
  });

  it('refuses a return for a package this laptop never issued, and one touching a case outside its package unless the lead confirms', async () => {
    await issueAndImport();
    await asha.api.ok('case.answer', { caseId: caseId(asha, 'CS-01'), questionId: '2.1.1', value: 'no' });
    const text = await exportReturn('r1.fieldwork.json');
    const file = JSON.parse(await unseal(text, PASS));

    const stranger = { ...file, package: { ...file.package, id: '99999999-9999-4999-8999-999999999999' } };
    delete stranger.checksum;
    const r1 = await lead.api.send('package.merge', { text: JSON.stringify(stranger) });
    expect(r1.ok).toBe(false);

    const extra = { ...file, cases: [...file.cases, { ...file.cases[0], ref: 'CS-05', answers: { '2.1.1': 'yes' }, notes: {} }] };
    delete extra.checksum;
    const extraText = await seal(JSON.stringify(extra), PASS);
    const check = await lead.api.ok('package.check', { text: extraText, passphrase: PASS });
    if (check.kind !== 'return') throw new Error('expected a return');
    expect(check.preview.refused).toEqual([{ ref: 'CS-05', reason: "case CS-05 was not issued in Asha Patel's package" }]);
    const unconfirmed = await lead.api.send('package.merge', { text: extraText, passphrase: PASS });
    expect(unconfirmed.ok).toBe(false);
    expect(answerOf(lead, 'CS-01', '2.1.1')).toBeUndefined();
    await lead.api.ok('package.merge', { text: extraText, passphrase: PASS, confirmRefused: true });
    expect(answerOf(lead, 'CS-01', '2.1.1')?.value).toBe('no');
    expect(answerOf(lead, 'CS-05', '2.1.1')).toBeUndefined();
    writeFileSync(join(dir, 'unused'), '');
  });

  it('reassigns a case by issuing it in another package: the first inspector\'s later changes to it are conflicts; progress shows the last return and the days left', async () => {
    await issueAndImport();
    await lead.api.ok('case.assign', { inspectionId, caseIds: [caseId(lead, 'CS-04')], inspector: 'Ben Okoro' });
    lead.saves.push(join(dir, 'ben-package.fieldwork.json'));
    expect(await lead.api.ok('package.issue', { inspectionId, inspector: 'Ben Okoro', passphrase: PASS })).toMatchObject({ cases: 3 });
    let team = await lead.api.ok('team.get', { inspectionId });
    expect(team.withInspector).toEqual({ 'CS-01': 'Asha Patel', 'CS-02': 'Asha Patel', 'CS-03': 'Asha Patel', 'CS-04': 'Ben Okoro', 'CS-05': 'Ben Okoro', 'CS-06': 'Ben Okoro' });
    expect(team.daysLeft).toBe(10); // 5 to 14 June 2019, both days counted
    // Read-only on the lead's laptop, and with the newer package's inspector.
    const refused = await lead.api.send('case.answer', { caseId: caseId(lead, 'CS-04'), questionId: '2.1.1', value: 'yes' });
    expect(!refused.ok && refused.error.message).toContain('Case CS-04 is with Ben Okoro');

    await asha.api.ok('case.answer', { caseId: caseId(asha, 'CS-01'), questionId: '2.1.1', value: 'yes' });
    await asha.api.ok('case.answer', { caseId: caseId(asha, 'CS-04'), questionId: '2.1.1', value: 'no' });
    const merged = await lead.api.ok('package.merge', { text: await exportReturn('r1.fieldwork.json'), passphrase: PASS });
    expect(merged.applied).toEqual([{ ref: 'CS-01', field: 'answers.2.1.1', from: null, to: 'yes', by: 'Asha Patel' }]);
    expect(merged.conflicts).toEqual([{ ref: 'CS-04', field: 'answers.2.1.1', base: null, current: null, incoming: 'no', by: 'Asha Patel' }]);
    expect(answerOf(lead, 'CS-04', '2.1.1')).toBeUndefined();

    team = await lead.api.ok('team.get', { inspectionId });
    const returned = team.packages.find((p) => p.inspector === 'Asha Patel')!.lastReturnAt;
    expect(returned).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(team.progress).toEqual([
      { inspector: 'Asha Patel', assigned: 3, started: 1, complete: 0, withInspector: 3, lastReturnAt: returned, openConflicts: 1 },
      { inspector: 'Ben Okoro', assigned: 3, started: 0, complete: 0, withInspector: 3, lastReturnAt: null, openConflicts: 0 },
    ]);
  });

  it('a second package refreshes the inspection on the inspector\'s laptop: new cases added, her work kept, returned against the newer package', async () => {
    await issueAndImport();
    await asha.api.ok('case.answer', { caseId: caseId(asha, 'CS-01'), questionId: '2.1.1', value: 'no' });
    await lead.api.ok('case.assign', { inspectionId, caseIds: [caseId(lead, 'CS-05')], inspector: 'Asha Patel' });
    const second = join(dir, 'asha-package-2.fieldwork.json');
    lead.saves.push(second);
    expect(await lead.api.ok('package.issue', { inspectionId, inspector: 'Asha Patel', passphrase: PASS })).toMatchObject({ cases: 5 });
    const text = readFileSync(second, 'utf8');
    expect(await asha.api.ok('package.check', { text, passphrase: PASS })).toMatchObject({ kind: 'package', cases: 5, refresh: true });
    await asha.api.ok('package.import', { text, passphrase: PASS });
    expect(asha.main.store.listCases(inspectionId).map((c) => c.ref)).toEqual(['CS-01', 'CS-02', 'CS-03', 'CS-04', 'CS-05']);
    expect(answerOf(asha, 'CS-01', '2.1.1')?.value).toBe('no');
    const newest = JSON.parse(await unseal(text, PASS)).package.id;
    expect((await asha.api.ok('team.get', { inspectionId })).received?.id).toBe(newest);
    await asha.api.ok('case.answer', { caseId: caseId(asha, 'CS-05'), questionId: '2.1.1', value: 'yes' });
    const merged = await lead.api.ok('package.merge', { text: await exportReturn('r1.fieldwork.json'), passphrase: PASS });
    expect(merged.applied.map((a) => [a.ref, a.field, a.to])).toEqual([
      ['CS-01', 'answers.2.1.1', 'no'],
      ['CS-05', 'answers.2.1.1', 'yes'],
    ]);
    expect(merged.conflicts).toEqual([]);
  });

  it('refuses a return of another inspection with a message, writing nothing', async () => {
    await issueAndImport();
    await asha.api.ok('case.answer', { caseId: caseId(asha, 'CS-01'), questionId: '2.1.1', value: 'no' });
    const file = JSON.parse(await unseal(await exportReturn('r1.fieldwork.json'), PASS));
    const other = { ...file, id: '99999999-9999-4999-8999-999999999999', package: { ...file.package, inspectionId: '99999999-9999-4999-8999-999999999999' } };
    delete other.checksum;
    const before = lead.main.store.changes(inspectionId).length;
    const r = await lead.api.send('package.merge', { text: JSON.stringify(other) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('This return belongs to an inspection that is not on this laptop. Nothing was merged.');
    expect(lead.main.store.changes(inspectionId).length).toBe(before);
  });

  it('a lead\'s file merged by `fieldwork merge` (exit 3) brings its open conflict into the app on import', async () => {
    await issueAndImport();
    await lead.api.ok('case.takeBack', { caseId: caseId(lead, 'CS-01') });
    await lead.api.ok('case.answer', { caseId: caseId(lead, 'CS-01'), questionId: '2.1.1', value: 'yes' });
    await asha.api.ok('case.answer', { caseId: caseId(asha, 'CS-01'), questionId: '2.1.1', value: 'no' });
    const ret = join(dir, 'r1.fieldwork.json');
    await exportReturn('r1.fieldwork.json');
    const leadFile = join(dir, 'lead.fieldwork.json');
    lead.saves.push(leadFile);
    await lead.api.ok('exchange.export', { inspectionId, passphrase: PASS });
    writeFileSync(join(dir, 'pass.txt'), `${PASS}\n`);
    const merged = join(dir, 'merged.fieldwork.json');
    const cli = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'fieldwork.cjs'), 'merge', leadFile, ret, '--out', merged, '--passphrase-file', join(dir, 'pass.txt')], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(3);
    expect(JSON.parse(cli.stdout).conflicts).toEqual([{ ref: 'CS-01', field: 'answers.2.1.1', base: null, current: 'yes', incoming: 'no', by: 'Asha Patel' }]);
    expect(await lead.api.ok('conflict.list', { inspectionId })).toEqual([]);
    // The lead's file records the package in its change log, and the merge takes the base from there:
    // the same return claiming the lead's value as its base (so the change would look one-sided) merges the same.
    const claimed = JSON.parse(await unseal(readFileSync(ret, 'utf8'), PASS));
    claimed.package.base['CS-01'].answers['2.1.1'] = 'yes';
    delete claimed.checksum;
    writeFileSync(join(dir, 'r1-claimed.fieldwork.json'), JSON.stringify(claimed));
    const cli2 = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'fieldwork.cjs'), 'merge', leadFile, join(dir, 'r1-claimed.fieldwork.json'), '--out', join(dir, 'merged-claimed.fieldwork.json'), '--passphrase-file', join(dir, 'pass.txt')], { encoding: 'utf8' });
    expect(cli2.status, cli2.stderr).toBe(3);
    expect(JSON.parse(cli2.stdout)).toEqual(JSON.parse(cli.stdout));

    await lead.api.ok('exchange.import', { text: readFileSync(merged, 'utf8'), passphrase: PASS, onDuplicate: 'replace', provider: { mode: 'auto' } });
    expect(await lead.api.ok('conflict.list', { inspectionId })).toMatchObject([{ ref: 'CS-01', field: 'answers.2.1.1', base: null, current: 'yes', incoming: 'no', by: 'Asha Patel', inspector: 'Asha Patel' }]);
    expect(answerOf(lead, 'CS-01', '2.1.1')?.value).toBe('yes');
    // Importing it again does not repeat the conflict.
    await lead.api.ok('exchange.import', { text: readFileSync(merged, 'utf8'), passphrase: PASS, onDuplicate: 'replace', provider: { mode: 'auto' } });
    expect(await lead.api.ok('conflict.list', { inspectionId })).toHaveLength(1);
  });

  it('lists a quality lead in team progress only when cases are assigned to them', async () => {
    await lead.api.ok('team.setMembers', { inspectionId, members: [{ name: 'Lead Inspector', role: 'lead' }, { name: 'Quinn Quality', role: 'quality-lead' }, { name: 'Li Wei', role: 'local-assessor' }] });
    const before = await lead.api.ok('team.get', { inspectionId });
    expect(before.progress.map((p) => p.inspector)).toContain('Li Wei');
    expect(before.progress.map((p) => p.inspector)).not.toContain('Quinn Quality');
    await lead.api.ok('case.assign', { inspectionId, caseIds: [caseId(lead, 'CS-05')], inspector: 'Quinn Quality' });
    const after = await lead.api.ok('team.get', { inspectionId });
    expect(after.progress.find((p) => p.inspector === 'Quinn Quality')).toMatchObject({ assigned: 1 });
  });

  it('keeps the team list with roles, and assigns cases in bulk', async () => {
    await lead.api.ok('team.setMembers', { inspectionId, members: [{ name: 'Lead Inspector', role: 'lead' }, { name: 'Asha Patel', role: 'inspector' }, { name: 'Li Wei', role: 'local-assessor' }] });
    expect(await lead.api.ok('team.setMembers', { inspectionId, members: [{ name: 'Lead Inspector', role: 'lead' }, { name: 'Li Wei', role: 'quality-lead' }] })).toEqual([
      { name: 'Lead Inspector', role: 'lead' },
      { name: 'Li Wei', role: 'quality-lead' },
    ]);
    const ids = ['CS-05', 'CS-06'].map((r) => caseId(lead, r));
    expect(await lead.api.ok('case.assign', { inspectionId, caseIds: ids, inspector: 'Li Wei' })).toEqual({ assigned: 2 });
    const team = await lead.api.ok('team.get', { inspectionId });
    expect(team.progress.find((p) => p.inspector === 'Li Wei')).toMatchObject({ assigned: 2 });
    expect(team.progress.find((p) => p.inspector === 'Ben Okoro')).toBeUndefined();
  });
});
