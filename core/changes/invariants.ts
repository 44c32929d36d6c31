import type { CaseStatus } from '../domain/case-status';
import type { Answer } from '../domain/ratings';
import type { CaseLike } from '../engine/applicability';
import { type CaseProgress, caseProgress } from '../engine/progress';
import type { Framework } from '../frameworks/schema';

/**
 * The store's rules, in one place. applyChanges calls these on every write, whatever made it (the
 * app, an import, the command line), and the app, the file writer and the CLI derive a case's
 * status through `deriveCaseStatus` alone.
 */

/** A broken rule; the IPC layer shows `message` as it is, and `fieldErrors` beside the fields. */
export class InvariantError extends Error {
  constructor(
    readonly code: 'FINAL' | 'INCOMPLETE' | 'INVALID',
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
  }
}

export interface AnswerLike {
  value: Answer | null;
  note: string;
}

/** A case is complete when marked so; in progress once anything is recorded on it; otherwise not started. */
export function deriveCaseStatus(completedAt: string | null, answers: Iterable<AnswerLike>): CaseStatus {
  if (completedAt !== null) return 'complete';
  for (const a of answers) if (a.value !== null || a.note.trim() !== '') return 'in-progress';
  return 'not-started';
}

/**
 * The same status from what a lean read counts in SQL instead of reading every answer: how many are
 * answered, and the case's notes on unanswered questions run together (blank exactly when each is).
 */
export function caseStatusFromCounts(completedAt: string | null, answered: number, unansweredNotes: string | null): CaseStatus {
  return deriveCaseStatus(completedAt, answered > 0 ? [{ value: 'yes', note: '' }] : [{ value: null, note: unansweredNotes ?? '' }]);
}

export const FINAL_MESSAGE = 'This inspection is final, so it can no longer be changed. Return it to draft first if it really must change.';

/** Every change to a final inspection is refused, except returning it to draft. */
export function checkInspectionOpen(status: string, change: { entity: string; field: string; value: unknown }): void {
  if (status !== 'final') return;
  if (change.entity === 'inspection' && change.field === 'status') return;
  // An import is history, not content: the record of one may be written while the inspection is final.
  if (change.entity === 'import') return;
  throw new InvariantError('FINAL', FINAL_MESSAGE);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Refuses marking a case complete while it still needs something. */
export function checkCanComplete(p: CaseProgress): void {
  if (p.complete) return;
  const parts = [
    p.unanswered.length > 0 ? `${plural(p.unanswered.length, 'key question is', 'key questions are')} unanswered` : '',
    p.missingNotes.length > 0 ? `${plural(p.missingNotes.length, '"No" answer has', '"No" answers have')} no evidence note` : '',
  ].filter(Boolean);
  throw new InvariantError('INCOMPLETE', `This case cannot be marked complete yet: ${parts.join(' and ')}.`, {
    ...Object.fromEntries(p.unanswered.map((q) => [q, 'answer needed'])),
    ...Object.fromEntries(p.missingNotes.map((q) => [q, 'a "No" needs an evidence note'])),
  });
}

/**
 * Why a complete case can no longer be complete after a change (an answer cleared, a "No" without
 * a note), or null when it still can. The case then goes back to in progress with this reason.
 */
export function reopenReason(f: Framework, c: CaseLike, answers: ReadonlyMap<string, AnswerLike>): string | null {
  const p = caseProgress(f, c, answers);
  if (p.complete) return null;
  const parts = [
    p.unanswered.length > 0 ? `${p.unanswered.join(', ')} ${p.unanswered.length === 1 ? 'is' : 'are'} no longer answered` : '',
    p.missingNotes.length > 0 ? `"No" on ${p.missingNotes.join(', ')} has no evidence note` : '',
  ].filter(Boolean);
  return `Back in progress: ${parts.join(' and ')}.`;
}

export { caseProgress };
