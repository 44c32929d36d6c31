import { CONTEXT_FACT_KEYS, INSPECTION_TEXT_KEYS } from '../domain/report-text';
import type { Rating } from '../domain/ratings';
import { allStandards, reportRules } from '../frameworks/load';
import type { Framework } from '../frameworks/schema';
import type { InspectionFile, PROVIDER_TYPES } from '../format/inspection-file';
import { buildInspection } from './build-inspection';

/**
 * An inspection file for a framework, for report tests and the benchmark: standards at mixed ratings,
 * `casesPerSample` cases in each sample, and, when `filled`, every piece of report text the app holds.
 * Text carries a recognisable marker per field so a test can find each one in the output.
 */
export function reportInspectionFile(f: Framework, opts: { filled: boolean; casesPerSample?: number }): InspectionFile {
  const cycle: Rating[] = ['Good', 'Requires improvement', 'Outstanding', 'Inadequate'];
  const ratings = Object.fromEntries(allStandards(f).map((s, i) => [s.id, cycle[i % cycle.length]!]));
  const built = buildInspection(f, ratings, opts.casesPerSample ?? 20);
  const genders = ['male', 'female'] as const;
  const rosh = ['low', 'medium', 'high', 'very high'] as const;
  const file: InspectionFile = {
    formatVersion: 1,
    framework: f.id,
    provider: { name: `Test ${f.id} provider`, type: f.providerTypes[0] as (typeof PROVIDER_TYPES)[number] },
    inspection: { fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14', caseloadSize: 4171 },
    cases: built.cases.map((c, i) => ({
      ref: c.ref,
      crn: `T${100000 + i}`,
      name: `Testperson Number${i}`,
      sample: c.sample,
      attributes: { ...c.attributes, gender: genders[i % 2]!, roshLevel: rosh[i % 4]!, sentenceType: i % 2 ? 'licence' : 'community order', childSafeguarding: i % 4 === 1 },
      answers: { ...c.answers },
    })),
    judgements: Object.fromEntries(Object.entries(built.judgements).map(([id, j]) => [id, { rating: j.rating, rationale: opts.filled ? `Rationale text for ${id}.` : '' }])),
    recommendations: [],
  };
  if (!opts.filled) return file;
  const judgementStandards = allStandards(f).filter((s) => s.ratedBy === 'judgement');
  const addressees = reportRules(f).recommendationAddressees;
  return {
    ...file,
    inspection: { ...file.inspection, title: `Filled report title for ${f.id}`, eligibilityStart: '2018-11-01', eligibilityEnd: '2018-12-14' },
    reportSections: Object.fromEntries(INSPECTION_TEXT_KEYS.filter((k) => k !== 'title').map((k) => [k, `Section text for ${k}.\n\nA second paragraph for ${k}.`])),
    contextFacts: Object.fromEntries(CONTEXT_FACT_KEYS.map((k, i) => [k, k === 'workload-unmanageable' ? 69 : 100 + i])),
    judgementNotes: Object.fromEntries(judgementStandards.flatMap((s) => s.keyQuestions.map((k) => [k.id, `Evidence note for ${k.id}.`]))),
    reportText: Object.fromEntries(
      allStandards(f).map((s) => [
        s.id,
        { strengths: `Strength one for ${s.id}.\nStrength two for ${s.id}.`, improvements: `Improvement for ${s.id}.`, narrative: `Narrative for ${s.id}.`, practiceExamples: `Practice example for ${s.id}.` },
      ]),
    ),
    recommendations: [
      { text: 'First recommendation to the provider.', addressee: addressees[0]! },
      { text: 'Second recommendation to the provider.' },
      { text: `A recommendation to ${addressees[1]}.`, addressee: addressees[1]! },
    ],
  };
}
