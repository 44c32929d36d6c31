import type { CaseSummary } from '../../../core/api/contract';

export type SortKey = 'ref' | 'sample' | 'assignedInspector' | 'status' | 'unansweredCount' | 'missingNoteCount' | 'qaStatus' | 'openComments';

/** What the inspector set up on an inspection's case list, kept for the session. */
export interface ListState {
  search: string;
  status: 'all' | CaseSummary['status'];
  sample: string;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  /** The row at the top of the list's view. */
  scrollY: number;
  /** The case ids as last shown (filtered and sorted): "complete and next" follows it. */
  order: { id: string; assignedInspector: string; status: CaseSummary['status'] }[];
}

const states = new Map<string, ListState>();

export function listState(inspectionId: string): ListState {
  let s = states.get(inspectionId);
  if (!s) states.set(inspectionId, (s = { search: '', status: 'all', sample: 'all', sort: { key: 'ref', dir: 'asc' }, scrollY: 0, order: [] }));
  return s;
}

/**
 * The case to open after completing one: the next not-complete case after it in the list as the
 * inspector last saw it (filter and sort), keeping to the inspector's own cases when some are theirs.
 */
export function nextCaseId(order: ListState['order'], currentId: string, inspectorName: string): string | null {
  const at = order.findIndex((c) => c.id === currentId);
  const after = at < 0 ? order : [...order.slice(at + 1), ...order.slice(0, at)];
  const open = after.filter((c) => c.id !== currentId && c.status !== 'complete');
  const me = inspectorName.trim().toLocaleLowerCase('en-GB');
  const isMine = (c: ListState['order'][number]) => me !== '' && c.assignedInspector.trim().toLocaleLowerCase('en-GB') === me;
  // An inspector with cases of their own goes through those; everyone else through the list.
  const candidates = order.some(isMine) ? open.filter(isMine) : open;
  return candidates[0]?.id ?? null;
}
