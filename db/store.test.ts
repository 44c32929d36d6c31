import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { rateInspection, shippedFrameworks } from '../core';
import { openDatabase } from './connection';
import { Store, StoreError } from './store';

let store: Store;
let path: string;
beforeEach(() => {
  path = join(mkdtempSync(join(tmpdir(), 'fieldwork-store-')), 'f.sqlite');
  store = new Store(openDatabase(path));
  store.setUserName('Inspector A');
});

const newInspection = () =>
  store.createInspection({
    newProvider: { name: 'London CRC', type: 'CRC', owner: 'MTCnovo', region: 'London' },
    frameworkId: 'crc-2018',
    frameworkRevision: '2019-07',
    fieldworkStart: '2019-04-01',
    fieldworkEnd: '2019-04-12',
    caseloadSize: 28000,
  });
const caseInput = (inspectionId: string, ref: string) => ({
  inspectionId,
  ref,
  crn: 'X123456',
  name: 'Sam Person',
  sample: 'case-supervision',
  assignedInspector: '',
  attributes: { reviewDue: true },
});

describe('Store', () => {
  it('creates a provider and an inspection together and lists them', () => {
    const i = newInspection();
    expect(i.provider).toMatchObject({ name: 'London CRC', type: 'CRC', owner: 'MTCnovo' });
    expect(store.listInspections().map((x) => x.id)).toEqual([i.id]);
    expect(store.listProviders()).toHaveLength(1);
  });

  it('a duplicate provider name is a conflict and leaves nothing half-written', () => {
    newInspection();
    expect(() => newInspection()).toThrow(StoreError);
    expect(store.listInspections()).toHaveLength(1);
  });

  it('adds cases, refuses duplicate refs, and tracks status', () => {
    const i = newInspection();
    const c = store.addCase(caseInput(i.id, 'CS-01'));
    expect(c.status).toBe('not-started');
    expect(() => store.addCase(caseInput(i.id, 'CS-01'))).toThrow(/already has a case "CS-01"/);
    store.setAnswer(c.id, '2.1.1', 'yes');
    expect(store.listCases(i.id)[0]).toMatchObject({ status: 'in-progress', answeredCount: 1 });
  });

  it('answers and notes are saved independently, survive reopening and feed the engine', () => {
    const i = newInspection();
    const c = store.addCase(caseInput(i.id, 'CS-01'));
    store.setAnswer(c.id, '2.1.1', 'no');
    store.setNote(c.id, '2.1.1', 'No analysis of motivation.');
    store.setAnswer(c.id, '2.1.2', 'yes');
    store.setAnswer(c.id, '2.1.2', null);
    store.db.close();
    const reopened = new Store(openDatabase(path));
    const detail = reopened.getCase(c.id);
    expect(detail.crn).toBe('X123456');
    expect(detail.answers.find((a) => a.questionId === '2.1.1')).toMatchObject({ value: 'no', note: 'No analysis of motivation.', updatedBy: 'Inspector A' });
    expect(detail.answers.find((a) => a.questionId === '2.1.2')?.value).toBeNull();
    const input = reopened.inspectionInput(i.id);
    expect(input.cases[0]!.answers).toEqual({ '2.1.1': 'no' });
    const result = rateInspection(shippedFrameworks().get('crc-2018')!, input);
    expect(result.standards.find((s) => s.id === '2.1')!.keyQuestions[0]).toMatchObject({ no: 1, percent: 0 });
  });

  it('unknown ids are NOT_FOUND', () => {
    expect(() => store.getCase('00000000-0000-4000-8000-000000000000')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('the schema refuses bad values even if a caller slips', () => {
    const i = newInspection();
    const c = store.addCase(caseInput(i.id, 'CS-02'));
    expect(() => store.db.prepare("INSERT INTO answer (case_id, question_id, value, updated_at) VALUES (?, '2.1.1', 'maybe', 'x')").run(c.id)).toThrow(/CHECK/);
    expect(() => store.db.prepare("INSERT INTO answer (case_id, question_id, value, updated_at) VALUES ('nope', '2.1.9', 'yes', 'x')").run()).toThrow(/FOREIGN KEY/);
  });
});
