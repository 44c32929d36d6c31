import {
  type CaseSummary,
  DEFAULT_SETTINGS,
  type Framework,
  FrameworkRegistry,
  type Judgement,
  type Settings,
  allStandards,
  breakdown,
  caseProgress,
  caseStandards,
  findStandard,
  keyQuestionApplies,
  questionIndex,
  rateInspection,
  settingsSchema,
  passedQa,
} from '../../core';
import { type CaseContext, type StoredCase, type Store, caseRefs, indexedRatingInput, indexedRatings, keyAnswerFlags, qaRepository } from '../../db';
import { PersonalDataError } from '../report/privacy';
import { teamStore } from '../../db/team';
import { caseHolder, createTeamHandlers } from './team-handlers';
import { openSealed } from './open-sealed';
import { IN_PROCESS_RENDERER, type ReportRenderer } from '../data/render-thread';
import type { Backups } from '../main-process';
import { Jobs } from '../data/jobs';
import { type JobRunner, inProcessJobs } from '../data/job-thread';
import type { MainServices } from '../services';
import { writeFileAtomically } from '../files/write-atomically';
import { AppError, type Handlers } from './dispatch';
import { createExchangeHandlers } from './exchange-handlers';
import { createSamplingHandlers } from './sampling-handlers';
import { createQaHandlers } from './qa-handlers';

export interface HandlerContext {
  store: Store;
  /** Where reports are rendered: in this thread unless the data worker gives its render thread. */
  render?: ReportRenderer;
  frameworks: FrameworkRegistry;
  /** `notices`: what this start has to tell the inspector (an unfinished import taken out). */
  app: { version: string; dataPath: string; notices?: readonly string[] };
  services: MainServices;
  backups?: Backups;
  /** Long commands' progress and write turns (one per store; a fresh one in tests that build handlers alone). */
  jobs?: Jobs;
  /** Where imports, exports and reports run: the job thread in the app, in-process by default. */
  longWork?: JobRunner;
}

const REPORT_FORMATS = {
  docx: { name: 'Word document', extension: 'docx' },
  pdf: { name: 'PDF', extension: 'pdf' },
} as const;

const SETTINGS_KEY = 'settings';

function frameworkOf(ctx: HandlerContext, id: string, revision?: string): Framework {
  const f = ctx.frameworks.get(id, revision);
  if (!f) throw new AppError('VALIDATION', `Unknown framework ${id}.`, { frameworkId: `Unknown framework ${id}.` });
  return f;
}

function inspectionFramework(ctx: HandlerContext, inspectionId: string): Framework {
  const insp = ctx.store.getInspection(inspectionId);
  return frameworkOf(ctx, insp.frameworkId, insp.frameworkRevision);
}

/** Checks a question belongs to the case's sample before anything is written; returns the case's context for the save. */
function checkQuestion(ctx: HandlerContext, caseId: string, questionId: string, known?: CaseContext): CaseContext {
  const c = known ?? ctx.store.caseContext(caseId);
  const q = questionIndex(frameworkOf(ctx, c.frameworkId, c.frameworkRevision)).get(questionId);
  if (!q || q.standard.ratedBy !== 'cases' || q.standard.sample !== c.sample)
    throw new AppError('VALIDATION', `Question ${questionId} is not part of this case's sample.`, {
      questionId: `not a question of the ${c.sample} sample`,
    });
  return c;
}

type AnswerMap = ReadonlyMap<string, { value: 'yes' | 'no' | 'na' | null; note: string } | { value: 'yes' | 'no' | 'na' | null; hasNote: boolean }>;

function withProgress(f: Framework, c: StoredCase, answers: AnswerMap | undefined, openComments = 0): CaseSummary {
  const p = caseProgress(f, c, answers ?? new Map());
  return { ...c, unansweredCount: p.unanswered.length, missingNoteCount: p.missingNotes.length, openComments };
}

/** The case list's order: refs compared as the inspector reads them (CS-2 before CS-10). */
const REF_ORDER = new Intl.Collator('en-GB', { numeric: true });

export function readSettings(store: Store): Settings {
  const r = settingsSchema.partial().safeParse(store.getSetting(SETTINGS_KEY) ?? {});
  return { ...DEFAULT_SETTINGS, ...(r.success ? r.data : {}) };
}

function judgementStandard(f: Framework, standardId: string) {
  const s = findStandard(f, standardId);
  if (!s || s.ratedBy !== 'judgement')
    throw new AppError('VALIDATION', `${standardId} is not a judgement standard of ${f.id}.`, { standardId: 'not a judgement standard' });
  return s;
}

export function createHandlers(ctx: HandlerContext) {
  const { store } = ctx;
  const team = teamStore(store);
  /** A case out in a work package is the inspector's to change until the lead takes it back. Returns the case's context. */
  const editable = (caseId: string): CaseContext => {
    const c = store.caseContext(caseId);
    const holder = caseHolder(team, c.inspectionId, c.ref);
    if (holder) throw new AppError('CONFLICT', `Case ${c.ref} is with ${holder} in a work package, so it cannot be changed here. Take it back first (on the case or the Team tab).`);
    return c;
  };
  const render = ctx.render ?? IN_PROCESS_RENDERER;
  const jobs = (ctx.jobs ??= new Jobs());
  const longWork = (ctx.longWork ??= inProcessJobs(() => ({ store, frameworks: ctx.frameworks }), jobs, render, ctx.backups));
  // Read on every save (the inspector's name goes on each answer): kept in memory, written through.
  let settings: Settings | null = null;
  const currentSettings = () => (settings ??= readSettings(store));
  const judgementOf = (inspectionId: string, standardId: string): Judgement =>
    store.judgements(inspectionId).find((j) => j.standardId === standardId) ?? { standardId, rating: null, rationale: '', notes: {} };
  const caseSummary = (caseId: string): CaseSummary => {
    const c = store.getCaseSummary(caseId);
    return withProgress(inspectionFramework(ctx, c.inspectionId), c, store.answersByCase(c.inspectionId).get(caseId), qaRepository(store.db).caseState(caseId)?.openComments ?? 0);
  };
  return {
    ...createTeamHandlers(ctx, team, () => store.user()?.name ?? '', openSealed),
    'system.ping': () => ({ pong: true as const }),
    'app.info': () => ({ version: ctx.app.version, dataPath: ctx.app.dataPath, schemaVersion: store.db.pragma('user_version', { simple: true }) as number, notices: [...(ctx.app.notices ?? [])] }),
    'framework.list': () => ctx.frameworks.list().map((f) => ({ id: f.id, revision: f.revision, name: f.name, providerTypes: f.providerTypes })),
    'provider.list': () => store.listProviders(),
    'provider.create': (input) => store.createProvider(input),
    'inspection.list': () => store.listInspections(),
    'inspection.get': ({ id }) => store.getInspection(id),
    'inspection.create': (input) => {
      const f = frameworkOf(ctx, input.frameworkId);
      return store.createInspection({
        ...(input.providerId ? { providerId: input.providerId } : {}),
        ...(input.newProvider ? { newProvider: input.newProvider } : {}),
        frameworkId: f.id,
        frameworkRevision: f.revision,
        fieldworkStart: input.fieldworkStart,
        fieldworkEnd: input.fieldworkEnd,
        caseloadSize: input.caseloadSize,
      });
    },
    'case.list': ({ inspectionId, offset = 0, limit }) => {
      const f = inspectionFramework(ctx, inspectionId);
      const open = qaRepository(store.db).openCommentsByCase(inspectionId);
      if (limit !== undefined || offset > 0) {
        // One page: order by ref alone, then read only the page's cases and their answers, so the first
        // screen costs the same for 3,000 cases as for 300.
        const refs = caseRefs(store.db, inspectionId).sort((a, b) => REF_ORDER.compare(a.ref, b.ref));
        const page = refs.slice(offset, limit === undefined ? undefined : offset + limit).map((r) => store.getCaseSummary(r.id));
        const answers = keyAnswerFlags(store.db, inspectionId, page.map((c) => c.id));
        return page.map((c) => withProgress(f, c, answers.get(c.id), open.get(c.id) ?? 0));
      }
      const answers = keyAnswerFlags(store.db, inspectionId);
      return store
        .listCases(inspectionId)
        .sort((a, b) => REF_ORDER.compare(a.ref, b.ref))
        .map((c) => withProgress(f, c, answers.get(c.id), open.get(c.id) ?? 0));
    },
    'case.add': (input) => {
      const f = inspectionFramework(ctx, input.inspectionId);
      if (!f.samples.some((s) => s.id === input.sample))
        throw new AppError('VALIDATION', `${f.id} has no ${input.sample} sample.`, { sample: 'not a sample of this framework' });
      return withProgress(f, store.addCase(input), undefined);
    },
    'case.get': ({ caseId }) => {
      const c = store.getCase(caseId);
      const f = frameworkOf(ctx, c.frameworkId, c.frameworkRevision);
      return { ...c, ...withProgress(f, c, new Map(c.answers.map((a) => [a.questionId, a])), qaRepository(store.db).caseState(caseId)?.openComments ?? 0) };
    },
    // One lookup of the case's context per save: the team check, the question check and the store share it.
    'case.answer': ({ caseId, questionId, value }) => store.setAnswer(caseId, questionId, value, checkQuestion(ctx, caseId, questionId, editable(caseId))),
    'case.note': ({ caseId, questionId, note }) => store.setNote(caseId, questionId, note, checkQuestion(ctx, caseId, questionId, editable(caseId))),
    'case.complete': ({ caseId, complete }) => {
      editable(caseId);
      // Whether it may be complete is the invariants' call (core/changes/invariants.ts), made on the write.
      store.setCompleted(caseId, complete);
      return caseSummary(caseId);
    },
    // Read and checked by the long-work runner: the job thread in the app, so a sample of thousands of
    // rows holds no case open or save up while it is read against the inspection's cases.
    'case.importPreview': ({ inspectionId, csv, existing }) => {
      inspectionFramework(ctx, inspectionId);
      return longWork.preview({ inspectionId, csv, existing });
    },
    // Read, checked and written (one transaction, in its write turn) by the long-work runner: the job
    // thread in the app, so a sample of thousands of cases holds no other command up while it is read.
    'case.import': ({ inspectionId, csv, existing, jobId }) => {
      inspectionFramework(ctx, inspectionId);
      return longWork.sample({ inspectionId, csv, existing }, jobId);
    },
    'inspection.ratings': ({ inspectionId, qaCompleteOnly }) => {
      // From the answer index and its kept counts: after a save, the engine moves them by one case.
      if (!qaCompleteOnly) return indexedRatings(store.db, inspectionId, inspectionFramework(ctx, inspectionId));
      // The dashboard can rate from the cases that have passed QA only.
      const input = indexedRatingInput(store.db, inspectionId);
      const passed = new Set(store.listCases(inspectionId).filter((c) => passedQa(c.qaStatus)).map((c) => c.ref));
      return rateInspection(inspectionFramework(ctx, inspectionId), { ...input, cases: input.cases.filter((c) => passed.has(c.ref)) });
    },
    'inspection.questionCases': ({ inspectionId, questionId }) => {
      const f = inspectionFramework(ctx, inspectionId);
      const q = questionIndex(f).get(questionId);
      if (!q || q.prompt || q.standard.ratedBy !== 'cases') throw new AppError('VALIDATION', `${questionId} is not a key question rated from cases.`);
      const answers = store.answersByCase(inspectionId);
      return store
        .listCases(inspectionId)
        .filter((c) => keyQuestionApplies(q.standard, q.keyQuestion, c))
        .map((c) => {
          const a = answers.get(c.id)?.get(questionId);
          return { caseId: c.id, ref: c.ref, value: a?.value ?? null, note: a?.note ?? '' };
        });
    },
    'inspection.subgroups': ({ inspectionId, attribute }) => {
      const f = inspectionFramework(ctx, inspectionId);
      const { cases } = store.inspectionInput(inspectionId);
      return caseStandards(f).flatMap((s) =>
        s.keyQuestions.map((k) => ({
          questionId: k.id,
          standardId: s.id,
          groups: breakdown(f, cases, k.id, attribute).groups.map((g) => ({
            value: g.value,
            cases: g.cases,
            yes: g.result.yes,
            applicable: g.result.applicable,
            percent: g.result.percent,
          })),
        })),
      );
    },
    'judgement.list': ({ inspectionId }) => {
      const f = inspectionFramework(ctx, inspectionId);
      return allStandards(f)
        .filter((s) => s.ratedBy === 'judgement')
        .map((s) => judgementOf(inspectionId, s.id));
    },
    'judgement.set': ({ inspectionId, standardId, rating, rationale }) => {
      judgementStandard(inspectionFramework(ctx, inspectionId), standardId);
      store.setJudgement(inspectionId, standardId, rating, rationale);
      return judgementOf(inspectionId, standardId);
    },
    'judgement.note': ({ inspectionId, keyQuestionId, text }) => {
      const f = inspectionFramework(ctx, inspectionId);
      const q = questionIndex(f).get(keyQuestionId);
      if (!q || q.standard.ratedBy !== 'judgement') throw new AppError('VALIDATION', `${keyQuestionId} is not a key question of a judgement standard.`);
      store.setJudgementNote(inspectionId, q.standard.id, keyQuestionId, text);
      return judgementOf(inspectionId, q.standard.id);
    },
    'override.set': ({ inspectionId, standardId, rating, reason }) => {
      const s = findStandard(inspectionFramework(ctx, inspectionId), standardId);
      if (!s || s.ratedBy !== 'cases')
        throw new AppError('VALIDATION', 'Only ratings computed from cases can be overridden; enter judgement ratings directly.', { standardId: 'not a case standard' });
      store.setOverride(inspectionId, standardId, rating ? { rating, reason } : null);
      return rating ? { standardId, rating, reason } : null;
    },
    'report.text.list': ({ inspectionId }) => store.standardTexts(inspectionId),
    'report.text.set': ({ inspectionId, standardId, strengths, improvements, narrative, practiceExamples }) => {
      if (!findStandard(inspectionFramework(ctx, inspectionId), standardId)) throw new AppError('VALIDATION', `No standard ${standardId}.`, { standardId: 'unknown standard' });
      store.setStandardText(inspectionId, standardId, { strengths, improvements, narrative, practiceExamples });
      return store.standardTexts(inspectionId)[standardId]!;
    },
    'recommendation.list': ({ inspectionId }) => store.recommendations(inspectionId),
    'recommendation.set': ({ inspectionId, items }) => store.setRecommendations(inspectionId, items),
    'report.narrative.get': ({ inspectionId }) => store.reportNarrative(inspectionId),
    'report.section.set': ({ inspectionId, key, text }) => {
      store.setReportSections(inspectionId, { [key]: text });
      return { key, text };
    },
    'report.fact.set': ({ inspectionId, fact, value }) => {
      store.setReportFacts(inspectionId, { [fact]: value });
      return { fact, value };
    },
    'recommendation.items': ({ inspectionId }) => store.recommendationList(inspectionId),
    'recommendation.add': ({ inspectionId, text, addressee }) => {
      const id = store.addRecommendation(inspectionId, text, undefined, addressee);
      return store.recommendationList(inspectionId).find((r) => r.id === id)!;
    },
    'recommendation.edit': ({ id, text, addressee }) => {
      store.editRecommendation(id, { ...(text !== undefined ? { text } : {}), ...(addressee !== undefined ? { addressee } : {}) });
      return store.recommendation(id);
    },
    'recommendation.remove': ({ id }) => {
      store.removeRecommendation(id);
      return { removed: true as const };
    },
    'report.preview': async ({ inspectionId }) => {
      inspectionFramework(ctx, inspectionId);
      try {
        const { output } = await longWork.report({ inspectionId, format: 'html', today: ctx.services.today() }, undefined);
        return { html: output.format === 'html' ? output.html : '' };
      } catch (e) {
        if (e instanceof PersonalDataError) throw new AppError('PERSONAL_DATA', e.message);
        throw e;
      }
    },
    'report.export': async ({ inspectionId, format, jobId }) => {
      inspectionFramework(ctx, inspectionId);
      const kind = REPORT_FORMATS[format];
      // Render and check before asking where to save: a refused report never gets as far as a file.
      // The report's data is read and rendered by the long-work runner (the job thread in the app, with
      // its own connection), so saves go on meanwhile.
      let bytes: Uint8Array;
      let named: { name: string; date: string };
      try {
        const { output, checkPdf } = await longWork.report({ inspectionId, format: format === 'docx' ? 'docx' : 'html', today: ctx.services.today() }, jobId);
        named = output;
        if (output.format === 'docx') bytes = output.bytes;
        else {
          // The HTML is checked before it is printed, and the printed PDF's own text after (as renderPdf does).
          // The PDF is the checked HTML printed by Electron (or Chromium in tests), on the main thread.
          ctx.jobs?.note(jobId, { phase: 'rendering' });
          bytes = await ctx.services.printToPdf(output.html, output.chrome);
          await checkPdf(bytes);
        }
      } catch (e) {
        if (e instanceof PersonalDataError) throw new AppError('PERSONAL_DATA', e.message);
        throw e;
      }
      const safeName = named.name.replace(/[^\p{L}\p{N} -]+/gu, '').trim() || 'inspection';
      jobs.note(jobId, { phase: 'asking' });
      const path = await ctx.services.chooseSavePath({
        title: `Export the draft report as ${kind.name}`,
        defaultName: `${safeName} draft report ${named.date}.${kind.extension}`,
        filters: [{ name: kind.name, extensions: [kind.extension] }],
      });
      if (path === null) return { path: null };
      await writeFileAtomically(path, bytes);
      return { path };
    },
    ...createExchangeHandlers(ctx, (id, revision) => frameworkOf(ctx, id, revision)),
    ...createQaHandlers(ctx, (id, revision) => frameworkOf(ctx, id, revision)),
    'audit.list': ({ inspectionId, caseRef }) => store.audit(inspectionId, caseRef),
    'job.progress': ({ jobId }) => jobs.progress(jobId),
    'job.cancel': ({ jobId }) => ({ cancelling: jobs.cancel(jobId) }),
    'backup.list': () => (ctx.backups?.list() ?? []).map(({ name, createdAt, reason, bytes }) => ({ name, createdAt, reason, bytes })),
    'backup.create': async () => {
      if (!ctx.backups) throw new AppError('UNAVAILABLE', 'Backups are not available here.');
      const { name, createdAt, reason, bytes } = await ctx.backups.now('manual');
      return { name, createdAt, reason, bytes };
    },
    'backup.restore': async ({ name }) => {
      if (!ctx.backups) throw new AppError('UNAVAILABLE', 'Backups are not available here.');
      if (!ctx.backups.list().some((b) => b.name === name)) throw new AppError('NOT_FOUND', 'That backup no longer exists.');
      const { createdAt, reason, bytes } = await ctx.backups.restore(name);
      return { name, createdAt, reason, bytes };
    },
    'identity.get': () => ({ installationId: store.installationId(), user: store.user() }),
    'identity.set': ({ name }) => {
      const user = store.setUserName(name);
      // Settings shows the same name.
      const next = { ...currentSettings(), inspectorName: user.name };
      store.setSetting(SETTINGS_KEY, next);
      settings = next;
      return user;
    },
    'inspection.setStatus': ({ id, status }) => store.setInspectionStatus(id, status),
    'settings.get': () => currentSettings(),
    'settings.update': (patch) => {
      // The name in Settings is the user's: renaming keeps their id, so their history stays theirs.
      if (patch.inspectorName !== undefined && patch.inspectorName.trim()) store.setUserName(patch.inspectorName);
      const next = { ...currentSettings(), ...patch };
      store.setSetting(SETTINGS_KEY, next);
      settings = next;
      return next;
    },
    ...createSamplingHandlers(ctx, (inspectionId) => inspectionFramework(ctx, inspectionId), () => store.user()?.name ?? ''),
    'case.search': ({ inspectionId, text }) => {
      const q = text.toLocaleLowerCase('en-GB');
      const has = (v: string) => v.toLocaleLowerCase('en-GB').includes(q);
      const notes = store.answersByCase(inspectionId);
      const hits: { caseId: string; found: 'CRN' | 'name' | 'evidence note'; questionId?: string }[] = [];
      for (const c of store.listCases(inspectionId)) {
        const d = store.getCase(c.id);
        if (has(d.crn)) hits.push({ caseId: c.id, found: 'CRN' });
        else if (has(d.name)) hits.push({ caseId: c.id, found: 'name' });
        else {
          const inNote = [...(notes.get(c.id) ?? [])].find(([, a]) => has(a.note));
          if (inNote) hits.push({ caseId: c.id, found: 'evidence note', questionId: inNote[0] });
        }
      }
      return hits;
    },
    'case.update': ({ caseId, ...patch }) => {
      // Reassigning a case that is out is allowed (it goes to its new inspector in their next package).
      if (Object.keys(patch).some((k) => k !== 'assignedInspector')) editable(caseId);
      const c = store.getCase(caseId);
      const f = frameworkOf(ctx, c.frameworkId, c.frameworkRevision);
      if (patch.sample !== undefined && !f.samples.some((s) => s.id === patch.sample))
        throw new AppError('VALIDATION', `${f.id} has no ${patch.sample} sample.`, { sample: 'not a sample of this framework' });
      const updated = store.updateCase(caseId, patch);
      const answers = new Map(store.getCase(caseId).answers.map((a) => [a.questionId, a]));
      return withProgress(f, updated, answers);
    },
    'case.delete': ({ caseId }) => {
      editable(caseId);
      return store.deleteCase(caseId);
    },
    'inspection.update': ({ id, ...patch }) => store.updateInspection(id, patch),
    'inspection.delete': ({ id }) => {
      store.deleteInspection(id);
      return { deleted: true as const };
    },
  } satisfies Handlers;
}
