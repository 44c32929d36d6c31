import type { Answer, CommentState, DipSampleRule, QaCaseState, QaStatus, TeamRole } from '../../core';
import type { Db } from '../connection';
import { once } from './prepared';
import { teamRepository } from './team';

export interface StoredComment {
  id: string;
  caseId: string;
  ref: string;
  questionId: string | null;
  author: string;
  text: string;
  reply: string;
  repliedBy: string;
  state: CommentState;
  resolvedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredDipSample {
  id: string;
  seed: string;
  rule: DipSampleRule;
  picks: { ref: string; marker: string | null; weight: number }[];
  drawnBy: string;
  createdAt: string;
}

interface CommentRow {
  id: string;
  case_id: string;
  ref: string;
  question_id: string | null;
  author: string;
  text: string;
  reply: string;
  replied_by: string;
  state: CommentState;
  resolved_by: string;
  created_at: string;
  updated_at: string;
}

const toComment = (r: CommentRow): StoredComment => ({
  id: r.id,
  caseId: r.case_id,
  ref: r.ref,
  questionId: r.question_id,
  author: r.author,
  text: r.text,
  reply: r.reply,
  repliedBy: r.replied_by,
  state: r.state,
  resolvedBy: r.resolved_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const COMMENT_COLUMNS = 'q.id, q.case_id, c.ref, q.question_id, q.author, q.text, q.reply, q.replied_by, q.state, q.resolved_by, q.created_at, q.updated_at';

/** Reads of QA state: comments, second markings, dip samples, and what the QA rules need about a case. */
export function qaRepository(db: Db) {
  return once(db, 'qa', (d) => {
    const s = {
      caseState: d.prepare<[string], { qa_status: QaStatus; assigned_inspector: string; completed_at: string | null; inspection_id: string }>(
        'SELECT qa_status, assigned_inspector, completed_at, inspection_id FROM case_file WHERE id = ?',
      ),
      commentCase: d.prepare<[string], { case_id: string }>('SELECT case_id FROM qa_comment WHERE id = ?'),
      openComments: d.prepare<[string], { n: number }>("SELECT count(*) AS n FROM qa_comment WHERE case_id = ? AND state <> 'resolved'"),
      commentsOfCase: d.prepare<[string], CommentRow>(`SELECT ${COMMENT_COLUMNS} FROM qa_comment q JOIN case_file c ON c.id = q.case_id WHERE q.case_id = ? ORDER BY q.created_at, q.rowid`),
      commentsOfInspection: d.prepare<[string], CommentRow>(
        `SELECT ${COMMENT_COLUMNS} FROM qa_comment q JOIN case_file c ON c.id = q.case_id WHERE c.inspection_id = ? ORDER BY c.ref COLLATE NOCASE, q.created_at, q.rowid`,
      ),
      openByCase: d.prepare<[string], { case_id: string; n: number }>(
        "SELECT q.case_id, count(*) AS n FROM qa_comment q JOIN case_file c ON c.id = q.case_id WHERE c.inspection_id = ? AND q.state <> 'resolved' GROUP BY q.case_id",
      ),
      secondOfCase: d.prepare<[string], { id: string; question_id: string; value: Answer | null; marked_by: string }>('SELECT id, question_id, value, marked_by FROM second_answer WHERE case_id = ? ORDER BY question_id'),
      secondOne: d.prepare<[string, string], { id: string; value: Answer | null; marked_by: string }>('SELECT id, value, marked_by FROM second_answer WHERE case_id = ? AND question_id = ?'),
      secondOfInspection: d.prepare<[string], { case_id: string; question_id: string; value: Answer | null; marked_by: string }>(
        'SELECT s.case_id, s.question_id, s.value, s.marked_by FROM second_answer s JOIN case_file c ON c.id = s.case_id WHERE c.inspection_id = ? AND s.value IS NOT NULL ORDER BY s.case_id, s.question_id',
      ),
      dipSamples: d.prepare<[string], { id: string; seed: string; rule: string; picks: string; drawn_by: string; created_at: string }>(
        'SELECT id, seed, rule, picks, drawn_by, created_at FROM dip_sample WHERE inspection_id = ? ORDER BY created_at DESC, rowid DESC',
      ),
    };
    return {
      /** What the QA rules need to know about a case; null when it does not exist (yet). */
      caseState(caseId: string): (QaCaseState & { inspectionId: string }) | null {
        const r = s.caseState.get(caseId);
        if (!r) return null;
        return {
          status: r.qa_status,
          marker: r.assigned_inspector.trim() === '' ? null : r.assigned_inspector,
          complete: r.completed_at !== null,
          openComments: s.openComments.get(caseId)!.n,
          inspectionId: r.inspection_id,
        };
      },
      commentCase: (commentId: string): string | null => s.commentCase.get(commentId)?.case_id ?? null,
      commentsOfCase: (caseId: string) => s.commentsOfCase.all(caseId).map(toComment),
      commentsOfInspection: (inspectionId: string) => s.commentsOfInspection.all(inspectionId).map(toComment),
      openCommentsByCase: (inspectionId: string) => new Map(s.openByCase.all(inspectionId).map((r) => [r.case_id, r.n])),
      secondOfCase: (caseId: string) => s.secondOfCase.all(caseId),
      secondOne: (caseId: string, questionId: string) => s.secondOne.get(caseId, questionId),
      /** Case id → the second marking (who and the answers given), for cases with any answer. */
      secondByCase(inspectionId: string): Map<string, { by: string; answers: Record<string, Answer> }> {
        const out = new Map<string, { by: string; answers: Record<string, Answer> }>();
        for (const r of s.secondOfInspection.all(inspectionId)) {
          let m = out.get(r.case_id);
          if (!m) out.set(r.case_id, (m = { by: r.marked_by, answers: {} }));
          m.answers[r.question_id] = r.value!;
        }
        return out;
      },
      dipSamples: (inspectionId: string): StoredDipSample[] =>
        s.dipSamples.all(inspectionId).map((r) => ({ id: r.id, seed: r.seed, rule: JSON.parse(r.rule) as DipSampleRule, picks: JSON.parse(r.picks) as StoredDipSample['picks'], drawnBy: r.drawn_by, createdAt: r.created_at })),
    };
  });
}

/**
 * The actor's roles on an inspection, from its team list (team fieldwork's `team_member`). An
 * inspection without a team list (or whose list names no lead) has the store's user as its lead;
 * someone not on a list that names a lead has no role (they may still mark the cases assigned to them). Names compare ignoring case and spaces.
 */
export function teamRoles(db: Db, inspectionId: string, name: string): TeamRole[] {
  const members = teamRepository(db).members(inspectionId);
  const who = name.trim().toLocaleLowerCase('en-GB');
  const roles = new Set(members.filter((m) => m.name.trim().toLocaleLowerCase('en-GB') === who).map((m) => m.role));
  // A list that names no lead (the lead listing the team they lead) leaves the store's user as the lead.
  if (!members.some((m) => m.role === 'lead')) roles.add('lead');
  return [...roles];
}
