/**
 * The report's vocabulary, defined once: the sections a framework orders, the narrative the
 * inspectors write (per inspection and per standard), and the provider-level contextual figures.
 * SQL CHECKs, zod schemas, the inspection file and the Report tab all use these lists.
 */

/** Every section a draft report can hold; each framework lists them in its published order. */
export const REPORT_SECTION_IDS = [
  'acknowledgements',
  'contents',
  'foreword',
  'overall-findings',
  'ratings',
  'recommendations',
  'previous-recommendations',
  'background',
  'contextual-facts',
  'domains',
  'annex-methodology',
  'annex-results',
  'annex-operating-model',
  'annex-glossary',
] as const;
export type ReportSectionId = (typeof REPORT_SECTION_IDS)[number];

/** Narrative written once per inspection. */
export const INSPECTION_TEXT_KEYS = ['title', 'acknowledgements', 'foreword', 'overall-findings', 'background', 'contextual-facts', 'operating-model'] as const;
export type InspectionTextKey = (typeof INSPECTION_TEXT_KEYS)[number];

/** Narrative written per standard (strengths and areas for improvement are kept with them, as before). */
export const STANDARD_TEXT_KEYS = ['narrative', 'practice-examples'] as const;
export type StandardTextKey = (typeof STANDARD_TEXT_KEYS)[number];

/** What the placeholder names when an inspection text is missing: "[To be written: the Chief Inspector's foreword]". */
export const INSPECTION_TEXT_INFO: Record<InspectionTextKey, { label: string; missing: string; helper: string }> = {
  title: { label: 'Report title', missing: 'the report title', helper: 'Used on the cover; left empty, the provider’s name makes the title' },
  acknowledgements: { label: 'Acknowledgements', missing: 'the acknowledgements', helper: 'Who led the inspection and whom it thanks' },
  foreword: { label: 'Foreword', missing: "the Chief Inspector's foreword", helper: 'A paragraph per blank line' },
  'overall-findings': { label: 'Overall findings / Executive summary', missing: 'the overall findings', helper: 'A paragraph per blank line' },
  background: { label: 'Background', missing: 'the background to the provider and this inspection', helper: 'A paragraph per blank line' },
  'contextual-facts': { label: 'Contextual facts: commentary', missing: 'the contextual facts', helper: 'Beside the figures below; a paragraph per blank line' },
  'operating-model': { label: 'Operating model (Annex 3)', missing: "the provider's operating model", helper: 'A paragraph per blank line' },
};

export const STANDARD_TEXT_INFO: Record<StandardTextKey, { label: string; missing: string }> = {
  narrative: { label: 'Narrative', missing: 'the narrative' },
  'practice-examples': { label: 'Practice examples', missing: 'a practice example' },
};

/** Provider-level figures for Contextual facts. */
export const CONTEXT_FACT_KEYS = [
  'caseload',
  'staff-in-post',
  'practitioner-vacancies',
  'average-caseload',
  'workload-unmanageable',
  'sickness-days',
] as const;
export type ContextFactKey = (typeof CONTEXT_FACT_KEYS)[number];

export const CONTEXT_FACT_INFO: Record<ContextFactKey, { label: string; unit: 'count' | 'percent' | 'number'; max: number }> = {
  caseload: { label: 'People under supervision (caseload)', unit: 'count', max: 10_000_000 },
  'staff-in-post': { label: 'Staff in post (full-time equivalent)', unit: 'number', max: 1_000_000 },
  'practitioner-vacancies': { label: 'Practitioner vacancies (full-time equivalent)', unit: 'number', max: 1_000_000 },
  'average-caseload': { label: 'Average caseload per practitioner', unit: 'number', max: 10_000 },
  'workload-unmanageable': { label: 'Staff interviewed who said their workload was unmanageable', unit: 'percent', max: 100 },
  'sickness-days': { label: 'Average working days lost to sickness per member of staff', unit: 'number', max: 365 },
};

/** The sample's eligibility window, kept with the report text (ISO dates) until the sample builder records it. */
export const ELIGIBILITY_KEYS = ['eligibility-start', 'eligibility-end'] as const;

/** Every per-inspection text the report section table holds. */
export const REPORT_SECTION_KEYS = [...INSPECTION_TEXT_KEYS, ...ELIGIBILITY_KEYS] as const;
export type ReportSectionKey = (typeof REPORT_SECTION_KEYS)[number];
