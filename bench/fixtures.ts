import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type InspectionFile, shippedFrameworks } from '../core';
import { realisticInspection } from '../core/testing/build-inspection';
import { Store, importInspection, openDatabase } from '../db';
import { DATABASE_FILE } from '../electron/main-process';

// Realistic stores for the benchmarks, built fast and cached. A store of hundreds of inspections is
// written straight into SQLite through the db layer's own import (one transaction, synchronous OFF
// while building: a half-built cache file is never used, it is written under a temporary name and
// renamed), never through the IPC handlers, so building 500 inspections takes seconds, not minutes.

export const FRAMEWORK = shippedFrameworks().get('crc-2018')!;
const root = join(__dirname, '..');
const CACHE = join(tmpdir(), 'fieldwork-bench-cache');

/** A realistic inspection as a file: every applicable key question and prompt answered, notes on every No, its audit trail. */
export function realisticFile(id: string, provider: string, cases: number, seed: number): InspectionFile {
  const built = realisticInspection(FRAMEWORK, cases, seed);
  const year = 2016 + (seed % 8);
  const month = String(1 + (seed % 12)).padStart(2, '0');
  const at = `${year}-${month}-05T10:00:00.000Z`;
  const by = `Inspector ${1 + (seed % 6)}`;
  return {
    formatVersion: 1,
    id,
    framework: FRAMEWORK.id,
    provider: { name: provider, type: 'CRC' },
    inspection: { fieldworkStart: `${year}-${month}-01`, fieldworkEnd: `${year}-${month}-12`, caseloadSize: 4000 + (seed % 900), status: 'final' },
    cases: built.cases.map((c, i) => ({
      ref: c.ref,
      crn: `X${String(100000 + i)}`,
      name: `Person ${i}`,
      sample: c.sample,
      status: 'complete',
      assignedInspector: by,
      attributes: c.attributes,
      answers: { ...c.answers },
      notes: c.notes,
    })),
    judgements: built.judgements,
    recommendations: [{ text: 'Improve the quality of risk assessment.' }, { text: 'Review workloads so that case managers can see people often enough.' }],
    // What the inspectors' saves left behind: one entry per answer and one per evidence note.
    // Each case scored a minute after the one before: a day's work, not 200,000 saves in one millisecond
    // (the log's clock counts at most 65,536 changes per millisecond).
    audit: built.cases.flatMap((c, i) => {
      const when = new Date(Date.parse(at) + i * 60_000).toISOString();
      return [
        ...Object.entries(c.answers).map(([q, v]) => ({ caseRef: c.ref, what: 'answer' as const, item: q, oldValue: null, newValue: v, changedBy: by, changedAt: when })),
        ...Object.entries(c.notes).map(([q, v]) => ({ caseRef: c.ref, what: 'note' as const, item: q, oldValue: '', newValue: v, changedBy: by, changedAt: when })),
      ];
    }),
  };
}

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
  for (const f of readdirSync(CACHE)) if (f.startsWith(prefix) && join(CACHE, f) !== dir) rmSync(join(CACHE, f), { recursive: true, force: true });
  const building = join(CACHE, `${prefix}building.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  const t = performance.now();
  log(`building a store of ${spec.inspections} inspections × ${spec.casesPerInspection} cases (cached in ${CACHE})…`);
  const db = openDatabase(building);
  db.pragma('synchronous = OFF');
  const store = new Store(db);
  store.setUserName('Bench Inspector');
  // A few templates, rotated, with fresh ids: inspections differ, generation stays quick.
  const templates = Array.from({ length: Math.min(8, spec.inspections) }, (_, i) => realisticFile(benchUuid(i), 'x', spec.casesPerInspection, i + 1));
  // Committed every ten inspections: one transaction over hundreds of realistic inspections grows a
  // WAL of gigabytes and slows to a crawl (500 × 150 took over an hour that way).
  const one = (i: number) => {
    const tpl = templates[i % templates.length]!;
    const fieldworkStart = `${2010 + (i % 15)}-${String(1 + (i % 12)).padStart(2, '0')}-01`;
    importInspection(
      store,
      { ...tpl, id: benchUuid(i), provider: { name: `Provider ${i % (spec.providers ?? 120)}`, type: 'CRC' }, inspection: { ...tpl.inspection, fieldworkStart, fieldworkEnd: fieldworkStart.replace(/01$/, '12') } },
      FRAMEWORK.revision,
      { onDuplicate: 'replace', provider: { mode: 'auto' } },
    );
  };
  for (let from = 0; from < spec.inspections; from += 10) {
    db.transaction(() => {
      for (let i = from; i < Math.min(spec.inspections, from + 10); i++) one(i);
    })();
    if (spec.inspections > 50 && from % 100 === 0) log(`  ${from} of ${spec.inspections} inspections…`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(building, path);
  log(`built in ${((performance.now() - t) / 1000).toFixed(1)} s, ${(statSync(path).size / 2 ** 20).toFixed(0)} MB`);
  return path;
}

/** A private copy of a cached store in a fresh data directory, for benchmarks that write. */
export function copyOfStore(path: string, dataDir: string, file: string): void {
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(path, join(dataDir, file));
}
