import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseProgress, rateInspection, shippedFrameworks } from '../core';
import { realisticInspection } from '../core/testing/build-inspection';
import { openDatabase } from './connection';
import { importInspection } from './exchange';
import { keyAnswerFlags, ratingInput } from './lean-reads';
import { Store } from './store';

const f = shippedFrameworks().get('crc-2018')!;

/** A real SQLite file holding a realistic 120-case inspection (prompts answered, notes on every No). */
function realisticStore() {
  const store = new Store(openDatabase(join(mkdtempSync(join(tmpdir(), 'fieldwork-lean-')), 'f.sqlite')));
  store.setUserName('Test Inspector');
  const built = realisticInspection(f, 120, 5);
  const id = importInspection(
    store,
    {
      formatVersion: 1,
      framework: f.id,
      provider: { name: 'Lean CRC', type: 'CRC' },
      inspection: { fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14' },
      cases: built.cases.map((c) => ({ ref: c.ref, sample: c.sample, attributes: c.attributes, answers: { ...c.answers }, notes: c.notes })),
      judgements: built.judgements,
      overrides: { '2.2': { rating: 'Good', reason: 'Moderated.' } },
    },
    f.revision,
    { onDuplicate: 'keep-both', provider: { mode: 'auto' } },
  );
  return { store, id, built };
}

describe('lean whole-inspection reads', () => {
  it('give the rating engine exactly what the full read gives it', () => {
    const { store, id } = realisticStore();
    const lean = ratingInput(store.db, id);
    const full = store.inspectionInput(id);
    expect(lean.cases).toHaveLength(120);
    expect(lean).toEqual(full);
    expect(rateInspection(f, lean)).toEqual(rateInspection(f, full));
  });

  it('read key-question answers with a has-note flag, never prompts or note text, and agree with progress from the full read', () => {
    const { store, id } = realisticStore();
    const flags = keyAnswerFlags(store.db, id);
    const full = store.answersByCase(id);
    const cases = store.listCases(id);
    for (const c of cases) {
      const lean = flags.get(c.id) ?? new Map();
      for (const [q, v] of lean) {
        expect(q.split('.')).toHaveLength(3);
        expect(Object.keys(v).sort()).toEqual(['hasNote', 'value']);
        expect(v.hasNote).toBe(full.get(c.id)!.get(q)!.note.trim() !== '');
      }
      expect(caseProgress(f, c, lean)).toEqual(caseProgress(f, c, full.get(c.id) ?? new Map()));
    }
    // Every No in the realistic data has a note, so nothing is missing; remove one and it is.
    const c = cases.find((x) => [...(flags.get(x.id) ?? [])].some(([, v]) => v.value === 'no'))!;
    const q = [...flags.get(c.id)!].find(([, v]) => v.value === 'no')![0];
    store.setNote(c.id, q, '   ');
    expect(caseProgress(f, c, keyAnswerFlags(store.db, id).get(c.id)!).missingNotes).toEqual([q]);
  });
});
