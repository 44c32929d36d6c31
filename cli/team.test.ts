import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrameworkRegistry, type InspectionFile, parseInspectionText, rateInspection, toInspectionInput } from '../core';
import { isSealed } from '../electron/files/seal';

const BIN = join(__dirname, '..', 'bin', 'fieldwork.cjs');
const EXAMPLE = join(__dirname, 'fixtures', 'example-crc.fieldwork.json');
const dir = mkdtempSync(join(tmpdir(), 'fieldwork-team-cli-'));

/** Runs the real `fieldwork` binary as a user would. */
function fieldwork(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const path = (name: string) => join(dir, name);
const read = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as InspectionFile;
function write(name: string, data: unknown): string {
  writeFileSync(path(name), typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return path(name);
}

/** The example inspection with its cases shared between two inspectors. */
function leadFile(): InspectionFile {
  const f = read(EXAMPLE);
  f.cases.forEach((c, i) => (c.assignedInspector = i % 2 === 0 ? 'Asha Patel' : 'Ben Okoro'));
  f.audit = [{ caseRef: 'CS-02', what: 'answer', item: '2.1.1', oldValue: null, newValue: 'yes', changedBy: 'Lead', changedAt: '2026-01-04T10:00:00.000Z' }];
  return f;
}
const LEAD = write('lead.fieldwork.json', leadFile());

function issue(inspector: string, name: string, extra: string[] = [], from = LEAD) {
  const r = fieldwork('package', from, '--inspector', inspector, '--out', path(name), ...extra);
  expect(r.code, r.stderr).toBe(0);
  return { out: JSON.parse(r.stdout) as { package: string; cases: string[] }, file: existsSync(path(name)) ? readFileSync(path(name), 'utf8') : '' };
}

/** An inspector's return: the package with their work in it, edited by hand as the issue allows. */
function returnOf(pkgText: string, name: string, edit: (f: InspectionFile) => void, returnedAt = '2026-01-06T17:00:00.000Z'): string {
  const f = JSON.parse(pkgText) as InspectionFile;
  delete f.checksum;
  f.package = { ...f.package!, kind: 'return', returnedAt };
  edit(f);
  return write(name, f);
}
const caseOf = (f: InspectionFile, ref: string) => f.cases.find((c) => c.ref === ref)!;

// Each case runs the real binary several times; on a loaded machine a spawn takes seconds.
describe('fieldwork package', { timeout: 180_000 }, () => {
  it('writes only the named inspector\'s cases, with the frame and the base (exit 0), and records the package in the lead\'s file', () => {
    const { out, file } = issue('  asha patel ', 'asha.fieldwork.json');
    const pkg = JSON.parse(file) as InspectionFile;
    const lead = read(LEAD);
    // The lead's record of it, which \`fieldwork merge\` takes the base from.
    expect(lead.team!.packages!.find((p) => p.id === out.package)).toEqual({ id: out.package, inspector: 'Asha Patel', issuedAt: pkg.package!.issuedAt, base: pkg.package!.base });
    expect(out).toMatchObject({ recordedIn: LEAD });
    expect(fieldwork('validate', LEAD).code).toBe(0);
    const mine = lead.cases.filter((c) => c.assignedInspector === 'Asha Patel').map((c) => c.ref);
    expect(out.cases).toEqual(mine);
    expect(pkg.cases.map((c) => c.ref)).toEqual(mine);
    expect(pkg.package).toMatchObject({ id: out.package, kind: 'package', inspectionId: lead.id, inspector: 'Asha Patel' });
    expect(Object.keys(pkg.package!.base)).toEqual(mine);
    expect(pkg.package!.base['CS-01']).toEqual({ answers: caseOf(lead, 'CS-01').answers, notes: caseOf(lead, 'CS-01').notes });
    expect({ framework: pkg.framework, revision: pkg.frameworkRevision, provider: pkg.provider, inspection: pkg.inspection }).toEqual({
      framework: lead.framework,
      revision: lead.frameworkRevision,
      provider: lead.provider,
      inspection: lead.inspection,
    });
    // Data minimisation: nobody else's case, name or CRN, and none of the lead's own work.
    for (const other of lead.cases.filter((c) => c.assignedInspector !== 'Asha Patel')) {
      expect(file).not.toContain(`"${other.ref}"`);
      if (other.crn) expect(file).not.toContain(other.crn);
      if (other.name) expect(file).not.toContain(other.name);
    }
    expect(pkg.judgements).toEqual({});
    expect(pkg.overrides ?? pkg.reportText ?? pkg.recommendations ?? pkg.audit).toBeUndefined();
    expect(fieldwork('validate', path('asha.fieldwork.json')).code).toBe(0);
  });

  it('seals the package with --passphrase-file', () => {
    write('pass.txt', 'correct horse battery staple\n');
    const { file } = issue('Ben Okoro', 'ben-sealed.fieldwork.json', ['--passphrase-file', path('pass.txt')]);
    expect(isSealed(file)).toBe(true);
    expect(file).not.toContain('Person B');
  });

  it('refuses an inspector with no cases with exit 2, naming who has cases', () => {
    const r = fieldwork('package', LEAD, '--inspector', 'Nobody', '--out', path('x.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no cases are assigned to "Nobody"; cases are assigned to "Asha Patel", "Ben Okoro"');
    expect(existsSync(path('x.json'))).toBe(false);
  });

  it('refuses a file without an id (no return could be matched to it)', () => {
    const { id: _id, ...noId } = leadFile();
    const r = fieldwork('package', write('no-id.json', noId), '--inspector', 'Asha Patel', '--out', path('x.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the inspection file has no id');
  });
});

describe('fieldwork merge', { timeout: 180_000 }, () => {
  // The lead's file these packages were issued from: it records them.
  const MLEAD = write('lead-merge.fieldwork.json', leadFile());
  const asha = issue('Asha Patel', 'asha-pkg.fieldwork.json', [], MLEAD).file;
  const ben = issue('Ben Okoro', 'ben-pkg.fieldwork.json', [], MLEAD).file;

  it('applies one-sided changes from every return and exits 0; the ratings are the engine\'s on the merged answers', () => {
    const r1 = returnOf(asha, 'asha-r1.json', (f) => {
      caseOf(f, 'CS-01').answers['2.1.1'] = 'no';
      caseOf(f, 'CS-01').notes!['2.1.1'] = 'No assessment on file.';
      caseOf(f, 'CS-01').status = 'complete';
    });
    const r2 = returnOf(ben, 'ben-r1.json', (f) => {
      delete caseOf(f, 'CS-02').answers['2.1.2'];
    });
    const r = fieldwork('merge', MLEAD, r1, r2, '--out', path('merged-ok.json'));
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['applied', 'conflicts', 'refused', 'unchanged']);
    expect(out.applied).toEqual([
      { ref: 'CS-01', field: 'status', from: null, to: 'complete', by: 'Asha Patel' },
      { ref: 'CS-01', field: 'answers.2.1.1', from: 'yes', to: 'no', by: 'Asha Patel' },
      { ref: 'CS-01', field: 'notes.2.1.1', from: null, to: 'No assessment on file.', by: 'Asha Patel' },
      { ref: 'CS-02', field: 'answers.2.1.2', from: 'yes', to: null, by: 'Ben Okoro' },
    ]);
    expect(out.conflicts).toEqual([]);
    expect(out.refused).toEqual([]);
    expect(out.unchanged).toBeGreaterThan(100);
    const merged = read(path('merged-ok.json'));
    expect(caseOf(merged, 'CS-01')).toMatchObject({ status: 'complete', answers: { '2.1.1': 'no' }, notes: { '2.1.1': 'No assessment on file.' } });
    expect(caseOf(merged, 'CS-02').answers['2.1.2']).toBeUndefined();
    expect(merged.audit!.at(-1)).toMatchObject({ caseRef: 'CS-02', what: 'answer', item: '2.1.2', oldValue: 'yes', newValue: null, changedBy: 'Ben Okoro' });
    expect(merged.team!.packages!.map((p) => p.inspector).sort()).toEqual(['Asha Patel', 'Ben Okoro']);

    const rated = JSON.parse(fieldwork('rate', path('merged-ok.json')).stdout);
    const parsed = parseInspectionText(readFileSync(path('merged-ok.json'), 'utf8'), new FrameworkRegistry());
    if (!parsed.ok) throw new Error('merged file invalid');
    expect(rated.overall.score).toBe(rateInspection(parsed.framework, toInspectionInput(parsed.file)).overall.score);

    // The same returns again, in the other order, into the merged file: nothing changes.
    const again = fieldwork('merge', path('merged-ok.json'), r2, r1, '--out', path('merged-ok-2.json'));
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).applied).toEqual([]);
    expect(read(path('merged-ok-2.json')).cases).toEqual(merged.cases);
  });

  it('exits 3 on a conflict, keeps the lead\'s value in MERGED and carries the open conflict', () => {
    const lead = read(MLEAD);
    delete lead.checksum;
    caseOf(lead, 'CS-03').answers['2.1.2'] = 'na';
    const leadPath = write('lead-edited.json', lead);
    const ret = returnOf(asha, 'asha-conflict.json', (f) => {
      caseOf(f, 'CS-03').answers['2.1.2'] = 'no';
      caseOf(f, 'CS-05').answers['2.1.1'] = 'no';
    });
    const r = fieldwork('merge', leadPath, ret, '--out', path('merged-conflict.json'));
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.conflicts).toEqual([{ ref: 'CS-03', field: 'answers.2.1.2', base: 'yes', current: 'na', incoming: 'no', by: 'Asha Patel' }]);
    expect(out.applied).toEqual([{ ref: 'CS-05', field: 'answers.2.1.1', from: 'yes', to: 'no', by: 'Asha Patel' }]);
    expect(r.stderr).toContain('1 conflict open');
    const merged = read(path('merged-conflict.json'));
    expect(caseOf(merged, 'CS-03').answers['2.1.2']).toBe('na');
    expect(merged.team!.conflicts).toEqual([
      { package: JSON.parse(asha).package.id, ref: 'CS-03', field: 'answers.2.1.2', base: 'yes', incoming: 'no', by: 'Asha Patel', at: '2026-01-06T17:00:00.000Z' },
    ]);
    // Merged again: the conflict is still open, nothing else happens.
    const again = fieldwork('merge', path('merged-conflict.json'), ret, '--out', path('merged-conflict-2.json'));
    expect(again.code).toBe(3);
    expect(JSON.parse(again.stdout)).toMatchObject({ applied: [], conflicts: out.conflicts });
  });

  it("trusts the lead's file's record of a package, never the return: a return whose base and inspector were edited by hand merges exactly as the honest one", () => {
    const lead = read(MLEAD);
    delete lead.checksum;
    // After issuing, the lead changes CS-03's 2.1.2; the inspector changes it too.
    caseOf(lead, 'CS-03').answers['2.1.2'] = 'na';
    const leadPath = write('lead-claimed.json', lead);
    const edits = (f: InspectionFile) => {
      caseOf(f, 'CS-03').answers['2.1.2'] = 'no';
      caseOf(f, 'CS-05').answers['2.1.1'] = 'no';
    };
    const honest = returnOf(asha, 'asha-honest.json', edits);
    // The same return claiming the lead's value was its base (so the change would look one-sided) and that it is Ben's.
    const claimed = returnOf(asha, 'asha-claimed.json', (f) => {
      edits(f);
      f.package!.base['CS-03']!.answers['2.1.2'] = 'na';
      f.package!.inspector = 'Ben Okoro';
    });
    const a = fieldwork('merge', leadPath, honest, '--out', path('merged-honest.json'));
    const b = fieldwork('merge', leadPath, claimed, '--out', path('merged-claimed.json'));
    expect(a.code, a.stderr).toBe(3);
    expect(b.code, b.stderr).toBe(3);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
    expect(JSON.parse(b.stdout).conflicts).toEqual([{ ref: 'CS-03', field: 'answers.2.1.2', base: 'yes', current: 'na', incoming: 'no', by: 'Asha Patel' }]);
    expect(caseOf(read(path('merged-claimed.json')), 'CS-03').answers['2.1.2']).toBe('na');
    expect(read(path('merged-claimed.json')).cases).toEqual(read(path('merged-honest.json')).cases);
  });

  it("refuses (exit 2) a return whose package the lead's file does not record, writing nothing", () => {
    const unrecorded = write('lead-unrecorded.json', leadFile());
    const ret = returnOf(asha, 'asha-unrecorded.json', (f) => (caseOf(f, 'CS-01').answers['2.1.1'] = 'no'));
    const r = fieldwork('merge', unrecorded, ret, '--out', path('merged-unrecorded.json'));
    expect(r.code).toBe(2);
    const pkg = (JSON.parse(asha) as InspectionFile).package!;
    expect(JSON.parse(r.stdout).refused).toEqual([
      {
        file: ret,
        ref: null,
        reason: `package ${pkg.id} (issued to Asha Patel on ${pkg.issuedAt.slice(8, 10)}/${pkg.issuedAt.slice(5, 7)}/${pkg.issuedAt.slice(0, 4)}) is not recorded in the lead's inspection file, so the base it carries cannot be trusted: issue packages with \`fieldwork package\`, which records each one in the lead's file`,
      },
    ]);
    expect(existsSync(path('merged-unrecorded.json'))).toBe(false);
  });

  it('reads sealed returns with --passphrase-file, and says so when it is missing', () => {
    const sealedLead = write('lead-sealed-merge.json', leadFile());
    write('pass.txt', 'correct horse battery staple\n');
    issue('Ben Okoro', 'ben-sealed-merge.fieldwork.json', ['--passphrase-file', path('pass.txt')], sealedLead);
    const sealedPkg = path('ben-sealed-merge.fieldwork.json');
    const r = fieldwork('merge', sealedLead, sealedPkg, '--out', path('merged-sealed.json'), '--passphrase-file', path('pass.txt'));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).applied).toEqual([]);
    const none = fieldwork('merge', MLEAD, sealedPkg, '--out', path('merged-sealed-2.json'));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('the file is sealed; give its passphrase with --passphrase-file');
    write('wrong.txt', 'wrong');
    expect(fieldwork('merge', MLEAD, sealedPkg, '--out', path('merged-sealed-2.json'), '--passphrase-file', path('wrong.txt')).stderr).toContain('The passphrase is wrong');
    expect(existsSync(path('merged-sealed-2.json'))).toBe(false);
  });

  it('exits 2 and writes nothing for a return of another inspection or one touching a case outside its package; --apply-rest writes the rest', () => {
    const other = returnOf(asha, 'other-inspection.json', (f) => {
      f.id = '99999999-9999-4999-8999-999999999999';
      f.package!.inspectionId = f.id;
      caseOf(f, 'CS-01').answers['2.1.1'] = 'no';
    });
    const r = fieldwork('merge', MLEAD, other, '--out', path('merged-refused.json'));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).refused).toEqual([
      { file: other, ref: null, reason: `this return belongs to another inspection (99999999-9999-4999-8999-999999999999), not this one (${read(MLEAD).id})` },
    ]);
    expect(existsSync(path('merged-refused.json'))).toBe(false);

    const outside = returnOf(asha, 'outside.json', (f) => {
      caseOf(f, 'CS-01').answers['2.1.1'] = 'no';
      f.cases.push({ ...caseOf(read(MLEAD), 'CS-02'), answers: { '2.1.1': 'no' } });
    });
    const r2 = fieldwork('merge', MLEAD, outside, '--out', path('merged-refused.json'));
    expect(r2.code).toBe(2);
    expect(JSON.parse(r2.stdout).refused).toEqual([{ file: outside, ref: 'CS-02', reason: "case CS-02 was not issued in Asha Patel's package" }]);
    expect(r2.stderr).toContain('nothing was written');
    expect(existsSync(path('merged-refused.json'))).toBe(false);

    const r3 = fieldwork('merge', MLEAD, outside, '--out', path('merged-refused.json'), '--apply-rest');
    expect(r3.code).toBe(2);
    const merged = read(path('merged-refused.json'));
    expect(caseOf(merged, 'CS-01').answers['2.1.1']).toBe('no');
    expect(caseOf(merged, 'CS-02').answers['2.1.1']).toBe('yes');
  });

  it('exits 2 with the JSON path for an invalid return, and for a file that is not a return', () => {
    const bad = returnOf(asha, 'bad.json', (f) => {
      (caseOf(f, 'CS-01').answers as Record<string, string>)['2.1.1'] = 'maybe';
    });
    const r = fieldwork('merge', MLEAD, bad, '--out', path('merged-bad.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cases[0].answers.2.1.1');
    expect(r.stdout).toBe('');
    const notReturn = fieldwork('merge', MLEAD, LEAD, '--out', path('merged-bad.json'));
    expect(notReturn.code).toBe(2);
    expect(JSON.parse(notReturn.stdout).refused[0].reason).toBe('this is not a work package or a return (it has no package section)');
    expect(existsSync(path('merged-bad.json'))).toBe(false);
    expect(fieldwork('merge', MLEAD, '--out', path('merged-bad.json')).stderr).toContain('one or more returns');
  });

  it("brings QA state back: qa.status, qa.comments.<id> and secondMarking.<question id> in the JSON; an inspector's move to QA complete is refused with the rule (exit 2)", () => {
    const lead = leadFile();
    lead.team = {
      members: [
        { name: 'Lee Lead', role: 'lead' },
        { name: 'Asha Patel', role: 'inspector' },
        { name: 'Quinn Quality', role: 'quality-lead' },
      ],
    };
    caseOf(lead, 'CS-01').comments = [{ id: 'c-cs01', questionId: '2.1.1', author: 'Quinn Quality', text: 'Evidence note does not support Yes', state: 'open' }];
    const leadPath = write('lead-qa.json', lead);
    const r0 = fieldwork('package', leadPath, '--inspector', 'Asha Patel', '--out', path('asha-qa-pkg.json'));
    expect(r0.code, r0.stderr).toBe(0);
    const ret = returnOf(readFileSync(path('asha-qa-pkg.json'), 'utf8'), 'asha-qa-r1.json', (f) => {
      const c1 = caseOf(f, 'CS-01');
      c1.status = 'complete';
      c1.qaStatus = 'ready-for-qa';
      c1.comments = [{ ...c1.comments![0]!, reply: 'The note now says what was missing.', repliedBy: 'Asha Patel', state: 'answered' }];
      const c3 = caseOf(f, 'CS-03');
      c3.status = 'complete';
      c3.qaStatus = 'qa-complete';
      caseOf(f, 'CS-05').secondMarking = { by: 'Quinn Quality', answers: { '2.1.1': 'no' } };
    });
    const r = fieldwork('merge', leadPath, ret, '--out', path('merged-qa.json'));
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.refused).toEqual([{ file: ret, ref: 'CS-03', field: 'qa.status', reason: 'Only the lead inspector or a quality lead may mark QA complete.' }]);
    const withRest = fieldwork('merge', leadPath, ret, '--out', path('merged-qa.json'), '--apply-rest');
    expect(withRest.code).toBe(2);
    const applied = JSON.parse(withRest.stdout).applied.filter((a: { field: string }) => a.field.startsWith('qa.') || a.field.startsWith('secondMarking.'));
    expect(applied).toEqual([
      { ref: 'CS-01', field: 'qa.comments.c-cs01.reply', from: null, to: 'The note now says what was missing.', by: 'Asha Patel' },
      { ref: 'CS-01', field: 'qa.comments.c-cs01.state', from: 'open', to: 'answered', by: 'Asha Patel' },
      { ref: 'CS-01', field: 'qa.status', from: null, to: 'ready-for-qa', by: 'Asha Patel' },
      { ref: 'CS-05', field: 'secondMarking.2.1.1', from: null, to: 'no', by: 'Quinn Quality' },
    ]);
    const merged = read(path('merged-qa.json'));
    expect(caseOf(merged, 'CS-01')).toMatchObject({ qaStatus: 'ready-for-qa', comments: [{ id: 'c-cs01', reply: 'The note now says what was missing.', repliedBy: 'Asha Patel', state: 'answered' }] });
    expect(caseOf(merged, 'CS-03').qaStatus).toBeUndefined();
    expect(caseOf(merged, 'CS-05').secondMarking).toEqual({ by: 'Quinn Quality', answers: { '2.1.1': 'no' } });
    expect(fieldwork('validate', path('merged-qa.json')).code).toBe(0);
    // Merged again: nothing new.
    const again = fieldwork('merge', path('merged-qa.json'), ret, '--out', path('merged-qa-2.json'), '--apply-rest');
    expect(JSON.parse(again.stdout).applied).toEqual([]);
  });

  it('merges into a version 2 file (exported from a store) through the write path: the merged file\'s contents match its change log and it imports back', () => {
    const data = path('store-v2');
    expect(fieldwork('store', 'import', LEAD, '--data-dir', data, '--user', 'Lead Inspector', '--accept-unchecked').code).toBe(0);
    const exported = fieldwork('store', 'export', read(MLEAD).id!, '--data-dir', data, '--out', path('lead-v2.json'));
    expect(exported.code, exported.stderr).toBe(0);
    const lead = read(path('lead-v2.json'));
    expect(lead.formatVersion).toBe(2);
    const pkg = fieldwork('package', path('lead-v2.json'), '--inspector', 'Asha Patel', '--out', path('asha-v2-pkg.json'));
    expect(pkg.code, pkg.stderr).toBe(0);
    const ret = returnOf(readFileSync(path('asha-v2-pkg.json'), 'utf8'), 'asha-v2-r1.json', (f) => {
      caseOf(f, 'CS-01').answers['2.1.1'] = 'no';
      caseOf(f, 'CS-01').notes!['2.1.1'] = 'No assessment on file.';
    });
    const r = fieldwork('merge', path('lead-v2.json'), ret, '--out', path('merged-v2.json'));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).applied.map((a: { field: string }) => a.field)).toEqual(['answers.2.1.1', 'notes.2.1.1']);
    const merged = read(path('merged-v2.json'));
    expect(merged.formatVersion).toBe(2);
    expect(merged.audit).toBeUndefined();
    expect(caseOf(merged, 'CS-01')).toMatchObject({ answers: { '2.1.1': 'no' }, notes: { '2.1.1': 'No assessment on file.' } });
    // The inspector's changes are in the log with her as author and the return as reason.
    const mine = merged.changes!.filter((c) => c.actor.name === 'Asha Patel');
    expect(mine.map((c) => [c.entity, c.field, c.value, c.reason])).toEqual([
      ['answer', 'value', 'no', 'return asha-v2-r1.json'],
      ['answer', 'note', 'No assessment on file.', 'return asha-v2-r1.json'],
    ]);
    expect(fieldwork('validate', path('merged-v2.json')).code).toBe(0);
    // The store takes it back as the same inspection, its log replayed (the contents match it).
    const back = fieldwork('store', 'import', path('merged-v2.json'), '--data-dir', data, '--replace', '--user', 'Lead Inspector', '--accept-unchecked');
    expect(back.code, back.stderr).toBe(0);
    expect(fieldwork('store', 'export', lead.id!, '--data-dir', data, '--out', path('lead-v2-after.json')).code).toBe(0);
    expect(caseOf(read(path('lead-v2-after.json')), 'CS-01').answers['2.1.1']).toBe('no');
    // A version 2 lead file edited by hand no longer matches its log: refused with what to do.
    const edited = { ...lead, cases: lead.cases.map((c) => (c.ref === 'CS-03' ? { ...c, answers: { ...c.answers, '2.1.1': 'na' as const } } : c)) };
    delete edited.checksum;
    const refused = fieldwork('merge', write('lead-v2-edited.json', edited), ret, '--out', path('merged-v2-bad.json'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('export it again from Fieldwork');
    expect(existsSync(path('merged-v2-bad.json'))).toBe(false);
  });
});
