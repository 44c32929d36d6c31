import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrameworkRegistry, type InspectionFile, caseStandards, cutPackage, mergeFiles, parseInspectionData, recordPackage } from '../core';
import { openDatabase } from './connection';
import { exportInspection, importInspection } from './exchange';
import { Store } from './store';

// Team fieldwork over version 2 files: the lead's file carries the change log, so a merge must add
// to that log (a version 2 file has no `audit`), or the merged file would be invalid, or refused on
// import because its contents no longer match its log.
const EXAMPLE = join(__dirname, '..', 'cli', 'fixtures', 'example-crc.fieldwork.json');
const registry = new FrameworkRegistry();

function store(user: string): Store {
  const s = new Store(openDatabase(':memory:'), { frameworks: registry });
  s.setUserName(user);
  return s;
}
// A case's status in a file is derived from its completion and answers when written: compared without it.
const withoutStatus = (f: InspectionFile) => f.cases.map(({ status: _s, ...c }) => c);
const valid = (f: InspectionFile) => {
  const r = parseInspectionData(JSON.parse(JSON.stringify(f)), registry);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return r;
};

describe('merging returns into a version 2 lead file', () => {
  it('appends the merge to the change log as the returning inspector; the merged file imports with ids, who and when', () => {
    const v1 = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as InspectionFile;
    v1.cases.forEach((c, i) => (c.assignedInspector = i % 2 === 0 ? 'Asha Patel' : 'Ben Okoro'));
    // Asha's first case still has a question to answer (the return creates that answer).
    const [open] = Object.keys(v1.cases[0]!.answers).sort().reverse();
    delete v1.cases[0]!.answers[open!];
    v1.cases[0]!.status = 'in-progress';
    const leadStore = store('Lead Inspector');
    const id = importInspection(leadStore, v1, valid(v1).framework.revision, { onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    const lead = exportInspection(leadStore, id);
    expect(lead.formatVersion).toBe(2);

    const cut = cutPackage(lead, 'Asha Patel', { id: '5db8042d-3b25-49d8-9455-2757dff0fc8c', issuedAt: '2026-01-05T09:00:00.000Z' });
    if (!cut.ok) throw new Error(cut.message);
    const ret = JSON.parse(JSON.stringify(cut.file)) as InspectionFile;
    ret.package = { ...ret.package!, kind: 'return', returnedAt: '2026-01-06T17:00:00.000Z' };
    const c = ret.cases[0]!;
    const [answered] = Object.keys(c.answers).sort();
    const questions = caseStandards(registry.get('crc-2018')!, 'case-supervision').flatMap((s) => s.keyQuestions.map((k) => k.id));
    const unanswered = questions.find((q) => c.answers[q] === undefined);
    expect(unanswered).toBeDefined();
    c.answers[answered!] = c.answers[answered!] === 'no' ? 'yes' : 'no';
    c.notes = { ...c.notes, [answered!]: 'Seen at the home visit.' };
    c.answers[unanswered!] = 'yes';

    // The lead's file records the package, as `fieldwork package` leaves it.
    const { result, merged } = mergeFiles(recordPackage(lead, cut.file.package!), [{ file: ret, source: 'return.json' }], '2026-01-07T12:00:00.000Z');
    expect(result.applied.length).toBe(3);
    valid(merged);
    expect(merged.audit).toBeUndefined();
    const added = merged.changes!.slice(lead.changes!.length);
    expect(added).toHaveLength(result.applied.length);
    expect(added.every((x) => x.actor.name === 'Asha Patel' && x.clock > lead.changes!.at(-1)!.clock && x.reason === "merged from Asha Patel's return")).toBe(true);

    // Into a fresh store: the log replays to exactly the merged contents.
    const fresh = store('Someone Else');
    expect(importInspection(fresh, merged, 'x', { onDuplicate: 'keep-both', provider: { mode: 'auto' } })).toBe(id);
    const again = exportInspection(fresh, id);
    expect(withoutStatus(again)).toEqual(withoutStatus(merged));
    expect(again.changes).toEqual(merged.changes);
    expect(fresh.getCase(again.cases[0]!.id!).answers.find((a) => a.questionId === answered)).toMatchObject({ note: 'Seen at the home visit.' });

    // Back into the lead's own store (replace): only the merge's changes are new, by Asha, at her return's time.
    const before = leadStore.changes(id).length;
    importInspection(leadStore, merged, 'x', { onDuplicate: 'replace', provider: { mode: 'auto' } });
    const now = leadStore.changes(id);
    expect(now.length - before).toBe(result.applied.length);
    expect(now.slice(before).map((x) => [x.actor.name, x.at])).toEqual(added.map(() => ['Asha Patel', '2026-01-06T17:00:00.000Z']));
    expect(withoutStatus(exportInspection(leadStore, id))).toEqual(withoutStatus(merged));
  });
});
