import {
  type Actor,
  type Change,
  type ChangeRequest,
  CREATE,
  DELETE,
  type Entity,
  type Framework,
  type HybridClock,
  InvariantError,
  type Json,
  caseAttributesSchema,
  caseProgress,
  ENTITIES,
  checkCanComplete,
  checkInspectionOpen,
  fieldNames,
  reopenReason,
  valueSchema,
} from '../core';
import type { Db } from './connection';
import { checkQaWrite, newQaReadCache } from './qa-rules';
import { StoreError } from './errors';
import { type LoggedChange, changesRepository } from './repositories/changes';
import { ratingSummariesRepository } from './repositories/rating-summaries';
import { type CaseScopeRow, type EntityRow, caseAnswerStates, caseScope, inspectionStatus, readRow, rowStatements, sameJson } from './repositories/rows';
import { TABLES } from './repositories/tables';

/**
 * THE write path. Every mutation of the domain tables (the app's edits, file imports, the command
 * line, replaying a log) goes through `applyChanges` or `applyLoggedChanges`: each validates the
 * changes against core's entity specs, checks the invariants, writes the rows and appends each
 * change to the log, all in one synchronous transaction.
 */
export interface WriteContext {
  actor: Actor;
  clock: HybridClock;
  /** Wall time for the changes' `at` (the clock orders them; this is what people read). */
  now: () => string;
  /** The framework an inspection is scored against, for the case invariants. */
  framework: (id: string, revision: string) => Framework | undefined;
  /**
   * The changes restore what an inspection file recorded (import): the QA workflow rules (who may move
   * a case's QA status, comment, second-mark) were checked where the file was made, as for a replay.
   */
  restore?: boolean;
}

interface Scope {
  inspectionId: string | null;
  caseId: string | null;
  item: string | null;
}

const ENTITY_SET = new Set<string>(ENTITIES);
const isEntity = (e: unknown): e is Entity => typeof e === 'string' && ENTITY_SET.has(e);

function invalid(entity: Entity, field: string): InvariantError {
  return new InvariantError('INVALID', `That is not a valid value for the ${field === CREATE ? 'new' : field} ${entity.replace(/-/g, ' ')}.`);
}

function validate(entity: Entity, field: string, value: Json): Json {
  const schema = valueSchema(entity, field);
  if (!schema) throw invalid(entity, field);
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(entity, field);
  return r.data as Json;
}

/** The inspection (and case) a change belongs to; `inspectionOfCase` looks a case's inspection up. */
function scopeOf(entity: Entity, id: string, row: EntityRow | undefined, inspectionOfCase: (caseId: string) => string | null): Scope {
  const t = TABLES[entity];
  const item = t.item && row ? String(row[t.item] ?? '') : null;
  if (!row || t.scope === 'none') return { inspectionId: t.scope === 'self' ? id : null, caseId: null, item };
  if (t.scope === 'self') return { inspectionId: id, caseId: null, item };
  if (t.scope === 'inspection') return { inspectionId: String(row.inspectionId), caseId: entity === 'case' ? id : null, item };
  const caseId = String(row.caseId);
  return { inspectionId: inspectionOfCase(caseId), caseId, item };
}

function uniqueViolation(e: unknown, entity: Entity, row: EntityRow | undefined): never {
  if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    if (entity === 'case') throw new StoreError('CONFLICT', `This inspection already has a case "${String(row?.ref ?? '')}".`, 'ref');
    if (entity === 'provider') throw new StoreError('CONFLICT', `A provider called "${String(row?.name ?? '')}" already exists.`, 'name');
    throw new StoreError('CONFLICT', `That ${entity.replace(/-/g, ' ')} already exists.`);
  }
  throw e;
}

/** Applies one change to the rows; returns the row as stored (none for a deletion). */
function writeRow(db: Db, entity: Entity, id: string, field: string, value: Json, row: EntityRow | undefined, at: string, by: string): Record<string, unknown> | undefined {
  const rows = rowStatements(db, entity);
  try {
    if (field === CREATE) return rows.insert(id, value as EntityRow, at, by);
    if (field === DELETE) return void rows.delete(id);
    return rows.set(id, field, value, at, by);
  } catch (e) {
    uniqueViolation(e, entity, field === CREATE ? (value as EntityRow) : row);
  }
}

/**
 * Applies local changes: stamps each with the next clock, the actor and the time, checks the
 * invariants (a final inspection refuses changes; a complete case that loses an answer or gains a
 * "No" without a note goes back to in progress, with the reason logged), writes and logs them.
 * Returns the changes as logged, derived ones included. A change that sets a field to the value it
 * already has is dropped.
 */
export function applyChanges(db: Db, requests: readonly ChangeRequest[], ctx: WriteContext, written?: Map<string, Record<string, unknown>>): LoggedChange[] {
  const log = changesRepository(db);
  const summaries = ratingSummariesRepository(db);
  return db.transaction(() => {
    const out: LoggedChange[] = [];
    const touchedCases = new Set<string>();
    const completedNow = new Set<string>();
    const invalidated = new Set<string>();
    // What the batch has looked up of cases and inspections, so a save reads its case's context
    // (inspection, status, framework, completion) once; dropped when the batch changes that row.
    const cases = new Map<string, CaseScopeRow | undefined>();
    const statuses = new Map<string, string | undefined>();
    const caseOf = (caseId: string): CaseScopeRow | undefined => {
      if (!cases.has(caseId)) {
        const c = caseScope(db, caseId);
        cases.set(caseId, c);
        if (c) statuses.set(c.inspectionId, c.status);
      }
      return cases.get(caseId);
    };
    const qaReads = newQaReadCache();
    const statusOf = (inspectionId: string): string | undefined => {
      if (!statuses.has(inspectionId)) statuses.set(inspectionId, inspectionStatus(db, inspectionId));
      return statuses.get(inspectionId);
    };
    const one = (req: ChangeRequest): void => {
      const value = validate(req.entity, req.field, req.value);
      const row = readRow(db, req.entity, req.id);
      if (req.field === CREATE && row) throw new StoreError('CONFLICT', `That ${req.entity.replace(/-/g, ' ')} already exists.`);
      if (req.field !== CREATE && !row) throw new StoreError('NOT_FOUND', `That ${req.entity.replace(/-/g, ' ')} no longer exists.`);
      const previous: Json = req.field === CREATE ? null : req.field === DELETE ? row! : (row![req.field] ?? null);
      if (req.field !== CREATE && req.field !== DELETE && sameJson(previous, value)) return;
      const scope = scopeOf(req.entity, req.id, req.field === CREATE ? (value as EntityRow) : row, (caseId) => caseOf(caseId)?.inspectionId ?? null);
      if (scope.inspectionId && !(req.entity === 'inspection' && req.field === CREATE)) {
        const status = statusOf(scope.inspectionId);
        if (status === undefined) throw new StoreError('NOT_FOUND', 'That inspection no longer exists.');
        checkInspectionOpen(status, req);
      }
      if (!ctx.restore) checkQaWrite(db, req, value, previous, row, scope, ctx.actor.name, qaReads);
      const clock = ctx.clock.send();
      const at = ctx.now();
      const baseRevision = req.baseRevision !== undefined ? req.baseRevision : req.field === CREATE ? null : log.revision(req.entity, req.id, req.field === DELETE ? fieldNames(req.entity)[0]! : req.field);
      const stored = writeRow(db, req.entity, req.id, req.field, value, row, at, ctx.actor.name);
      if (stored && written) written.set(`${req.entity}:${req.id}`, stored);
      if (req.entity === 'case') cases.delete(req.id);
      // What the QA rules read of a case: its row and its comments; of a person: the team list.
      if (req.entity === 'case') qaReads.states.delete(req.id);
      if (req.entity === 'qa-comment' && scope.caseId) qaReads.states.delete(scope.caseId);
      if (req.entity === 'team-member') qaReads.roles.clear();
      if (req.entity === 'inspection') {
        cases.clear();
        statuses.clear();
      }
      const change: LoggedChange = { entity: req.entity, id: req.id, field: req.field, value, previous, baseRevision, clock, actor: ctx.actor, at, ...scope, reason: req.reason ?? null };
      log.append(change);
      recordRevisions(db, change);
      // The inspection's kept rating summary is out of date from this change on (the inspection row
      // itself is not written: nothing keys on its time any more).
      if (scope.inspectionId && !invalidated.has(scope.inspectionId)) {
        summaries.invalidate(scope.inspectionId);
        invalidated.add(scope.inspectionId);
      }
      if (scope.caseId) touchedCases.add(scope.caseId);
      if (req.entity === 'case' && req.field === 'completedAt' && value !== null) completedNow.add(req.id);
      out.push(change);
    };
    for (const r of requests) one(r);
    for (const caseId of touchedCases) {
      const c = caseOf(caseId);
      if (!c || c.completedAt === null) continue;
      const f = ctx.framework(c.frameworkId, c.frameworkRevision);
      if (!f) continue;
      const attrs = caseAttributesSchema.safeParse(JSON.parse(c.attributes));
      const like = { sample: c.sample, attributes: attrs.success ? attrs.data : {} };
      const answers = caseAnswerStates(db, caseId);
      if (completedNow.has(caseId)) {
        checkCanComplete(caseProgress(f, like, answers));
        continue;
      }
      const reason = reopenReason(f, like, answers);
      if (!reason) continue;
      one({ entity: 'case', id: caseId, field: 'completedAt', value: null, reason });
      one({ entity: 'case', id: caseId, field: 'reopenReason', value: reason, reason });
    }
    return out;
  })();
}

function recordRevisions(db: Db, c: Change): void {
  const log = changesRepository(db);
  if (c.field === DELETE) log.dropRevisions(c.entity, c.id);
  else if (c.field === CREATE) for (const f of fieldNames(c.entity)) log.setRevision(c.entity, c.id, f, c.clock);
  else log.setRevision(c.entity, c.id, c.field, c.clock);
}

/** A change as a file or another store carries it, with the context its log row keeps. */
export type ReplayChange = Change & Partial<Pick<LoggedChange, 'inspectionId' | 'caseId' | 'item' | 'reason'>>;

/**
 * Applies changes that were already made somewhere (a file's change log, a replay): each keeps its
 * own clock, actor and time. Changes already in the log are skipped, so applying the same changes
 * twice is harmless. Per field, the change with the highest clock wins (last writer wins, as in
 * Actual's sync), whatever order they arrive in. No invariants are re-derived: the changes the
 * invariants made are in the log too.
 */
export function applyLoggedChanges(db: Db, changes: readonly ReplayChange[], clock: HybridClock, defaults: { inspectionId?: string } = {}): { applied: number; skipped: number } {
  const log = changesRepository(db);
  const summaries = ratingSummariesRepository(db);
  return db.transaction(() => {
    let applied = 0;
    let skipped = 0;
    for (const raw of [...changes].sort((a, b) => (a.clock < b.clock ? -1 : a.clock > b.clock ? 1 : 0))) {
      if (log.has(raw.clock)) {
        skipped++;
        continue;
      }
      // The shape was checked where the changes came from (the file's schema, or this store's own log);
      // the value is checked against its entity's field here, as for local changes.
      if (!isEntity(raw.entity) || typeof raw.clock !== 'string' || !raw.actor?.id || !raw.actor.name?.trim())
        throw new InvariantError('INVALID', `A change in the log is not valid (${String(raw.entity)} ${String(raw.field)} at ${String(raw.clock)}).`);
      const c: Change = { entity: raw.entity, id: raw.id, field: raw.field, value: raw.value, previous: raw.previous, baseRevision: raw.baseRevision, clock: raw.clock, actor: raw.actor, at: raw.at };
      const value = validate(c.entity, c.field, c.value);
      clock.receive(c.clock);
      const row = readRow(db, c.entity, c.id);
      const derived = scopeOf(c.entity, c.id, c.field === CREATE ? (value as EntityRow) : row, (caseId) => caseScope(db, caseId)?.inspectionId ?? null);
      const scope: Scope = {
        // Providers are shared by inspections: their changes never belong to one.
        inspectionId: raw.inspectionId !== undefined ? raw.inspectionId : TABLES[c.entity].scope === 'none' ? null : (derived.inspectionId ?? defaults.inspectionId ?? null),
        caseId: raw.caseId !== undefined ? raw.caseId : derived.caseId,
        item: raw.item !== undefined ? raw.item : derived.item,
      };
      const revs = log.revisions(c.entity, c.id);
      const newer = (f: string) => (revs[f] ?? '') < c.clock;
      if (c.field === CREATE) {
        if (!row) {
          writeRow(db, c.entity, c.id, CREATE, value, undefined, c.at, c.actor.name);
          for (const f of fieldNames(c.entity)) log.setRevision(c.entity, c.id, f, c.clock);
        } else
          for (const f of fieldNames(c.entity))
            if (newer(f)) {
              const v = (value as EntityRow)[f] ?? null;
              if (!sameJson(row[f], v)) writeRow(db, c.entity, c.id, f, v, row, c.at, c.actor.name);
              log.setRevision(c.entity, c.id, f, c.clock);
            }
      } else if (c.field === DELETE) {
        if (row && Object.values(revs).every((r) => r < c.clock)) {
          writeRow(db, c.entity, c.id, DELETE, null, row, c.at, c.actor.name);
          log.dropRevisions(c.entity, c.id);
        }
      } else if (row && newer(c.field)) {
        writeRow(db, c.entity, c.id, c.field, value, row, c.at, c.actor.name);
        log.setRevision(c.entity, c.id, c.field, c.clock);
      }
      log.append({ ...c, value, ...scope, reason: raw.reason ?? null });
      if (scope.inspectionId) summaries.invalidate(scope.inspectionId);
      applied++;
    }
    return { applied, skipped };
  })();
}
