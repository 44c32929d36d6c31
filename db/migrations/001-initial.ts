import type { Migration } from './index';

export const m001Initial: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE provider (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        type TEXT NOT NULL CHECK (type IN ('CRC', 'NPS division', 'PDU')),
        owner TEXT NOT NULL DEFAULT '',
        region TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX provider_name ON provider (name COLLATE NOCASE);

      CREATE TABLE inspection (
        id TEXT PRIMARY KEY,
        provider_id TEXT NOT NULL REFERENCES provider (id),
        framework_id TEXT NOT NULL,
        framework_revision TEXT NOT NULL,
        fieldwork_start TEXT NOT NULL,
        fieldwork_end TEXT NOT NULL,
        caseload_size INTEGER CHECK (caseload_size IS NULL OR caseload_size >= 0),
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (fieldwork_end >= fieldwork_start)
      ) STRICT;
      CREATE INDEX inspection_provider ON inspection (provider_id);

      -- crn and name are personal data: kept here only, never printed in any output.
      CREATE TABLE case_file (
        id TEXT PRIMARY KEY,
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        ref TEXT NOT NULL CHECK (length(trim(ref)) > 0),
        crn TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL DEFAULT '',
        sample TEXT NOT NULL DEFAULT 'case-supervision',
        attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
        assigned_inspector TEXT NOT NULL DEFAULT '',
        completed_at TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (inspection_id, ref)
      ) STRICT;

      CREATE TABLE answer (
        case_id TEXT NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        value TEXT CHECK (value IS NULL OR value IN ('yes', 'no', 'na')),
        note TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (case_id, question_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE judgement (
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        standard_id TEXT NOT NULL,
        rating TEXT CHECK (rating IS NULL OR rating IN ('Outstanding', 'Good', 'Requires improvement', 'Inadequate')),
        rationale TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (inspection_id, standard_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE rating_override (
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        standard_id TEXT NOT NULL,
        rating TEXT NOT NULL CHECK (rating IN ('Outstanding', 'Good', 'Requires improvement', 'Inadequate')),
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (inspection_id, standard_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE recommendation (
        id TEXT PRIMARY KEY,
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL CHECK (length(trim(text)) > 0),
        UNIQUE (inspection_id, position)
      ) STRICT;

      CREATE TABLE setting (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT;
    `);
  },
};
