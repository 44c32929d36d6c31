import { randomUUID } from 'node:crypto';
import { AUDIT_KINDS, HybridClock, RECOMMENDATION_PROGRESS, formatHlc, nodeFromInstallation, sqlIn } from '../../core';
import type { Migration } from './index';

// Frozen: the entities that existed at version 7. Later migrations add theirs with an INSERT, so
// core's ENTITIES (which grows) must not be read here, or a new store would insert them twice.
const ENTITIES_AT_V7 = [
  'provider',
  'inspection',
  'case',
  'answer',
  'judgement',
  'judgement-note',
  'override',
  'report-text',
  'recommendation',
  'recommendation-progress',
  'recorded-rating',
  'recorded-key-question',
] as const;

/**
 * One write path: UUIDs on every row, the append-only change log with a revision per field, the
 * installation's id and the user's identity.
 *
 * Today's data is carried over as history: each row of the old audit table becomes the changes it
 * described (typed values, no longer "rating: rationale" strings), and every existing row gets a
 * creation entry dated after them, so replaying the log rebuilds the store exactly.
 *
 * The column lists below are frozen copies of this version's schema: a later field must not make
 * this migration read a column that does not exist yet at version 7.
 */
const FROZEN: { entity: string; table: string; cols: Record<string, string>; json?: string[]; scope: 'none' | 'self' | 'inspection' | 'case'; item?: string; stamp?: string; by?: string }[] = [
  { entity: 'provider', table: 'provider', cols: { name: 'name', type: 'type', owner: 'owner', region: 'region' }, scope: 'none', item: 'name', stamp: 'created_at' },
  {
    entity: 'inspection',
    table: 'inspection',
    cols: {
      providerId: 'provider_id', frameworkId: 'framework_id', frameworkRevision: 'framework_revision', kind: 'kind', fieldworkStart: 'fieldwork_start',
      fieldworkEnd: 'fieldwork_end', caseloadSize: 'caseload_size', status: 'status', recordedOverall: 'recorded_overall', recordedScore: 'recorded_score',
    },
    scope: 'self',
    stamp: 'updated_at',
  },
  {
    entity: 'case',
    table: 'case_file',
    cols: { inspectionId: 'inspection_id', ref: 'ref', crn: 'crn', name: 'name', sample: 'sample', attributes: 'attributes', assignedInspector: 'assigned_inspector', completedAt: 'completed_at', reopenReason: 'reopen_reason' },
    json: ['attributes'],
    scope: 'inspection',
    item: 'ref',
    stamp: 'created_at',
  },
  { entity: 'answer', table: 'answer', cols: { caseId: 'case_id', questionId: 'question_id', value: 'value', note: 'note' }, scope: 'case', item: 'questionId', stamp: 'updated_at', by: 'updated_by' },
  { entity: 'judgement', table: 'judgement', cols: { inspectionId: 'inspection_id', standardId: 'standard_id', rating: 'rating', rationale: 'rationale' }, scope: 'inspection', item: 'standardId', stamp: 'updated_at' },
  { entity: 'judgement-note', table: 'judgement_note', cols: { inspectionId: 'inspection_id', keyQuestionId: 'key_question_id', text: 'text' }, scope: 'inspection', item: 'keyQuestionId', stamp: 'updated_at' },
  { entity: 'override', table: 'rating_override', cols: { inspectionId: 'inspection_id', standardId: 'standard_id', rating: 'rating', reason: 'reason' }, scope: 'inspection', item: 'standardId', stamp: 'updated_at' },
  { entity: 'report-text', table: 'standard_text', cols: { inspectionId: 'inspection_id', standardId: 'standard_id', strengths: 'strengths', improvements: 'improvements' }, scope: 'inspection', item: 'standardId', stamp: 'updated_at' },
  { entity: 'recommendation', table: 'recommendation', cols: { inspectionId: 'inspection_id', position: 'position', text: 'text' }, scope: 'inspection' },
  {
    entity: 'recommendation-progress',
    table: 'recommendation_progress',
    cols: { inspectionId: 'inspection_id', recommendationId: 'recommendation_id', position: 'position', text: 'text', progress: 'progress', note: 'note' },
    scope: 'inspection',
  },
  { entity: 'recorded-rating', table: 'recorded_rating', cols: { inspectionId: 'inspection_id', standardId: 'standard_id', rating: 'rating' }, scope: 'inspection', item: 'standardId' },
  { entity: 'recorded-key-question', table: 'recorded_key_question', cols: { inspectionId: 'inspection_id', keyQuestionId: 'key_question_id', percent: 'percent', base: 'base' }, scope: 'inspection', item: 'keyQuestionId' },
];

const WITHOUT_ROWID = new Set(['answer', 'judgement', 'judgement_note', 'rating_override', 'standard_text', 'recorded_rating', 'recorded_key_question']);
const UPGRADE_ACTOR = { id: 'fieldwork-upgrade', name: 'Recorded before version 7' };

type Row = Record<string, unknown>;

export const m007ChangeLog: Migration = {
  version: 7,
  name: 'one write path: ids, change log, field revisions, identity',
  up(db) {
    db.function('fw_uuid', { deterministic: false }, () => randomUUID());
    db.exec(`
      ALTER TABLE case_file ADD COLUMN reopen_reason TEXT;
      ${['answer', 'judgement', 'judgement_note', 'rating_override', 'standard_text', 'recorded_rating', 'recorded_key_question']
        .map((t) => `ALTER TABLE ${t} ADD COLUMN id TEXT NOT NULL DEFAULT ''; UPDATE ${t} SET id = fw_uuid(); CREATE UNIQUE INDEX ${t}_id ON ${t} (id);`)
        .join('\n')}

      -- Edited one at a time: stable ids, and a position that can sit between two others.
      CREATE TABLE recommendation_v6 (
        id TEXT PRIMARY KEY,
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        position REAL NOT NULL,
        text TEXT NOT NULL CHECK (length(trim(text)) > 0)
      ) STRICT;
      INSERT INTO recommendation_v6 (id, inspection_id, position, text) SELECT id, inspection_id, position, text FROM recommendation;
      DROP TABLE recommendation;
      ALTER TABLE recommendation_v6 RENAME TO recommendation;
      CREATE INDEX recommendation_inspection ON recommendation (inspection_id, position);

      -- Progress is keyed by the previous inspection's recommendation id (null: known only by its text).
      CREATE TABLE recommendation_progress_v6 (
        id TEXT PRIMARY KEY,
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        recommendation_id TEXT,
        position REAL NOT NULL,
        text TEXT NOT NULL,
        progress TEXT CHECK (progress IS NULL OR progress IN (${sqlIn(RECOMMENDATION_PROGRESS)})),
        note TEXT NOT NULL DEFAULT ''
      ) STRICT;
      INSERT INTO recommendation_progress_v6 (id, inspection_id, recommendation_id, position, text, progress, note)
        SELECT fw_uuid(), inspection_id, NULL, position, text, progress, note FROM recommendation_progress;
      DROP TABLE recommendation_progress;
      ALTER TABLE recommendation_progress_v6 RENAME TO recommendation_progress;
      CREATE INDEX recommendation_progress_inspection ON recommendation_progress (inspection_id, position);

      -- The entities the log knows: a table rather than a CHECK, so a later migration adds one with an INSERT.
      CREATE TABLE entity_kind (name TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
      INSERT INTO entity_kind (name) VALUES ${ENTITIES_AT_V7.map((e) => `('${e}')`).join(', ')};

      -- Every change, once: never updated, never deleted.
      CREATE TABLE change_log (
        seq INTEGER PRIMARY KEY,
        clock TEXT NOT NULL UNIQUE,
        entity TEXT NOT NULL REFERENCES entity_kind (name),
        entity_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value)),
        previous TEXT NOT NULL CHECK (json_valid(previous)),
        base_revision TEXT,
        actor_id TEXT NOT NULL CHECK (length(actor_id) > 0),
        actor_name TEXT NOT NULL CHECK (length(trim(actor_name)) > 0),
        at TEXT NOT NULL,
        inspection_id TEXT,
        case_id TEXT,
        item TEXT,
        reason TEXT
      ) STRICT;
      CREATE INDEX change_log_inspection ON change_log (inspection_id, clock);
      CREATE INDEX change_log_entity ON change_log (entity, entity_id, field);
      CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log BEGIN SELECT RAISE(ABORT, 'the change log is append-only: changes are never updated'); END;
      CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log BEGIN SELECT RAISE(ABORT, 'the change log is append-only: changes are never deleted'); END;

      -- The clock of the change that last set each field: "changed since the base" is one comparison.
      CREATE TABLE field_revision (
        entity TEXT NOT NULL REFERENCES entity_kind (name),
        entity_id TEXT NOT NULL,
        field TEXT NOT NULL,
        clock TEXT NOT NULL,
        PRIMARY KEY (entity, entity_id, field)
      ) STRICT, WITHOUT ROWID;
    `);

    // Identity: this installation, and the user when a name was already set in Settings.
    const installationId = randomUUID();
    db.prepare("INSERT INTO setting (key, value) VALUES ('installation', ?)").run(JSON.stringify({ id: installationId }));
    const settings = db.prepare<[], { value: string }>("SELECT value FROM setting WHERE key = 'settings'").get();
    const name = settings ? String((JSON.parse(settings.value) as { inspectorName?: unknown }).inspectorName ?? '').trim() : '';
    const user = name ? { id: randomUUID(), name } : null;
    if (user) db.prepare("INSERT INTO setting (key, value) VALUES ('user', ?)").run(JSON.stringify(user));
    const actorFor = (who: string) => (!who.trim() ? UPGRADE_ACTOR : user && who.trim() === user.name ? user : { id: `legacy:${who.trim()}`, name: who.trim() });

    const node = nodeFromInstallation(installationId);
    const insert = db.prepare(
      `INSERT INTO change_log (clock, entity, entity_id, field, value, previous, base_revision, actor_id, actor_name, at, inspection_id, case_id, item)
       VALUES (@clock, @entity, @entityId, @field, @value, @previous, @base, @actorId, @actorName, @at, @inspectionId, @caseId, @item)`,
    );
    const revision = db.prepare('INSERT INTO field_revision (entity, entity_id, field, clock) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET clock = excluded.clock');
    const latest = new Map<string, string>();
    const write = (e: { clock: string; entity: string; entityId: string; field: string; value: unknown; previous: unknown; actor: { id: string; name: string }; at: string; inspectionId: string | null; caseId: string | null; item: string | null }) => {
      const key = `${e.entity}\u0000${e.entityId}\u0000${e.field}`;
      insert.run({ ...e, value: JSON.stringify(e.value ?? null), previous: JSON.stringify(e.previous ?? null), base: latest.get(key) ?? null, actorId: e.actor.id, actorName: e.actor.name });
      latest.set(key, e.clock);
    };

    // 1. The old audit trail, as typed changes, on clocks from their own times.
    let last = { millis: 0, counter: 0 };
    const legacyClock = (at: string) => {
      const ms = Date.parse(at);
      const millis = Math.max(Number.isNaN(ms) ? 0 : ms, last.millis);
      last = { millis, counter: millis === last.millis ? last.counter + 1 : 0 };
      return formatHlc({ ...last, node });
    };
    const hasAudit = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit'").get() !== undefined;
    if (hasAudit) {
      const caseId = db.prepare<[string, string], { id: string }>('SELECT id FROM case_file WHERE inspection_id = ? AND ref = ?');
      const idIn = (table: string, keyCol: string) => db.prepare<[string, string], { id: string }>(`SELECT id FROM ${table} WHERE inspection_id = ? AND ${keyCol} = ?`);
      const answerId = db.prepare<[string, string], { id: string }>('SELECT id FROM answer WHERE case_id = ? AND question_id = ?');
      const ids = { judgement: idIn('judgement', 'standard_id'), 'judgement-note': idIn('judgement_note', 'key_question_id'), override: idIn('rating_override', 'standard_id') };
      const split = (s: string | null): [string | null, string | null] => {
        if (s === null) return [null, null];
        const i = s.indexOf(': ');
        const rating = i < 0 ? s : s.slice(0, i);
        return [rating === 'not rated' ? null : rating, i < 0 ? '' : s.slice(i + 2)];
      };
      const rows = db.prepare<[], { inspection_id: string; case_ref: string | null; what: (typeof AUDIT_KINDS)[number]; item: string; old_value: string | null; new_value: string | null; changed_by: string; changed_at: string }>(
        'SELECT inspection_id, case_ref, what, item, old_value, new_value, changed_by, changed_at FROM audit ORDER BY id',
      ).all();
      for (const r of rows) {
        const base = { actor: actorFor(r.changed_by), at: r.changed_at, inspectionId: r.inspection_id, item: r.item };
        const cId = r.case_ref ? (caseId.get(r.inspection_id, r.case_ref)?.id ?? null) : null;
        if (r.what === 'answer' || r.what === 'note') {
          const entityId = (cId && answerId.get(cId, r.item)?.id) || randomUUID();
          const field = r.what === 'answer' ? 'value' : 'note';
          write({ ...base, clock: legacyClock(r.changed_at), entity: 'answer', entityId, field, value: r.new_value ?? (field === 'note' ? '' : null), previous: r.old_value ?? (field === 'note' ? '' : null), caseId: cId });
        } else if (r.what === 'completion') {
          const entityId = cId ?? randomUUID();
          write({ ...base, clock: legacyClock(r.changed_at), entity: 'case', entityId, field: 'completedAt', value: r.new_value === 'complete' ? r.changed_at : null, previous: r.old_value === 'complete' ? r.changed_at : null, caseId: cId, item: r.case_ref });
        } else if (r.what === 'judgement-note') {
          const entityId = ids['judgement-note'].get(r.inspection_id, r.item)?.id ?? randomUUID();
          write({ ...base, clock: legacyClock(r.changed_at), entity: 'judgement-note', entityId, field: 'text', value: r.new_value ?? '', previous: r.old_value ?? '', caseId: null });
        } else if (r.what === 'judgement' || r.what === 'override') {
          const entityId = ids[r.what].get(r.inspection_id, r.item)?.id ?? randomUUID();
          const [newRating, newText] = split(r.new_value);
          const [oldRating, oldText] = split(r.old_value);
          const textField = r.what === 'judgement' ? 'rationale' : 'reason';
          if (r.what === 'override' && r.new_value === null)
            write({ ...base, clock: legacyClock(r.changed_at), entity: 'override', entityId, field: '$delete', value: null, previous: { rating: oldRating, reason: oldText }, caseId: null });
          else {
            if (newRating !== oldRating) write({ ...base, clock: legacyClock(r.changed_at), entity: r.what, entityId, field: 'rating', value: newRating, previous: oldRating, caseId: null });
            if (newText !== oldText) write({ ...base, clock: legacyClock(r.changed_at), entity: r.what, entityId, field: textField, value: newText, previous: oldText, caseId: null });
          }
        }
      }
      db.exec('DROP TABLE audit');
    }

    // 2. Every row as it stands, created after that history.
    const clock = new HybridClock(node, Date.now, formatHlc({ ...last, node }));
    const now = new Date().toISOString();
    const caseInspection = db.prepare<[string], { inspection_id: string }>('SELECT inspection_id FROM case_file WHERE id = ?');
    for (const t of FROZEN) {
      for (const row of db.prepare<[], Row>(`SELECT * FROM ${t.table} ORDER BY ${WITHOUT_ROWID.has(t.table) ? '1, 2' : 'rowid'}`).all()) {
        const value = Object.fromEntries(Object.entries(t.cols).map(([f, c]) => [f, t.json?.includes(f) ? JSON.parse(String(row[c])) : row[c]]));
        const stamped = t.stamp ? String(row[t.stamp] ?? '') : '';
        const at = stamped || now;
        const who = t.by ? String(row[t.by] ?? '') : '';
        const id = String(row.id);
        const caseId = t.scope === 'case' ? String(row.case_id) : t.entity === 'case' ? id : null;
        const inspectionId = t.scope === 'self' ? id : t.scope === 'inspection' ? String(row.inspection_id) : t.scope === 'case' ? (caseInspection.get(String(row.case_id))?.inspection_id ?? null) : null;
        const c = clock.send();
        write({ clock: c, entity: t.entity, entityId: id, field: '$create', value, previous: null, actor: actorFor(who), at, inspectionId, caseId, item: t.item ? String(value[t.item] ?? '') : null });
        for (const f of Object.keys(t.cols)) revision.run(t.entity, id, f, c);
      }
    }
  },
};
