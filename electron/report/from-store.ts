import { type Framework, type ReportInput, rateInspection } from '../../core';
import type { Store } from '../../db';
import type { PersonalData } from './privacy';

/** Report input for an inspection in the store, and the identifiers its output must not contain. */
export function reportInputFromStore(store: Store, framework: Framework, inspectionId: string, date: string): { input: ReportInput; personal: PersonalData } {
  const insp = store.getInspection(inspectionId);
  const engineInput = store.inspectionInput(inspectionId);
  return {
    input: {
      framework,
      result: rateInspection(framework, engineInput),
      cases: engineInput.cases,
      provider: { name: insp.provider.name, type: insp.provider.type, owner: insp.provider.owner, region: insp.provider.region },
      inspection: { fieldworkStart: insp.fieldworkStart, fieldworkEnd: insp.fieldworkEnd, caseloadSize: insp.caseloadSize },
      recommendations: store.recommendations(inspectionId),
      standardText: store.standardTexts(inspectionId),
      previousRecommendations: store.recommendationProgress(inspectionId),
      judgementNotes: Object.assign({}, ...store.judgements(inspectionId).map((j) => j.notes)) as Record<string, string>,
      date,
    },
    personal: store.personalData(inspectionId),
  };
}
