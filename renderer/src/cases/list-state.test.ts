import { describe, expect, it } from 'vitest';
import { nextCaseId } from './list-state';

const c = (id: string, assignedInspector = '', status: 'not-started' | 'in-progress' | 'complete' = 'not-started') => ({ id, assignedInspector, status });

describe('the case after "complete and next"', () => {
  it('follows the order the list showed, wrapping round, skipping complete cases', () => {
    const order = [c('a'), c('b', '', 'complete'), c('c'), c('d')];
    expect(nextCaseId(order, 'a', '')).toBe('c');
    expect(nextCaseId(order, 'd', '')).toBe('a');
  });
  it("keeps to the inspector's own cases when they have any", () => {
    const order = [c('a', 'Inspector A'), c('b', 'Inspector B'), c('c', 'Inspector A'), c('d', 'Inspector B')];
    expect(nextCaseId(order, 'b', 'inspector b')).toBe('d');
    expect(nextCaseId(order, 'b', 'Someone Else')).toBe('c');
  });
  it('none left: back to the list', () => {
    expect(nextCaseId([c('a', 'X'), c('b', 'X', 'complete')], 'a', 'X')).toBeNull();
  });
});
