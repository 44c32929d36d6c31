import { type Framework, type ReportInput, rateInspection } from '../../core';
import { SampleDraws, type Store } from '../../db';
import type { PersonalData } from './privacy';

/**
 * What the sample builder recorded, as Annex 1 states it: the main sample's window and sizing, and every
 * elimination by reason (an elimination with no replacement says so).
 */
function samplingFacts(draws: SampleDraws, inspectionId: string): ReportInput['sampling'] {
  const list = draws.list(inspectionId);
  const main = list.find((d) => d.sample === 'case-supervision') ?? list[0];
  if (!main) return undefined;
  const byReason = new Map<string, number>();
  for (const d of list)
    for (const e of d.eliminations) {
      const reason = e.replacementRef ? e.reason : `${e.reason} (not replaced: no eligible case was left in its stratum)`;
      byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    }
  return {
    windowStart: main.settings?.window?.start ?? null,
    windowEnd: main.settings?.window?.end ?? null,
    eliminations: [...byReason].map(([reason, count]) => ({ reason, count })),
    ...(main.settings ? { confidence: main.settings.confidence, marginOfError: main.settings.margin } : {}),
  };
}

/** Report input for an inspection in the store, and the identifiers its output must not contain. */
export function reportInputFromStore(store: Store, framework: Framework, inspectionId: string, date: string): { input: ReportInput; personal: PersonalData } {
  const insp = store.getInspection(inspectionId);
  const engineInput = store.inspectionInput(inspectionId);
  const draws = new SampleDraws(store.db, store);
  const narrative = store.reportNarrative(inspectionId);
  const texts = store.standardTexts(inspectionId);
  const drawn = samplingFacts(draws, inspectionId);
  return {
    input: {
      framework,
      result: rateInspection(framework, engineInput),
      cases: engineInput.cases,
      provider: { name: insp.provider.name, type: insp.provider.type, owner: insp.provider.owner, region: insp.provider.region },
      inspection: { fieldworkStart: insp.fieldworkStart, fieldworkEnd: insp.fieldworkEnd, caseloadSize: insp.caseloadSize },
      recommendations: store.recommendationItems(inspectionId),
      standardText: Object.fromEntries(Object.entries(texts).map(([id, t]) => [id, { strengths: t.strengths, improvements: t.improvements }])),
      standardNarrative: Object.fromEntries(Object.entries(texts).map(([id, t]) => [id, { narrative: t.narrative, 'practice-examples': t.practiceExamples }])),
      text: narrative.sections,
      facts: narrative.facts,
      previousRecommendations: store.recommendationProgress(inspectionId),
      judgementNotes: Object.assign({}, ...store.judgements(inspectionId).map((j) => j.notes)) as Record<string, string>,
      date,
      // The sample builder's window when it drew the sample; otherwise the window entered on the Report tab.
      sampling: {
        ...drawn,
        windowStart: drawn?.windowStart ?? (narrative.sections['eligibility-start'] || null),
        windowEnd: drawn?.windowEnd ?? (narrative.sections['eligibility-end'] || null),
      },
      // The methodology counts the cases actually complete, not the whole sample.
      completeCases: store.listCases(inspectionId).filter((c) => c.status === 'complete').length,
    },
    // Eliminated cases are not in the inspection, but their CRNs must never reach a report either.
    personal: (({ crns, names }) => ({ crns: [...crns, ...draws.eliminatedCrns(inspectionId)], names }))(store.personalData(inspectionId)),
  };
}
