import type { Db } from '../connection';
import { once } from './prepared';

/** The inspectors' own report text per standard: strengths and areas for improvement. */
export function reportTextRepository(db: Db) {
  return once(db, 'reportText', (d) => {
    const all = d.prepare<[string], { id: string; standard_id: string; strengths: string; improvements: string }>(
      'SELECT id, standard_id, strengths, improvements FROM standard_text WHERE inspection_id = ? ORDER BY standard_id',
    );
    const one = d.prepare<[string, string], { id: string; strengths: string; improvements: string }>('SELECT id, strengths, improvements FROM standard_text WHERE inspection_id = ? AND standard_id = ?');
    return {
      list: (inspectionId: string) => all.all(inspectionId),
      one: (inspectionId: string, standardId: string) => one.get(inspectionId, standardId),
    };
  });
}
