import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InspectionFile } from '../format/inspection-file';
import { cutPackage, mergeFiles, provenanceFromChanges, recordPackage } from './file-transport';

const example = () => JSON.parse(readFileSync(join(__dirname, '..', '..', 'cli', 'fixtures', 'example-crc.fieldwork.json'), 'utf8')) as InspectionFile;
const ISSUE = { id: '33333333-3333-4333-8333-333333333333', issuedAt: '2026-01-05T09:00:00.000Z' };

function lead(): InspectionFile {
  const f = example();
  f.cases.forEach((c, i) => (c.assignedInspector = i < 3 ? 'Asha Patel' : 'Ben Okoro'));
  return f;
}

/** The lead's file once Asha's package is issued: it records the package, as `fieldwork package` writes it. */
function issued(): InspectionFile {
  const cut = cutPackage(lead(), 'Asha Patel', ISSUE);
  if (!cut.ok) throw new Error(cut.message);
  return recordPackage(lead(), cut.file.package!);
}

function returned(edit: (r: InspectionFile) => void): InspectionFile {
  const cut = cutPackage(lead(), 'Asha Patel', ISSUE);
  if (!cut.ok) throw new Error(cut.message);
  const r = cut.file;
  r.package = { ...r.package!, kind: 'return', returnedAt: '2026-01-06T17:00:00.000Z' };
  edit(r);
  return r;
}

describe('file transport', () => {
  it('leaves a case\'s second marking out of the package (second marking is blind)', () => {
    const f = lead();
    f.cases[0]!.secondMarking = { by: 'Quality Lead', answers: { '2.1.1': 'no' } };
    const cut = cutPackage(f, 'Asha Patel', ISSUE);
    if (!cut.ok) throw new Error(cut.message);
    expect(cut.file.cases[0]!.ref).toBe(f.cases[0]!.ref);
    expect(cut.file.cases[0]).not.toHaveProperty('secondMarking');
    expect(JSON.stringify(cut.file)).not.toContain('Quality Lead');
  });

  it('says who changed a field from a version 2 return\'s change log: answers, notes (also in a row\'s creation) and completion, the latest after the issue', () => {
    const who = (name: string) => ({ name });
    const at = (h: number) => `2026-01-0${h < 24 ? 5 : 6}T${String(h % 24).padStart(2, '0')}:00:00.000Z`;
    const p = provenanceFromChanges(
      [
        { entity: 'answer', field: 'value', caseId: 'c1', item: '2.1.1', value: 'yes', actor: who('Lead'), at: '2026-01-04T10:00:00.000Z' },
        { entity: 'answer', field: '$create', caseId: 'c1', item: '2.1.2', value: { value: 'no', note: 'No plan.' }, actor: who('Asha Patel'), at: at(10) },
        { entity: 'answer', field: 'value', caseId: 'c1', item: '2.1.1', value: 'no', actor: who('Asha Patel'), at: at(11) },
        { entity: 'answer', field: 'note', caseId: 'c1', item: '2.1.2', value: 'No plan at all.', actor: who('A. Patel'), at: at(12) },
        { entity: 'case', field: 'completedAt', caseId: 'c1', item: 'CS-01', value: at(13), actor: who('Asha Patel'), at: at(13) },
        { entity: 'answer', field: 'value', caseId: 'c9', item: '2.1.1', value: 'no', actor: who('Someone'), at: at(14) },
        { entity: 'judgement', field: 'rating', caseId: null, item: '2.1', value: 'Good', actor: who('Someone'), at: at(15) },
      ],
      new Map([['c1', 'CS-01']]),
      '2026-01-05T09:00:00.000Z',
    );
    expect(p('CS-01', 'answers.2.1.1')).toEqual({ by: 'Asha Patel', at: at(11) });
    expect(p('CS-01', 'answers.2.1.2')).toEqual({ by: 'Asha Patel', at: at(10) });
    expect(p('CS-01', 'notes.2.1.2')).toEqual({ by: 'A. Patel', at: at(12) });
    expect(p('CS-01', 'status')).toEqual({ by: 'Asha Patel', at: at(13) });
    expect(p('CS-01', 'notes.2.1.1')).toBeUndefined();
    expect(p('CS-09', 'answers.2.1.1')).toBeUndefined();
  });

  it('says who changed a field from the return\'s audit trail, ignoring entries from before the package was issued', () => {
    const r = returned((f) => {
      f.cases[0]!.answers['2.1.1'] = 'no';
      f.cases[0]!.answers['2.1.2'] = 'no';
      f.audit = [
        { caseRef: 'CS-01', what: 'answer', item: '2.1.1', oldValue: 'yes', newValue: 'no', changedBy: 'Li (local assessor)', changedAt: '2026-01-06T10:00:00.000Z' },
        { caseRef: 'CS-01', what: 'answer', item: '2.1.2', oldValue: null, newValue: 'yes', changedBy: 'The lead', changedAt: '2026-01-02T10:00:00.000Z' },
      ];
    });
    const { result } = mergeFiles(issued(), [{ file: r, source: 'r.json' }], '2026-01-07T09:00:00.000Z');
    expect(result.applied.map((a) => [a.field, a.by, a.at])).toEqual([
      ['answers.2.1.1', 'Li (local assessor)', '2026-01-06T10:00:00.000Z'],
      ['answers.2.1.2', 'Asha Patel', '2026-01-06T17:00:00.000Z'],
    ]);
  });

  it('merges against the lead\'s record of the package, never the base or inspector a return claims, from the first return on', () => {
    // The lead changes 2.1.1 on CS-01 after issuing; the return claims its base already was the
    // lead's value (and that it is Ben's), which would make the inspector's change look one-sided.
    const leadNow = issued();
    leadNow.cases[0]!.answers['2.1.1'] = 'na';
    const claimed = returned((f) => {
      f.cases[0]!.answers['2.1.1'] = 'no';
      f.package!.base['CS-01']!.answers['2.1.1'] = 'na';
      f.package!.inspector = 'Ben Okoro';
    });
    const honest = returned((f) => (f.cases[0]!.answers['2.1.1'] = 'no'));
    const a = mergeFiles(leadNow, [{ file: claimed, source: 'r.json' }], '2026-01-07T18:00:00.000Z');
    const b = mergeFiles(leadNow, [{ file: honest, source: 'r.json' }], '2026-01-07T18:00:00.000Z');
    expect(a.result.conflicts).toMatchObject([{ ref: 'CS-01', field: 'answers.2.1.1', base: 'yes', current: 'na', incoming: 'no', by: 'Asha Patel' }]);
    expect(a.result).toEqual(b.result);
    expect(a.merged).toEqual(b.merged);
    expect(a.merged.cases[0]!.answers['2.1.1']).toBe('na');
  });

  it('refuses a return whose package the lead\'s file does not record, writing none of it', () => {
    const { result, merged } = mergeFiles(lead(), [{ file: returned((f) => (f.cases[0]!.answers['2.1.1'] = 'no')), source: 'r.json' }], '2026-01-07T18:00:00.000Z');
    expect(result.refused).toEqual([
      {
        source: 'r.json',
        ref: null,
        reason: `package ${ISSUE.id} (issued to Asha Patel on 05/01/2026) is not recorded in the lead's inspection file, so the base it carries cannot be trusted: issue packages with \`fieldwork package\`, which records each one in the lead's file`,
      },
    ]);
    expect(result.applied).toEqual([]);
    expect(merged.cases[0]!.answers['2.1.1']).toBe(lead().cases[0]!.answers['2.1.1']);
  });

  it('keeps merging against the lead\'s record once returns have moved it on', () => {
    const first = mergeFiles(issued(), [{ file: returned(() => {}), source: 'r0.json' }], '2026-01-06T18:00:00.000Z').merged;
    expect(first.team!.packages!.map((p) => p.id)).toEqual([ISSUE.id]);
    // The lead changes 2.1.1 on CS-01; a return claiming its base already was the lead's value
    // would make the inspector's change look one-sided and overwrite the lead's work.
    first.cases[0]!.answers['2.1.1'] = 'na';
    const r = returned((f) => {
      f.cases[0]!.answers['2.1.1'] = 'no';
      f.package!.base['CS-01']!.answers['2.1.1'] = 'na';
      f.package!.returnedAt = '2026-01-07T17:00:00.000Z';
    });
    const { result, merged } = mergeFiles(first, [{ file: r, source: 'r1.json' }], '2026-01-07T18:00:00.000Z');
    expect(result.applied).toEqual([]);
    expect(result.conflicts).toMatchObject([{ ref: 'CS-01', field: 'answers.2.1.1', base: 'yes', current: 'na', incoming: 'no' }]);
    expect(merged.cases[0]!.answers['2.1.1']).toBe('na');
  });

  it('refuses a return scored under another framework revision, and a case moved to another sample', () => {
    const other = returned((f) => (f.frameworkRevision = '2018-04'));
    const moved = returned((f) => {
      f.cases[1]!.sample = 'unpaid-work';
      f.cases[1]!.answers = {};
    });
    const { result } = mergeFiles(issued(), [{ file: other, source: 'other.json' }, { file: moved, source: 'moved.json' }], '2026-01-07T09:00:00.000Z');
    expect(result.refused).toEqual([
      { source: 'other.json', ref: null, reason: 'it is scored under crc-2018 (revision 2018-04), the inspection under crc-2018 (revision 2019-07)' },
      { source: 'moved.json', ref: 'CS-02', reason: 'case CS-02 is in the case-supervision sample, not unpaid-work' },
    ]);
    expect(result.applied).toEqual([]);
  });
});
