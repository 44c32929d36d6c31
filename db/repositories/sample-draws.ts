import { randomUUID } from 'node:crypto';
import { type DrawRecordView, type InspectionFile, sampleSettingsSchema } from '../../core';
import type { Db } from '../connection';
import { type NewCase, type Store, StoreError } from '../store';

export interface NewDraw {
  inspectionId: string;
  sample: string;
  settings: NonNullable<DrawRecordView['settings']>;
  inspectors: string[];
  caseloadRows: number;
  eligible: number;
  size: number;
  drawnBy: string;
  eliminations: DrawRecordView['eliminations'];
}

interface DrawRow {
  id: string;
  sample: string;
  seed: number;
  settings: string;
  caseload_rows: number;
  eligible: number;
  size: number;
  drawn_by: string;
  drawn_at: string;
}

/**
 * Sample draws: how each sample was drawn (seed and settings, to reproduce it) and the cases the
 * lead eliminated. Recording a draw and adding its cases is one transaction: all or nothing.
 */
export class SampleDraws {
  private readonly s;

  constructor(
    private readonly db: Db,
    private readonly store: Store,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO sample_draw (id, inspection_id, sample, seed, settings, caseload_rows, eligible, size, drawn_by, drawn_at)
         VALUES (@id, @inspectionId, @sample, @seed, @settings, @caseloadRows, @eligible, @size, @drawnBy, @drawnAt)`,
      ),
      insertElimination: db.prepare('INSERT INTO sample_elimination (draw_id, position, ref, crn, reason, replacement_ref) VALUES (?, ?, ?, ?, ?, ?)'),
      existing: db.prepare<[string, string], { id: string }>('SELECT id FROM sample_draw WHERE inspection_id = ? AND sample = ?'),
      casesInSample: db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM case_file WHERE inspection_id = ? AND sample = ?'),
      list: db.prepare<[string], DrawRow>('SELECT id, sample, seed, settings, caseload_rows, eligible, size, drawn_by, drawn_at FROM sample_draw WHERE inspection_id = ? ORDER BY drawn_at, sample'),
      eliminations: db.prepare<[string], { ref: string; crn: string; reason: string; replacement_ref: string | null }>(
        'SELECT ref, crn, reason, replacement_ref FROM sample_elimination WHERE draw_id = ? ORDER BY position',
      ),
      one: db.prepare<[string], DrawRow & { inspection_id: string }>(
        'SELECT id, inspection_id, sample, seed, settings, caseload_rows, eligible, size, drawn_by, drawn_at FROM sample_draw WHERE id = ?',
      ),
      lastPosition: db.prepare<[string], { n: number }>('SELECT coalesce(max(position), 0) AS n FROM sample_elimination WHERE draw_id = ?'),
      personal: db.prepare<[string], { crn: string }>('SELECT e.crn FROM sample_elimination e JOIN sample_draw d ON d.id = e.draw_id WHERE d.inspection_id = ?'),
    };
  }

  /** Records the draw and adds its cases as the inspection's sample, in one transaction. */
  record(draw: NewDraw, cases: NewCase[]): string {
    const id = randomUUID();
    this.db.transaction(() => {
      this.store.getInspection(draw.inspectionId);
      if (this.s.existing.get(draw.inspectionId, draw.sample)) throw new StoreError('CONFLICT', 'This sample has already been drawn for this inspection.', 'sample');
      const { n } = this.s.casesInSample.get(draw.inspectionId, draw.sample)!;
      if (n > 0) throw new StoreError('CONFLICT', `This inspection already has ${n} ${n === 1 ? 'case' : 'cases'} in that sample; a drawn sample is only added to an empty one.`, 'sample');
      this.store.importCases(cases);
      this.s.insert.run({
        id,
        inspectionId: draw.inspectionId,
        sample: draw.sample,
        seed: draw.settings.seed,
        settings: JSON.stringify({ ...draw.settings, inspectors: draw.inspectors }),
        caseloadRows: draw.caseloadRows,
        eligible: draw.eligible,
        size: draw.size,
        drawnBy: draw.drawnBy,
        drawnAt: this.now(),
      });
      draw.eliminations.forEach((e, i) => this.s.insertElimination.run(id, i + 1, e.ref, e.crn, e.reason, e.replacementRef));
    })();
    return id;
  }

  /**
   * An elimination after the sample was saved: the case leaves the inspection, its replacement (if the
   * stratum has one left) joins it, and the elimination is recorded with the draw, all in one transaction.
   */
  eliminate(drawId: string, caseId: string, elimination: DrawRecordView['eliminations'][number], replacement: NewCase | null): void {
    this.db.transaction(() => {
      if (!this.s.one.get(drawId)) throw new StoreError('NOT_FOUND', 'That sample draw no longer exists.');
      this.store.replaceCase(caseId, replacement);
      const { n } = this.s.lastPosition.get(drawId)!;
      this.s.insertElimination.run(drawId, n + 1, elimination.ref, elimination.crn, elimination.reason, elimination.replacementRef);
    })();
  }

  /**
   * A draw as an inspection file carries it, added to an inspection that has none for that sample (an
   * import); the draw keeps its id unless the store has that id already. Returns false if skipped.
   */
  restore(inspectionId: string, d: NonNullable<InspectionFile['sampleDraws']>[number]): boolean {
    if (this.s.existing.get(inspectionId, d.sample)) return false;
    const id = this.s.one.get(d.id) ? randomUUID() : d.id;
    const settings = d.settings && typeof d.settings === 'object' && !Array.isArray(d.settings) ? d.settings : {};
    this.db.transaction(() => {
      this.s.insert.run({ id, inspectionId, sample: d.sample, seed: d.seed, settings: JSON.stringify({ ...settings, inspectors: d.inspectors }), caseloadRows: d.caseloadRows, eligible: d.eligible, size: d.size, drawnBy: d.drawnBy, drawnAt: d.drawnAt });
      d.eliminations.forEach((e, i) => this.s.insertElimination.run(id, i + 1, e.ref, e.crn, e.reason, e.replacementRef));
    })();
    return true;
  }

  /** One recorded draw, with the inspection it belongs to; throws NOT_FOUND. */
  get(drawId: string): DrawRecordView & { inspectionId: string } {
    const r = this.s.one.get(drawId);
    if (!r) throw new StoreError('NOT_FOUND', 'That sample draw no longer exists.');
    return { ...this.view(r), inspectionId: r.inspection_id };
  }

  list(inspectionId: string): DrawRecordView[] {
    this.store.getInspection(inspectionId);
    return this.s.list.all(inspectionId).map((r) => this.view(r));
  }

  private view(r: DrawRow): DrawRecordView {
    const raw = JSON.parse(r.settings) as Record<string, unknown> & { inspectors?: unknown };
    const { inspectors, ...rest } = raw;
    // Parsed again on the way out, so a hand-edited row cannot pass junk upward.
    const settings = sampleSettingsSchema.safeParse(rest);
    return {
      id: r.id,
      sample: r.sample,
      seed: r.seed,
      settings: settings.success ? settings.data : null,
      inspectors: Array.isArray(inspectors) ? inspectors.filter((x): x is string => typeof x === 'string') : [],
      caseloadRows: r.caseload_rows,
      eligible: r.eligible,
      size: r.size,
      drawnBy: r.drawn_by,
      drawnAt: r.drawn_at,
      eliminations: this.s.eliminations.all(r.id).map((e) => ({ ref: e.ref, crn: e.crn, reason: e.reason, replacementRef: e.replacement_ref })),
    };
  }

  /** CRNs of eliminated cases: personal data no report may print. */
  eliminatedCrns(inspectionId: string): string[] {
    return this.s.personal.all(inspectionId).map((r) => r.crn);
  }
}
