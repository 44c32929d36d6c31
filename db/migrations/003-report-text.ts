import type { Migration } from './index';

/** The inspectors' own report text per standard: strengths and areas for improvement. */
export const m003ReportText: Migration = {
  version: 3,
  name: 'report text per standard',
  up(db) {
    db.exec(`
      CREATE TABLE standard_text (
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        standard_id TEXT NOT NULL,
        strengths TEXT NOT NULL DEFAULT '',
        improvements TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (inspection_id, standard_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
