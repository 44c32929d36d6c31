import { describe, expect, it } from 'vitest';
import { FrameworkRegistry } from '../core';
import { realisticFile } from '../core/testing/realistic-file';
import { openDatabase } from './connection';
import { Store } from './store';
import { STILL_IMPORTING, type WriteInTurn, discardUnfinishedImports, exportInspection, inspectionExists, importInspection, importNewInspectionInChunks } from './exchange';

// An inspection a chunked import is still writing is in the store but hidden (unfinished-imports), and
// that import's clean-up (a cancel, a failure, the start after a crash) deletes whatever has its id.
// So an id with an unfinished import is "being imported": a second import of it is refused, and the
// first chunk marks an id only when neither a marker nor an inspection has it. Found in review
// (chunked import, finding 1): a second import replaced the hidden rows, stayed hidden, then was deleted.

const ID = '00000000-0000-4000-8000-0000000000aa';
const frameworks = new FrameworkRegistry();
const newStore = () => {
  const s = new Store(openDatabase(':memory:'), { frameworks });
  s.setUserName('Inspector A');
  return s;
};
/** A version 2 file (with its own log) of a new inspection under a provider this store has never seen. */
function v2File() {
  const lead = newStore();
  importInspection(lead, realisticFile(ID, 'Lead CRC', 40, 3), 'r', { onDuplicate: 'keep-both', provider: { mode: 'new' } });
  return exportInspection(lead, ID);
}
const source = { fileName: 'f.json', sha256: 'a'.repeat(64), backup: null };
const opts = { onDuplicate: 'keep-both' as const, provider: { mode: 'auto' as const }, source };
const replace = { ...opts, onDuplicate: 'replace' as const };
const passthrough: WriteInTurn = async (w) => w();
const settles = (p: Promise<unknown>) => p.then(
  () => 'done',
  (e: unknown) => (e instanceof Error ? e.message : String(e)),
);

/** Import A, whose turns after its first (once its rows are in) wait until `release` is called; then it is cancelled. */
function importHeldAfterFirstChunk(store: Store, file: ReturnType<typeof v2File>) {
  let n = 0;
  let release!: () => void;
  const gate = new Promise<void>((ok) => (release = ok));
  let firstWritten!: () => void;
  const written = new Promise<void>((ok) => (firstWritten = ok));
  const inTurn: WriteInTurn = async (w, o) => {
    if (++n > 1 && inspectionExists(store, ID) && (o?.cancellable ?? true)) {
      firstWritten();
      await gate;
      throw new Error('cancelled');
    }
    return w();
  };
  const rev = frameworks.get(file.framework)!.revision;
  return { a: importNewInspectionInChunks(store, file, rev, opts, inTurn), written, cancel: release };
}

describe('an inspection an unfinished import is writing', () => {
  // Found in review: import B of the same file (replace) went in whole over A's hidden rows and said it
  // was done; cancelling A then deleted it. Guards: B is refused in words, A's cancel leaves nothing.
  it('a second import of it is refused in words while the first runs, and cancelling the first leaves nothing', async () => {
    const file = v2File();
    const store = newStore();
    const rev = frameworks.get(file.framework)!.revision;
    const { a, written, cancel } = importHeldAfterFirstChunk(store, file);
    await written;
    expect(store.listInspections()).toEqual([]);
    // As runImport tries it: the chunked way, then whole; replace and keep-both alike.
    await expect(importNewInspectionInChunks(store, file, rev, replace, passthrough)).rejects.toThrow(STILL_IMPORTING);
    await expect(importNewInspectionInChunks(store, file, rev, opts, passthrough)).rejects.toThrow(STILL_IMPORTING);
    const changes = store.changeCount();
    expect(() => importInspection(store, file, rev, replace)).toThrow(STILL_IMPORTING);
    expect(() => importInspection(store, file, rev, opts)).toThrow(STILL_IMPORTING);
    // The refusals wrote nothing.
    expect(store.changeCount()).toBe(changes);
    cancel();
    await expect(a).rejects.toThrow('cancelled');
    expect(store.listInspections()).toEqual([]);
    expect(inspectionExists(store, ID)).toBeUndefined();
    expect(discardUnfinishedImports(store)).toHaveLength(0);
  });

  // Found in review: B replaced the hidden rows and was listed, then the clean-up at the next start (A
  // never finished: the app was killed) deleted it. Guards: B is refused, the clean-up takes A out only.
  it('is not imported over while a crash has left it unfinished, and the clean-up at the next start takes out only that import', async () => {
    const file = v2File();
    const store = newStore();
    const rev = frameworks.get(file.framework)!.revision;
    let n = 0;
    let killed!: () => void;
    const dead = new Promise<void>((ok) => (killed = ok));
    // The app is killed before A's next chunk: its turn never comes.
    void importNewInspectionInChunks(store, file, rev, opts, async (w) => {
      if (++n > 1 && inspectionExists(store, ID)) {
        killed();
        return new Promise(() => {});
      }
      return w();
    });
    await dead;
    expect(() => importInspection(store, file, rev, replace)).toThrow(STILL_IMPORTING);
    expect(store.listInspections()).toEqual([]);
    // Next start:
    expect(discardUnfinishedImports(store)).toHaveLength(1);
    expect({ listed: store.listInspections(), rows: inspectionExists(store, ID) ?? null }).toEqual({ listed: [], rows: null });
  });

  // The id is checked again in the transaction that writes the marker: another import may finish the
  // inspection between the chunked import's plan and its first chunk. Marked then, a clean-up after a
  // crash would delete that finished inspection. Guards: the chunked import stops in words, unmarked.
  it('a chunked import whose inspection another import finished while it waited stops before writing, so no clean-up deletes the finished one', async () => {
    const file = v2File();
    const store = newStore();
    const rev = frameworks.get(file.framework)!.revision;
    let n = 0;
    let secondTurn!: () => void;
    const reachedSecond = new Promise<string>((ok) => (secondTurn = () => ok('second turn')));
    const a = importNewInspectionInChunks(store, file, rev, opts, async (w) => {
      // Before A's first turn, import B of the same file finishes whole.
      if (++n === 1) expect(importInspection(store, file, rev, opts)).toBe(ID);
      else {
        // Had A gone on (marked), the app is killed here.
        secondTurn();
        return new Promise(() => {});
      }
      return w();
    });
    const outcome = await Promise.race([settles(a), reachedSecond]);
    expect(outcome).toMatch(/imported by another import while this one waited/);
    // The next start's clean-up finds nothing to take out; B's inspection stays.
    expect(discardUnfinishedImports(store)).toHaveLength(0);
    expect(store.listInspections().map((i) => i.id)).toEqual([ID]);
  });
});
