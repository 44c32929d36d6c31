import { FrameworkRegistry, questionIndex } from '../../core';
import type { Store } from '../../db';
import { AppError, type Handlers } from './dispatch';

export interface HandlerContext {
  store: Store;
  frameworks: FrameworkRegistry;
  app: { version: string; dataPath: string };
  /** The inspector's name, recorded on every answer they change. */
  inspectorName: () => string;
}

function frameworkOf(ctx: HandlerContext, id: string, revision?: string) {
  const f = ctx.frameworks.get(id, revision);
  if (!f) throw new AppError('VALIDATION', `Unknown framework ${id}.`, { frameworkId: `Unknown framework ${id}.` });
  return f;
}

/** Checks a question belongs to the case's sample before anything is written. */
function checkQuestion(ctx: HandlerContext, caseId: string, questionId: string): void {
  const c = ctx.store.caseContext(caseId);
  const q = questionIndex(frameworkOf(ctx, c.frameworkId, c.frameworkRevision)).get(questionId);
  if (!q || q.standard.ratedBy !== 'cases' || q.standard.sample !== c.sample)
    throw new AppError('VALIDATION', `Question ${questionId} is not part of this case's sample.`, {
      questionId: `not a question of the ${c.sample} sample`,
    });
}

export function createHandlers(ctx: HandlerContext) {
  const { store } = ctx;
  return {
    'system.ping': () => ({ pong: true as const }),
    'app.info': () => ({ version: ctx.app.version, dataPath: ctx.app.dataPath, schemaVersion: store.db.pragma('user_version', { simple: true }) as number }),
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
    'case.list': ({ inspectionId }) => store.listCases(inspectionId),
    'case.add': (input) => {
      const insp = store.getInspection(input.inspectionId);
      const f = frameworkOf(ctx, insp.frameworkId, insp.frameworkRevision);
      if (!f.samples.some((s) => s.id === input.sample))
        throw new AppError('VALIDATION', `${f.id} has no ${input.sample} sample.`, { sample: 'not a sample of this framework' });
      return store.addCase(input);
    },
    'case.get': ({ caseId }) => store.getCase(caseId),
    'case.answer': ({ caseId, questionId, value }) => {
      checkQuestion(ctx, caseId, questionId);
      return store.setAnswer(caseId, questionId, value, ctx.inspectorName());
    },
    'case.note': ({ caseId, questionId, note }) => {
      checkQuestion(ctx, caseId, questionId);
      return store.setNote(caseId, questionId, note, ctx.inspectorName());
    },
  } satisfies Handlers;
}
