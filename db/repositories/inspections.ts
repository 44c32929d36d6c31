import type { InspectionSummary, Provider, Rating } from '../../core';
import type { Db } from '../connection';
import { StoreError } from '../errors';
import { once } from './prepared';
import { unfinishedImportsRepository } from './unfinished-imports';

interface InspectionRow {
  id: string;
  provider_id: string;
  provider_name: string;
  provider_type: Provider['type'];
  provider_owner: string;
  provider_region: string;
  framework_id: string;
  framework_revision: string;
  fieldwork_start: string;
  fieldwork_end: string;
  caseload_size: number | null;
  status: 'draft' | 'final';
  updated_at: string;
  case_count: number;
  complete_count: number;
  /** 1 when the counts were not kept (counted by this read, to be kept). */
  stale: number;
}

const SELECT = `
  SELECT i.id, i.provider_id, p.name AS provider_name, p.type AS provider_type, p.owner AS provider_owner,
         p.region AS provider_region, i.framework_id, i.framework_revision, i.fieldwork_start, i.fieldwork_end,
         i.caseload_size, i.status,
         -- The counts and last change as kept (migration 14), or, when the write path has dropped them,
         -- counted here (COALESCE evaluates the counting subqueries only for a row with nothing kept).
         -- The last change to anything in the inspection is the log's latest entry for it, so saves
         -- need not write the inspection row to keep a time on it.
         coalesce(k.updated_at, (SELECT l.at FROM change_log l WHERE l.inspection_id = i.id ORDER BY l.clock DESC LIMIT 1), i.updated_at) AS updated_at,
         coalesce(k.case_count, (SELECT count(*) FROM case_file c WHERE c.inspection_id = i.id)) AS case_count,
         coalesce(k.complete_count, (SELECT count(*) FROM case_file c WHERE c.inspection_id = i.id AND c.completed_at IS NOT NULL)) AS complete_count,
         k.inspection_id IS NULL AS stale
  FROM inspection i JOIN provider p ON p.id = i.provider_id LEFT JOIN inspection_counts k ON k.inspection_id = i.id`;

function toInspection(r: InspectionRow): InspectionSummary {
  return {
    id: r.id,
    provider: { id: r.provider_id, name: r.provider_name, type: r.provider_type, owner: r.provider_owner, region: r.provider_region },
    frameworkId: r.framework_id,
    frameworkRevision: r.framework_revision,
    fieldworkStart: r.fieldwork_start,
    fieldworkEnd: r.fieldwork_end,
    caseloadSize: r.caseload_size,
    status: r.status,
    caseCount: r.case_count,
    completeCount: r.complete_count,
    updatedAt: r.updated_at,
  };
}

export interface RecordedRatings {
  kind: 'scored' | 'ratings-only';
  overall: Rating | null;
  score: number | null;
  standards: { id: string; standardId: string; rating: Rating }[];
  keyQuestions: { id: string; keyQuestionId: string; percent: number; base: number | null }[];
}

export function inspectionsRepository(db: Db) {
  return once(db, 'inspections', (d) => {
    const all = d.prepare<[], InspectionRow>(`${SELECT} ORDER BY i.fieldwork_start DESC, p.name COLLATE NOCASE`);
    const one = d.prepare<[string], InspectionRow>(`${SELECT} WHERE i.id = ?`);
    const meta = d.prepare<[string], { kind: 'scored' | 'ratings-only'; recorded_overall: Rating | null; recorded_score: number | null }>(
      'SELECT kind, recorded_overall, recorded_score FROM inspection WHERE id = ?',
    );
    const recorded = d.prepare<[string], { id: string; standard_id: string; rating: Rating }>('SELECT id, standard_id, rating FROM recorded_rating WHERE inspection_id = ? ORDER BY standard_id');
    const recordedKq = d.prepare<[string], { id: string; key_question_id: string; percent: number; base: number | null }>(
      'SELECT id, key_question_id, percent, base FROM recorded_key_question WHERE inspection_id = ? ORDER BY key_question_id',
    );
    const exists = d.prepare<[string], { id: string; fieldwork_start: string; provider: string }>(
      'SELECT i.id, i.fieldwork_start, p.name AS provider FROM inspection i JOIN provider p ON p.id = i.provider_id WHERE i.id = ?',
    );
    const keep = d.prepare<[string, number, number, string]>(
      'INSERT INTO inspection_counts (inspection_id, case_count, complete_count, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (inspection_id) DO NOTHING',
    );
    /** Keeps what this read counted, so the next start reads one short row per inspection. */
    const kept = (rows: InspectionRow[]): InspectionRow[] => {
      const stale = rows.filter((r) => r.stale === 1);
      // Not inside a transaction: a snapshot read (a report's or an export's, on the job thread) must not
      // become a write, holding every save back until the snapshot ends (for seconds under load).
      if (stale.length > 0 && !d.readonly && !d.inTransaction)
        try {
          d.transaction(() => {
            for (const r of stale) keep.run(r.id, r.case_count, r.complete_count, r.updated_at);
          })();
        } catch {
          // A store refusing writes (query-only after damage was found) counts again next time.
        }
      return rows;
    };
    const unfinished = unfinishedImportsRepository(d);
    return {
      // An inspection still being imported is not listed, nor found by id, until its import has finished.
      list: () => {
        const hidden = unfinished.hidden();
        return kept(hidden.size === 0 ? all.all() : all.all().filter((r) => !hidden.has(r.id))).map(toInspection);
      },
      get(id: string): InspectionSummary {
        const r = unfinished.hidden().has(id) ? undefined : one.get(id);
        if (!r) throw new StoreError('NOT_FOUND', 'That inspection no longer exists.');
        return toInspection(kept([r])[0]!);
      },
      find: (id: string) => exists.get(id),
      recorded(id: string): RecordedRatings {
        const m = meta.get(id);
        if (!m) throw new StoreError('NOT_FOUND', 'That inspection no longer exists.');
        return {
          kind: m.kind,
          overall: m.recorded_overall,
          score: m.recorded_score,
          standards: recorded.all(id).map((r) => ({ id: r.id, standardId: r.standard_id, rating: r.rating })),
          keyQuestions: recordedKq.all(id).map((k) => ({ id: k.id, keyQuestionId: k.key_question_id, percent: k.percent, base: k.base })),
        };
      },
    };
  });
}
