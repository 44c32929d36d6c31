import type { Db } from '../connection';

/**
 * Statements prepared once per connection: each repository asks for its set through `once`, which
 * builds it on first use and keeps it for the life of the connection.
 */
const cache = new WeakMap<Db, Map<string, unknown>>();

export function once<T>(db: Db, name: string, build: (db: Db) => T): T {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let v = m.get(name) as T | undefined;
  if (v === undefined) {
    v = build(db);
    m.set(name, v);
  }
  return v;
}
