import { type AuditKind, CREATE, DELETE, type Json } from '../../core';
import type { Db } from '../connection';
import { type LoggedChange, changesRepository } from './changes';
import { once } from './prepared';

/** One line of the audit trail: a view of one change in the log, with typed values. */
export interface AuditEntry {
  caseRef: string | null;
  what: AuditKind;
  item: string;
  field: string;
  oldValue: Json;
  newValue: Json;
  changedBy: string;
  changedAt: string;
  clock: string;
  reason: string | null;
  /** The file the change arrived with, for a change an import brought or made; null for one made here. */
  source: string | null;
}

type Row = Record<string, Json>;
const asRow = (v: Json): Row => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const blank = (v: Json) => v === null || v === '';

const KIND: Record<string, AuditKind> = {
  judgement: 'judgement',
  'judgement-note': 'judgement-note',
  override: 'override',
  'report-text': 'report-text',
  'report-section': 'report-text',
  'report-fact': 'report-text',
  recommendation: 'recommendation',
  'recommendation-progress': 'recommendation-progress',
  inspection: 'inspection',
  'recorded-rating': 'recorded-rating',
  'recorded-key-question': 'recorded-rating',
  provider: 'provider',
  import: 'import',
  'qa-comment': 'qa',
  'second-answer': 'qa',
  'dip-sample': 'qa',
};

/** What people read for a change: creations spelt out field by field, completion as yes/no. */
function entries(c: LoggedChange, caseRef: string | null, source: string | null): AuditEntry[] {
  const base = { caseRef, item: c.item ?? '', changedBy: c.actor.name, changedAt: c.at, clock: c.clock, reason: c.reason, source };
  const line = (what: AuditKind, field: string, oldValue: Json, newValue: Json): AuditEntry => ({ ...base, what, field, oldValue, newValue });
  if (c.entity === 'answer') {
    // Answers are deleted only with their case, whose own line says so.
    if (c.field === DELETE) return [];
    if (c.field === CREATE) {
      const v = asRow(c.value);
      return [...(blank(v.value ?? null) ? [] : [line('answer', CREATE, null, v.value ?? null)]), ...(blank(v.note ?? null) ? [] : [line('note', CREATE, '', v.note ?? '')])];
    }
    return [line(c.field === 'note' ? 'note' : 'answer', c.field, c.previous, c.value)];
  }
  if (c.entity === 'case') {
    if (c.field === CREATE) return [line('case', CREATE, null, 'added')];
    if (c.field === DELETE) return [line('case', DELETE, 'in the inspection', 'deleted')];
    if (c.field === 'reopenReason') return [];
    if (c.field === 'completedAt') return [line('completion', c.field, c.previous !== null, c.value !== null)];
    return [line('case', c.field, c.previous, c.value)];
  }
  const what = KIND[c.entity] ?? 'inspection';
  if (c.field === CREATE) {
    if (c.entity === 'inspection') return [line(what, CREATE, null, 'created')];
    const v = asRow(c.value);
    const shown = Object.entries(v).filter(([k, x]) => !/Id$/.test(k) && k !== 'position' && !blank(x));
    return shown.length > 0 ? [line(what, CREATE, null, Object.fromEntries(shown))] : [];
  }
  if (c.field === DELETE) return [line(what, DELETE, c.previous, null)];
  return [line(what, c.field, c.previous, c.value)];
}

/** The audit trail of an inspection (or one of its cases): the change log, read for people. */
export function auditRepository(db: Db) {
  return once(db, 'audit', (d) => {
    const refs = d.prepare<[string], { id: string; ref: string }>('SELECT id, ref FROM case_file WHERE inspection_id = ?');
    const caseByRef = d.prepare<[string, string], { id: string }>('SELECT id FROM case_file WHERE inspection_id = ? AND ref = ?');
    return {
      list(inspectionId: string, caseRef?: string): AuditEntry[] {
        const log = changesRepository(db);
        const byId = new Map(refs.all(inspectionId).map((r) => [r.id, r.ref]));
        let changes: LoggedChange[];
        if (caseRef === undefined) changes = log.forInspection(inspectionId);
        else {
          const c = caseByRef.get(inspectionId, caseRef);
          changes = c ? log.forCase(inspectionId, c.id) : [];
        }
        // A deleted case keeps its reference in the trail: the log's case lines name it.
        for (const c of changes) if (c.entity === 'case' && c.caseId && c.item && !byId.has(c.caseId)) byId.set(c.caseId, c.item);
        const sources = log.sources(inspectionId);
        return changes.flatMap((c) => entries(c, c.caseId ? (byId.get(c.caseId) ?? null) : null, sources.get(c.clock) ?? null));
      },
    };
  });
}
