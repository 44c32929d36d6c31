import { CONFLICT_RESOLUTIONS, PACKAGE_DIRECTIONS, TEAM_ROLES, sqlIn } from '../../core';
import type { Migration } from './index';

/**
 * Team fieldwork: the team list, the work packages issued (on the lead's laptop) or received (on an
 * inspector's) with the base each merge compares against, and the conflicts merges found. New
 * tables only, so stores from every earlier version upgrade without touching their data. Value lists
 * come from core, defined once.
 */
export const m008Team: Migration = {
  version: 8,
  name: 'team fieldwork: team list, work packages, merge conflicts',
  up(db) {
    db.exec(`
      CREATE TABLE team_member (
        id TEXT PRIMARY KEY,
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        role TEXT NOT NULL CHECK (role IN (${sqlIn(TEAM_ROLES)}))
      ) STRICT;
      CREATE INDEX team_member_inspection ON team_member (inspection_id);
      CREATE TABLE work_package (
        id TEXT PRIMARY KEY,
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        direction TEXT NOT NULL CHECK (direction IN (${sqlIn(PACKAGE_DIRECTIONS)})),
        inspector TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        issued_by TEXT NOT NULL DEFAULT '',
        base TEXT NOT NULL CHECK (json_valid(base)),
        taken_back TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(taken_back)),
        last_return_at TEXT
      ) STRICT;
      CREATE INDEX work_package_inspection ON work_package (inspection_id);
      CREATE TABLE merge_conflict (
        id TEXT PRIMARY KEY,
        inspection_id TEXT NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
        package_id TEXT NOT NULL REFERENCES work_package (id) ON DELETE CASCADE,
        case_id TEXT NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        base TEXT,
        incoming TEXT,
        changed_by TEXT NOT NULL,
        changed_at TEXT,
        resolution TEXT CHECK (resolution IN (${sqlIn(CONFLICT_RESOLUTIONS)}))
      ) STRICT;
      CREATE INDEX merge_conflict_open ON merge_conflict (inspection_id) WHERE resolution IS NULL;
      INSERT OR IGNORE INTO entity_kind (name) VALUES ('team-member'), ('work-package'), ('merge-conflict');
    `);
  },
};
