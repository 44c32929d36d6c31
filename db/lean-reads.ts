import { type Answer, type AnswerFlags, type CaseAttributes, type CaseRecord, type InspectionInput, type Rating, caseAttributesSchema } from '../core';
import type { Db } from './connection';

// Whole-inspection reads for the hot paths (case list, ratings): only the columns the caller needs,
// in one statement, as raw arrays rather than row objects. At 3,000 cases the object-per-row reads
// spent most of their time building rows and collecting them again.

const cached = new WeakMap<Db, Map<string, ReturnType<Db['prepare']>>>();
function statement(db: Db, sql: string) {
  let m = cached.get(db);
  if (!m) cached.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql).raw(true)));
  return s;
}

function parseAttributes(json: string): CaseAttributes {
  const r = caseAttributesSchema.safeParse(JSON.parse(json));
  return r.success ? r.data : {};
}

/**
 * Key-question answers of every case of an inspection, by case id: the value and whether an evidence
 * note is written, never the note's text. Prompts are left out (ids with a fourth part, 2.1.3.a: the
 * method's own id scheme), since progress counts key questions only. `onlyCases`: those cases' answers only
 * (they must belong to the inspection).
 */
export function keyAnswerFlags(db: Db, inspectionId: string, onlyCases?: readonly string[]): Map<string, Map<string, AnswerFlags>> {
  const rows = onlyCases
    ? onlyCases.flatMap(
        (caseId) =>
          statement(db, `SELECT case_id, question_id, value, trim(note) != '' FROM answer WHERE case_id = ? AND question_id NOT GLOB '*.*.*.*'`).all(caseId) as [string, string, Answer | null, number][],
      )
    : (statement(
        db,
        `SELECT a.case_id, a.question_id, a.value, trim(a.note) != '' FROM answer a JOIN case_file c ON c.id = a.case_id
         WHERE c.inspection_id = ? AND a.question_id NOT GLOB '*.*.*.*'`,
      ).all(inspectionId) as [string, string, Answer | null, number][]);
  const out = new Map<string, Map<string, AnswerFlags>>();
  for (const [caseId, questionId, value, hasNote] of rows) {
    let m = out.get(caseId);
    if (!m) out.set(caseId, (m = new Map()));
    m.set(questionId, { value, hasNote: hasNote === 1 });
  }
  return out;
}

/**
 * Everything the rating engine needs of the cases, by case id: their refs, samples and attributes, then
 * every answered question in one pass (raw rows, no objects per answer; the attributes are not repeated
 * per answer). In ref order.
 */
export function engineCasesById(db: Db, inspectionId: string): Map<string, CaseRecord> {
  // Cases by rowid: an integer key per answer row is cheaper to carry than the case's UUID text.
  const rows = statement(db, 'SELECT rowid, id, ref, sample, attributes FROM case_file WHERE inspection_id = ? ORDER BY inspection_id, ref').all(inspectionId) as [number, string, string, string, string][];
  const byRowid = new Map<number, Record<string, Answer>>();
  const out = new Map<string, CaseRecord>();
  for (const [rowid, id, ref, sample, attributes] of rows) {
    const answers: Record<string, Answer> = {};
    byRowid.set(rowid, answers);
    out.set(id, { ref, sample, attributes: parseAttributes(attributes), answers });
  }
  const answers = statement(
    db,
    'SELECT c.rowid, a.question_id, a.value FROM case_file c JOIN answer a ON a.case_id = c.id WHERE c.inspection_id = ? AND a.value IS NOT NULL',
  ).all(inspectionId) as [number, string, Answer][];
  for (const [caseId, questionId, value] of answers) byRowid.get(caseId)![questionId] = value;
  return out;
}
engineCasesById.parseAttributes = parseAttributes;

/** The cases as `engineCasesById` reads them, in ref order. */
export function engineCases(db: Db, inspectionId: string): CaseRecord[] {
  return [...engineCasesById(db, inspectionId).values()];
}

/** An inspection's judgements and rating overrides, as the engine takes them. */
export function judgementsAndOverrides(db: Db, inspectionId: string): Pick<InspectionInput, 'judgements' | 'overrides'> {
  const judgements = statement(db, 'SELECT standard_id, rating, rationale FROM judgement WHERE inspection_id = ?').all(inspectionId) as [string, Rating | null, string][];
  const overrides = statement(db, 'SELECT standard_id, rating, reason FROM rating_override WHERE inspection_id = ?').all(inspectionId) as [string, Rating, string][];
  return {
    judgements: Object.fromEntries(judgements.map(([s, rating, rationale]) => [s, { rating, rationale }])),
    overrides: Object.fromEntries(overrides.map(([s, rating, reason]) => [s, { rating, reason }])),
  };
}

/** The rating engine's whole input for an inspection, read in full: cases as above, with judgements and overrides. */
export function ratingInput(db: Db, inspectionId: string): InspectionInput {
  return { cases: engineCases(db, inspectionId), ...judgementsAndOverrides(db, inspectionId) };
}

/** Ids and refs of an inspection's cases, and nothing else: what ordering the case list needs. */
export function caseRefs(db: Db, inspectionId: string): { id: string; ref: string }[] {
  return (statement(db, 'SELECT id, ref FROM case_file WHERE inspection_id = ?').all(inspectionId) as [string, string][]).map(([id, ref]) => ({ id, ref }));
}

/**
 * Who each case is assigned to and how far it has got, without reading its answers into objects: what
 * team progress counts. Status as deriveCaseStatus gives it (complete; in progress once any answer or
 * note is written; not started).
 */
export function caseAssignments(db: Db, inspectionId: string): { ref: string; assignedInspector: string; status: 'not-started' | 'in-progress' | 'complete' }[] {
  const rows = statement(
    db,
    `SELECT c.ref, c.assigned_inspector, c.completed_at IS NOT NULL,
       EXISTS (SELECT 1 FROM answer a WHERE a.case_id = c.id AND (a.value IS NOT NULL OR trim(a.note, ' ' || char(9, 10, 13)) <> ''))
     FROM case_file c WHERE c.inspection_id = ?`,
  ).all(inspectionId) as [string, string, number, number][];
  return rows.map(([ref, assignedInspector, complete, started]) => ({ ref, assignedInspector, status: complete ? 'complete' : started ? 'in-progress' : 'not-started' }));
}
