import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedFrameworks } from '../core';
import { realisticFile } from '../core/testing/realistic-file';
import { openDatabase } from './connection';
import { importInspection } from './exchange';
import { Store } from './store';

// Issue #16: the whole case list read every answer of the inspection into an object (124,000 at 3,000
// realistic cases, notes and all) to learn each case's status and answered count. SQLite now counts
// them; each case must read exactly as it does on its own, from all its answers.
describe('the whole case list, counted in SQL', () => {
  it('gives each case the status and answered count its own answers give it', () => {
    const f = shippedFrameworks().get('crc-2018')!;
    const store = new Store(openDatabase(join(mkdtempSync(join(tmpdir(), 'fieldwork-case-list-')), 'f.sqlite')));
    store.setUserName('Test Inspector');
    const id = importInspection(store, realisticFile('0b7d8e0c-3333-4a2b-9c3d-0000000000a1', 'List CRC', 30, 5), f.revision, { onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    store.setInspectionStatus(id, 'draft');
    const add = (ref: string) => store.addCase({ inspectionId: id, ref, crn: '', name: '', sample: 'case-supervision', assignedInspector: '', attributes: {} }).id;
    // Notes on unanswered questions: blank ones (spaces, a tab, a non-breaking space: JavaScript's trim
    // takes them all) leave a case not started; one with words starts it.
    const blank = add('ZZ-BLANK');
    store.setNote(blank, '2.1.1', ' \t');
    store.setNote(blank, '2.1.2', '\u00a0');
    const noted = add('ZZ-NOTED');
    store.setNote(noted, '2.1.1', '   ');
    store.setNote(noted, '2.1.2', 'Seen at the home visit.');
    const cleared = add('ZZ-CLEARED');
    store.setAnswer(cleared, '2.1.1', 'yes');
    store.setAnswer(cleared, '2.1.1', null);
    add('ZZ-UNTOUCHED');
    const listed = store.listCases(id);
    expect(listed.map((c) => c.status)).toContain('complete');
    expect(listed.find((c) => c.id === blank)!.status).toBe('not-started');
    expect(listed.find((c) => c.id === noted)!.status).toBe('in-progress');
    expect(listed.find((c) => c.id === cleared)).toMatchObject({ status: 'not-started', answeredCount: 0 });
    for (const c of listed) expect(c).toEqual(store.getCaseSummary(c.id));
    expect(listed).toHaveLength(34);
  });
});
