import { InvariantError } from '../changes/invariants';
import type { TeamRole } from '../domain/team';
import type { CommentState } from '../qa/comments';
import { checkQaChange } from '../qa/rules';
import { QA_ACTIONS, QA_STATUS_LABELS, QA_TRANSITIONS, type QaActor, type QaCaseState, type QaStatus, checkQaAction } from '../qa/status';
import { type CaseState, type FieldKey, parseField } from './case-fields';
import type { MergeGuard, PendingChange } from './merge';

/**
 * The QA rules a merge keeps (core/qa): a return's changes are the returning person's, and the
 * lead's store lets them make only what its team list lets that person make. The same rules the
 * write path checks on every change (core/qa/rules.ts), checked before anything is written so the
 * preview can list a refused change with its reason and merge the rest.
 */

/** The order a case's changes are applied in: answers before completion, comments before the QA status that needs them resolved. */
const APPLY_ORDER = ['answer', 'status', 'comment', 'qaStatus', 'second'] as const;
export function applyRank(field: FieldKey): number {
  const f = parseField(field);
  // An answer and its note share a row: one rank, so they are written together.
  const kind = f?.kind === 'note' ? 'answer' : f?.kind;
  return kind ? APPLY_ORDER.indexOf(kind) : APPLY_ORDER.length;
}

export type QaPath = { ok: true; steps: QaStatus[] } | { ok: false; reason: string };

/**
 * The QA statuses a case passes through to go from `from` to `to`, each step one the actor may take
 * (a return is cumulative: a quality lead's may bring a case from Ready for QA to Final). The
 * shortest such path; if there is none, why not, in the words the app uses.
 */
export function qaPath(from: QaStatus, to: QaStatus, c: Omit<QaCaseState, 'status'>, actor: QaActor): QaPath {
  if (from === to) return { ok: true, steps: [] };
  const prev = new Map<QaStatus, QaStatus>();
  const queue: QaStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const action of QA_ACTIONS) {
      const r = checkQaAction(action, { ...c, status: at }, actor);
      if (!r.ok || r.to === from || prev.has(r.to)) continue;
      prev.set(r.to, at);
      if (r.to === to) {
        const steps: QaStatus[] = [to];
        for (let s = at; s !== from; s = prev.get(s)!) steps.unshift(s);
        return { ok: true, steps };
      }
      queue.push(r.to);
    }
  }
  // No path the actor may take: the state machine's own shortest path, and the first step of it the
  // actor may not take gives the reason (the rule's words).
  const raw = new Map<QaStatus, { at: QaStatus; action: (typeof QA_ACTIONS)[number] }>();
  const open: QaStatus[] = [from];
  while (open.length > 0 && !raw.has(to)) {
    const at = open.shift()!;
    for (const action of QA_ACTIONS) {
      const t = QA_TRANSITIONS[action];
      if (!t.from.includes(at) || t.to === from || raw.has(t.to)) continue;
      raw.set(t.to, { at, action });
      open.push(t.to);
    }
  }
  if (raw.has(to)) {
    const steps: { at: QaStatus; action: (typeof QA_ACTIONS)[number] }[] = [];
    for (let s: QaStatus = to; s !== from; s = raw.get(s)!.at) steps.unshift(raw.get(s)!);
    for (const step of steps) {
      const r = checkQaAction(step.action, { ...c, status: step.at }, actor);
      if (!r.ok) return { ok: false, reason: r.reason };
    }
  }
  return { ok: false, reason: `A case cannot go from ${QA_STATUS_LABELS[from]} to ${QA_STATUS_LABELS[to]}.` };
}

export interface QaGuardContext {
  /** The person's roles on the inspection's team list (as the lead's store or file has it). */
  roles: (name: string) => readonly TeamRole[];
  /** The case's marker: the inspector it is assigned to, or null. */
  marker: (ref: string) => string | null;
}

const refusalText = (e: unknown): string => {
  if (e instanceof InvariantError) return e.message;
  throw e;
};

/** The QA rules as a merge guard: each case's changes checked in the order they will be written. */
export function qaGuard(ctx: QaGuardContext): MergeGuard {
  return (ref: string, changes: readonly PendingChange[], lead: CaseState, incoming: CaseState) => {
    const refused = new Map<FieldKey, string>();
    const marker = ctx.marker(ref);
    const comments = new Map(Object.entries(lead.comments ?? {}).map(([id, m]) => [id, { exists: !!m.text, state: (m.state ?? 'open') as CommentState }]));
    const sim: QaCaseState = {
      status: lead.qaStatus ?? 'draft',
      marker,
      complete: lead.status === 'complete',
      openComments: [...comments.values()].filter((m) => m.exists && m.state !== 'resolved').length,
    };
    const actorOf = (name: string): QaActor => ({ name, roles: ctx.roles(name) });
    const refusedComments = new Map<string, string>();
    const ordered = [...changes].sort((a, b) => applyRank(a.field) - applyRank(b.field));
    for (const ch of ordered) {
      const f = parseField(ch.field);
      if (!f) continue;
      const actor = actorOf(ch.by);
      try {
        switch (f.kind) {
          case 'answer':
          case 'note':
            checkQaChange({ entity: 'answer', field: f.kind === 'answer' ? 'value' : 'note', value: ch.to, previous: ch.from }, sim, actor);
            break;
          case 'status':
            sim.complete = ch.to === 'complete';
            break;
          case 'comment': {
            const earlier = refusedComments.get(f.commentId);
            if (earlier !== undefined) {
              refused.set(ch.field, earlier);
              continue;
            }
            const known = comments.get(f.commentId);
            if (f.part === 'text') {
              if (ch.to === null) throw new InvariantError('INVALID', 'A QA comment cannot be taken away by a return.');
              if (known?.exists) break;
              const state = (incoming.comments?.[f.commentId]?.state ?? 'open') as CommentState;
              checkQaChange({ entity: 'qa-comment', field: '$create', value: { state }, previous: null }, sim, actor);
              comments.set(f.commentId, { exists: true, state });
              if (state !== 'resolved') sim.openComments++;
              break;
            }
            if (!known?.exists && !changes.some((x) => x.field === `qa.comments.${f.commentId}`))
              throw new InvariantError('INVALID', 'That QA comment is no longer on this case.');
            if (f.part === 'state') {
              const before = known?.state ?? 'open';
              const after = (ch.to ?? 'open') as CommentState;
              checkQaChange({ entity: 'qa-comment', field: 'state', value: after, previous: before }, sim, actor);
              const wasOpen = before !== 'resolved';
              const isOpen = after !== 'resolved';
              if (wasOpen !== isOpen) sim.openComments += isOpen ? 1 : -1;
              comments.set(f.commentId, { exists: true, state: after });
            } else checkQaChange({ entity: 'qa-comment', field: 'reply', value: ch.to ?? '', previous: ch.from ?? '' }, sim, actor);
            break;
          }
          case 'qaStatus': {
            const to = (ch.to ?? 'draft') as QaStatus;
            const path = qaPath(sim.status, to, sim, actor);
            if (!path.ok) throw new InvariantError('INVALID', path.reason);
            sim.status = to;
            break;
          }
          case 'second': {
            const markedBy = incoming.secondMarkedBy ?? ch.by;
            checkQaChange({ entity: 'second-answer', field: 'markedBy', value: markedBy, previous: null }, sim, actor);
            break;
          }
        }
      } catch (e) {
        const reason = refusalText(e);
        refused.set(ch.field, reason);
        if (f.kind === 'comment' && f.part === 'text') refusedComments.set(f.commentId, reason);
      }
    }
    return refused;
  };
}

/**
 * Roles from a team list as a file carries it, read exactly as the store reads its own
 * (db/repositories/qa.ts teamRoles): a list that names no lead leaves everyone the lead's say.
 */
export function rolesFromList(members: readonly { name: string; role: TeamRole }[]): (name: string) => TeamRole[] {
  const hasLead = members.some((m) => m.role === 'lead');
  return (name) => {
    const who = name.trim().toLocaleLowerCase('en-GB');
    const roles = new Set(members.filter((m) => m.name.trim().toLocaleLowerCase('en-GB') === who).map((m) => m.role));
    if (!hasLead) roles.add('lead');
    return [...roles];
  };
}
