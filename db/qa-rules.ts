import { type ChangeRequest, CREATE, type Json, checkQaChange } from '../core';
import type { Db } from './connection';
import { qaRepository, teamRoles } from './repositories/qa';
import type { EntityRow } from './repositories/rows';

const QA_ENTITIES = new Set(['answer', 'qa-comment', 'second-answer']);

/**
 * Called by the write path for every local change: applies core's QA rules (core/qa/rules.ts) with
 * the case's state and the actor's roles read from the store. Changes replayed from elsewhere were
 * checked where they were made.
 */
export function checkQaWrite(db: Db, req: ChangeRequest, value: Json, previous: Json, row: EntityRow | undefined, scope: { caseId: string | null }, actorName: string): void {
  const isStatus = req.entity === 'case' && req.field === 'qaStatus';
  if (!isStatus && !QA_ENTITIES.has(req.entity)) return;
  const caseId = isStatus ? req.id : (scope.caseId ?? (req.field === CREATE ? String((value as EntityRow).caseId ?? '') : String(row?.caseId ?? '')));
  const state = qaRepository(db).caseState(caseId);
  if (!state) return;
  checkQaChange({ entity: req.entity, field: req.field, value, previous }, state, { name: actorName, roles: teamRoles(db, state.inspectionId, actorName) });
}
