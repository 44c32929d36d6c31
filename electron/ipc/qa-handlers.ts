import { randomUUID } from 'node:crypto';
import {
  type Answer,
  type CaseAttributes,
  type Framework,
  QA_ACTIONS,
  agreement,
  checkInspectionConsistency,
  checkQaAction,
  drawDipSample,
  questionIndex,
} from '../../core';
import { qaRepository, qaStore, teamRoles } from '../../db';
import { AppError, type Handlers } from './dispatch';
import type { HandlerContext } from './handlers';

type QaHandlers = Pick<
  Handlers,
  'qa.case' | 'qa.transition' | 'qa.comment.add' | 'qa.comment.reply' | 'qa.comment.resolve' | 'qa.comments' | 'qa.second.get' | 'qa.second.answer' | 'qa.agreement' | 'qa.consistency' | 'qa.dip.list' | 'qa.dip.draw'
>;

/**
 * Quality assurance over IPC: every write goes through db/qa-store.ts and so through the one write
 * path, where core's QA rules are enforced; these handlers only read and shape.
 */
export function createQaHandlers(ctx: HandlerContext, frameworkOf: (id: string, revision?: string) => Framework): QaHandlers {
  const { store } = ctx;
  const repo = () => qaRepository(store.db);
  const qa = () => qaStore(store);
  const userName = () => store.user()?.name ?? '';

  const caseView = (caseId: string) => {
    const state = repo().caseState(caseId);
    if (!state) throw new AppError('NOT_FOUND', 'That case no longer exists.');
    const actor = { name: userName(), roles: teamRoles(store.db, state.inspectionId, userName()) };
    return {
      caseId,
      status: state.status,
      actions: QA_ACTIONS.map((action) => {
        const r = checkQaAction(action, state, actor);
        return { action, allowed: r.ok, reason: r.ok ? null : r.reason };
      }),
      comments: repo().commentsOfCase(caseId),
      reviewer: actor.roles.includes('lead') || actor.roles.includes('quality-lead'),
      user: actor.name,
    };
  };
  const commentCase = (commentId: string) => {
    const caseId = repo().commentCase(commentId);
    if (!caseId) throw new AppError('NOT_FOUND', 'That comment no longer exists.');
    return caseId;
  };
  const secondView = (caseId: string) => {
    const c = store.getCaseSummary(caseId);
    const insp = store.getInspection(c.inspectionId);
    const rows = repo().secondOfCase(caseId);
    const answers = Object.fromEntries(rows.filter((r) => r.value !== null).map((r) => [r.question_id, r.value as Answer]));
    const marker = c.assignedInspector.trim();
    const blocked = marker !== '' && marker.toLowerCase() === userName().trim().toLowerCase() ? 'You marked this case, so you cannot mark it a second time: a second marking is blind.' : null;
    // Only what a blind second marker may see: the case's attributes and questions, never the first marking.
    return { caseId, inspectionId: c.inspectionId, ref: c.ref, sample: c.sample, attributes: c.attributes, frameworkId: insp.frameworkId, frameworkRevision: insp.frameworkRevision, answers, by: rows[0]?.marked_by ?? null, blocked };
  };
  const casesWithAnswers = (inspectionId: string) => {
    const cases = store.listCases(inspectionId);
    const answers = store.answersByCase(inspectionId);
    return cases.map((c) => {
      const a = answers.get(c.id) ?? new Map<string, { value: Answer | null; note: string }>();
      return {
        id: c.id,
        ref: c.ref,
        sample: c.sample,
        marker: c.assignedInspector,
        status: c.status,
        attributes: c.attributes as CaseAttributes,
        answers: Object.fromEntries([...a].filter(([, x]) => x.value !== null).map(([q, x]) => [q, x.value as Answer])),
        notes: Object.fromEntries([...a].map(([q, x]) => [q, x.note])),
      };
    });
  };
  const inspectionFramework = (inspectionId: string) => {
    const insp = store.getInspection(inspectionId);
    return frameworkOf(insp.frameworkId, insp.frameworkRevision);
  };

  return {
    'qa.case': ({ caseId }) => caseView(caseId),
    'qa.transition': ({ caseId, action }) => {
      qa().transition(caseId, action);
      return caseView(caseId);
    },
    'qa.comment.add': ({ caseId, questionId, text }) => {
      if (questionId !== null) {
        const c = store.caseContext(caseId);
        const q = questionIndex(frameworkOf(c.frameworkId, c.frameworkRevision)).get(questionId);
        if (!q || q.standard.sample !== c.sample) throw new AppError('VALIDATION', `Question ${questionId} is not part of this case's sample.`, { questionId: 'not a question of this case' });
      }
      qa().addComment(caseId, questionId, text);
      return caseView(caseId);
    },
    'qa.comment.reply': ({ commentId, text }) => {
      qa().reply(commentId, text);
      return caseView(commentCase(commentId));
    },
    'qa.comment.resolve': ({ commentId, resolved }) => {
      qa().resolve(commentId, resolved);
      return caseView(commentCase(commentId));
    },
    'qa.comments': ({ inspectionId }) => {
      store.getInspection(inspectionId);
      return repo().commentsOfInspection(inspectionId);
    },
    'qa.second.get': ({ caseId }) => secondView(caseId),
    'qa.second.answer': ({ caseId, questionId, value }) => {
      const c = store.caseContext(caseId);
      const q = questionIndex(frameworkOf(c.frameworkId, c.frameworkRevision)).get(questionId);
      if (!q || q.standard.ratedBy !== 'cases' || q.standard.sample !== c.sample) throw new AppError('VALIDATION', `Question ${questionId} is not part of this case's sample.`, { questionId: 'not a question of this case' });
      qa().setSecondAnswer(caseId, questionId, value);
      return secondView(caseId);
    },
    'qa.agreement': ({ inspectionId }) => {
      const f = inspectionFramework(inspectionId);
      const second = repo().secondByCase(inspectionId);
      const cases = casesWithAnswers(inspectionId);
      const r = agreement(f, cases.map((c) => ({ ref: c.ref, answers: c.answers, secondMarking: second.get(c.id) ?? null })));
      const idByRef = new Map(cases.map((c) => [c.ref, c.id]));
      return { ...r, disagreements: r.disagreements.map((d) => ({ ...d, caseId: idByRef.get(d.ref)! })) };
    },
    'qa.consistency': ({ inspectionId }) => {
      const f = inspectionFramework(inspectionId);
      const cases = casesWithAnswers(inspectionId);
      const idByRef = new Map(cases.map((c) => [c.ref, c.id]));
      return checkInspectionConsistency(f, cases).map((w) => ({ caseId: idByRef.get(w.ref)!, ref: w.ref, ruleId: w.ruleId, questionId: w.questionId, message: w.message }));
    },
    'qa.dip.list': ({ inspectionId }) => {
      store.getInspection(inspectionId);
      return repo().dipSamples(inspectionId);
    },
    'qa.dip.draw': ({ inspectionId, rule, seed }) => {
      const f = inspectionFramework(inspectionId);
      const cases = casesWithAnswers(inspectionId);
      const candidates = cases.map((c) => ({
        ref: c.ref,
        marker: c.marker.trim() || null,
        completed: c.status === 'complete',
        noAnswers: Object.values(c.answers).filter((a) => a === 'no').length,
        ...(c.attributes.roshLevel ? { roshLevel: c.attributes.roshLevel } : {}),
      }));
      // A seed the quality lead did not choose is made here and recorded with the draw, so it can be repeated.
      const draw = drawDipSample(f, candidates, rule, seed ?? randomUUID());
      const id = qa().recordDipSample(inspectionId, draw);
      const stored = repo().dipSamples(inspectionId).find((d) => d.id === id)!;
      return { ...stored, perMarker: draw.perMarker };
    },
  };
}
