import type { Migration } from './index';

/** Every change to an answer, note, judgement or override: who, when, the old value and the new. */
export const m005Audit: Migration = {
  version: 5,
  name: 'audit trail',
  up(db) {
    db.exec(`
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        case_ref TEXT,
        what TEXT NOT NULL CHECK (what IN ('answer', 'note', 'judgement', 'judgement-note', 'override', 'completion')),
        item TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT,
        changed_by TEXT NOT NULL,
        changed_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_inspection ON audit (inspection_id, case_ref);
    `);
  },
};
