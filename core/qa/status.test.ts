import { describe, expect, it } from 'vitest';
import { QA_STATUSES, availableQaActions, checkMarkingEdit, checkQaAction, reachableStatuses, type QaActor, type QaCaseState } from './status';

const ana: QaActor = { name: 'Ana Inspector', roles: ['inspector'] };
const lee: QaActor = { name: 'Lee Lead', roles: ['lead'] };
const quinn: QaActor = { name: 'Quinn QA', roles: ['quality-lead'] };
const lou: QaActor = { name: 'Lou Assessor', roles: ['local-assessor'] };
const state = (s: Partial<QaCaseState>): QaCaseState => ({ status: 'draft', marker: 'Ana Inspector', complete: true, openComments: 0, ...s });

describe('QA status state machine', () => {
  it('walks Draft → Ready for QA → Returned → Ready for QA → QA complete → Final', () => {
    expect(checkQaAction('send-to-qa', state({}), ana)).toEqual({ ok: true, to: 'ready-for-qa' });
    expect(checkQaAction('return', state({ status: 'ready-for-qa', openComments: 1 }), quinn)).toEqual({ ok: true, to: 'returned' });
    expect(checkQaAction('send-to-qa', state({ status: 'returned', openComments: 1 }), ana)).toEqual({ ok: true, to: 'ready-for-qa' });
    expect(checkQaAction('complete-qa', state({ status: 'ready-for-qa' }), quinn)).toEqual({ ok: true, to: 'qa-complete' });
    expect(checkQaAction('finalise', state({ status: 'qa-complete' }), lee)).toEqual({ ok: true, to: 'final' });
    expect(reachableStatuses()).toEqual([...QA_STATUSES]);
  });

  it('only a quality lead or the lead inspector moves a case past Ready for QA', () => {
    const inQa = state({ status: 'ready-for-qa' });
    for (const actor of [ana, lou]) {
      const r = checkQaAction('complete-qa', inQa, actor);
      expect(r).toEqual({ ok: false, reason: 'Only the lead inspector or a quality lead may mark QA complete.' });
    }
    expect(checkQaAction('complete-qa', inQa, lee).ok).toBe(true);
    expect(checkQaAction('complete-qa', inQa, quinn).ok).toBe(true);
    // The marker's own role does not matter past Ready for QA, even when they are the marker.
    expect(checkQaAction('finalise', state({ status: 'qa-complete' }), ana).ok).toBe(false);
  });

  it("only the case's marker or the lead sends it to QA, and only once it is complete", () => {
    expect(checkQaAction('send-to-qa', state({}), lou)).toMatchObject({ ok: false, reason: expect.stringContaining('the person who marked the case or the lead inspector') });
    expect(checkQaAction('send-to-qa', state({ marker: 'lou assessor ' }), lou).ok).toBe(true);
    expect(checkQaAction('send-to-qa', state({}), lee).ok).toBe(true);
    expect(checkQaAction('send-to-qa', state({}), quinn).ok).toBe(false);
    expect(checkQaAction('send-to-qa', state({ complete: false }), ana)).toMatchObject({ ok: false, reason: expect.stringContaining('Mark the case complete') });
  });

  it('a case cannot be QA complete (or final) while a comment on it is open', () => {
    expect(checkQaAction('complete-qa', state({ status: 'ready-for-qa', openComments: 2 }), quinn)).toEqual({
      ok: false,
      reason: 'The case has 2 open comments; resolve them first.',
    });
    expect(checkQaAction('finalise', state({ status: 'qa-complete', openComments: 1 }), lee)).toEqual({ ok: false, reason: 'The case has an open comment; resolve it first.' });
  });

  it('returning a case needs a comment to return it with', () => {
    expect(checkQaAction('return', state({ status: 'ready-for-qa' }), quinn)).toMatchObject({ ok: false, reason: expect.stringContaining('Add a comment') });
  });

  it('refuses moves the state machine does not have', () => {
    expect(checkQaAction('complete-qa', state({}), lee)).toEqual({ ok: false, reason: 'A case that is Draft cannot be moved by "Mark QA complete".' });
    expect(checkQaAction('finalise', state({ status: 'ready-for-qa' }), lee).ok).toBe(false);
    expect(checkQaAction('send-to-qa', state({ status: 'final' }), lee).ok).toBe(false);
  });

  it('offers exactly the actions allowed', () => {
    expect(availableQaActions(state({ status: 'ready-for-qa', openComments: 1 }), quinn)).toEqual(['return']);
    expect(availableQaActions(state({ status: 'ready-for-qa' }), quinn)).toEqual(['complete-qa']);
    expect(availableQaActions(state({ status: 'qa-complete' }), quinn)).toEqual(['finalise', 'reopen']);
    expect(availableQaActions(state({ status: 'ready-for-qa' }), ana)).toEqual([]);
  });

  it('who may change answers in each status', () => {
    expect(checkMarkingEdit({ status: 'draft', marker: 'Ana Inspector' }, ana).ok).toBe(true);
    expect(checkMarkingEdit({ status: 'draft', marker: 'Ana Inspector' }, lou).ok).toBe(false);
    expect(checkMarkingEdit({ status: 'returned', marker: 'Ana Inspector' }, ana).ok).toBe(true);
    expect(checkMarkingEdit({ status: 'ready-for-qa', marker: 'Ana Inspector' }, ana)).toMatchObject({ ok: false });
    expect(checkMarkingEdit({ status: 'qa-complete', marker: 'Ana Inspector' }, quinn).ok).toBe(true);
    expect(checkMarkingEdit({ status: 'final', marker: 'Ana Inspector' }, lee)).toEqual({ ok: false, reason: 'This case is final; reopen it for QA before changing it.' });
  });
});
