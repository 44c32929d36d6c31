import { randomUUID } from 'node:crypto';
import {
  type Answer,
  type CaseAttributes,
  type CaseDetail,
  type SampleRow,
  type CaseSummary,
  type InspectionInput,
  type InspectionSummary,
  type Provider,
  caseAttributesSchema,
} from '../core';
import type { Db } from './connection';

/** Cases as stored; progress counts need the framework and are added above this layer. */
export type StoredCase = Omit<CaseSummary, 'unansweredCount' | 'missingNoteCount'>;
export type StoredCaseDetail = Omit<CaseDetail, 'unansweredCount' | 'missingNoteCount'>;

/** A known failure the IPC layer reports with its own code. */
export class StoreError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface NewProvider {
  name: string;
  type: Provider['type'];
  owner: string;
  region: string;
}

export interface NewInspection {
  providerId: string;
  frameworkId: string;
  frameworkRevision: string;
  fieldworkStart: string;
  fieldworkEnd: string;
  caseloadSize: number | null;
}

/** A case to add: what a sample CSV row carries, for one inspection. */
export type NewCase = Omit<SampleRow, 'line'> & { inspectionId: string };

interface AuditRow {
  case_ref: string | null;
  what: AuditEntry['what'];
  item: string;
  old_value: string | null;
  new_value: string | null;
  changed_by: string;
  changed_at: string;
}

export interface AuditEntry {
  caseRef: string | null;
  what: 'answer' | 'note' | 'judgement' | 'judgement-note' | 'override' | 'completion';
  item: string;
  oldValue: string | null;
  newValue: string | null;
  changedBy: string;
  changedAt: string;
}

const toAudit = (r: AuditRow): AuditEntry => ({
  caseRef: r.case_ref,
  what: r.what,
  item: r.item,
  oldValue: r.old_value,
  newValue: r.new_value,
  changedBy: r.changed_by,
  changedAt: r.changed_at,
});

export interface CaseContext {
  inspectionId: string;
  ref: string;
  sample: string;
  frameworkId: string;
  frameworkRevision: string;
}

interface InspectionRow {
  id: string;
  provider_id: string;
  provider_name: string;
  provider_type: Provider['type'];
  provider_owner: string;
  provider_region: string;
  framework_id: string;
  framework_revision: string;
  fieldwork_start: string;
  fieldwork_end: string;
  caseload_size: number | null;
  status: 'draft' | 'final';
  updated_at: string;
  case_count: number;
  complete_count: number;
}

interface CaseRow {
  id: string;
  inspection_id: string;
  ref: string;
  crn: string;
  name: string;
  sample: string;
  attributes: string;
  assigned_inspector: string;
  completed_at: string | null;
  answered_count: number;
}

interface AnswerRow {
  question_id: string;
  value: Answer | null;
  note: string;
  updated_at: string;
  updated_by: string;
}

const INSPECTION_SELECT = `
  SELECT i.id, i.provider_id, p.name AS provider_name, p.type AS provider_type, p.owner AS provider_owner,
         p.region AS provider_region, i.framework_id, i.framework_revision, i.fieldwork_start, i.fieldwork_end,
         i.caseload_size, i.status, i.updated_at,
         (SELECT count(*) FROM case_file c WHERE c.inspection_id = i.id) AS case_count,
         (SELECT count(*) FROM case_file c WHERE c.inspection_id = i.id AND c.completed_at IS NOT NULL) AS complete_count
  FROM inspection i JOIN provider p ON p.id = i.provider_id`;

const CASE_SELECT = `
  SELECT c.id, c.inspection_id, c.ref, c.crn, c.name, c.sample, c.attributes, c.assigned_inspector, c.completed_at,
         (SELECT count(*) FROM answer a WHERE a.case_id = c.id AND a.value IS NOT NULL) AS answered_count
  FROM case_file c`;

function parseAttributes(json: string): CaseAttributes {
  // Stored by this layer from validated input; parsed again so a hand-edited row cannot leak junk upward.
  const r = caseAttributesSchema.safeParse(JSON.parse(json));
  return r.success ? r.data : {};
}

function toCaseSummary(r: CaseRow): StoredCase {
  return {
    id: r.id,
    inspectionId: r.inspection_id,
    ref: r.ref,
    sample: r.sample,
    assignedInspector: r.assigned_inspector,
    attributes: parseAttributes(r.attributes),
    status: r.completed_at ? 'complete' : r.answered_count > 0 ? 'in-progress' : 'not-started',
    answeredCount: r.answered_count,
  };
}

function toInspection(r: InspectionRow): InspectionSummary {
  return {
    id: r.id,
    provider: { id: r.provider_id, name: r.provider_name, type: r.provider_type, owner: r.provider_owner, region: r.provider_region },
    frameworkId: r.framework_id,
    frameworkRevision: r.framework_revision,
    fieldworkStart: r.fieldwork_start,
    fieldworkEnd: r.fieldwork_end,
    caseloadSize: r.caseload_size,
    status: r.status,
    caseCount: r.case_count,
    completeCount: r.complete_count,
    updatedAt: r.updated_at,
  };
}

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/**
 * All reads and writes of the store: raw SQL, statements prepared once, each write one
 * synchronous transaction. The clock is injected so tests can pin timestamps.
 */
export class Store {
  private readonly s;

  constructor(
    readonly db: Db,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {
    this.s = {
      providers: db.prepare<[], Provider>('SELECT id, name, type, owner, region FROM provider ORDER BY name COLLATE NOCASE'),
      provider: db.prepare<[string], Provider>('SELECT id, name, type, owner, region FROM provider WHERE id = ?'),
      insertProvider: db.prepare(
        'INSERT INTO provider (id, name, type, owner, region, created_at) VALUES (@id, @name, @type, @owner, @region, @now)',
      ),
      inspections: db.prepare<[], InspectionRow>(`${INSPECTION_SELECT} ORDER BY i.fieldwork_start DESC, p.name COLLATE NOCASE`),
      inspection: db.prepare<[string], InspectionRow>(`${INSPECTION_SELECT} WHERE i.id = ?`),
      insertInspection: db.prepare(
        `INSERT INTO inspection (id, provider_id, framework_id, framework_revision, fieldwork_start, fieldwork_end, caseload_size, created_at, updated_at)
         VALUES (@id, @providerId, @frameworkId, @frameworkRevision, @fieldworkStart, @fieldworkEnd, @caseloadSize, @now, @now)`,
      ),
      touchInspection: db.prepare('UPDATE inspection SET updated_at = ? WHERE id = ?'),
      cases: db.prepare<[string], CaseRow>(`${CASE_SELECT} WHERE c.inspection_id = ? ORDER BY c.ref COLLATE NOCASE`),
      case: db.prepare<[string], CaseRow>(`${CASE_SELECT} WHERE c.id = ?`),
      caseContext: db.prepare<[string], CaseContext>(
        `SELECT c.inspection_id AS inspectionId, c.ref, c.sample, i.framework_id AS frameworkId, i.framework_revision AS frameworkRevision
         FROM case_file c JOIN inspection i ON i.id = c.inspection_id WHERE c.id = ?`,
      ),
      insertCase: db.prepare(
        `INSERT INTO case_file (id, inspection_id, ref, crn, name, sample, attributes, assigned_inspector, created_at)
         VALUES (@id, @inspectionId, @ref, @crn, @name, @sample, @attributes, @assignedInspector, @now)`,
      ),
      answers: db.prepare<[string], AnswerRow>(
        'SELECT question_id, value, note, updated_at, updated_by FROM answer WHERE case_id = ? ORDER BY question_id',
      ),
      answer: db.prepare<[string, string], AnswerRow>(
        'SELECT question_id, value, note, updated_at, updated_by FROM answer WHERE case_id = ? AND question_id = ?',
      ),
      upsertValue: db.prepare(
        `INSERT INTO answer (case_id, question_id, value, updated_at, updated_by) VALUES (@caseId, @questionId, @value, @now, @by)
         ON CONFLICT (case_id, question_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ),
      upsertNote: db.prepare(
        `INSERT INTO answer (case_id, question_id, note, updated_at, updated_by) VALUES (@caseId, @questionId, @note, @now, @by)
         ON CONFLICT (case_id, question_id) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ),
      inspectionAnswers: db.prepare<[string], { case_id: string; question_id: string; value: Answer }>(
        `SELECT a.case_id, a.question_id, a.value FROM answer a JOIN case_file c ON c.id = a.case_id
         WHERE c.inspection_id = ? AND a.value IS NOT NULL`,
      ),
      caseAnswers: db.prepare<[string], { case_id: string; question_id: string; value: Answer | null; note: string }>(
        `SELECT a.case_id, a.question_id, a.value, a.note FROM answer a JOIN case_file c ON c.id = a.case_id WHERE c.inspection_id = ?`,
      ),
      setCompleted: db.prepare('UPDATE case_file SET completed_at = ? WHERE id = ?'),
      refs: db.prepare<[string], { ref: string }>('SELECT ref FROM case_file WHERE inspection_id = ?'),
      upsertJudgement: db.prepare(
        `INSERT INTO judgement (inspection_id, standard_id, rating, rationale, updated_at) VALUES (@inspectionId, @standardId, @rating, @rationale, @now)
         ON CONFLICT (inspection_id, standard_id) DO UPDATE SET rating = excluded.rating, rationale = excluded.rationale, updated_at = excluded.updated_at`,
      ),
      upsertJudgementNote: db.prepare(
        `INSERT INTO judgement_note (inspection_id, key_question_id, text, updated_at) VALUES (@inspectionId, @keyQuestionId, @text, @now)
         ON CONFLICT (inspection_id, key_question_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
      ),
      judgementNotes: db.prepare<[string], { key_question_id: string; text: string }>('SELECT key_question_id, text FROM judgement_note WHERE inspection_id = ?'),
      upsertOverride: db.prepare(
        `INSERT INTO rating_override (inspection_id, standard_id, rating, reason, updated_at) VALUES (@inspectionId, @standardId, @rating, @reason, @now)
         ON CONFLICT (inspection_id, standard_id) DO UPDATE SET rating = excluded.rating, reason = excluded.reason, updated_at = excluded.updated_at`,
      ),
      deleteOverride: db.prepare('DELETE FROM rating_override WHERE inspection_id = ? AND standard_id = ?'),
      standardTexts: db.prepare<[string], { standard_id: string; strengths: string; improvements: string }>(
        'SELECT standard_id, strengths, improvements FROM standard_text WHERE inspection_id = ? ORDER BY standard_id',
      ),
      upsertStandardText: db.prepare(
        `INSERT INTO standard_text (inspection_id, standard_id, strengths, improvements, updated_at) VALUES (@inspectionId, @standardId, @strengths, @improvements, @now)
         ON CONFLICT (inspection_id, standard_id) DO UPDATE SET strengths = excluded.strengths, improvements = excluded.improvements, updated_at = excluded.updated_at`,
      ),
      recommendations: db.prepare<[string], { text: string }>('SELECT text FROM recommendation WHERE inspection_id = ? ORDER BY position'),
      deleteRecommendations: db.prepare('DELETE FROM recommendation WHERE inspection_id = ?'),
      insertRecommendation: db.prepare('INSERT INTO recommendation (id, inspection_id, position, text) VALUES (?, ?, ?, ?)'),
      audit: db.prepare(
        `INSERT INTO audit (inspection_id, case_ref, what, item, old_value, new_value, changed_by, changed_at)
         VALUES (@inspectionId, @caseRef, @what, @item, @oldValue, @newValue, @by, @at)`,
      ),
      auditFor: db.prepare<[string], AuditRow>(
        'SELECT case_ref, what, item, old_value, new_value, changed_by, changed_at FROM audit WHERE inspection_id = ? ORDER BY id',
      ),
      auditForCase: db.prepare<[string, string], AuditRow>(
        'SELECT case_ref, what, item, old_value, new_value, changed_by, changed_at FROM audit WHERE inspection_id = ? AND case_ref = ? ORDER BY id',
      ),
      judgementRow: db.prepare<[string, string], { rating: string | null; rationale: string }>('SELECT rating, rationale FROM judgement WHERE inspection_id = ? AND standard_id = ?'),
      overrideRow: db.prepare<[string, string], { rating: string; reason: string }>('SELECT rating, reason FROM rating_override WHERE inspection_id = ? AND standard_id = ?'),
      setting: db.prepare<[string], { value: string }>('SELECT value FROM setting WHERE key = ?'),
      putSetting: db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      judgements: db.prepare<[string], { standard_id: string; rating: InspectionInput['judgements'][string]['rating']; rationale: string }>(
        'SELECT standard_id, rating, rationale FROM judgement WHERE inspection_id = ?',
      ),
      overrides: db.prepare<[string], { standard_id: string; rating: InspectionInput['overrides'][string]['rating']; reason: string }>(
        'SELECT standard_id, rating, reason FROM rating_override WHERE inspection_id = ?',
      ),
    };
  }

  listProviders(): Provider[] {
    return this.s.providers.all();
  }

  getProvider(id: string): Provider {
    const p = this.s.provider.get(id);
    if (!p) throw new StoreError('NOT_FOUND', 'That provider no longer exists.');
    return p;
  }

  createProvider(p: NewProvider): Provider {
    const id = randomUUID();
    try {
      this.s.insertProvider.run({ ...p, id, now: this.now() });
    } catch (e) {
      if (isUniqueViolation(e)) throw new StoreError('CONFLICT', `A provider called "${p.name}" already exists.`, 'name');
      throw e;
    }
    return this.getProvider(id);
  }

  listInspections(): InspectionSummary[] {
    return this.s.inspections.all().map(toInspection);
  }

  getInspection(id: string): InspectionSummary {
    const r = this.s.inspection.get(id);
    if (!r) throw new StoreError('NOT_FOUND', 'That inspection no longer exists.');
    return toInspection(r);
  }

  /** Creates the inspection, and its provider when new, in one transaction. */
  createInspection(i: Omit<NewInspection, 'providerId'> & { providerId?: string; newProvider?: NewProvider }): InspectionSummary {
    const id = randomUUID();
    this.db.transaction(() => {
      const providerId = i.newProvider ? this.createProvider(i.newProvider).id : this.getProvider(i.providerId ?? '').id;
      this.s.insertInspection.run({
        id,
        providerId,
        frameworkId: i.frameworkId,
        frameworkRevision: i.frameworkRevision,
        fieldworkStart: i.fieldworkStart,
        fieldworkEnd: i.fieldworkEnd,
        caseloadSize: i.caseloadSize,
        now: this.now(),
      });
    })();
    return this.getInspection(id);
  }

  listCases(inspectionId: string): StoredCase[] {
    this.getInspection(inspectionId);
    return this.s.cases.all(inspectionId).map(toCaseSummary);
  }

  private caseRow(caseId: string): CaseRow {
    const r = this.s.case.get(caseId);
    if (!r) throw new StoreError('NOT_FOUND', 'That case no longer exists.');
    return r;
  }

  addCase(c: NewCase): StoredCase {
    const id = randomUUID();
    this.db.transaction(() => {
      this.getInspection(c.inspectionId);
      try {
        this.s.insertCase.run({ ...c, id, attributes: JSON.stringify(c.attributes), now: this.now() });
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreError('CONFLICT', `This inspection already has a case "${c.ref}".`, 'ref');
        throw e;
      }
      this.s.touchInspection.run(this.now(), c.inspectionId);
    })();
    return toCaseSummary(this.caseRow(id));
  }

  getCase(caseId: string): StoredCaseDetail {
    const r = this.caseRow(caseId);
    const insp = this.getInspection(r.inspection_id);
    return {
      ...toCaseSummary(r),
      crn: r.crn,
      name: r.name,
      frameworkId: insp.frameworkId,
      frameworkRevision: insp.frameworkRevision,
      answers: this.s.answers.all(caseId).map((a) => ({
        questionId: a.question_id,
        value: a.value,
        note: a.note,
        updatedAt: a.updated_at,
        updatedBy: a.updated_by,
      })),
    };
  }

  getCaseSummary(caseId: string): StoredCase {
    return toCaseSummary(this.caseRow(caseId));
  }

  /** What a write to a case needs to know about it, in one lookup; throws NOT_FOUND. */
  caseContext(caseId: string): CaseContext {
    const c = this.s.caseContext.get(caseId);
    if (!c) throw new StoreError('NOT_FOUND', 'That case no longer exists.');
    return c;
  }

  setAnswer(caseId: string, questionId: string, value: Answer | null, by: string): CaseDetail['answers'][number] {
    return this.writeAnswer(caseId, questionId, by, 'answer', value, () => this.s.upsertValue.run({ caseId, questionId, value, by, now: this.now() }));
  }

  setNote(caseId: string, questionId: string, note: string, by: string): CaseDetail['answers'][number] {
    return this.writeAnswer(caseId, questionId, by, 'note', note, () => this.s.upsertNote.run({ caseId, questionId, note, by, now: this.now() }));
  }

  /** Records one change in the audit trail, inside the caller's transaction. */
  private recordAudit(e: Omit<AuditEntry, 'changedAt'> & { inspectionId: string }): void {
    if (e.oldValue === e.newValue) return;
    this.s.audit.run({ inspectionId: e.inspectionId, caseRef: e.caseRef, what: e.what, item: e.item, oldValue: e.oldValue, newValue: e.newValue, by: e.changedBy, at: this.now() });
  }

  audit(inspectionId: string, caseRef?: string): AuditEntry[] {
    this.getInspection(inspectionId);
    return (caseRef === undefined ? this.s.auditFor.all(inspectionId) : this.s.auditForCase.all(inspectionId, caseRef)).map(toAudit);
  }

  /** Restores an audit trail read from a file, in the caller's transaction. */
  importAudit(inspectionId: string, entries: readonly AuditEntry[]): void {
    for (const e of entries)
      this.s.audit.run({ inspectionId, caseRef: e.caseRef, what: e.what, item: e.item, oldValue: e.oldValue, newValue: e.newValue, by: e.changedBy, at: e.changedAt });
  }

  private writeAnswer(caseId: string, questionId: string, by: string, what: 'answer' | 'note', next: string | null, write: () => void): CaseDetail['answers'][number] {
    return this.db.transaction(() => {
      const { inspectionId, ref } = this.caseContext(caseId);
      const before = this.s.answer.get(caseId, questionId);
      write();
      this.recordAudit({ inspectionId, caseRef: ref, what, item: questionId, oldValue: what === 'answer' ? (before?.value ?? null) : (before?.note ?? ''), newValue: next, changedBy: by });
      this.s.touchInspection.run(this.now(), inspectionId);
      const a = this.s.answer.get(caseId, questionId)!;
      return { questionId: a.question_id, value: a.value, note: a.note, updatedAt: a.updated_at, updatedBy: a.updated_by };
    })();
  }

  /** Every answer and note of an inspection's cases, by case id. */
  answersByCase(inspectionId: string): Map<string, Map<string, { value: Answer | null; note: string }>> {
    const out = new Map<string, Map<string, { value: Answer | null; note: string }>>();
    for (const a of this.s.caseAnswers.all(inspectionId)) {
      let m = out.get(a.case_id);
      if (!m) out.set(a.case_id, (m = new Map()));
      m.set(a.question_id, { value: a.value, note: a.note });
    }
    return out;
  }

  setCompleted(caseId: string, complete: boolean, by = ''): void {
    this.db.transaction(() => {
      const { inspectionId, ref } = this.caseContext(caseId);
      const was = this.caseRow(caseId).completed_at !== null;
      this.recordAudit({ inspectionId, caseRef: ref, what: 'completion', item: ref, oldValue: was ? 'complete' : 'open', newValue: complete ? 'complete' : 'open', changedBy: by });
      this.s.setCompleted.run(complete ? this.now() : null, caseId);
      this.s.touchInspection.run(this.now(), inspectionId);
    })();
  }

  caseRefs(inspectionId: string): Set<string> {
    return new Set(this.s.refs.all(inspectionId).map((r) => r.ref));
  }

  /** Adds many cases in one transaction: all arrive or none do. */
  importCases(cases: NewCase[]): number {
    return this.db.transaction(() => {
      for (const c of cases) this.addCase(c);
      return cases.length;
    })();
  }

  judgements(inspectionId: string): { standardId: string; rating: InspectionInput['judgements'][string]['rating']; rationale: string; notes: Record<string, string> }[] {
    this.getInspection(inspectionId);
    const notes = this.s.judgementNotes.all(inspectionId);
    return this.s.judgements.all(inspectionId).map((j) => ({
      standardId: j.standard_id,
      rating: j.rating,
      rationale: j.rationale,
      notes: Object.fromEntries(notes.filter((n) => n.key_question_id.startsWith(`${j.standard_id}.`)).map((n) => [n.key_question_id, n.text])),
    }));
  }

  setJudgement(inspectionId: string, standardId: string, rating: InspectionInput['judgements'][string]['rating'], rationale: string, by = ''): void {
    this.db.transaction(() => {
      this.getInspection(inspectionId);
      const before = this.s.judgementRow.get(inspectionId, standardId);
      this.recordAudit({ inspectionId, caseRef: null, what: 'judgement', item: standardId, oldValue: before ? `${before.rating ?? 'not rated'}: ${before.rationale}` : null, newValue: `${rating ?? 'not rated'}: ${rationale}`, changedBy: by });
      this.s.upsertJudgement.run({ inspectionId, standardId, rating, rationale, now: this.now() });
      this.s.touchInspection.run(this.now(), inspectionId);
    })();
  }

  /** A key question's rationale; creates the standard's judgement row (unrated) if there is none yet. */
  setJudgementNote(inspectionId: string, standardId: string, keyQuestionId: string, text: string, by = ''): void {
    this.db.transaction(() => {
      this.getInspection(inspectionId);
      const before = this.s.judgementNotes.all(inspectionId).find((n) => n.key_question_id === keyQuestionId)?.text ?? null;
      this.recordAudit({ inspectionId, caseRef: null, what: 'judgement-note', item: keyQuestionId, oldValue: before, newValue: text, changedBy: by });
      if (!this.judgements(inspectionId).some((j) => j.standardId === standardId))
        this.s.upsertJudgement.run({ inspectionId, standardId, rating: null, rationale: '', now: this.now() });
      this.s.upsertJudgementNote.run({ inspectionId, keyQuestionId, text, now: this.now() });
      this.s.touchInspection.run(this.now(), inspectionId);
    })();
  }

  setOverride(inspectionId: string, standardId: string, override: InspectionInput['overrides'][string] | null, by = ''): void {
    this.db.transaction(() => {
      this.getInspection(inspectionId);
      const before = this.s.overrideRow.get(inspectionId, standardId);
      this.recordAudit({ inspectionId, caseRef: null, what: 'override', item: standardId, oldValue: before ? `${before.rating}: ${before.reason}` : null, newValue: override ? `${override.rating}: ${override.reason}` : null, changedBy: by });
      if (override) this.s.upsertOverride.run({ inspectionId, standardId, ...override, now: this.now() });
      else this.s.deleteOverride.run(inspectionId, standardId);
      this.s.touchInspection.run(this.now(), inspectionId);
    })();
  }

  standardTexts(inspectionId: string): Record<string, { strengths: string; improvements: string }> {
    this.getInspection(inspectionId);
    return Object.fromEntries(this.s.standardTexts.all(inspectionId).map((t) => [t.standard_id, { strengths: t.strengths, improvements: t.improvements }]));
  }

  setStandardText(inspectionId: string, standardId: string, text: { strengths: string; improvements: string }): void {
    this.db.transaction(() => {
      this.getInspection(inspectionId);
      this.s.upsertStandardText.run({ inspectionId, standardId, ...text, now: this.now() });
      this.s.touchInspection.run(this.now(), inspectionId);
    })();
  }

  recommendations(inspectionId: string): string[] {
    this.getInspection(inspectionId);
    return this.s.recommendations.all(inspectionId).map((r) => r.text);
  }

  /** Replaces the numbered list in one transaction; blank items are dropped. */
  setRecommendations(inspectionId: string, items: string[]): string[] {
    this.db.transaction(() => {
      this.getInspection(inspectionId);
      this.s.deleteRecommendations.run(inspectionId);
      items
        .map((t) => t.trim())
        .filter(Boolean)
        .forEach((t, i) => this.s.insertRecommendation.run(randomUUID(), inspectionId, i + 1, t));
      this.s.touchInspection.run(this.now(), inspectionId);
    })();
    return this.recommendations(inspectionId);
  }

  recommendationProgress(inspectionId: string): { text: string; progress: 'met' | 'partly met' | 'not met' | null; note: string }[] {
    this.getInspection(inspectionId);
    return this.db
      .prepare<[string], { text: string; progress: 'met' | 'partly met' | 'not met' | null; note: string }>('SELECT text, progress, note FROM recommendation_progress WHERE inspection_id = ? ORDER BY position')
      .all(inspectionId);
  }

  setRecommendationProgress(inspectionId: string, items: { text: string; progress: 'met' | 'partly met' | 'not met' | null; note: string }[]) {
    this.db.transaction(() => {
      this.getInspection(inspectionId);
      this.db.prepare('DELETE FROM recommendation_progress WHERE inspection_id = ?').run(inspectionId);
      const insert = this.db.prepare('INSERT INTO recommendation_progress (inspection_id, position, text, progress, note) VALUES (?, ?, ?, ?, ?)');
      items.forEach((r, i) => insert.run(inspectionId, i + 1, r.text, r.progress, r.note));
      this.s.touchInspection.run(this.now(), inspectionId);
    })();
    return this.recommendationProgress(inspectionId);
  }

  /** CRNs and names of an inspection's cases: what no output may contain. */
  personalData(inspectionId: string): { crns: string[]; names: string[] } {
    const rows = this.db.prepare<[string], { crn: string; name: string }>('SELECT crn, name FROM case_file WHERE inspection_id = ?').all(inspectionId);
    return { crns: rows.map((r) => r.crn).filter(Boolean), names: rows.map((r) => r.name).filter(Boolean) };
  }

  getSetting(key: string): unknown {
    const r = this.s.setting.get(key);
    return r ? (JSON.parse(r.value) as unknown) : undefined;
  }

  setSetting(key: string, value: unknown): void {
    this.s.putSetting.run(key, JSON.stringify(value));
  }

  /** Everything the rating engine needs for one inspection. */
  inspectionInput(inspectionId: string): InspectionInput {
    const cases = this.s.cases.all(inspectionId);
    const answers = new Map<string, Record<string, Answer>>(cases.map((c) => [c.id, {}]));
    for (const a of this.s.inspectionAnswers.all(inspectionId)) answers.get(a.case_id)![a.question_id] = a.value;
    return {
      cases: cases.map((c) => ({ ref: c.ref, sample: c.sample, attributes: parseAttributes(c.attributes), answers: answers.get(c.id)! })),
      judgements: Object.fromEntries(this.s.judgements.all(inspectionId).map((j) => [j.standard_id, { rating: j.rating, rationale: j.rationale }])),
      overrides: Object.fromEntries(this.s.overrides.all(inspectionId).map((o) => [o.standard_id, { rating: o.rating, reason: o.reason }])),
    };
  }
}
