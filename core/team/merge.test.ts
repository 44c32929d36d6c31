import { describe, expect, it } from 'vitest';
import type { CaseState, Snapshot } from './case-fields';
import { changesSince, type Incoming } from './change-set';
import type { PackageRecord } from './file-sections';
import { caseOwners, mergeReturns, resolveConflict } from './merge';
import { setField, copyCase } from './case-fields';

const INSPECTION = '11111111-1111-4111-8111-111111111111';
const P1 = '22222222-2222-4222-8222-222222222221';
const P2 = '22222222-2222-4222-8222-222222222222';

const c = (answers: CaseState['answers'], notes: Record<string, string> = {}, status?: CaseState['status']): CaseState => ({ answers, notes, ...(status ? { status } : {}) });

const base: Snapshot = { A: c({ '2.1.1': 'yes', '2.1.2': 'yes' }), B: c({ '2.1.1': 'no' }, { '2.1.1': 'Plan missing.' }), Z: c({}) };
const pkg = (over: Partial<PackageRecord> = {}): PackageRecord => ({ id: P1, inspector: 'Asha Patel', issuedAt: '2026-01-05T09:00:00.000Z', base: { A: base.A!, B: base.B! }, ...over });
const ret = (cases: Snapshot, over: Partial<Incoming> = {}): Incoming => ({
  source: 'asha.fieldwork.json',
  inspectionId: INSPECTION,
  packageId: P1,
  author: 'Asha Patel',
  stamp: '2026-01-06T17:00:00.000Z',
  cases,
  ...over,
});
const merge = (current: Snapshot, incoming: Incoming[], packages = [pkg()], conflicts: Parameters<typeof mergeReturns>[0]['conflicts'] = []) =>
  mergeReturns({ inspectionId: INSPECTION, current, packages, conflicts, incoming });

describe('mergeReturns', () => {
  it('applies, keeps, agrees and conflicts field by field', () => {
    const lead: Snapshot = { ...base, A: c({ '2.1.1': 'no', '2.1.2': 'yes' }), B: c({ '2.1.1': 'na' }, { '2.1.1': 'Plan missing.' }) };
    const incoming = { A: c({ '2.1.1': 'no', '2.1.2': 'na' }, { '2.1.2': 'Not relevant.' }, 'complete'), B: c({ '2.1.1': 'yes' }, { '2.1.1': 'Plan missing.' }) };
    const m = merge(lead, [ret(incoming)]);
    expect(m.applied).toEqual([
      { package: P1, source: 'asha.fieldwork.json', ref: 'A', field: 'status', from: null, to: 'complete', by: 'Asha Patel', at: '2026-01-06T17:00:00.000Z' },
      { package: P1, source: 'asha.fieldwork.json', ref: 'A', field: 'answers.2.1.2', from: 'yes', to: 'na', by: 'Asha Patel', at: '2026-01-06T17:00:00.000Z' },
      { package: P1, source: 'asha.fieldwork.json', ref: 'A', field: 'notes.2.1.2', from: null, to: 'Not relevant.', by: 'Asha Patel', at: '2026-01-06T17:00:00.000Z' },
    ]);
    expect(m.conflicts).toEqual([{ package: P1, ref: 'B', field: 'answers.2.1.1', base: 'no', current: 'na', incoming: 'yes', by: 'Asha Patel', at: '2026-01-06T17:00:00.000Z' }]);
    expect(m.current.A).toEqual(c({ '2.1.1': 'no', '2.1.2': 'na' }, { '2.1.2': 'Not relevant.' }, 'complete'));
    expect(m.current.B!.answers['2.1.1']).toBe('na'); // the lead's value stands
    expect(m.current.Z).toBe(lead.Z); // not in the package: untouched
    expect(m.refused).toEqual([]);
    expect(m.changedRefs).toEqual(['A']);
    // The base moves on to what was applied, and the conflict's base stays what both last agreed.
    expect(m.packages[0]!.base.A!.answers['2.1.2']).toBe('na');
    expect(m.packages[0]!.base.B!.answers['2.1.1']).toBe('no');
    expect(m.packages[0]!.lastReturnAt).toBe('2026-01-06T17:00:00.000Z');
  });

  it('takes who and when from the transport where it knows them', () => {
    const m = merge(base, [ret({ A: c({ '2.1.1': 'no', '2.1.2': 'yes' }) }, { provenance: (ref, field) => (ref === 'A' && field === 'answers.2.1.1' ? { by: 'Local assessor Li', at: '2026-01-06T11:02:00.000Z' } : undefined) })]);
    expect(m.applied[0]).toMatchObject({ field: 'answers.2.1.1', by: 'Local assessor Li', at: '2026-01-06T11:02:00.000Z' });
  });

  it('clears a field the inspector cleared', () => {
    const m = merge(base, [ret({ B: c({}) })]);
    expect(m.applied.map((a) => [a.field, a.to])).toEqual([
      ['answers.2.1.1', null],
      ['notes.2.1.1', null],
    ]);
    expect(m.current.B).toEqual(c({}, {}));
  });

  it('refuses a return for another inspection, and one from a package never issued, whole', () => {
    const m = merge(base, [ret({ A: c({ '2.1.1': 'no' }) }, { inspectionId: '99999999-9999-4999-8999-999999999999' }), ret({ A: c({ '2.1.1': 'no' }) }, { packageId: P2, source: 'x.json' })]);
    expect(m.refused).toEqual([
      { source: 'asha.fieldwork.json', ref: null, reason: `this return belongs to another inspection (99999999-9999-4999-8999-999999999999), not this one (${INSPECTION})` },
      { source: 'x.json', ref: null, reason: `package ${P2} was not issued from this inspection` },
    ]);
    expect(m.applied).toEqual([]);
    expect(m.current).toEqual(base);
  });

  it('refuses the cases outside its package and merges the rest', () => {
    const m = merge(base, [ret({ A: c({ '2.1.1': 'no', '2.1.2': 'yes' }), Z: c({ '2.1.1': 'yes' }) })]);
    expect(m.refused).toEqual([{ source: 'asha.fieldwork.json', ref: 'Z', reason: "case Z was not issued in Asha Patel's package" }]);
    expect(m.applied.map((a) => a.ref)).toEqual(['A']);
    expect(m.current.Z).toEqual(base.Z);
  });

  it('makes every change to a case the lead took back a conflict', () => {
    const m = merge(base, [ret({ A: c({ '2.1.1': 'no', '2.1.2': 'yes' }) })], [pkg({ takenBack: ['A'] })]);
    expect(m.applied).toEqual([]);
    expect(m.conflicts).toMatchObject([{ ref: 'A', field: 'answers.2.1.1', base: 'yes', current: 'yes', incoming: 'no' }]);
  });

  it('makes an earlier package\'s changes to a reissued case conflicts, and applies the later package\'s', () => {
    const later = pkg({ id: P2, inspector: 'Ben Okoro', issuedAt: '2026-01-07T09:00:00.000Z', base: { A: base.A! } });
    expect(caseOwners([pkg(), later])).toEqual(new Map([['A', P2], ['B', P1]]));
    const m = merge(base, [ret({ A: c({ '2.1.1': 'no', '2.1.2': 'yes' }) }), ret({ A: c({ '2.1.1': 'yes', '2.1.2': 'no' }) }, { packageId: P2, author: 'Ben Okoro', source: 'ben.json' })], [pkg(), later]);
    expect(m.applied).toMatchObject([{ ref: 'A', field: 'answers.2.1.2', to: 'no', by: 'Ben Okoro' }]);
    expect(m.conflicts).toMatchObject([{ ref: 'A', field: 'answers.2.1.1', current: 'yes', incoming: 'no', by: 'Asha Patel' }]);
  });

  it('an older return of a package, after a newer one, changes nothing', () => {
    const newer = merge(base, [ret({ A: c({ '2.1.1': 'na', '2.1.2': 'yes' }) }, { stamp: '2026-01-07T17:00:00.000Z' })]);
    const older = merge(newer.current, [ret({ A: c({ '2.1.1': 'no', '2.1.2': 'yes' }) })], newer.packages);
    expect(older.applied).toEqual([]);
    expect(older.current.A!.answers['2.1.1']).toBe('na');
    expect(older.unchanged).toBeGreaterThan(0);
  });

  it('a later return settles an open conflict when the inspector comes round to either value', () => {
    const lead = { ...base, A: c({ '2.1.1': 'na', '2.1.2': 'yes' }) };
    const first = merge(lead, [ret({ A: c({ '2.1.1': 'no', '2.1.2': 'yes' }) })]);
    expect(first.conflicts).toHaveLength(1);
    const again = merge(first.current, [ret({ A: c({ '2.1.1': 'no', '2.1.2': 'yes' }) }, { stamp: '2026-01-07T17:00:00.000Z' })], first.packages, first.conflicts);
    expect(again.conflicts).toHaveLength(1); // still disagreeing: still open
    for (const settled of ['yes', 'na'] as const) {
      const r = merge(first.current, [ret({ A: c({ '2.1.1': settled, '2.1.2': 'yes' }) }, { stamp: '2026-01-07T17:00:00.000Z' })], first.packages, first.conflicts);
      expect(r.conflicts).toEqual([]);
      expect(r.current.A!.answers['2.1.1']).toBe('na');
    }
  });

  it.each([
    [{ kind: 'keep' } as const, 'na'],
    [{ kind: 'take' } as const, 'no'],
    [{ kind: 'edit', value: 'yes' } as const, 'yes'],
  ])('a conflict resolved (%j) stays resolved when the same return comes again', (resolution, expected) => {
    const lead = { ...base, A: c({ '2.1.1': 'na', '2.1.2': 'yes' }) };
    const r = ret({ A: c({ '2.1.1': 'no', '2.1.2': 'yes' }) });
    const first = merge(lead, [r]);
    const conflict = first.conflicts[0]!;
    const { value, base: agreed } = resolveConflict(conflict, conflict.current, resolution);
    const current = { ...first.current, A: copyCase(first.current.A!) };
    setField(current.A!, 'answers.2.1.1', value);
    const packages = first.packages.map((p) => ({ ...p, base: { ...p.base, A: copyCase(p.base.A!) } }));
    setField(packages[0]!.base.A!, 'answers.2.1.1', agreed);
    const again = merge(current, [r], packages, []);
    expect(again.conflicts).toEqual([]);
    expect(again.applied).toEqual([]);
    expect(again.current.A!.answers['2.1.1']).toBe(expected);
    // A new change by the inspector after the resolution is news again.
    const later = merge(current, [ret({ A: c({ '2.1.1': expected === 'yes' ? 'na' : 'yes', '2.1.2': 'yes' }) }, { stamp: '2026-01-08T17:00:00.000Z' })], packages, []);
    expect(later.conflicts.length + later.applied.length).toBe(1);
  });
});

describe('changesSince', () => {
  it('lists what one side changed since a base, by whom', () => {
    expect(changesSince(base, { A: c({ '2.1.1': 'no', '2.1.2': 'yes' }, { '2.1.1': 'Why.' }) }, { author: 'Asha Patel', stamp: null })).toEqual([
      { ref: 'A', field: 'answers.2.1.1', from: 'yes', to: 'no', by: 'Asha Patel', at: null },
      { ref: 'A', field: 'notes.2.1.1', from: null, to: 'Why.', by: 'Asha Patel', at: null },
    ]);
  });
});
