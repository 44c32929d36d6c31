import type { Migration } from './index';

/**
 * Team fieldwork: a work package's base is each field's revision when the package was issued (the
 * change-log clock that last set it), kept beside the values issued. A merge counts a field as
 * changed on the lead's side when its revision has moved on, so a change made and changed back is
 * still the lead's change. One new column; packages issued before it have none and merge by value.
 */
export const m013PackageRevisions: Migration = {
  version: 13,
  name: 'work packages record each field revision at issue',
  up(db) {
    db.exec(`ALTER TABLE work_package ADD COLUMN base_revisions TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(base_revisions));`);
  },
};
