import { type Change, CREATE, type Entity, type Json } from '../../core';
import type { Db } from '../connection';
import { once } from './prepared';

/** The change log and field revisions: append and read, nothing else (the database refuses the rest). */
export interface LoggedChange extends Change {
  inspectionId: string | null;
  caseId: string | null;
  item: string | null;
  reason: string | null;
}

interface LogRow {
  clock: string;
  entity: Entity;
  entity_id: string;
  field: string;
  value: string;
  previous: string;
  base_revision: string | null;
  actor_id: string;
  actor_name: string;
  at: string;
  inspection_id: string | null;
  case_id: string | null;
  item: string | null;
  reason: string | null;
}

const COLUMNS = 'clock, entity, entity_id, field, value, previous, base_revision, actor_id, actor_name, at, inspection_id, case_id, item, reason';

const toChange = (r: LogRow): LoggedChange => ({
  entity: r.entity,
  id: r.entity_id,
  field: r.field,
  value: JSON.parse(r.value) as Json,
  previous: JSON.parse(r.previous) as Json,
  baseRevision: r.base_revision,
  clock: r.clock,
  actor: { id: r.actor_id, name: r.actor_name },
  at: r.at,
  inspectionId: r.inspection_id,
  caseId: r.case_id,
  item: r.item,
  reason: r.reason,
});

export function changesRepository(db: Db) {
  return once(db, 'changes', (d) => {
    const s = {
      append: d.prepare(
        `INSERT INTO change_log (${COLUMNS}, source) VALUES (@clock, @entity, @id, @field, @value, @previous, @baseRevision, @actorId, @actorName, @at, @inspectionId, @caseId, @item, @reason, @source)`,
      ),
      has: d.prepare<[string], { one: number }>('SELECT 1 AS one FROM change_log WHERE clock = ?'),
      sourcesOf: d.prepare<[string], { clock: string }>('SELECT clock FROM change_log WHERE source = ?'),
      createdWith: d.prepare<[string, string, string], { id: string }>('SELECT entity_id AS id FROM change_log WHERE source = ? AND entity = ? AND field = ?'),
      sources: d.prepare<[string], { clock: string; file_name: string }>(
        'SELECT l.clock, i.file_name FROM change_log l JOIN import_event i ON i.id = l.source WHERE l.inspection_id = ?',
      ),
      forInspection: d.prepare<[string], LogRow>(`SELECT ${COLUMNS} FROM change_log WHERE inspection_id = ? ORDER BY clock`),
      forCase: d.prepare<[string, string], LogRow>(`SELECT ${COLUMNS} FROM change_log WHERE inspection_id = ? AND case_id = ? ORDER BY clock`),
      all: d.prepare<[], LogRow>(`SELECT ${COLUMNS} FROM change_log ORDER BY clock`),
      forEntity: d.prepare<[string, string], LogRow>(`SELECT ${COLUMNS} FROM change_log WHERE entity = ? AND entity_id = ? ORDER BY clock`),
      latestClock: d.prepare<[], { clock: string | null }>('SELECT max(clock) AS clock FROM change_log'),
      count: d.prepare<[], { n: number }>('SELECT count(*) AS n FROM change_log'),
      lastSeq: d.prepare<[], number | null>('SELECT max(seq) FROM change_log').pluck(),
      revision: d.prepare<[string, string, string], { clock: string }>('SELECT clock FROM field_revision WHERE entity = ? AND entity_id = ? AND field = ?'),
      revisions: d.prepare<[string, string], { field: string; clock: string }>('SELECT field, clock FROM field_revision WHERE entity = ? AND entity_id = ?'),
      setRevision: d.prepare('INSERT INTO field_revision (entity, entity_id, field, clock) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET clock = excluded.clock'),
      dropRevisions: d.prepare('DELETE FROM field_revision WHERE entity = ? AND entity_id = ?'),
    };
    // The import the changes being appended arrive with (null: made here); set only for the length of one import.
    let source: string | null = null;
    return {
      /** The latest entry's sequence number (0 for an empty log): where derived data says it is up to. */
      lastSeq: (): number => s.lastSeq.get() ?? 0,
      /** Runs `fn` with every change it appends marked as arriving with the import `importId`. */
      withSource<T>(importId: string, fn: () => T): T {
        const before = source;
        source = importId;
        try {
          return fn();
        } finally {
          source = before;
        }
      },
      /** For each change that arrived with an import, the import's file name, by clock. */
      sources: (inspectionId: string) => new Map(s.sources.all(inspectionId).map((r) => [r.clock, r.file_name])),
      /** The clocks of the changes that arrived with one import. */
      sourcesOf: (importId: string) => new Set(s.sourcesOf.all(importId).map((r) => r.clock)),
      /** The rows of one entity an import created (their creation arrived with it). */
      createdWith: (importId: string, entity: string) => s.createdWith.all(importId, entity, CREATE).map((r) => r.id),
      append(c: LoggedChange): void {
        s.append.run({
          clock: c.clock,
          entity: c.entity,
          id: c.id,
          field: c.field,
          value: JSON.stringify(c.value),
          previous: JSON.stringify(c.previous),
          baseRevision: c.baseRevision,
          actorId: c.actor.id,
          actorName: c.actor.name,
          at: c.at,
          inspectionId: c.inspectionId,
          caseId: c.caseId,
          item: c.item,
          reason: c.reason,
          source,
        });
      },
      has: (clock: string) => s.has.get(clock) !== undefined,
      forInspection: (inspectionId: string) => s.forInspection.all(inspectionId).map(toChange),
      forCase: (inspectionId: string, caseId: string) => s.forCase.all(inspectionId, caseId).map(toChange),
      all: () => s.all.all().map(toChange),
      forEntity: (entity: Entity, id: string) => s.forEntity.all(entity, id).map(toChange),
      latestClock: () => s.latestClock.get()?.clock ?? null,
      count: () => s.count.get()?.n ?? 0,
      /** The clock of the change that last set the field, or null if none has. */
      revision: (entity: Entity, id: string, field: string) => s.revision.get(entity, id, field)?.clock ?? null,
      revisions: (entity: Entity, id: string) => Object.fromEntries(s.revisions.all(entity, id).map((r) => [r.field, r.clock])),
      setRevision: (entity: Entity, id: string, field: string, clock: string) => void s.setRevision.run(entity, id, field, clock),
      dropRevisions: (entity: Entity, id: string) => void s.dropRevisions.run(entity, id),
    };
  });
}
