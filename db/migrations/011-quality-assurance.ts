import { ANSWERS, COMMENT_STATES, QA_STATUSES, sqlIn } from '../../core';
import type { Migration } from './index';

/**
 * Quality assurance: each case's QA status (Draft until it is sent to QA), comments on cases and
 * questions, blind second markings kept apart from the case's answers, and dip samples as drawn.
 * All of them are entities of the change log, so every status change and comment is logged.
 */
export const m011QualityAssurance: Migration = {
  version: 11,
  name: 'quality assurance: case QA status, comments, second markings, dip samples',
  up(db) {
    db.exec(`
      ALTER TABLE case_file ADD COLUMN qa_status TEXT NOT NULL DEFAULT 'draft' CHECK (qa_status IN (${sqlIn(QA_STATUSES)}));

      CREATE TABLE qa_comment (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,
        question_id TEXT,
        author TEXT NOT NULL CHECK (length(trim(author)) > 0),
        text TEXT NOT NULL CHECK (length(trim(text)) > 0),
        reply TEXT NOT NULL DEFAULT '',
        replied_by TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL CHECK (state IN (${sqlIn(COMMENT_STATES)})),
        resolved_by TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX qa_comment_case ON qa_comment (case_id);

      CREATE TABLE second_answer (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        value TEXT CHECK (value IS NULL OR value IN (${sqlIn(ANSWERS)})),
        marked_by TEXT NOT NULL CHECK (length(trim(marked_by)) > 0),
        updated_at TEXT NOT NULL,
        UNIQUE (case_id, question_id)
      ) STRICT;

      CREATE TABLE dip_sample (
        id TEXT PRIMARY KEY,
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        seed TEXT NOT NULL,
        rule TEXT NOT NULL CHECK (json_valid(rule)),
        picks TEXT NOT NULL CHECK (json_valid(picks)),
        drawn_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      -- OR IGNORE: version 7 writes every entity core knows at the time it runs.
      INSERT OR IGNORE INTO entity_kind (name) VALUES ('qa-comment'), ('second-answer'), ('dip-sample');
    `);
  },
};
