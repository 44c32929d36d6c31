import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedFrameworks } from '../core';
import { realisticInspection } from '../core/testing/build-inspection';
import { openDatabase } from './connection';
import { importInspection } from './exchange';
import { caseAssignments } from './lean-reads';
import { Store } from './store';

// Issue #16: team progress (team.get, on every inspection screen) read every case with all its answers
// and notes to count cases per inspector: seconds at 3,000 cases. The lean read gives the same counts.

describe('case assignments for team progress', () => {
  it('gives each case the inspector and status the full case read gives, on a realistic store', () => {
    const f = shippedFrameworks().get('crc-2018')!;
    const store = new Store(openDatabase(join(mkdtempSync(join(tmpdir(), 'fieldwork-assign-')), 'f.sqlite')));
    store.setUserName('Test Inspector');
    const built = realisticInspection(f, 60, 3);
    const id = importInspection(
      store,
      {
        formatVersion: 1,
        framework: f.id,
        provider: { name: 'Team CRC', type: 'CRC' },
        inspection: { fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14' },
        cases: built.cases.map((c, i) => ({
          ref: c.ref,
          sample: c.sample,
          attributes: c.attributes,
          assignedInspector: i % 3 === 0 ? '' : `Inspector ${i % 4}`,
          // Complete, in progress (some answers, or only a note) and not started, all present.
          ...(i % 5 === 0 ? { answers: {}, notes: {} } : i % 7 === 0 ? { answers: {}, notes: { '2.1.1': 'Seen at home.' } } : { answers: { ...c.answers }, notes: c.notes }),
          ...(i % 2 === 0 && i % 5 !== 0 && i % 7 !== 0 ? { status: 'complete' as const } : {}),
        })),
        judgements: {},
      },
      f.revision,
      { onDuplicate: 'keep-both', provider: { mode: 'new' } },
    );
    const full = store.listCases(id).map((c) => ({ ref: c.ref, assignedInspector: c.assignedInspector, status: c.status }));
    const lean = caseAssignments(store.db, id);
    const key = (x: { ref: string; assignedInspector: string; status: string }) => `${x.ref}|${x.assignedInspector}|${x.status}`;
    expect(lean.map(key).sort()).toEqual(full.map(key).sort());
    expect(new Set(full.map((c) => c.status))).toEqual(new Set(['complete', 'in-progress', 'not-started']));
  });
});
