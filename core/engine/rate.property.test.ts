import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANSWERS, RATINGS, type Answer, type Rating } from '../domain/ratings';
import { caseStandards, shippedFrameworks } from '../frameworks/load';
import { rateInspection } from './rate';
import type { CaseRecord } from './types';

const f = shippedFrameworks().get('crc-2018')!;
const keyQuestionIds = caseStandards(f, 'case-supervision').flatMap((s) => s.keyQuestions.map((k) => k.id));
const rank = (r: Rating | null) => (r === null ? -1 : RATINGS.length - RATINGS.indexOf(r));

const caseArb = fc.record({
  ref: fc.uuid(),
  sample: fc.constant('case-supervision'),
  attributes: fc.record({ reviewDue: fc.boolean(), identifiableVictim: fc.boolean() }, { requiredKeys: [] }),
  answers: fc.dictionary(fc.constantFrom(...keyQuestionIds), fc.constantFrom<Answer>(...ANSWERS)),
}) as fc.Arbitrary<CaseRecord>;

const rate = (cases: CaseRecord[]) => rateInspection(f, { cases, judgements: {}, overrides: {} });
const ratings = (cases: CaseRecord[]) => rate(cases).standards.map((s) => s.computedRating);

describe('rating engine properties', () => {
  it('a rating never falls when a No becomes Yes', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 40 }), fc.nat(), fc.constantFrom(...keyQuestionIds), (cases, pick, qid) => {
        const i = pick % cases.length;
        const before = ratings(cases);
        const changed = cases.map((c, k) => (k === i && c.answers[qid] === 'no' ? { ...c, answers: { ...c.answers, [qid]: 'yes' as const } } : c));
        const after = ratings(changed);
        before.forEach((r, k) => expect(rank(after[k]!)).toBeGreaterThanOrEqual(rank(r)));
      }),
      { numRuns: 300 },
    );
  });

  it('adding N/A answers never changes a rating', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 40 }), fc.array(fc.constantFrom(...keyQuestionIds), { minLength: 1 }), (cases, qids) => {
        const na: CaseRecord = { ref: 'na-case', sample: 'case-supervision', attributes: {}, answers: Object.fromEntries(qids.map((q) => [q, 'na' as const])) };
        expect(ratings([...cases, na])).toEqual(ratings(cases));
      }),
      { numRuns: 300 },
    );
  });

  it('case order never changes the result', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 40 }), fc.infiniteStream(fc.nat()), (cases, seeds) => {
        const shuffled = [...cases];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = seeds.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(rate(shuffled)).toEqual(rate(cases));
      }),
      { numRuns: 200 },
    );
  });
});
