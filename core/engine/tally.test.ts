import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANSWERS, type Answer } from '../domain/ratings';
import { allStandards, shippedFrameworks } from '../frameworks/load';
import type { Framework } from '../frameworks/schema';
import { keyQuestionApplies, promptApplies } from './applicability';
import { rateFromTally, rateInspection, tallyQuestion } from './rate';
import { RatingTally } from './tally';
import type { CaseRecord } from './types';

// The counts kept in a tally are the counts tallyQuestion makes case by case (the engine's definition),
// and a tally moved by removing and adding cases rates exactly as a fresh count of the cases left.

const frameworks = [...shippedFrameworks().values()];

function caseArb(f: Framework): fc.Arbitrary<CaseRecord> {
  const questionIds = allStandards(f).flatMap((s) => s.keyQuestions.flatMap((k) => [k.id, ...k.prompts.map((p) => p.id)]));
  return fc.record({
    ref: fc.uuid(),
    // A sample the framework has, or none (the default), or one it lacks.
    sample: fc.option(fc.constantFrom(...f.samples.map((s) => s.id), 'not-a-sample'), { nil: undefined }),
    attributes: fc.record(
      {
        reviewDue: fc.boolean(),
        identifiableVictim: fc.boolean(),
        releasedFromCustody: fc.boolean(),
        domesticAbuse: fc.boolean(),
        childSafeguarding: fc.boolean(),
        roshLevel: fc.constantFrom('low' as const, 'medium' as const, 'high' as const, 'very high' as const),
      },
      { requiredKeys: [] },
    ),
    answers: fc.dictionary(fc.constantFrom(...questionIds), fc.constantFrom<Answer>(...ANSWERS)),
  }) as fc.Arbitrary<CaseRecord>;
}

const judgementsAndOverrides = { judgements: {}, overrides: {} };

describe('the rating tally', () => {
  it('counts every key question and prompt as tallyQuestion does, in every shipped framework', () => {
    for (const f of frameworks)
      fc.assert(
        fc.property(fc.array(caseArb(f), { maxLength: 30 }), (cases) => {
          const result = rateInspection(f, { cases, ...judgementsAndOverrides });
          for (const s of allStandards(f).filter((x) => x.ratedBy === 'cases')) {
            const r = result.standards.find((x) => x.id === s.id)!;
            const inSample = cases.filter((c) => (c.sample ?? 'case-supervision') === s.sample);
            expect(r.casesInSample).toBe(inSample.length);
            s.keyQuestions.forEach((k, i) => {
              const { prompts, text: _t, theme: _th, distance: _d, ...counted } = r.keyQuestions[i]!;
              expect(counted).toEqual(tallyQuestion(f, k.id, inSample, (c) => keyQuestionApplies(s, k, c)));
              k.prompts.forEach((p, j) => expect(prompts[j]).toEqual(tallyQuestion(f, p.id, inSample, (c) => promptApplies(s, k, p, c))));
            });
          }
        }),
        { numRuns: 60 },
      );
  });

  it('moved by removing and adding cases, rates exactly as a fresh count of the cases it ends with', () => {
    for (const f of frameworks) {
      const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('replace', 'remove', 'add'), with: caseArb(f) });
      fc.assert(
        fc.property(fc.array(caseArb(f), { maxLength: 30 }), fc.array(edit, { maxLength: 20 }), (start, edits) => {
          const tally = new RatingTally(f);
          for (const c of start) tally.add(c);
          const cases = [...start];
          for (const e of edits) {
            const i = cases.length === 0 ? 0 : e.at % cases.length;
            if (e.kind !== 'add' && cases[i]) tally.remove(cases[i]);
            if (e.kind === 'remove') cases.splice(i, 1);
            else {
              tally.add(e.with);
              if (e.kind === 'replace' && cases[i]) cases[i] = e.with;
              else cases.push(e.with);
            }
          }
          expect(rateFromTally(tally, judgementsAndOverrides)).toEqual(rateInspection(f, { cases, ...judgementsAndOverrides }));
        }),
        { numRuns: 60 },
      );
    }
  });
});
