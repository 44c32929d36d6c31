import type { Db } from '../connection';
import { once } from './prepared';

/** The inspectors' own report text per standard: strengths, areas for improvement, narrative and practice examples. */
export function reportTextRepository(db: Db) {
  return once(db, 'reportText', (d) => {
    const all = d.prepare<[string], { id: string; standard_id: string; strengths: string; improvements: string; narrative: string; practice_examples: string }>(
      'SELECT id, standard_id, strengths, improvements, narrative, practice_examples FROM standard_text WHERE inspection_id = ? ORDER BY standard_id',
    );
    const one = d.prepare<[string, string], { id: string; strengths: string; improvements: string; narrative: string; practice_examples: string }>(
      'SELECT id, strengths, improvements, narrative, practice_examples FROM standard_text WHERE inspection_id = ? AND standard_id = ?',
    );
    return {
      list: (inspectionId: string) => all.all(inspectionId),
      one: (inspectionId: string, standardId: string) => one.get(inspectionId, standardId),
    };
  });
}
