import { sqlIn } from '../../core/domain/enums';
import { CONTEXT_FACT_KEYS, REPORT_SECTION_KEYS } from '../../core/domain/report-text';
import type { Migration } from './index';

/**
 * The report's own text beyond strengths and areas for improvement, as entities of the change log:
 * `report-section` (the narrative of the whole report: foreword, overall findings, background, …),
 * `report-fact` (the provider-level contextual figures), each standard's narrative and practice
 * examples (two more fields of `report-text`) and each recommendation's addressee.
 */
export const m010ReportNarrative: Migration = {
  version: 10,
  name: 'report narrative, contextual figures and recommendation addressees',
  up(db) {
    db.exec(`
      CREATE TABLE report_section (
        id TEXT PRIMARY KEY,
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        section TEXT NOT NULL CHECK (section IN (${sqlIn(REPORT_SECTION_KEYS)})),
        text TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT '',
        UNIQUE (inspection_id, section)
      ) STRICT;
      CREATE TABLE report_fact (
        id TEXT PRIMARY KEY,
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        fact TEXT NOT NULL CHECK (fact IN (${sqlIn(CONTEXT_FACT_KEYS)})),
        value REAL NOT NULL CHECK (value >= 0),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT '',
        UNIQUE (inspection_id, fact)
      ) STRICT;
      ALTER TABLE standard_text ADD COLUMN narrative TEXT NOT NULL DEFAULT '';
      ALTER TABLE standard_text ADD COLUMN practice_examples TEXT NOT NULL DEFAULT '';
      ALTER TABLE recommendation ADD COLUMN addressee TEXT NOT NULL DEFAULT '';
      INSERT OR IGNORE INTO entity_kind (name) VALUES ('report-section'), ('report-fact');
    `);
  },
};
