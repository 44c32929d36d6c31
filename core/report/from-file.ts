import { rateInspection } from '../engine/rate';
import type { Framework } from '../frameworks/schema';
import { type InspectionFile, toInspectionInput } from '../format/inspection-file';
import type { ReportInput } from './model';

/** Report input from an inspection file, and the personal identifiers the output must not contain. */
export function reportInputFromFile(file: InspectionFile, framework: Framework, date: string): { input: ReportInput; personal: { crns: string[]; names: string[] } } {
  const engineInput = toInspectionInput(file);
  const text = file.reportText ?? {};
  return {
    input: {
      framework,
      result: rateInspection(framework, engineInput),
      cases: engineInput.cases,
      provider: { name: file.provider?.name ?? 'Unnamed provider', type: file.provider?.type ?? '', owner: file.provider?.owner ?? '', region: file.provider?.region ?? '' },
      inspection: { fieldworkStart: file.inspection?.fieldworkStart ?? null, fieldworkEnd: file.inspection?.fieldworkEnd ?? null, caseloadSize: file.inspection?.caseloadSize ?? null },
      recommendations: (file.recommendations ?? []).map((r) => ({ text: r.text, addressee: r.addressee ?? '' })),
      standardText: Object.fromEntries(Object.entries(text).map(([id, t]) => [id, { strengths: t.strengths, improvements: t.improvements }])),
      standardNarrative: Object.fromEntries(Object.entries(text).map(([id, t]) => [id, { narrative: t.narrative ?? '', 'practice-examples': t.practiceExamples ?? '' }])),
      text: { ...(file.inspection?.title ? { title: file.inspection.title } : {}), ...file.reportSections },
      facts: file.contextFacts ?? {},
      judgementNotes: file.judgementNotes ?? {},
      sampling: { windowStart: file.inspection?.eligibilityStart ?? null, windowEnd: file.inspection?.eligibilityEnd ?? null },
      previousRecommendations: file.previousRecommendations ?? [],
      date,
    },
    personal: {
      crns: file.cases.map((c) => c.crn ?? '').filter(Boolean),
      names: file.cases.map((c) => c.name ?? '').filter(Boolean),
    },
  };
}
