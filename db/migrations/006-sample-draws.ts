import type { Migration } from './index';

/**
 * How each sample was drawn from the caseload: the seed and settings that reproduce it, and every
 * case the lead eliminated, with the reason and the case that replaced it (Annex 1 states them).
 */
export const m006SampleDraws: Migration = {
  version: 6,
  name: 'sample draws',
  up(db) {
    db.exec(`
      CREATE TABLE sample_draw (
        id TEXT PRIMARY KEY,
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        sample TEXT NOT NULL,
        seed INTEGER NOT NULL CHECK (seed >= 0),
        settings TEXT NOT NULL CHECK (json_valid(settings)),
        caseload_rows INTEGER NOT NULL CHECK (caseload_rows >= 0),
        eligible INTEGER NOT NULL CHECK (eligible >= 0),
        size INTEGER NOT NULL CHECK (size >= 0),
        drawn_by TEXT NOT NULL,
        drawn_at TEXT NOT NULL,
        UNIQUE (inspection_id, sample)
      ) STRICT;
      CREATE TABLE sample_elimination (
        draw_id TEXT NOT NULL REFERENCES sample_draw (id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position >= 1),
        ref TEXT NOT NULL,
        crn TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (length(reason) > 0),
        replacement_ref TEXT,
        PRIMARY KEY (draw_id, position)
      ) STRICT;
    `);
  },
};
