import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CaseState, type FieldKey, type FieldValue, type Snapshot, fieldValue, withField } from './case-fields';
import type { Incoming } from './change-set';
import type { PackageRecord } from './file-sections';
import { type MergeResult, mergeReturns } from './merge';

// Small value domains make collisions (both sides choosing the same value, an edit back to the
// base) common, which is where a three-way merge goes wrong.
// QA state merges like answers: the case's QA status, each comment's text, reply and state, and
// each answer of a blind second marking are fields of their own.
const DOMAINS: Partial<Record<FieldKey, readonly string[]>> = {
  status: ['not-started', 'in-progress', 'complete'],
  'answers.2.1.1': ['yes', 'no', 'na'],
  'answers.2.1.1.a': ['yes', 'no'],
  'notes.2.1.1': ['Seen.', 'Not seen.'],
  'qa.status': ['ready-for-qa', 'returned', 'qa-complete', 'final'],
  'qa.comments.c-1': ['Evidence note does not support Yes', 'Check the review date'],
  'qa.comments.c-1.reply': ['Note rewritten.', 'The date is right.'],
  'qa.comments.c-1.state': ['open', 'answered', 'resolved'],
  'qa.comments.c-2.state': ['open', 'resolved'],
  'secondMarking.2.1.1': ['yes', 'no', 'na'],
};
const FIELDS = Object.keys(DOMAINS) as FieldKey[];
const KEEP = '<keep>';
const INSPECTION = '00000000-0000-4000-8000-00000000000a';

type Vals = Record<string, FieldValue>;
const value = (f: FieldKey) => fc.option(fc.constantFrom(...DOMAINS[f]!), { nil: null });
const valsArb: fc.Arbitrary<Vals> = fc.record(Object.fromEntries(FIELDS.map((f) => [f, value(f)])));
const editArb: fc.Arbitrary<Vals> = fc.record(
  Object.fromEntries(FIELDS.map((f) => [f, fc.oneof({ arbitrary: fc.constant(KEEP), weight: 2 }, { arbitrary: value(f), weight: 1 })])),
);

const toCase = (v: Vals): CaseState => FIELDS.reduce<CaseState>((c, f) => withField(c, f, v[f] ?? null), { answers: {}, notes: {} });
const edit = (c: CaseState, e: Vals): CaseState => FIELDS.reduce<CaseState>((x, f) => (e[f] === KEEP ? x : withField(x, f, e[f] ?? null)), c);

interface Scenario {
  base: Snapshot;
  lead: Snapshot;
  packages: PackageRecord[];
  /** Per package, its cumulative returns, oldest first. */
  returns: Incoming[][];
}

const pkgId = (p: number) => `00000000-0000-4000-8000-${String(p + 1).padStart(12, '0')}`;

/** A lead's inspection, its cases split over packages, the lead's edits and each inspector's returns. */
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({ cases: fc.integer({ min: 1, max: 8 }), packages: fc.integer({ min: 1, max: 3 }), returns: fc.integer({ min: 1, max: 3 }) })
  .chain(({ cases, packages, returns }) =>
    fc.record({
      base: fc.array(valsArb, { minLength: cases, maxLength: cases }),
      lead: fc.array(editArb, { minLength: cases, maxLength: cases }),
      owner: fc.array(fc.integer({ min: 0, max: packages - 1 }), { minLength: cases, maxLength: cases }),
      // Each return edits on from the previous one: returns are cumulative.
      edits: fc.array(fc.array(editArb, { minLength: cases, maxLength: cases }), { minLength: packages * returns, maxLength: packages * returns }),
      packages: fc.constant(packages),
      returns: fc.constant(returns),
    }),
  )
  .map(({ base, lead, owner, edits, packages, returns }) => {
    const refs = base.map((_, i) => `C-${i + 1}`);
    const baseSnap: Snapshot = Object.fromEntries(refs.map((r, i) => [r, toCase(base[i]!)]));
    const leadSnap: Snapshot = Object.fromEntries(refs.map((r, i) => [r, edit(baseSnap[r]!, lead[i]!)]));
    const pkgs: PackageRecord[] = [];
    const rets: Incoming[][] = [];
    for (let p = 0; p < packages; p++) {
      const mine = refs.filter((_, i) => owner[i] === p);
      pkgs.push({ id: pkgId(p), inspector: `Inspector ${p + 1}`, issuedAt: '2026-01-05T09:00:00.000Z', base: Object.fromEntries(mine.map((r) => [r, baseSnap[r]!])) });
      let state: Snapshot = Object.fromEntries(mine.map((r) => [r, baseSnap[r]!]));
      const list: Incoming[] = [];
      for (let k = 0; k < returns; k++) {
        const e = edits[p * returns + k]!;
        state = Object.fromEntries(mine.map((r) => [r, edit(state[r]!, e[refs.indexOf(r)]!)]));
        list.push({ source: `return-${p + 1}-${k + 1}`, inspectionId: INSPECTION, packageId: pkgId(p), author: `Inspector ${p + 1}`, stamp: `2026-01-0${6 + k}T17:00:00.000Z`, cases: state });
      }
      rets.push(list);
    }
    return { base: baseSnap, lead: leadSnap, packages: pkgs, returns: rets };
  });

const merge = (current: Snapshot, packages: PackageRecord[], conflicts: MergeResult['conflicts'], incoming: Incoming[]) =>
  mergeReturns({ inspectionId: INSPECTION, current, packages, conflicts: conflicts.map(({ current: _c, ...c }) => c), incoming });

/** Merges returns one at a time, each on the result of the last, as a lead importing them over days would. */
function oneByOne(s: Scenario, order: Incoming[]) {
  let state = { current: s.lead, packages: s.packages, conflicts: [] as MergeResult['conflicts'] };
  for (const r of order) {
    const m = merge(state.current, state.packages, state.conflicts, [r]);
    state = { current: m.current, packages: m.packages, conflicts: m.conflicts };
  }
  return state;
}

const values = (snap: Snapshot) => Object.fromEntries(Object.entries(snap).map(([ref, c]) => [ref, Object.fromEntries(FIELDS.map((f) => [f, fieldValue(c, f)]))]));
const byPackage = (ps: PackageRecord[]) => [...ps].sort((a, b) => a.id.localeCompare(b.id));

describe('three-way merge of returns (properties)', () => {
  it('applies every one-sided change, reports every two-sided difference as a conflict, and loses no value', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const latest = s.returns.map((list) => list.at(-1)!);
        const m = merge(s.lead, s.packages, [], latest);
        expect(m.refused).toEqual([]);
        const conflicts = new Map(m.conflicts.map((c) => [`${c.ref} ${c.field}`, c]));
        const applied = new Map(m.applied.map((a) => [`${a.ref} ${a.field}`, a]));
        for (const r of latest)
          for (const [ref, inc] of Object.entries(r.cases))
            for (const f of FIELDS) {
              const b = fieldValue(s.base[ref], f);
              const l = fieldValue(s.lead[ref], f);
              const i = fieldValue(inc, f);
              const now = fieldValue(m.current[ref], f);
              const key = `${ref} ${f}`;
              if (i === b) {
                expect(now, `${key}: the inspector did not change it, so the lead's value stands`).toBe(l);
                expect(conflicts.has(key)).toBe(false);
              } else if (l === b) {
                expect(now, `${key}: changed only in the return, so applied`).toBe(i);
                expect(applied.get(key)).toMatchObject({ from: l, to: i, by: r.author });
                expect(conflicts.has(key)).toBe(false);
              } else if (l === i) {
                expect(now, `${key}: the same change on both sides`).toBe(l);
                expect(conflicts.has(key)).toBe(false);
              } else {
                expect(now, `${key}: a conflict keeps the lead's value`).toBe(l);
                expect(conflicts.get(key)).toEqual({ package: r.packageId, ref, field: f, base: b, current: l, incoming: i, by: r.author, at: r.stamp });
              }
              // Nothing lost: the lead's value survives unless it was the base, the inspector's
              // unless it was the base, and whichever is not in the case is in an open conflict.
              expect([l, i]).toContain(now);
              if (now !== l) expect(l).toBe(b);
              if (now !== i && i !== b) expect(conflicts.get(key)?.incoming).toBe(i);
            }
        expect(m.conflicts.length + m.applied.length + m.unchanged).toBeGreaterThanOrEqual(m.applied.length);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: merging the same returns again changes nothing', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const all = s.returns.flat();
        const once = merge(s.lead, s.packages, [], all);
        const twice = merge(once.current, once.packages, once.conflicts, all);
        expect(twice.applied).toEqual([]);
        expect(values(twice.current)).toEqual(values(once.current));
        expect(twice.conflicts).toEqual(once.conflicts);
        expect(byPackage(twice.packages)).toEqual(byPackage(once.packages));
        // And each return on its own, again, after everything.
        for (const r of all) {
          const again = merge(once.current, once.packages, once.conflicts, [r]);
          expect(again.applied).toEqual([]);
          expect(values(again.current)).toEqual(values(once.current));
          expect(again.conflicts).toEqual(once.conflicts);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is order-independent: returns merged in any order, together or one at a time, give the same inspection and conflicts', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s.returns.flat(), { minLength: s.returns.flat().length }))),
        ([s, shuffled]) => {
          const inOrder = oneByOne(s, s.returns.flat().sort((a, b) => a.stamp.localeCompare(b.stamp)));
          const anyOrder = oneByOne(s, shuffled);
          const together = merge(s.lead, s.packages, [], shuffled);
          // Returns are cumulative, so the newest of each package alone is the whole story.
          const newestOnly = merge(s.lead, s.packages, [], s.returns.map((l) => l.at(-1)!));
          for (const other of [anyOrder, together, newestOnly]) {
            expect(values(other.current)).toEqual(values(inOrder.current));
            expect(other.conflicts).toEqual(inOrder.conflicts);
            expect(byPackage(other.packages)).toEqual(byPackage(inOrder.packages));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the lead's side decided by revision (properties)", () => {
  // Each lead field: kept, set to a value, or changed and changed back (same value, new revision).
  const TOUCH = '<touch>';
  const leadEditArb: fc.Arbitrary<Vals> = fc.record(
    Object.fromEntries(
      FIELDS.map((f) => [f, fc.oneof({ arbitrary: fc.constant(KEEP), weight: 2 }, { arbitrary: fc.constant(TOUCH), weight: 1 }, { arbitrary: value(f), weight: 1 })]),
    ),
  );
  const arb = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.record({ base: fc.array(valsArb, { minLength: n, maxLength: n }), lead: fc.array(leadEditArb, { minLength: n, maxLength: n }), ret: fc.array(editArb, { minLength: n, maxLength: n }) }),
  );

  it('a field the lead changed and changed back still counts as changed: never overwritten, a conflict when the inspector changed it too', () => {
    fc.assert(
      fc.property(arb, ({ base, lead, ret }) => {
        const refs = base.map((_, i) => `C-${i + 1}`);
        const baseSnap: Snapshot = Object.fromEntries(refs.map((r, i) => [r, toCase(base[i]!)]));
        const leadSnap: Snapshot = Object.fromEntries(refs.map((r, i) => [r, edit(baseSnap[r]!, Object.fromEntries(FIELDS.map((f) => [f, lead[i]![f] === TOUCH ? KEEP : lead[i]![f]!])))]));
        const touched = (ref: string, f: FieldKey) => lead[refs.indexOf(ref)]![f] !== KEEP;
        const incoming: Snapshot = Object.fromEntries(refs.map((r, i) => [r, edit(baseSnap[r]!, ret[i]!)]));
        // Every field's revision at issue is r0; the lead's edits (touches included) moved it on.
        const revisions = Object.fromEntries(refs.map((r) => [r, Object.fromEntries(FIELDS.map((f) => [f, 'r0']))]));
        const pkg: PackageRecord = { id: pkgId(0), inspector: 'Inspector 1', issuedAt: '2026-01-05T09:00:00.000Z', base: baseSnap, revisions };
        const m = mergeReturns({
          inspectionId: INSPECTION,
          current: leadSnap,
          packages: [pkg],
          conflicts: [],
          incoming: [{ source: 'r', inspectionId: INSPECTION, packageId: pkg.id, author: 'Inspector 1', stamp: '2026-01-06T17:00:00.000Z', cases: incoming }],
          revision: (ref, f) => (touched(ref, f) ? 'r1' : 'r0'),
        });
        const conflicts = new Set(m.conflicts.map((c) => `${c.ref} ${c.field}`));
        for (const ref of refs)
          for (const f of FIELDS) {
            const b = fieldValue(baseSnap[ref], f);
            const l = fieldValue(leadSnap[ref], f);
            const i = fieldValue(incoming[ref], f);
            const now = fieldValue(m.current[ref], f);
            if (i === b || i === l) expect(now).toBe(l);
            else if (!touched(ref, f)) expect(now, `${ref} ${f}: only the inspector changed it`).toBe(i);
            else {
              expect(now, `${ref} ${f}: the lead changed it (perhaps back), so it is not overwritten`).toBe(l);
              expect(conflicts.has(`${ref} ${f}`)).toBe(true);
            }
          }
      }),
      { numRuns: 300 },
    );
  });
});
