import { randomUUID } from 'node:crypto';
import {
  INSPECTION_FILE_FORMAT,
  INSPECTION_FILE_VERSION,
  type Answer,
  type InspectionFile,
  type Provider,
  type Rating,
  caseAttributesSchema,
} from '../core';
import type { Db } from './connection';
import { StoreError, type Store } from './store';

type Row = Record<string, unknown>;

/** Everything an inspection is, as the file format carries it (without the checksum, added by the caller). */
export function exportInspection(store: Store, inspectionId: string): InspectionFile {
  const db = store.db;
  const insp = store.getInspection(inspectionId);
  const meta = db.prepare<[string], { kind: string; recorded_overall: Rating | null; recorded_score: number | null }>('SELECT kind, recorded_overall, recorded_score FROM inspection WHERE id = ?').get(inspectionId)!;
  const cases = db
    .prepare<[string], { id: string; ref: string; crn: string; name: string; sample: string; attributes: string; assigned_inspector: string; completed_at: string | null }>(
      'SELECT id, ref, crn, name, sample, attributes, assigned_inspector, completed_at FROM case_file WHERE inspection_id = ? ORDER BY rowid',
    )
    .all(inspectionId);
  const answers = store.answersByCase(inspectionId);
  const judgements = store.judgements(inspectionId);
  const overrides = db.prepare<[string], { standard_id: string; rating: Rating; reason: string }>('SELECT standard_id, rating, reason FROM rating_override WHERE inspection_id = ? ORDER BY standard_id').all(inspectionId);
  const texts = store.standardTexts(inspectionId);
  const progress = db.prepare<[string], { text: string; progress: 'met' | 'partly met' | 'not met' | null; note: string }>('SELECT text, progress, note FROM recommendation_progress WHERE inspection_id = ? ORDER BY position').all(inspectionId);
  const recorded = db.prepare<[string], { standard_id: string; rating: Rating }>('SELECT standard_id, rating FROM recorded_rating WHERE inspection_id = ? ORDER BY standard_id').all(inspectionId);
  const recordedKq = db.prepare<[string], { key_question_id: string; percent: number; base: number | null }>('SELECT key_question_id, percent, base FROM recorded_key_question WHERE inspection_id = ? ORDER BY key_question_id').all(inspectionId);
  const recs = store.recommendations(inspectionId);
  const judgementNotes = Object.fromEntries(judgements.flatMap((j) => Object.entries(j.notes)));
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
      const attrs = caseAttributesSchema.safeParse(JSON.parse(c.attributes));
      return {
        ref: c.ref,
        ...(c.crn ? { crn: c.crn } : {}),
        ...(c.name ? { name: c.name } : {}),
        sample: c.sample,
        status: c.completed_at ? ('complete' as const) : a.size > 0 ? ('in-progress' as const) : ('not-started' as const),
        ...(c.assigned_inspector ? { assignedInspector: c.assigned_inspector } : {}),
        attributes: attrs.success ? attrs.data : {},
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
    audit: store.audit(inspectionId),
    ...(meta.kind === 'ratings-only'
      ? {
          ratingsOnly: {
            standards: Object.fromEntries(recorded.map((r) => [r.standard_id, r.rating])),
            ...(meta.recorded_overall ? { overall: { rating: meta.recorded_overall, ...(meta.recorded_score !== null ? { score: meta.recorded_score } : {}) } } : {}),
            ...(recordedKq.length ? { keyQuestions: Object.fromEntries(recordedKq.map((k) => [k.key_question_id, { percent: k.percent, ...(k.base !== null ? { base: k.base } : {}) }])) } : {}),
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

/**
 * Writes a validated file into the store in one transaction: the whole inspection arrives or nothing
 * changes. Callers check the file (schema, framework, checksum) before calling.
 */
export function importInspection(store: Store, file: InspectionFile, frameworkRevision: string, o: ImportOptions): string {
  const db: Db = store.db;
  const now = new Date().toISOString();
  return db.transaction(() => {
    const fileProvider = file.provider ?? { name: 'Unnamed provider', type: 'CRC' as const };
    let providerId: string;
    if (o.provider.mode === 'existing') providerId = store.getProvider(o.provider.id).id;
    else {
      const { match } = matchProvider(store, fileProvider);
      if (match && o.provider.mode === 'auto') providerId = match.id;
      else {
        const taken = store.listProviders().some((x) => x.name.toLowerCase() === fileProvider.name.toLowerCase());
        providerId = store.createProvider({
          name: taken ? `${fileProvider.name} (imported)` : fileProvider.name,
          type: fileProvider.type,
          owner: fileProvider.owner ?? '',
          region: fileProvider.region ?? '',
        }).id;
      }
    }
    let id = file.id ?? randomUUID();
    const exists = db.prepare('SELECT 1 FROM inspection WHERE id = ?').get(id) !== undefined;
    if (exists && o.onDuplicate === 'replace') db.prepare('DELETE FROM inspection WHERE id = ?').run(id);
    else if (exists) id = randomUUID();
    const start = file.inspection?.fieldworkStart ?? file.inspection?.fieldworkEnd;
    if (!start) throw new StoreError('CONFLICT', 'The file has no fieldwork dates; Fieldwork needs at least the start date.', 'inspection.fieldworkStart');
    db.prepare(
      `INSERT INTO inspection (id, provider_id, framework_id, framework_revision, fieldwork_start, fieldwork_end, caseload_size, status, created_at, updated_at, kind, recorded_overall, recorded_score)
       VALUES (@id, @providerId, @framework, @revision, @start, @end, @caseload, @status, @now, @now, @kind, @overall, @score)`,
    ).run({
      id,
      providerId,
      framework: file.framework,
      revision: frameworkRevision,
      start,
      end: file.inspection?.fieldworkEnd ?? start,
      caseload: file.inspection?.caseloadSize ?? null,
      status: file.inspection?.status ?? 'draft',
      now,
      kind: file.ratingsOnly ? 'ratings-only' : 'scored',
      overall: file.ratingsOnly?.overall?.rating ?? null,
      score: file.ratingsOnly?.overall?.score ?? null,
    });
    const insertCase = db.prepare(
      `INSERT INTO case_file (id, inspection_id, ref, crn, name, sample, attributes, assigned_inspector, completed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertAnswer = db.prepare('INSERT INTO answer (case_id, question_id, value, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)');
    for (const c of file.cases) {
      const caseId = randomUUID();
      insertCase.run(caseId, id, c.ref, c.crn ?? '', c.name ?? '', c.sample ?? 'case-supervision', JSON.stringify(c.attributes ?? {}), c.assignedInspector ?? '', c.status === 'complete' ? now : null, now);
      const qids = new Set([...Object.keys(c.answers), ...Object.keys(c.notes ?? {})]);
      for (const q of qids) insertAnswer.run(caseId, q, c.answers[q] ?? null, c.notes?.[q] ?? '', now, 'import');
    }
    const insertJudgement = db.prepare('INSERT INTO judgement (inspection_id, standard_id, rating, rationale, updated_at) VALUES (?, ?, ?, ?, ?)');
    for (const [sid, j] of Object.entries(file.judgements)) insertJudgement.run(id, sid, j.rating, j.rationale, now);
    for (const [kq, text] of Object.entries(file.judgementNotes ?? {})) store.setJudgementNote(id, kq.split('.').slice(0, 2).join('.'), kq, text);
    for (const [sid, ov] of Object.entries(file.overrides ?? {})) store.setOverride(id, sid, ov);
    store.setRecommendations(id, (file.recommendations ?? []).map((r) => r.text));
    for (const [sid, t] of Object.entries(file.reportText ?? {})) store.setStandardText(id, sid, t);
    const insertProgress = db.prepare('INSERT INTO recommendation_progress (inspection_id, position, text, progress, note) VALUES (?, ?, ?, ?, ?)');
    (file.previousRecommendations ?? []).forEach((r, i) => insertProgress.run(id, i + 1, r.text, r.progress, r.note));
    // The file's own history replaces the entries written while importing it.
    db.prepare('DELETE FROM audit WHERE inspection_id = ?').run(id);
    store.importAudit(id, file.audit ?? []);
    if (file.ratingsOnly) {
      const rr = db.prepare('INSERT INTO recorded_rating (inspection_id, standard_id, rating) VALUES (?, ?, ?)');
      for (const [sid, rating] of Object.entries(file.ratingsOnly.standards)) rr.run(id, sid, rating);
      const rk = db.prepare('INSERT INTO recorded_key_question (inspection_id, key_question_id, percent, base) VALUES (?, ?, ?, ?)');
      for (const [kq, v] of Object.entries(file.ratingsOnly.keyQuestions ?? {})) rk.run(id, kq, v.percent, v.base ?? null);
    }
    return id;
  })();
}

export function inspectionExists(db: Db, id: string): Row | undefined {
  return db.prepare<[string], Row>('SELECT i.id, i.fieldwork_start, p.name AS provider FROM inspection i JOIN provider p ON p.id = i.provider_id WHERE i.id = ?').get(id);
}
