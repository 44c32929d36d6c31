import type { Migration } from './index';

/**
 * The league table needs an inspection's overall rating, score and maximum, nothing more; it read
 * every inspection's whole rating summary (about 3 KB of JSON each, 1.5 MB for 500 inspections, most
 * of a cold league's time in reading and parsing it). `rating_overall` keeps those three per inspection
 * beside the summary, in short rows: like the summary (migration 12) it is derived data, never logged
 * or carried in files, written with the summary and dropped with it by the write path in the
 * transaction of any change to the inspection. Summaries already kept fill it here, so no inspection
 * is rated again for it. A later migration that clears rating_summary must clear this table too.
 */
export const m015RatingOverall: Migration = {
  version: 15,
  name: 'overall rating per inspection kept beside its rating summary',
  up(db) {
    db.exec(`
      CREATE TABLE rating_overall (
        inspection_id TEXT PRIMARY KEY REFERENCES inspection (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        rating TEXT,
        score REAL,
        max REAL NOT NULL
      ) STRICT, WITHOUT ROWID;
      INSERT INTO rating_overall (inspection_id, key, rating, score, max)
        SELECT inspection_id, key, json_extract(summary, '$.overall.rating'), json_extract(summary, '$.overall.score'), json_extract(summary, '$.overall.max')
        FROM rating_summary WHERE json_type(summary, '$.overall.max') IN ('integer', 'real');
    `);
  },
};
