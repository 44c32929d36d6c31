import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InspectionFile } from '../format/inspection-file';
import { cutPackage, mergeFiles, recordPackage } from '../team/file-transport';

// QA state in team fieldwork's work packages and returns (core/team), as far as phase A of team
// fieldwork carries it: out in the package, and kept in the lead's file by the merge.
const example = () => JSON.parse(readFileSync(join(__dirname, '..', '..', 'cli', 'fixtures', 'example-crc.fieldwork.json'), 'utf8')) as InspectionFile;
const ISSUE = { id: '33333333-3333-4333-8333-333333333333', issuedAt: '2026-01-05T09:00:00.000Z' };

function lead(): InspectionFile {
  const f = example();
  f.cases.forEach((c, i) => (c.assignedInspector = i < 3 ? 'Asha Patel' : 'Ben Okoro'));
  const c = f.cases[0]!;
  c.qaStatus = 'returned';
  c.comments = [{ questionId: '2.1.1', author: 'Quinn Quality', text: 'Evidence note does not support Yes', state: 'open' }];
  c.secondMarking = { by: 'Quinn Quality', answers: { '2.1.1': 'no' } };
  f.team = { members: [{ name: 'Lee Lead', role: 'lead' }, { name: 'Asha Patel', role: 'inspector' }, { name: 'Quinn Quality', role: 'quality-lead' }] };
  return f;
}

describe('QA state in work packages and returns', () => {
  it("a package carries the case's QA status and comments to its marker, but never the blind second marking", () => {
    const cut = cutPackage(lead(), 'Asha Patel', ISSUE);
    if (!cut.ok) throw new Error(cut.message);
    const c = cut.file.cases.find((x) => x.ref === 'CS-01')!;
    expect(c.qaStatus).toBe('returned');
    expect(c.comments).toEqual(lead().cases[0]!.comments);
    expect(c.secondMarking).toBeUndefined();
    expect(JSON.stringify(cut.file)).not.toContain('"secondMarking"');
  });

  it("merging a return keeps the lead's QA status, comments and second marking while applying the marker's answers", () => {
    const cut = cutPackage(lead(), 'Asha Patel', ISSUE);
    if (!cut.ok) throw new Error(cut.message);
    const r = cut.file;
    r.package = { ...r.package!, kind: 'return', returnedAt: '2026-01-06T17:00:00.000Z' };
    r.cases[0]!.answers['2.1.1'] = 'no';
    r.cases[0]!.notes = { ...(r.cases[0]!.notes ?? {}), '2.1.1': 'The assessment did not analyse motivation.' };
    const { result, merged: file } = mergeFiles(recordPackage(lead(), cut.file.package!), [{ file: r, source: 'r.json' }], '2026-01-07T09:00:00.000Z');
    expect(result.refused).toEqual([]);
    const c = file.cases.find((x) => x.ref === 'CS-01')!;
    expect(c.answers['2.1.1']).toBe('no');
    expect({ qaStatus: c.qaStatus, comments: c.comments, secondMarking: c.secondMarking }).toEqual({
      qaStatus: 'returned',
      comments: lead().cases[0]!.comments,
      secondMarking: { by: 'Quinn Quality', answers: { '2.1.1': 'no' } },
    });
    expect(file.team?.members).toEqual(lead().team!.members);
  });
});
