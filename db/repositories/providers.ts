import type { Provider } from '../../core';
import type { Db } from '../connection';
import { StoreError } from '../errors';
import { once } from './prepared';

export function providersRepository(db: Db) {
  return once(db, 'providers', (d) => {
    const all = d.prepare<[], Provider>('SELECT id, name, type, owner, region FROM provider ORDER BY name COLLATE NOCASE');
    const one = d.prepare<[string], Provider>('SELECT id, name, type, owner, region FROM provider WHERE id = ?');
    return {
      list: () => all.all(),
      get(id: string): Provider {
        const p = one.get(id);
        if (!p) throw new StoreError('NOT_FOUND', 'That provider no longer exists.');
        return p;
      },
    };
  });
}
