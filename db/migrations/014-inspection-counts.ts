import type { Migration } from './index';

/**
 * The first screen (the inspections list) and the league table show each inspection's case count,
 * complete count and last change. Counted afresh on every start they cost more the more an
 * inspectorate keeps: counting complete cases read every case row (attributes and all), and the last
 * change read a row of the change log per inspection, from all over a file of gigabytes.
 * - `inspection_counts` keeps those three per inspection. Like the rating summary (migration 12) it is
 *   derived data, never logged or carried in files: the write path deletes an inspection's row in the
 *   same transaction as any change to the inspection, and the next read counts it again and keeps it.
 * - `case_file_completion` makes that count read an index only.
 */
export const m014InspectionCounts: Migration = {
  version: 14,
  name: 'inspection counts kept, case completion index',
  up(db) {
    db.exec(`
      CREATE INDEX case_file_completion ON case_file (inspection_id, completed_at);
      CREATE TABLE inspection_counts (
        inspection_id TEXT PRIMARY KEY REFERENCES inspection (id) ON DELETE CASCADE,
        case_count INTEGER NOT NULL,
        complete_count INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
