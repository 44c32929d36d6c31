import { describe, expect, it } from 'vitest';
import { checkQaChange, qaActionBetween } from './rules';
import type { QaActor, QaCaseState } from './status';

const lead: QaActor = { name: 'Lee Lead', roles: ['lead'] };
const ana: QaActor = { name: 'Ana Inspector', roles: ['inspector'] };
const state = (s: Partial<QaCaseState>): QaCaseState => ({ status: 'draft', marker: 'Ana Inspector', complete: true, openComments: 0, ...s });
const attempt = (change: Parameters<typeof checkQaChange>[0], c: QaCaseState, actor: QaActor) => {
  try {
    checkQaChange(change, c, actor);
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('QA rules the write path applies to every change', () => {
  it('a status change must be a move of the state machine', () => {
    expect(qaActionBetween('returned', 'ready-for-qa')).toBe('send-to-qa');
    expect(qaActionBetween('final', 'ready-for-qa')).toBe('reopen');
    expect(qaActionBetween('draft', 'final')).toBeNull();
    expect(attempt({ entity: 'case', field: 'qaStatus', previous: 'draft', value: 'final' }, state({}), lead)).toBe('A case cannot go from Draft to Final.');
    expect(attempt({ entity: 'case', field: 'qaStatus', previous: 'ready-for-qa', value: 'qa-complete' }, state({ status: 'ready-for-qa' }), ana)).toContain('Only the lead inspector or a quality lead');
    expect(attempt({ entity: 'case', field: 'qaStatus', previous: 'draft', value: 'ready-for-qa' }, state({}), ana)).toBe('ok');
  });

  it('only reviewers comment and resolve; anyone on the case answers', () => {
    const create = { entity: 'qa-comment', field: '$create', previous: null, value: { text: 'x' } };
    expect(attempt(create, state({}), ana)).toBe('Only the lead inspector or a quality lead may comment for QA.');
    expect(attempt(create, state({}), lead)).toBe('ok');
    expect(attempt({ entity: 'qa-comment', field: 'reply', previous: '', value: 'Fixed' }, state({}), ana)).toBe('ok');
    expect(attempt({ entity: 'qa-comment', field: 'state', previous: 'answered', value: 'resolved' }, state({}), ana)).toBe('Only the lead inspector or a quality lead may resolve a comment.');
  });

  it('a QA-complete case cannot gain an open comment', () => {
    const c = state({ status: 'qa-complete' });
    expect(attempt({ entity: 'qa-comment', field: '$create', previous: null, value: {} }, c, lead)).toBe('This case is QA complete; reopen it for QA before commenting on it.');
    expect(attempt({ entity: 'qa-comment', field: 'state', previous: 'resolved', value: 'open' }, c, lead)).toBe('This case is QA complete; reopen it for QA before commenting on it.');
    expect(attempt({ entity: 'qa-comment', field: 'state', previous: 'answered', value: 'resolved' }, c, lead)).toBe('ok');
  });

  it('a second marking is blind: never by, or naming, the case’s own marker', () => {
    expect(attempt({ entity: 'second-answer', field: 'value', previous: null, value: 'yes' }, state({}), ana)).toContain('A second marking is blind');
    expect(attempt({ entity: 'second-answer', field: '$create', previous: null, value: { markedBy: 'ana inspector' } }, state({}), lead)).toContain('A second marking is blind');
    expect(attempt({ entity: 'second-answer', field: '$create', previous: null, value: { markedBy: 'Quinn QA' } }, state({}), ana)).toBe('ok');
    expect(attempt({ entity: 'second-answer', field: 'value', previous: null, value: 'yes' }, state({ status: 'final' }), lead)).toContain('final');
  });
});
