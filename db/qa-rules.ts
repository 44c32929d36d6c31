import { type ChangeRequest, CREATE, type Json, type TeamRole, checkQaChange } from '../core';
import type { Db } from './connection';
import { qaRepository, teamRoles } from './repositories/qa';
import type { EntityRow } from './repositories/rows';

const QA_ENTITIES = new Set(['answer', 'qa-comment', 'second-answer']);

/**
 * What one batch of changes has read for the QA rules: each case's QA state and each person's roles,
 * read once per batch rather than per change (a merge writes hundreds of answers to the same cases).
 * The write path drops a case's entry when the batch changes the case or its comments, and the roles
 * when it changes a team list.
 */
export interface QaReadCache {
  states: Map<string, ReturnType<ReturnType<typeof qaRepository>['caseState']>>;
  roles: Map<string, TeamRole[]>;
}
export const newQaReadCache = (): QaReadCache => ({ states: new Map(), roles: new Map() });

/**
 * Called by the write path for every local change: applies core's QA rules (core/qa/rules.ts) with
 * the case's state and the actor's roles read from the store. Changes replayed from elsewhere were
 * checked where they were made.
 */
export function checkQaWrite(db: Db, req: ChangeRequest, value: Json, previous: Json, row: EntityRow | undefined, scope: { caseId: string | null }, actorName: string, cache: QaReadCache = newQaReadCache()): void {
  const isStatus = req.entity === 'case' && req.field === 'qaStatus';
  if (!isStatus && !QA_ENTITIES.has(req.entity)) return;
  const caseId = isStatus ? req.id : (scope.caseId ?? (req.field === CREATE ? String((value as EntityRow).caseId ?? '') : String(row?.caseId ?? '')));
  if (!cache.states.has(caseId)) cache.states.set(caseId, qaRepository(db).caseState(caseId));
  const state = cache.states.get(caseId);
  if (!state) return;
  const who = `${state.inspectionId}\u0000${actorName}`;
  if (!cache.roles.has(who)) cache.roles.set(who, teamRoles(db, state.inspectionId, actorName));
  checkQaChange({ entity: req.entity, field: req.field, value, previous }, state, { name: actorName, roles: cache.roles.get(who)! });
}
