import type { ContextFactKey, ReportSectionKey } from '../../core';
import type { Db } from '../connection';
import { once } from './prepared';

/**
 * The report's narrative of the whole inspection (entity `report-section`) and its provider-level
 * contextual figures (entity `report-fact`). Reads only: every write is a change through the one
 * write path (Store.setReportSections / setReportFacts).
 */
export function reportNarrativeRepository(db: Db) {
  return once(db, 'reportNarrative', (d) => {
    const sections = d.prepare<[string], { id: string; section: ReportSectionKey; text: string }>('SELECT id, section, text FROM report_section WHERE inspection_id = ? ORDER BY section');
    const facts = d.prepare<[string], { id: string; fact: ContextFactKey; value: number }>('SELECT id, fact, value FROM report_fact WHERE inspection_id = ? ORDER BY fact');
    return {
      sections: (inspectionId: string) => sections.all(inspectionId),
      facts: (inspectionId: string) => facts.all(inspectionId),
    };
  });
}
