import { randomUUID } from 'node:crypto';
import { type Answer, CREATE, type DipSampleDraw, type Json, QA_TRANSITIONS, type QaAction } from '../core';
import { StoreError } from './errors';
import { qaRepository } from './repositories/qa';
import type { Store } from './store';

export { qaRepository, teamRoles, type StoredComment, type StoredDipSample } from './repositories/qa';

/**
 * QA's writes, each a typed change through the store's one write path (so each is logged, and the
 * QA rules in core/qa/rules.ts are checked there whatever calls them).
 */
export function qaStore(store: Store) {
  const repo = qaRepository(store.db);
  const who = () => store.user()?.name ?? '';
  const comment = (id: string) => {
    const caseId = repo.commentCase(id);
    if (!caseId) throw new StoreError('NOT_FOUND', 'That comment no longer exists.');
    return caseId;
  };
  return {
    /** Moves a case through the QA state machine; the write path refuses a move the actor may not make. */
    transition(caseId: string, action: QaAction): void {
      store.caseContext(caseId);
      store.apply([{ entity: 'case', id: caseId, field: 'qaStatus', value: QA_TRANSITIONS[action].to }]);
    },
    addComment(caseId: string, questionId: string | null, text: string): string {
      store.caseContext(caseId);
      const id = randomUUID();
      store.apply([{ entity: 'qa-comment', id, field: CREATE, value: { caseId, questionId, author: who(), text, reply: '', repliedBy: '', state: 'open', resolvedBy: '' } }]);
      return id;
    },
    reply(commentId: string, text: string): void {
      comment(commentId);
      store.apply([
        { entity: 'qa-comment', id: commentId, field: 'reply', value: text },
        { entity: 'qa-comment', id: commentId, field: 'repliedBy', value: who() },
        { entity: 'qa-comment', id: commentId, field: 'state', value: 'answered' },
      ]);
    },
    resolve(commentId: string, resolved: boolean): void {
      comment(commentId);
      store.apply(
        resolved
          ? [
              { entity: 'qa-comment', id: commentId, field: 'state', value: 'resolved' },
              { entity: 'qa-comment', id: commentId, field: 'resolvedBy', value: who() },
            ]
          : [{ entity: 'qa-comment', id: commentId, field: 'state', value: 'open' }],
      );
    },
    setSecondAnswer(caseId: string, questionId: string, value: Answer | null): void {
      store.caseContext(caseId);
      const existing = repo.secondOne(caseId, questionId);
      if (existing)
        store.apply([
          { entity: 'second-answer', id: existing.id, field: 'value', value },
          { entity: 'second-answer', id: existing.id, field: 'markedBy', value: who() },
        ]);
      else store.apply([{ entity: 'second-answer', id: randomUUID(), field: CREATE, value: { caseId, questionId, value, markedBy: who() } }]);
    },
    recordDipSample(inspectionId: string, draw: DipSampleDraw): string {
      store.getInspection(inspectionId);
      const id = randomUUID();
      store.apply([{ entity: 'dip-sample', id, field: CREATE, value: { inspectionId, seed: draw.seed, rule: draw.rule as unknown as Json, picks: draw.picks as unknown as Json, drawnBy: who() } }]);
      return id;
    },
  };
}
