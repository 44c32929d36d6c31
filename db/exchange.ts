import { randomUUID } from 'node:crypto';
import {
  type Answer,
  type ChangeRequest,
  CREATE,
  DELETE,
  INSPECTION_FILE_FORMAT,
  INSPECTION_FILE_VERSION,
  type InspectionFile,
  type Json,
  type Provider,
  deriveCaseStatus,
  formatHlc,
  nodeFromInstallation,
} from '../core';
import { casesRepository } from './repositories/cases';
import { inspectionsRepository } from './repositories/inspections';
import { judgementsRepository } from './repositories/judgements';
import { recommendationsRepository } from './repositories/recommendations';
import { reportTextRepository } from './repositories/report-text';
import { StoreError, type Store } from './store';
import type { ReplayChange } from './write';

/** Everything an inspection is, as the file format carries it (without the checksum, added by the caller). */
export function exportInspection(store: Store, inspectionId: string): InspectionFile {
  const db = store.db;
  const insp = store.getInspection(inspectionId);
  const meta = inspectionsRepository(db).recorded(inspectionId);
  const cases = casesRepository(db).rows(inspectionId, 'file');
  const answers = store.answersByCase(inspectionId);
  const judgements = store.judgements(inspectionId);
  const overrides = judgementsRepository(db).overrides(inspectionId);
  const texts = store.standardTexts(inspectionId);
  const progress = store.recommendationProgress(inspectionId);
  const recs = store.recommendations(inspectionId);
  const judgementNotes = Object.fromEntries(judgements.flatMap((j) => Object.entries(j.notes)));
  const legacy = (v: Json): string | null => (v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));
  return {
    format: INSPECTION_FILE_FORMAT,
    formatVersion: INSPECTION_FILE_VERSION,
    id: insp.id,
    framework: insp.frameworkId,
    frameworkRevision: insp.frameworkRevision,
    provider: { id: insp.provider.id, name: insp.provider.name, type: insp.provider.type, owner: insp.provider.owner, region: insp.provider.region },
    inspection: { fieldworkStart: insp.fieldworkStart, fieldworkEnd: insp.fieldworkEnd, ...(insp.caseloadSize !== null ? { caseloadSize: insp.caseloadSize } : {}), status: insp.status },
    cases: cases.map((c) => {
      const a = answers.get(c.id) ?? new Map<string, { value: Answer | null; note: string }>();
      return {
        ref: c.ref,
        ...(c.crn ? { crn: c.crn } : {}),
        ...(c.name ? { name: c.name } : {}),
        sample: c.sample,
        status: deriveCaseStatus(c.completed_at, a.values()),
        ...(c.assigned_inspector ? { assignedInspector: c.assigned_inspector } : {}),
        attributes: casesRepository(db).summary(c.id).attributes,
        answers: Object.fromEntries([...a].filter(([, v]) => v.value !== null).sort(([x], [y]) => x.localeCompare(y)).map(([q, v]) => [q, v.value as Answer])),
        notes: Object.fromEntries([...a].filter(([, v]) => v.note !== '').sort(([x], [y]) => x.localeCompare(y)).map(([q, v]) => [q, v.note])),
      };
    }),
    judgements: Object.fromEntries(judgements.map((j) => [j.standardId, { rating: j.rating, rationale: j.rationale }])),
    ...(Object.keys(judgementNotes).length ? { judgementNotes } : {}),
    overrides: Object.fromEntries(overrides.map((o) => [o.standard_id, { rating: o.rating, reason: o.reason }])),
    recommendations: recs.map((text) => ({ text })),
    ...(Object.keys(texts).length ? { reportText: texts } : {}),
    ...(progress.length ? { previousRecommendations: progress } : {}),
    audit: store
      .audit(inspectionId)
      .filter((e) => ['answer', 'note', 'judgement', 'judgement-note', 'override', 'completion'].includes(e.what))
      .map((e) => ({ caseRef: e.caseRef, what: e.what, item: e.item, oldValue: legacy(e.oldValue), newValue: legacy(e.newValue), changedBy: e.changedBy, changedAt: e.changedAt })),
    ...(meta.kind === 'ratings-only'
      ? {
          ratingsOnly: {
            standards: Object.fromEntries(meta.standards.map((r) => [r.standardId, r.rating])),
            ...(meta.overall ? { overall: { rating: meta.overall, ...(meta.score !== null ? { score: meta.score } : {}) } } : {}),
            ...(meta.keyQuestions.length ? { keyQuestions: Object.fromEntries(meta.keyQuestions.map((k) => [k.keyQuestionId, { percent: k.percent, ...(k.base !== null ? { base: k.base } : {}) }])) } : {}),
          },
        }
      : {}),
  };
}

export type ProviderChoice = { mode: 'auto' } | { mode: 'existing'; id: string } | { mode: 'new' };

/** How a file's provider relates to the store: matched by id or exact name, or candidates to confirm. */
export function matchProvider(store: Store, p: NonNullable<InspectionFile['provider']>): { match: Provider | null; candidates: Provider[] } {
  const all = store.listProviders();
  const byId = p.id ? all.find((x) => x.id === p.id) : undefined;
  if (byId) return { match: byId, candidates: [] };
  const byName = all.find((x) => x.name.trim().toLowerCase() === p.name.trim().toLowerCase());
  if (byName) return { match: byName, candidates: [] };
  const words = new Set(p.name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !['crc', 'pdu', 'nps', 'the', 'and'].includes(w)));
  return { match: null, candidates: all.filter((x) => x.name.toLowerCase().split(/[^a-z0-9]+/).some((w) => words.has(w))) };
}

export interface ImportOptions {
  /** What to do when the store already has an inspection with the file's id. */
  onDuplicate: 'replace' | 'keep-both';
  provider: ProviderChoice;
}

/** Changes that remove every row of an inspection's contents (the history stays in the log). */
function clearInspection(store: Store, id: string): ChangeRequest[] {
  const db = store.db;
  const del = (entity: ChangeRequest['entity'], rowId: string): ChangeRequest => ({ entity, id: rowId, field: DELETE, value: null });
  const j = judgementsRepository(db);
  const meta = inspectionsRepository(db).recorded(id);
  const answers = casesRepository(db).answersByCase(id);
  return [
    ...meta.standards.map((r) => del('recorded-rating', r.id)),
    ...meta.keyQuestions.map((k) => del('recorded-key-question', k.id)),
    ...j.notes(id).map((n) => del('judgement-note', n.id)),
    ...j.list(id).map((x) => del('judgement', x.id)),
    ...j.overrides(id).map((o) => del('override', o.id)),
    ...reportTextRepository(db).list(id).map((t) => del('report-text', t.id)),
    ...recommendationsRepository(db).list(id).map((r) => del('recommendation', r.id)),
    ...recommendationsRepository(db).progress(id).map((p) => del('recommendation-progress', p.id)),
    ...casesRepository(db)
      .rows(id)
      .flatMap((c) => [...[...(answers.get(c.id)?.values() ?? [])].map((a) => del('answer', (a as { id: string }).id)), del('case', c.id)]),
  ];
}

/**
 * Writes a validated file into the store through the one write path, in one transaction: the whole
 * inspection arrives or nothing changes. Replacing an inspection records the removal of its old
 * contents as changes: nothing is taken out of the history. Callers check the file first.
 */
export function importInspection(store: Store, file: InspectionFile, frameworkRevision: string, o: ImportOptions): string {
  return store.db.transaction(() => {
    const changes: ChangeRequest[] = [];
    const fileProvider = file.provider ?? { name: 'Unnamed provider', type: 'CRC' as const };
    let providerId: string;
    if (o.provider.mode === 'existing') providerId = store.getProvider(o.provider.id).id;
    else {
      const { match } = matchProvider(store, fileProvider);
      if (match && o.provider.mode === 'auto') providerId = match.id;
      else {
        const taken = store.listProviders().some((x) => x.name.toLowerCase() === fileProvider.name.toLowerCase());
        providerId = randomUUID();
        changes.push({
          entity: 'provider',
          id: providerId,
          field: CREATE,
          value: { name: taken ? `${fileProvider.name} (imported)` : fileProvider.name, type: fileProvider.type, owner: fileProvider.owner ?? '', region: fileProvider.region ?? '' },
        });
      }
    }
    const start = file.inspection?.fieldworkStart ?? file.inspection?.fieldworkEnd;
    if (!start) throw new StoreError('CONFLICT', 'The file has no fieldwork dates; Fieldwork needs at least the start date.', 'inspection.fieldworkStart');
    const fields = {
      fieldworkStart: start,
      fieldworkEnd: file.inspection?.fieldworkEnd ?? start,
      caseloadSize: file.inspection?.caseloadSize ?? null,
      recordedOverall: file.ratingsOnly?.overall?.rating ?? null,
      recordedScore: file.ratingsOnly?.overall?.score ?? null,
    };
    let id = file.id ?? randomUUID();
    const existing = inspectionsRepository(store.db).find(id);
    if (existing && o.onDuplicate === 'replace') {
      // A final inspection is reopened for the replacement and set final again below if the file says so.
      if (store.getInspection(id).status === 'final') changes.push({ entity: 'inspection', id, field: 'status', value: 'draft' });
      changes.push(...clearInspection(store, id));
      changes.push({ entity: 'inspection', id, field: 'providerId', value: providerId });
      for (const [field, value] of Object.entries(fields)) changes.push({ entity: 'inspection', id, field, value });
    } else {
      if (existing) id = randomUUID();
      changes.push({
        entity: 'inspection',
        id,
        field: CREATE,
        value: { providerId, frameworkId: file.framework, frameworkRevision, kind: file.ratingsOnly ? 'ratings-only' : 'scored', status: 'draft', ...fields },
      });
    }
    // When a case was completed: its last completion in the file's own history, else the end of fieldwork.
    const completedAt = (ref: string) =>
      [...(file.audit ?? [])].reverse().find((e) => e.what === 'completion' && e.caseRef === ref && e.newValue === 'complete')?.changedAt ?? `${fields.fieldworkEnd}T00:00:00.000Z`;
    const ids = new Map<string, string>();
    const idFor = (key: string) => ids.get(key) ?? (ids.set(key, randomUUID()), ids.get(key)!);
    for (const c of file.cases) {
      const caseId = idFor(`case:${c.ref}`);
      changes.push({
        entity: 'case',
        id: caseId,
        field: CREATE,
        value: {
          inspectionId: id,
          ref: c.ref,
          crn: c.crn ?? '',
          name: c.name ?? '',
          sample: c.sample ?? 'case-supervision',
          attributes: (c.attributes ?? {}) as Json,
          assignedInspector: c.assignedInspector ?? '',
          completedAt: c.status === 'complete' ? completedAt(c.ref) : null,
          reopenReason: null,
        },
      });
      for (const q of new Set([...Object.keys(c.answers), ...Object.keys(c.notes ?? {})]))
        changes.push({ entity: 'answer', id: idFor(`answer:${c.ref}:${q}`), field: CREATE, value: { caseId, questionId: q, value: c.answers[q] ?? null, note: c.notes?.[q] ?? '' } });
    }
    const judged = new Set(Object.keys(file.judgements));
    for (const [standardId, j] of Object.entries(file.judgements))
      changes.push({ entity: 'judgement', id: idFor(`judgement:${standardId}`), field: CREATE, value: { inspectionId: id, standardId, rating: j.rating, rationale: j.rationale } });
    for (const [keyQuestionId, text] of Object.entries(file.judgementNotes ?? {})) {
      const standardId = keyQuestionId.split('.').slice(0, 2).join('.');
      if (!judged.has(standardId)) {
        judged.add(standardId);
        changes.push({ entity: 'judgement', id: idFor(`judgement:${standardId}`), field: CREATE, value: { inspectionId: id, standardId, rating: null, rationale: '' } });
      }
      changes.push({ entity: 'judgement-note', id: idFor(`judgement-note:${keyQuestionId}`), field: CREATE, value: { inspectionId: id, keyQuestionId, text } });
    }
    for (const [standardId, ov] of Object.entries(file.overrides ?? {}))
      changes.push({ entity: 'override', id: idFor(`override:${standardId}`), field: CREATE, value: { inspectionId: id, standardId, rating: ov.rating, reason: ov.reason } });
    (file.recommendations ?? []).forEach((r, i) =>
      changes.push({ entity: 'recommendation', id: randomUUID(), field: CREATE, value: { inspectionId: id, position: i + 1, text: r.text.trim() } }),
    );
    for (const [standardId, t] of Object.entries(file.reportText ?? {}))
      changes.push({ entity: 'report-text', id: randomUUID(), field: CREATE, value: { inspectionId: id, standardId, strengths: t.strengths, improvements: t.improvements } });
    (file.previousRecommendations ?? []).forEach((r, i) =>
      changes.push({ entity: 'recommendation-progress', id: randomUUID(), field: CREATE, value: { inspectionId: id, recommendationId: null, position: i + 1, text: r.text, progress: r.progress, note: r.note } }),
    );
    if (file.ratingsOnly) {
      for (const [standardId, rating] of Object.entries(file.ratingsOnly.standards))
        changes.push({ entity: 'recorded-rating', id: randomUUID(), field: CREATE, value: { inspectionId: id, standardId, rating } });
      for (const [keyQuestionId, v] of Object.entries(file.ratingsOnly.keyQuestions ?? {}))
        changes.push({ entity: 'recorded-key-question', id: randomUUID(), field: CREATE, value: { inspectionId: id, keyQuestionId, percent: v.percent, base: v.base ?? null } });
    }
    // A version 1 file's history (who changed what, when) goes into the log first, as it happened.
    store.replay(legacyHistory(file, id, idFor));
    store.apply(changes);
    // Separately, after the invariants have settled the cases: from here on the inspection refuses changes.
    if ((file.inspection?.status ?? 'draft') === 'final') store.apply([{ entity: 'inspection', id, field: 'status', value: 'final' }]);
    return id;
  })();
}

/** A version 1 file's audit trail as changes in the log (typed values; "rating: reason" strings split). */
function legacyHistory(file: InspectionFile, inspectionId: string, idFor: (key: string) => string): ReplayChange[] {
  const out: ReplayChange[] = [];
  let last = { millis: 0, counter: 0 };
  // The inspection's own id names the node: these clocks can never equal another import's.
  const node = nodeFromInstallation(inspectionId);
  const clockAt = (at: string) => {
    const ms = Date.parse(at);
    const millis = Math.max(Number.isNaN(ms) ? 0 : ms, last.millis);
    last = { millis, counter: millis === last.millis ? last.counter + 1 : 0 };
    return formatHlc({ ...last, node });
  };
  const split = (s: string | null): [string | null, string] => {
    if (s === null) return [null, ''];
    const i = s.indexOf(': ');
    const rating = i < 0 ? s : s.slice(0, i);
    return [rating === 'not rated' ? null : rating, i < 0 ? '' : s.slice(i + 2)];
  };
  for (const e of file.audit ?? []) {
    const who = e.changedBy.trim();
    const base = { actor: who ? { id: `legacy:${who}`, name: who } : { id: 'unknown', name: 'Unknown (recorded before names were required)' }, at: e.changedAt, baseRevision: null, inspectionId, item: e.item, reason: null };
    const push = (entity: ReplayChange['entity'], entityId: string, field: string, previous: Json, value: Json, caseId: string | null = null) =>
      out.push({ ...base, entity, id: entityId, field, previous, value, clock: clockAt(e.changedAt), caseId });
    if (e.what === 'answer' || e.what === 'note') {
      const caseId = e.caseRef ? idFor(`case:${e.caseRef}`) : null;
      const id = idFor(`answer:${e.caseRef ?? ''}:${e.item}`);
      if (e.what === 'answer') push('answer', id, 'value', e.oldValue, e.newValue, caseId);
      else push('answer', id, 'note', e.oldValue ?? '', e.newValue ?? '', caseId);
    } else if (e.what === 'completion') {
      const caseId = idFor(`case:${e.caseRef ?? e.item}`);
      push('case', caseId, 'completedAt', e.oldValue === 'complete' ? e.changedAt : null, e.newValue === 'complete' ? e.changedAt : null, caseId);
    } else if (e.what === 'judgement-note') push('judgement-note', idFor(`judgement-note:${e.item}`), 'text', e.oldValue ?? '', e.newValue ?? '');
    else if (e.what === 'judgement' || e.what === 'override') {
      const id = idFor(`${e.what}:${e.item}`);
      const [oldRating, oldText] = split(e.oldValue);
      const [newRating, newText] = split(e.newValue);
      if (e.what === 'override' && e.newValue === null) push('override', id, DELETE, { rating: oldRating, reason: oldText }, null);
      else {
        if (oldRating !== newRating) push(e.what, id, 'rating', oldRating, newRating);
        if (oldText !== newText) push(e.what, id, e.what === 'judgement' ? 'rationale' : 'reason', oldText, newText);
      }
    }
  }
  return out;
}

export function inspectionExists(store: Store, id: string): { id: string; fieldwork_start: string; provider: string } | undefined {
  return inspectionsRepository(store.db).find(id);
}
