import type { Answer } from '../../../core/domain/ratings';

/** One undoable change on a case form: an answer, or an evidence note as it stood after a pause in typing. */
export type Change = { kind: 'answer'; questionId: string; before: Answer | null; after: Answer | null } | { kind: 'note'; questionId: string; before: string; after: string };

export interface History {
  undo: Change[];
  redo: Change[];
}

// Kept per case for the session (not in the component), so leaving a case and coming back keeps
// Ctrl+Z working for what was done before.
const sessions = new Map<string, History>();

export function caseHistory(caseId: string): History {
  let h = sessions.get(caseId);
  if (!h) sessions.set(caseId, (h = { undo: [], redo: [] }));
  return h;
}

/** The key question a question id belongs to (a prompt's parent, or itself). */
export function keyQuestionOf(questionId: string): string {
  return questionId.split('.').slice(0, 3).join('.');
}
