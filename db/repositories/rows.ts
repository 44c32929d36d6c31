import { type Entity, type Json, canonicalJson } from '../../core';
import type { Db } from '../connection';
import { once } from './prepared';
import { TABLES, type TableOf } from './tables';

/**
 * Generic reads and writes of one entity's rows by id, built from its table descriptor. Only the
 * write path (db/write.ts) calls the writing half.
 */
export type EntityRow = Record<string, Json>;

interface RowStatements {
  get: (id: string) => Record<string, unknown> | undefined;
  /** Both return the row as stored (INSERT/UPDATE … RETURNING), so callers need not select it again. */
  insert: (id: string, row: EntityRow, at: string, by: string) => Record<string, unknown> | undefined;
  set: (id: string, field: string, value: Json, at: string, by: string) => Record<string, unknown> | undefined;
  delete: (id: string) => void;
}

function build(db: Db, t: TableOf): RowStatements {
  const cols = { ...t.keys, ...t.fields };
  const get = db.prepare<[string], Record<string, unknown>>(`SELECT * FROM ${t.table} WHERE id = ?`);
  const stampCols = [t.created, t.updated, t.updatedBy].filter((c): c is string => c !== undefined);
  const insert = db.prepare(
    `INSERT INTO ${t.table} (id, ${[...Object.values(cols), ...stampCols].join(', ')}) VALUES (@id, ${[
      ...Object.keys(cols).map((f) => `@${f}`),
      ...stampCols.map((c) => (c === t.updatedBy ? '@by' : '@at')),
    ].join(', ')}) RETURNING *`,
  );
  const stamps = [t.updated ? `${t.updated} = @at` : '', t.updatedBy ? `${t.updatedBy} = @by` : ''].filter(Boolean);
  const setters = new Map(Object.entries(t.fields).map(([f, c]) => [f, db.prepare(`UPDATE ${t.table} SET ${[`${c} = @value`, ...stamps].join(', ')} WHERE id = @id RETURNING *`)]));
  const del = db.prepare(`DELETE FROM ${t.table} WHERE id = ?`);
  const encode = (f: string, v: Json): unknown => (t.json?.includes(f) ? JSON.stringify(v) : v);
  return {
    get: (id) => get.get(id),
    insert: (id, row, at, by) => {
      const params: Record<string, unknown> = { id, at, by };
      for (const f of Object.keys(cols)) params[f] = encode(f, row[f] ?? null);
      // Only the named parameters the statement uses may be passed.
      if (!t.created && !t.updated) delete params.at;
      if (!t.updatedBy) delete params.by;
      return insert.get(params) as Record<string, unknown> | undefined;
    },
    set: (id, field, value, at, by) => {
      const s = setters.get(field)!;
      const params: Record<string, unknown> = { id, value: encode(field, value) };
      if (t.updated) params.at = at;
      if (t.updatedBy) params.by = by;
      return s.get(params) as Record<string, unknown> | undefined;
    },
    delete: (id) => void del.run(id),
  };
}

export function rowStatements(db: Db, entity: Entity): RowStatements {
  return once(db, `rows:${entity}`, (d) => build(d, TABLES[entity]));
}

/** A row in the entity's own terms (keys and fields by name, JSON columns parsed), or undefined. */
export function readRow(db: Db, entity: Entity, id: string): EntityRow | undefined {
  const t = TABLES[entity];
  const r = rowStatements(db, entity).get(id);
  if (!r) return undefined;
  const out: EntityRow = {};
  for (const [f, c] of Object.entries({ ...t.keys, ...t.fields })) {
    const v = r[c] as Json;
    out[f] = t.json?.includes(f) && typeof v === 'string' ? (JSON.parse(v) as Json) : v;
  }
  return out;
}

export const sameJson = (a: Json | undefined, b: Json | undefined): boolean => {
  const x = a ?? null;
  const y = b ?? null;
  // Most fields are strings, numbers or null: compared as they are, without serialising them.
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return x === y;
  return canonicalJson(x) === canonicalJson(y);
};

/**
 * What the write path needs to know of a case, in one lookup: the inspection it belongs to and that
 * inspection's status and framework (for the final check and the case invariants), and the case's own
 * completion, sample and attributes.
 */
export interface CaseScopeRow {
  inspectionId: string;
  status: string;
  frameworkId: string;
  frameworkRevision: string;
  completedAt: string | null;
  sample: string;
  attributes: string;
}

export function caseScope(db: Db, caseId: string): CaseScopeRow | undefined {
  return once(db, 'caseScope', (d) =>
    d.prepare<[string], CaseScopeRow>(
      `SELECT c.inspection_id AS inspectionId, i.status, i.framework_id AS frameworkId, i.framework_revision AS frameworkRevision,
              c.completed_at AS completedAt, c.sample, c.attributes
       FROM case_file c JOIN inspection i ON i.id = c.inspection_id WHERE c.id = ?`,
    ),
  ).get(caseId);
}

/** An inspection's status alone (the final check), without reading the whole row. */
export function inspectionStatus(db: Db, inspectionId: string): string | undefined {
  return once(db, 'inspectionStatus', (d) => d.prepare<[string], { status: string }>('SELECT status FROM inspection WHERE id = ?')).get(inspectionId)?.status;
}

/** A case's answers and notes, for the invariants. */
export function caseAnswerStates(db: Db, caseId: string): Map<string, { value: 'yes' | 'no' | 'na' | null; note: string }> {
  const s = once(db, 'caseAnswerStates', (d) =>
    d.prepare<[string], { question_id: string; value: 'yes' | 'no' | 'na' | null; note: string }>('SELECT question_id, value, note FROM answer WHERE case_id = ?'),
  );
  return new Map(s.all(caseId).map((a) => [a.question_id, { value: a.value, note: a.note }]));
}

/** Every row that belongs to an inspection (the inspection itself included), by entity, in creation order of entities. */
export function rowsOfInspection(db: Db, inspectionId: string): { entity: Entity; id: string; row: EntityRow }[] {
  const out: { entity: Entity; id: string; row: EntityRow }[] = [];
  for (const [entity, t] of Object.entries(TABLES) as [Entity, TableOf][]) {
    if (t.scope === 'none' || t.history) continue;
    const ids = once(db, `ids:${entity}`, (d) =>
      d.prepare<[string], { id: string }>(
        t.scope === 'self'
          ? `SELECT id FROM ${t.table} WHERE id = ?`
          : t.scope === 'case'
            ? `SELECT x.id FROM ${t.table} x JOIN case_file c ON c.id = x.case_id WHERE c.inspection_id = ? ORDER BY x.id`
            : `SELECT id FROM ${t.table} WHERE inspection_id = ? ORDER BY id`,
      ),
    );
    for (const { id } of ids.all(inspectionId)) out.push({ entity, id, row: readRow(db, entity, id)! });
  }
  return out;
}

/** The ids of an inspection's own rows of one entity (scope 'inspection'), or of a case's answers. */
export function idsOf(db: Db, entity: Entity, parentId: string): string[] {
  const t = TABLES[entity];
  const parent = t.scope === 'case' ? t.keys.caseId : t.keys.inspectionId;
  if (!parent) return [];
  return once(db, `idsOf:${entity}`, (d) => d.prepare<[string], { id: string }>(`SELECT id FROM ${t.table} WHERE ${parent} = ? ORDER BY id`))
    .all(parentId)
    .map((r) => r.id);
}
