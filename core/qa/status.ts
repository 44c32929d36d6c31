import { z } from 'zod';
import type { TeamRole } from '../domain/team';

/**
 * A case's QA status. Separate from its completion (not started / in progress / complete): a case
 * is marked first, then goes through QA. Draft → Ready for QA → (Returned with comments → Ready for
 * QA …) → QA complete → Final.
 */
export const QA_STATUSES = ['draft', 'ready-for-qa', 'returned', 'qa-complete', 'final'] as const;
export const qaStatusSchema = z.enum(QA_STATUSES);
export type QaStatus = z.infer<typeof qaStatusSchema>;

export const QA_STATUS_LABELS: Record<QaStatus, string> = {
  draft: 'Draft',
  'ready-for-qa': 'Ready for QA',
  returned: 'Returned with comments',
  'qa-complete': 'QA complete',
  final: 'Final',
};

/** The statuses a case has once it has passed QA: the ratings can be drawn from these cases only. */
export const QA_PASSED_STATUSES: readonly QaStatus[] = ['qa-complete', 'final'];
export const passedQa = (status: QaStatus): boolean => QA_PASSED_STATUSES.includes(status);

export const QA_ACTIONS = ['send-to-qa', 'return', 'complete-qa', 'finalise', 'reopen'] as const;
export const qaActionSchema = z.enum(QA_ACTIONS);
export type QaAction = z.infer<typeof qaActionSchema>;

export const QA_ACTION_LABELS: Record<QaAction, string> = {
  'send-to-qa': 'Send to QA',
  return: 'Return with comments',
  'complete-qa': 'Mark QA complete',
  finalise: 'Make final',
  reopen: 'Reopen for QA',
};

/** Who may take an action: the case's own marker, or anyone holding one of the roles. */
interface Transition {
  from: readonly QaStatus[];
  to: QaStatus;
  marker: boolean;
  roles: readonly TeamRole[];
}

/**
 * The state machine. Only a quality lead or the lead inspector moves a case past Ready for QA; the
 * person who marked the case (or the lead) sends it to QA.
 */
export const QA_TRANSITIONS: Readonly<Record<QaAction, Transition>> = {
  'send-to-qa': { from: ['draft', 'returned'], to: 'ready-for-qa', marker: true, roles: ['lead'] },
  return: { from: ['ready-for-qa'], to: 'returned', marker: false, roles: ['lead', 'quality-lead'] },
  'complete-qa': { from: ['ready-for-qa'], to: 'qa-complete', marker: false, roles: ['lead', 'quality-lead'] },
  finalise: { from: ['qa-complete'], to: 'final', marker: false, roles: ['lead', 'quality-lead'] },
  reopen: { from: ['qa-complete', 'final'], to: 'ready-for-qa', marker: false, roles: ['lead', 'quality-lead'] },
};

export interface QaActor {
  name: string;
  /** The actor's roles on this inspection's team list. */
  roles: readonly TeamRole[];
}

export interface QaCaseState {
  status: QaStatus;
  /** The name of the person the case is assigned to (its marker). */
  marker: string | null;
  /** The case's marking is complete (every applicable key question answered, every No noted). */
  complete: boolean;
  openComments: number;
}

export type QaCheck = { ok: true; to: QaStatus } | { ok: false; reason: string };

/** "Mark QA complete" → "mark QA complete": the abbreviation keeps its capitals. */
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function isMarker(actor: QaActor, marker: string | null): boolean {
  return marker !== null && marker.trim().toLowerCase() === actor.name.trim().toLowerCase();
}

function roleList(roles: readonly TeamRole[], marker: boolean): string {
  const names = roles.map((r) => (r === 'lead' ? 'the lead inspector' : r === 'quality-lead' ? 'a quality lead' : `an ${r.replace('-', ' ')}`));
  if (marker) names.unshift('the person who marked the case');
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? 'nobody');
}

/** Whether `actor` may take `action` on a case in state `c`, and if not, why (in words for the inspector). */
export function checkQaAction(action: QaAction, c: QaCaseState, actor: QaActor): QaCheck {
  const t = QA_TRANSITIONS[action];
  if (!t.from.includes(c.status))
    return { ok: false, reason: `A case that is ${QA_STATUS_LABELS[c.status]} cannot be moved by "${QA_ACTION_LABELS[action]}".` };
  const allowed = (t.marker && isMarker(actor, c.marker)) || actor.roles.some((r) => t.roles.includes(r));
  if (!allowed) return { ok: false, reason: `Only ${roleList(t.roles, t.marker)} may ${lowerFirst(QA_ACTION_LABELS[action])}.` };
  if (action === 'send-to-qa' && !c.complete)
    return { ok: false, reason: 'Mark the case complete (every key question answered, every No with a note) before sending it to QA.' };
  if (action === 'return' && c.openComments === 0) return { ok: false, reason: 'Add a comment saying what to look at before returning the case.' };
  if ((action === 'complete-qa' || action === 'finalise') && c.openComments > 0)
    return { ok: false, reason: `The case has ${c.openComments === 1 ? 'an open comment' : `${c.openComments} open comments`}; resolve ${c.openComments === 1 ? 'it' : 'them'} first.` };
  return { ok: true, to: t.to };
}

/** The actions `actor` may take now, for offering buttons. */
export function availableQaActions(c: QaCaseState, actor: QaActor): QaAction[] {
  return QA_ACTIONS.filter((a) => checkQaAction(a, c, actor).ok);
}

/**
 * Who may change a case's answers in each status: its marker (or the lead) while it is a draft or
 * returned; the lead or a quality lead while it is in QA (moderation records the agreed answer);
 * nobody once it is final.
 */
export function checkMarkingEdit(c: Pick<QaCaseState, 'status' | 'marker'>, actor: QaActor): { ok: true } | { ok: false; reason: string } {
  if (c.status === 'final') return { ok: false, reason: 'This case is final; reopen it for QA before changing it.' };
  const reviewer = actor.roles.includes('lead') || actor.roles.includes('quality-lead');
  if (c.status === 'draft' || c.status === 'returned') {
    if (reviewer || isMarker(actor, c.marker) || c.marker === null) return { ok: true };
    return { ok: false, reason: `This case is marked by ${c.marker}; only they or the lead inspector may change its answers.` };
  }
  if (reviewer) return { ok: true };
  return { ok: false, reason: `This case is ${QA_STATUS_LABELS[c.status]}; only the lead inspector or a quality lead may change its answers now.` };
}

/** Every status a case can reach, and from where: for documentation and tests. */
export function reachableStatuses(): QaStatus[] {
  const seen = new Set<QaStatus>(['draft']);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of Object.values(QA_TRANSITIONS))
      if (t.from.some((f) => seen.has(f)) && !seen.has(t.to)) {
        seen.add(t.to);
        grew = true;
      }
  }
  return QA_STATUSES.filter((s) => seen.has(s));
}
