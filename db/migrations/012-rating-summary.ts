import type { Migration } from './index';

/**
 * A rating summary per inspection, kept in the store so the league table, history and comparisons
 * cost the same on the first view after a start as on later ones (they re-rated every inspection from
 * its whole export before). It is derived data, not inspection data: never logged or carried in files.
 * The write path deletes an inspection's summary in the same transaction as any change to the
 * inspection, and the summary is rebuilt on the next read; `key` names what it was computed with (the
 * app version and the framework revision), so a new engine or framework rebuilds it too. A later
 * migration that rewrites rating data outside the write path must clear this table.
 */
export const m012RatingSummary: Migration = {
  version: 12,
  name: 'rating summary per inspection',
  up(db) {
    db.exec(`
      CREATE TABLE rating_summary (
        inspection_id TEXT PRIMARY KEY REFERENCES inspection (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        summary TEXT NOT NULL CHECK (json_valid(summary))
      ) STRICT;
    `);
  },
};
