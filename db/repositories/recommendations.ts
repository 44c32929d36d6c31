import type { Db } from '../connection';
import { once } from './prepared';

export type ProgressValue = 'met' | 'partly met' | 'not met' | null;
export interface StoredRecommendation {
  id: string;
  position: number;
  text: string;
  /** Whom it is addressed to; '' for the provider. */
  addressee: string;
}
export interface StoredProgress {
  id: string;
  recommendationId: string | null;
  position: number;
  text: string;
  progress: ProgressValue;
  note: string;
}

/** Recommendations (each with a stable id) and this inspection's progress on the previous one's, keyed by their ids. */
export function recommendationsRepository(db: Db) {
  return once(db, 'recommendations', (d) => {
    const list = d.prepare<[string], StoredRecommendation>('SELECT id, position, text, addressee FROM recommendation WHERE inspection_id = ? ORDER BY position, id');
    const progress = d.prepare<[string], { id: string; recommendation_id: string | null; position: number; text: string; progress: ProgressValue; note: string }>(
      'SELECT id, recommendation_id, position, text, progress, note FROM recommendation_progress WHERE inspection_id = ? ORDER BY position, id',
    );
    return {
      list: (inspectionId: string) => list.all(inspectionId),
      progress: (inspectionId: string): StoredProgress[] =>
        progress.all(inspectionId).map((p) => ({ id: p.id, recommendationId: p.recommendation_id, position: p.position, text: p.text, progress: p.progress, note: p.note })),
    };
  });
}
