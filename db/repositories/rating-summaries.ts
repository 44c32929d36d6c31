import type { Rating } from '../../core';
import type { Db } from '../connection';
import { once } from './prepared';

/** An inspection's overall result as the league table shows it, kept beside its summary (migration 15). */
export interface KeptOverall {
  key: string;
  rating: Rating | null;
  score: number | null;
  max: number;
}

/**
 * Each inspection's rating summary (what the league table, history and comparisons need of it),
 * kept so that they need not re-rate every inspection after each start, and its overall result in a
 * short row of its own, which is all the league table reads. Derived data, not logged.
 * The write path calls `invalidate` in the transaction of every change to an inspection (it drops the
 * inspection's kept counts too: db/repositories/inspections.ts); readers rebuild a missing or
 * out-of-date summary and `keep` it.
 */
export function ratingSummariesRepository(db: Db) {
  return once(db, 'ratingSummaries', (d) => {
    const get = d.prepare<[string], { key: string; summary: string }>('SELECT key, summary FROM rating_summary WHERE inspection_id = ?');
    const overalls = d.prepare<[], [string, string, Rating | null, number | null, number]>('SELECT inspection_id, key, rating, score, max FROM rating_overall').raw(true);
    // Whether the inspection has changed since a log entry: a rowid range (seq is the table's INTEGER
    // PRIMARY KEY), a handful of rows, rather than the inspection's index.
    const changedSince = d.prepare<[number, string], number>('SELECT 1 FROM change_log NOT INDEXED WHERE seq > ? AND inspection_id = ? LIMIT 1').pluck();
    const put = d.prepare('INSERT INTO rating_summary (inspection_id, key, summary) VALUES (?, ?, ?) ON CONFLICT (inspection_id) DO UPDATE SET key = excluded.key, summary = excluded.summary');
    const putOverall = d.prepare<[string, string, Rating | null, number | null, number]>(
      'INSERT INTO rating_overall (inspection_id, key, rating, score, max) VALUES (?, ?, ?, ?, ?) ON CONFLICT (inspection_id) DO UPDATE SET key = excluded.key, rating = excluded.rating, score = excluded.score, max = excluded.max',
    );
    // Deleting a row that is not there writes nothing, so only the first change after a summary is
    // kept pays for a page write; the saves after it cost an index probe.
    const del = d.prepare('DELETE FROM rating_summary WHERE inspection_id = ?');
    const delOverall = d.prepare('DELETE FROM rating_overall WHERE inspection_id = ?');
    // The inspection's kept counts and last change (migration 14) are out of date with it.
    const delCounts = d.prepare('DELETE FROM inspection_counts WHERE inspection_id = ?');
    return {
      /** The summary as JSON text, if one is kept under `key`. */
      get(inspectionId: string, key: string): string | undefined {
        const r = get.get(inspectionId);
        return r && r.key === key ? r.summary : undefined;
      },
      /** Every kept overall result, by inspection id, in one statement (the caller checks each one's key). */
      overalls(): Map<string, KeptOverall> {
        return new Map(overalls.all().map(([id, key, rating, score, max]) => [id, { key, rating, score, max }]));
      },
      /**
       * Keeps each summary computed from what the store held at `seenSeq`, unless the inspection has
       * changed since: another connection (the job thread: an import, a merge) may have committed a
       * change after the read, whose invalidation found nothing kept to drop, and the summary would
       * then outlive it. The write lock is taken first (IMMEDIATE), so nothing commits between the
       * check and the write.
       */
      keep(entries: readonly { inspectionId: string; key: string; summary: string; overall: Omit<KeptOverall, 'key'>; seenSeq: number }[]): void {
        if (entries.length === 0) return;
        d.transaction(() => {
          // An inspection removed meanwhile has no summary to keep (the foreign key would refuse it).
          for (const e of entries) {
            if (changedSince.get(e.seenSeq, e.inspectionId) !== undefined) continue;
            put.run(e.inspectionId, e.key, e.summary);
            putOverall.run(e.inspectionId, e.key, e.overall.rating, e.overall.score, e.overall.max);
          }
        }).immediate();
      },
      invalidate(inspectionId: string): void {
        del.run(inspectionId);
        delOverall.run(inspectionId);
        delCounts.run(inspectionId);
      },
    };
  });
}
