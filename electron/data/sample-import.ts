import { type CaseAttributes, type ExistingRows, type Framework, type SampleRow, readSampleCsv } from '../../core';
import type { CasePatch, Store } from '../../db';

// A sample CSV read against an inspection's cases: shared by the preview (answered on the data worker)
// and the import (the long-work runner: the job thread in the app, with its own connection).

/** A known case as "update existing" would change it from a re-imported sample row. */
export interface SampleUpdate {
  line: number;
  ref: string;
  caseId: string;
  patch: CasePatch;
  /** What changes, in the words of the file's columns. */
  fields: string[];
}

const ATTRIBUTE_COLUMNS: Record<keyof CaseAttributes, string> = {
  gender: 'gender',
  ethnicity: 'ethnicity',
  ageBand: 'age band',
  sentenceType: 'sentence type',
  roshLevel: 'risk of serious harm level',
  office: 'office or cluster',
  domesticAbuse: 'domestic abuse concern',
  childSafeguarding: 'child safeguarding concern',
  releasedFromCustody: 'released from custody',
  reviewDue: 'review due',
  identifiableVictim: 'identifiable victim',
};

/**
 * "Update existing": what each known row of a re-imported sample changes on its case. A blank cell
 * changes nothing (as REDCap's import does unless told otherwise); a case whose sample would change
 * while it holds answers is a problem in the file, named by line.
 */
export function planSampleUpdates(store: Store, inspectionId: string, rows: SampleRow[]): { updates: SampleUpdate[]; errors: { line: number; column?: string; message: string }[] } {
  const byRef = new Map(store.listCases(inspectionId).map((c) => [c.ref, c]));
  const updates: SampleUpdate[] = [];
  const errors: { line: number; column?: string; message: string }[] = [];
  for (const row of rows) {
    const summary = byRef.get(row.ref);
    if (!summary) continue;
    const c = store.getCase(summary.id);
    const patch: CasePatch = {};
    const fields: string[] = [];
    for (const [field, label] of [['crn', 'CRN'], ['name', 'name'], ['assignedInspector', 'assigned inspector']] as const)
      if (row[field] && row[field] !== c[field]) {
        patch[field] = row[field];
        fields.push(label);
      }
    if (row.sample !== c.sample) {
      if (c.answers.some((a) => a.value !== null || a.note !== '')) {
        errors.push({ line: row.line, column: 'sample', message: `${row.ref} has answers recorded, so its sample cannot change` });
        continue;
      }
      patch.sample = row.sample;
      fields.push('sample');
    }
    const attributes: CaseAttributes = { ...c.attributes, ...row.attributes };
    const changedAttrs = (Object.keys(ATTRIBUTE_COLUMNS) as (keyof CaseAttributes)[]).filter((k) => attributes[k] !== c.attributes[k]);
    if (changedAttrs.length > 0) {
      patch.attributes = attributes;
      fields.push(...changedAttrs.map((k) => ATTRIBUTE_COLUMNS[k]));
    }
    updates.push({ line: row.line, ref: row.ref, caseId: c.id, patch, fields });
  }
  return { updates, errors };
}

/** A sample CSV read against the inspection: known refs are errors, or (add-new) rows set aside. */
export function readSampleAgainst(store: Store, framework: Framework, inspectionId: string, csv: string, existing: ExistingRows | undefined) {
  const refs = store.caseRefs(inspectionId);
  const none = { known: [] as { line: number; ref: string }[], updates: [] as SampleUpdate[] };
  if (existing === undefined || existing === 'refuse') return { r: readSampleCsv(csv, framework, refs), ...none };
  const all = readSampleCsv(csv, framework);
  const knownRows = all.rows.filter((row) => refs.has(row.ref));
  const known = knownRows.map(({ line, ref }) => ({ line, ref }));
  const planned = existing === 'update' ? planSampleUpdates(store, inspectionId, knownRows) : { updates: [], errors: [] };
  return { r: { ...all, rows: all.rows.filter((row) => !refs.has(row.ref)), errors: [...all.errors, ...planned.errors] }, known, updates: planned.updates };
}
