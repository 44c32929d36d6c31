import { type CaseRecord, CREATE, DELETE, type Framework, type InspectionInput, type InspectionResult, RatingTally, rateFromTally } from '../core';
import type { Db } from './connection';
import { engineCaseOf, engineCasesById, judgementsAndOverrides } from './lean-reads';
import { changesRepository } from './repositories/changes';
import { once } from './repositories/prepared';

// The rating engine's input for an inspection, kept in memory between calls and brought up to date
// from the change log rather than read again in full. Every write to the domain tables goes through
// the one write path, which appends to the change log in the same transaction, so the log's last
// sequence number is a change counter: an index built at sequence N is current while the log ends at
// N, and the entries after N name the cases to read again. A rolled-back write leaves no entry, and a
// change that lost to a newer one (a replayed file) is re-read from the row, never taken from the log.
// At 3,000 realistic cases the full read is about ten times the engine's own work; after a save the
// index reads one case. The engine's counts (core/engine/tally.ts) are kept beside the cases and moved
// by the same changes: the old record of a changed case is taken out and the new one put in, so the
// ratings after a save cost the engine one case, not 3,000.

/** Beyond this many changed cases a full read is as cheap as reading them one by one. */
const REBUILD_OVER_CASES = 500;
/** Inspections whose index is kept (each holds every answer of its cases): the ones being worked on. */
const KEPT = 4;

interface Entry {
  seq: number;
  cases: Map<string, CaseRecord>;
  /** The cases counted for the engine, per framework they were rated under (one, in practice). */
  tallies: Map<Framework, RatingTally>;
}

function freeze(c: CaseRecord): CaseRecord {
  // Handed out to callers without copying: frozen, so no caller can change what the next one is given.
  Object.freeze(c.answers);
  Object.freeze(c.attributes);
  return Object.freeze(c);
}

function statements(db: Db) {
  return once(db, 'answerIndex', (d) => ({
    since: d
      .prepare<[number, string], [string, string, string, string | null]>(
        // Entries of this inspection, and any answer or case change a replayed file logged without one.
        // NOT INDEXED leaves the planner only the sequence number (the rowid): through the index on the
        // kind of entity, or on the inspection, it read every answer and case entry in the file (about
        // 120 ms at 3,000 cases) rather than the few entries after `seq`.
        "SELECT entity, field, entity_id, case_id FROM change_log NOT INDEXED WHERE seq > ? AND entity IN ('answer', 'case', 'inspection') AND (inspection_id = ? OR (inspection_id IS NULL AND entity <> 'inspection'))",
      )
      .raw(true),
    kept: new Map<string, Entry>(),
  }));
}

/**
 * The cases the engine rates, read afresh for the named cases: a case that is gone (deleted, or not in
 * this inspection) is removed. Each kept tally takes the old record out and the new one in.
 */
function refresh(db: Db, entry: Entry, inspectionId: string, caseIds: Iterable<string>): void {
  for (const caseId of caseIds) {
    const now = engineCaseOf(db, inspectionId, caseId);
    const was = entry.cases.get(caseId);
    for (const tally of entry.tallies.values()) {
      if (was) tally.remove(was);
      if (now) tally.add(now);
    }
    if (now) entry.cases.set(caseId, freeze(now));
    else entry.cases.delete(caseId);
  }
}

function rebuild(db: Db, inspectionId: string, seq: number): Entry {
  const cases = engineCasesById(db, inspectionId);
  for (const c of cases.values()) freeze(c);
  return { seq, cases, tallies: new Map() };
}

/** The inspection's kept entry, brought up to the change log's end. Call inside a read transaction. */
function current(db: Db, inspectionId: string): Entry {
  const s = statements(db);
  const seq = changesRepository(db).lastSeq();
  let entry = s.kept.get(inspectionId);
  if (entry && entry.seq !== seq) {
    const changed = new Set<string>();
    let whole = false;
    for (const [entity, field, entityId, caseId] of s.since.all(entry.seq, inspectionId)) {
      if (entity === 'inspection') {
        // The inspection deleted (its cases go with it) or replaced: read it all again.
        if (field === DELETE || field === CREATE) whole = true;
        continue;
      }
      const id = entity === 'case' ? entityId : caseId;
      if (id === null) whole = true;
      else changed.add(id);
      if (whole || changed.size > REBUILD_OVER_CASES) break;
    }
    if (whole || changed.size > REBUILD_OVER_CASES) entry = undefined;
    else {
      refresh(db, entry, inspectionId, changed);
      entry.seq = seq;
    }
  }
  if (!entry) entry = rebuild(db, inspectionId, seq);
  // Most recently used last; the least recently used goes when more than KEPT are kept.
  s.kept.delete(inspectionId);
  s.kept.set(inspectionId, entry);
  for (const k of s.kept.keys()) if (s.kept.size > KEPT) s.kept.delete(k);
  return entry;
}

/**
 * The engine's input for an inspection: the same as `ratingInput` (the full read), from an index kept
 * current by the change log. Judgements and overrides (a few rows) are read each time.
 */
export function indexedRatingInput(db: Db, inspectionId: string): InspectionInput {
  // Inside a caller's transaction the log may hold changes that are then rolled back, and their
  // sequence numbers handed out again to others: read afresh and keep nothing.
  if (db.inTransaction) return { cases: [...engineCasesById(db, inspectionId).values()], ...judgementsAndOverrides(db, inspectionId) };
  // One read transaction: the counter, the entries after it, the rows read again and the judgements are one snapshot.
  return db.transaction(() => ({ cases: [...current(db, inspectionId).cases.values()], ...judgementsAndOverrides(db, inspectionId) }))();
}

function tallyOf(f: Framework, cases: Iterable<CaseRecord>): RatingTally {
  const tally = new RatingTally(f);
  for (const c of cases) tally.add(c);
  return tally;
}

/**
 * The inspection's ratings under framework `f`: the same as `rateInspection(f, ratingInput(…))` (the
 * full read and count), from the kept index and its kept counts. The first call for an inspection
 * counts every case; a call after a save moves the counts by the cases that changed.
 */
export function indexedRatings(db: Db, inspectionId: string, f: Framework): InspectionResult {
  // As above: within a caller's transaction, which may yet roll back, count afresh and keep nothing.
  if (db.inTransaction) return rateFromTally(tallyOf(f, engineCasesById(db, inspectionId).values()), judgementsAndOverrides(db, inspectionId));
  return db.transaction(() => {
    const entry = current(db, inspectionId);
    let tally = entry.tallies.get(f);
    if (!tally) {
      tally = tallyOf(f, entry.cases.values());
      entry.tallies.set(f, tally);
    }
    return rateFromTally(tally, judgementsAndOverrides(db, inspectionId));
  })();
}
