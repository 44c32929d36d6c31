import { ROSH_LEVELS, SENTENCE_TYPES, type CaseAttributes } from '../domain/case-attributes';
import { RATINGS, type Answer, type Rating } from '../domain/ratings';
import { keyQuestionApplies, promptApplies } from '../engine/applicability';
import { allStandards } from '../frameworks/load';
import type { Framework, Standard } from '../frameworks/schema';
import type { CaseRecord, InspectionInput } from '../engine/types';
import { mulberry32 } from '../sampling/random';

/** Yes answers out of 20 that land a key question in each band (80%, 65%, 50%, 25%). */
const YES_OF_20: Record<Rating, number> = { Outstanding: 16, Good: 13, 'Requires improvement': 10, Inadequate: 5 };

/**
 * Builds an inspection whose standards come out at the given ratings: 20 cases per sample,
 * every key question (not its prompts) answered to sit exactly on its band's lower edge. For the
 * rating tests, which need known outcomes; benchmarks and scale tests use `realisticInspection`.
 * It derives answers from the framework data, never from hard-coded results.
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

/** A case as an inspector leaves it: answers to key questions and prompts, and an evidence note on every No. */
export interface RealisticCase extends CaseRecord {
  notes: Record<string, string>;
}

export interface RealisticInspection extends InspectionInput {
  cases: RealisticCase[];
}

/** The sampler's seeded generator, so benchmark data is the same on every run. */
export const seededRandom = mulberry32;

/** Roughly 70% Yes, 20% No, 10% N/A: the mix the performance review measured in real fieldwork. */
function answerOf(r: number): Answer {
  return r < 0.7 ? 'yes' : r < 0.9 ? 'no' : 'na';
}

/**
 * An inspection as it looks at the end of fieldwork, for benchmarks and scale tests: `cases` cases
 * spread over the framework's samples (about two thirds in the first), varied attributes, every
 * applicable key question AND prompt answered about 70/20/10 Yes/No/N-A, an evidence note on every
 * No, and every judgement standard rated. Deterministic for a given seed.
 */
export function realisticInspection(f: Framework, cases: number, seed = 1): RealisticInspection {
  const rnd = seededRandom(seed);
  const standards = allStandards(f);
  const samples = f.samples.map((s) => s.id);
  const out: RealisticCase[] = [];
  for (let i = 0; i < cases; i++) {
    const sample = samples.length === 1 || rnd() < 2 / 3 ? samples[0]! : samples[1 + Math.floor(rnd() * (samples.length - 1))]!;
    const attributes: CaseAttributes = {
      gender: rnd() < 0.85 ? 'male' : 'female',
      ageBand: ['18-24', '25-34', '35-49', '50+'][Math.floor(rnd() * 4)]!,
      sentenceType: SENTENCE_TYPES[Math.floor(rnd() * SENTENCE_TYPES.length)]!,
      roshLevel: ROSH_LEVELS[Math.floor(rnd() * ROSH_LEVELS.length)]!,
      office: `Office ${1 + Math.floor(rnd() * 8)}`,
      domesticAbuse: rnd() < 0.4,
      childSafeguarding: rnd() < 0.3,
      releasedFromCustody: rnd() < 0.5,
      reviewDue: rnd() < 0.8,
      identifiableVictim: rnd() < 0.5,
    };
    const c = { sample, attributes };
    const answers: Record<string, Answer> = {};
    const notes: Record<string, string> = {};
    const answer = (id: string) => {
      const v = answerOf(rnd());
      answers[id] = v;
      if (v === 'no') notes[id] = `Evidence for ${id}: the record did not show this was done within the expected time, and the case manager confirmed it in interview.`;
    };
    for (const s of standards)
      for (const k of s.keyQuestions) {
        if (!keyQuestionApplies(s, k, c)) continue;
        answer(k.id);
        for (const p of k.prompts) if (promptApplies(s, k, p, c)) answer(p.id);
      }
    out.push({ ref: `${sample.slice(0, 2).toUpperCase()}-${String(i + 1).padStart(4, '0')}`, sample, attributes, answers, notes });
  }
  const judgements: InspectionInput['judgements'] = Object.fromEntries(
    standards.filter((s) => s.ratedBy === 'judgement').map((s) => [s.id, { rating: RATINGS[Math.floor(rnd() * 3)]!, rationale: `The evidence for ${s.name.toLowerCase()} was weighed against the framework.` }]),
  );
  return { cases: out, judgements, overrides: {} };
}
