import type { Db } from '../connection';
import { once } from './prepared';

// An inspection file is imported in short transactions, so saves go on between them (issue #16). Until
// the last one, the inspection being written is unfinished: kept out of every read of inspections by a
// marker in the installation's settings (not inspection data: never logged, never in a file), so no
// one sees half of it. A marker left by a crash names the import whose rows are taken out at start.

const PREFIX = 'import.unfinished.';

/** Connections writing an unfinished import: they read what they are writing (to check it against the file). */
const writers = new WeakSet<Db>();

export interface UnfinishedImport {
  inspectionId: string;
  importId: string;
  /** What the file said it was, to tell the inspector which import was taken out (markers before these had none). */
  provider?: string;
  fieldworkStart?: string;
}

export function unfinishedImportsRepository(db: Db) {
  return once(db, 'unfinishedImports', (d) => {
    // A range of the setting table's key index: a handful of rows at most, usually none.
    const all = d.prepare<[string, string], { key: string; value: string }>('SELECT key, value FROM setting WHERE key >= ? AND key < ?');
    const one = d.prepare<[string], number>('SELECT 1 FROM setting WHERE key = ?').pluck();
    const put = d.prepare<[string, string]>('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    const drop = d.prepare<[string]>('DELETE FROM setting WHERE key = ?');
    const inUse = d.prepare<[string], { one: number }>('SELECT 1 AS one FROM inspection WHERE provider_id = ? LIMIT 1');
    const list = (): UnfinishedImport[] =>
      all.all(PREFIX, `${PREFIX}\u{10FFFF}`).map((r) => {
        const v = JSON.parse(r.value) as { importId?: unknown; provider?: unknown; fieldworkStart?: unknown };
        return {
          inspectionId: r.key.slice(PREFIX.length),
          importId: String(v.importId),
          ...(typeof v.provider === 'string' ? { provider: v.provider } : {}),
          ...(typeof v.fieldworkStart === 'string' ? { fieldworkStart: v.fieldworkStart } : {}),
        };
      });
    return {
      list,
      /** Whether an unfinished import (running, or left by a crash) holds this inspection id. */
      holds: (inspectionId: string): boolean => one.get(PREFIX + inspectionId) !== undefined,
      /** The inspections hidden from this connection's reads (none for the connection writing them). */
      hidden(): Set<string> {
        return writers.has(d) ? new Set() : new Set(list().map((u) => u.inspectionId));
      },
      /** Call in the transaction that writes the inspection's first row. */
      mark(u: UnfinishedImport, startedAt: string): void {
        put.run(PREFIX + u.inspectionId, JSON.stringify({ importId: u.importId, startedAt, provider: u.provider, fieldworkStart: u.fieldworkStart }));
      },
      /** Call in the transaction that finishes the import: the inspection is seen from its commit on. */
      finish(inspectionId: string): void {
        drop.run(PREFIX + inspectionId);
      },
      /** Whether any inspection has this provider (one an unfinished import brought is taken out with it if none has). */
      providerInUse: (providerId: string) => inUse.get(providerId) !== undefined,
      /** This connection writes an unfinished import and reads it back; `false` when it has finished. */
      writing(on: boolean): void {
        if (on) writers.add(d);
        else writers.delete(d);
      },
    };
  });
}
