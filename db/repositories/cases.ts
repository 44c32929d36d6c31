import { type Answer, type CaseAttributes, type CaseStatus, type QaStatus, type CaseDetail, type CaseSummary, caseAttributesSchema, caseStatusFromCounts, deriveCaseStatus } from '../../core';
import type { Db } from '../connection';
import { StoreError } from '../errors';
import { once } from './prepared';

/** Cases as stored; progress counts need the framework and are added above this layer. */
export type StoredCase = Omit<CaseSummary, 'unansweredCount' | 'missingNoteCount' | 'openComments'> & { reopenReason: string | null };
export type StoredCaseDetail = Omit<CaseDetail, 'unansweredCount' | 'missingNoteCount' | 'openComments'> & { reopenReason: string | null };

export interface CaseContext {
  inspectionId: string;
  ref: string;
  sample: string;
  frameworkId: string;
  frameworkRevision: string;
}

export interface CaseRow {
  id: string;
  inspection_id: string;
  ref: string;
  crn: string;
  name: string;
  sample: string;
  attributes: string;
  assigned_inspector: string;
  completed_at: string | null;
  reopen_reason: string | null;
  qa_status: QaStatus;
}

interface AnswerRow {
  id: string;
  question_id: string;
  value: Answer | null;
  note: string;
  updated_at: string;
  updated_by: string;
}

export type AnswerState = { value: Answer | null; note: string };

const CASE_COLUMNS = 'c.id, c.inspection_id, c.ref, c.crn, c.name, c.sample, c.attributes, c.assigned_inspector, c.completed_at, c.reopen_reason, c.qa_status';

export function parseAttributes(json: string): CaseAttributes {
  // Stored by the write path from validated input; parsed again so a hand-edited row cannot leak junk upward.
  const r = caseAttributesSchema.safeParse(JSON.parse(json));
  return r.success ? r.data : {};
}

/** The one place a case's stored row becomes what the app shows: its status comes from core's deriveCaseStatus. */
export function toStoredCase(r: CaseRow, answers: ReadonlyMap<string, AnswerState> | undefined): StoredCase {
  const list = [...(answers?.values() ?? [])];
  return storedCase(r, deriveCaseStatus(r.completed_at, list), list.filter((a) => a.value !== null).length);
}

function storedCase(r: CaseRow, status: CaseStatus, answeredCount: number): StoredCase {
  return {
    id: r.id,
    inspectionId: r.inspection_id,
    ref: r.ref,
    sample: r.sample,
    assignedInspector: r.assigned_inspector,
    attributes: parseAttributes(r.attributes),
    status,
    answeredCount,
    reopenReason: r.reopen_reason,
    qaStatus: r.qa_status,
  };
}

export function casesRepository(db: Db) {
  return once(db, 'cases', (d) => {
    const s = {
      list: d.prepare<[string], CaseRow>(`SELECT ${CASE_COLUMNS} FROM case_file c WHERE c.inspection_id = ? ORDER BY c.ref COLLATE NOCASE`),
      // Each case with what its status and answered count need, counted by SQLite: at 3,000 realistic
      // cases, an object per answer (124,000, notes and all) was most of the whole case list's cost.
      summaries: d.prepare<[string], CaseRow & { answered: number; unanswered_notes: string | null }>(
        `SELECT ${CASE_COLUMNS},
           (SELECT count(*) FROM answer a WHERE a.case_id = c.id AND a.value IS NOT NULL) AS answered,
           (SELECT group_concat(a.note, '') FROM answer a WHERE a.case_id = c.id AND a.value IS NULL AND a.note <> '') AS unanswered_notes
         FROM case_file c WHERE c.inspection_id = ? ORDER BY c.ref COLLATE NOCASE`,
      ),
      inFileOrder: d.prepare<[string], CaseRow>(`SELECT ${CASE_COLUMNS} FROM case_file c WHERE c.inspection_id = ? ORDER BY c.rowid`),
      one: d.prepare<[string], CaseRow>(`SELECT ${CASE_COLUMNS} FROM case_file c WHERE c.id = ?`),
      context: d.prepare<[string], CaseContext>(
        `SELECT c.inspection_id AS inspectionId, c.ref, c.sample, i.framework_id AS frameworkId, i.framework_revision AS frameworkRevision
         FROM case_file c JOIN inspection i ON i.id = c.inspection_id WHERE c.id = ?`,
      ),
      answers: d.prepare<[string], AnswerRow>('SELECT id, question_id, value, note, updated_at, updated_by FROM answer WHERE case_id = ? ORDER BY question_id'),
      answer: d.prepare<[string, string], AnswerRow>('SELECT id, question_id, value, note, updated_at, updated_by FROM answer WHERE case_id = ? AND question_id = ?'),
      inspectionAnswers: d.prepare<[string], { id: string; case_id: string; question_id: string; value: Answer | null; note: string }>(
        'SELECT a.id, a.case_id, a.question_id, a.value, a.note FROM answer a JOIN case_file c ON c.id = a.case_id WHERE c.inspection_id = ?',
      ),
      refs: d.prepare<[string], { ref: string }>('SELECT ref FROM case_file WHERE inspection_id = ?'),
      personal: d.prepare<[string], { crn: string; name: string }>('SELECT crn, name FROM case_file WHERE inspection_id = ?'),
    };
    const toAnswer = (a: AnswerRow) => ({ id: a.id, questionId: a.question_id, value: a.value, note: a.note, updatedAt: a.updated_at, updatedBy: a.updated_by });
    const answersByCase = (inspectionId: string) => {
      const out = new Map<string, Map<string, AnswerState & { id: string }>>();
      for (const a of s.inspectionAnswers.all(inspectionId)) {
        let m = out.get(a.case_id);
        if (!m) out.set(a.case_id, (m = new Map()));
        m.set(a.question_id, { id: a.id, value: a.value, note: a.note });
      }
      return out;
    };
    const row = (caseId: string): CaseRow => {
      const r = s.one.get(caseId);
      if (!r) throw new StoreError('NOT_FOUND', 'That case no longer exists.');
      return r;
    };
    return {
      rows: (inspectionId: string, order: 'ref' | 'file' = 'ref') => (order === 'ref' ? s.list : s.inFileOrder).all(inspectionId),
      row,
      list(inspectionId: string): StoredCase[] {
        return s.summaries.all(inspectionId).map((r) => storedCase(r, caseStatusFromCounts(r.completed_at, r.answered, r.unanswered_notes), r.answered));
      },
      summary(caseId: string): StoredCase {
        const r = row(caseId);
        return toStoredCase(r, new Map(s.answers.all(caseId).map((a) => [a.question_id, a])));
      },
      context(caseId: string): CaseContext {
        const c = s.context.get(caseId);
        if (!c) throw new StoreError('NOT_FOUND', 'That case no longer exists.');
        return c;
      },
      answers: (caseId: string) => s.answers.all(caseId).map(toAnswer),
      answer: (caseId: string, questionId: string) => {
        const a = s.answer.get(caseId, questionId);
        return a ? toAnswer(a) : undefined;
      },
      answersByCase,
      refs: (inspectionId: string) => new Set(s.refs.all(inspectionId).map((r) => r.ref)),
      personalData(inspectionId: string): { crns: string[]; names: string[] } {
        const rows = s.personal.all(inspectionId);
        return { crns: rows.map((r) => r.crn).filter(Boolean), names: rows.map((r) => r.name).filter(Boolean) };
      },
    };
  });
}
