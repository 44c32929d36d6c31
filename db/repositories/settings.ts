import { randomUUID } from 'node:crypto';
import { type Actor, actorSchema } from '../../core';
import type { Db } from '../connection';
import { once } from './prepared';

/** Per-installation settings (not inspection data, so not in the change log): JSON by key. */
export function settingsRepository(db: Db) {
  return once(db, 'settings', (d) => {
    const get = d.prepare<[string], { value: string }>('SELECT value FROM setting WHERE key = ?');
    const put = d.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    const read = (key: string): unknown => {
      const r = get.get(key);
      return r ? (JSON.parse(r.value) as unknown) : undefined;
    };
    const write = (key: string, value: unknown) => void put.run(key, JSON.stringify(value));
    return {
      get: read,
      set: write,
      /** This installation's id (made by the migration that introduced it, or on first use). */
      installationId(): string {
        const v = read('installation') as { id?: unknown } | undefined;
        if (typeof v?.id === 'string') return v.id;
        const id = randomUUID();
        write('installation', { id });
        return id;
      },
      /** The person using this installation, or null until they have given their name. */
      user(): Actor | null {
        const r = actorSchema.safeParse(read('user'));
        return r.success ? r.data : null;
      },
      /** Sets the user's name, keeping their id (a rename is the same person). */
      setUserName(name: string): Actor {
        const user = { id: this.user()?.id ?? randomUUID(), name: name.trim() };
        write('user', actorSchema.parse(user));
        return user;
      },
    };
  });
}
