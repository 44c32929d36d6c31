import { describe, expect, it } from 'vitest';
import { fieldworkDaysLeft, teamProgress } from './progress';

describe('team progress', () => {
  it('counts per inspector, whatever the case of their name, with their newest return and open conflicts', () => {
    const rows = teamProgress({
      cases: [
        { ref: 'A', assignedInspector: 'Asha Patel', status: 'complete' },
        { ref: 'B', assignedInspector: 'asha patel ', status: 'in-progress' },
        { ref: 'C', assignedInspector: 'Asha Patel', status: 'not-started' },
        { ref: 'D', assignedInspector: 'Ben Okoro', status: 'not-started' },
        { ref: 'E', assignedInspector: '', status: 'complete' },
      ],
      packages: [
        { inspector: 'Asha Patel', refs: ['A', 'B', 'C'], lastReturnAt: '2026-01-06T17:00:00.000Z', out: ['A', 'B'] },
        { inspector: 'Asha Patel', refs: ['C'], lastReturnAt: '2026-01-07T17:00:00.000Z', out: ['C'] },
      ],
      conflicts: [{ inspector: 'Asha Patel' }],
      members: ['Chris Lead'],
    });
    expect(rows).toEqual([
      { inspector: 'Asha Patel', assigned: 3, started: 2, complete: 1, withInspector: 3, lastReturnAt: '2026-01-07T17:00:00.000Z', openConflicts: 1 },
      { inspector: 'Ben Okoro', assigned: 1, started: 0, complete: 0, withInspector: 0, lastReturnAt: null, openConflicts: 0 },
      { inspector: 'Chris Lead', assigned: 0, started: 0, complete: 0, withInspector: 0, lastReturnAt: null, openConflicts: 0 },
    ]);
  });

  it('counts the days of fieldwork left, today included', () => {
    expect(fieldworkDaysLeft('2026-01-05', '2026-01-16')).toBe(12);
    expect(fieldworkDaysLeft('2026-01-16', '2026-01-16')).toBe(1);
    expect(fieldworkDaysLeft('2026-01-17', '2026-01-16')).toBe(0);
    expect(fieldworkDaysLeft('2026-03-28', '2026-03-30')).toBe(3); // across the clocks changing
  });
});
