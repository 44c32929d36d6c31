import type { Rating } from '../../core';
import type { Db } from '../connection';
import { once } from './prepared';

/** Judgements (rating and rationale per judged standard), their notes per key question, and overrides. */
export function judgementsRepository(db: Db) {
  return once(db, 'judgements', (d) => {
    const s = {
      judgements: d.prepare<[string], { id: string; standard_id: string; rating: Rating | null; rationale: string }>(
        'SELECT id, standard_id, rating, rationale FROM judgement WHERE inspection_id = ? ORDER BY standard_id',
      ),
      judgement: d.prepare<[string, string], { id: string; rating: Rating | null; rationale: string }>('SELECT id, rating, rationale FROM judgement WHERE inspection_id = ? AND standard_id = ?'),
      notes: d.prepare<[string], { id: string; key_question_id: string; text: string }>('SELECT id, key_question_id, text FROM judgement_note WHERE inspection_id = ? ORDER BY key_question_id'),
      note: d.prepare<[string, string], { id: string; text: string }>('SELECT id, text FROM judgement_note WHERE inspection_id = ? AND key_question_id = ?'),
      overrides: d.prepare<[string], { id: string; standard_id: string; rating: Rating; reason: string }>(
        'SELECT id, standard_id, rating, reason FROM rating_override WHERE inspection_id = ? ORDER BY standard_id',
      ),
      override: d.prepare<[string, string], { id: string; rating: Rating; reason: string }>('SELECT id, rating, reason FROM rating_override WHERE inspection_id = ? AND standard_id = ?'),
    };
    return {
      list(inspectionId: string) {
        const notes = s.notes.all(inspectionId);
        return s.judgements.all(inspectionId).map((j) => ({
          id: j.id,
          standardId: j.standard_id,
          rating: j.rating,
          rationale: j.rationale,
          notes: Object.fromEntries(notes.filter((n) => n.key_question_id.startsWith(`${j.standard_id}.`)).map((n) => [n.key_question_id, n.text])),
        }));
      },
      one: (inspectionId: string, standardId: string) => s.judgement.get(inspectionId, standardId),
      notes: (inspectionId: string) => s.notes.all(inspectionId),
      note: (inspectionId: string, keyQuestionId: string) => s.note.get(inspectionId, keyQuestionId),
      overrides: (inspectionId: string) => s.overrides.all(inspectionId),
      override: (inspectionId: string, standardId: string) => s.override.get(inspectionId, standardId),
    };
  });
}
