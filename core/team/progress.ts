import type { CaseStatus } from '../domain/case-status';

/** One inspector's line in the Team view and on the case list. */
export interface InspectorProgress {
  inspector: string;
  assigned: number;
  started: number;
  complete: number;
  /** Cases in a package that is out with them (not yet taken back or reissued). */
  withInspector: number;
  /** When their newest return merged was made (ISO), or null before the first. */
  lastReturnAt: string | null;
  openConflicts: number;
}

export interface ProgressInput {
  cases: readonly { ref: string; assignedInspector: string; status: CaseStatus }[];
  packages: readonly { inspector: string; refs: readonly string[]; lastReturnAt: string | null; out: readonly string[] }[];
  conflicts: readonly { inspector: string }[];
  /** Team members listed even before they have cases. */
  members?: readonly string[];
}

const key = (name: string) => name.trim().toLocaleLowerCase('en-GB');

/** Per inspector: cases assigned, started, complete, with them now, newest return and conflicts open. */
export function teamProgress(input: ProgressInput): InspectorProgress[] {
  const rows = new Map<string, InspectorProgress>();
  const row = (name: string) => {
    const k = key(name);
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { inspector: name.trim(), assigned: 0, started: 0, complete: 0, withInspector: 0, lastReturnAt: null, openConflicts: 0 }));
    return r;
  };
  for (const m of input.members ?? []) if (m.trim()) row(m);
  for (const c of input.cases) {
    if (!c.assignedInspector.trim()) continue;
    const r = row(c.assignedInspector);
    r.assigned++;
    if (c.status !== 'not-started') r.started++;
    if (c.status === 'complete') r.complete++;
  }
  for (const p of input.packages) {
    const r = row(p.inspector);
    r.withInspector += p.out.length;
    if (p.lastReturnAt && (!r.lastReturnAt || p.lastReturnAt > r.lastReturnAt)) r.lastReturnAt = p.lastReturnAt;
  }
  for (const c of input.conflicts) row(c.inspector).openConflicts++;
  return [...rows.values()].sort((a, b) => a.inspector.localeCompare(b.inspector, 'en-GB'));
}

/** Days of fieldwork left, today included; 0 once it has ended. Dates are `YYYY-MM-DD`. */
export function fieldworkDaysLeft(today: string, fieldworkEnd: string): number {
  const ms = Date.parse(`${fieldworkEnd}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Number.isNaN(ms) ? 0 : Math.max(0, Math.round(ms / 86_400_000) + 1);
}
