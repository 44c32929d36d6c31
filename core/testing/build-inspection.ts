import type { Answer, Rating } from '../domain/ratings';
import { allStandards } from '../frameworks/load';
import type { Framework, Standard } from '../frameworks/schema';
import type { CaseRecord, InspectionInput } from '../engine/types';

/** Yes answers out of 20 that land a key question in each band (80%, 65%, 50%, 25%). */
const YES_OF_20: Record<Rating, number> = { Outstanding: 16, Good: 13, 'Requires improvement': 10, Inadequate: 5 };

/**
 * Builds an inspection whose standards come out at the given ratings: 20 cases per sample,
 * every key question answered to sit exactly on its band's lower edge. Test and benchmark
 * support only: it derives answers from the framework data, never from hard-coded results.
 */
export function buildInspection(f: Framework, ratings: Record<string, Rating>, casesPerSample = 20): InspectionInput {
  const bySample = new Map<string, Standard[]>();
  for (const s of allStandards(f)) if (s.ratedBy === 'cases') bySample.set(s.sample!, [...(bySample.get(s.sample!) ?? []), s]);
  const cases: CaseRecord[] = [];
  for (const [sample, standards] of bySample) {
    for (let i = 0; i < casesPerSample; i++) {
      const answers: Record<string, Answer> = {};
      for (const s of standards) {
        const rating = ratings[s.id];
        if (!rating) throw new Error(`no rating given for ${s.id}`);
        const yes = Math.round((YES_OF_20[rating] * casesPerSample) / 20);
        for (const k of s.keyQuestions) answers[k.id] = i < yes ? 'yes' : 'no';
      }
      cases.push({
        ref: `${sample}-${i + 1}`,
        sample,
        attributes: { reviewDue: true, releasedFromCustody: true, identifiableVictim: i % 2 === 0, domesticAbuse: i % 3 === 0 },
        answers,
      });
    }
  }
  const judgements: InspectionInput['judgements'] = Object.fromEntries(
    allStandards(f)
      .filter((s) => s.ratedBy === 'judgement')
      .map((s) => [s.id, { rating: ratings[s.id] ?? null, rationale: 'Test rationale.' }]),
  );
  return { cases, judgements, overrides: {} };
}
