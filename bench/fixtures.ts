import nodeCrypto, { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shippedFrameworks } from '../core';
import { Store, importInspection, openDatabase } from '../db';
import { DATABASE_FILE } from '../electron/main-process';

// Realistic stores for the benchmarks, built fast and cached. A small store is written through the db
// layer's own import (the write path, one transaction, synchronous OFF while building: a half-built
// cache file is never used, it is written under a temporary name and renamed); a store of hundreds of
// inspections is copied in SQL from a few imported templates (buildByCloning), so 500 inspections of
// 150 cases take minutes, not hours.

export const FRAMEWORK = shippedFrameworks().get('crc-2018')!;
const root = join(__dirname, '..');
const CACHE = join(tmpdir(), 'fieldwork-bench-cache');

import { realisticFile } from '../core/testing/realistic-file';

export { realisticFile };

/** A stable UUID for inspection `i` of a generated store. */
export const benchUuid = (i: number, salt = 0) => `00000000-0000-4000-8000-${(salt * 1_000_000 + i).toString(16).padStart(12, '0')}`;

/**
 * Bump when what the builder writes changes (the generator's data, how stores are put together, what
 * the import stores). The cache key is this, the realistic-inspection generator and the migrations, so
 * a schema change rebuilds the stores but an unrelated edit to the import or this file does not.
 */
export const GENERATOR_VERSION = 2;

/** Changes when the generator, the schema or GENERATOR_VERSION change, so a stale cache is never used (delete the cache dir to force a rebuild). */
function sourceHash(): string {
  const h = createHash('sha256').update(`generator ${GENERATOR_VERSION}`);
  const files = ['core/testing/build-inspection.ts', ...readdirSync(join(root, 'db', 'migrations')).map((f) => `db/migrations/${f}`)];
  for (const f of files.sort()) if (existsSync(join(root, f)) && statSync(join(root, f)).isFile()) h.update(f).update(readFileSync(join(root, f)));
  return h.digest('hex').slice(0, 12);
}

export interface StoreSpec {
  inspections: number;
  casesPerInspection: number;
  providers?: number;
}

/**
 * A data directory holding a cached store (`fieldwork.sqlite`) of `inspections` realistic inspections of
 * `casesPerInspection` cases. Built once per source version under the OS temp dir. Benchmarks that only
 * read (or let the app keep its own summaries, as it would) open it in place; ones that write take a copy.
 */
export function cachedStore(spec: StoreSpec, log: (s: string) => void = () => {}): string {
  const prefix = `store-${spec.inspections}x${spec.casesPerInspection}-`;
  const dir = join(CACHE, `${prefix}${sourceHash()}`);
  const path = join(dir, DATABASE_FILE);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  // Older builds of the same size are left in place: another checkout (another branch's benchmark) may be reading one.
  const building = join(CACHE, `${prefix}building.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  const t = performance.now();
  log(`building a store of ${spec.inspections} inspections × ${spec.casesPerInspection} cases (cached in ${CACHE})…`);
  if (spec.inspections <= CLONE_ABOVE) buildByImport(building, spec);
  else buildByCloning(building, spec, log);
  renameSync(building, path);
  log(`built in ${((performance.now() - t) / 1000).toFixed(1)} s, ${(statSync(path).size / 2 ** 20).toFixed(0)} MB`);
  return path;
}

/** Stores of up to this many inspections are imported one by one; larger ones are cloned from imported templates. */
const CLONE_ABOVE = 10;
const TEMPLATES = 8;

const fieldworkOf = (i: number) => {
  const start = `${2010 + (i % 15)}-${String(1 + (i % 12)).padStart(2, '0')}-01`;
  return { start, end: start.replace(/01$/, '12') };
};

/** Each inspection imported through the db layer's own import (the write path), a few templates rotated. */
function buildByImport(building: string, spec: StoreSpec): void {
  const db = openDatabase(building);
  db.pragma('synchronous = OFF');
  const store = new Store(db);
  store.setUserName('Bench Inspector');
  const templates = Array.from({ length: Math.min(TEMPLATES, spec.inspections) }, (_, i) => realisticFile(benchUuid(i), 'x', spec.casesPerInspection, i + 1));
  db.transaction(() => {
    for (let i = 0; i < spec.inspections; i++) {
      const tpl = templates[i % templates.length]!;
      const fw = fieldworkOf(i);
      importInspection(
        store,
        { ...tpl, id: benchUuid(i), provider: { name: `Provider ${i % (spec.providers ?? 120)}`, type: 'CRC' }, inspection: { ...tpl.inspection, fieldworkStart: fw.start, fieldworkEnd: fw.end } },
        FRAMEWORK.revision,
        { onDuplicate: 'replace', provider: { mode: 'auto' } },
      );
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Id generation during a template's import: every id the import makes starts with the template's marker. */
function withMarkedIds<T>(marker: string, run: () => T): T {
  const original = nodeCrypto.randomUUID;
  let n = 0;
  nodeCrypto.randomUUID = () => `${marker}-0000-4000-8000-${(n++).toString(16).padStart(12, '0')}`;
  try {
    return run();
  } finally {
    nodeCrypto.randomUUID = original;
  }
}

/**
 * Hundreds of realistic inspections (500 × 150 cases is about 5.5 GB with every case's change log)
 * take over an hour through the import, one by one. Instead TEMPLATES inspections are imported through
 * the write path into scratch stores of their own, with ids that all start with the template's marker
 * (8 hex digits), and each inspection of the cache is a copy of one template made in SQL: every row of
 * every table, every text column with the marker replaced by the copy's own (so ids, foreign keys and
 * the ids inside the change log's JSON stay consistent), the clocks given the copy's own node digits
 * (so they stay unique), its own provider and fieldwork dates. Rating summaries are derived data: they
 * and their overall results are not copied (the first league call keeps them, as in the app).
 */
function buildByCloning(building: string, spec: StoreSpec, log: (s: string) => void): void {
  const scratch = mkdtempSync(join(tmpdir(), 'fieldwork-bench-templates-'));
  const templates = Array.from({ length: Math.min(TEMPLATES, spec.inspections) }, (_, t) => {
    const marker = `ba5e${t.toString(16).padStart(4, '0')}`;
    const path = join(scratch, `template-${t}.sqlite`);
    const db = openDatabase(path);
    db.pragma('synchronous = OFF');
    const store = new Store(db);
    store.setUserName('Bench Inspector');
    withMarkedIds(marker, () =>
      importInspection(store, realisticFile(`${marker}-0000-4000-8000-${marker}0000`, `Template ${t}`, spec.casesPerInspection, t + 1), FRAMEWORK.revision, { onDuplicate: 'replace', provider: { mode: 'auto' } }),
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return { marker, path };
  });

  const db = openDatabase(building);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  const store = new Store(db);
  store.setUserName('Bench Inspector');
  const providers = Array.from({ length: Math.min(spec.providers ?? 120, spec.inspections) }, (_, i) => store.createProvider({ name: `Provider ${i}`, type: 'CRC', owner: '', region: '' }).id);
  // Tables holding an inspection's rows (everything but shared and derived tables), parents first.
  const skip = new Set(['provider', 'setting', 'entity_kind', 'rating_summary', 'rating_overall']);
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rootpage").pluck().all() as string[]).filter((n) => !skip.has(n));
  // Parents first: the inspection, then its cases, then the rest (foreign keys are checked at the end).
  const rank = (t: string) => (t === 'inspection' ? 0 : t === 'case_file' ? 1 : 2);
  tables.sort((a, b) => rank(a) - rank(b));
  const columns = (table: string) => db.prepare(`SELECT name, type FROM pragma_table_info('${table}')`).all() as { name: string; type: string }[];
  const copy = new Map<string, string>();
  for (const table of tables) {
    const cols = columns(table).filter((c) => !(table === 'change_log' && c.name === 'seq'));
    const expr = (c: { name: string; type: string }) => {
      if (table === 'inspection' && c.name === 'provider_id') return '@provider';
      if (table === 'inspection' && c.name === 'fieldwork_start') return '@start';
      if (table === 'inspection' && c.name === 'fieldwork_end') return '@end';
      // A clock is time, counter and node: the node's first four digits become the copy's.
      if (c.name === 'clock' || c.name === 'base_revision')
        return `CASE WHEN ${c.name} IS NULL THEN NULL ELSE substr(${c.name}, 1, length(${c.name}) - 16) || @node || substr(${c.name}, length(${c.name}) - 11) END`;
      return c.type === 'TEXT' ? `replace(${c.name}, @from, @to)` : c.name;
    };
    // The template's provider (and its log entries) stay behind: each copy has its own provider.
    const where = table === 'change_log' || table === 'field_revision' ? " WHERE entity <> 'provider'" : '';
    const order = table === 'change_log' ? ' ORDER BY seq' : '';
    // eslint-disable-next-line fieldwork/sql-writes -- a bench cache copied from templates the write path imported, not the app's data
    copy.set(table, `INSERT INTO main.${table} (${cols.map((c) => c.name).join(', ')}) SELECT ${cols.map(expr).join(', ')} FROM tpl.${table}${where}${order}`);
  }
  db.pragma('foreign_keys = OFF');
  for (const [t, tpl] of templates.entries()) {
    db.prepare('ATTACH DATABASE ? AS tpl').run(tpl.path);
    const statements = [...copy.values()].map((sql) => db.prepare(sql));
    const mine = Array.from({ length: spec.inspections }, (_, i) => i).filter((i) => i % templates.length === t);
    for (let from = 0; from < mine.length; from += 10)
      db.transaction(() => {
        for (const i of mine.slice(from, from + 10)) {
          const fw = fieldworkOf(i);
          const params = { from: tpl.marker, to: `c1${i.toString(16).padStart(6, '0')}`, node: (i + 1).toString(16).padStart(4, '0'), provider: providers[i % providers.length]!, start: fw.start, end: fw.end };
          for (const st of statements) st.run(params);
        }
      })();
    db.exec('DETACH DATABASE tpl');
    log(`  template ${t + 1} of ${templates.length}: ${mine.length} copies…`);
  }
  db.pragma('foreign_keys = ON');
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`the cloned store breaks ${broken.length} foreign keys, e.g. ${JSON.stringify(broken[0])}`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  rmSync(scratch, { recursive: true, force: true });
}

/** A private copy of a cached store in a fresh data directory, for benchmarks that write. */
export function copyOfStore(path: string, dataDir: string, file: string): void {
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(path, join(dataDir, file));
}
