import { InvariantError } from '../changes/invariants';
import type { CommentState } from './comments';
import { QA_STATUS_LABELS, QA_TRANSITIONS, type QaAction, type QaActor, type QaCaseState, type QaStatus, checkMarkingEdit, checkQaAction } from './status';

/**
 * The QA rules the write path checks on every change (db/write.ts), whatever made it: the state
 * machine for a case's QA status, who may change answers in each status, who may comment and
 * resolve, and that a second marking is blind. Pure: the caller reads the case and the actor's roles.
 */

export interface QaChange {
  entity: string;
  field: string;
  value: unknown;
  previous: unknown;
}

/** The action that moves a case from one status to another, or null when the state machine has none. */
export function qaActionBetween(from: QaStatus, to: QaStatus): QaAction | null {
  for (const [action, t] of Object.entries(QA_TRANSITIONS) as [QaAction, (typeof QA_TRANSITIONS)[QaAction]][])
    if (t.to === to && t.from.includes(from)) return action;
  return null;
}

const reviewer = (actor: QaActor) => actor.roles.includes('lead') || actor.roles.includes('quality-lead');

/** Throws an InvariantError (shown to the person as it is) when the change breaks a QA rule. */
export function checkQaChange(change: QaChange, c: QaCaseState, actor: QaActor): void {
  const refuse = (message: string): never => {
    throw new InvariantError('INVALID', message);
  };
  if (change.entity === 'case' && change.field === 'qaStatus') {
    const from = change.previous as QaStatus;
    const to = change.value as QaStatus;
    const action = qaActionBetween(from, to);
    if (!action) refuse(`A case cannot go from ${QA_STATUS_LABELS[from]} to ${QA_STATUS_LABELS[to]}.`);
    const r = checkQaAction(action!, c, actor);
    if (!r.ok) refuse(r.reason);
    return;
  }
  if (change.entity === 'answer') {
    const r = checkMarkingEdit(c, actor);
    if (!r.ok) refuse(r.reason);
    return;
  }
  if (change.entity === 'qa-comment') {
    if (c.status === 'final' || c.status === 'qa-complete') {
      // A case cannot be QA complete while a comment on it is open: opening one needs the case back in QA.
      const opens = change.field === '$create' || (change.field === 'state' && change.value !== 'resolved');
      if (opens || c.status === 'final') refuse(`This case is ${QA_STATUS_LABELS[c.status]}; reopen it for QA before commenting on it.`);
    }
    if (change.field === '$create' && !reviewer(actor)) refuse('Only the lead inspector or a quality lead may comment for QA.');
    if (change.field === 'state' && (change.value as CommentState) === 'resolved' && !reviewer(actor))
      refuse('Only the lead inspector or a quality lead may resolve a comment.');
    if (change.field === 'state' && (change.previous as CommentState) === 'resolved' && !reviewer(actor))
      refuse('Only the lead inspector or a quality lead may reopen a comment.');
    return;
  }
  if (change.entity === 'second-answer') {
    if (c.status === 'final') refuse('This case is final; its second marking can no longer change.');
    // The second marker is who the marking names (an imported file names them), else whoever is answering.
    const marker =
      change.field === '$create' ? String((change.value as { markedBy?: unknown }).markedBy ?? '') : change.field === 'markedBy' ? String(change.value) : actor.name;
    if (c.marker !== null && c.marker.trim().toLowerCase() === marker.trim().toLowerCase())
      refuse('A second marking is blind: the person who marked the case cannot mark it a second time.');
  }
}
