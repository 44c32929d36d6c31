import { type Answer, type CaseRecord, CREATE, DELETE, type InspectionInput } from '../core';
import type { Db } from './connection';
import { engineCasesById, judgementsAndOverrides } from './lean-reads';
import { once } from './repositories/prepared';

// The rating engine's input for an inspection, kept in memory between calls and brought up to date
// from the change log rather than read again in full. Every write to the domain tables goes through
// the one write path, which appends to the change log in the same transaction, so the log's last
// sequence number is a change counter: an index built at sequence N is current while the log ends at
// N, and the entries after N name the cases to read again. A rolled-back write leaves no entry, and a
// change that lost to a newer one (a replayed file) is re-read from the row, never taken from the log.
// At 3,000 realistic cases the full read is about ten times the engine's own work; after a save the
// index reads one case.

/** Beyond this many changed cases a full read is as cheap as reading them one by one. */
const REBUILD_OVER_CASES = 500;
/** Inspections whose index is kept (each holds every answer of its cases): the ones being worked on. */
const KEPT = 4;

interface Entry {
  seq: number;
  cases: Map<string, CaseRecord>;
}

function freeze(c: CaseRecord): CaseRecord {
  // Handed out to callers without copying: frozen, so no caller can change what the next one is given.
  Object.freeze(c.answers);
  Object.freeze(c.attributes);
  return Object.freeze(c);
}

function statements(db: Db) {
  return once(db, 'answerIndex', (d) => ({
    lastSeq: d.prepare<[], number | null>('SELECT max(seq) FROM change_log').pluck(),
    since: d
      .prepare<[number, string], [string, string, string, string | null]>(
        // Entries of this inspection, and any answer or case change a replayed file logged without one.
        // NOT INDEXED leaves the planner only the sequence number (the rowid): through the index on the
        // kind of entity, or on the inspection, it read every answer and case entry in the file (about
        // 120 ms at 3,000 cases) rather than the few entries after `seq`.
        "SELECT entity, field, entity_id, case_id FROM change_log NOT INDEXED WHERE seq > ? AND entity IN ('answer', 'case', 'inspection') AND (inspection_id = ? OR (inspection_id IS NULL AND entity <> 'inspection'))",
      )
      .raw(true),
    caseRow: d.prepare<[string, string], [string, string, string]>('SELECT ref, sample, attributes FROM case_file WHERE id = ? AND inspection_id = ?').raw(true),
    caseAnswers: d.prepare<[string], [string, Answer]>('SELECT question_id, value FROM answer WHERE case_id = ? AND value IS NOT NULL').raw(true),
    kept: new Map<string, Entry>(),
  }));
}

// The same parse as the full read, so both give the engine the same records.
const parseAttributes = engineCasesById.parseAttributes;

/**
 * The cases the engine rates, read afresh for the named cases: a case that is gone (deleted, or not in
 * this inspection) is removed.
 */
function refresh(db: Db, entry: Entry, inspectionId: string, caseIds: Iterable<string>): void {
  const s = statements(db);
  for (const caseId of caseIds) {
    const row = s.caseRow.get(caseId, inspectionId);
    if (!row) {
      entry.cases.delete(caseId);
      continue;
    }
    const answers: Record<string, Answer> = {};
    for (const [q, v] of s.caseAnswers.all(caseId)) answers[q] = v;
    entry.cases.set(caseId, freeze({ ref: row[0], sample: row[1], attributes: parseAttributes(row[2]), answers }));
  }
}

function rebuild(db: Db, inspectionId: string, seq: number): Entry {
  const cases = engineCasesById(db, inspectionId);
  for (const c of cases.values()) freeze(c);
  return { seq, cases };
}

/**
 * The engine's input for an inspection: the same as `ratingInput` (the full read), from an index kept
 * current by the change log. Judgements and overrides (a few rows) are read each time.
 */
export function indexedRatingInput(db: Db, inspectionId: string): InspectionInput {
  const s = statements(db);
  // One read transaction: the counter, the entries after it and the rows read again are one snapshot.
  const cases = db.transaction((): CaseRecord[] => {
    const seq = s.lastSeq.get() ?? 0;
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
    return [...entry.cases.values()];
  })();
  return { cases, ...judgementsAndOverrides(db, inspectionId) };
}
