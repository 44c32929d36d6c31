import { type Answer, type AnswerFlags, type CaseAttributes, type CaseRecord, type InspectionInput, type Rating, caseAttributesSchema } from '../core';
import type { Statement } from 'better-sqlite3';
import type { Db } from './connection';

// Whole-inspection reads for the hot paths (case list, ratings): only the columns the caller needs,
// in one statement, as raw arrays rather than row objects. At 3,000 cases the object-per-row reads
// spent most of their time building rows and collecting them again.

type Raw = Statement<unknown[], unknown>;
const cached = new WeakMap<Db, Map<string, Raw>>();
function statement(db: Db, sql: string): Raw {
  let m = cached.get(db);
  if (!m) cached.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare<unknown[]>(sql).raw(true)));
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
 * A case's answered questions, as SQLite joins them in one text per case (see ENGINE_CASE): question id
 * and value separated by UNIT, answers by RECORD. Control characters no question id can hold (the
 * framework's ids are digits and dots, 2.1.3.a), and values are one of yes, no, na (the table checks it).
 */
const UNIT = '\x1f';
const RECORD = '\x1e';
const ANSWERS_OF_CASE = `(SELECT group_concat(a.question_id || char(31) || a.value, char(30)) FROM answer a WHERE a.case_id = c.id AND a.value IS NOT NULL)`;

/** What the engine needs of a case, one row per case: id, ref, sample, attributes and its answers joined. */
const ENGINE_CASE = `SELECT c.id, c.ref, c.sample, c.attributes, ${ANSWERS_OF_CASE} FROM case_file c`;
type EngineCaseRow = [id: string, ref: string, sample: string, attributes: string, answers: string | null];

function engineCase([, ref, sample, attributes, joined]: EngineCaseRow): CaseRecord {
  const answers: Record<string, Answer> = {};
  if (joined !== null)
    for (const pair of joined.split(RECORD)) {
      const at = pair.indexOf(UNIT);
      answers[pair.slice(0, at)] = pair.slice(at + 1) as Answer;
    }
  return { ref, sample, attributes: parseAttributes(attributes), answers };
}

/**
 * Everything the rating engine needs of the cases, by case id: their refs, samples and attributes and
 * every answered question, in one statement of one row per case. SQLite joins each case's answers into
 * one text (reading the answer table's primary key in case order), so JavaScript makes one string per
 * case rather than three values per answer: at 3,000 realistic cases (124,000 answers) the read took a
 * third of the time of one row per answer, and most of the garbage collection went. In ref order.
 */
export function engineCasesById(db: Db, inspectionId: string): Map<string, CaseRecord> {
  const rows = statement(db, `${ENGINE_CASE} WHERE c.inspection_id = ? ORDER BY c.inspection_id, c.ref`).all(inspectionId) as EngineCaseRow[];
  return new Map(rows.map((r) => [r[0], engineCase(r)]));
}

/** One case as `engineCasesById` reads it, or undefined when it is not a case of the inspection (deleted, or never was). */
export function engineCaseOf(db: Db, inspectionId: string, caseId: string): CaseRecord | undefined {
  const row = statement(db, `${ENGINE_CASE} WHERE c.id = ? AND c.inspection_id = ?`).get(caseId, inspectionId) as EngineCaseRow | undefined;
  return row && engineCase(row);
}

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
