import type { Migration } from './index';

/** Domain 1 judgements carry a rationale per key question as well as per standard. */
export const m002JudgementNotes: Migration = {
  version: 2,
  name: 'judgement notes per key question',
  up(db) {
    db.exec(`
      CREATE TABLE judgement_note (
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        key_question_id TEXT NOT NULL,
        text TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (inspection_id, key_question_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
