import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { Store } from './store';

// Issue #16, the save path: a save wrote the inspection row on every change (its time, which the
// league's cache keyed on) and selected the saved answer again after writing it.

let store: Store;
let clock = 0;
const now = () => new Date(Date.UTC(2019, 3, 1, 9, 0, clock++)).toISOString();
beforeEach(() => {
  clock = 0;
  store = new Store(openDatabase(join(mkdtempSync(join(tmpdir(), 'fieldwork-save-')), 'f.sqlite')), { now });
  store.setUserName('Inspector A');
});

function inspectionWithCase() {
  const i = store.createInspection({
    newProvider: { name: 'London CRC', type: 'CRC', owner: '', region: '' },
    frameworkId: 'crc-2018',
    frameworkRevision: '2019-07',
    fieldworkStart: '2019-04-01',
    fieldworkEnd: '2019-04-12',
    caseloadSize: 100,
  });
  const c = store.addCase({ inspectionId: i.id, ref: 'CS-01', crn: '', name: '', sample: 'case-supervision', assignedInspector: '', attributes: {} });
  return { i, c };
}

const inspectionRow = (id: string) => store.db.prepare('SELECT * FROM inspection WHERE id = ?').get(id);
const totalChanges = () => store.db.prepare<[], { n: number }>('SELECT total_changes() AS n').get()!.n;

describe('the save path', () => {
  it('a save writes the answer, its log entry and its revision, and never the inspection row', () => {
    const { i, c } = inspectionWithCase();
    store.setAnswer(c.id, '2.1.1', 'yes'); // creates the answer row
    const before = inspectionRow(i.id);
    const n = totalChanges();
    store.setAnswer(c.id, '2.1.1', 'no');
    // answer UPDATE, change_log INSERT, field_revision upsert: three rows, nothing else.
    expect(totalChanges() - n).toBe(3);
    expect(inspectionRow(i.id)).toEqual(before);
  });

  it("the inspection's last change time still follows every change, from the log", () => {
    const { i, c } = inspectionWithCase();
    const saved = store.setNote(c.id, '2.1.1', 'No risk analysis.');
    expect(store.getInspection(i.id).updatedAt).toBe(saved.updatedAt);
    expect(store.listInspections()[0]!.updatedAt).toBe(saved.updatedAt);
    const later = store.setAnswer(c.id, '2.1.1', 'no');
    expect(later.updatedAt > saved.updatedAt).toBe(true);
    expect(store.getInspection(i.id).updatedAt).toBe(later.updatedAt);
  });

  it('the saved answer returned is the row as stored, for a new answer and a changed one; an unchanged value writes nothing', () => {
    const { c } = inspectionWithCase();
    const created = store.setAnswer(c.id, '2.1.2', 'na');
    const stored = () => {
      const { id: _id, ...a } = store.getCase(c.id).answers.find((a) => a.questionId === '2.1.2') as { id?: string } & typeof created;
      return a;
    };
    expect(created).toEqual(stored());
    expect(created).toMatchObject({ questionId: '2.1.2', value: 'na', note: '', updatedBy: 'Inspector A' });
    const changed = store.setNote(c.id, '2.1.2', 'Not applicable: no risk.');
    expect(changed).toEqual(stored());
    const n = totalChanges();
    expect(store.setNote(c.id, '2.1.2', 'Not applicable: no risk.')).toEqual(changed);
    expect(totalChanges()).toBe(n);
  });

  it('a save to a case of a final inspection is refused and writes nothing', () => {
    const { i, c } = inspectionWithCase();
    store.setInspectionStatus(i.id, 'final');
    const n = totalChanges();
    expect(() => store.setAnswer(c.id, '2.1.1', 'yes')).toThrow(/final/i);
    expect(totalChanges()).toBe(n);
  });
});
