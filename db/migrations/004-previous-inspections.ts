import type { Migration } from './index';

/**
 * Previous inspections: ones known only from their published report (ratings recorded by hand),
 * and this inspection's judgement of progress on the previous one's recommendations.
 */
export const m004PreviousInspections: Migration = {
  version: 4,
  name: 'ratings-only inspections and recommendation progress',
  up(db) {
    db.exec(`
      ALTER TABLE inspection ADD COLUMN kind TEXT NOT NULL DEFAULT 'scored' CHECK (kind IN ('scored', 'ratings-only'));
      ALTER TABLE inspection ADD COLUMN recorded_overall TEXT CHECK (recorded_overall IS NULL OR recorded_overall IN ('Outstanding', 'Good', 'Requires improvement', 'Inadequate'));
      ALTER TABLE inspection ADD COLUMN recorded_score INTEGER CHECK (recorded_score IS NULL OR recorded_score >= 0);

      CREATE TABLE recorded_rating (
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        standard_id TEXT NOT NULL,
        rating TEXT NOT NULL CHECK (rating IN ('Outstanding', 'Good', 'Requires improvement', 'Inadequate')),
        PRIMARY KEY (inspection_id, standard_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE recorded_key_question (
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        key_question_id TEXT NOT NULL,
        percent REAL NOT NULL CHECK (percent BETWEEN 0 AND 100),
        base INTEGER CHECK (base IS NULL OR base >= 0),
        PRIMARY KEY (inspection_id, key_question_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE recommendation_progress (
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        progress TEXT CHECK (progress IS NULL OR progress IN ('met', 'partly met', 'not met')),
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (inspection_id, position)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
