import { describe, expect, it } from 'vitest';
import { FrameworkRegistry } from '../core';
import { realisticFile } from '../core/testing/realistic-file';
import { openDatabase } from './connection';
import { changesRepository } from './repositories/changes';
import { unfinishedImportsRepository } from './repositories/unfinished-imports';
import { Store } from './store';
import { type WriteInTurn, discardUnfinishedImports, exportInspection, importInspection, importNewInspectionInChunks, inspectionExists } from './exchange';

// A version 2 file replayed part-way leaves its clocks in the log while the clean-up takes its rows
// (and the provider it brought) out again; importing the same file again must still give the inspection.

const ID = '00000000-0000-4000-8000-0000000000aa';
const frameworks = new FrameworkRegistry();
const newStore = (who: string) => {
  const s = new Store(openDatabase(':memory:'), { frameworks });
  s.setUserName(who);
  return s;
};
const source = { fileName: 'lead.fieldwork', sha256: 'b'.repeat(64), backup: null };
const opts = { onDuplicate: 'keep-both' as const, provider: { mode: 'auto' as const }, source };

/** A lead's export of a new inspection under a provider the importing store does not have. */
function leadFile(cases: number) {
  const lead = newStore('Lead Inspector');
  importInspection(lead, realisticFile(ID, 'Lead CRC', cases, 3), 'r', { onDuplicate: 'keep-both', provider: { mode: 'new' } });
  return exportInspection(lead, ID);
}

/** What the inspector sees of the inspection (answers, notes, judgements, cases), for comparing with a first-time import. */
function seen(store: Store) {
  const { exportedAt: _at, changes: _log, ...rest } = exportInspection(store, ID);
  return rest;
}

/** The same file imported into a store that has never seen it. */
function firstTime(file: ReturnType<typeof leadFile>) {
  const store = newStore('Importer B');
  importInspection(store, file, frameworks.get(file.framework)!.revision, opts);
  return seen(store);
}

/** The re-import wrote the rows it brought back through the log: every row of the inspection has a logged creation. */
function everyRowLogged(store: Store) {
  const created = new Set(store.changes().filter((c) => c.field === '$create').map((c) => `${c.entity}:${c.id}`));
  const insp = store.getInspection(ID);
  expect(created.has(`inspection:${ID}`)).toBe(true);
  expect(created.has(`provider:${insp.provider.id}`)).toBe(true);
  for (const c of store.listCases(ID)) expect(created.has(`case:${c.id}`)).toBe(true);
}

describe('the same file imported again after an import that did not finish (found in review)', () => {
  it('cancelled once the inspection row was in, chunks still to go: the file imports again, as a first import gives it', async () => {
    const file = leadFile(40);
    const rev = frameworks.get(file.framework)!.revision;
    const store = newStore('Importer B');
    let cut = false;
    const cancel: WriteInTurn = async (w, o) => {
      if ((o?.cancellable ?? true) && inspectionExists(store, ID)) {
        cut = true;
        throw new Error('cancelled');
      }
      return w();
    };
    await expect(importNewInspectionInChunks(store, file, rev, opts, cancel)).rejects.toThrow('cancelled');
    expect(cut).toBe(true);
    expect(store.listInspections()).toEqual([]);
    expect(store.listProviders()).toEqual([]);
    const before = store.changeCount();
    // The chunked way declines a file whose changes the log already has; the whole-file way takes it.
    expect(await importNewInspectionInChunks(store, file, rev, opts, async (w) => w())).toBeNull();
    expect(importInspection(store, file, rev, opts)).toBe(ID);
    expect(seen(store)).toEqual(firstTime(file));
    expect(store.changeCount()).toBeGreaterThan(before);
    everyRowLogged(store);
    // And the same file again in its place: nothing differs, so nothing more is logged.
    const after = store.changeCount();
    expect(importInspection(store, file, rev, { ...opts, onDuplicate: 'replace' })).toBe(ID);
    expect(store.changeCount()).toBe(after);
  });

  it('cancelled at the last turn, every change replayed: the file imports again, as a first import gives it', async () => {
    const file = leadFile(10);
    const rev = frameworks.get(file.framework)!.revision;
    const store = newStore('Importer B');
    let replayed = false;
    const cancelAtLast: WriteInTurn = async (w, o) => {
      if ((o?.cancellable ?? true) && replayed) throw new Error('cancelled');
      const r = w();
      replayed = store.changes().length >= file.changes!.length;
      return r;
    };
    await expect(importNewInspectionInChunks(store, file, rev, opts, cancelAtLast)).rejects.toThrow('cancelled');
    expect(store.listInspections()).toEqual([]);
    expect(await importNewInspectionInChunks(store, file, rev, opts, async (w) => w())).toBeNull();
    expect(importInspection(store, file, rev, opts)).toBe(ID);
    expect(seen(store)).toEqual(firstTime(file));
    everyRowLogged(store);
  });

  it('the app stopped mid-import and the clean-up at the next start took it out: the file imports again, as a first import gives it', async () => {
    const file = leadFile(40);
    const rev = frameworks.get(file.framework)!.revision;
    const store = newStore('Importer B');
    // The app stops at the first turn after the inspection's row went in (more chunks to go): the turn never comes.
    void importNewInspectionInChunks(store, file, rev, opts, async (w, o) => ((o?.cancellable ?? true) && inspectionExists(store, ID) ? new Promise(() => {}) : w()));
    await new Promise((r) => setTimeout(r, 200));
    expect(discardUnfinishedImports(store)).toHaveLength(1);
    expect(store.listInspections()).toEqual([]);
    expect(importInspection(store, file, rev, opts)).toBe(ID);
    expect(seen(store)).toEqual(firstTime(file));
    everyRowLogged(store);
  });

  it('taken out between a case the file later deletes and that case\'s answers: the file imports again, as a first import gives it', () => {
    const lead = newStore('Lead Inspector');
    importInspection(lead, realisticFile(ID, 'Lead CRC', 6, 3), 'r', { onDuplicate: 'keep-both', provider: { mode: 'new' } });
    const removed = lead.listCases(ID)[1]!;
    // The lead reopens the final inspection, takes a case out of the sample and makes it final again.
    lead.apply([{ entity: 'inspection', id: ID, field: 'status', value: 'draft' }]);
    lead.deleteCase(removed.id);
    lead.apply([{ entity: 'inspection', id: ID, field: 'status', value: 'final' }]);
    const file = exportInspection(lead, ID);
    const rev = frameworks.get(file.framework)!.revision;
    // The log as an import replays it, cut just after that case's creation: its answers are still to come.
    const sorted = [...file.changes!].sort((a, b) => (a.clock < b.clock ? -1 : 1));
    const cut = sorted.findIndex((c) => c.entity === 'case' && c.id === removed.id && c.field === '$create') + 1;
    expect(sorted.slice(cut).some((c) => c.entity === 'answer' && c.field === '$create')).toBe(true);
    const store = newStore('Importer B');
    const u = { inspectionId: ID, importId: '00000000-0000-4000-8000-0000000000bb' };
    unfinishedImportsRepository(store.db).mark(u, new Date().toISOString());
    changesRepository(store.db).withSource(u.importId, () => store.replay(sorted.slice(0, cut), { inspectionId: ID }));
    expect(discardUnfinishedImports(store)).toHaveLength(1);
    expect(importInspection(store, file, rev, opts)).toBe(ID);
    expect(seen(store)).toEqual(firstTime(file));
    expect(store.listCases(ID).map((c) => c.id)).not.toContain(removed.id);
  });
});
