// Writes db/fixtures/v<N>.sqlite for every schema version: a store as version N of Fieldwork left it.
// Run when a migration is added: npx tsx scripts/make-migration-fixtures.ts (existing fixtures are kept).
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from '../db/connection';
import { buildAtVersion } from '../db/fixtures/seed';
import { LATEST_VERSION } from '../db/migrations';

for (let v = 1; v <= LATEST_VERSION; v++) {
  const path = join('db', 'fixtures', `v${v}.sqlite`);
  if (existsSync(path)) continue;
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  buildAtVersion(db, v, migrate);
  db.pragma('journal_mode = DELETE');
  db.close();
  console.log(`wrote ${path}`);
}
