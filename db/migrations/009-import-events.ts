import type { Migration } from './index';

/**
 * The audit trail as evidence (issue 12, item 7): every import is recorded (who, when, which file,
 * how, what it changed) and every change that arrived with one says so, so entries from a file are
 * told apart from those made here and never take their place.
 */
export const m009ImportEvents: Migration = {
  version: 9,
  name: 'import events',
  up(db) {
    db.exec(`
      CREATE TABLE import_event (
        id TEXT PRIMARY KEY,
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        file_name TEXT NOT NULL CHECK (length(file_name) > 0),
        file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64),
        format_version INTEGER NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('new', 'replace', 'keep-both')),
        from_file INTEGER NOT NULL CHECK (from_file >= 0),
        to_match INTEGER NOT NULL CHECK (to_match >= 0),
        backup TEXT,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX import_event_inspection ON import_event (inspection_id);
      -- The import a change arrived with; NULL for a change made in this store.
      ALTER TABLE change_log ADD COLUMN source TEXT;
      -- 007 filled entity_kind from the list in code, so a store created after this entity was added has it already.
      INSERT OR IGNORE INTO entity_kind (name) VALUES ('import');
    `);
  },
};
