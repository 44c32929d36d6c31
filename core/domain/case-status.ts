/** A case's workflow state. Defined once: the file format, the IPC contract and team merges use it. */
export const CASE_STATUSES = ['not-started', 'in-progress', 'complete'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
