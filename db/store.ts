import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type Answer,
  type CaseDetail,
  type ContextFactKey,
  type ReportSectionKey,
  type ChangeRequest,
  CREATE,
  DELETE,
  FrameworkRegistry,
  HybridClock,
  type InspectionInput,
  type InspectionSummary,
  type Json,
  type Provider,
  type SampleRow,
  type CaseAttributes,
  InvariantError,
  checkInspectionOpen,
  nodeFromInstallation,
} from '../core';
import type { Db } from './connection';
import { StoreError } from './errors';
import { type AuditEntry, auditRepository } from './repositories/audit';
import { type CaseContext, type StoredCase, type StoredCaseDetail, casesRepository, parseAttributes, toStoredCase } from './repositories/cases';
import { type LoggedChange, changesRepository } from './repositories/changes';
import { inspectionsRepository } from './repositories/inspections';
import { judgementsRepository } from './repositories/judgements';
import { providersRepository } from './repositories/providers';
import { type ProgressValue, type StoredProgress, type StoredRecommendation, recommendationsRepository } from './repositories/recommendations';
import { reportNarrativeRepository } from './repositories/report-narrative';
import { type KeptOverall, ratingSummariesRepository } from './repositories/rating-summaries';
import { reportTextRepository } from './repositories/report-text';
import { readRow } from './repositories/rows';
import { settingsRepository } from './repositories/settings';
import { type ReplayChange, type WriteContext, applyChanges, applyLoggedChanges } from './write';
import { idsOf } from './repositories/rows';
import { TABLES } from './repositories/tables';

export { StoreError } from './errors';
export type { AuditEntry } from './repositories/audit';
export type { CaseContext, StoredCase, StoredCaseDetail } from './repositories/cases';
export type { LoggedChange } from './repositories/changes';
export type { StoredProgress, StoredRecommendation } from './repositories/recommendations';

/** A standard's own report text. */
export interface StandardTexts {
  strengths: string;
  improvements: string;
  narrative: string;
  practiceExamples: string;
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

/** What can be edited on a case after it is added (its reference names it in reports and files, so it stays). */
export interface CasePatch {
  crn?: string;
  name?: string;
  sample?: string;
  assignedInspector?: string;
  attributes?: CaseAttributes;
}

/** What can be edited on an inspection: its provider's name (a rename), fieldwork dates and caseload. */
export interface InspectionPatch {
  providerName?: string;
  fieldworkStart?: string;
  fieldworkEnd?: string;
  caseloadSize?: number | null;
}

/** A case to add: what a sample CSV row carries, for one inspection. */
export type NewCase = Omit<SampleRow, 'line'> & { inspectionId: string };

export interface StoreOptions {
  /** Wall time for changes (tests pin it). */
  now?: () => string;
  /** Frameworks for the case invariants. */
  frameworks?: FrameworkRegistry;
}

export const IDENTITY_MESSAGE = 'Fieldwork needs your name before it can save changes: it is recorded with every change you make. Enter it in Settings.';

/**
 * The store's API for the app, the CLI and the tests: reads from the per-entity repositories in
 * db/repositories/, and every write expressed as typed changes applied by the one write path
 * (db/write.ts), so each is validated, checked against the invariants and logged.
 */
export class Store {
  readonly clock: HybridClock;
  private readonly now: () => string;
  private readonly frameworks: FrameworkRegistry;

  constructor(
    readonly db: Db,
    options: StoreOptions | (() => string) = {},
  ) {
    const o = typeof options === 'function' ? { now: options } : options;
    this.now = o.now ?? (() => new Date().toISOString());
    this.frameworks = o.frameworks ?? new FrameworkRegistry();
    const log = changesRepository(db);
    this.clock = new HybridClock(nodeFromInstallation(this.settings.installationId()), Date.now, log.latestClock() ?? undefined);
  }

  /** After another connection wrote to the store (an import on the job thread): later local changes follow its clocks. */
  catchUp(): void {
    const latest = changesRepository(this.db).latestClock();
    if (latest) this.clock.receive(latest);
  }

  private get settings() {
    return settingsRepository(this.db);
  }

  // --- identity ---------------------------------------------------------------------------------

  installationId(): string {
    return this.settings.installationId();
  }

  user(): Actor | null {
    return this.settings.user();
  }

  setUserName(name: string): Actor {
    if (!name.trim()) throw new StoreError('IDENTITY_REQUIRED', 'Your name cannot be empty: it is recorded with every change you make.', 'inspectorName');
    return this.settings.setUserName(name);
  }

  private context(): WriteContext {
    const actor = this.user();
    if (!actor) throw new StoreError('IDENTITY_REQUIRED', IDENTITY_MESSAGE);
    return { actor, clock: this.clock, now: this.now, framework: (id, revision) => this.frameworks.get(id, revision) };
  }

  // --- the write path ---------------------------------------------------------------------------

  /**
   * Applies typed changes as the current user, in one transaction; returns them as logged. `written`
   * receives each row as stored, keyed `entity:id`, for callers that answer with it.
   */
  apply(changes: readonly ChangeRequest[], options: { restore?: boolean; written?: Map<string, Record<string, unknown>> } = {}): LoggedChange[] {
    const { written, ...rest } = options;
    return applyChanges(this.db, changes, { ...this.context(), ...rest }, written);
  }

  /** Applies changes as someone else: an inspector's work merged from their return, with the return as the reason. */
  applyAs(actor: Actor, changes: readonly ChangeRequest[]): LoggedChange[] {
    return applyChanges(this.db, changes, { ...this.context(), actor });
  }

  /** Applies changes made elsewhere (a file's log), keeping their clocks, actors and times. */
  replay(changes: readonly ReplayChange[], defaults: { inspectionId?: string } = {}) {
    return applyLoggedChanges(this.db, changes, this.clock, defaults);
  }

  /** The change log of one inspection (or all of it), oldest first. */
  changes(inspectionId?: string): LoggedChange[] {
    const log = changesRepository(this.db);
    return inspectionId === undefined ? log.all() : log.forInspection(inspectionId);
  }

  /** How many changes the log holds (cheap: for reporting how many an operation added). */
  changeCount(): number {
    return changesRepository(this.db).count();
  }

  /** A provider's changes (providers are shared, so these belong to no one inspection). */
  providerChanges(providerId: string): LoggedChange[] {
    return changesRepository(this.db).forEntity('provider', providerId);
  }

  /** The clock of the change that last set a field: compare with a base revision to see if it changed since. */
  revision(entity: ChangeRequest['entity'], id: string, field: string): string | null {
    return changesRepository(this.db).revision(entity, id, field);
  }

  // --- providers and inspections ----------------------------------------------------------------

  listProviders(): Provider[] {
    return providersRepository(this.db).list();
  }

  getProvider(id: string): Provider {
    return providersRepository(this.db).get(id);
  }

  createProvider(p: NewProvider): Provider {
    const id = randomUUID();
    this.apply([{ entity: 'provider', id, field: CREATE, value: { name: p.name, type: p.type, owner: p.owner, region: p.region } }]);
    return this.getProvider(id);
  }

  listInspections(): InspectionSummary[] {
    return inspectionsRepository(this.db).list();
  }

  getInspection(id: string): InspectionSummary {
    return inspectionsRepository(this.db).get(id);
  }

  /** Creates the inspection, and its provider when new, in one transaction. */
  createInspection(i: Omit<NewInspection, 'providerId'> & { providerId?: string; newProvider?: NewProvider }): InspectionSummary {
    const id = randomUUID();
    const changes: ChangeRequest[] = [];
    let providerId: string;
    if (i.newProvider) {
      providerId = randomUUID();
      const p = i.newProvider;
      changes.push({ entity: 'provider', id: providerId, field: CREATE, value: { name: p.name, type: p.type, owner: p.owner, region: p.region } });
    } else providerId = this.getProvider(i.providerId ?? '').id;
    changes.push({
      entity: 'inspection',
      id,
      field: CREATE,
      value: {
        providerId,
        frameworkId: i.frameworkId,
        frameworkRevision: i.frameworkRevision,
        kind: 'scored',
        fieldworkStart: i.fieldworkStart,
        fieldworkEnd: i.fieldworkEnd,
        caseloadSize: i.caseloadSize,
        status: 'draft',
        recordedOverall: null,
        recordedScore: null,
      },
    });
    this.apply(changes);
    return this.getInspection(id);
  }

  /** Draft or final; a final inspection refuses every other change. */
  setInspectionStatus(id: string, status: 'draft' | 'final'): InspectionSummary {
    this.getInspection(id);
    this.apply([{ entity: 'inspection', id, field: 'status', value: status }]);
    return this.getInspection(id);
  }

  /**
   * Edits an inspection's details as logged changes. The provider's name is the inspection's name on
   * every screen, so renaming renames the provider (for its other inspections too). A final
   * inspection refuses, as it refuses every change but its status.
   */
  updateInspection(id: string, patch: InspectionPatch): InspectionSummary {
    const insp = this.getInspection(id);
    const changes: ChangeRequest[] = [];
    const set = (field: 'fieldworkStart' | 'fieldworkEnd' | 'caseloadSize', value: Json | undefined) => {
      if (value !== undefined) changes.push({ entity: 'inspection', id, field, value });
    };
    set('fieldworkStart', patch.fieldworkStart);
    set('fieldworkEnd', patch.fieldworkEnd);
    set('caseloadSize', patch.caseloadSize);
    const start = patch.fieldworkStart ?? insp.fieldworkStart;
    const end = patch.fieldworkEnd ?? insp.fieldworkEnd;
    if (end < start) throw new InvariantError('INVALID', 'Fieldwork cannot end before it starts.', { fieldworkEnd: 'must be on or after the start' });
    const name = patch.providerName?.trim();
    if (name !== undefined && name !== insp.provider.name) {
      checkInspectionOpen(insp.status, { entity: 'provider', field: 'name', value: name });
      changes.push({ entity: 'provider', id: insp.provider.id, field: 'name', value: name });
    }
    this.apply(changes);
    return this.getInspection(id);
  }

  /**
   * Deletes an inspection and everything in it, each row's deletion a logged change (the log keeps
   * the inspection's history). A final inspection refuses: return it to draft first.
   */
  deleteInspection(id: string): void {
    this.getInspection(id);
    this.apply(this.inspectionDeletions(id));
  }

  /** The changes that delete an inspection and every row of it, children first. */
  inspectionDeletions(id: string): ChangeRequest[] {
    const changes: ChangeRequest[] = [];
    for (const caseId of idsOf(this.db, 'case', id)) {
      for (const a of idsOf(this.db, 'answer', caseId)) changes.push({ entity: 'answer', id: a, field: DELETE, value: null });
      changes.push(...this.caseRowDeletions(caseId));
      changes.push({ entity: 'case', id: caseId, field: DELETE, value: null });
    }
    for (const [entity, t] of Object.entries(TABLES) as [keyof typeof TABLES, (typeof TABLES)[keyof typeof TABLES]][])
      if (t.scope === 'inspection' && entity !== 'case') for (const rowId of idsOf(this.db, entity, id)) changes.push({ entity, id: rowId, field: DELETE, value: null });
    changes.push({ entity: 'inspection', id, field: DELETE, value: null });
    return changes;
  }

  // --- cases and answers ------------------------------------------------------------------------

  listCases(inspectionId: string): StoredCase[] {
    this.getInspection(inspectionId);
    return casesRepository(this.db).list(inspectionId);
  }

  private caseRequest(c: NewCase, id = randomUUID()): ChangeRequest {
    return {
      entity: 'case',
      id,
      field: CREATE,
      value: {
        inspectionId: c.inspectionId,
        ref: c.ref,
        crn: c.crn,
        name: c.name,
        sample: c.sample,
        attributes: c.attributes as Json,
        assignedInspector: c.assignedInspector,
        completedAt: null,
        reopenReason: null,
      },
    };
  }

  addCase(c: NewCase): StoredCase {
    this.getInspection(c.inspectionId);
    const [change] = this.apply([this.caseRequest(c)]);
    return this.getCaseSummary(change!.id);
  }

  /**
   * A re-imported sample in one transaction: the new cases added and the known ones brought up to
   * date ("update existing"), all or nothing, each change logged.
   */
  importSample(cases: NewCase[], updates: { caseId: string; patch: CasePatch }[]): { imported: number; updated: number } {
    const changes: ChangeRequest[] = cases.map((c) => this.caseRequest(c));
    for (const { caseId, patch } of updates)
      for (const field of ['crn', 'name', 'sample', 'assignedInspector', 'attributes'] as const) {
        const value = patch[field];
        if (value !== undefined) changes.push({ entity: 'case', id: caseId, field, value: value as Json });
      }
    this.apply(changes);
    return { imported: cases.length, updated: updates.length };
  }

  /** Adds many cases in one transaction: all arrive or none do. */
  importCases(cases: NewCase[]): number {
    this.apply(cases.map((c) => this.caseRequest(c)));
    return cases.length;
  }

  /**
   * Takes a case out of the inspection and, if there is one, adds the case drawn to replace it, as one
   * set of logged changes. Refused while the case holds an answer or a note: an eliminated case
   * must not take an inspector's marking with it unseen.
   */
  replaceCase(caseId: string, replacement: NewCase | null): StoredCase | null {
    const repo = casesRepository(this.db);
    const r = repo.row(caseId);
    const marked = repo.answers(caseId).filter((a) => a.value !== null || (a.note ?? '') !== '');
    if (marked.length > 0)
      throw new StoreError(
        'CONFLICT',
        `${r.ref} has ${marked.length === 1 ? 'an answer or note' : `${marked.length} answers or notes`} recorded, so it cannot be eliminated: clear them on the case first, or keep the case.`,
        'ref',
      );
    const changes: ChangeRequest[] = repo.answers(caseId).map((a) => ({ entity: 'answer' as const, id: a.id, field: DELETE, value: null }));
    changes.push(...this.caseRowDeletions(caseId));
    changes.push({ entity: 'case', id: caseId, field: DELETE, value: null });
    const id = randomUUID();
    if (replacement) changes.push(this.caseRequest(replacement, id));
    this.apply(changes);
    return replacement ? this.getCaseSummary(id) : null;
  }

  /**
   * Edits a case's details (reassigning it is one of them) as logged changes. Its sample cannot
   * change once it holds answers or notes: they belong to the old sample's questions.
   */
  updateCase(caseId: string, patch: CasePatch): StoredCase {
    const repo = casesRepository(this.db);
    const r = repo.row(caseId);
    if (patch.sample !== undefined && patch.sample !== r.sample && repo.answers(caseId).some((a) => a.value !== null || (a.note ?? '') !== ''))
      throw new StoreError('CONFLICT', `${r.ref} has answers or notes recorded for its sample, so its sample cannot change. Delete the case and add it again if the sample is wrong.`, 'sample');
    const changes: ChangeRequest[] = [];
    for (const field of ['crn', 'name', 'sample', 'assignedInspector', 'attributes'] as const) {
      const value = patch[field];
      if (value !== undefined) changes.push({ entity: 'case', id: caseId, field, value: value as Json });
    }
    this.apply(changes);
    return this.getCaseSummary(caseId);
  }

  /** The deletions of a case's other rows (QA comments, second answers...), so none goes unlogged by a cascade. */
  private caseRowDeletions(caseId: string): ChangeRequest[] {
    const out: ChangeRequest[] = [];
    for (const [entity, t] of Object.entries(TABLES) as [keyof typeof TABLES, (typeof TABLES)[keyof typeof TABLES]][])
      if (t.scope === 'case' && entity !== 'answer') for (const rowId of idsOf(this.db, entity, caseId)) out.push({ entity, id: rowId, field: DELETE, value: null });
    return out;
  }

  /** Deletes a case and its answers as logged changes (the audit trail keeps what it held). */
  deleteCase(caseId: string): { ref: string; inspectionId: string } {
    const repo = casesRepository(this.db);
    const r = repo.row(caseId);
    const changes: ChangeRequest[] = repo.answers(caseId).map((a) => ({ entity: 'answer' as const, id: a.id, field: DELETE, value: null }));
    changes.push(...this.caseRowDeletions(caseId));
    changes.push({ entity: 'case', id: caseId, field: DELETE, value: null });
    this.apply(changes);
    return { ref: r.ref, inspectionId: r.inspection_id };
  }

  /**
   * One case with its answers: its row, its answers and its framework, each read once by key. Nothing
   * of the rest of the inspection is read (the inspection summary counts every case), so opening a case
   * costs the same in an inspection of 3,000 cases as in one of 300.
   */
  getCase(caseId: string): StoredCaseDetail {
    const repo = casesRepository(this.db);
    const r = repo.row(caseId);
    const answers = repo.answers(caseId);
    const { frameworkId, frameworkRevision } = repo.context(caseId);
    return {
      ...toStoredCase(r, new Map(answers.map((a) => [a.questionId, a]))),
      crn: r.crn,
      name: r.name,
      frameworkId,
      frameworkRevision,
      answers: answers.map(({ id: _id, ...a }) => a),
    };
  }

  getCaseSummary(caseId: string): StoredCase {
    return casesRepository(this.db).summary(caseId);
  }

  /** What a write to a case needs to know about it, in one lookup; throws NOT_FOUND. */
  caseContext(caseId: string): CaseContext {
    return casesRepository(this.db).context(caseId);
  }

  /**
   * `known`: the case's context when the caller has just looked it up (the handler checks the
   * question against it), so a save looks the case up once. The saved answer comes back from the
   * write itself (… RETURNING), not from a second select.
   */
  private writeAnswerField(caseId: string, questionId: string, field: 'value' | 'note', value: Answer | null | string, known?: CaseContext): CaseDetail['answers'][number] {
    const repo = casesRepository(this.db);
    if (!known) repo.context(caseId);
    const existing = repo.answer(caseId, questionId);
    const id = existing?.id ?? randomUUID();
    const written = new Map<string, Record<string, unknown>>();
    if (existing) this.apply([{ entity: 'answer', id, field, value }], { written });
    else this.apply([{ entity: 'answer', id, field: CREATE, value: { caseId, questionId, value: null, note: '', [field]: value } }], { written });
    const stored = written.get(`answer:${id}`);
    if (!stored) {
      // Setting a field to the value it has is not a change: nothing was written.
      const { id: _id, ...a } = existing!;
      return a;
    }
    return { questionId, value: stored.value as Answer | null, note: stored.note as string, updatedAt: stored.updated_at as string, updatedBy: stored.updated_by as string };
  }

  setAnswer(caseId: string, questionId: string, value: Answer | null, known?: CaseContext): CaseDetail['answers'][number] {
    return this.writeAnswerField(caseId, questionId, 'value', value, known);
  }

  setNote(caseId: string, questionId: string, note: string, known?: CaseContext): CaseDetail['answers'][number] {
    return this.writeAnswerField(caseId, questionId, 'note', note, known);
  }

  /** Every answer and note of an inspection's cases, by case id. */
  answersByCase(inspectionId: string): Map<string, Map<string, { value: Answer | null; note: string }>> {
    return casesRepository(this.db).answersByCase(inspectionId);
  }

  /** Marks a case complete (refused by the invariants unless it is) or back in progress. */
  setCompleted(caseId: string, complete: boolean): void {
    const r = casesRepository(this.db).row(caseId);
    if (complete === (r.completed_at !== null)) return;
    this.apply(
      complete
        ? [
            { entity: 'case', id: caseId, field: 'completedAt', value: this.now() },
            { entity: 'case', id: caseId, field: 'reopenReason', value: null },
          ]
        : [{ entity: 'case', id: caseId, field: 'completedAt', value: null }],
    );
  }

  caseRefs(inspectionId: string): Set<string> {
    return casesRepository(this.db).refs(inspectionId);
  }

  /** CRNs and names of an inspection's cases: what no output may contain. */
  personalData(inspectionId: string): { crns: string[]; names: string[] } {
    return casesRepository(this.db).personalData(inspectionId);
  }

  // --- judgements and overrides -----------------------------------------------------------------

  judgements(inspectionId: string): { standardId: string; rating: InspectionInput['judgements'][string]['rating']; rationale: string; notes: Record<string, string> }[] {
    this.getInspection(inspectionId);
    return judgementsRepository(this.db)
      .list(inspectionId)
      .map(({ id: _id, ...j }) => j);
  }

  private judgementChanges(inspectionId: string, standardId: string, fields: { rating?: Json; rationale?: Json }): ChangeRequest[] {
    const existing = judgementsRepository(this.db).one(inspectionId, standardId);
    if (!existing) return [{ entity: 'judgement', id: randomUUID(), field: CREATE, value: { inspectionId, standardId, rating: null, rationale: '', ...fields } }];
    return Object.entries(fields).map(([field, value]) => ({ entity: 'judgement' as const, id: existing.id, field, value: value ?? null }));
  }

  setJudgement(inspectionId: string, standardId: string, rating: InspectionInput['judgements'][string]['rating'], rationale: string): void {
    this.getInspection(inspectionId);
    this.apply(this.judgementChanges(inspectionId, standardId, { rating, rationale }));
  }

  /** A key question's rationale; creates the standard's judgement row (unrated) if there is none yet. */
  setJudgementNote(inspectionId: string, standardId: string, keyQuestionId: string, text: string): void {
    this.getInspection(inspectionId);
    const repo = judgementsRepository(this.db);
    const changes: ChangeRequest[] = repo.one(inspectionId, standardId) ? [] : this.judgementChanges(inspectionId, standardId, {});
    const note = repo.note(inspectionId, keyQuestionId);
    changes.push(note ? { entity: 'judgement-note', id: note.id, field: 'text', value: text } : { entity: 'judgement-note', id: randomUUID(), field: CREATE, value: { inspectionId, keyQuestionId, text } });
    this.apply(changes);
  }

  setOverride(inspectionId: string, standardId: string, override: InspectionInput['overrides'][string] | null): void {
    this.getInspection(inspectionId);
    const existing = judgementsRepository(this.db).override(inspectionId, standardId);
    if (!existing && !override) return;
    if (!existing) this.apply([{ entity: 'override', id: randomUUID(), field: CREATE, value: { inspectionId, standardId, rating: override!.rating, reason: override!.reason } }]);
    else if (!override) this.apply([{ entity: 'override', id: existing.id, field: DELETE, value: null }]);
    else
      this.apply([
        { entity: 'override', id: existing.id, field: 'rating', value: override.rating },
        { entity: 'override', id: existing.id, field: 'reason', value: override.reason },
      ]);
  }

  // --- report text and recommendations ----------------------------------------------------------

  standardTexts(inspectionId: string): Record<string, StandardTexts> {
    this.getInspection(inspectionId);
    return Object.fromEntries(
      reportTextRepository(this.db)
        .list(inspectionId)
        .map((t) => [t.standard_id, { strengths: t.strengths, improvements: t.improvements, narrative: t.narrative, practiceExamples: t.practice_examples }]),
    );
  }

  /** Sets a standard's texts; a text left out (narrative, practice examples) keeps its value. */
  setStandardText(inspectionId: string, standardId: string, text: { strengths: string; improvements: string } & Partial<Pick<StandardTexts, 'narrative' | 'practiceExamples'>>): void {
    this.getInspection(inspectionId);
    const existing = reportTextRepository(this.db).one(inspectionId, standardId);
    const given = Object.entries(text).filter(([, v]) => v !== undefined) as [keyof StandardTexts, string][];
    this.apply(
      existing
        ? given.map(([field, value]) => ({ entity: 'report-text' as const, id: existing.id, field, value }))
        : [{ entity: 'report-text', id: randomUUID(), field: CREATE, value: { inspectionId, standardId, narrative: '', practiceExamples: '', ...Object.fromEntries(given) } }],
    );
  }

  /** The report's narrative of the whole inspection and its contextual figures (only those written). */
  reportNarrative(inspectionId: string): { sections: Partial<Record<ReportSectionKey, string>>; facts: Partial<Record<ContextFactKey, number>> } {
    this.getInspection(inspectionId);
    const r = reportNarrativeRepository(this.db);
    return {
      sections: Object.fromEntries(r.sections(inspectionId).filter((x) => x.text !== '').map((x) => [x.section, x.text])),
      facts: Object.fromEntries(r.facts(inspectionId).map((x) => [x.fact, x.value])),
    };
  }

  /** Sets sections of the report's narrative in one change batch; an empty text empties the section. */
  setReportSections(inspectionId: string, texts: Partial<Record<ReportSectionKey, string>>): void {
    this.getInspection(inspectionId);
    const rows = new Map(reportNarrativeRepository(this.db).sections(inspectionId).map((x) => [x.section, x]));
    const changes: ChangeRequest[] = [];
    for (const [section, text] of Object.entries(texts) as [ReportSectionKey, string | undefined][]) {
      if (text === undefined) continue;
      const row = rows.get(section);
      if (row) changes.push({ entity: 'report-section', id: row.id, field: 'text', value: text });
      else if (text !== '') changes.push({ entity: 'report-section', id: randomUUID(), field: CREATE, value: { inspectionId, section, text } });
    }
    if (changes.length) this.apply(changes);
  }

  /** Sets contextual figures in one change batch; null clears one (its row is deleted, the history kept). */
  setReportFacts(inspectionId: string, facts: Partial<Record<ContextFactKey, number | null>>): void {
    this.getInspection(inspectionId);
    const rows = new Map(reportNarrativeRepository(this.db).facts(inspectionId).map((x) => [x.fact, x]));
    const changes: ChangeRequest[] = [];
    for (const [fact, value] of Object.entries(facts) as [ContextFactKey, number | null | undefined][]) {
      if (value === undefined) continue;
      const row = rows.get(fact);
      if (value === null) {
        if (row) changes.push({ entity: 'report-fact', id: row.id, field: DELETE, value: null });
      } else if (row) changes.push({ entity: 'report-fact', id: row.id, field: 'value', value });
      else changes.push({ entity: 'report-fact', id: randomUUID(), field: CREATE, value: { inspectionId, fact, value } });
    }
    if (changes.length) this.apply(changes);
  }

  recommendations(inspectionId: string): string[] {
    return this.recommendationList(inspectionId).map((r) => r.text);
  }

  /** The numbered list with each recommendation's addressee ('' for the provider). */
  recommendationItems(inspectionId: string): { text: string; addressee: string }[] {
    return this.recommendationList(inspectionId).map((r) => ({ text: r.text, addressee: r.addressee }));
  }

  recommendationList(inspectionId: string): StoredRecommendation[] {
    this.getInspection(inspectionId);
    return recommendationsRepository(this.db).list(inspectionId);
  }

  /** Adds one recommendation at the end (or at `position`); returns its id. */
  addRecommendation(inspectionId: string, text: string, position?: number, addressee = ''): string {
    const list = this.recommendationList(inspectionId);
    const id = randomUUID();
    this.apply([{ entity: 'recommendation', id, field: CREATE, value: { inspectionId, position: position ?? (list.at(-1)?.position ?? 0) + 1, text: text.trim(), addressee: addressee.trim() } }]);
    return id;
  }

  recommendation(id: string): StoredRecommendation {
    const r = readRow(this.db, 'recommendation', id);
    if (!r) throw new StoreError('NOT_FOUND', 'That recommendation no longer exists.');
    return { id, position: Number(r.position), text: String(r.text), addressee: String(r.addressee ?? '') };
  }

  editRecommendation(id: string, fields: { text?: string; position?: number; addressee?: string }): void {
    this.recommendation(id);
    this.apply(Object.entries(fields).map(([field, value]) => ({ entity: 'recommendation' as const, id, field, value: typeof value === 'string' ? value.trim() : value })));
  }

  removeRecommendation(id: string): void {
    this.recommendation(id);
    this.apply([{ entity: 'recommendation', id, field: DELETE, value: null }]);
  }

  /** Sets the whole numbered list: items keep their ids by position; blank items are dropped; a plain string is addressed to the provider. */
  setRecommendations(inspectionId: string, items: readonly (string | { text: string; addressee?: string })[]): string[] {
    const existing = this.recommendationList(inspectionId);
    const texts = items
      .map((x) => (typeof x === 'string' ? { text: x.trim(), addressee: '' } : { text: x.text.trim(), addressee: (x.addressee ?? '').trim() }))
      .filter((x) => x.text);
    const changes: ChangeRequest[] = [];
    texts.forEach(({ text, addressee }, i) => {
      const r = existing[i];
      if (!r) changes.push({ entity: 'recommendation', id: randomUUID(), field: CREATE, value: { inspectionId, position: i + 1, text, addressee } });
      else {
        if (r.text !== text) changes.push({ entity: 'recommendation', id: r.id, field: 'text', value: text });
        if (r.addressee !== addressee) changes.push({ entity: 'recommendation', id: r.id, field: 'addressee', value: addressee });
        if (r.position !== i + 1) changes.push({ entity: 'recommendation', id: r.id, field: 'position', value: i + 1 });
      }
    });
    for (const r of existing.slice(texts.length)) changes.push({ entity: 'recommendation', id: r.id, field: DELETE, value: null });
    if (changes.length) this.apply(changes);
    return this.recommendations(inspectionId);
  }

  recommendationProgress(inspectionId: string): { text: string; progress: ProgressValue; note: string }[] {
    return this.progressList(inspectionId).map(({ text, progress, note }) => ({ text, progress, note }));
  }

  progressList(inspectionId: string): StoredProgress[] {
    this.getInspection(inspectionId);
    return recommendationsRepository(this.db).progress(inspectionId);
  }

  /** Judges progress on one of the previous inspection's recommendations, keyed by its id. */
  setProgress(inspectionId: string, item: { recommendationId: string | null; text: string; progress: ProgressValue; note: string }, at: { id?: string; position?: number } = {}): StoredProgress {
    const list = this.progressList(inspectionId);
    const existing = list.find((p) => (at.id ? p.id === at.id : item.recommendationId !== null && p.recommendationId === item.recommendationId));
    if (at.id && !existing) throw new StoreError('NOT_FOUND', 'That judgement of progress no longer exists.');
    const id = existing?.id ?? randomUUID();
    if (existing)
      this.apply((['text', 'progress', 'note'] as const).map((field) => ({ entity: 'recommendation-progress' as const, id, field, value: item[field] })));
    else
      this.apply([
        {
          entity: 'recommendation-progress',
          id,
          field: CREATE,
          value: { inspectionId, recommendationId: item.recommendationId, position: at.position ?? (list.at(-1)?.position ?? 0) + 1, text: item.text, progress: item.progress, note: item.note },
        },
      ]);
    return this.progressList(inspectionId).find((p) => p.id === id)!;
  }

  /** Sets the whole list by position (the older, position-keyed form). */
  setRecommendationProgress(inspectionId: string, items: { text: string; progress: ProgressValue; note: string; recommendationId?: string | null }[]) {
    const existing = this.progressList(inspectionId);
    const changes: ChangeRequest[] = [];
    items.forEach((item, i) => {
      const p = existing[i];
      if (!p)
        changes.push({
          entity: 'recommendation-progress',
          id: randomUUID(),
          field: CREATE,
          value: { inspectionId, recommendationId: item.recommendationId ?? null, position: i + 1, text: item.text, progress: item.progress, note: item.note },
        });
      else for (const field of ['text', 'progress', 'note'] as const) changes.push({ entity: 'recommendation-progress', id: p.id, field, value: item[field] });
    });
    for (const p of existing.slice(items.length)) changes.push({ entity: 'recommendation-progress', id: p.id, field: DELETE, value: null });
    if (changes.length) this.apply(changes);
    return this.recommendationProgress(inspectionId);
  }

  // --- audit, settings, engine input ------------------------------------------------------------

  audit(inspectionId: string, caseRef?: string): AuditEntry[] {
    this.getInspection(inspectionId);
    return auditRepository(this.db).list(inspectionId, caseRef);
  }

  getSetting(key: string): unknown {
    return this.settings.get(key);
  }

  setSetting(key: string, value: unknown): void {
    this.settings.set(key, value);
  }

  /** Whether the inspection is scored from cases or recorded from a published report, and what was recorded. */
  recordedRatings(inspectionId: string) {
    return inspectionsRepository(this.db).recorded(inspectionId);
  }

  /** The inspection's kept rating summary (JSON text) if one was kept under `key` and nothing has changed since. */
  ratingSummary(inspectionId: string, key: string): string | undefined {
    return ratingSummariesRepository(this.db).get(inspectionId, key);
  }

  /** Every inspection's kept overall result (what the league table shows), by inspection id, each under the key it was kept with. */
  keptOveralls(): Map<string, KeptOverall> {
    return ratingSummariesRepository(this.db).overalls();
  }

  /** Keeps rating summaries and their overall results (in one transaction); the write path drops them when their inspection changes. */
  /** Keeps summaries each computed from the store as it was at `seenSeq` (see `readForSummary`); one whose inspection changed since is not kept. */
  keepRatingSummaries(entries: readonly { inspectionId: string; key: string; summary: string; overall: Omit<KeptOverall, 'key'>; seenSeq: number }[]): void {
    ratingSummariesRepository(this.db).keep(entries);
  }

  /** Runs `read` on one snapshot of the store, with the change log's latest sequence number in that snapshot. */
  readForSummary<T>(read: () => T): { value: T; seenSeq: number } {
    return this.db.transaction(() => ({ seenSeq: changesRepository(this.db).lastSeq(), value: read() }))();
  }

  /** Everything the rating engine needs for one inspection. */
  inspectionInput(inspectionId: string): InspectionInput {
    const repo = casesRepository(this.db);
    const cases = repo.rows(inspectionId);
    const answers = repo.answersByCase(inspectionId);
    const j = judgementsRepository(this.db);
    return {
      cases: cases.map((c) => ({
        ref: c.ref,
        sample: c.sample,
        attributes: parseAttributes(c.attributes),
        answers: Object.fromEntries([...(answers.get(c.id) ?? new Map<string, { value: Answer | null }>())].filter(([, a]) => a.value !== null).map(([q, a]) => [q, a.value as Answer])),
      })),
      judgements: Object.fromEntries(j.list(inspectionId).map((x) => [x.standardId, { rating: x.rating, rationale: x.rationale }])),
      overrides: Object.fromEntries(j.overrides(inspectionId).map((o) => [o.standard_id, { rating: o.rating, reason: o.reason }])),
    };
  }
}
